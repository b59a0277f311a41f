//! `ehr record ...`: add, update, list, view, verify and erase health records. Content is
//! encrypted on this machine before it is sent; the chain only ever sees ciphertext.

use crate::words::{type_text, Type};
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::address::parse as parse_account;
use anyhow::{Context as _, Result};
use clap::Subcommand;
use ehr::{RecordId, VersionId};
use ehr_chain::{to_account32, AccountId32};

use crate::context::Context;

mod export;
mod resume;
mod shown;
mod view;
use ehr_client::query::ask;
use ehr_client::records::upload::Target;
use shown::{Added, Erased, RecordList, RecordRow, Verified};

#[derive(Debug, Subcommand)]
pub enum RecordCommand {
    /// Encrypt a file (or stdin) and add it as a new record.
    ///
    /// Examples: `ehr record add --type cardiac ecg.pdf`; as a doctor with write access,
    /// `ehr record add --type lab --patient 5Grw... results.txt`.
    Add {
        /// What kind of record it is (the chart files it under this type; public on chain).
        #[arg(long = "type", value_enum)]
        record_type: Type,
        /// The patient whose chart gets the record (default: you).
        #[arg(long, conflicts_with = "for_patient")]
        patient: Option<String>,
        /// The file to add; `-` or nothing reads stdin.
        file: Option<PathBuf>,
        #[command(flatten)]
        content: ContentArgs,
        #[command(flatten)]
        on: crate::cli::SendsFor,
    },
    /// Encrypt a file (or stdin) as a new version of a record (older versions stay).
    Update {
        record: RecordId,
        #[arg(long, conflicts_with = "for_patient")]
        patient: Option<String>,
        file: Option<PathBuf>,
        #[command(flatten)]
        content: ContentArgs,
        #[command(flatten)]
        on: crate::cli::SendsFor,
    },
    /// List the records of a chart.
    List {
        #[arg(long, conflicts_with = "for_patient")]
        patient: Option<String>,
        #[command(flatten)]
        on: crate::cli::ReadsFor,
    },
    /// Decrypt a record version. A doctor's read is logged on chain before anything is decrypted.
    /// FHIR content is shown as a summary on a terminal, other text with its control characters
    /// escaped, and other content not at all (use --out); `--raw` prints the bytes, `--json` the
    /// resource.
    ///
    /// Example: ehr record view 1 --out ecg.pdf
    View {
        record: RecordId,
        /// The version (default: the latest).
        #[arg(long)]
        version: Option<VersionId>,
        #[arg(long, conflicts_with = "for_patient")]
        patient: Option<String>,
        /// Write the content to this file (mode 0600) instead of stdout.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Print the content's bytes as they are, also on a terminal (escape sequences in them
        /// then reach it).
        #[arg(long, conflicts_with = "out")]
        raw: bool,
        /// Print FHIR content as its summary also when stdout is not a terminal.
        #[arg(long, conflicts_with_all = ["out", "raw"])]
        summary: bool,
        #[command(flatten)]
        on: crate::cli::ReadsSendsFor,
    },
    /// Check a version's stored ciphertext against its on-chain hash, without decrypting.
    Verify {
        record: RecordId,
        #[arg(long)]
        version: Option<VersionId>,
        #[arg(long, conflicts_with = "for_patient")]
        patient: Option<String>,
        #[command(flatten)]
        on: crate::cli::ReadsFor,
    },
    /// Decrypt every readable version of your chart (or, with `--for`, the patient's you guard;
    /// each read logged) into a directory, with a manifest of hashes.
    ///
    /// Example: ehr record export ./my-chart --suri //Alice
    ///
    /// `--fhir chart.json` writes one FHIR R4 Bundle instead: FHIR records as their resources,
    /// other files as DocumentReferences with their content, erased versions listed.
    Export {
        /// The directory to write (created; must be empty if it exists).
        #[arg(required_unless_present = "fhir")]
        dir: Option<PathBuf>,
        /// Write the chart as one FHIR R4 Bundle (type collection) to this new file.
        #[arg(long, value_name = "FILE", conflicts_with = "dir")]
        fhir: Option<PathBuf>,
        #[command(flatten)]
        on: crate::cli::ReadsFor,
    },
    /// Erase a version's ciphertext and keys from the chain's current state (patient only).
    Erase {
        record: RecordId,
        #[arg(long)]
        version: VersionId,
        #[command(flatten)]
        on: crate::cli::SendsOwn,
    },
    /// Finish uploads that were cut off (node stopped, connection lost): sends the chunks and
    /// keys the chain lacks. Nothing is re-encrypted.
    ///
    /// Example: ehr record resume --suri //Alice
    Resume {
        #[command(flatten)]
        on: crate::cli::Sends,
    },
}

