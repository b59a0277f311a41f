//! `ehr record export`: decrypt every readable version of a chart into a directory, with a
//! manifest of hashes.

use std::path::Path;

use anyhow::{Context as _, Result};
use ehr::{RecordId, VersionId};
use ehr_chain::to_account32;
use serde::Serialize;

use crate::context::Context;
use crate::ops::records::{self, ask};
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
    /// Plaintext bytes, and their SHA-256.
    pub bytes: usize,
    pub sha256: String,
    /// SHA-256 of the ciphertext, as recorded on chain.
    pub ciphertext_sha256: String,
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
    let chart = ctx.patient(&me)?;
    let secret = ctx.own_secret(&contract).await?;
    let patient = ask(&contract, &me, contract.patient(&chart)).await?;
    crate::private_file::create_dir(dir)?;
    let mut manifest = Manifest {
        patient: chart.to_string(),
        contract: contract.address().to_string(),
        genesis_hash: format!("{:?}", contract.client().genesis_hash()),
        versions: Vec::new(),
        skipped: Vec::new(),
    };
    for record in 1..=patient.record_count {
        let r = ask(&contract, &me, contract.record(&chart, record)).await?;
        for version in 1..=r.version_count {
            let skip = |why: String| SkippedVersion {
                record,
                version,
                why,
            };
            let info = ask(&contract, &me, contract.version(&chart, record, version)).await?;
            if !info.complete() {
                let why = if info.erased { "erased" } else { "incomplete" };
                manifest.skipped.push(skip(why.into()));
                continue;
            }
            let opened = async {
                let wrap = ask(
                    &contract,
                    &me,
                    contract.wrapped_key(&chart, record, version),
                )
                .await?;
                if me != chart {
                    // A guardian's read is logged in the patient's history, as a doctor's is.
                    let msg = contract.open_record(&chart, record, version);
                    crate::ops::send::send_step(&contract, &signer, &msg).await?;
                }
                let body =
                    records::download(&ctx.out, &contract, &me, &chart, record, version, &info)
                        .await?;
                let rctx =
                    records::record_context(&contract, &chart, record, version, r.record_type);
                anyhow::Ok(ehr_envelope::open(&rctx, &body, &wrap, &secret)?)
            }
            .await;
            // One version that cannot be opened (no key, a bad key, a bad ciphertext) is
            // reported and the export goes on; a node that stops answering ends it.
            let plaintext = match opened {
                Ok(plaintext) => plaintext,
                Err(e) if records::stops_sharing(&e) => return Err(e),
                Err(e) => {
                    manifest.skipped.push(skip(crate::explain::chain_text(&e)));
                    continue;
                }
            };
            let file = format!(
                "record-{record}-v{version}-{}.bin",
                type_text(r.record_type)
            );
            crate::private_file::write(&dir.join(&file), &plaintext)?;
            manifest.versions.push(ExportedVersion {
                record,
                version,
                record_type: type_text(r.record_type),
                author: to_account32(info.author).to_string(),
                created_at: info.created_at,
                block: info.block,
                file,
                bytes: plaintext.len(),
                sha256: hex::encode(ehr_envelope::body_hash(&plaintext)),
                ciphertext_sha256: hex::encode(info.hash),
            });
        }
    }
    crate::private_file::write(
        &dir.join("manifest.json"),
        serde_json::to_string_pretty(&manifest)?.as_bytes(),
    )?;
    ctx.out.show(&Exported {
        manifest,
        dir: dir.display().to_string(),
    });
    Ok(())
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
                    file: "record-1-v1-cardiac.bin".into(),
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
