//! Each way a ciphertext can be damaged, moved or misaddressed, refused on its own.

use ehr_envelope::format::{CHUNK_LEN, RECORD_HEADER_LEN, SEALED_CHUNK_LEN, TAG_LEN, WRAP_LEN};
use ehr_envelope::{
    decrypt_record, encrypt_record, open, seal, unwrap_key, wrap_key, EnvelopeError, RecordContext,
    Sealed,
};

use crate::common::{content, ctx, payload, reader, rng};

/// A three-chunk version sealed for Alice.
fn sealed() -> Sealed {
    let plaintext = payload(2 * CHUNK_LEN + 100, 9);
    seal(
        &ctx(),
        &content(&plaintext),
        &[reader("Alice").public_key()],
        &mut rng(5),
    )
    .unwrap()
}

fn open_alice(ctx: &RecordContext, body: &[u8], wrap: &[u8]) -> Result<Vec<u8>, EnvelopeError> {
    open(ctx, body, wrap, &reader("Alice")).map(|c| c.bytes().to_vec())
}

fn assert_decrypt_failed(result: Result<Vec<u8>, EnvelopeError>, case: &str) {
    assert_eq!(result.unwrap_err(), EnvelopeError::DecryptFailed, "{case}");
}

fn flipped(bytes: &[u8], at: usize) -> Vec<u8> {
    let mut out = bytes.to_vec();
    out[at] ^= 0x01;
    out
}

#[test]
fn flipped_bit_in_body_fails() {
    // given a valid body, when any one bit of salt, ciphertext or tag flips, then it does not open
    let s = sealed();
    let wrap = &s.wraps[0].1;
    let last_tag = s.body.len() - 1;
    for (at, case) in [
        (5, "salt (header)"),
        (RECORD_HEADER_LEN, "first chunk ciphertext"),
        (RECORD_HEADER_LEN + CHUNK_LEN, "first chunk tag"),
        (RECORD_HEADER_LEN + SEALED_CHUNK_LEN + 7, "second chunk"),
        (last_tag, "last tag"),
    ] {
        assert_decrypt_failed(open_alice(&ctx(), &flipped(&s.body, at), wrap), case);
    }
}

#[test]
fn flipped_bit_in_wrap_fails() {
    // given a valid wrap, when a bit of its ephemeral key, encrypted key or tag flips
    let s = sealed();
    let wrap = &s.wraps[0].1;
    for (at, case) in [
        (5, "ephemeral key"),
        (40, "encrypted key"),
        (WRAP_LEN - 1, "tag"),
    ] {
        assert_decrypt_failed(open_alice(&ctx(), &s.body, &flipped(wrap, at)), case);
    }
}

#[test]
fn truncated_stream_fails() {
    // given the body cut at a chunk boundary (the last chunk dropped), then it does not open
    let s = sealed();
    let cut = &s.body[..RECORD_HEADER_LEN + 2 * SEALED_CHUNK_LEN];
    assert_decrypt_failed(
        open_alice(&ctx(), cut, &s.wraps[0].1),
        "missing final chunk",
    );
    // and cut mid-chunk, then it does not open either
    let cut = &s.body[..s.body.len() - 10];
    assert_decrypt_failed(open_alice(&ctx(), cut, &s.wraps[0].1), "cut mid-chunk");
}

#[test]
fn reordered_chunks_fail() {
    // given the first two (full) chunks swapped
    let s = sealed();
    let mut body = s.body.clone();
    let (a, b) = (RECORD_HEADER_LEN, RECORD_HEADER_LEN + SEALED_CHUNK_LEN);
    let first = body[a..b].to_vec();
    body.copy_within(b..b + SEALED_CHUNK_LEN, a);
    body[b..b + SEALED_CHUNK_LEN].copy_from_slice(&first);
    assert_decrypt_failed(open_alice(&ctx(), &body, &s.wraps[0].1), "reordered");
}

