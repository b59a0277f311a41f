//! The payload cipher: AES-256-GCM under a key derived per version, chunk by chunk (STREAM),
//! with a commitment to the data key in the header.
//!
//! ```text
//! payload key = HKDF-SHA256(ikm = data key, salt = header salt, info = "ehr/v2/payload")
//! commitment  = HKDF-SHA256(ikm = data key, salt = header salt, info = "ehr/v2/commit")
//! chunk i     = AES-256-GCM(payload key, nonce = i as 11-byte BE || last flag,
//!                           aad = record header || encoded context)
//! ```
//! The counter in the nonce detects reordering and chunk swapping; the last flag detects
//! truncation and appended chunks; the associated data binds every chunk to its record. AES-GCM
//! alone does not commit to its key (a writer can make one ciphertext that authenticates under
//! two keys): the commitment, checked before any chunk is opened, makes a body open under one
//! data key only, so two readers can never be shown different plaintexts for one hash.

use aes_gcm::aead::AeadInPlace;
use aes_gcm::{Aes256Gcm, KeyInit, Nonce, Tag};
use hkdf::Hkdf;
use sha2::Sha256;
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

use crate::context::{RecordContext, CONTEXT_LEN};
use crate::data_key::DataKey;
use crate::error::EnvelopeError;
use crate::format::*;

pub(crate) struct PayloadCipher {
    aead: Aes256Gcm,
    aad: [u8; RECORD_HEADER_LEN + CONTEXT_LEN],
}

/// The payload key and the key commitment of a data key under a header salt.
fn derive(key: &DataKey, salt: &[u8; SALT_LEN]) -> (Zeroizing<[u8; 32]>, [u8; COMMITMENT_LEN]) {
    let hkdf = Hkdf::<Sha256>::new(Some(salt), key.expose());
    let mut payload_key = Zeroizing::new([0u8; 32]);
    let mut commitment = [0u8; COMMITMENT_LEN];
    hkdf.expand(PAYLOAD_KEY_LABEL, payload_key.as_mut())
        .and_then(|()| hkdf.expand(COMMITMENT_LABEL, &mut commitment))
        .expect("32 bytes is a valid HKDF-SHA256 output length");
    (payload_key, commitment)
}

/// The commitment a header carries for `key` and `salt`.
pub(crate) fn commitment(key: &DataKey, salt: &[u8; SALT_LEN]) -> [u8; COMMITMENT_LEN] {
    derive(key, salt).1
}

impl PayloadCipher {
    /// The cipher for a header; fails (as every authentication failure does) when the header
    /// commits to another data key.
    pub fn new(
        key: &DataKey,
        header: &[u8; RECORD_HEADER_LEN],
        salt: &[u8; SALT_LEN],
        committed: &[u8; COMMITMENT_LEN],
        ctx: &RecordContext,
    ) -> Result<Self, EnvelopeError> {
        let (payload_key, commitment) = derive(key, salt);
        if !bool::from(commitment.ct_eq(committed)) {
            return Err(EnvelopeError::DecryptFailed);
        }
        let mut aad = [0u8; RECORD_HEADER_LEN + CONTEXT_LEN];
        aad[..RECORD_HEADER_LEN].copy_from_slice(header);
        aad[RECORD_HEADER_LEN..].copy_from_slice(&ctx.encode());
        Ok(Self {
            aead: Aes256Gcm::new(payload_key.as_ref().into()),
            aad,
        })
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
