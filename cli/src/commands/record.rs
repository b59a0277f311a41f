//! `ehr record ...`: add, update, list, view, verify and erase health records. Content is
//! encrypted on this machine before it is sent; the chain only ever sees ciphertext.

use crate::words::{type_text, Type};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use crate::address::parse as parse_account;
use anyhow::{Context as _, Result};
use clap::Subcommand;
use ehr::{RecordId, VersionId};
use ehr_chain::{to_account32, AccountId32};

use crate::context::Context;

mod resume;
use crate::ops::records::{self, ask};
use crate::ops::upload::{Target, Uploaded};
use crate::table::{time, Table};

#[derive(Debug, Subcommand)]
pub enum RecordCommand {
    /// Encrypt a file (or stdin) and add it as a new record.
    ///
    /// Example: ehr record add --type cardiac ecg.pdf
    ///          ehr record add --type lab --patient 5Grw... results.txt   (a doctor with write access)
    Add {
        #[arg(long = "type", value_enum)]
        record_type: Type,
        /// The patient whose chart gets the record (default: you).
        #[arg(long)]
        patient: Option<String>,
        /// The file to add; `-` or nothing reads stdin.
        file: Option<PathBuf>,
        #[command(flatten)]
        on: crate::cli::SendsFor,
    },
    /// Encrypt a file (or stdin) as a new version of a record (older versions stay).
    Update {
        record: RecordId,
        #[arg(long)]
        patient: Option<String>,
        file: Option<PathBuf>,
        #[command(flatten)]
        on: crate::cli::SendsFor,
    },
    /// List the records of a chart.
    List {
        #[arg(long)]
        patient: Option<String>,
        #[command(flatten)]
        on: crate::cli::ReadsFor,
    },
    /// Decrypt a record version. A doctor's read is logged on chain before anything is decrypted.
    ///
    /// Example: ehr record view 1 --out ecg.pdf
    View {
        record: RecordId,
        /// The version (default: the latest).
        #[arg(long)]
        version: Option<VersionId>,
        #[arg(long)]
        patient: Option<String>,
        /// Write the content to this file (mode 0600) instead of stdout.
        #[arg(long)]
        out: Option<PathBuf>,
        #[command(flatten)]
        on: crate::cli::ReadsSendsFor,
    },
    /// Check a version's stored ciphertext against its on-chain hash, without decrypting.
    Verify {
        record: RecordId,
        #[arg(long)]
        version: Option<VersionId>,
        #[arg(long)]
        patient: Option<String>,
        #[command(flatten)]
        on: crate::cli::ReadsFor,
    },
    /// Decrypt every readable version of your chart (or, with `--for`, the patient's you guard;
    /// each read logged) into a directory, with a manifest of hashes.
    ///
    /// Example: ehr record export ./my-chart --suri //Alice
    Export {
        /// The directory to write (created; must be empty if it exists).
        dir: PathBuf,
        #[command(flatten)]
        on: crate::cli::ReadsFor,
    },
    /// Erase a version's ciphertext and keys from the chain's current state (patient only).
    Erase {
        record: RecordId,
        #[arg(long)]
        version: VersionId,
        #[command(flatten)]
        on: crate::cli::Sends,
    },
    /// Finish uploads that were cut off (node stopped, connection lost): sends the chunks and
    /// keys the chain lacks. Nothing is re-encrypted.
    ///
    /// Example: ehr record resume --suri //Alice
    Resume {
        #[command(flatten)]
        on: crate::cli::SendsFor,
    },
}

impl RecordCommand {
    /// The options of the command given (each takes only the option groups it uses).
    pub fn options(&self) -> crate::cli::Options {
        use crate::cli::Uses;
        match self {
            Self::Add { on, .. } => on.options(),
            Self::Update { on, .. } => on.options(),
            Self::List { on, .. } => on.options(),
            Self::View { on, .. } => on.options(),
            Self::Verify { on, .. } => on.options(),
            Self::Export { on, .. } => on.options(),
            Self::Erase { on, .. } => on.options(),
            Self::Resume { on, .. } => on.options(),
        }
    }
}

