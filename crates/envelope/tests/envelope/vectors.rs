//! Known-answer vectors: fixed keys and a seeded RNG give fixed bytes. A change that silently
//! alters the format fails here. Regenerate only for a new format version:
//! `EHR_WRITE_VECTORS=1 cargo test -p ehr-envelope --test envelope vectors`.
//! `v1.txt` keeps the retired first format, which must be refused; `v2.txt` the second, which
//! must still open (as content without a description).

use std::collections::BTreeMap;
use std::path::PathBuf;

use ehr_envelope::{body_hash, open, seal, Content, ContentInfo, EncryptionSecret};

use crate::common::{content, ctx, payload, rng};

const SHORT: &[u8] = b"Blood pressure 120/80, pulse 64";

fn vectors_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/envelope/vectors")
}

fn vectors_path() -> PathBuf {
    vectors_dir().join("v3.txt")
}

fn reader() -> EncryptionSecret {
    EncryptionSecret::from_x25519_bytes([0x42; 32])
}

/// Computes every vector from fixed inputs.
fn compute() -> BTreeMap<&'static str, String> {
    let reader = reader().public_key();
    let described = ContentInfo::new("text/plain", Some("bp.txt"), None).unwrap();
    let short = seal(
        &ctx(),
        &Content::new(described, SHORT.to_vec()),
        &[reader],
        &mut rng(42),
    )
    .unwrap();
    let long = seal(
        &ctx(),
        &content(&payload(150_000, 1)),
        &[reader],
        &mut rng(43),
    )
    .unwrap();
    BTreeMap::from([
        ("reader_public", hex::encode(reader)),
        ("context", hex::encode(ctx().encode())),
        ("short_body", hex::encode(&short.body)),
        ("short_wrap", hex::encode(&short.wraps[0].1)),
        ("long_body_sha256", hex::encode(body_hash(&long.body))),
        ("long_wrap", hex::encode(&long.wraps[0].1)),
    ])
}

fn stored() -> BTreeMap<String, String> {
    read(&vectors_path())
}

/// The second format's vectors (a body without a content header).
fn stored_v2() -> BTreeMap<String, String> {
    read(&vectors_dir().join("v2.txt"))
}

/// The first format's vectors (what a retired body and wrap look like).
pub fn stored_v1() -> BTreeMap<String, String> {
    read(&vectors_dir().join("v1.txt"))
}

fn read(path: &std::path::Path) -> BTreeMap<String, String> {
    std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{} is checked in: {e}", path.display()))
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let (k, v) = l.split_once(" = ").expect("key = value");
            (k.to_string(), v.to_string())
        })
        .collect()
}

#[test]
fn format_matches_known_answers_works() {
    let computed = compute();
    if std::env::var_os("EHR_WRITE_VECTORS").is_some() {
        let mut text = String::from(
            "# ehr envelope format v3 known-answer vectors (see vectors.rs for the inputs)\n",
        );
        for (k, v) in &computed {
            text += &format!("{k} = {v}\n");
        }
        std::fs::create_dir_all(vectors_path().parent().unwrap()).unwrap();
        std::fs::write(vectors_path(), text).unwrap();
    }
    let stored = stored();
    assert_eq!(stored.len(), computed.len());
    for (k, v) in computed {
        assert_eq!(stored.get(k), Some(&v), "vector {k} changed");
    }
}

#[test]
fn stored_vector_decrypts_works() {
    // given the checked-in ciphertext, then today's code still opens it
    let stored = stored();
    let body = hex::decode(&stored["short_body"]).unwrap();
    let wrap = hex::decode(&stored["short_wrap"]).unwrap();
    let opened = open(&ctx(), &body, &wrap, &reader()).unwrap();
    assert_eq!(opened.bytes(), SHORT);
    assert_eq!(
        opened.info().map(ContentInfo::file_name),
        Some(Some("bp.txt"))
    );
}

#[test]
fn format_two_still_opens_without_a_description_works() {
    // given a body and wrap written by format 2 (no content header in the plaintext)
    let v2 = stored_v2();
    let body = hex::decode(&v2["short_body"]).unwrap();
    let wrap = hex::decode(&v2["short_wrap"]).unwrap();
    // then it opens to the same bytes, described as nothing in particular
    let opened = open(&ctx(), &body, &wrap, &reader()).unwrap();
    assert_eq!((opened.bytes(), opened.info()), (SHORT, None));
}
