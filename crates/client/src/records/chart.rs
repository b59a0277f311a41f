//! Reading a whole chart, version by version, as an export does: each version the caller may
//! read, opened, or the reason it is left out. A guardian's reads are logged, as a doctor's.

use ehr::{RecordId, RecordType, Version, VersionId};
use ehr_envelope::{Content, EncryptionSecret};

use super::download::download;
use super::record_context;
use crate::chart::Chart;
use crate::error::ClientError;
use crate::query::ask;

/// One version of a chart.
pub struct ChartVersion {
    pub record: RecordId,
    pub version: VersionId,
    pub record_type: RecordType,
    /// What the chain holds about it (author, time, block, hash, erased).
    pub info: Version,
    /// Its content, or why it is left out.
    pub content: std::result::Result<Content, Unread>,
}

/// Why a version of a chart was left out.
#[derive(Debug)]
pub enum Unread {
    /// The patient erased it.
    Erased,
    /// Its upload is not complete.
    Incomplete,
    /// It could not be opened (no key, a bad key, a bad ciphertext).
    Failed(ClientError),
}

/// Hands every version of the chart to `visit`, in record and version order. One version that
/// cannot be opened comes with why, and the rest go on; a node that stops answering ends it.
/// `visit`'s own error ends it too.
pub async fn read<E: From<ClientError>>(
    chart: &Chart,
    secret: &EncryptionSecret,
    mut visit: impl FnMut(ChartVersion) -> std::result::Result<(), E>,
) -> std::result::Result<(), E> {
    let (contract, patient) = (chart.contract(), chart.patient());
    let me = chart.me();
    let p = ask(contract, &me, contract.patient(patient)).await?;
    for record in 1..=p.record_count {
        let r = ask(contract, &me, contract.record(patient, record)).await?;
        for version in 1..=r.version_count {
            let info = ask(contract, &me, contract.version(patient, record, version)).await?;
            let content = if info.complete() {
                let opened = async {
                    let wrap = ask(
                        contract,
                        &me,
                        contract.wrapped_key(patient, record, version),
                    )
                    .await?;
                    if me != *patient {
                        // A guardian's read is logged in the patient's history, as a doctor's.
                        let msg = contract.open_record(patient, record, version);
                        contract.execute(chart.signer(), &msg).await?;
                    }
                    let body = download(
                        chart.progress(),
                        contract,
                        &me,
                        patient,
                        record,
                        version,
                        &info,
                    )
                    .await?;
                    let rctx = record_context(contract, patient, record, version, r.record_type);
                    Ok::<_, ClientError>(ehr_envelope::open(&rctx, &body, &wrap, secret)?)
                }
                .await;
                match opened {
                    Ok(content) => Ok(content),
                    Err(e) if e.stops_the_round() => return Err(e.into()),
                    Err(e) => Err(Unread::Failed(e)),
                }
            } else if info.erased {
                Err(Unread::Erased)
            } else {
                Err(Unread::Incomplete)
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
