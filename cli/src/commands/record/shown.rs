//! What `ehr record add/update/list/view/verify/erase` print: one value each, shown as text or
//! (`--json`) serialized, so the two can never disagree.

use ehr::{RecordId, VersionId};
use ehr_chain::AccountId32;
use serde::Serialize;

use crate::landed::Landing;
use crate::table::{time, Table};
use crate::words::type_text;
use ehr_client::records::upload::Uploaded;

/// `ehr record add` and `ehr record update`'s result: the version written and who can read it.
#[derive(Debug, Serialize)]
pub struct Added {
    pub patient: String,
    pub record: RecordId,
    pub version: VersionId,
    #[serde(rename = "type")]
    pub record_type: &'static str,
    /// What was sealed: its media type and, for FHIR, its resource type and whether it was
    /// validated as R4 (it always is, unless `--no-validate`).
    pub media_type: String,
    pub fhir_type: Option<String>,
    pub validated: bool,
    pub ciphertext_bytes: usize,
    /// SHA-256 of the ciphertext, as recorded on chain.
    pub hash: String,
    pub readers: Vec<String>,
    /// Transactions the upload took (the first created the version).
    pub transactions: usize,
    /// Times it was sealed: more than once when another writer took the id it was sealed for.
    pub id_attempts: u32,
    /// Where the first transaction landed.
    pub inclusion: Landing,
}

impl Added {
    pub fn new(
        patient: &AccountId32,
        up: &Uploaded,
        sealed: Option<&ehr_envelope::ContentInfo>,
        validated: bool,
    ) -> Self {
        let fhir_type = sealed.and_then(|i| i.fhir_type()).map(str::to_string);
        Self {
            patient: patient.to_string(),
            record: up.record,
            version: up.version,
            record_type: type_text(up.record_type),
            media_type: sealed
                .map_or("application/octet-stream", |i| i.media_type())
                .to_string(),
            validated: validated && fhir_type.is_some(),
            fhir_type,
            ciphertext_bytes: up.length,
            hash: hex::encode(up.hash),
            readers: up.readers.iter().map(ToString::to_string).collect(),
            transactions: up.inclusions.len(),
            id_attempts: up.id_attempts,
            inclusion: Landing::from(&up.inclusions[0]),
        }
    }
}

impl Added {
    /// What was sealed, in words: `application/fhir+json, Observation (valid R4)`.
    fn sealed_as(&self) -> String {
        match &self.fhir_type {
            Some(t) if self.validated => format!("{}, {t} (valid R4)", self.media_type),
            Some(t) => format!("{}, {t} (not validated)", self.media_type),
            None => self.media_type.clone(),
        }
    }
}

impl std::fmt::Display for Added {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let verb = if self.version == 1 {
            "added record"
        } else {
            "added version"
        };
        write!(
            f,
            "{verb} {} v{} ({}) to {}'s chart\n  {}\n  {} bytes encrypted, sha256 {}\n  readable by {}\n  {}",
            self.record,
            self.version,
            self.record_type,
            self.patient,
            self.sealed_as(),
            self.ciphertext_bytes,
            self.hash,
            self.readers.join(", "),
            self.inclusion,
        )?;
        if self.transactions > 1 {
            write!(f, " (+{} more transactions)", self.transactions - 1)?;
        }
        if self.id_attempts > 1 {
            write!(
                f,
                "\n  sealed {} times: another writer took the id it was sealed for first",
                self.id_attempts
            )?;
        }
        Ok(())
    }
}

/// One record of a chart, in `ehr record list`.
#[derive(Debug, Serialize)]
pub struct RecordRow {
    pub record: RecordId,
    #[serde(rename = "type")]
    pub record_type: &'static str,
    /// Milliseconds since the epoch (the block's time).
    pub created_at: u64,
    pub versions: u32,
    pub author: String,
    /// The patient wrote it (shown as "patient" in the table).
    #[serde(skip)]
    pub by_patient: bool,
}

/// `ehr record list`'s result: a chart's records, a JSON array or a table.
#[derive(Debug, Serialize)]
pub struct RecordList(pub Vec<RecordRow>);

impl std::fmt::Display for RecordList {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.0.is_empty() {
            return f.write_str("no records");
        }
        let mut table = Table::new(["id", "type", "created", "versions", "author"]);
        for r in &self.0 {
            table.row([
                r.record.to_string(),
                r.record_type.to_string(),
                time(r.created_at),
                r.versions.to_string(),
                if r.by_patient {
                    "patient".to_string()
                } else {
                    r.author.clone()
                },
            ]);
        }
        write!(f, "{table}")
    }
}

