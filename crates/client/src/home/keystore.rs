//! Where keystore accounts live, and opening one with its passphrase (asking for the passphrase
//! is the front end's).

use crate::error::{ClientError, Result};
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
        return Err(ClientError::AccountName(name.to_string()));
    }
    Ok(home.join("keys").join(format!("{name}.json")))
}

/// The secret URI kept in keystore account `name`, opened with `passphrase`.
pub fn open(home: &Path, name: &str, passphrase: &str) -> Result<Zeroizing<String>> {
    let path = keystore_path(home, name)?;
    Ok(ehr_envelope::keystore::load(&path, passphrase)?)
}

/// True when keystore account `name` exists.
pub fn exists(home: &Path, name: &str) -> Result<bool> {
    Ok(keystore_path(home, name)?.is_file())
}