/// What a new version is: `ehr record add` and `update`.
#[derive(Debug, clap::Args)]
pub struct ContentArgs {
    /// The content's media type, e.g. `application/pdf` or `application/fhir+json` (default:
    /// recognised from the bytes and the file name). It is sealed with the record, never on
    /// chain.
    #[arg(long)]
    media_type: Option<String>,
    /// Seal FHIR content without validating it as R4 (and JSON without checking it parses). A
    /// record on chain cannot be fixed, only superseded: use this only for content you know a
    /// reader accepts.
    #[arg(long)]
    no_validate: bool,
}

crate::cli::options_of!(RecordCommand: Add, Update, List, View, Verify, Export, Erase, Resume);

pub async fn run(ctx: &Context, cmd: RecordCommand) -> Result<()> {
    match cmd {
        RecordCommand::Add {
            record_type,
            patient,
            file,
            content,
            ..
        } => write(ctx, patient, Target::New(record_type.into()), file, content).await,
        RecordCommand::Update {
            record,
            patient,
            file,
            content,
            ..
        } => write(ctx, patient, Target::Next(record), file, content).await,
        RecordCommand::List { patient, .. } => list(ctx, patient).await,
        RecordCommand::View {
            record,
            version,
            patient,
            out,
            raw,
            summary,
            ..
        } => {
            let shown = match (raw, summary) {
                (true, _) => view::Shown::Raw,
                (_, true) => view::Shown::Summary,
                _ => view::Shown::Auto,
            };
            view::run(ctx, patient, record, version, out, shown).await
        }
        RecordCommand::Verify {
            record,
            version,
            patient,
            ..
        } => verify(ctx, patient, record, version).await,
        RecordCommand::Export { dir, fhir, .. } => match (dir, fhir) {
            (_, Some(file)) => export::run_fhir(ctx, &file).await,
            (Some(dir), None) => export::run(ctx, &dir).await,
            (None, None) => anyhow::bail!("give a directory, or --fhir FILE"),
        },
        RecordCommand::Erase {
            record, version, ..
        } => erase(ctx, record, version).await,
        RecordCommand::Resume { .. } => resume::run(ctx).await,
    }
}

/// `--patient`, else `--for`, else the signer.
fn patient_or_me(ctx: &Context, patient: Option<String>, me: &AccountId32) -> Result<AccountId32> {
    match patient {
        Some(p) => Ok(parse_account(&p)?),
        None => ctx.patient(me),
    }
}

/// Reads the input before anything is sent, refusing what cannot become a record.
fn read_input(file: Option<&Path>) -> Result<Vec<u8>> {
    let cap = ehr_client::records::max_plaintext_bytes();
    let mut bytes = Vec::new();
    match file {
        Some(path) if path != Path::new("-") => {
            let meta = std::fs::metadata(path)
                .with_context(|| format!("cannot read {}", path.display()))?;
            if meta.len() > cap as u64 {
                anyhow::bail!(
                    "{} is {} bytes; one record version holds at most {cap} bytes. Nothing was sent",
                    path.display(),
                    meta.len()
                );
            }
            std::fs::File::open(path)
                .and_then(|mut f| f.read_to_end(&mut bytes))
                .with_context(|| format!("cannot read {}", path.display()))?;
            if bytes.is_empty() {
                anyhow::bail!("{} is empty. Nothing was sent", path.display());
            }
        }
        _ => {
            std::io::stdin()
                .take(cap as u64 + 1)
                .read_to_end(&mut bytes)
                .context("cannot read stdin")?;
            if bytes.is_empty() {
                anyhow::bail!(
                    "stdin was empty (give a file, or pipe the record in). Nothing was sent"
                );
            }
        }
    }
    Ok(bytes)
}