/// `ehr record view`'s result when the content goes to a file, or is shown with `--json`
/// (without either, the content itself is written to stdout and this is not printed).
#[derive(Debug, Serialize)]
pub struct Viewed {
    pub record: RecordId,
    pub version: VersionId,
    #[serde(rename = "type")]
    pub record_type: &'static str,
    /// Content bytes.
    pub bytes: usize,
    /// What the writer said the content is (none for a version written before records carried
    /// a description).
    pub media_type: Option<String>,
    pub file_name: Option<String>,
    pub fhir_type: Option<String>,
    /// `"out": file`, `"resource": {...}` (FHIR) or `"content": {...}`.
    #[serde(flatten)]
    pub to: ViewedTo,
    /// Where a doctor's or guardian's read was logged; none for the patient's own.
    pub audit: Option<Landing>,
}

/// Where `ehr record view` put the content.
#[derive(Debug, Serialize)]
pub enum ViewedTo {
    /// Written to this file.
    #[serde(rename = "out")]
    File(String),
    /// In the result itself.
    #[serde(rename = "content")]
    Inline(Content),
    /// FHIR content in the result itself: the resource.
    #[serde(rename = "resource")]
    Resource(serde_json::Value),
    /// FHIR content summarised for a person (text only).
    #[serde(rename = "summary")]
    Summary(String),
}

/// Record content in JSON: text when it is UTF-8, else hex.
#[derive(Debug, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Content {
    Text(String),
    Hex(String),
}

impl Content {
    pub fn new(plaintext: &[u8]) -> Self {
        match std::str::from_utf8(plaintext) {
            Ok(text) => Self::Text(text.to_string()),
            Err(_) => Self::Hex(hex::encode(plaintext)),
        }
    }
}

impl std::fmt::Display for Viewed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "record {} v{} ({}), {} bytes",
            self.record, self.version, self.record_type, self.bytes
        )?;
        if let Some(media_type) = &self.media_type {
            write!(f, ", {media_type}")?;
        }
        if let Some(name) = &self.file_name {
            write!(f, " ({})", crate::table::printable(name))?;
        }
        match &self.to {
            ViewedTo::File(path) => write!(f, ", written to {path}")?,
            // The writer's strings, shown escaped: a summary never drives the terminal.
            ViewedTo::Summary(summary) => {
                for line in summary.lines() {
                    write!(f, "\n  {}", crate::table::printable(line))?;
                }
            }
            ViewedTo::Inline(_) | ViewedTo::Resource(_) => {}
        }
        if let Some(audit) = &self.audit {
            write!(f, "\n  read logged {audit}")?;
        }
        Ok(())
    }
}

/// `ehr record verify`'s result (a version that fails the check is an error instead).
#[derive(Debug, Serialize)]
pub struct Verified {
    pub record: RecordId,
    pub version: VersionId,
    pub intact: bool,
    /// Ciphertext bytes.
    pub bytes: u32,
    /// SHA-256 of the ciphertext, as recorded on chain.
    pub hash: String,
}

impl std::fmt::Display for Verified {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "record {} v{}: {} ({} bytes of ciphertext {} sha256 {})",
            self.record,
            self.version,
            if self.intact { "intact" } else { "NOT intact" },
            self.bytes,
            if self.intact { "match" } else { "do not match" },
            self.hash
        )
    }
}

/// `ehr record erase`'s result.
#[derive(Debug, Serialize)]
pub struct Erased {
    pub record: RecordId,
    pub version: VersionId,
    /// The erase itself; `None` when an earlier run erased it and this one only freed chunks.
    pub inclusion: Option<Landing>,
    /// Chunks removed from current state by this run.
    pub freed_chunks: u32,
    /// The further transactions that freed the chunks the erase left (a large version's
    /// chunks are freed in bounded steps, so each fits in a block).
    pub freeing: Vec<Landing>,
}

