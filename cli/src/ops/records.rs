//! A chart's records on chain, through the envelope: seal and upload a version, download, check
//! and open one, and wrap existing versions for a new reader. Used by `ehr record` and by
//! `ehr access grant/approve/sync`.

use anyhow::{bail, Context as _, Result};
use ehr::limits::MAX_RECORD_BYTES;
use ehr::{Record, RecordId, RecordType, Scope, Version, VersionId};
use ehr_chain::{to_account32, AccountId32, ChainError, EhrContract, Signer};
use ehr_envelope::{body_hash, format::sealed_len, EncryptionSecret, RecordContext};

use crate::output::Output;

mod shared;
pub use shared::*;

/// Largest plaintext that fits in one record version once encrypted.
pub fn max_plaintext_bytes() -> usize {
    let cap = MAX_RECORD_BYTES as usize;
    // sealed_len is monotonic: step down from the cap by the chunk overhead.
    let mut len = cap;
    while sealed_len(len) > cap {
        len -= sealed_len(len) - cap;
    }
    len
}

/// What a contract query answers, or the contract's refusal as an error.
pub async fn ask<R: parity_scale_codec::Decode>(
    contract: &EhrContract,
    origin: &AccountId32,
    msg: ehr_chain::Message<ehr::Result<R>>,
) -> Result<R> {
    Ok(contract
        .query(origin, &msg)
        .await?
        .map_err(ChainError::Contract)?)
}

/// The envelope context of a record version on this chain and contract.
pub fn record_context(
    contract: &EhrContract,
    patient: &AccountId32,
    record: RecordId,
    version: VersionId,
    record_type: RecordType,
) -> RecordContext {
    RecordContext {
        genesis_hash: contract.client().genesis_hash().0,
        contract: contract.address().0,
        patient: patient.0,
        record_id: record,
        version,
        record_type: record_type as u8,
    }
}

/// A version's ciphertext, downloaded chunk by chunk and checked against the on-chain hash.
pub async fn download(
    out: &Output,
    contract: &EhrContract,
    reader: &AccountId32,
    patient: &AccountId32,
    record: RecordId,
    version: VersionId,
    info: &Version,
) -> Result<Vec<u8>> {
    if info.erased {
        bail!("record {record} version {version} was erased by the patient");
    }
    if !info.complete() {
        bail!("record {record} version {version} is still being uploaded ({} of {} bytes); try again when its author has finished (its author finishes a cut-off upload with `ehr record resume`)", info.bytes_stored, info.length);
    }
    let mut body = Vec::with_capacity(info.length as usize);
    let bar = out.progress(u64::from(info.chunk_count), "downloading");
    for index in 0..info.chunk_count {
        let chunk = ask(
            contract,
            reader,
            contract.chunk(patient, record, version, index),
        )
        .await?;
        body.extend_from_slice(&chunk);
        bar.inc(1);
    }
    bar.finish_and_clear();
    if body.len() != info.length as usize || body_hash(&body) != info.hash {
        return Err(IntegrityFailed { record, version }.into());
    }
    Ok(body)
}

/// A version's stored ciphertext does not match the hash its author recorded.
#[derive(Debug, thiserror::Error)]
#[error("record {record} version {version} failed its integrity check: the stored ciphertext does not match the hash its author recorded. Nothing was decrypted")]
pub struct IntegrityFailed {
    pub record: RecordId,
    pub version: VersionId,
}

/// The record, the version number (`None`: the latest) and its metadata.
pub async fn locate(
    contract: &EhrContract,
    reader: &AccountId32,
    patient: &AccountId32,
    record: RecordId,
    version: Option<VersionId>,
) -> Result<(Record, VersionId, Version)> {
    let r = ask(contract, reader, contract.record(patient, record)).await?;
    let v = version.unwrap_or(r.version_count);
    let info = ask(contract, reader, contract.version(patient, record, v)).await?;
    Ok((r, v, info))
}

/// True for a failure that is not one version's: the node or the connection, a transaction not
/// on the chain, funds, or a dry run asked for; going on would stop the same way. Any other
/// failure concerns one version, which is skipped.
pub fn stops_sharing(e: &anyhow::Error) -> bool {
    e.downcast_ref::<ChainError>().is_some_and(|e| {
        e.is_node_failure()
            // Not failures of one version: the next would stop the same way.
            || matches!(
                e,
                ChainError::CannotPay(_)
                    | ChainError::CannotPayDeposit { .. }
                    | ChainError::DryRunOnly(_)
            )
    })
}

