//! A chart's records on chain, through the envelope: seal and upload a version, download, check
//! and open one, and wrap existing versions for a new reader. Used by `ehr record` and by
//! `ehr access grant/approve/sync`.

use anyhow::{bail, Context as _, Result};
use ehr::limits::{MAX_PAGE, MAX_RECORD_BYTES};
use ehr::{Record, RecordId, RecordType, Scope, Version, VersionId};
use ehr_chain::{to_account32, AccountId32, ChainError, EhrContract, Signer};
use ehr_envelope::{body_hash, format::sealed_len, EncryptionSecret, RecordContext};

use crate::output::Output;

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
        bail!(
            "record {record} version {version} failed its integrity check: the stored ciphertext does not match the hash its author recorded. Nothing was decrypted"
        );
    }
    Ok(body)
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

/// Gives `doctor` wrapped keys for every readable version `scope` covers that they lack, one
/// version per transaction. The caller is the patient, who unwraps their own copy of each data
/// key and wraps it again for the doctor; no payload is re-encrypted. Returns how many versions
/// were shared.
pub async fn share_with(
    out: &Output,
    contract: &EhrContract,
    signer: &Signer,
    secret: &EncryptionSecret,
    doctor: &AccountId32,
    scope: Scope,
) -> Result<Vec<(RecordId, VersionId)>> {
    let me = signer.account_id();
    let key = ask(contract, &me, contract.doctor(doctor))
        .await?
        .encryption_key;
    let patient = ask(contract, &me, contract.patient(&me)).await?;
    let records: Vec<RecordId> = match scope {
        Scope::Chart => (1..=patient.record_count).collect(),
        Scope::Record(id) => vec![id],
    };
    let mut todo = Vec::new();
    for record in records {
        let r = ask(contract, &me, contract.record(&me, record)).await?;
        for version in 1..=r.version_count {
            let info = ask(contract, &me, contract.version(&me, record, version)).await?;
            if !info.complete() {
                continue;
            }
            let readers = ask(
                contract,
                &me,
                contract.readers(&me, record, version, 0, MAX_PAGE),
            )
            .await?;
            let more = if readers.len() == MAX_PAGE as usize {
                ask(
                    contract,
                    &me,
                    contract.readers(&me, record, version, MAX_PAGE, MAX_PAGE),
                )
                .await?
            } else {
                Vec::new()
            };
            if readers
                .iter()
                .chain(&more)
                .any(|a| to_account32(*a) == *doctor)
            {
                continue;
            }
            todo.push((record, version, r.record_type));
        }
    }
    let bar = out.progress(todo.len() as u64, "wrapping keys for the doctor");
    let mut shared = Vec::new();
    for (record, version, record_type) in todo {
        let ctx = record_context(contract, &me, record, version, record_type);
        let own = ask(contract, &me, contract.wrapped_key(&me, record, version))
            .await
            .with_context(|| format!("you hold no key for record {record} version {version}"))?;
        let wrap = ehr_envelope::rewrap_key(&ctx, &own, secret, &key, &mut rand_core::OsRng)
            .with_context(|| {
                format!("cannot open your key for record {record} version {version}")
            })?;
        let msg = contract.add_wraps(&me, record, version, vec![(doctor.clone(), wrap)]);
        contract.execute(signer, &msg).await?;
        shared.push((record, version));
        bar.inc(1);
    }
    bar.finish_and_clear();
    Ok(shared)
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
