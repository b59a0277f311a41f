//! Addresses as the connected chain writes them.
//!
//! The chain's prefix is known once the CLI has connected; every address read from the user
//! (`--for`, a doctor, a custodian, `--contract`) is parsed after that, so that an address from
//! another network is refused with the right form, and every address printed is in the chain's
//! own form (or the generic one, with `--ss58 generic`). Like Substrate's own default SS58
//! version, the format is one setting for the whole process.

use ehr_chain::{AccountId32, AddressFormat};
use std::sync::OnceLock;

static FORMAT: OnceLock<AddressFormat> = OnceLock::new();

/// Sets the format of the chain the CLI connected to (the first connection decides).
pub fn set(format: AddressFormat) {
    let _ = FORMAT.set(format);
}

/// The format in use: the connected chain's, or the generic one before connecting.
pub fn format() -> AddressFormat {
    FORMAT.get().copied().unwrap_or_default()
}

/// An account from an address in the chain's prefix or the generic one (or 0x-hex).
pub fn parse(s: &str) -> Result<AccountId32, ehr_chain::ChainError> {
    format().parse(s)
}

/// `text` with every generic-form (prefix 42) address rewritten in the chain's own form.
///
/// All output passes through here (results, progress, errors, JSON), so no address printed by
/// any command can escape the chain's form. A token is rewritten only when it decodes as a
/// prefix-42 address of a 32-byte account with a valid checksum; hashes (hex), numbers and
/// words never do.
pub fn localize(text: &str) -> std::borrow::Cow<'_, str> {
    localize_with(format(), text)
}

fn localize_with(format: AddressFormat, text: &str) -> std::borrow::Cow<'_, str> {
    let target = format.show_generic.then_some(ehr_chain::GENERIC_PREFIX);
    if target.unwrap_or(format.prefix) == ehr_chain::GENERIC_PREFIX {
        return text.into();
    }
    let is_base58 = |c: char| c.is_ascii_alphanumeric() && !matches!(c, '0' | 'O' | 'I' | 'l');
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(is_base58) {
        out.push_str(&rest[..start]);
        let token_len = rest[start..]
            .find(|c: char| !is_base58(c))
            .unwrap_or(rest.len() - start);
        let token = &rest[start..start + token_len];
        match ehr_chain::decode_address(token) {
            Ok((ehr_chain::GENERIC_PREFIX, account)) if (46..=48).contains(&token.len()) => {
                out.push_str(&format.show(&account))
            }
            _ => out.push_str(token),
        }
        rest = &rest[start + token_len..];
    }
    out.push_str(rest);
    out.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALICE: &str = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";
    const ALICE_POLKADOT: &str = "15oF4uVJwmo4TdGW7VfQxNLavjCXviqxT9S1MgbjMNHr6Sp5";

    #[test]
    fn output_is_in_the_chains_form_works() {
        let polkadot = AddressFormat::new(0);
        let text = format!(
            "granted read access to the chart to {ALICE}\n  {{\"doctor\":\"{ALICE}\"}} in block 0x{}",
            "ab".repeat(32)
        );
        let shown = localize_with(polkadot, &text);
        assert_eq!(shown, text.replace(ALICE, ALICE_POLKADOT));
    }

    #[test]
    fn generic_output_is_left_alone_works() {
        let text = format!("doctor {ALICE}");
        assert_eq!(localize_with(AddressFormat::default(), &text), text);
        let forced = AddressFormat {
            show_generic: true,
            ..AddressFormat::new(0)
        };
        assert_eq!(localize_with(forced, &text), text);
    }

    #[test]
    fn what_is_not_an_address_is_left_alone_works() {
        // a typo'd address (bad checksum), words and numbers stay as they are
        let broken = format!("{}R", &ALICE[..ALICE.len() - 1]);
        let text = format!("{broken} 12345 sha256 deadbeef café {ALICE_POLKADOT}");
        assert_eq!(localize_with(AddressFormat::new(5), &text), text);
    }
}
