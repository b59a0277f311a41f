//! `ehr record resume`: finish journaled uploads that were cut off.

use anyhow::Result;

use crate::context::Context;
use crate::ops::upload::{resume, Resumed};
use crate::pending;

pub async fn run(ctx: &Context) -> Result<()> {
    let signer = ctx.signer()?;
    let me = signer.account_id();
    let contract = ctx.contract().await?;
    let home = ctx.home()?;
    let mut lines = Vec::new();
    let mut json = Vec::new();
    for entry in pending::of(&home, &contract, &me)? {
        let what = format!(
            "record {} v{} of {}",
            entry.record, entry.version, entry.patient
        );
        match resume(&ctx.out, &contract, &signer, &home, &entry).await? {
            Resumed::Completed { transactions } => {
                lines.push(format!("completed {what} ({transactions} transactions)"));
                json.push(serde_json::json!({
                    "patient": entry.patient, "record": entry.record, "version": entry.version,
                    "outcome": "completed", "transactions": transactions,
                }));
            }
            Resumed::Abandoned { reason } => {
                lines.push(format!("dropped {what}: {reason}; add the file again"));
                json.push(serde_json::json!({
                    "patient": entry.patient, "record": entry.record, "version": entry.version,
                    "outcome": "abandoned", "reason": reason,
                }));
            }
        }
    }
    let human = if lines.is_empty() {
        "no unfinished uploads".to_string()
    } else {
        lines.join("\n")
    };
    ctx.out.result(human, serde_json::Value::Array(json));
    Ok(())
}
