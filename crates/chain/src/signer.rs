//! Signing accounts.

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
        // given a signer from a known seed
        let seed = "0x0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
        let signer = Signer::from_uri(seed).unwrap();
        let account = signer.account_id().to_string();
        // then Debug shows the account and nothing else: no seed, no key bytes in any form
        let shown = format!("{signer:?}");
        assert_eq!(shown, format!("Signer {{ account: {account:?} }}"));
        assert!(!shown.contains(&seed[2..18]));
        let alice = format!("{:?}", Signer::from_uri("//Alice").unwrap());
        assert_eq!(alice, format!("Signer {{ account: {ALICE:?} }}"));
    }
}
