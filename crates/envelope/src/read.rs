//! Strict readers for the binary format. Wrong lengths, unknown versions, trailing bytes and
//! non-canonical chunk layouts are rejected here, before any decryption is tried.

use crate::error::{malformed, EnvelopeError};
use crate::format::*;

/// A record body that passed every structural check.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RecordView<'a> {
    /// The record format version (see `RECORD_VERSIONS_READ`).
    pub version: u8,
    /// The header bytes (part of every chunk's associated data).
    pub header: &'a [u8; RECORD_HEADER_LEN],
    pub salt: &'a [u8; SALT_LEN],
    /// The writer's commitment to the data key.
    pub commitment: &'a [u8; COMMITMENT_LEN],
    /// The sealed chunks, back to back.
    pub sealed: &'a [u8],
    /// Plaintext length the chunks decrypt to.
    pub plaintext_len: usize,
}

impl RecordView<'_> {
    /// The sealed chunks in order: (index, is last, ciphertext without tag, tag).
    pub fn chunks(&self) -> impl Iterator<Item = (u64, bool, &[u8], &[u8; TAG_LEN])> {
        let count = self.sealed.len().div_ceil(SEALED_CHUNK_LEN);
        self.sealed
            .chunks(SEALED_CHUNK_LEN)
            .enumerate()
            .map(move |(i, chunk)| {
                let (ct, tag) = chunk.split_at(chunk.len() - TAG_LEN);
                let tag: &[u8; TAG_LEN] = tag.try_into().expect("split at TAG_LEN from the end");
                (i as u64, i + 1 == count, ct, tag)
            })
    }
}

/// Checks magic and version of a header-bearing blob; returns the version.
fn check_magic(
    bytes: &[u8],
    magic: &[u8; 4],
    what: &'static str,
    header_len: usize,
    versions: &[u8],
) -> Result<u8, EnvelopeError> {
    if bytes.len() < header_len {
        return Err(malformed(what, "too short for its header"));
    }
    if &bytes[..4] != magic {
        return Err(malformed(what, "wrong magic bytes"));
    }
    if !versions.contains(&bytes[4]) {
        return Err(EnvelopeError::UnsupportedVersion {
            what,
            version: bytes[4],
            newest: versions.iter().copied().max().unwrap_or_default(),
        });
    }
    Ok(bytes[4])
}

/// Parses a record body.
pub(crate) fn record(body: &[u8]) -> Result<RecordView<'_>, EnvelopeError> {
    const WHAT: &str = "record ciphertext";
    let version = check_magic(
        body,
        RECORD_MAGIC,
        WHAT,
        RECORD_HEADER_LEN,
        RECORD_VERSIONS_READ,
    )?;
    let (header, sealed) = body.split_at(RECORD_HEADER_LEN);
    if sealed.len() < TAG_LEN {
        return Err(malformed(WHAT, "no final chunk"));
    }
    let count = sealed.len().div_ceil(SEALED_CHUNK_LEN);
    let last = sealed.len() - (count - 1) * SEALED_CHUNK_LEN;
    if last < TAG_LEN {
        return Err(malformed(WHAT, "the final chunk is cut short"));
    }
    if count > 1 && last == TAG_LEN {
        return Err(malformed(
            WHAT,
            "an empty final chunk after full chunks (not canonical)",
        ));
    }
    let header: &[u8; RECORD_HEADER_LEN] = header.try_into().expect("split at header length");
    let salt: &[u8; SALT_LEN] = header[5..5 + SALT_LEN]
        .try_into()
        .expect("the salt follows the version");
    let commitment: &[u8; COMMITMENT_LEN] = header[5 + SALT_LEN..]
        .try_into()
        .expect("the header ends with the commitment");
    Ok(RecordView {
        version,
        header,
        salt,
        commitment,
        sealed,
        plaintext_len: sealed.len() - count * TAG_LEN,
    })
}

/// A wrapped key that passed every structural check.
#[derive(Debug, Clone, Copy)]
pub(crate) struct WrapView<'a> {
    pub header: &'a [u8; WRAP_HEADER_LEN],
    pub ephemeral: [u8; 32],
    pub encrypted_key: &'a [u8; 32],
    pub tag: &'a [u8; TAG_LEN],
}

/// Parses a wrapped key: exactly [`WRAP_LEN`] bytes.
pub(crate) fn wrap(bytes: &[u8]) -> Result<WrapView<'_>, EnvelopeError> {
    const WHAT: &str = "wrapped key";
    check_magic(bytes, WRAP_MAGIC, WHAT, WRAP_HEADER_LEN, &[WRAP_VERSION])?;
    if bytes.len() < WRAP_LEN {
        return Err(malformed(WHAT, "too short"));
    }
    if bytes.len() > WRAP_LEN {
        return Err(malformed(WHAT, "trailing bytes"));
    }
    let (header, rest) = bytes.split_at(WRAP_HEADER_LEN);
    let (encrypted_key, tag) = rest.split_at(32);
    Ok(WrapView {
        header: header.try_into().expect("split at header length"),
        ephemeral: header[5..].try_into().expect("header ends with the key"),
        encrypted_key: encrypted_key.try_into().expect("split at 32"),
        tag: tag.try_into().expect("the rest is the tag"),
    })
}