impl std::fmt::Display for Erased {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (record, version) = (self.record, self.version);
        let (chunks, steps) = (self.freed_chunks, self.freeing.len());
        // A block frees a bounded number of chunks: a large version takes several.
        match (&self.inclusion, self.freeing.last()) {
            (Some(inclusion), last) => {
                write!(
                    f,
                    "erased record {record} v{version} from current chain state\n  {inclusion}"
                )?;
                if let Some(last) = last {
                    write!(
                        f,
                        "\n  its {chunks} chunks freed, with the erase and {steps} further transactions, the last {last}"
                    )?;
                }
            }
            (None, Some(last)) => write!(
                f,
                "record {record} v{version} was erased already; its {chunks} remaining chunks freed in {steps} transactions, the last {last}"
            )?,
            (None, None) => write!(
                f,
                "record {record} v{version} was erased already; nothing of it is left to free"
            )?,
        }
        write!(
            f,
            "\n  (archive nodes still hold past blocks; the ciphertext stays undecryptable without a key)"
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_samples::{landing, ALICE, BOB};

    fn added(version: VersionId, transactions: usize, id_attempts: u32) -> Added {
        Added {
            patient: ALICE.into(),
            record: 1,
            media_type: ehr_client::fhir::FHIR_JSON.into(),
            fhir_type: Some("Observation".into()),
            validated: version == 1,
            version,
            record_type: "cardiac",
            ciphertext_bytes: 1_234,
            hash: "ab".repeat(32),
            readers: vec![ALICE.into(), BOB.into()],
            transactions,
            id_attempts,
            inclusion: landing(),
        }
    }

    fn list() -> RecordList {
        RecordList(vec![
            RecordRow {
                record: 1,
                record_type: "cardiac",
                created_at: 1_764_547_200_000,
                versions: 2,
                author: ALICE.into(),
                by_patient: true,
            },
            RecordRow {
                record: 2,
                record_type: "lab",
                created_at: 1_764_547_260_000,
                versions: 1,
                author: BOB.into(),
                by_patient: false,
            },
        ])
    }

    fn viewed(to: ViewedTo, audit: Option<Landing>) -> Viewed {
        Viewed {
            record: 1,
            version: 2,
            record_type: "cardiac",
            bytes: 11,
            media_type: Some("text/plain".into()),
            file_name: Some("ecg.txt".into()),
            fhir_type: None,
            to,
            audit,
        }
    }

    fn viewed_fhir(to: ViewedTo) -> Viewed {
        Viewed {
            media_type: Some(ehr_client::fhir::FHIR_JSON.into()),
            file_name: Some("hr.json".into()),
            fhir_type: Some("Observation".into()),
            ..viewed(to, None)
        }
    }

    fn verified() -> Verified {
        Verified {
            record: 1,
            version: 2,
            intact: true,
            bytes: 1_234,
            hash: "ab".repeat(32),
        }
    }

    fn erased() -> Erased {
        Erased {
            record: 1,
            version: 1,
            inclusion: Some(landing()),
            freed_chunks: 1,
            freeing: vec![],
        }
    }

    fn erased_in_steps(inclusion: Option<Landing>) -> Erased {
        let resumed = inclusion.is_none();
        Erased {
            record: 2,
            version: 1,
            inclusion,
            freed_chunks: if resumed { 229 } else { 293 },
            freeing: vec![landing(); 4],
        }
    }

    fn erased_already() -> Erased {
        Erased {
            record: 2,
            version: 1,
            inclusion: None,
            freed_chunks: 0,
            freeing: vec![],
        }
    }

    #[test]
    fn record_results_as_text_work() {
        insta::assert_snapshot!([
            added(1, 1, 1).to_string(),
            added(2, 3, 2).to_string(),
            list().to_string(),
            RecordList(vec![]).to_string(),
            viewed(ViewedTo::File("ecg.pdf".into()), Some(landing())).to_string(),
            viewed(ViewedTo::Inline(Content::new(b"hello world")), None).to_string(),
            viewed_fhir(ViewedTo::Summary(
                "Observation — Heart rate 72 /min, 2026-11-30, final".into()
            ))
            .to_string(),
            verified().to_string(),
            erased().to_string(),
            erased_in_steps(Some(landing())).to_string(),
            erased_in_steps(None).to_string(),
            erased_already().to_string(),
        ]
        .join("\n---\n"));
    }

    #[test]
    fn record_results_as_json_work() {
        insta::assert_json_snapshot!((
            added(2, 3, 2),
            list(),
            viewed(ViewedTo::File("ecg.pdf".into()), Some(landing())),
            viewed(ViewedTo::Inline(Content::new(b"hello world")), None),
            viewed(ViewedTo::Inline(Content::new(&[0xff, 0x00])), None),
            viewed_fhir(ViewedTo::Resource(serde_json::json!({
                "resourceType": "Observation", "status": "final", "code": {"text": "Heart rate"}
            }))),
            verified(),
            erased(),
            erased_in_steps(None),
        ));
    }
}
