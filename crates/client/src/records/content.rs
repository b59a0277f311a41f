//! What a new version is, before it is sealed: its media type (given, or recognised from its
//! bytes and file name), its file name, and, for FHIR, its resource type once it validated.
//! Nothing invalid is sealed: a record on chain cannot be fixed, only superseded.

use std::path::Path;

use ehr_envelope::{Content, ContentInfo};

use crate::error::{ClientError, Result};
use crate::fhir::{validate, FHIR_JSON};

/// How to describe the content: the user's media type, if any, and whether FHIR is validated.
pub struct Describe<'a> {
    pub media_type: Option<&'a str>,
    pub validate: bool,
}

/// The content to seal: `bytes` described by its media type, file name and FHIR resource type.
/// FHIR content (by media type, or JSON naming a `resourceType`) must be valid R4 unless
/// validation is off.
pub fn describe(bytes: Vec<u8>, file: Option<&Path>, how: &Describe) -> Result<Content> {
    let named = how
        .media_type
        .map(str::to_string)
        .unwrap_or_else(|| sniff(&bytes, file));
    // The essence decides (`application/fhir+json; fhirVersion=4.0` is FHIR), in any case, and
    // the older `application/json+fhir` too.
    let essence = named
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    let named_fhir = essence == FHIR_JSON || essence == "application/json+fhir";
    let json_like = named_fhir || essence == "application/json" || essence.ends_with("+json");
    let fhir = named_fhir || (json_like && validate::resource_type(&bytes).is_some());
    let media_type = if fhir { FHIR_JSON } else { named.as_str() };
    // JSON that does not parse would open as JSON no reader can read: like FHIR, it is checked
    // before it is sealed for good.
    if json_like && !fhir && how.validate {
        if let Err(e) = serde_json::from_slice::<serde_json::Value>(validate::without_bom(&bytes)) {
            return Err(ClientError::Content(format!(
                "the content is not valid JSON ({e}), but would be sealed as {named}; the record was not sealed; nothing was sent. Fix the file, give another --media-type (e.g. text/plain), or add it with --no-validate (it is then sealed as it is)"
            )));
        }
    }
    let fhir_type = match (fhir, how.validate) {
        (false, _) => None,
        (true, true) => Some(validate::check(&bytes).map_err(ClientError::Fhir)?),
        (true, false) => validate::resource_type(&bytes),
    };
    // The file name is a hint for readers: one that is no plain name is left out.
    let file_name = file
        .filter(|f| *f != Path::new("-"))
        .and_then(Path::file_name)
        .and_then(|n| n.to_str())
        .filter(|n| ContentInfo::new("a/b", Some(n), None).is_ok());
    let fhir_type = fhir_type.filter(|t| ContentInfo::new("a/b", None, Some(t)).is_ok());
    let info = ContentInfo::new(media_type, file_name, fhir_type.as_deref()).map_err(|e| {
        ClientError::lookup(
            format!("{media_type:?} is not a media type (e.g. application/pdf)"),
            e,
        )
    })?;
    Ok(Content::new(info, bytes))
}

/// The media type of `bytes`: FHIR or other JSON, a PDF, an image, DICOM, text; the file's
/// extension decides what the bytes do not show; anything else is octets.
pub fn sniff(bytes: &[u8], file: Option<&Path>) -> String {
    let by_magic: &[(&[u8], usize, &str)] = &[
        (b"%PDF-", 0, "application/pdf"),
        (b"\x89PNG\r\n\x1a\n", 0, "image/png"),
        (b"\xff\xd8\xff", 0, "image/jpeg"),
        (b"GIF8", 0, "image/gif"),
        (b"DICM", 128, "application/dicom"),
    ];
    for (magic, at, media) in by_magic {
        if bytes.get(*at..at + magic.len()) == Some(magic) {
            return media.to_string();
        }
    }
    let json = validate::without_bom(bytes);
    if json.trim_ascii_start().starts_with(b"{")
        && serde_json::from_slice::<serde_json::Value>(json).is_ok()
    {
        return if validate::resource_type(bytes).is_some() {
            FHIR_JSON.into()
        } else {
            "application/json".into()
        };
    }
    let extension = file
        .and_then(Path::extension)
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let by_extension = match extension.as_deref() {
        Some("json") => Some("application/json"),
        Some("xml") => Some("application/xml"),
        Some("csv") => Some("text/csv"),
        Some("md") => Some("text/markdown"),
        Some("html" | "htm") => Some("text/html"),
        Some("txt" | "text") => Some("text/plain"),
        _ => None,
    };
    match by_extension {
        Some(media) => media.into(),
        None if looks_like_text(bytes) => "text/plain".into(),
        None => "application/octet-stream".into(),
    }
}

