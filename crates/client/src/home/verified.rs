//! Contract addresses already shown to run the ehr code this CLI was built for, per chain.
//!
//! Checking an address means reading its code hash from the chain: a round trip before every
//! command. The answer cannot change for the code this CLI was built for: a contract's address
//! derives from its code hash, and the ehr contract can neither replace its code nor be
//! terminated, so an address that ran it runs it for good (or, on a development chain started
//! afresh with the same genesis hash, holds nothing, which the next call reports). Only that
//! answer is kept; code accepted with `ehr deploy --existing` is checked every time.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn path(home: &Path) -> PathBuf {
    home.join("cache").join("verified-contracts.json")
}

fn key(genesis: &str, address: &str) -> String {
    format!("{genesis}/{address}")
}

fn load(home: &Path) -> BTreeMap<String, String> {
    std::fs::read(path(home))
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .unwrap_or_default()
}

/// True when `address` on chain `genesis` was seen running `code` (this CLI's own code hash).
pub fn is_known(home: &Path, genesis: &str, address: &str, code: &str) -> bool {
    load(home).get(&key(genesis, address)).map(String::as_str) == Some(code)
}

/// Remembers that `address` on chain `genesis` runs `code`. A cache that cannot be written only
/// costs a round trip next time.
pub fn remember(home: &Path, genesis: &str, address: &str, code: &str) {
    let mut known = load(home);
    known.insert(key(genesis, address), code.to_string());
    let Ok(bytes) = serde_json::to_vec_pretty(&known) else {
        return;
    };
    let file = path(home);
    if let Some(dir) = file.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    let _ = super::private::write(&file, &bytes);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remembered_address_is_known_for_its_code_only_works() {
        let home = tempfile::tempdir().unwrap();
        assert!(!is_known(home.path(), "0xg", "5A", "0xc1"));
        remember(home.path(), "0xg", "5A", "0xc1");
        assert!(is_known(home.path(), "0xg", "5A", "0xc1"));
        // another code hash (a CLI built for other code), chain or address: not known
        assert!(!is_known(home.path(), "0xg", "5A", "0xc2"));
        assert!(!is_known(home.path(), "0xh", "5A", "0xc1"));
        assert!(!is_known(home.path(), "0xg", "5B", "0xc1"));
    }
}
