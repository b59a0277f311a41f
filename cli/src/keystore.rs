//! Where keystore accounts live and how their passphrase is read.

use anyhow::{bail, Context as _, Result};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use zeroize::Zeroizing;

/// Where the keystore file of account `name` lives.
pub fn keystore_path(home: &Path, name: &str) -> Result<PathBuf> {
    let valid = !name.is_empty()
        && name.len() <= 32
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !valid {
        bail!("account names are 1 to 32 letters, digits, '-' or '_' (got {name:?})");
    }
    Ok(home.join("keys").join(format!("{name}.json")))
}

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
