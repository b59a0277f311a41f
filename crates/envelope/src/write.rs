//! Writers for the binary format: the only code that lays out headers.

use crate::format::*;

/// A record header: magic, version, salt, key commitment.
pub(crate) fn record_header(
    salt: &[u8; SALT_LEN],
    commitment: &[u8; COMMITMENT_LEN],
) -> [u8; RECORD_HEADER_LEN] {
    let mut header = [0u8; RECORD_HEADER_LEN];
    header[..4].copy_from_slice(RECORD_MAGIC);
    header[4] = RECORD_VERSION;
    header[5..5 + SALT_LEN].copy_from_slice(salt);
    header[5 + SALT_LEN..].copy_from_slice(commitment);
    header
}

/// A wrapped key's header: magic, version, ephemeral public key.
pub(crate) fn wrap_header(ephemeral: &[u8; 32]) -> [u8; WRAP_HEADER_LEN] {
    let mut header = [0u8; WRAP_HEADER_LEN];
    header[..4].copy_from_slice(WRAP_MAGIC);
    header[4] = WRAP_VERSION;
    header[5..].copy_from_slice(ephemeral);
    header
}

/// A whole wrapped key.
pub(crate) fn wrap(
    header: &[u8; WRAP_HEADER_LEN],
    encrypted_key: &[u8; 32],
    tag: &[u8; TAG_LEN],
) -> Vec<u8> {
    let mut out = Vec::with_capacity(WRAP_LEN);
    out.extend_from_slice(header);
    out.extend_from_slice(encrypted_key);
    out.extend_from_slice(tag);
    out
}
