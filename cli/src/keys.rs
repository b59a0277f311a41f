//! The signer's encryption keys, derived from the same secret that signs its transactions.

use anyhow::Result;
use ehr_envelope::EncryptionSecret;

/// The x25519 public key the contract stores for the account with this secret URI.
pub fn encryption_public_key(suri: &str) -> Result<[u8; 32]> {
    Ok(EncryptionSecret::from_secret_uri(suri)?.public_key())
}
