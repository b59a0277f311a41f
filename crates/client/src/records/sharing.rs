//! Sharing data keys with readers: the one step behind `access sync`, grant, approve,
//! guardian add and emergency enable; and taking them back from readers who lost access
//! (`access prune`).

use super::readers::{
    all_grants, emergency_reader, grant_readers, grant_works, guardian_readers, now_ms, Reader,
};
use super::record_context;
use super::shared::{Dropped, Shared};
use crate::chart::Chart;
use crate::error::{ClientError, Result};
use crate::query::ask;
use ehr::{emergency_generation, RecordId, Scope, VersionId};
use ehr_chain::{to_account32, AccountId32, EhrContract};
use ehr_envelope::EncryptionSecret;

/// Wraps the keys of every version each reader may read and lacks: doctors whose grant lasts,
/// the patient's guardians and the current emergency key of a patient who opted in. The one
/// sharing step of `access sync`, grant, approve, guardian add and emergency enable, so a new
/// reader gets its keys and every other reader what it lacked (e.g. a version another doctor
/// wrote since). A version that cannot be shared is reported and the rest are shared.
pub async fn share_all(chart: &Chart) -> Result<Shared> {
    let (contract, patient) = (chart.contract(), chart.patient());
    let me = chart.me();
    let secret = chart.own_secret().await?;
    let trust = chart.trust()?;
    let mut readers = grant_readers(contract, &trust, &me, patient, None).await?;
    readers.extend(guardian_readers(contract, &trust, &me, patient).await?);
    readers.extend(emergency_reader(contract, &trust, &me, patient).await?);
    let mut shared = Shared::default();
    for reader in &readers {
        share_with(chart, &secret, reader, &mut shared).await?;
    }
    Ok(shared)
}

/// Gives `reader` wrapped keys for every readable version of `patient`'s chart that its scope
/// and types cover and it lacks, one version per transaction. The signer (the patient or their
/// managing guardian) unwraps their own copy of each data key and wraps it again for the
/// reader; no payload is re-encrypted. A version the signer cannot open (no key of theirs, or
/// one that does not open) is reported in `shared.failed` and the others are shared.
pub async fn share_with(
    chart: &Chart,
    secret: &EncryptionSecret,
    reader: &Reader,
    shared: &mut Shared,
) -> Result<()> {
    let (contract, patient) = (chart.contract(), chart.patient());
    let me = chart.me();
    let p = ask(contract, &me, contract.patient(patient)).await?;
    let records: Vec<RecordId> = match reader.scope {
        Scope::Chart => (1..=p.record_count).collect(),
        Scope::Record(id) => vec![id],
    };
    let mut todo = Vec::new();
    for record in records {
        let r = ask(contract, &me, contract.record(patient, record)).await?;
        if reader
            .types
            .is_some_and(|mask| !r.record_type.in_mask(mask))
        {
            continue;
        }
        for version in 1..=r.version_count {
            let info = ask(contract, &me, contract.version(patient, record, version)).await?;
            if !info.complete() {
                continue;
            }
            let holders = version_readers(contract, &me, patient, record, version).await?;
            if !holders.contains(&reader.account) {
                todo.push((record, version, r.record_type));
            }
        }
    }
    let steps = chart.progress().steps("wrapping keys", todo.len() as u64);
    for (record, version, record_type) in todo {
        let ctx = record_context(contract, patient, record, version, record_type);
        let sent = async {
            let own = ask(
                contract,
                &me,
                contract.wrapped_key(patient, record, version),
            )
            .await
            .map_err(|e| ClientError::NoOwnKey(Box::new(e)))?;
            let wrap =
                ehr_envelope::rewrap_key(&ctx, &own, secret, &reader.key, &mut rand_core::OsRng)
                    .map_err(ClientError::OwnKeyDoesNotOpen)?;
            let msg = contract.add_wraps(
                patient,
                record,
                version,
                vec![(reader.account.clone(), wrap)],
            );
            contract.execute(chart.signer(), &msg).await?;
            Ok::<_, ClientError>(())
        }
        .await;
        match sent {
            Ok(()) => shared.done.push((reader.account.clone(), record, version)),
            Err(e) if e.stops_the_round() => return Err(e),
            Err(e) => shared
                .failed
                .push((reader.account.clone(), record, version, e)),
        }
        steps.advance(1);
    }
    Ok(())
}

/// Drops the keys of every reader of the signer's chart who may no longer read: a doctor whose
/// grant ended or no longer covers the record, a former guardian, an emergency key of an
/// earlier generation or opt-in. Returns the keys dropped.
pub async fn prune(chart: &Chart) -> Result<Vec<Dropped>> {
    let contract = chart.contract();
    let trust = &chart.trust()?;
    let me = chart.me();
    let p = ask(contract, &me, contract.patient(&me)).await?;
    let grants = all_grants(contract, &me, &me).await?;
    let guardians = guardian_readers(contract, trust, &me, &me).await?;
    let emergency = emergency_reader(contract, trust, &me, &me).await?;
    let now = now_ms();
    let mut dropped = Vec::new();
    for record in 1..=p.record_count {
        let r = ask(contract, &me, contract.record(&me, record)).await?;
        for version in 1..=r.version_count {
            let holders = version_readers(contract, &me, &me, record, version).await?;
            let stale: Vec<AccountId32> = holders
                .into_iter()
                .filter(|reader| {
                    let keeps = *reader == me
                        || guardians.iter().any(|g| g.account == *reader)
                        || emergency.as_ref().is_some_and(|e| {
                            e.account == *reader && e.covers(record, r.record_type)
                        })
                        || (emergency_generation(&reader.0).is_none()
                            && grants.iter().any(|g| {
                                to_account32(g.doctor) == *reader
                                    && grant_works(g, now)
                                    && g.scope.covers(Some(record))
                            }));
                    !keeps
                })
                .collect();
            for batch in stale.chunks(ehr::limits::MAX_WRAPS_PER_CALL as usize) {
                let msg = contract.drop_wraps(record, version, batch);
                let _busy = chart.progress().busy("dropping keys");
                contract.execute(chart.signer(), &msg).await?;
                dropped.extend(batch.iter().map(|a| (a.clone(), record, version)));
            }
        }
    }
    Ok(dropped)
}

/// Every reader holding a wrapped key for a version (caller: the patient, a guardian or the
/// author).
pub async fn version_readers(
    contract: &EhrContract,
    me: &AccountId32,
    patient: &AccountId32,
    record: RecordId,
    version: VersionId,
) -> Result<Vec<AccountId32>> {
    let count = ask(contract, me, contract.version(patient, record, version))
        .await?
        .reader_count;
    Ok(contract
        .query_pages(me, 0, u64::from(count), |from, limit| {
            contract.readers(patient, record, version, from as u32, limit)
        })
        .await?
        .into_iter()
        .map(to_account32)
        .collect())
}
