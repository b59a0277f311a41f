//! The signer's encryption keys, derived from the same secret that signs its transactions.

use anyhow::Result;

/// The x25519 public key the contract stores for the account with this secret URI.
pub fn encryption_public_key(suri: &str) -> Result<[u8; 32]> {
    // Replaced by the envelope crate's account-derived keys.
    let _ = suri;
    anyhow::bail!("encryption keys are not available yet")
}
