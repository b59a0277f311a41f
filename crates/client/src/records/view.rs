//! Reading one version: checked that it can be opened at all, the read logged on the patient's
//! history first when the reader is not the patient (an audited read), then downloaded,
//! checked against its hash and opened.

use ehr::{Record, RecordId, Version, VersionId};
use ehr_chain::Inclusion;
use ehr_envelope::Content;

use super::download::{download, locate};
use super::open::{ensure_can_open, open_version};
use super::record_context;
use crate::chart::Chart;
use crate::error::Result;
use crate::query::ask;

/// A version read.
pub struct Opened {
    pub record: Record,
    pub version: VersionId,
    pub info: Version,
    pub content: Content,
    /// The logged read (a reader other than the patient).
    pub audit: Option<Inclusion>,
}

/// Opens version `version` (`None`: the latest) of record `record` of the chart.
pub async fn view(chart: &Chart, record: RecordId, version: Option<VersionId>) -> Result<Opened> {
    let (contract, patient) = (chart.contract(), chart.patient());
    let me = chart.me();
    let secret = chart.own_secret().await?;
    let (r, v, info) = locate(contract, &me, patient, record, version).await?;
    let wrap = ask(contract, &me, contract.wrapped_key(patient, record, v)).await?;
    let rctx = record_context(contract, patient, record, v, r.record_type);
    // Nothing is logged for a read that could not be opened anyway.
    ensure_can_open(contract, &me, &secret, patient, &rctx, &wrap).await?;
    let audit = if me != *patient {
        let msg = contract.open_record(patient, record, v);
        let _busy = chart.progress().busy("logging the read");
        Some(contract.execute(chart.signer(), &msg).await?.1)
    } else {
        None
    };
    let body = download(chart.progress(), contract, &me, patient, record, v, &info).await?;
    let content = open_version(contract, &me, &secret, patient, &rctx, &body, &wrap).await?;
    Ok(Opened {
        record: r,
        version: v,
        info,
        content,
        audit,
    })
}
