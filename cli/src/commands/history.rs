//! `ehr history`: the patient's access log, newest first, in pages.

use crate::context::Context;
use crate::table::{time, Table};
use crate::words::{kind_text, scope_text};
use anyhow::Result;
use clap::Args;
use ehr::{Action, LogEntry};
use ehr_chain::{to_account32, ChainError};

#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// Page number, 1 is the newest.
    #[arg(long, default_value_t = 1)]
    pub page: u64,
    /// Entries per page (at most 50).
    #[arg(long, default_value_t = 20)]
    pub limit: u32,
}

fn action_text(a: &Action) -> String {
    match a {
        Action::PatientRegistered => "registered".into(),
        Action::AccessGranted { scope, kind } => {
            format!("granted {} on {}", kind_text(*kind), scope_text(*scope))
        }
        Action::AccessRevoked { scope } => format!("revoked {}", scope_text(*scope)),
        Action::AccessRequested { scope, kind } => {
            format!("requested {} on {}", kind_text(*kind), scope_text(*scope))
        }
        Action::RequestApproved => "approved request".into(),
        Action::RequestDenied => "denied request".into(),
        Action::RecordAdded => "added record".into(),
        Action::RecordUpdated => "updated record".into(),
        Action::RecordOpened => "opened record".into(),
        Action::RecordErased => "erased record version".into(),
        Action::KeyRotated => "rotated key".into(),
        Action::GuardianAppointed { level } => {
            format!("appointed guardian ({})", crate::words::level_text(*level))
        }
        Action::GuardianRemoved => "removed guardian".into(),
        Action::KeysWrapped { readers } => format!("shared the key with {readers} reader(s)"),
        Action::KeysDropped { readers } => {
            format!("dropped the keys of {readers} reader(s) without access")
        }
        Action::EmergencyEnabled => "emergency access on".into(),
        Action::EmergencyDisabled => "emergency access off".into(),
        Action::EmergencyAccessed { reason } => format!(
            "BREAK-GLASS ({}): review with `ehr emergency list`",
            crate::words::reason_text(*reason)
        ),
        Action::EmergencyShareReleased => "released emergency key share".into(),
    }
}

fn entry_json(index: u64, e: &LogEntry) -> serde_json::Value {
    serde_json::json!({
        "index": index,
        "actor": to_account32(e.actor).to_string(),
        "action": action_text(&e.action),
        "counterpart": e.counterpart.map(|c| to_account32(c).to_string()),
        "record": e.record,
        "version": e.version,
        "at": e.at,
        "block": e.block,
        "as_guardian": e.as_guardian,
    })
}

pub async fn run(ctx: &Context, args: HistoryArgs) -> Result<()> {
    let signer = ctx.signer()?;
    let me = signer.account_id();
    let chart = ctx.patient(&me)?;
    let contract = ctx.contract().await?;
    let patient = contract
        .query(&me, &contract.patient(&chart))
        .await?
        .map_err(ChainError::Contract)?;
    let limit = u64::from(args.limit.max(1));
    // Page 1 holds the newest `limit` entries.
    let skip = args.page.saturating_sub(1).saturating_mul(limit);
    let end = patient.log_len.saturating_sub(skip);
    let from = end.saturating_sub(limit);
    let count = u32::try_from(end - from)?;
    let entries = contract
        .query(&me, &contract.history(&chart, from, count))
        .await?
        .map_err(ChainError::Contract)?;
    let mut table = Table::new(["#", "when", "block", "who", "what", "doctor", "record"]);
    let mut json = Vec::new();
    for (i, e) in entries.iter().enumerate().rev() {
        let index = from + i as u64;
        let mut who = if to_account32(e.actor) == me {
            "you".to_string()
        } else {
            to_account32(e.actor).to_string()
        };
        if e.as_guardian {
            who += " (guardian)";
        }
        table.row([
            index.to_string(),
            time(e.at),
            e.block.to_string(),
            who,
            action_text(&e.action),
            e.counterpart
                .map(|c| to_account32(c).to_string())
                .unwrap_or_default(),
            match (e.record, e.version) {
                (Some(r), Some(v)) => format!("{r} v{v}"),
                (Some(r), None) => r.to_string(),
                _ => String::new(),
            },
        ]);
        json.push(entry_json(index, e));
    }
    let human = format!(
        "{}\n(page {} of {}, {} entries in all)",
        table,
        args.page,
        patient.log_len.div_ceil(limit).max(1),
        patient.log_len
    );
    ctx.out.result(
        human,
        serde_json::json!({ "total": patient.log_len, "entries": json }),
    );
    Ok(())
}
