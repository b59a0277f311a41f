//! Sharing data keys with readers: the one step behind `access sync`, grant, approve,
//! guardian add and emergency enable; and taking them back from readers who lost access
//! (`access prune`).

use crate::context::Context;
use crate::ops::readers::{
    all_grants, emergency_reader, grant_readers, grant_works, guardian_readers, now_ms,
};
use crate::ops::records::{ask, version_readers, Shared, SharedVersion};
use crate::output::Output;
use crate::trust::Trust;
use anyhow::Result;
use ehr::emergency_generation;
use ehr_chain::to_account32;
use ehr_chain::{AccountId32, EhrContract, Signer};

/// Wraps the keys of every version each reader may read and lacks: doctors whose grant lasts,
/// the patient's guardians and the current emergency key of a patient who opted in. The one
/// sharing step of `access sync`, grant, approve, guardian add and emergency enable, so a new
/// reader gets its keys and every other reader what it lacked (e.g. a version another doctor
/// wrote since). A version that cannot be shared is reported and the rest are shared.
pub async fn share_all(
    ctx: &Context,
    contract: &EhrContract,
    signer: &Signer,
    patient: &AccountId32,
) -> Result<Shared> {
    let me = signer.account_id();
    let secret = ctx.own_secret(contract).await?;
    let trust = ctx.trust(contract)?;
    let mut readers = grant_readers(contract, &trust, &me, patient, None).await?;
    readers.extend(guardian_readers(contract, &trust, &me, patient).await?);
    readers.extend(emergency_reader(contract, &trust, &me, patient).await?);
    let mut shared = Shared::default();
    for reader in &readers {
        crate::ops::records::share_with(
            &ctx.out,
            contract,
            signer,
            &secret,
            patient,
            reader,
            &mut shared,
        )
        .await?;
    }
    Ok(shared)
}

/// Drops the keys of every reader of the signer's chart who may no longer read: a doctor whose
/// grant ended or no longer covers the record, a former guardian, an emergency key of an
/// earlier generation or opt-in. Returns the keys dropped.
pub async fn prune(
    out: &Output,
    contract: &EhrContract,
    signer: &Signer,
    trust: &Trust,
) -> Result<Vec<SharedVersion>> {
    let me = signer.account_id();
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
                crate::ops::send::send(out, "dropping keys", contract, signer, &msg).await?;
                dropped.extend(batch.iter().map(|a| SharedVersion {
                    reader: a.to_string(),
                    record,
                    version,
                }));
            }
        }
    }
    Ok(dropped)
}
