//! Encrypting and decrypting a record version's payload.

use rand_core::CryptoRngCore;
use sha2::{Digest, Sha256};

use zeroize::Zeroize;

use crate::content::Content;
use crate::context::RecordContext;
use crate::data_key::DataKey;
use crate::error::EnvelopeError;
use crate::format::*;
use crate::stream::{commitment, PayloadCipher};
use crate::{read, write};

/// Encrypts a record version's content (its description header, then its bytes) under a fresh
/// data key.
///
/// Returns the data key (to wrap for each reader) and the record body (header and sealed
/// chunks) that goes on chain. There is deliberately no way to encrypt under a caller's key:
/// every version gets a key of its own.
pub fn encrypt_record(
    ctx: &RecordContext,
    content: &Content,
    rng: &mut impl CryptoRngCore,
) -> (DataKey, Vec<u8>) {
    // The plaintext is the content header, then the content: laid straight into the body, each
    // chunk encrypted in place, with no copy of the content in between.
    let described = content.header();
    let plaintext = Joined(&described, content.bytes());
    let key = DataKey::generate(rng);
    let mut salt = [0u8; SALT_LEN];
    rng.fill_bytes(&mut salt);
    let commitment = commitment(&key, &salt);
    let header = write::record_header(&salt, &commitment);
    let cipher = PayloadCipher::new(&key, &header, &salt, &commitment, ctx)
        .expect("a header commits to the key it was made with");

    let len = plaintext.len();
    let mut body = vec![0u8; sealed_len(len)];
    body[..RECORD_HEADER_LEN].copy_from_slice(&header);
    let count = chunk_count(len);
    let mut at = RECORD_HEADER_LEN;
    for index in 0..count {
        let from = index * CHUNK_LEN;
        let chunk_len = len.saturating_sub(from).min(CHUNK_LEN);
        let (sealed, rest) = body[at..].split_at_mut(chunk_len);
        plaintext.copy_to(from, sealed);
        let tag = cipher.seal(index as u64, index + 1 == count, sealed);
        rest[..TAG_LEN].copy_from_slice(&tag);
        at += chunk_len + TAG_LEN;
    }
    debug_assert_eq!(at, body.len());
    (key, body)
}

/// Two byte strings read as one.
struct Joined<'a>(&'a [u8], &'a [u8]);

impl Joined<'_> {
    fn len(&self) -> usize {
        self.0.len() + self.1.len()
    }

    /// Copies `out.len()` bytes starting at `from` into `out`.
    fn copy_to(&self, from: usize, out: &mut [u8]) {
        let first = self.0.get(from..).unwrap_or(&[]);
        let n = first.len().min(out.len());
        out[..n].copy_from_slice(&first[..n]);
        let second_from = from.saturating_sub(self.0.len());
        let rest = out.len() - n;
        out[n..].copy_from_slice(&self.1[second_from..second_from + rest]);
    }
}

/// Decrypts a record body with its data key, checking every chunk against `ctx`, and splits
/// the plaintext into description and content (a format-2 body has no description).
///
/// Fails with [`EnvelopeError::Malformed`] or [`EnvelopeError::UnsupportedVersion`] before any
/// decryption when the bytes are not a canonical body of a format version this crate reads,
/// with the one [`EnvelopeError::DecryptFailed`] for every authentication failure, a header
/// committing to another data key included, and with [`EnvelopeError::Malformed`] after
/// decryption when an authentic format-3 plaintext has no valid content header (a writer that
/// did not follow the format). No partial plaintext is ever returned.
pub fn decrypt_record(
    ctx: &RecordContext,
    key: &DataKey,
    body: &[u8],
) -> Result<Content, EnvelopeError> {
    let view = read::record(body)?;
    let cipher = PayloadCipher::new(key, view.header, view.salt, view.commitment, ctx)?;
    let mut plaintext = vec![0u8; view.plaintext_len];
    let mut at = 0;
    for (index, last, sealed, tag) in view.chunks() {
        let out = &mut plaintext[at..at + sealed.len()];
        out.copy_from_slice(sealed);
        if let Err(e) = cipher.open(index, last, out, tag) {
            // Nothing of a body that failed authentication is kept.
            plaintext.zeroize();
            return Err(e);
        }
        at += sealed.len();
    }
    if view.version == 2 {
        return Ok(Content::undescribed(plaintext));
    }
    Content::from_plaintext(plaintext)
}

/// SHA-256 of a record body: what the contract stores as the version's hash, so a reader can
/// check a download before decrypting it.
pub fn body_hash(body: &[u8]) -> [u8; 32] {
    Sha256::digest(body).into()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::forge::two_key_body;

    fn ctx() -> RecordContext {
        RecordContext {
            genesis_hash: [1; 32],
            contract: [2; 32],
            patient: [3; 32],
            record_id: 4,
            version: 1,
            record_type: 2,
        }
    }

    /// The header as format 2 writes it: the same cryptography, a plaintext without a content
    /// header, so the forged chunk's plaintext is returned as it is.
    fn format_two(mut header: [u8; RECORD_HEADER_LEN]) -> [u8; RECORD_HEADER_LEN] {
        header[4] = 2;
        header
    }

    #[test]
    fn one_body_never_opens_under_two_keys_works() {
        // given a writer's two data keys (one wrapped to each of two readers) and a body forged
        // so that its chunk authenticates under both (AES-GCM alone is not key-committing)
        let (a, b) = (
            DataKey::from_bytes([1; 32].into()),
            DataKey::from_bytes([2; 32].into()),
        );
        let salt = [9; SALT_LEN];
        let header = format_two(write::record_header(&salt, &commitment(&a, &salt)));
        let body = two_key_body(&ctx(), &header, &salt, &a, &b);
        // when each reader opens it, then at most one of them gets a plaintext
        let (with_a, with_b) = (
            decrypt_record(&ctx(), &a, &body),
            decrypt_record(&ctx(), &b, &body),
        );
        assert!(
            with_a.is_err() || with_b.is_err(),
            "one ciphertext opened to two plaintexts: {with_a:?} and {with_b:?}"
        );
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
        #[test]
        fn forged_body_opens_under_one_key_at_most_works(
            a in proptest::array::uniform32(0u8..),
            b in proptest::array::uniform32(0u8..),
            salt in proptest::array::uniform32(0u8..),
        ) {
            proptest::prop_assume!(a != b);
            let (a, b) = (DataKey::from_bytes(a.into()), DataKey::from_bytes(b.into()));
            let header = format_two(write::record_header(&salt, &commitment(&a, &salt)));
            let body = two_key_body(&ctx(), &header, &salt, &a, &b);
            // the writer's own key opens it (the forgery is valid GCM under a) ...
            proptest::prop_assert!(decrypt_record(&ctx(), &a, &body).is_ok());
            // ... and the commitment refuses the second key
            proptest::prop_assert_eq!(
                decrypt_record(&ctx(), &b, &body).unwrap_err(),
                EnvelopeError::DecryptFailed
            );
        }
    }
}
