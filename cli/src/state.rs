//! What ehr remembers between runs: the contract address deployed on each chain.

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A remembered deployment.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Deployment {
    /// SS58 address of the contract.
    pub address: String,
    /// Block that carried the instantiation (0 for a contract accepted with `--existing`).
    pub block: u64,
    /// The code hash (`0x…`) the contract ran when it was deployed or accepted: the CLI trusts
    /// this code on this chain besides the code it was built for.
    #[serde(default)]
    pub code_hash: Option<String>,
}

/// Deployments by chain genesis hash (hex), stored as `deployments.json` in the ehr home.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Deployments {
    chains: BTreeMap<String, Deployment>,
}

impl Deployments {
    fn path(home: &Path) -> PathBuf {
        home.join("deployments.json")
    }

    /// Loads the file, or an empty set when there is none yet.
    pub fn load(home: &Path) -> Result<Self> {
        let path = Self::path(home);
        match std::fs::read(&path) {
            Ok(bytes) => serde_json::from_slice(&bytes)
                .with_context(|| format!("{} is not valid; fix or delete it", path.display())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Self::default()),
            Err(e) => Err(e).with_context(|| format!("cannot read {}", path.display())),
        }
    }

    /// Writes the file (atomically, private to the user).
    pub fn save(&self, home: &Path) -> Result<()> {
        crate::private_file::create_dir(home)?;
        crate::private_file::write(&Self::path(home), &serde_json::to_vec_pretty(self)?)
    }

    /// The deployment on the chain with this genesis hash.
    pub fn get(&self, genesis: &str) -> Option<&Deployment> {
        self.chains.get(genesis)
    }

    /// Remembers a deployment for a chain, replacing an older one.
    pub fn set(&mut self, genesis: String, deployment: Deployment) {
        self.chains.insert(genesis, deployment);
    }
}

/// The default ehr home: `$XDG_DATA_HOME/ehr` or `~/.local/share/ehr`.
pub fn default_home() -> Result<PathBuf> {
    if let Some(dir) = std::env::var_os("XDG_DATA_HOME") {
        return Ok(PathBuf::from(dir).join("ehr"));
    }
    let home = std::env::var_os("HOME").context("HOME is not set; pass --home or set EHR_HOME")?;
    Ok(PathBuf::from(home).join(".local/share/ehr"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deployments_round_trip_works() {
        // given an empty home
        let dir = tempfile::tempdir().unwrap();
        let mut d = Deployments::load(dir.path()).unwrap();
        assert!(d.get("0xab").is_none());
        // when a deployment is remembered and saved
        d.set(
            "0xab".into(),
            Deployment {
                address: "5Grw".into(),
                block: 3,
                code_hash: Some("0x01".into()),
            },
        );
        d.save(dir.path()).unwrap();
        // then it loads back, for that chain only
        let loaded = Deployments::load(dir.path()).unwrap();
        assert_eq!(loaded.get("0xab").unwrap().address, "5Grw");
        assert!(loaded.get("0xcd").is_none());
    }

    #[test]
    fn corrupt_file_fails() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("deployments.json"), b"{not json").unwrap();
        let err = Deployments::load(dir.path()).unwrap_err();
        assert!(err.to_string().contains("fix or delete it"));
    }
}