#[test]
fn chunk_from_another_version_fails() {
    // given two versions under the same data key's context, a chunk of one spliced into the other
    let a = sealed();
    let b = sealed_with(&ctx(), 6);
    let mut body = a.body.clone();
    let at = RECORD_HEADER_LEN + SEALED_CHUNK_LEN;
    body[at..at + SEALED_CHUNK_LEN].copy_from_slice(&b.body[at..at + SEALED_CHUNK_LEN]);
    assert_decrypt_failed(open_alice(&ctx(), &body, &a.wraps[0].1), "spliced chunk");
}

fn sealed_with(ctx: &RecordContext, seed: u64) -> Sealed {
    let plaintext = payload(2 * CHUNK_LEN + 100, 9);
    seal(
        ctx,
        &content(&plaintext),
        &[reader("Alice").public_key()],
        &mut rng(seed),
    )
    .unwrap()
}

#[test]
fn moved_ciphertext_fails() {
    // given a version sealed under one context
    let s = sealed();
    let base = ctx();
    // when opened under a context that differs in any one field, then it does not open
    let moved = [
        (
            "record id",
            RecordContext {
                record_id: 8,
                ..base
            },
        ),
        ("version", RecordContext { version: 3, ..base }),
        (
            "patient",
            RecordContext {
                patient: [0x34; 32],
                ..base
            },
        ),
        (
            "contract",
            RecordContext {
                contract: [0x23; 32],
                ..base
            },
        ),
        (
            "genesis",
            RecordContext {
                genesis_hash: [0x12; 32],
                ..base
            },
        ),
        (
            "record type",
            RecordContext {
                record_type: 2,
                ..base
            },
        ),
    ];
    for (case, other) in moved {
        assert_decrypt_failed(open_alice(&other, &s.body, &s.wraps[0].1), case);
        // even with the right data key, the body alone refuses the other context
        let key = unwrap_key(&base, &s.wraps[0].1, &reader("Alice")).unwrap();
        assert_eq!(
            decrypt_record(&other, &key, &s.body).unwrap_err(),
            EnvelopeError::DecryptFailed,
            "{case}"
        );
    }
}

#[test]
fn wrong_recipient_fails() {
    // given a version sealed for Alice, when Bob tries her wrap, then it does not open
    let s = sealed();
    assert_eq!(
        unwrap_key(&ctx(), &s.wraps[0].1, &reader("Bob")).unwrap_err(),
        EnvelopeError::DecryptFailed
    );
}

#[test]
fn wrong_data_key_fails() {
    let (_, body) = encrypt_record(&ctx(), &content(b"x"), &mut rng(1));
    let (other_key, _) = encrypt_record(&ctx(), &content(b"x"), &mut rng(2));
    assert_eq!(
        decrypt_record(&ctx(), &other_key, &body).unwrap_err(),
        EnvelopeError::DecryptFailed
    );
}

#[test]
fn low_order_public_key_fails() {
    // given low-order points (zero, one, and an order-8 point), then no key is wrapped to them
    let (key, _) = encrypt_record(&ctx(), &content(b"x"), &mut rng(1));
    let mut order_eight = [0u8; 32];
    hex_into(
        "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800",
        &mut order_eight,
    );
    let mut one = [0u8; 32];
    one[0] = 1;
    for point in [[0u8; 32], one, order_eight] {
        assert_eq!(
            wrap_key(&ctx(), &key, &point, &mut rng(2)).unwrap_err(),
            EnvelopeError::LowOrderKey
        );
    }
    // and a wrap whose ephemeral key is low order is refused with the generic error
    let mut wrap = sealed().wraps[0].1.clone();
    wrap[5..37].copy_from_slice(&[0u8; 32]);
    assert_eq!(
        unwrap_key(&ctx(), &wrap, &reader("Alice")).unwrap_err(),
        EnvelopeError::DecryptFailed
    );
}

fn hex_into(s: &str, out: &mut [u8; 32]) {
    for (i, byte) in out.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&s[2 * i..2 * i + 2], 16).unwrap();
    }
}

