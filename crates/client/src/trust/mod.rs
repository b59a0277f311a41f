//! Whom the CLI trusts with data keys.
//!
//! - **Its own key** is derived here from the account's secret, never taken from the chain, and
//!   checked against the key the chain holds for the account before anything is wrapped or
//!   unwrapped: a mismatch means what others wrap for this account cannot be opened here.
//! - **Everyone else's key** comes from the chain, which a compromised node or an impostor
//!   contract could forge. So keys are pinned on first use, per chain, contract and account, in
//!   `$EHR_HOME/known_keys.json` (like SSH's known_hosts): the first use shows a short
//!   fingerprint to compare out of band (`ehr account fingerprint`), a later different key is
//!   refused until the user accepts it (`ehr account trust`).
//! - **The contract** must run the code this client was built for, or code its user deployed
//!   or accepted (`ehr deploy`), checked by code hash before anything is sent (`code`).

pub mod code;
mod own;

pub use own::own_secret;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use ehr_chain::{AccountId32, EhrContract};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::{ClientError, Result};
use crate::progress::{Notice, Progress};
use crate::query::ask;

/// A short, comparable fingerprint of an encryption key: the first 16 bytes of
/// SHA-256("ehr/v1/fingerprint" || key), in groups of four hex digits.
pub fn fingerprint(key: &[u8; 32]) -> String {
    let digest = Sha256::new()
        .chain_update(b"ehr/v1/fingerprint")
        .chain_update(key)
        .finalize();
    digest[..16]
        .chunks(2)
        .map(hex::encode)
        .collect::<Vec<_>>()
        .join(" ")
}

/// A key the chain shows that differs from the one pinned for the same account.
#[derive(Debug, thiserror::Error)]
#[error("the encryption key the chain shows for {who} ({now}) is not the one you used before ({pinned}). Nothing was sent. Either they changed their key, or the node or contract you talk to is not honest. Ask them for their fingerprint (`ehr account fingerprint`), and only if it is {now}, accept it with `ehr account trust {who}`")]
pub struct KeyChanged {
    pub who: String,
    pub pinned: String,
    pub now: String,
}

/// Pinned keys: chain and contract ("genesis/contract") -> who -> key (hex).
#[derive(Debug, Default, Serialize, Deserialize)]
struct KnownKeysFile {
    chains: BTreeMap<String, BTreeMap<String, String>>,
}

/// The pinned keys of one chain and contract.
pub struct Trust {
    path: PathBuf,
    scope: String,
    file: Mutex<KnownKeysFile>,
    progress: Arc<dyn Progress>,
}

impl Trust {
    /// The pins of `contract`'s chain and address, from `home`.
    /// First uses are told to `progress`.
    pub fn load(home: &Path, contract: &EhrContract, progress: Arc<dyn Progress>) -> Result<Self> {
        let scope = format!(
            "{:?}/{}",
            contract.client().genesis_hash(),
            contract.address()
        );
        Self::open(home.join("known_keys.json"), scope, progress)
    }

    fn open(path: PathBuf, scope: String, progress: Arc<dyn Progress>) -> Result<Self> {
        let file = match std::fs::read(&path) {
            Ok(bytes) => serde_json::from_slice(&bytes).map_err(|e| ClientError::Invalid {
                path: path.clone(),
                advice: "is not valid; fix or delete it (its pins are lost then)",
                source: Box::new(e),
            })?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => KnownKeysFile::default(),
            Err(e) => return Err(ClientError::file("read", &path, e)),
        };
        Ok(Self {
            path,
            scope,
            file: Mutex::new(file),
            progress,
        })
    }

    /// Checks `key`, which the chain shows for `who`, against its pin: pins it on first use
    /// (saying so, with its fingerprint), passes the pinned key, refuses any other.
    pub fn check(&self, who: &str, key: [u8; 32]) -> Result<[u8; 32]> {
        let mut file = self.file.lock().unwrap_or_else(|p| p.into_inner());
        let pins = file.chains.entry(self.scope.clone()).or_default();
        match pins.get(who) {
            Some(pinned) if *pinned == hex::encode(key) => Ok(key),
            Some(pinned) => {
                let pinned: [u8; 32] = hex::decode(pinned)
                    .ok()
                    .and_then(|b| b.try_into().ok())
                    .ok_or_else(|| ClientError::BadPin {
                        path: self.path.clone(),
                        who: who.to_string(),
                    })?;
                Err(KeyChanged {
                    who: who.to_string(),
                    pinned: fingerprint(&pinned),
                    now: fingerprint(&key),
                }
                .into())
            }
            None => {
                pins.insert(who.to_string(), hex::encode(key));
                self.save(&file)?;
                self.progress.notice(Notice::KeyPinned {
                    who: who.to_string(),
                    fingerprint: fingerprint(&key),
                });
                Ok(key)
            }
        }
    }

    /// Pins `key` for `who`, replacing any earlier pin; returns the earlier one.
    pub fn accept(&self, who: &str, key: [u8; 32]) -> Result<Option<String>> {
        let mut file = self.file.lock().unwrap_or_else(|p| p.into_inner());
        let old = file
            .chains
            .entry(self.scope.clone())
            .or_default()
            .insert(who.to_string(), hex::encode(key));
        self.save(&file)?;
        Ok(old)
    }