async fn write(
    ctx: &Context,
    patient: Option<String>,
    target: Target,
    file: Option<PathBuf>,
    described: ContentArgs,
) -> Result<()> {
    let signer = ctx.signer()?;
    let bytes = read_input(file.as_deref())?;
    let how = ehr_client::records::content::Describe {
        media_type: described.media_type.as_deref(),
        validate: !described.no_validate,
    };
    let content = ehr_client::records::content::describe(bytes, file.as_deref(), &how)?;
    if described.no_validate && content.info().and_then(|i| i.fhir_type()).is_some() {
        ctx.out.warn(
            "warning: --no-validate: this FHIR content is sealed without being checked as R4; a reader may refuse it, and a record on chain can only be superseded, never fixed",
        );
    }
    let contract = ctx.contract().await?;
    let patient = patient_or_me(ctx, patient, &signer.account_id())?;
    let chart = ctx.chart_of(&contract, patient.clone())?;
    let unfinished = chart.pending_uploads()?.len();
    if unfinished > 0 {
        ctx.out.note(format!(
            "{unfinished} earlier upload(s) did not finish; run `ehr record resume` to complete them"
        ));
    }
    let up = chart.upload(target, &content).await?;
    ctx.out.show(&Added::new(
        &patient,
        &up,
        content.info(),
        !described.no_validate,
    ));
    Ok(())
}

async fn list(ctx: &Context, patient: Option<String>) -> Result<()> {
    let signer = ctx.signer()?;
    let me = signer.account_id();
    let contract = ctx.contract().await?;
    let patient = patient_or_me(ctx, patient, &me)?;
    let count = ask(&contract, &me, contract.patient(&patient))
        .await?
        .record_count;
    // Record ids run 1..=count; pages are fetched side by side.
    let all = contract
        .query_pages(&me, 1, u64::from(count), |from, limit| {
            contract.records(&patient, from as u32, limit)
        })
        .await?;
    let rows = all
        .iter()
        .map(|(id, r)| {
            let author = to_account32(r.author);
            RecordRow {
                record: *id,
                record_type: type_text(r.record_type),
                created_at: r.created_at,
                versions: r.version_count,
                author: author.to_string(),
                by_patient: author == patient,
            }
        })
        .collect();
    ctx.out.show(&RecordList(rows));
    Ok(())
}

async fn verify(
    ctx: &Context,
    patient: Option<String>,
    record: RecordId,
    version: Option<VersionId>,
) -> Result<()> {
    let signer = ctx.signer()?;
    let contract = ctx.contract().await?;
    let patient = patient_or_me(ctx, patient, &signer.account_id())?;
    let chart = ctx.chart_of(&contract, patient)?;
    let (_, v, info) = chart.locate(record, version).await?;
    chart.download(record, v, &info).await?;
    ctx.out.show(&Verified {
        record,
        version: v,
        intact: true,
        bytes: info.length,
        hash: hex::encode(info.hash),
    });
    Ok(())
}

async fn erase(ctx: &Context, record: RecordId, version: VersionId) -> Result<()> {
    let contract = ctx.contract().await?;
    let erased = ctx.chart(&contract)?.erase(record, version).await?;
    ctx.out.show(&Erased {
        record,
        version,
        inclusion: erased.erase.as_ref().map(Into::into),
        freed_chunks: erased.chunks,
        freeing: erased.freeing.iter().map(Into::into).collect(),
    });
    Ok(())
}
