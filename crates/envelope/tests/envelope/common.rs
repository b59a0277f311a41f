use ehr_envelope::{Content, ContentInfo, EncryptionSecret, RecordContext};
use rand_chacha::rand_core::SeedableRng;
use rand_chacha::ChaCha20Rng;

pub fn ctx() -> RecordContext {
    RecordContext {
        genesis_hash: [0x11; 32],
        contract: [0x22; 32],
        patient: [0x33; 32],
        record_id: 7,
        version: 2,
        record_type: 1,
    }
}

/// A deterministic RNG: the same seed gives the same ciphertext.
pub fn rng(seed: u64) -> ChaCha20Rng {
    ChaCha20Rng::seed_from_u64(seed)
}

/// A reader's secret from a dev-style URI.
pub fn reader(name: &str) -> EncryptionSecret {
    EncryptionSecret::from_secret_uri(&format!("//{name}")).unwrap()
}

/// `len` bytes of deterministic filler.
pub fn payload(len: usize, seed: u8) -> Vec<u8> {
    (0..len)
        .map(|i| (i as u8).wrapping_mul(31).wrapping_add(seed))
        .collect()
}

/// `bytes` as record content of no particular kind.
pub fn content(bytes: &[u8]) -> Content {
    Content::new(ContentInfo::octets(), bytes.to_vec())
}
