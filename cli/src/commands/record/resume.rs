//! `ehr record resume`: finish journaled uploads that were cut off.

use anyhow::Result;
use ehr::{RecordId, VersionId};
use serde::Serialize;

use crate::context::Context;
use crate::table::Table;
use ehr_client::records::resume::Resumed;

/// One journaled upload `ehr record resume` dealt with.
#[derive(Debug, Serialize)]
pub struct ResumedUpload {
    pub patient: String,
    pub record: RecordId,
    pub version: VersionId,
    #[serde(flatten)]
    pub outcome: Outcome,
}

/// What became of a journaled upload: `"outcome": "completed"` or `"abandoned"`, with its
/// details next to it.
#[derive(Debug, Serialize)]
#[serde(tag = "outcome", rename_all = "lowercase")]
pub enum Outcome {
    /// Everything is on chain now, after this many transactions.
    Completed { transactions: usize },
    /// It can never complete; the journal entry was dropped.
    Abandoned { reason: String },
}

impl From<Resumed> for Outcome {
    fn from(resumed: Resumed) -> Self {
        match resumed {
            Resumed::Completed { transactions } => Self::Completed { transactions },
            Resumed::Abandoned { reason } => Self::Abandoned { reason },
        }
    }
}

/// `ehr record resume`'s result: a JSON array, or a table.
#[derive(Debug, Serialize)]
pub struct ResumedUploads(pub Vec<ResumedUpload>);

impl std::fmt::Display for ResumedUploads {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.0.is_empty() {
            return f.write_str("no unfinished uploads");
        }
        let mut table = Table::new(["record", "patient", "outcome"]);
        for u in &self.0 {
            table.row([
                format!("{} v{}", u.record, u.version),
                u.patient.clone(),
                match &u.outcome {
                    Outcome::Completed { transactions } => {
                        format!("completed ({transactions} transactions)")
                    }
                    Outcome::Abandoned { reason } => {
                        format!("dropped: {reason}; add the file again")
                    }
                },
            ]);
        }
        write!(f, "{table}")
    }
}

pub async fn run(ctx: &Context) -> Result<()> {
    let contract = ctx.contract().await?;
    let chart = ctx.chart(&contract)?;
    let mut done = Vec::new();
    for entry in chart.pending_uploads()? {
        let outcome = chart.resume(&entry).await?;
        done.push(ResumedUpload {
            patient: entry.patient,
            record: entry.record,
            version: entry.version,
            outcome: outcome.into(),
        });
    }
    ctx.out.show(&ResumedUploads(done));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_samples::{ALICE, BOB};

    fn resumed() -> ResumedUploads {
        ResumedUploads(vec![
            ResumedUpload {
                patient: ALICE.into(),
                record: 3,
                version: 1,
                outcome: Outcome::Completed { transactions: 4 },
            },
            ResumedUpload {
                patient: BOB.into(),
                record: 1,
                version: 2,
                outcome: Outcome::Abandoned {
                    reason: "record 1 v2 was written by another upload".into(),
                },
            },
        ])
    }

    #[test]
    fn resume_results_as_text_work() {
        insta::assert_snapshot!(format!("{}\n---\n{}", resumed(), ResumedUploads(vec![])));
    }

    #[test]
    fn resume_results_as_json_work() {
        insta::assert_json_snapshot!(resumed());
    }
}
