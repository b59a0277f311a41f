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
    let account =
        AccountId32::from_str(s).map_err(|e| invalid(format!("not an SS58 address ({e})")))?;
    match ss58_prefix(s) {
        Some(SS58_PREFIX) => Ok(account),
        Some(prefix) => Err(invalid(format!(
            "this is an address for another network (SS58 prefix {prefix}); ehr writes and reads \
             the generic Substrate form (prefix {SS58_PREFIX}), in which this account is {account}"
        ))),
        None => Err(invalid("not an SS58 address".into())),
    }
}

/// The SS58 address prefix ehr reads and writes: the generic Substrate one, used by dev chains.
pub const SS58_PREFIX: u16 = 42;

/// The network prefix of an SS58 address (one byte below 64, else the two-byte form).
fn ss58_prefix(s: &str) -> Option<u16> {
    use base58::FromBase58;
    let bytes = s.from_base58().ok()?;
    match *bytes.first()? {
        b0 @ 0..=63 => Some(u16::from(b0)),
        b0 @ 64..=127 => {
            let b1 = *bytes.get(1)?;
            let lower = (u16::from(b0 & 0b0011_1111) << 2) | u16::from(b1 >> 6);
            let upper = u16::from(b1 & 0b0011_1111);
            Some(lower | (upper << 8))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALICE: &str = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";

    #[test]
    fn address_of_another_network_fails() {
        // given Alice's account in Polkadot's (0) and Kusama's (2) forms
        for other in [
            "15oF4uVJwmo4TdGW7VfQxNLavjCXviqxT9S1MgbjMNHr6Sp5",
            "HNZata7iMYWmk5RvZRTiAsSDhV8366zq2YGb3tLH5Upf74F",
        ] {
            // then it is refused, naming the form ehr uses
            let err = parse_account(other).unwrap_err().to_string();
            assert!(err.contains("another network"), "{err}");
            assert!(err.contains(ALICE), "{err}");
        }
        assert_eq!(parse_account(ALICE).unwrap().to_string(), ALICE);
    }

    #[test]
    fn broken_checksum_fails() {
        let broken = format!("{}R", &ALICE[..ALICE.len() - 1]);
        assert!(parse_account(&broken).is_err());
    }

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
