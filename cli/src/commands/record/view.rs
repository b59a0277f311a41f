//! `ehr record view`: decrypt a version, a doctor's read logged on chain first; FHIR shown as a
//! summary on a terminal, as the resource in JSON.

use std::io::IsTerminal as _;
use std::io::Write as _;
use std::path::PathBuf;

use anyhow::{Context as _, Result};
use ehr::{RecordId, VersionId};

use super::patient_or_me;
use super::shown::{Content, Viewed, ViewedTo};
use crate::context::Context;
use crate::words::type_text;

pub async fn run(
    ctx: &Context,
    patient: Option<String>,
    record: RecordId,
    version: Option<VersionId>,
    out: Option<PathBuf>,
    shown: Shown,
) -> Result<()> {
    let signer = ctx.signer()?;
    let contract = ctx.contract().await?;
    let patient = patient_or_me(ctx, patient, &signer.account_id())?;
    let opened = ctx
        .chart_of(&contract, patient)?
        .view(record, version)
        .await?;
    let (r, v, content, audit) = (opened.record, opened.version, opened.content, opened.audit);
    let audit = audit.as_ref().map(crate::landed::Landing::from);
    let fhir = content.info().is_some_and(|i| i.fhir_type().is_some());
    let to = match &out {
        Some(path) => {
            ehr_client::home::private::write(path, content.bytes())?;
            ViewedTo::File(path.display().to_string())
        }
        None if ctx.out.json => match fhir
            .then(|| serde_json::from_slice(content.bytes()).ok())
            .flatten()
        {
            Some(resource) => ViewedTo::Resource(resource),
            None => ViewedTo::Inline(Content::new(content.bytes())),
        },
        None => match crate::fhir_summary::summary(content.bytes()) {
            Some(summary) if fhir && shown.summarises() => ViewedTo::Summary(summary),
            _ => {
                // The content itself is the answer: only the logged read is noted. On a
                // terminal it is another party's text, escaped (an escape sequence in it would
                // drive the terminal); the bytes themselves go only to a file, a pipe, or with
                // --raw.
                let raw = shown.raw() || !std::io::stdout().is_terminal();
                let text = if raw {
                    None
                } else {
                    let media_type = content.info().map_or("unknown", |i| i.media_type());
                    Some(crate::table::for_terminal(content.bytes()).with_context(|| {
                        format!(
                            "record {record} v{v} is not text ({media_type}), so it is not printed on a terminal; write it to a file with --out FILE, or pipe it, or pass --raw{}",
                            if audit.is_some() { " (the read was logged)" } else { "" }
                        )
                    })?)
                };
                if let Some(audit) = &audit {
                    ctx.out.note(format!("read logged {audit}"));
                }
                let bytes = text.as_ref().map_or(content.bytes(), |t| t.as_bytes());
                std::io::stdout()
                    .write_all(bytes)
                    .context("cannot write to stdout")?;
                return Ok(());
            }
        },
    };
    let info = content.info();
    ctx.out.show(&Viewed {
        record,
        version: v,
        record_type: type_text(r.record_type),
        bytes: content.bytes().len(),
        media_type: info.map(|i| i.media_type().to_string()),
        file_name: info.and_then(|i| i.file_name()).map(str::to_string),
        fhir_type: info.and_then(|i| i.fhir_type()).map(str::to_string),
        to,
        audit,
    });
    Ok(())
}

/// How `ehr record view` prints content on stdout.
#[derive(Debug, Clone, Copy)]
pub enum Shown {
    /// FHIR as a summary on a terminal, the bytes otherwise.
    Auto,
    /// FHIR as a summary.
    Summary,
    /// The bytes.
    Raw,
}

impl Shown {
    fn raw(self) -> bool {
        matches!(self, Shown::Raw)
    }

    fn summarises(self) -> bool {
        match self {
            Shown::Auto => std::io::stdout().is_terminal(),
            Shown::Summary => true,
            Shown::Raw => false,
        }
    }
}
