//! A version's transactions, in order, skipping what the chain already holds: the version with
//! its first chunk and first batch of keys, the other chunks by index, then the other keys.

use std::collections::BTreeSet;

use ehr::limits::{MAX_CHUNK_BYTES, MAX_WRAPS_PER_CALL};
use ehr::RecordType;
use ehr_chain::{AccountId32, Inclusion, Wrap};
use parity_scale_codec::Decode;

use crate::chart::Chart;
use crate::error::{ClientError, Result};
use crate::home::pending::Pending;

/// What the chain already holds of a journaled version.
pub enum OnChain {
    /// Not even the version: send it all.
    Nothing,
    /// The version with this many chunks and bytes, and keys for these readers.
    Partial {
        chunk_count: u32,
        bytes_stored: u32,
        wrapped: BTreeSet<AccountId32>,
    },
}

/// Sends a version's transactions, skipping what `on_chain` says is there: the version with
/// its first chunk and first batch of keys, the other chunks in order, then the other keys.
/// Each landed transaction is pushed to `inclusions` as it lands.
pub async fn send(
    chart: &Chart,
    pending: &Pending,
    body: &[u8],
    on_chain: OnChain,
    inclusions: &mut Vec<Inclusion>,
) -> Result<()> {
    let (contract, signer, progress) = (chart.contract(), chart.signer(), chart.progress());
    let patient = chart.account(&pending.patient)?;
    let (record, version) = (pending.record, pending.version);
    let mut wraps: Vec<Wrap> = Vec::with_capacity(pending.wraps.len());
    for (account, wrap) in &pending.wraps {
        let wrap = hex::decode(wrap)
            .map_err(|_| ClientError::Journal("holds a wrapped key that is not hex"))?;
        wraps.push((chart.account(account)?, wrap));
    }
    let chunk = MAX_CHUNK_BYTES as usize;
    let (next, stored, wrapped) = match on_chain {
        OnChain::Nothing => {
            let first = body[..body.len().min(chunk)].to_vec();
            let first_wraps: Vec<Wrap> = wraps
                .iter()
                .take(MAX_WRAPS_PER_CALL as usize)
                .cloned()
                .collect();
            let hash = hex_hash(&pending.hash)?;
            let length = u32::try_from(body.len())
                .map_err(|_| ClientError::Journal("holds a ciphertext over 4 GiB"))?;
            let new = ehr_chain::new_version(hash, length, first.clone(), first_wraps.clone());
            let msg = if version == 1 {
                let record_type = RecordType::decode(&mut &[pending.record_type][..])
                    .map_err(|_| ClientError::Journal("names an unknown record type"))?;
                contract.add_record(&patient, record, record_type, new)
            } else {
                contract.update_record(&patient, record, version, new)
            };
            let what = if version == 1 {
                "adding record"
            } else {
                "adding version"
            };
            let busy = progress.busy(what);
            inclusions.push(contract.execute(signer, &msg).await?.1);
            drop(busy);
            let wrapped = first_wraps.into_iter().map(|(a, _)| a).collect();
            (1, first.len(), wrapped)
        }
        OnChain::Partial {
            chunk_count,
            bytes_stored,
            wrapped,
        } => (chunk_count, bytes_stored as usize, wrapped),
    };
    let rest = &body[stored.min(body.len())..];
    let steps = progress.steps("uploading chunks", rest.chunks(chunk).count() as u64);
    // Each chunk names its index: one the chain already holds (a resend that landed after all)
    // is refused, never stored twice.
    for (index, piece) in (next..).zip(rest.chunks(chunk)) {
        let msg = contract.upload_chunk(&patient, record, version, index, piece.to_vec());
        inclusions.push(contract.execute(signer, &msg).await?.1);
        steps.advance(1);
    }
    drop(steps);
    let missing: Vec<Wrap> = wraps
        .into_iter()
        .filter(|(account, _)| !wrapped.contains(account))
        .collect();
    for batch in missing.chunks(MAX_WRAPS_PER_CALL as usize) {
        let msg = contract.add_wraps(&patient, record, version, batch.to_vec());
        let _busy = progress.busy("wrapping keys");
        inclusions.push(contract.execute(signer, &msg).await?.1);
    }
    Ok(())
}

fn hex_hash(text: &str) -> Result<[u8; 32]> {
    hex::decode(text)
        .ok()
        .and_then(|bytes| bytes.try_into().ok())
        .ok_or(ClientError::Journal(
            "holds a hash that is not 32 bytes of hex",
        ))
}