#[test]
fn unknown_format_version_fails() {
    let s = sealed();
    let mut body = s.body.clone();
    body[4] = 4;
    let newer = open_alice(&ctx(), &body, &s.wraps[0].1).unwrap_err();
    assert_eq!(
        newer,
        EnvelopeError::UnsupportedVersion {
            what: "record ciphertext",
            version: 4,
            newest: 3,
        }
    );
    assert!(newer.to_string().contains("upgrade ehr"), "{newer}");
    let mut wrap = s.wraps[0].1.clone();
    wrap[4] = 0;
    assert!(matches!(
        open_alice(&ctx(), &s.body, &wrap).unwrap_err(),
        EnvelopeError::UnsupportedVersion { version: 0, .. }
    ));
}

#[test]
fn trailing_bytes_fail() {
    // given a wrap with one extra byte, then it is malformed (not a decryption failure)
    let s = sealed();
    let mut wrap = s.wraps[0].1.clone();
    wrap.push(0);
    assert!(matches!(
        open_alice(&ctx(), &s.body, &wrap).unwrap_err(),
        EnvelopeError::Malformed { .. }
    ));
    // given a body with bytes appended, then it does not open
    let mut body = s.body.clone();
    body.extend_from_slice(&[0; 20]);
    assert!(open_alice(&ctx(), &body, &s.wraps[0].1).is_err());
}

#[test]
fn non_canonical_and_short_bodies_fail() {
    let s = sealed();
    // wrong magic
    let mut body = s.body.clone();
    body[0] = b'X';
    assert!(matches!(
        open_alice(&ctx(), &body, &s.wraps[0].1).unwrap_err(),
        EnvelopeError::Malformed { .. }
    ));
    // an empty final chunk after full chunks is not canonical
    let fills_a_chunk = CHUNK_LEN - content(b"").plaintext_len();
    let (_, full) = encrypt_record(&ctx(), &content(&payload(fills_a_chunk, 1)), &mut rng(1));
    let mut padded = full.clone();
    padded.extend_from_slice(&[0u8; TAG_LEN]);
    let key = encrypt_record(&ctx(), &content(b""), &mut rng(1)).0;
    assert!(matches!(
        decrypt_record(&ctx(), &key, &padded).unwrap_err(),
        EnvelopeError::Malformed { .. }
    ));
    // header only, and a final chunk shorter than a tag
    assert!(matches!(
        decrypt_record(&ctx(), &key, &full[..RECORD_HEADER_LEN]).unwrap_err(),
        EnvelopeError::Malformed { .. }
    ));
    assert!(matches!(
        decrypt_record(&ctx(), &key, &full[..RECORD_HEADER_LEN + 3]).unwrap_err(),
        EnvelopeError::Malformed { .. }
    ));
}

#[test]
fn errors_do_not_leak_which_part_failed_works() {
    // every authentication failure renders the same message
    let s = sealed();
    let a = open_alice(&ctx(), &flipped(&s.body, 40), &s.wraps[0].1).unwrap_err();
    let b = open_alice(&ctx(), &s.body, &flipped(&s.wraps[0].1, 40)).unwrap_err();
    assert_eq!(a.to_string(), b.to_string());
}

#[test]
fn format_one_is_refused_with_what_to_do_works() {
    // given a record sealed by the first format (no key commitment; known-answer vectors)
    let v1 = crate::vectors::stored_v1();
    let body = hex::decode(&v1["short_body"]).unwrap();
    let wrap = hex::decode(&v1["short_wrap"]).unwrap();
    // then it is refused before any decryption, saying it is retired and what to do
    let err = ehr_envelope::unwrap_key(&ctx(), &wrap, &reader("Alice")).unwrap_err();
    assert_eq!(
        err,
        EnvelopeError::UnsupportedVersion {
            what: "wrapped key",
            version: 1,
            newest: 2,
        }
    );
    let text = err.to_string();
    assert!(
        text.contains("no longer reads") && text.contains("add it again"),
        "{text}"
    );
    let key = ehr_envelope::DataKey::generate(&mut rand_core::OsRng);
    assert!(matches!(
        ehr_envelope::decrypt_record(&ctx(), &key, &body).unwrap_err(),
        EnvelopeError::UnsupportedVersion { version: 1, .. }
    ));
}
