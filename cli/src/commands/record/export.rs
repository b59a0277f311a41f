//! `ehr record export`: decrypt every readable version of a chart into a directory, with a
//! manifest of hashes.

use std::path::Path;

use anyhow::{Context as _, Result};
use ehr::{RecordId, VersionId};
use ehr_chain::to_account32;

use ehr_client::records::chart::Unread;
use serde::Serialize;

use crate::context::Context;
use crate::words::type_text;

/// `manifest.json` in an export directory: what was exported, with hashes, and what was not.
#[derive(Debug, Serialize)]
pub struct Manifest {
    pub patient: String,
    pub contract: String,
    pub genesis_hash: String,
    pub versions: Vec<ExportedVersion>,
    pub skipped: Vec<SkippedVersion>,
}

/// One decrypted version in the export directory.
#[derive(Debug, Serialize)]
pub struct ExportedVersion {
    pub record: RecordId,
    pub version: VersionId,
    #[serde(rename = "type")]
    pub record_type: &'static str,
    pub author: String,
    /// Milliseconds since the epoch (the block's time).
    pub created_at: u64,
    pub block: u32,
    /// Its file name in the export directory.
    pub file: String,
    /// What the writer said the content is, and the name of the file it came from (none for
    /// versions written before records carried a description).
    pub media_type: Option<String>,
    pub file_name: Option<String>,
    /// Plaintext bytes, and their SHA-256.
    pub bytes: usize,
    pub sha256: String,
    /// SHA-256 of the ciphertext, as recorded on chain.
    pub ciphertext_sha256: String,
}

/// Why a version was left out, in words.
fn why_unread(why: &Unread) -> String {
    match why {
        Unread::Erased => "erased".to_string(),
        Unread::Incomplete => "incomplete".to_string(),
        Unread::Failed(e) => crate::explain::chain_text(e),
    }
}

/// A version the export left out, and why (erased, incomplete, or not openable).
#[derive(Debug, Serialize)]
pub struct SkippedVersion {
    pub record: RecordId,
    pub version: VersionId,
    pub why: String,
}

/// `ehr record export`'s result: the manifest it wrote, and where.
#[derive(Debug, Serialize)]
pub struct Exported {
    #[serde(flatten)]
    pub manifest: Manifest,
    pub dir: String,
}

impl std::fmt::Display for Exported {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "exported {} record versions to {} (manifest.json lists them with their hashes)",
            self.manifest.versions.len(),
            self.dir
        )?;
        if !self.manifest.skipped.is_empty() {
            write!(
                f,
                "; skipped {} (erased, incomplete, or not openable: see \"skipped\" in manifest.json)",
                self.manifest.skipped.len()
            )?;
        }
        Ok(())
    }
}

pub async fn run(ctx: &Context, dir: &Path) -> Result<()> {
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
    let chart = ctx.chart_of(&contract, ctx.patient(&me)?)?;
    let secret = chart.own_secret().await?;
    ehr_client::home::private::create_dir(dir)?;
    let mut manifest = Manifest {
        patient: chart.patient().to_string(),
        contract: contract.address().to_string(),
        genesis_hash: format!("{:?}", contract.client().genesis_hash()),
        versions: Vec::new(),
        skipped: Vec::new(),
    };
    chart
        .read_all(&secret, |v| -> Result<()> {
            let content = match v.content {
                Ok(content) => content,
                Err(why) => {
                    manifest.skipped.push(SkippedVersion {
                        record: v.record,
                        version: v.version,
                        why: why_unread(&why),
                    });
                    return Ok(());
                }
            };
            let extension = content
                .info()
                .map_or("bin", |i| extension_of(i.media_type()));
            let file = format!(
                "record-{}-v{}-{}.{extension}",
                v.record,
                v.version,
                type_text(v.record_type)
            );
            ehr_client::home::private::write(&dir.join(&file), content.bytes())?;
            manifest.versions.push(ExportedVersion {
                record: v.record,
                version: v.version,
                record_type: type_text(v.record_type),
                author: to_account32(v.info.author).to_string(),
                created_at: v.info.created_at,
                block: v.info.block,
                file,
                media_type: content.info().map(|i| i.media_type().to_string()),
                file_name: content
                    .info()
                    .and_then(|i| i.file_name())
                    .map(str::to_string),
                bytes: content.bytes().len(),
                sha256: hex::encode(ehr_envelope::body_hash(content.bytes())),
                ciphertext_sha256: hex::encode(v.info.hash),
            });
            Ok(())
        })
        .await?;
    ehr_client::home::private::write(
        &dir.join("manifest.json"),
        serde_json::to_string_pretty(&manifest)?.as_bytes(),
    )?;
    ctx.out.show(&Exported {
        manifest,
        dir: dir.display().to_string(),
    });
    Ok(())
}

/// `ehr record export --fhir`'s result: the Bundle written, and what it holds.
#[derive(Debug, Serialize)]
pub struct ExportedBundle {
    pub file: String,
    /// Entries by kind: FHIR resources, other files (DocumentReference with a Binary), erased
    /// versions.
    pub resources: usize,
    pub documents: usize,
    pub erased: usize,
    /// Versions left out: incomplete, or not openable by the caller.
    pub skipped: Vec<SkippedVersion>,
    /// What was removed from writers' resources because it used ehr's own names (a writer's
    /// provenance, tags or extensions under ehr's URLs: possibly forged).
    pub removed: Vec<ehr_client::fhir::bundle::Removed>,
}

