//! Format versions 2 and 3: magic bytes, sizes and the chunk layout. See
//! `docs/envelope-format.md`.

/// The record format this crate writes: version 3, whose plaintext starts with a content header
/// (media type, file name, FHIR resource type; see `content`). Its cryptography is version 2's.
pub const RECORD_VERSION: u8 = 3;
/// Record formats this crate reads: 3, and 2 (the same cryptography, a plaintext without a
/// content header). Version 1 had no key commitment and is refused.
pub const RECORD_VERSIONS_READ: &[u8] = &[2, 3];
/// The wrapped-key format this crate writes and reads (unchanged since version 2).
pub const WRAP_VERSION: u8 = 2;

/// Magic bytes that start a record body.
pub const RECORD_MAGIC: &[u8; 4] = b"EHRR";
/// Magic bytes that start a wrapped key.
pub const WRAP_MAGIC: &[u8; 4] = b"EHRK";

/// Random salt in a record header (HKDF salt of the payload key).
pub const SALT_LEN: usize = 32;
/// The key commitment in a record header.
pub const COMMITMENT_LEN: usize = 32;
/// Record header: magic, version, salt, key commitment.
pub const RECORD_HEADER_LEN: usize = RECORD_MAGIC.len() + 1 + SALT_LEN + COMMITMENT_LEN;

/// Plaintext bytes in every chunk but the last (64 KiB, as in age).
pub const CHUNK_LEN: usize = 64 * 1024;
/// AES-GCM tag length.
pub const TAG_LEN: usize = 16;
/// Ciphertext bytes of a full chunk.
pub const SEALED_CHUNK_LEN: usize = CHUNK_LEN + TAG_LEN;

/// Wrapped key header: magic, version, ephemeral x25519 public key.
pub const WRAP_HEADER_LEN: usize = WRAP_MAGIC.len() + 1 + 32;
/// A whole wrapped key: header, encrypted data key, tag (85 bytes).
pub const WRAP_LEN: usize = WRAP_HEADER_LEN + 32 + TAG_LEN;

/// Domain-separation label of the payload key derivation.
pub const PAYLOAD_KEY_LABEL: &[u8] = b"ehr/v2/payload";
/// Domain-separation label of the key commitment (same HKDF input as the payload key).
pub const COMMITMENT_LABEL: &[u8] = b"ehr/v2/commit";
/// Domain-separation label of the wrapping key derivation.
pub const WRAP_KEY_LABEL: &[u8] = b"ehr/v2/wrap";

/// Number of chunks for a plaintext of `len` bytes: at least one (an empty payload is one empty
/// final chunk), otherwise every chunk full but the last, which is non-empty.
pub fn chunk_count(len: usize) -> usize {
    len.div_ceil(CHUNK_LEN).max(1)
}

/// Length of the record body for a plaintext of `len` bytes.
pub fn sealed_len(len: usize) -> usize {
    RECORD_HEADER_LEN + len + TAG_LEN * chunk_count(len)
}

/// The chunk nonce: 11-byte big-endian counter, then 1 for the final chunk and 0 otherwise.
pub fn chunk_nonce(index: u64, last: bool) -> [u8; 12] {
    let mut nonce = [0u8; 12];
    nonce[3..11].copy_from_slice(&index.to_be_bytes());
    nonce[11] = u8::from(last);
    nonce
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunk_layout_works() {
        assert_eq!(chunk_count(0), 1);
        assert_eq!(chunk_count(1), 1);
        assert_eq!(chunk_count(CHUNK_LEN), 1);
        assert_eq!(chunk_count(CHUNK_LEN + 1), 2);
        assert_eq!(sealed_len(0), RECORD_HEADER_LEN + TAG_LEN);
        assert_eq!(
            sealed_len(CHUNK_LEN + 1),
            RECORD_HEADER_LEN + CHUNK_LEN + 1 + 2 * TAG_LEN
        );
        assert_eq!(WRAP_LEN, 85);
    }

    #[test]
    fn nonce_marks_the_last_chunk_works() {
        assert_eq!(chunk_nonce(1, false), [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0]);
        assert_eq!(chunk_nonce(258, true), [0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 1]);
    }
}
