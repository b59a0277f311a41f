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

/// A doctor's encryption key (what grants and break-glass wrap to).
pub async fn doctor_key(
    contract: &EhrContract,
    origin: &AccountId32,
    doctor: &AccountId32,
) -> Result<[u8; 32]> {
    Ok(ask(contract, origin, contract.doctor(doctor))
        .await
        .with_context(|| format!("{doctor} is not a registered doctor"))?
        .encryption_key)
}

/// An account's encryption key: the one it registered as a patient, else as a doctor (for
/// guardians and custodians, who may be either).
pub async fn account_key(
    contract: &EhrContract,
    origin: &AccountId32,
    account: &AccountId32,
) -> Result<[u8; 32]> {
    if let Ok(p) = ask(contract, origin, contract.patient(account)).await {
        return Ok(p.encryption_key);
    }
    ask(contract, origin, contract.doctor(account))
        .await
        .map(|d| d.encryption_key)
        .with_context(|| {
            format!("{account} is neither a registered patient nor a registered doctor, so it has no encryption key (it registers with `ehr patient register` or `ehr doctor register`)")
        })
}

/// Who gets a version's key besides its writer and the patient.
pub struct Reader {
    pub account: AccountId32,
    pub key: [u8; 32],
    /// What it may read: a grant's scope.
    pub scope: Scope,
    /// Record types covered (bit `RecordType as u8`); `None`: all.
    pub types: Option<u8>,
}

/// Gives `reader` wrapped keys for every readable version of `patient`'s chart that its scope
/// and types cover and it lacks, one version per transaction. The signer (the patient or their
/// managing guardian) unwraps their own copy of each data key and wraps it again for the
/// reader; no payload is re-encrypted. Returns the versions shared.
pub async fn share_with(
    out: &Output,
    contract: &EhrContract,
    signer: &Signer,
    secret: &EncryptionSecret,
    patient: &AccountId32,
    reader: &Reader,
) -> Result<Vec<(RecordId, VersionId)>> {
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
            .is_some_and(|mask| mask & (1 << r.record_type as u8) == 0)
        {
            continue;
        }
        for version in 1..=r.version_count {
            let info = ask(contract, &me, contract.version(patient, record, version)).await?;
            if !info.complete() {
                continue;
            }
            let mut holders = Vec::new();
            let mut from = 0;
            loop {
                let page = ask(
                    contract,
                    &me,
                    contract.readers(patient, record, version, from, MAX_PAGE),
                )
                .await?;
                let n = page.len();
                holders.extend(page.into_iter().map(to_account32));
                if n < MAX_PAGE as usize {
                    break;
                }
                from += MAX_PAGE;
            }
            if !holders.contains(&reader.account) {
                todo.push((record, version, r.record_type));
            }
        }
    }
    let bar = out.progress(todo.len() as u64, "wrapping keys");
    let mut shared = Vec::new();
    for (record, version, record_type) in todo {
        let ctx = record_context(contract, patient, record, version, record_type);
        let own = ask(
            contract,
            &me,
            contract.wrapped_key(patient, record, version),
        )
        .await
        .with_context(|| format!("you hold no key for record {record} version {version}"))?;
        let wrap = ehr_envelope::rewrap_key(&ctx, &own, secret, &reader.key, &mut rand_core::OsRng)
            .with_context(|| {
                format!("cannot open your key for record {record} version {version}")
            })?;
        let msg = contract.add_wraps(
            patient,
            record,
            version,
            vec![(reader.account.clone(), wrap)],
        );
        contract.execute(signer, &msg).await?;
        shared.push((record, version));
        bar.inc(1);
    }
    bar.finish_and_clear();
    Ok(shared)
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
) -> Result<Vec<u8>> {
    let own_err = match ehr_envelope::open(rctx, body, wrap, secret) {
        Ok(plaintext) => return Ok(plaintext),
        Err(e) => e,
    };
    let Ok(emergency) = ask(contract, me, contract.emergency(patient, me)).await else {
        return Err(own_err.into());
    };
    if emergency.released.iter().any(Vec::is_empty) {
        bail!("this record's key is the patient's emergency key, and its custodians have not both released their shares to you yet: ask them to run `ehr emergency release --patient {patient} --doctor {me}`");
    }
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
