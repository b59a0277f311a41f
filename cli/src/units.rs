//! Amounts in the connected chain's token (symbol and decimals from `system_properties`),
//! one setting for the whole run like the address format.

use ehr_chain::Token;
use std::sync::OnceLock;

static TOKEN: OnceLock<Token> = OnceLock::new();

/// Sets the token of the chain the CLI connected to (the first connection decides).
pub fn set(token: Token) {
    let _ = TOKEN.set(token);
}

/// The connected chain's token (a dev chain's `UNIT` before connecting).
pub fn token() -> Token {
    TOKEN.get().cloned().unwrap_or_default()
}

/// `planck` in the chain's token, e.g. `1.5 UNIT`.
pub fn show(planck: u128) -> String {
    token().format(planck)
}
