//! Known-answer vectors: fixed keys and a seeded RNG give fixed bytes. A change that silently
//! alters the format fails here. Regenerate only for a new format version:
//! `EHR_WRITE_VECTORS=1 cargo test -p ehr-envelope --test envelope vectors`.
//! `v1.txt` keeps the retired first format, which must be refused.

use std::collections::BTreeMap;
use std::path::PathBuf;

use ehr_envelope::{body_hash, open, seal, EncryptionSecret};

use crate::common::{ctx, payload, rng};

const SHORT: &[u8] = b"Blood pressure 120/80, pulse 64";

fn vectors_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/envelope/vectors")
}

fn vectors_path() -> PathBuf {
    vectors_dir().join("v2.txt")
}

fn reader() -> EncryptionSecret {
    EncryptionSecret::from_x25519_bytes([0x42; 32])
}

/// Computes every vector from fixed inputs.
fn compute() -> BTreeMap<&'static str, String> {
    let reader = reader().public_key();
    let short = seal(&ctx(), SHORT, &[reader], &mut rng(42)).unwrap();
    let long = seal(&ctx(), &payload(150_000, 1), &[reader], &mut rng(43)).unwrap();
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
            "# ehr envelope format v2 known-answer vectors (see vectors.rs for the inputs)\n",
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
    assert_eq!(open(&ctx(), &body, &wrap, &reader()).unwrap(), SHORT);
}