    fn save(&self, file: &KnownKeysFile) -> Result<()> {
        if let Some(dir) = self.path.parent() {
            crate::home::private::create_dir(dir)?;
        }
        crate::home::private::write(&self.path, &serde_json::to_vec_pretty(file)?)
    }

    /// A doctor's encryption key (what grants and break-glass wrap to), checked against its pin.
    pub async fn doctor_key(
        &self,
        contract: &EhrContract,
        origin: &AccountId32,
        doctor: &AccountId32,
    ) -> Result<[u8; 32]> {
        let key = ask(contract, origin, contract.doctor(doctor))
            .await
            .map_err(|e| ClientError::lookup(format!("{doctor} is not a registered doctor"), e))?
            .encryption_key;
        self.check(&doctor.to_string(), key)
    }

    /// An account's encryption key: the one it registered as a patient, else as a doctor (for
    /// patients, guardians and custodians, who may be either), checked against its pin.
    pub async fn account_key(
        &self,
        contract: &EhrContract,
        origin: &AccountId32,
        account: &AccountId32,
    ) -> Result<[u8; 32]> {
        let key = chain_key(contract, origin, account)
            .await?
            .ok_or_else(|| ClientError::NoEncryptionKey(account.clone()))?;
        self.check(&account.to_string(), key)
    }

    /// A patient's emergency key of one policy generation, checked against its pin (a new
    /// generation is a new key; the same generation never changes).
    pub fn emergency_key(
        &self,
        patient: &AccountId32,
        generation: u32,
        key: [u8; 32],
    ) -> Result<[u8; 32]> {
        self.check(&format!("{patient}/emergency/{generation}"), key)
    }
}

/// The key the chain holds for `account`: as a patient, else as a doctor.
async fn chain_key(
    contract: &EhrContract,
    origin: &AccountId32,
    account: &AccountId32,
) -> Result<Option<[u8; 32]>> {
    if let Ok(p) = ask(contract, origin, contract.patient(account)).await {
        return Ok(Some(p.encryption_key));
    }
    Ok(ask(contract, origin, contract.doctor(account))
        .await
        .ok()
        .map(|d| d.encryption_key))
}

#[cfg(test)]
mod tests {
    use super::*;
    use ehr_envelope::EncryptionSecret;

    #[test]
    fn fingerprint_is_short_and_stable_works() {
        let fp = fingerprint(&[7; 32]);
        assert_eq!(fp.len(), 39);
        assert_eq!(fp, fingerprint(&[7; 32]));
        assert_ne!(fp, fingerprint(&[8; 32]));
    }

    fn quiet() -> Arc<dyn Progress> {
        Arc::new(crate::progress::Silent)
    }

    #[test]
    fn keys_are_pinned_on_first_use_works() {
        // given an empty home
        let home = tempfile::tempdir().unwrap();
        let path = home.path().join("known_keys.json");
        let trust = Trust::open(path.clone(), "chain/contract".into(), quiet()).unwrap();
        // when bob's key is first used, then it is pinned, and the same key passes again
        assert_eq!(trust.check("bob", [1; 32]).unwrap(), [1; 32]);
        assert_eq!(trust.check("bob", [1; 32]).unwrap(), [1; 32]);
        // also in the next run
        let again = Trust::open(path.clone(), "chain/contract".into(), quiet()).unwrap();
        // when the chain shows another key for bob, then it is refused, naming both
        let err = again.check("bob", [2; 32]).unwrap_err();
        let ClientError::KeyChanged(changed) = err else {
            panic!("a key change: {err}")
        };
        assert_eq!(
            (changed.pinned.clone(), changed.now.clone()),
            (fingerprint(&[1; 32]), fingerprint(&[2; 32]))
        );
        // until the user accepts it
        assert_eq!(
            again.accept("bob", [2; 32]).unwrap(),
            Some(hex::encode([1; 32]))
        );
        assert!(again.check("bob", [2; 32]).is_ok());
        // pins belong to one chain and contract
        let other = Trust::open(path, "chain/other".into(), quiet()).unwrap();
        assert!(other.check("bob", [3; 32]).is_ok());
    }

    #[test]
    fn every_low_order_key_the_contract_refuses_the_envelope_refuses_too_works() {
        // the contract's list and the envelope's check must agree: a key one of them accepts
        // and the other refuses would let a bad key reach a wrap, or block a good one
        let ctx = ehr_envelope::RecordContext {
            genesis_hash: [1; 32],
            contract: [2; 32],
            patient: [3; 32],
            record_id: 1,
            version: 1,
            record_type: 0,
        };
        let (key, _) = ehr_envelope::encrypt_record(
            &ctx,
            &ehr_envelope::Content::new(ehr_envelope::ContentInfo::octets(), b"x".to_vec()),
            &mut rand_core::OsRng,
        );
        for point in ehr::validate::LOW_ORDER_POINTS {
            for high in [0u8, 0x80] {
                let mut k = point;
                k[31] |= high;
                assert!(ehr::validate::is_low_order(&k));
                assert!(
                    matches!(
                        ehr_envelope::wrap_key(&ctx, &key, &k, &mut rand_core::OsRng),
                        Err(ehr_envelope::EnvelopeError::LowOrderKey)
                    ),
                    "{k:?}"
                );
            }
        }
        let good = EncryptionSecret::from_x25519_bytes([9; 32]).public_key();
        assert!(!ehr::validate::is_low_order(&good));
        assert!(ehr_envelope::wrap_key(&ctx, &key, &good, &mut rand_core::OsRng).is_ok());
    }
}
