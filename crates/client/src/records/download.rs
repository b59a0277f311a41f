//! A version's ciphertext: located, downloaded chunk by chunk, and checked against the hash its
//! author recorded on chain before anything is decrypted.

use ehr::{Record, RecordId, Version, VersionId};
use ehr_chain::{AccountId32, EhrContract};
use ehr_envelope::body_hash;

use crate::error::{ClientError, Result};
use crate::progress::Progress;
use crate::query::ask;

/// A version's ciphertext, downloaded chunk by chunk and checked against the on-chain hash.
pub async fn download(
    progress: &dyn Progress,
    contract: &EhrContract,
    reader: &AccountId32,
    patient: &AccountId32,
    record: RecordId,
    version: VersionId,
    info: &Version,
) -> Result<Vec<u8>> {
    if info.erased {
        return Err(ClientError::Erased { record, version });
    }
    if !info.complete() {
        return Err(ClientError::Incomplete {
            record,
            version,
            stored: info.bytes_stored,
            length: info.length,
        });
    }
    let mut body = Vec::with_capacity(info.length as usize);
    let steps = progress.steps("downloading", u64::from(info.chunk_count));
    for index in 0..info.chunk_count {
        let chunk = ask(
            contract,
            reader,
            contract.chunk(patient, record, version, index),
        )
        .await?;
        body.extend_from_slice(&chunk);
        steps.advance(1);
    }
    if body.len() != info.length as usize || body_hash(&body) != info.hash {
        return Err(ClientError::IntegrityFailed { record, version });
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