/// UTF-8 without control characters other than tab, line feed, carriage return and form feed
/// (NUL bytes are valid UTF-8, and no text).
fn looks_like_text(bytes: &[u8]) -> bool {
    std::str::from_utf8(bytes).is_ok_and(|text| {
        !text
            .chars()
            .any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\x0c'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An error and its causes, as one line.
    fn chain_text(err: &dyn std::error::Error) -> String {
        let mut text = err.to_string();
        let mut cause = err.source();
        while let Some(c) = cause {
            text += &format!(": {c}");
            cause = c.source();
        }
        text
    }

    const OBSERVATION: &str = r#"{"resourceType":"Observation","status":"final","code":{"text":"Heart rate"},"valueQuantity":{"value":72,"unit":"/min"}}"#;

    fn auto() -> Describe<'static> {
        Describe {
            media_type: None,
            validate: true,
        }
    }

    #[test]
    fn sniffing_works() {
        let cases: &[(&[u8], Option<&str>, &str)] = &[
            (b"%PDF-1.7 ...", Some("ecg.bin"), "application/pdf"),
            (b"\x89PNG\r\n\x1a\n....", None, "image/png"),
            (OBSERVATION.as_bytes(), Some("obs.txt"), FHIR_JSON),
            (b"{\"a\": 1}", None, "application/json"),
            (b"a,b\n1,2\n", Some("labs.CSV"), "text/csv"),
            (b"sinus rhythm", None, "text/plain"),
            (b"\xff\x00\x01", None, "application/octet-stream"),
            (&[0u8; 16], None, "application/octet-stream"),
        ];
        for (bytes, file, expected) in cases {
            assert_eq!(sniff(bytes, file.map(Path::new)), *expected, "{file:?}");
        }
    }

    #[test]
    fn json_that_does_not_parse_is_refused_unless_told_works() {
        // a truncated FHIR resource in a .json file: sealed as application/json, it would open
        // as JSON that no reader can parse
        let truncated = br#"{"resourceType":"Observation","status":"fin"#.to_vec();
        let err = describe(truncated.clone(), Some(Path::new("hr.json")), &auto()).unwrap_err();
        let text = chain_text(&err);
        assert!(
            text.contains("not valid JSON") && text.contains("nothing was sent"),
            "{text}"
        );
        // and so is one declared JSON
        let declared = Describe {
            media_type: Some("application/json"),
            validate: true,
        };
        assert!(describe(b"{\"a\":".to_vec(), None, &declared).is_err());
        // unless validation is off (then it is sealed as the JSON it says it is)
        let unchecked = Describe {
            media_type: None,
            validate: false,
        };
        let content = describe(truncated, Some(Path::new("hr.json")), &unchecked).unwrap();
        assert_eq!(content.info().unwrap().media_type(), "application/json");
        // valid JSON goes in as before
        assert!(describe(b"{\"a\": 1}".to_vec(), Some(Path::new("a.json")), &auto()).is_ok());
    }

    #[test]
    fn fhir_is_validated_and_typed_works() {
        let content = describe(OBSERVATION.into(), Some(Path::new("hr.json")), &auto()).unwrap();
        let info = content.info().unwrap();
        assert_eq!(
            (info.media_type(), info.file_name(), info.fhir_type()),
            (FHIR_JSON, Some("hr.json"), Some("Observation"))
        );
    }

    #[test]
    fn invalid_fhir_is_refused_unless_told_works() {
        let bad = br#"{"resourceType":"Observation","code":{"text":"x"}}"#.to_vec();
        let err = describe(bad.clone(), None, &auto()).unwrap_err();
        let text = chain_text(&err);
        assert!(
            text.contains("Observation.status") && text.contains("nothing was sent"),
            "{text}"
        );
        let unchecked = Describe {
            media_type: None,
            validate: false,
        };
        let content = describe(bad, None, &unchecked).unwrap();
        assert_eq!(content.info().unwrap().fhir_type(), Some("Observation"));
    }

    #[test]
    fn fhir_is_recognised_by_essence_and_with_a_bom_works() {
        for media_type in [
            "application/fhir+json; fhirVersion=4.0",
            "Application/FHIR+JSON",
            "application/json+fhir",
        ] {
            let how = Describe {
                media_type: Some(media_type),
                validate: true,
            };
            let bad = br#"{"resourceType":"Observation","code":{"text":"x"}}"#.to_vec();
            assert!(
                describe(bad, None, &how).is_err(),
                "{media_type} was not validated"
            );
        }
        let mut with_bom = b"\xef\xbb\xbf".to_vec();
        with_bom.extend_from_slice(OBSERVATION.as_bytes());
        let content = describe(with_bom, Some(Path::new("hr.json")), &auto()).unwrap();
        assert_eq!(content.info().unwrap().fhir_type(), Some("Observation"));
    }

    #[test]
    fn media_type_given_is_kept_and_checked_works() {
        let given = Describe {
            media_type: Some("text/plain"),
            validate: true,
        };
        // a FHIR-looking text declared plain text stays plain text, unvalidated
        let content = describe(OBSERVATION.into(), None, &given).unwrap();
        assert_eq!(content.info().unwrap().media_type(), "text/plain");
        let nonsense = Describe {
            media_type: Some("pdf"),
            validate: true,
        };
        assert!(describe(b"x".to_vec(), None, &nonsense).is_err());
    }

    #[test]
    fn a_file_name_that_is_no_plain_name_is_left_out_works() {
        for file in ["dir/a\u{7}b.txt", "-"] {
            let content = describe(b"x".to_vec(), Some(Path::new(file)), &auto()).unwrap();
            assert_eq!(content.info().unwrap().file_name(), None, "{file:?}");
        }
    }
}
