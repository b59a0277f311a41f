//! Finishing an upload cut off halfway: what the chain lacks of a journaled version is sent,
//! never twice (each chunk names its index), and the version is read back and checked against
//! what was sealed before it is called complete.

use ehr_chain::{to_account32, ChainError};

use super::download::download;
use super::send::{send, OnChain};
use super::sharing::version_readers;
use crate::chart::Chart;
use crate::error::{ClientError, Result};
use crate::home::pending::Pending;
use crate::query::ask;

/// How resuming a journaled upload ended.
pub enum Resumed {
    /// Everything is on chain now, after this many transactions.
    Completed { transactions: usize },
    /// It can never complete (its id was taken, or the version was replaced or erased); the
    /// journal entry was dropped and the file should be added again.
    Abandoned { reason: String },
}

/// Sends what the chain lacks of a journaled upload, then drops the journal entry.
/// The journal names the chart (which may be another than `chart`'s: a writer resumes its
/// uploads to every chart it writes to); `chart` gives the contract, the signer (the upload's
/// author), the home and the progress.
pub async fn resume(chart: &Chart, pending: &Pending) -> Result<Resumed> {
    let (contract, home) = (chart.contract(), chart.home());
    let me = chart.me();
    let patient = chart.account(&pending.patient)?;
    let (record, version) = (pending.record, pending.version);
    let body = pending.body(home)?;
    let abandon = |reason: String| -> Result<Resumed> {
        pending.remove(home)?;
        Ok(Resumed::Abandoned { reason })
    };
    let on_chain = match contract
        .query(&me, &contract.version(&patient, record, version))
        .await?
    {
        Ok(v) if to_account32(v.author) != me || hex::encode(v.hash) != pending.hash => {
            return abandon(format!(
                "record {record} v{version} was written by another upload"
            ));
        }
        Ok(v) if v.erased => return abandon(format!("record {record} v{version} was erased")),
        Ok(v) => OnChain::Partial {
            chunk_count: v.chunk_count,
            bytes_stored: v.bytes_stored,
            wrapped: version_readers(contract, &me, &patient, record, version)
                .await?
                .into_iter()
                .collect(),
        },
        Err(ehr::Error::RecordNotFound | ehr::Error::VersionNotFound) => {
            let next = if version == 1 {
                ask(contract, &me, contract.patient(&patient))
                    .await?
                    .record_count
                    + 1
                    == record
            } else {
                ask(contract, &me, contract.record(&patient, record))
                    .await?
                    .version_count
                    + 1
                    == version
            };
            if !next {
                return abandon(format!(
                    "record {record} v{version} never reached the chain and its id was taken since"
                ));
            }
            OnChain::Nothing
        }
        Err(e) => return Err(ChainError::Contract(e).into()),
    };
    let mut inclusions = Vec::new();
    send(chart, pending, &body, on_chain, &mut inclusions).await?;
    // What was stored before this resume came from a run whose end is unknown: the version is
    // complete only when what the chain holds is what was sealed. Only a mismatch abandons the
    // upload; any other failure of the read leaves the journal for the next resume.
    let info = ask(contract, &me, contract.version(&patient, record, version)).await?;
    let stored = download(
        chart.progress(),
        contract,
        &me,
        &patient,
        record,
        version,
        &info,
    )
    .await;
    if let Err(e) = stored {
        if !matches!(e, ClientError::IntegrityFailed { .. }) {
            return Err(ClientError::ReadBack {
                record,
                version,
                source: Box::new(e),
            });
        }
        let who = if patient == me {
            format!("erase it with `ehr record erase {record} --version {version}`")
        } else {
            "ask the patient to erase it".to_string()
        };
        return abandon(format!(
            "record {record} v{version} is on chain but does not hold what was sealed; {who}, and add the file again"
        ));
    }
    pending.remove(home)?;
    Ok(Resumed::Completed {
        transactions: inclusions.len(),
    })
}
