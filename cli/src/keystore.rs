//! How a keystore account's passphrase is read (where keystore accounts live is the library's:
//! `ehr_client::home::keystore`).

use anyhow::{bail, Context as _, Result};
use std::io::IsTerminal;
use zeroize::Zeroizing;

/// The passphrase: EHR_PASSPHRASE, or asked on the terminal.
pub fn passphrase(prompt: &str) -> Result<Zeroizing<String>> {
    if let Ok(p) = std::env::var("EHR_PASSPHRASE") {
        return Ok(Zeroizing::new(p));
    }
    if !std::io::stdin().is_terminal() {
        bail!("a passphrase is needed: run in a terminal, or set EHR_PASSPHRASE");
    }
    Ok(Zeroizing::new(
        rpassword::prompt_password(prompt).context("cannot read the passphrase")?,
    ))
}
