use super::*;

fn fhir() -> ContentInfo {
    ContentInfo::new(
        "application/fhir+json",
        Some("observation.json"),
        Some("Observation"),
    )
    .unwrap()
}

fn reason(e: EnvelopeError) -> &'static str {
    match e {
        EnvelopeError::Malformed { reason, .. } => reason,
        other => panic!("not malformed: {other:?}"),
    }
}

#[test]
fn header_round_trips_works() {
    for info in [
        fhir(),
        ContentInfo::octets(),
        ContentInfo::new("application/pdf", Some("ecg 2026.pdf"), None).unwrap(),
    ] {
        let content = Content::new(info.clone(), b"{\"resourceType\":\"Observation\"}".to_vec());
        let back = Content::from_plaintext(content.plaintext()).unwrap();
        assert_eq!(back, content);
        assert_eq!(back.info(), Some(&info));
    }
}

#[test]
fn header_layout_works() {
    let info = ContentInfo::new("text/plain", Some("a"), None).unwrap();
    // length 17: tag 1, len 10, "text/plain"; tag 2, len 1, "a"
    let mut expected = vec![0, 17, 1, 0, 10];
    expected.extend_from_slice(b"text/plain");
    expected.extend_from_slice(&[2, 0, 1, b'a']);
    assert_eq!(info.header(), expected);
}

#[test]
fn truncated_header_is_refused_works() {
    let plaintext = Content::new(fhir(), vec![]).plaintext();
    // every cut inside the header (the content here is empty, so every cut)
    for cut in 0..plaintext.len() {
        let err = ContentInfo::parse(&plaintext[..cut]).unwrap_err();
        assert!(matches!(err, EnvelopeError::Malformed { .. }), "{cut}");
    }
}

#[test]
fn tampered_header_is_refused_works() {
    let mut header = fhir().header();
    // the media type's length now runs past the header
    header[4] = 0xff;
    assert_eq!(
        reason(ContentInfo::parse(&header).unwrap_err()),
        "a field runs past the header"
    );
    // fields swapped out of order
    let mut swapped = vec![0, 10, 2, 0, 1, b'a', 1, 0, 3];
    swapped.extend_from_slice(b"a/b");
    assert_eq!(
        reason(ContentInfo::parse(&swapped).unwrap_err()),
        "fields out of order or repeated"
    );
    // no media type
    assert_eq!(
        reason(ContentInfo::parse(&[0, 4, 2, 0, 1, b'a']).unwrap_err()),
        "no media type"
    );
    // a header claiming more than the maximum
    assert_eq!(
        reason(ContentInfo::parse(&[0x04, 0x01]).unwrap_err()),
        "longer than a header may be"
    );
    // a file name that is a path
    let mut path = vec![0, 19, 1, 0, 3];
    path.extend_from_slice(b"a/b");
    path.extend_from_slice(&[2, 0, 10]);
    path.extend_from_slice(b"../etc/pw\n");
    assert_eq!(
        reason(ContentInfo::parse(&path).unwrap_err()),
        "not a plain file name"
    );
}

#[test]
fn unknown_fields_are_skipped_only_when_optional_works() {
    let mut header = fhir().header();
    let len = u16::from_be_bytes([header[0], header[1]]);
    // an optional field (tag 0x80) after the known ones: skipped
    header.extend_from_slice(&[0x80, 0, 2, b'h', b'i']);
    header[..2].copy_from_slice(&(len + 5).to_be_bytes());
    let (info, start) = ContentInfo::parse(&header).unwrap();
    assert_eq!((info, start), (fhir(), header.len()));
    // a field a reader must know (tag 0x04): refused
    let mut must = fhir().header();
    must.extend_from_slice(&[0x04, 0, 1, b'x']);
    must[..2].copy_from_slice(&(len + 4).to_be_bytes());
    assert_eq!(
        reason(ContentInfo::parse(&must).unwrap_err()),
        "a field this ehr does not know and must"
    );
}

#[test]
fn values_are_checked_works() {
    for bad in [
        "",
        "pdf",
        "a/",
        "/b",
        "a b/c",
        " text/plain",
        "text/plain ",
        "text/plain;  a=b",
        "text/plain; a=b ",
        &"a/".repeat(200),
    ] {
        assert!(ContentInfo::new(bad, None, None).is_err(), "{bad:?}");
    }
    assert!(ContentInfo::new("text/plain; charset=utf-8", None, None).is_ok());
    for bad in ["", ".", "..", "a/b", "a\\b", "a\u{7}", "ecg\u{202e}fdp.exe"] {
        assert!(ContentInfo::new("a/b", Some(bad), None).is_err(), "{bad:?}");
    }
    for bad in ["observation", "Obs1", "Obs ervation"] {
        assert!(ContentInfo::new("a/b", None, Some(bad)).is_err(), "{bad:?}");
    }
}

#[test]
fn debug_never_shows_content_works() {
    let content = Content::new(fhir(), b"HbA1c 5.4%".to_vec());
    let shown = format!("{content:?}");
    assert!(
        !shown.contains("HbA1c") && shown.contains("len: 10"),
        "{shown}"
    );
}
