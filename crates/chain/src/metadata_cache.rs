//! The runtime metadata, kept on disk per chain and runtime, and what a chain says of itself.
//!
//! Downloading and decoding a runtime's metadata (a few hundred KiB) is most of what it takes to
//! connect; it only changes with the runtime. A file is keyed by the chain's genesis hash and
//! the runtime's spec and transaction versions, so a runtime upgrade (a new spec version) finds
//! no file and fetches afresh, and another chain never reads this one's. The chain's type and
//! properties (token symbol and decimals) never change for a genesis hash: one small file per
//! chain.

use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use subxt::utils::H256;

/// What a chain says of itself (`system_chainType`, `system_properties`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ChainInfo {
    /// `Development`, `Local`, `Live` or a custom name.
    pub chain_type: String,
    /// Token symbol, decimals, SS58 format, as the chain spec gives them.
    pub properties: serde_json::Map<String, serde_json::Value>,
}

/// Which runtime a metadata file belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuntimeKey {
    /// The chain's genesis hash.
    pub genesis: H256,
    /// `RuntimeVersion::spec_version`.
    pub spec_version: u32,
    /// `RuntimeVersion::transaction_version`.
    pub transaction_version: u32,
}

/// A directory of metadata files.
#[derive(Debug, Clone)]
pub struct MetadataCache {
    dir: PathBuf,
}

impl MetadataCache {
    /// A cache in `dir` (created on the first store).
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Self { dir: dir.into() }
    }

    fn path(&self, key: &RuntimeKey) -> PathBuf {
        self.dir.join(format!(
            "metadata-{}-{}-{}.scale",
            hex::encode(key.genesis.0),
            key.spec_version,
            key.transaction_version
        ))
    }

    /// The metadata bytes stored for `key`, if any.
    pub fn load(&self, key: &RuntimeKey) -> Option<Vec<u8>> {
        std::fs::read(self.path(key)).ok()
    }

    /// Stores the metadata bytes of `key` and removes the files of this chain's older runtimes.
    /// A cache that cannot be written only costs time, so failures are ignored.
    pub fn store(&self, key: &RuntimeKey, bytes: &[u8]) {
        let path = self.path(key);
        if self.write(&path, bytes) {
            self.forget_others(key, &path);
        }
    }

    fn chain_path(&self, genesis: &H256) -> PathBuf {
        self.dir
            .join(format!("chain-{}.json", hex::encode(genesis.0)))
    }

    /// What the chain with this genesis hash said of itself, if stored.
    pub fn load_chain(&self, genesis: &H256) -> Option<ChainInfo> {
        let bytes = std::fs::read(self.chain_path(genesis)).ok()?;
        serde_json::from_slice(&bytes).ok()
    }

    /// Stores what the chain said of itself (failures only cost time, as for metadata).
    pub fn store_chain(&self, genesis: &H256, info: &ChainInfo) {
        if let Ok(bytes) = serde_json::to_vec(info) {
            self.write(&self.chain_path(genesis), &bytes);
        }
    }

    /// Writes `bytes` to `path` whole or not at all, through the one private-file writer (a
    /// concurrent reader never sees half a file, and no planted symlink is followed); false
    /// when it could not.
    fn write(&self, path: &Path, bytes: &[u8]) -> bool {
        ehr_private_file::create_dir(&self.dir).is_ok()
            && ehr_private_file::write(path, bytes).is_ok()
    }

    /// Removes the stored metadata of `key` (it failed to decode).
    pub fn remove(&self, key: &RuntimeKey) {
        let _ = std::fs::remove_file(self.path(key));
    }

    fn forget_others(&self, key: &RuntimeKey, keep: &Path) {
        let chain = format!("metadata-{}-", hex::encode(key.genesis.0));
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if path != keep && name.starts_with(&chain) && name.ends_with(".scale") {
                let _ = std::fs::remove_file(path);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(spec_version: u32) -> RuntimeKey {
        RuntimeKey {
            genesis: H256([7; 32]),
            spec_version,
            transaction_version: 1,
        }
    }

    fn temp_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("ehr-mdcache-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        dir
    }

    #[test]
    fn stored_metadata_is_found_works() {
        let cache = MetadataCache::new(temp_dir("found"));
        assert_eq!(cache.load(&key(100)), None);
        cache.store(&key(100), b"metadata v100");
        assert_eq!(
            cache.load(&key(100)).as_deref(),
            Some(&b"metadata v100"[..])
        );
    }

    #[test]
    fn spec_version_change_invalidates_works() {
        // given the metadata of spec version 100
        let dir = temp_dir("upgrade");
        let cache = MetadataCache::new(&dir);
        cache.store(&key(100), b"metadata v100");
        // then the upgraded runtime (101), or a new transaction version, finds nothing
        assert_eq!(cache.load(&key(101)), None);
        let other_tx = RuntimeKey {
            transaction_version: 2,
            ..key(100)
        };
        assert_eq!(cache.load(&other_tx), None);
        // and storing 101's metadata drops 100's, leaving one file for the chain
        cache.store(&key(101), b"metadata v101");
        assert_eq!(cache.load(&key(100)), None);
        assert_eq!(
            cache.load(&key(101)).as_deref(),
            Some(&b"metadata v101"[..])
        );
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1);
    }

    #[test]
    fn other_chains_are_kept_works() {
        let cache = MetadataCache::new(temp_dir("chains"));
        let other = RuntimeKey {
            genesis: H256([8; 32]),
            ..key(100)
        };
        cache.store(&other, b"other chain");
        cache.store(&key(101), b"this chain");
        assert_eq!(cache.load(&other).as_deref(), Some(&b"other chain"[..]));
    }

    #[test]
    fn chain_info_round_trip_works() {
        let cache = MetadataCache::new(temp_dir("chaininfo"));
        let genesis = H256([9; 32]);
        assert_eq!(cache.load_chain(&genesis), None);
        let info = ChainInfo {
            chain_type: "Live".into(),
            properties: serde_json::json!({"tokenSymbol": "DOT", "tokenDecimals": 10})
                .as_object()
                .cloned()
                .unwrap(),
        };
        cache.store_chain(&genesis, &info);
        assert_eq!(cache.load_chain(&genesis), Some(info));
        // a metadata file of the same chain stored later leaves it alone
        cache.store(&key(1), b"m");
        assert!(cache.load_chain(&genesis).is_some());
    }

    #[cfg(unix)]
    #[test]
    fn store_never_writes_through_a_planted_symlink_works() {
        // given a symlink planted at the temporary name this process would use
        let dir = temp_dir("symlink");
        std::fs::create_dir_all(&dir).unwrap();
        let victim = dir.join("victim");
        std::fs::write(&victim, b"keep me").unwrap();
        let cache = MetadataCache::new(&dir);
        let tmp = cache
            .path(&key(1))
            .with_extension(format!("tmp{}", std::process::id()));
        std::os::unix::fs::symlink(&victim, &tmp).unwrap();
        // when metadata is stored, the victim is untouched and the metadata is there
        cache.store(&key(1), b"metadata");
        assert_eq!(std::fs::read(&victim).unwrap(), b"keep me");
        assert_eq!(cache.load(&key(1)).as_deref(), Some(&b"metadata"[..]));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn unwritable_cache_is_ignored_works() {
        // a file where the directory should be: storing fails quietly, loading finds nothing
        let dir = temp_dir("blocked");
        std::fs::write(&dir, b"not a directory").unwrap();
        let cache = MetadataCache::new(&dir);
        cache.store(&key(1), b"x");
        assert_eq!(cache.load(&key(1)), None);
        let _ = std::fs::remove_file(&dir);
    }
}
