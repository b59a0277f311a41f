//! SS58 addresses in a chain's own format.
//!
//! An SS58 address is base58(prefix ‖ account ‖ checksum), the checksum being the first two
//! bytes of blake2b-512("SS58PRE" ‖ prefix ‖ account). Each chain names its prefix in
//! `System::SS58Prefix`; 42 is the generic Substrate form that dev chains, dev tools and many
//! wallets show. One account has one form per prefix, so a wrong prefix is not a wrong account:
//! it is an address copied from another network, and using it here could send data or funds
//! to the wrong party on a chain where that matters. It is refused with the right form.

use crate::error::{ChainError, Result};
use base58::{FromBase58, ToBase58};
use blake2::{Blake2b512, Digest};
use subxt::utils::AccountId32;

/// The generic Substrate prefix, accepted on every chain.
pub const GENERIC_PREFIX: u16 = 42;

/// How a chain writes and reads addresses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AddressFormat {
    /// The chain's own prefix (`System::SS58Prefix`).
    pub prefix: u16,
    /// Write addresses in the generic form instead of the chain's own.
    pub show_generic: bool,
}

impl AddressFormat {
    /// The format of a chain whose prefix is `prefix`, printing in that prefix.
    pub fn new(prefix: u16) -> Self {
        Self {
            prefix,
            show_generic: false,
        }
    }

    /// An account from an address in the chain's own prefix or the generic one, or from
    /// 0x-prefixed hex (32 bytes). An address with any other prefix is refused, naming the
    /// account in the chain's own form.
    pub fn parse(&self, s: &str) -> Result<AccountId32> {
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
        let (prefix, account) = decode(s).map_err(|e| invalid(e.into()))?;
        if prefix == self.prefix || prefix == GENERIC_PREFIX {
            return Ok(account);
        }
        Err(invalid(format!(
            "this is an address for another network (SS58 prefix {prefix}); this chain uses \
             prefix {} (or the generic {GENERIC_PREFIX}), in which this account is {}",
            self.prefix,
            encode(self.prefix, &account)
        )))
    }

    /// The account's address as this chain writes it (or the generic form when asked).
    pub fn show(&self, account: &AccountId32) -> String {
        let prefix = if self.show_generic {
            GENERIC_PREFIX
        } else {
            self.prefix
        };
        encode(prefix, account)
    }
}

impl Default for AddressFormat {
    /// The generic format, for a chain not yet asked.
    fn default() -> Self {
        Self::new(GENERIC_PREFIX)
    }
}

fn checksum(payload: &[u8]) -> [u8; 2] {
    let mut hasher = Blake2b512::new();
    hasher.update(b"SS58PRE");
    hasher.update(payload);
    let hash = hasher.finalize();
    [hash[0], hash[1]]
}

/// The address of `account` under `prefix` (prefixes above 63 take two bytes; SS58 allows up to
/// 16,383).
pub fn encode(prefix: u16, account: &AccountId32) -> String {
    let prefix = prefix & 0b0011_1111_1111_1111;
    let mut payload = match prefix {
        0..=63 => vec![prefix as u8],
        _ => vec![
            ((prefix & 0b1111_1100) >> 2) as u8 | 0b0100_0000,
            ((prefix >> 8) as u8) | ((prefix & 0b11) << 6) as u8,
        ],
    };
    payload.extend_from_slice(&account.0);
    let sum = checksum(&payload);
    payload.extend_from_slice(&sum);
    payload.to_base58()
}

