//! Signing accounts and account parsing.

use crate::error::{ChainError, Result};
use std::str::FromStr;
use subxt::utils::AccountId32;
use subxt_signer::{sr25519::Keypair, SecretUri};

/// An sr25519 account that signs transactions.
#[derive(Clone)]
pub struct Signer {
    keypair: Keypair,
}

impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never print key material.
        f.debug_struct("Signer")
            .field("account", &self.account_id().to_string())
            .finish()
    }
}

impl Signer {
    /// A signer from a secret URI: `//Alice`, a mnemonic with optional `//hard/soft` path, or a hex seed.
    pub fn from_uri(uri: &str) -> Result<Self> {
        let invalid = |detail: String| ChainError::InvalidInput {
            what: "secret URI",
            value: "<hidden>".into(),
            detail,
        };
        let uri = SecretUri::from_str(uri).map_err(|e| invalid(e.to_string()))?;
        let keypair = Keypair::from_uri(&uri).map_err(|e| invalid(e.to_string()))?;
        Ok(Self { keypair })
    }

    /// The signer's account id.
    pub fn account_id(&self) -> AccountId32 {
        self.keypair.public_key().to_account_id()
    }

    pub(crate) fn keypair(&self) -> &Keypair {
        &self.keypair
    }
}

/// Parses an SS58 address (any network prefix) or a 0x-prefixed 32-byte hex account id.
pub fn parse_account(s: &str) -> Result<AccountId32> {
    let invalid = |detail: String| ChainError::InvalidInput {
        what: "account",
        value: s.to_string(),
        detail,
    };
    if let Some(hex_str) = s.strip_prefix("0x") {
        let bytes = hex::decode(hex_str).map_err(|e| invalid(e.to_string()))?;
        let bytes: [u8; 32] = bytes
            .try_into()
            .map_err(|_| invalid("expected 32 bytes".into()))?;
        return Ok(AccountId32(bytes));
    }
    AccountId32::from_str(s).map_err(|e| invalid(format!("not an SS58 address ({e})")))
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALICE: &str = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";

    #[test]
    fn dev_uri_gives_well_known_account_works() {
        let signer = Signer::from_uri("//Alice").unwrap();
        assert_eq!(signer.account_id().to_string(), ALICE);
    }

    #[test]
    fn debug_hides_key_material_works() {
        let signer = Signer::from_uri("//Alice").unwrap();
        let shown = format!("{signer:?}");
        assert!(shown.contains(ALICE));
        assert!(!shown.to_lowercase().contains("secret"));
    }

    #[test]
    fn parse_account_accepts_ss58_and_hex_works() {
        let a = parse_account(ALICE).unwrap();
        let b = parse_account(&format!("0x{}", hex::encode(a.0))).unwrap();
        assert_eq!(a, b);
    }

    #[test]
    fn parse_account_rejects_garbage_fails() {
        assert!(parse_account("5Grwva").is_err());
        assert!(parse_account("0x1234").is_err());
    }
}
