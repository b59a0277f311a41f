//! What the client keeps between runs, under its home directory (`$XDG_DATA_HOME/ehr` or
//! `~/.local/share/ehr` unless a front end names another): the contracts deployed or accepted
//! on each chain, the journal of uploads in flight, the key pins (`trust`), the addresses
//! already shown to run trusted code, and the keystore's files. Every file is written by the
//! one private-file writer: readable by the user only, replaced atomically.

pub mod deployments;
pub mod keystore;
pub mod pending;
pub mod private;
pub mod verified;

use crate::error::{ClientError, Result};
use std::path::PathBuf;

/// The default home: `$XDG_DATA_HOME/ehr` or `~/.local/share/ehr`.
pub fn default_home() -> Result<PathBuf> {
    if let Some(dir) = std::env::var_os("XDG_DATA_HOME") {
        return Ok(PathBuf::from(dir).join("ehr"));
    }
    let home = std::env::var_os("HOME").ok_or(ClientError::NoHome)?;
    Ok(PathBuf::from(home).join(".local/share/ehr"))
}