impl std::fmt::Display for ExportedBundle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "wrote a FHIR R4 Bundle (collection) to {}: {} FHIR resources, {} documents, {} erased versions listed",
            self.file, self.resources, self.documents, self.erased
        )?;
        for s in &self.skipped {
            write!(
                f,
                "\n  left out record {} v{}: {}",
                s.record, s.version, s.why
            )?;
        }
        for r in &self.removed {
            write!(
                f,
                "\n  record {} v{}: removed what its writer put under ehr's own names (possibly forged provenance): {}",
                r.record,
                r.version,
                crate::table::printable(&r.what.join(", "))
            )?;
        }
        Ok(())
    }
}

/// `ehr record export --fhir FILE`: the chart as one FHIR R4 Bundle, validated before it is
/// written.
pub async fn run_fhir(ctx: &Context, file: &Path) -> Result<()> {
    use ehr_client::fhir::bundle::{self, Entry, Provenance};
    let signer = ctx.signer()?;
    let me = signer.account_id();
    if file.exists() {
        anyhow::bail!("{} exists; export into a new file", file.display());
    }
    let contract = ctx.contract().await?;
    let chart = ctx.chart_of(&contract, ctx.patient(&me)?)?;
    let secret = chart.own_secret().await?;
    let mut entries = Vec::new();
    let mut result = ExportedBundle {
        file: file.display().to_string(),
        resources: 0,
        documents: 0,
        erased: 0,
        skipped: Vec::new(),
        removed: Vec::new(),
    };
    chart
        .read_all(&secret, |v| -> Result<()> {
            let provenance = Provenance {
                record: v.record,
                version: v.version,
                record_type: type_text(v.record_type),
                block: v.info.block,
                created_at: v.info.created_at,
                author: to_account32(v.info.author).to_string(),
                ciphertext_sha256: hex::encode(v.info.hash),
            };
            let entry = match v.content {
                Err(_) if v.info.erased => {
                    result.erased += 1;
                    Entry::Erased
                }
                Err(why) => {
                    result.skipped.push(SkippedVersion {
                        record: v.record,
                        version: v.version,
                        why: why_unread(&why),
                    });
                    return Ok(());
                }
                Ok(content) => {
                    let (entry, removed) = Entry::of(&content);
                    match entry {
                        Entry::Resource { .. } => result.resources += 1,
                        _ => result.documents += 1,
                    }
                    if !removed.is_empty() {
                        result.removed.push(bundle::Removed {
                            record: v.record,
                            version: v.version,
                            what: removed,
                        });
                    }
                    entry
                }
            };
            entries.push((provenance, entry));
            Ok(())
        })
        .await?;
    let now = ehr_client::records::readers::now_ms();
    let bundle = bundle::bundle(&chart.patient().to_string(), entries, now).to_pretty();
    // What is written is valid R4, or nothing is (a record sealed unvalidated shows here).
    ehr_client::fhir::validate::check(bundle.as_bytes())
        .context("the chart does not make a valid FHIR R4 Bundle; nothing was written")?;
    ehr_client::home::private::write(file, bundle.as_bytes())?;
    ctx.out.show(&result);
    Ok(())
}

/// The file extension for content of `media_type` (what the export names its files with).
fn extension_of(media_type: &str) -> &'static str {
    match media_type.split(';').next().unwrap_or("").trim() {
        "application/fhir+json" | "application/json" => "json",
        "application/pdf" => "pdf",
        "image/png" => "png",
        "image/jpeg" => "jpg",
        "image/gif" => "gif",
        "application/dicom" => "dcm",
        "application/xml" => "xml",
        "text/csv" => "csv",
        "text/markdown" => "md",
        "text/html" => "html",
        "text/plain" => "txt",
        _ => "bin",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_samples::{ALICE, BOB};

    fn exported(skipped: Vec<SkippedVersion>) -> Exported {
        Exported {
            manifest: Manifest {
                patient: ALICE.into(),
                contract: BOB.into(),
                genesis_hash: format!("0x{}", "12".repeat(32)),
                versions: vec![ExportedVersion {
                    record: 1,
                    version: 1,
                    record_type: "cardiac",
                    author: ALICE.into(),
                    created_at: 1_764_547_200_000,
                    block: 12,
                    file: "record-1-v1-cardiac.pdf".into(),
                    media_type: Some("application/pdf".into()),
                    file_name: Some("ecg.pdf".into()),
                    bytes: 11,
                    sha256: "ab".repeat(32),
                    ciphertext_sha256: "cd".repeat(32),
                }],
                skipped,
            },
            dir: "./my-chart".into(),
        }
    }

    fn skipped() -> Vec<SkippedVersion> {
        vec![
            SkippedVersion {
                record: 2,
                version: 1,
                why: "erased".into(),
            },
            SkippedVersion {
                record: 3,
                version: 1,
                why: "incomplete".into(),
            },
        ]
    }

    #[test]
    fn export_results_as_text_work() {
        insta::assert_snapshot!(format!(
            "{}\n---\n{}",
            exported(vec![]),
            exported(skipped())
        ));
    }

    #[test]
    fn export_results_as_json_work() {
        insta::assert_json_snapshot!(exported(skipped()));
    }
}