/// The prefix and account of an address, its checksum checked.
pub fn decode(s: &str) -> core::result::Result<(u16, AccountId32), &'static str> {
    let bytes = s.from_base58().map_err(|_| "not an SS58 address")?;
    let (prefix, prefix_len) = match *bytes.first().ok_or("empty address")? {
        b0 @ 0..=63 => (u16::from(b0), 1),
        b0 @ 64..=127 => {
            let b1 = *bytes.get(1).ok_or("address too short")?;
            let lower = (u16::from(b0 & 0b0011_1111) << 2) | u16::from(b1 >> 6);
            let upper = u16::from(b1 & 0b0011_1111);
            (lower | (upper << 8), 2)
        }
        _ => return Err("not an SS58 address (reserved prefix)"),
    };
    if bytes.len() != prefix_len + 32 + 2 {
        return Err("not an SS58 address of a 32-byte account");
    }
    let (payload, sum) = bytes.split_at(prefix_len + 32);
    if checksum(payload) != sum {
        return Err("the address's checksum is wrong (a typo?)");
    }
    let mut account = [0u8; 32];
    account.copy_from_slice(&payload[prefix_len..]);
    Ok((prefix, AccountId32(account)))
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALICE_GENERIC: &str = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";
    const ALICE_POLKADOT: &str = "15oF4uVJwmo4TdGW7VfQxNLavjCXviqxT9S1MgbjMNHr6Sp5";
    const ALICE_KUSAMA: &str = "HNZata7iMYWmk5RvZRTiAsSDhV8366zq2YGb3tLH5Upf74F";

    fn alice() -> AccountId32 {
        AddressFormat::default().parse(ALICE_GENERIC).unwrap()
    }

    #[test]
    fn known_forms_of_one_account_works() {
        // the well-known forms of //Alice under 42, 0 and 2
        assert_eq!(encode(42, &alice()), ALICE_GENERIC);
        assert_eq!(encode(0, &alice()), ALICE_POLKADOT);
        assert_eq!(encode(2, &alice()), ALICE_KUSAMA);
        assert_eq!(alice().to_string(), ALICE_GENERIC);
    }

    #[test]
    fn chain_and_generic_prefix_accepted_works() {
        for prefix in [0u16, 2, 5, 42] {
            let format = AddressFormat::new(prefix);
            let own = encode(prefix, &alice());
            assert_eq!(format.parse(&own).unwrap(), alice(), "prefix {prefix}");
            assert_eq!(format.parse(ALICE_GENERIC).unwrap(), alice());
            assert_eq!(format.show(&alice()), own);
            let generic = AddressFormat {
                show_generic: true,
                ..format
            };
            assert_eq!(generic.show(&alice()), ALICE_GENERIC);
        }
    }

    #[test]
    fn foreign_prefix_refused_with_the_chains_form_fails() {
        // a prefix-5 chain is handed Alice's Polkadot and Kusama addresses
        let format = AddressFormat::new(5);
        for other in [ALICE_POLKADOT, ALICE_KUSAMA] {
            let err = format.parse(other).unwrap_err().to_string();
            assert!(err.contains("another network"), "{err}");
            assert!(err.contains(&encode(5, &alice())), "{err}");
        }
        // a prefix-0 chain refuses Kusama's form and names Polkadot's
        let err = AddressFormat::new(0)
            .parse(ALICE_KUSAMA)
            .unwrap_err()
            .to_string();
        assert!(err.contains(ALICE_POLKADOT), "{err}");
    }

    #[test]
    fn two_byte_prefixes_round_trip_works() {
        for prefix in [64u16, 255, 1284, 16_383] {
            let address = encode(prefix, &alice());
            assert_eq!(decode(&address).unwrap(), (prefix, alice()), "{prefix}");
            assert_eq!(AddressFormat::new(prefix).parse(&address).unwrap(), alice());
        }
    }

    #[test]
    fn broken_checksum_fails() {
        let broken = format!("{}R", &ALICE_GENERIC[..ALICE_GENERIC.len() - 1]);
        assert!(AddressFormat::default().parse(&broken).is_err());
        assert!(AddressFormat::default().parse("5Grwva").is_err());
        assert!(AddressFormat::default().parse("0x1234").is_err());
    }

    #[test]
    fn hex_account_works() {
        let hex = format!("0x{}", hex::encode(alice().0));
        assert_eq!(AddressFormat::new(0).parse(&hex).unwrap(), alice());
    }
}
