//! Reading a whole chart, version by version, as an export does: each version the caller may
//! read, opened, or the reason it is left out. A guardian's reads are logged, as a doctor's.

use anyhow::Result;
use ehr::{RecordId, RecordType, Version, VersionId};
use ehr_chain::{AccountId32, EhrContract, Signer};
use ehr_envelope::{Content, EncryptionSecret};

use crate::ops::records::{self, ask};
use crate::output::Output;

/// One version of a chart.
pub struct ChartVersion {
    pub record: RecordId,
    pub version: VersionId,
    pub record_type: RecordType,
    /// What the chain holds about it (author, time, block, hash, erased).
    pub info: Version,
    /// Its content, or why it is left out: erased, incomplete, or not openable.
    pub content: std::result::Result<Content, String>,
}

/// The caller and the chart: who reads what.
pub struct Reader<'a> {
    pub out: &'a Output,
    pub contract: &'a EhrContract,
    pub signer: &'a Signer,
    pub secret: &'a EncryptionSecret,
}

/// Hands every version of `chart` to `visit`, in record and version order. One version that
/// cannot be opened (no key, a bad key, a bad ciphertext) comes with why, and the rest go on;
/// a node that stops answering ends it.
pub async fn read(
    reader: &Reader<'_>,
    chart: &AccountId32,
    mut visit: impl FnMut(ChartVersion) -> Result<()>,
) -> Result<()> {
    let Reader {
        out,
        contract,
        signer,
        secret,
    } = *reader;
    let me = signer.account_id();
    let patient = ask(contract, &me, contract.patient(chart)).await?;
    for record in 1..=patient.record_count {
        let r = ask(contract, &me, contract.record(chart, record)).await?;
        for version in 1..=r.version_count {
            let info = ask(contract, &me, contract.version(chart, record, version)).await?;
            let content = if info.complete() {
                let opened = async {
                    let wrap =
                        ask(contract, &me, contract.wrapped_key(chart, record, version)).await?;
                    if me != *chart {
                        // A guardian's read is logged in the patient's history, as a doctor's.
                        let msg = contract.open_record(chart, record, version);
                        crate::ops::send::send_step(contract, signer, &msg).await?;
                    }
                    let body = records::download(out, contract, &me, chart, record, version, &info)
                        .await?;
                    let rctx =
                        records::record_context(contract, chart, record, version, r.record_type);
                    anyhow::Ok(ehr_envelope::open(&rctx, &body, &wrap, secret)?)
                }
                .await;
                match opened {
                    Ok(content) => Ok(content),
                    Err(e) if records::stops_sharing(&e) => return Err(e),
                    Err(e) => Err(crate::explain::chain_text(&e)),
                }
            } else if info.erased {
                Err("erased".to_string())
            } else {
                Err("incomplete".to_string())
            };
            visit(ChartVersion {
                record,
                version,
                record_type: r.record_type,
                info,
                content,
            })?;
        }
    }
    Ok(())
}