/// Gives `reader` wrapped keys for every readable version of `patient`'s chart that its scope
/// and types cover and it lacks, one version per transaction. The signer (the patient or their
/// managing guardian) unwraps their own copy of each data key and wraps it again for the
/// reader; no payload is re-encrypted. A version the signer cannot open (no key of theirs, or
/// one that does not open) is reported in `shared.failed` and the others are shared.
pub async fn share_with(
    out: &Output,
    contract: &EhrContract,
    signer: &Signer,
    secret: &EncryptionSecret,
    patient: &AccountId32,
    reader: &crate::ops::readers::Reader,
    shared: &mut Shared,
) -> Result<()> {
    let me = signer.account_id();
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
    let bar = out.progress(todo.len() as u64, "wrapping keys");
    for (record, version, record_type) in todo {
        let ctx = record_context(contract, patient, record, version, record_type);
        let sent = async {
            let own = ask(
                contract,
                &me,
                contract.wrapped_key(patient, record, version),
            )
            .await
            .context("you hold no key for it")?;
            let wrap =
                ehr_envelope::rewrap_key(&ctx, &own, secret, &reader.key, &mut rand_core::OsRng)
                    .context("your key does not open it")?;
            let msg = contract.add_wraps(
                patient,
                record,
                version,
                vec![(reader.account.clone(), wrap)],
            );
            crate::ops::send::send_step(contract, signer, &msg).await?;
            anyhow::Ok(())
        }
        .await;
        match sent {
            Ok(()) => shared.done.push((reader.account.clone(), record, version)),
            Err(e) if stops_sharing(&e) => return Err(e),
            Err(e) => shared.failed.push((
                reader.account.clone(),
                record,
                version,
                crate::explain::chain_text(&e),
            )),
        }
        bar.inc(1);
    }
    bar.finish_and_clear();
    Ok(())
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

/// Decrypts a version with the reader's own key or, for a doctor whose break-glass is in force
/// and whose custodians both released their shares, with the patient's emergency key.
pub async fn open_version(
    contract: &EhrContract,
    me: &AccountId32,
    secret: &EncryptionSecret,
    patient: &AccountId32,
    rctx: &RecordContext,
    body: &[u8],
    wrap: &[u8],
) -> Result<ehr_envelope::Content> {
    let own_err = match ehr_envelope::open(rctx, body, wrap, secret) {
        Ok(plaintext) => return Ok(plaintext),
        Err(e) => e,
    };
    let Some(emergency) = emergency_shares(contract, me, patient).await? else {
        return Err(own_err.into());
    };
    let mut shares = Vec::with_capacity(2);
    for (index, wrapped) in emergency.released.iter().enumerate() {
        let ctx = emergency_share_context(contract, patient, emergency.generation, index as u8);
        shares.push(
            ehr_envelope::unwrap_share(&ctx, wrapped, secret)
                .context("a released share of the emergency key does not open with your key")?,
        );
    }
    let shares: [ehr_envelope::KeyShare; 2] = shares
        .try_into()
        .map_err(|_| anyhow::anyhow!("two shares expected"))?;
    let key = ehr_envelope::join_shares(&shares);
    ehr_envelope::open(rctx, body, wrap, &key)
        .context("the emergency key does not open this record")
}

/// Whether `me` can open a version wrapped as `wrap` before anything about it is logged: with
/// its own key, or as a doctor whose break-glass is in force and whose custodians both released
/// their shares. Refuses (nothing sent) when the shares are not both there yet.
pub async fn ensure_can_open(
    contract: &EhrContract,
    me: &AccountId32,
    secret: &EncryptionSecret,
    patient: &AccountId32,
    rctx: &RecordContext,
    wrap: &[u8],
) -> Result<()> {
    if ehr_envelope::unwrap_key(rctx, wrap, secret).is_ok() {
        return Ok(());
    }
    emergency_shares(contract, me, patient).await?;
    Ok(())
}

/// `me`'s break-glass on `patient` with both shares released (`None`: no break-glass in force);
/// an error when one share is still missing.
async fn emergency_shares(
    contract: &EhrContract,
    me: &AccountId32,
    patient: &AccountId32,
) -> Result<Option<ehr::Emergency>> {
    let Ok(emergency) = ask(contract, me, contract.emergency(patient, me)).await else {
        return Ok(None);
    };
    if emergency.released.iter().any(Vec::is_empty) {
        bail!("this record's key is the patient's emergency key, and its custodians have not both released their shares to you yet: ask them to run `ehr emergency release --patient {patient} --doctor {me}`. Nothing was sent");
    }
    Ok(Some(emergency))
}

/// The context a share of `patient`'s emergency key is wrapped under on this chain and contract.
pub fn emergency_share_context(
    contract: &EhrContract,
    patient: &AccountId32,
    generation: u32,
    index: u8,
) -> RecordContext {
    ehr_envelope::share_context(
        contract.client().genesis_hash().0,
        contract.address().0,
        patient.0,
        generation,
        index,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn max_plaintext_fits_works() {
        let max = max_plaintext_bytes();
        assert!(sealed_len(max) <= MAX_RECORD_BYTES as usize);
        assert!(sealed_len(max + 1) > MAX_RECORD_BYTES as usize);
    }
}
