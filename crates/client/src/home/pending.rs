//! Uploads in flight, journaled on disk until the chain holds every chunk and wrapped key.
//!
//! A multi-chunk version takes several transactions. If the node stops or the connection drops
//! between them, the version stays incomplete on chain (unreadable: the contract refuses
//! incomplete versions) and the ciphertext only exists here; `ehr record resume` sends the rest.
//! The journal holds ciphertext and wrapped keys, never plaintext or a data key, in files only
//! the user can read, in a directory only the user can list, under names that do not say whose
//! chart or which record they belong to.

use crate::error::{ClientError, Result};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// One version being uploaded: everything needed to send what the chain lacks.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Pending {
    /// Chain genesis hash (hex) and contract address: a journal never leaks across chains.
    pub genesis: String,
    pub contract: String,
    pub patient: String,
    pub author: String,
    pub record: u32,
    pub version: u32,
    /// `ehr::RecordType` as its SCALE index.
    pub record_type: u8,
    /// SHA-256 of the ciphertext (hex).
    pub hash: String,
    /// Wrapped data keys: (reader address, wrap hex).
    pub wraps: Vec<(String, String)>,
}

/// The journal directory of `home`.
pub fn dir(home: &Path) -> PathBuf {
    home.join("pending")
}

impl Pending {
    /// Unique per upload (two CLIs aiming at the same version keep separate entries), and
    /// opaque: a hash of the chain, contract, patient, record, version and ciphertext.
    fn stem(&self) -> String {
        use sha2::{Digest, Sha256};
        let digest = Sha256::new()
            .chain_update(b"ehr/v1/pending")
            .chain_update(
                format!(
                    "{}/{}/{}/{}/{}/{}",
                    self.genesis, self.contract, self.patient, self.record, self.version, self.hash
                )
                .as_bytes(),
            )
            .finalize();
        hex::encode(&digest[..16])
    }

    /// Path of the metadata file; the ciphertext sits next to it with the extension `bin`.
    pub fn path(&self, home: &Path) -> PathBuf {
        dir(home).join(format!("{}.json", self.stem()))
    }

    /// Writes the entry and the ciphertext (mode 0600, in a 0700 directory) before anything is
    /// sent.
    pub fn save(&self, home: &Path, body: &[u8]) -> Result<PathBuf> {
        let dir = dir(home);
        super::private::create_dir(&dir)?;
        // A directory made by an earlier ehr may be more open.
        std::fs::set_permissions(&dir, std::os::unix::fs::PermissionsExt::from_mode(0o700))
            .map_err(|e| ClientError::file("make private", &dir, e))?;
        let path = self.path(home);
        super::private::write(&path.with_extension("bin"), body)?;
        super::private::write(&path, &serde_json::to_vec_pretty(self)?)?;
        Ok(path)
    }

    /// The entry's ciphertext.
    pub fn body(&self, home: &Path) -> Result<Vec<u8>> {
        let path = self.path(home).with_extension("bin");
        std::fs::read(&path).map_err(|e| ClientError::file("read", &path, e))
    }

    /// Forgets the entry (the upload completed, or can never complete).
    pub fn remove(&self, home: &Path) -> Result<()> {
        let path = self.path(home);
        for p in [path.with_extension("bin"), path] {
            match std::fs::remove_file(&p) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(ClientError::file("remove", &p, e)),
            }
        }
        Ok(())
    }
}

/// Every journaled upload by `author` to `contract` on the chain `genesis`, oldest id first.
pub fn list(home: &Path, genesis: &str, contract: &str, author: &str) -> Result<Vec<Pending>> {
    let dir = dir(home);
    let entries = match std::fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(ClientError::file("read", &dir, e)),
    };
    let mut found = Vec::new();
    for entry in entries {
        let path = entry
            .map_err(|e| ClientError::file("read", &dir, e))?
            .path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let bytes = std::fs::read(&path).map_err(|e| ClientError::file("read", &path, e))?;
        let p: Pending = serde_json::from_slice(&bytes).map_err(|e| ClientError::Invalid {
            path: path.clone(),
            advice: "is not a pending upload; delete it",
            source: Box::new(e),
        })?;
        if p.genesis == genesis && p.contract == contract && p.author == author {
            found.push(p);
        }
    }
    found.sort_by_key(|p| (p.patient.clone(), p.record, p.version));
    Ok(found)
}

/// `author`'s journaled, unfinished uploads to `contract`.
pub fn of(
    home: &std::path::Path,
    contract: &ehr_chain::EhrContract,
    author: &ehr_chain::AccountId32,
) -> Result<Vec<Pending>> {
    list(
        home,
        &hex::encode(contract.client().genesis_hash().0),
        &contract.address().to_string(),
        &author.to_string(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(record: u32) -> Pending {
        Pending {
            genesis: "g".into(),
            contract: "c".into(),
            patient: "p".into(),
            author: "a".into(),
            record,
            version: 1,
            record_type: 2,
            hash: "00".into(),
            wraps: vec![("p".into(), "0102".into())],
        }
    }

    #[test]
    fn save_list_remove_works() {
        // given two saved entries
        let home = tempfile::tempdir().unwrap();
        entry(2).save(home.path(), b"two").unwrap();
        let path = entry(1).save(home.path(), b"one").unwrap();
        // then they are listed in id order, private, with their ciphertext
        let listed = list(home.path(), "g", "c", "a").unwrap();
        assert_eq!(listed.iter().map(|p| p.record).collect::<Vec<_>>(), [1, 2]);
        assert_eq!(listed[0].body(home.path()).unwrap(), b"one");
        let mode = |p: &Path| {
            std::os::unix::fs::PermissionsExt::mode(&std::fs::metadata(p).unwrap().permissions())
                & 0o777
        };
        assert_eq!(mode(&path), 0o600);
        assert_eq!(mode(&dir(home.path())), 0o700);
        // and no file name says whose chart or which record it holds
        for entry in std::fs::read_dir(dir(home.path())).unwrap() {
            let name = entry.unwrap().file_name().into_string().unwrap();
            let (stem, ext) = name.split_once('.').unwrap();
            assert!(
                stem.len() == 32 && stem.chars().all(|c| c.is_ascii_hexdigit()),
                "{name}"
            );
            assert!(ext == "json" || ext == "bin", "{name}");
        }
        // and another chain, contract or author sees none of them
        assert!(list(home.path(), "x", "c", "a").unwrap().is_empty());
        assert!(list(home.path(), "g", "c", "b").unwrap().is_empty());
        // when one is removed, only the other is left
        listed[0].remove(home.path()).unwrap();
        assert_eq!(list(home.path(), "g", "c", "a").unwrap().len(), 1);
    }

    #[test]
    fn list_of_missing_dir_works() {
        let home = tempfile::tempdir().unwrap();
        assert!(list(home.path(), "g", "c", "a").unwrap().is_empty());
    }
}
