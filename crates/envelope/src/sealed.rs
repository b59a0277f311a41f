//! One call for the whole envelope: encrypt a version and wrap its key for every reader.

use rand_core::CryptoRngCore;

use crate::content::Content;
use crate::context::RecordContext;
use crate::error::EnvelopeError;
use crate::keys::EncryptionSecret;
use crate::record::{body_hash, decrypt_record, encrypt_record};
use crate::wrap::{unwrap_key, wrap_key};

/// A sealed record version: what the writer uploads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sealed {
    /// The record body (header and sealed chunks).
    pub body: Vec<u8>,
    /// [`body_hash`] of `body`.
    pub hash: [u8; 32],
    /// One wrapped key per reader, in the order the readers were given: (reader's public key,
    /// wrapped key).
    pub wraps: Vec<([u8; 32], Vec<u8>)>,
}

/// Encrypts `content` under a fresh data key and wraps that key for each reader.
/// Fails (before anything is produced) when a reader's key is a low-order point.
pub fn seal(
    ctx: &RecordContext,
    content: &Content,
    readers: &[[u8; 32]],
    rng: &mut impl CryptoRngCore,
) -> Result<Sealed, EnvelopeError> {
    let (key, body) = encrypt_record(ctx, content, rng);
    let wraps = readers
        .iter()
        .map(|reader| Ok((*reader, wrap_key(ctx, &key, reader, rng)?)))
        .collect::<Result<Vec<_>, EnvelopeError>>()?;
    Ok(Sealed {
        hash: body_hash(&body),
        body,
        wraps,
    })
}

/// Opens a record body with the reader's wrapped key and secret.
pub fn open(
    ctx: &RecordContext,
    body: &[u8],
    wrapped: &[u8],
    secret: &EncryptionSecret,
) -> Result<Content, EnvelopeError> {
    let key = unwrap_key(ctx, wrapped, secret)?;
    decrypt_record(ctx, &key, body)
}
