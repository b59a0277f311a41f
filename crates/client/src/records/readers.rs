//! Who gets a version's data key: the one answer used by uploads (`upload`), by sharing after a
//! grant, an approval, a guardian's appointment or an emergency opt-in (`ehr access sync`), and
//! by pruning the keys of readers who lost access (`ehr access prune`).
//!
//! Every key comes from the chain and is checked against its pin (`trust`).

use std::collections::BTreeSet;

use ehr::{GrantInfo, RecordId, RecordType, Scope};
use ehr_chain::{to_account32, AccountId32, EhrContract};

use crate::error::Result;
use crate::query::ask;
use crate::trust::Trust;

/// A grant ending within this long gets no new keys: the transaction carrying them could land
/// after it ended, and the chain would then refuse it with the keys already public in its
/// block. A minute covers inclusion on a chain with 6–12 s blocks.
pub const GRANT_MARGIN_MS: u64 = 60 * 1000;

/// The shortest grant a client sends: one ending sooner could end within the blocks before it
/// lands (refused there, fee paid and call data public), or land with less than
/// `GRANT_MARGIN_MS` left and get no keys. A minute to land (finality on a parachain takes
/// some 30 s), then the keys' margin.
pub const SHORTEST_GRANT_MS: u64 = 2 * GRANT_MARGIN_MS;

/// A reader of a patient's records besides the patient and the writer.
#[derive(Debug, Clone)]
pub struct Reader {
    pub account: AccountId32,
    pub key: [u8; 32],
    /// What it may read: a grant's scope.
    pub scope: Scope,
    /// Record types covered (bit `RecordType as u8`); `None`: all.
    pub types: Option<u8>,
}

impl Reader {
    /// True when this reader may read a record of this id and type.
    pub fn covers(&self, record: RecordId, record_type: RecordType) -> bool {
        self.scope.covers(Some(record)) && self.types.is_none_or(|m| record_type.in_mask(m))
    }
}

/// Milliseconds since the epoch now (block timestamps follow wall-clock time).
pub fn now_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}

/// True when `grant` works at `now` (the doctor not suspended, the grant not expired).
pub fn grant_works(grant: &GrantInfo, now: u64) -> bool {
    grant.active && grant.expires_at.is_none_or(|at| at > now)
}

/// True when `grant` works now and for at least `GRANT_MARGIN_MS` more.
pub fn grant_lasts(grant: &GrantInfo, now: u64) -> bool {
    grant_works(grant, now.saturating_add(GRANT_MARGIN_MS))
}

/// Every grant of `patient`'s chart (caller: the patient or a guardian), pages side by side.
pub async fn all_grants(
    contract: &EhrContract,
    me: &AccountId32,
    patient: &AccountId32,
) -> Result<Vec<GrantInfo>> {
    let count = ask(contract, me, contract.patient(patient))
        .await?
        .grant_count;
    Ok(contract
        .query_pages(me, 0, u64::from(count), |from, limit| {
            contract.grants_of_patient(patient, from as u32, limit)
        })
        .await?)
}

/// The doctors with a grant that lasts (`grant_lasts`), one reader per grant (`only`: just
/// that doctor's).
pub async fn grant_readers(
    contract: &EhrContract,
    trust: &Trust,
    me: &AccountId32,
    patient: &AccountId32,
    only: Option<&AccountId32>,
) -> Result<Vec<Reader>> {
    let now = now_ms();
    let mut readers = Vec::new();
    for g in all_grants(contract, me, patient).await? {
        let doctor = to_account32(g.doctor);
        if !grant_lasts(&g, now) || only.is_some_and(|d| *d != doctor) {
            continue;
        }
        let key = trust.doctor_key(contract, me, &doctor).await?;
        readers.push(Reader {
            account: doctor,
            key,
            scope: g.scope,
            types: None,
        });
    }
    Ok(readers)
}

/// The guardians of `patient`, readers of the whole chart.
pub async fn guardian_readers(
    contract: &EhrContract,
    trust: &Trust,
    me: &AccountId32,
    patient: &AccountId32,
) -> Result<Vec<Reader>> {
    let mut readers = Vec::new();
    for (account, _) in ask(contract, me, contract.guardians(patient)).await? {
        let account = to_account32(account);
        let key = trust.account_key(contract, me, &account).await?;
        readers.push(Reader {
            account,
            key,
            scope: Scope::Chart,
            types: None,
        });
    }
    Ok(readers)
}

/// The patient's current emergency key as a reader of the covered records, when they opted
/// in: its reader id names the policy generation, so a re-key is a new reader.
pub async fn emergency_reader(
    contract: &EhrContract,
    trust: &Trust,
    me: &AccountId32,
    patient: &AccountId32,
) -> Result<Option<Reader>> {
    let Ok(policy) = ask(contract, me, contract.emergency_policy(patient)).await else {
        return Ok(None);
    };
    let key = trust.emergency_key(patient, policy.generation, policy.key)?;
    Ok(Some(Reader {
        account: AccountId32(ehr::emergency_reader(policy.generation)),
        key,
        scope: Scope::Chart,
        types: Some(policy.covered),
    }))
}

/// Who gets the new version's key: the patient, the writer, the patient's guardians, the
/// current emergency key when it covers the type and, when the patient or a guardian writes,
/// every doctor whose grant covers the record and lasts (`readers::grant_lasts`). A doctor's
/// version reaches other doctors with the patient's `ehr access sync`.
pub async fn readers_of(
    contract: &EhrContract,
    trust: &Trust,
    (me, own_key): (&AccountId32, [u8; 32]),
    (patient, patient_key): (&AccountId32, [u8; 32]),
    record: RecordId,
    record_type: RecordType,
) -> Result<Vec<(AccountId32, [u8; 32])>> {
    let mut readers = vec![(patient.clone(), patient_key), (me.clone(), own_key)];
    let guardians = guardian_readers(contract, trust, patient, patient).await?;
    let me_guardian = guardians.iter().any(|g| g.account == *me);
    if me == patient || me_guardian {
        for d in grant_readers(contract, trust, patient, patient, None).await? {
            if d.covers(record, record_type) {
                readers.push((d.account, d.key));
            }
        }
    }
    readers.extend(guardians.into_iter().map(|g| (g.account, g.key)));
    if let Some(e) = emergency_reader(contract, trust, me, patient).await? {
        if e.covers(record, record_type) {
            readers.push((e.account, e.key));
        }
    }
    let mut seen = BTreeSet::new();
    readers.retain(|(a, _)| seen.insert(a.clone()));
    Ok(readers)
}
