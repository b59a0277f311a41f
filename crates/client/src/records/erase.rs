//! Erasing a version (patient only): the erase marks it erased at once (nobody opens or wraps it
//! again) and removes its keys and as many chunks as one block's proof budget allows; further
//! transactions free the rest, each bounded. An erase cut off after its first transaction is
//! finished by erasing again: only the chunks are left to free.

use ehr::{RecordId, VersionId};
use ehr_chain::{EhrEvent, Inclusion};

use crate::chart::Chart;
use crate::error::{ClientError, Result};
use crate::query::ask;

/// What an erase did.
pub struct Erased {
    /// The erase itself; `None` when an earlier run erased the version and this one only freed
    /// chunks.
    pub erase: Option<Inclusion>,
    /// Chunks stored when this run began (all freed by its end).
    pub chunks: u32,
    /// The further transactions that freed the chunks the erase left.
    pub freeing: Vec<Inclusion>,
}

/// Erases version `version` of record `record` of the signer's own chart and frees all its
/// chunks.
pub async fn erase(chart: &Chart, record: RecordId, version: VersionId) -> Result<Erased> {
    let contract = chart.contract();
    let me = chart.me();
    let info = ask(contract, &me, contract.version(&me, record, version)).await?;
    let (mut left, erase) = if info.erased {
        (info.chunk_count, None)
    } else {
        let msg = contract.erase_version(record, version);
        let busy = chart.progress().busy("erasing");
        let ((), inclusion) = contract.execute(chart.signer(), &msg).await?;
        drop(busy);
        // What the erase left, as its block says.
        let left = inclusion
            .ehr_events(contract.address())
            .iter()
            .find_map(|e| match e {
                EhrEvent::RecordErased(e) => Some(e.chunks_left),
                _ => None,
            })
            .unwrap_or(0);
        (left, Some(inclusion))
    };
    let mut freeing = Vec::new();
    let steps = chart.progress().steps("freeing chunks", u64::from(left));
    while left > 0 {
        let msg = contract.free_chunks(record, version);
        let (now, landed) =
            contract
                .execute(chart.signer(), &msg)
                .await
                .map_err(|e| ClientError::ChunksLeft {
                    record,
                    version,
                    left,
                    source: Box::new(e.into()),
                })?;
        steps.advance(u64::from(left.saturating_sub(now)));
        left = now;
        freeing.push(landed);
    }
    Ok(Erased {
        erase,
        chunks: info.chunk_count,
        freeing,
    })
}
