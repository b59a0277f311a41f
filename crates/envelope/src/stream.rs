//! The payload cipher: AES-256-GCM under a key derived per version, chunk by chunk (STREAM).
//!
//! ```text
//! payload key = HKDF-SHA256(ikm = data key, salt = header salt, info = "ehr/v1/payload")
//! chunk i     = AES-256-GCM(payload key, nonce = i as 11-byte BE || last flag,
//!                           aad = record header || encoded context)
//! ```
//! The counter in the nonce detects reordering and chunk swapping; the last flag detects
//! truncation and appended chunks; the associated data binds every chunk to its record.

use aes_gcm::aead::AeadInPlace;
use aes_gcm::{Aes256Gcm, KeyInit, Nonce, Tag};
use hkdf::Hkdf;
use sha2::Sha256;
use zeroize::Zeroizing;

use crate::context::{RecordContext, CONTEXT_LEN};
use crate::data_key::DataKey;
use crate::error::EnvelopeError;
use crate::format::*;

pub(crate) struct PayloadCipher {
    aead: Aes256Gcm,
    aad: [u8; RECORD_HEADER_LEN + CONTEXT_LEN],
}

impl PayloadCipher {
    pub fn new(
        key: &DataKey,
        header: &[u8; RECORD_HEADER_LEN],
        salt: &[u8; SALT_LEN],
        ctx: &RecordContext,
    ) -> Self {
        let mut payload_key = Zeroizing::new([0u8; 32]);
        Hkdf::<Sha256>::new(Some(salt), key.expose())
            .expand(PAYLOAD_KEY_LABEL, payload_key.as_mut())
            .expect("32 bytes is a valid HKDF-SHA256 output length");
        let mut aad = [0u8; RECORD_HEADER_LEN + CONTEXT_LEN];
        aad[..RECORD_HEADER_LEN].copy_from_slice(header);
        aad[RECORD_HEADER_LEN..].copy_from_slice(&ctx.encode());
        Self {
            aead: Aes256Gcm::new(payload_key.as_ref().into()),
            aad,
        }
    }

    /// Encrypts one chunk in place and returns its tag.
    pub fn seal(&self, index: u64, last: bool, chunk: &mut [u8]) -> [u8; TAG_LEN] {
        let nonce = chunk_nonce(index, last);
        self.aead
            .encrypt_in_place_detached(Nonce::from_slice(&nonce), &self.aad, chunk)
            .expect("a chunk is far below AES-GCM's length limit")
            .into()
    }

    /// Decrypts one chunk in place.
    pub fn open(
        &self,
        index: u64,
        last: bool,
        chunk: &mut [u8],
        tag: &[u8; TAG_LEN],
    ) -> Result<(), EnvelopeError> {
        let nonce = chunk_nonce(index, last);
        self.aead
            .decrypt_in_place_detached(
                Nonce::from_slice(&nonce),
                &self.aad,
                chunk,
                Tag::from_slice(tag),
            )
            .map_err(|_| EnvelopeError::DecryptFailed)
    }
}
