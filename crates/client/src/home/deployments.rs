//! The contracts deployed or accepted on each chain: the one commands use, and the others.

use crate::error::{ClientError, Result};
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

/// Deployments by chain genesis hash (hex), stored as `deployments.json` in the ehr home: the
/// one commands use on each chain, and the others deployed or used there before (kept, so no
/// deployment is forgotten by deploying another).
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Deployments {
    chains: BTreeMap<String, Deployment>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    others: BTreeMap<String, Vec<Deployment>>,
}

impl Deployments {
    fn path(home: &Path) -> PathBuf {
        home.join("deployments.json")
    }

    /// Loads the file, or an empty set when there is none yet.
    pub fn load(home: &Path) -> Result<Self> {
        let path = Self::path(home);
        match std::fs::read(&path) {
            Ok(bytes) => serde_json::from_slice(&bytes).map_err(|e| ClientError::Invalid {
                path: path.clone(),
                advice: "is not valid; fix or delete it",
                source: Box::new(e),
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Self::default()),
            Err(e) => Err(ClientError::file("read", &path, e)),
        }
    }

    /// Writes the file (atomically, private to the user).
    pub fn save(&self, home: &Path) -> Result<()> {
        super::private::create_dir(home)?;
        super::private::write(&Self::path(home), &serde_json::to_vec_pretty(self)?)
    }

    /// The deployment commands use on the chain with this genesis hash.
    pub fn get(&self, genesis: &str) -> Option<&Deployment> {
        self.chains.get(genesis)
    }

    /// The other deployments remembered on that chain.
    pub fn others(&self, genesis: &str) -> &[Deployment] {
        self.others.get(genesis).map_or(&[], Vec::as_slice)
    }

    /// Every deployment remembered on that chain, the one in use first.
    pub fn all<'a>(&'a self, genesis: &str) -> impl Iterator<Item = &'a Deployment> {
        self.get(genesis).into_iter().chain(self.others(genesis))
    }

    /// Makes `deployment` the one used on the chain; the one used before is kept among the
    /// others. Returns the address used before, if it was another.
    pub fn set(&mut self, genesis: String, deployment: Deployment) -> Option<String> {
        let others = self.others.entry(genesis.clone()).or_default();
        others.retain(|d| d.address != deployment.address);
        let before = self.chains.insert(genesis.clone(), deployment.clone());
        let replaced = before.filter(|b| b.address != deployment.address);
        if let Some(b) = &replaced {
            others.insert(0, b.clone());
        }
        if others.is_empty() {
            self.others.remove(&genesis);
        }
        replaced.map(|b| b.address)
    }

    /// Remembers `deployment` on the chain without changing the one in use (it becomes the one
    /// in use only when there is none). Returns the address in use, if it is another.
    pub fn add(&mut self, genesis: String, deployment: Deployment) -> Option<String> {
        match self.chains.get(&genesis) {
            Some(current) if current.address != deployment.address => {
                let current = current.address.clone();
                let others = self.others.entry(genesis).or_default();
                others.retain(|d| d.address != deployment.address);
                others.insert(0, deployment);
                Some(current)
            }
            _ => {
                self.chains.insert(genesis, deployment);
                None
            }
        }
    }
}

/// Remembers a deployment on the chain: in use when `use_it` (or when none is), else kept
/// alongside the one in use. Returns the other address in use before, if any.
pub fn remember(
    home: &Path,
    genesis: &str,
    deployment: Deployment,
    use_it: bool,
) -> Result<Option<String>> {
    let mut deployments = Deployments::load(home)?;
    let other = if use_it {
        deployments.set(genesis.to_string(), deployment)
    } else {
        deployments.add(genesis.to_string(), deployment)
    };
    deployments.save(home)?;
    Ok(other)
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

    fn at(address: &str) -> Deployment {
        Deployment {
            address: address.into(),
            block: 1,
            code_hash: Some(format!("0x{address}")),
        }
    }

    #[test]
    fn another_deployment_does_not_replace_the_one_in_use_works() {
        let mut d = Deployments::default();
        assert_eq!(d.add("0xab".into(), at("A")), None);
        // a second deployment is kept, the first stays in use
        assert_eq!(d.add("0xab".into(), at("B")), Some("A".into()));
        assert_eq!(d.get("0xab").unwrap().address, "A");
        let all: Vec<_> = d.all("0xab").map(|d| d.address.as_str()).collect();
        assert_eq!(all, ["A", "B"]);
        // switching keeps the one used before
        assert_eq!(d.set("0xab".into(), at("B")), Some("A".into()));
        assert_eq!(d.get("0xab").unwrap().address, "B");
        let all: Vec<_> = d.all("0xab").map(|d| d.address.as_str()).collect();
        assert_eq!(all, ["B", "A"]);
        // using the one in use again changes nothing
        assert_eq!(d.set("0xab".into(), at("B")), None);
        assert_eq!(d.all("0xab").count(), 2);
    }

    #[test]
    fn older_files_still_load_works() {
        // a deployments.json written before other deployments were kept
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("deployments.json"),
            br#"{"chains":{"0xab":{"address":"A","block":3}}}"#,
        )
        .unwrap();
        let d = Deployments::load(dir.path()).unwrap();
        assert_eq!(d.get("0xab").unwrap().address, "A");
        assert!(d.others("0xab").is_empty());
    }

    #[test]
    fn corrupt_file_fails() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("deployments.json"), b"{not json").unwrap();
        let err = Deployments::load(dir.path()).unwrap_err();
        assert!(err.to_string().contains("fix or delete it"));
    }
}