pub async fn run(ctx: &Context, cmd: RecordCommand) -> Result<()> {
    match cmd {
        RecordCommand::Add {
            record_type,
            patient,
            file,
            ..
        } => write(ctx, patient, Target::New(record_type.into()), file).await,
        RecordCommand::Update {
            record,
            patient,
            file,
            ..
        } => write(ctx, patient, Target::Next(record), file).await,
        RecordCommand::List { patient, .. } => list(ctx, patient).await,
        RecordCommand::View {
            record,
            version,
            patient,
            out,
            ..
        } => view(ctx, patient, record, version, out).await,
        RecordCommand::Verify {
            record,
            version,
            patient,
            ..
        } => verify(ctx, patient, record, version).await,
        RecordCommand::Export { dir, .. } => export(ctx, &dir).await,
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
    let cap = records::max_plaintext_bytes();
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
) -> Result<()> {
    let signer = ctx.signer()?;
    let plaintext = read_input(file.as_deref())?;
    let contract = ctx.contract().await?;
    let patient = patient_or_me(ctx, patient, &signer.account_id())?;
    let home = ctx.home()?;
    let unfinished = crate::pending::of(&home, &contract, &signer.account_id())?.len();
    if unfinished > 0 {
        ctx.out.note(format!(
            "{unfinished} earlier upload(s) did not finish; run `ehr record resume` to complete them"
        ));
    }
    let own_key = ctx.own_secret(&contract).await?.public_key();
    let trust = ctx.trust(&contract)?;
    let writer = crate::ops::upload::Writer {
        out: &ctx.out,
        contract: &contract,
        trust: &trust,
        signer: &signer,
        own_key,
        home: &home,
    };
    let up = crate::ops::upload::upload(&writer, &patient, target, &plaintext).await?;
    print_uploaded(ctx, &patient, &up);
    Ok(())
}

fn print_uploaded(ctx: &Context, patient: &AccountId32, up: &Uploaded) {
    let (where_text, where_json) = super::inclusion_summary(&up.inclusions[0]);
    let readers: Vec<String> = up.readers.iter().map(ToString::to_string).collect();
    let verb = if up.version == 1 {
        "added record"
    } else {
        "added version"
    };
    ctx.out.result(
        format!(
            "{verb} {} v{} ({}) to {patient}'s chart\n  {} bytes encrypted, sha256 {}\n  readable by {}\n  {where_text}{}",
            up.record,
            up.version,
            type_text(up.record_type),
            up.length,
            hex::encode(up.hash),
            readers.join(", "),
            if up.inclusions.len() > 1 {
                format!(" (+{} more transactions)", up.inclusions.len() - 1)
            } else {
                String::new()
            },
        ) + &if up.id_attempts > 1 {
            format!(
                "\n  sealed {} times: another writer took the id it was sealed for first",
                up.id_attempts
            )
        } else {
            String::new()
        },
        serde_json::json!({
            "patient": patient.to_string(),
            "record": up.record,
            "version": up.version,
            "type": type_text(up.record_type),
            "ciphertext_bytes": up.length,
            "hash": hex::encode(up.hash),
            "readers": readers,
            "transactions": up.inclusions.len(),
            "id_attempts": up.id_attempts,
            "inclusion": where_json,
        }),
    );
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
    let mut table = Table::new(["id", "type", "created", "versions", "author"]);
    let mut json = Vec::new();
    for (id, r) in &all {
        let author = to_account32(r.author);
        table.row([
            id.to_string(),
            type_text(r.record_type).to_string(),
            time(r.created_at),
            r.version_count.to_string(),
            if author == patient {
                "patient".to_string()
            } else {
                author.to_string()
            },
        ]);
        json.push(serde_json::json!({
            "record": id,
            "type": type_text(r.record_type),
            "created_at": r.created_at,
            "versions": r.version_count,
            "author": author.to_string(),
        }));
    }
    let human = if table.is_empty() {
        "no records".to_string()
    } else {
        table.to_string()
    };
    ctx.out.result(human, serde_json::Value::Array(json));
    Ok(())
}

async fn view(
    ctx: &Context,
    patient: Option<String>,
    record: RecordId,
    version: Option<VersionId>,
    out: Option<PathBuf>,
) -> Result<()> {
    let signer = ctx.signer()?;
    let me = signer.account_id();
    let contract = ctx.contract().await?;
    let patient = patient_or_me(ctx, patient, &me)?;
    let secret = ctx.own_secret(&contract).await?;
    let (r, v, info) = records::locate(&contract, &me, &patient, record, version).await?;
    let wrap = ask(&contract, &me, contract.wrapped_key(&patient, record, v)).await?;
    let rctx = records::record_context(&contract, &patient, record, v, r.record_type);
    // Nothing is logged for a read that could not be opened anyway.
    records::ensure_can_open(&contract, &me, &secret, &patient, &rctx, &wrap).await?;
    // The audited read: a doctor's access is on the patient's log before anything is decrypted.
    let audit = if me != patient {
        let msg = contract.open_record(&patient, record, v);
        let ((), inclusion) =
            crate::ops::send::send(&ctx.out, "logging the read", &contract, &signer, &msg).await?;
        Some(inclusion)
    } else {
        None
    };
    let body = records::download(&ctx.out, &contract, &me, &patient, record, v, &info).await?;
    let plaintext =
        records::open_version(&contract, &me, &secret, &patient, &rctx, &body, &wrap).await?;
    let audit_json = audit.as_ref().map(|i| super::inclusion_summary(i).1);
    match &out {
        Some(path) => {
            crate::private_file::write(path, &plaintext)?;
            let mut human = format!(
                "record {record} v{v} ({}), {} bytes, written to {}",
                type_text(r.record_type),
                plaintext.len(),
                path.display()
            );
            if let Some(i) = &audit {
                human += &format!("\n  read logged {}", super::inclusion_summary(i).0);
            }
            ctx.out.result(
                human,
                serde_json::json!({
                    "record": record, "version": v, "type": type_text(r.record_type),
                    "bytes": plaintext.len(), "out": path.display().to_string(),
                    "audit": audit_json,
                }),
            );
        }
        None if ctx.out.json => {
            let content = match std::str::from_utf8(&plaintext) {
                Ok(text) => serde_json::json!({ "text": text }),
                Err(_) => serde_json::json!({ "hex": hex::encode(&plaintext) }),
            };
            ctx.out.result(
                "",
                serde_json::json!({
                    "record": record, "version": v, "type": type_text(r.record_type),
                    "bytes": plaintext.len(), "content": content, "audit": audit_json,
                }),
            );
        }
        None => {
            if let Some(i) = &audit {
                ctx.out
                    .note(format!("read logged {}", super::inclusion_summary(i).0));
            }
            std::io::stdout()
                .write_all(&plaintext)
                .context("cannot write to stdout")?;
        }
    }
    Ok(())
}

async fn verify(
    ctx: &Context,
    patient: Option<String>,
    record: RecordId,
    version: Option<VersionId>,
) -> Result<()> {
    let signer = ctx.signer()?;
    let me = signer.account_id();
    let contract = ctx.contract().await?;
    let patient = patient_or_me(ctx, patient, &me)?;
    let (_, v, info) = records::locate(&contract, &me, &patient, record, version).await?;
    records::download(&ctx.out, &contract, &me, &patient, record, v, &info).await?;
    ctx.out.result(
        format!(
            "record {record} v{v}: intact ({} bytes of ciphertext match sha256 {})",
            info.length,
            hex::encode(info.hash)
        ),
        serde_json::json!({
            "record": record, "version": v, "intact": true,
            "bytes": info.length, "hash": hex::encode(info.hash),
        }),
    );
    Ok(())
}

async fn export(ctx: &Context, dir: &Path) -> Result<()> {
    let signer = ctx.signer()?;
    let me = signer.account_id();
    if dir.exists()
        && std::fs::read_dir(dir)
            .with_context(|| format!("cannot read {}", dir.display()))?
            .next()
            .is_some()
    {
        anyhow::bail!(
            "{} is not empty; export into a new directory",
            dir.display()
        );
    }
    let contract = ctx.contract().await?;
    let chart = ctx.patient(&me)?;
    let secret = ctx.own_secret(&contract).await?;
    let patient = ask(&contract, &me, contract.patient(&chart)).await?;
    crate::private_file::create_dir(dir)?;
    let mut manifest = Vec::new();
    let mut skipped = Vec::new();
    for record in 1..=patient.record_count {
        let r = ask(&contract, &me, contract.record(&chart, record)).await?;
        for v in 1..=r.version_count {
            let info = ask(&contract, &me, contract.version(&chart, record, v)).await?;
            if !info.complete() {
                skipped.push(serde_json::json!({ "record": record, "version": v, "why": if info.erased { "erased" } else { "incomplete" } }));
                continue;
            }
            let opened = async {
                let wrap = ask(&contract, &me, contract.wrapped_key(&chart, record, v)).await?;
                if me != chart {
                    // A guardian's read is logged in the patient's history, as a doctor's is.
                    let msg = contract.open_record(&chart, record, v);
                    crate::ops::send::send_step(&contract, &signer, &msg).await?;
                }
                let body =
                    records::download(&ctx.out, &contract, &me, &chart, record, v, &info).await?;
                let rctx = records::record_context(&contract, &chart, record, v, r.record_type);
                anyhow::Ok(ehr_envelope::open(&rctx, &body, &wrap, &secret)?)
            }
            .await;
            // One version that cannot be opened (no key, a bad key, a bad ciphertext) is
            // reported and the export goes on; a node that stops answering ends it.
            let plaintext = match opened {
                Ok(plaintext) => plaintext,
                Err(e) if records::stops_sharing(&e) => return Err(e),
                Err(e) => {
                    skipped.push(serde_json::json!({ "record": record, "version": v, "why": crate::explain::chain_text(&e) }));
                    continue;
                }
            };
            let name = format!("record-{record}-v{v}-{}.bin", type_text(r.record_type));
            crate::private_file::write(&dir.join(&name), &plaintext)?;
            manifest.push(serde_json::json!({
                "record": record,
                "version": v,
                "type": type_text(r.record_type),
                "author": to_account32(info.author).to_string(),
                "created_at": info.created_at,
                "block": info.block,
                "file": name,
                "bytes": plaintext.len(),
                "sha256": hex::encode(ehr_envelope::body_hash(&plaintext)),
                "ciphertext_sha256": hex::encode(info.hash),
            }));
        }
    }
    let doc = serde_json::json!({
        "patient": chart.to_string(),
        "contract": contract.address().to_string(),
        "genesis_hash": format!("{:?}", contract.client().genesis_hash()),
        "versions": manifest,
        "skipped": skipped,
    });
    crate::private_file::write(
        &dir.join("manifest.json"),
        serde_json::to_string_pretty(&doc)?.as_bytes(),
    )?;
    ctx.out.result(
        format!(
            "exported {} record versions to {} (manifest.json lists them with their hashes){}",
            doc["versions"].as_array().map_or(0, Vec::len),
            dir.display(),
            if skipped.is_empty() {
                String::new()
            } else {
                format!(
                    "; skipped {} (erased, incomplete, or not openable: see \"skipped\" in manifest.json)",
                    skipped.len()
                )
            }
        ),
        doc,
    );
    Ok(())
}

async fn erase(ctx: &Context, record: RecordId, version: VersionId) -> Result<()> {
    ctx.ensure_own_chart("erases record versions")?;
    let signer = ctx.signer()?;
    let contract = ctx.contract().await?;
    let msg = contract.erase_version(record, version);
    let ((), inclusion) =
        crate::ops::send::send(&ctx.out, "erasing", &contract, &signer, &msg).await?;
    let (where_text, where_json) = super::inclusion_summary(&inclusion);
    ctx.out.result(
        format!("erased record {record} v{version} from current chain state\n  {where_text}\n  (archive nodes still hold past blocks; the ciphertext stays undecryptable without a key)"),
        serde_json::json!({ "record": record, "version": version, "inclusion": where_json }),
    );
    Ok(())
}
