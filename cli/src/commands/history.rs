//! `ehr history`: the patient's access log, newest first, in pages.

use crate::context::Context;
use crate::table::{time, Table};
use crate::words::{kind_text, scope_text};
use anyhow::Result;
use clap::Args;
use ehr::{Action, LogEntry};
use ehr_chain::to_account32;
use ehr_client::query::ask;
use serde::Serialize;

#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// Page number, 1 is the newest.
    #[arg(long, default_value_t = 1)]
    pub page: u64,
    /// Entries per page (at most 50).
    #[arg(long, default_value_t = 20)]
    pub limit: u32,
    #[command(flatten)]
    pub on: crate::cli::ReadsFor,
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

/// One page of a patient's access log, newest first: what `ehr history` prints, as a table or
/// (`--json`) as this struct.
#[derive(Debug, Serialize)]
pub struct HistoryPage {
    /// Entries in the whole log.
    pub total: u64,
    /// This page (1 is the newest) and how many there are.
    pub page: u64,
    pub pages: u64,
    pub entries: Vec<HistoryEntry>,
}

/// One entry of the access log.
#[derive(Debug, Serialize)]
pub struct HistoryEntry {
    /// Its position in the log (0 is the first ever).
    pub index: u64,
    pub actor: String,
    pub action: String,
    pub counterpart: Option<String>,
    pub record: Option<u32>,
    pub version: Option<u32>,
    /// Milliseconds since the epoch (the block's time).
    pub at: u64,
    pub block: u32,
    pub as_guardian: bool,
    /// The caller did it (shown as "you" in the table).
    #[serde(skip)]
    pub by_caller: bool,
}

impl HistoryEntry {
    fn new(index: u64, e: &LogEntry, caller: &ehr_chain::AccountId32) -> Self {
        Self {
            index,
            actor: to_account32(e.actor).to_string(),
            action: action_text(&e.action),
            counterpart: e.counterpart.map(|c| to_account32(c).to_string()),
            record: e.record,
            version: e.version,
            at: e.at,
            block: e.block,
            as_guardian: e.as_guardian,
            by_caller: to_account32(e.actor) == *caller,
        }
    }
}

impl std::fmt::Display for HistoryPage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut table = Table::new(["#", "when", "block", "who", "what", "doctor", "record"]);
        for e in &self.entries {
            let mut who = if e.by_caller {
                "you".to_string()
            } else {
                e.actor.clone()
            };
            if e.as_guardian {
                who += " (guardian)";
            }
            table.row([
                e.index.to_string(),
                time(e.at),
                e.block.to_string(),
                who,
                e.action.clone(),
                e.counterpart.clone().unwrap_or_default(),
                match (e.record, e.version) {
                    (Some(r), Some(v)) => format!("{r} v{v}"),
                    (Some(r), None) => r.to_string(),
                    _ => String::new(),
                },
            ]);
        }
        write!(
            f,
            "{table}\n(page {} of {}, {} entries in all)",
            self.page, self.pages, self.total
        )
    }
}

pub async fn run(ctx: &Context, args: HistoryArgs) -> Result<()> {
    let signer = ctx.signer()?;
    let me = signer.account_id();
    let contract = ctx.contract().await?;
    let chart = ctx.patient(&me)?;
    let patient = ask(&contract, &me, contract.patient(&chart)).await?;
    let limit = u64::from(args.limit.max(1));
    // Page 1 holds the newest `limit` entries.
    let skip = args.page.saturating_sub(1).saturating_mul(limit);
    let end = patient.log_len.saturating_sub(skip);
    let from = end.saturating_sub(limit);
    let count = u32::try_from(end - from)?;
    let entries = ask(&contract, &me, contract.history(&chart, from, count)).await?;
    let page = HistoryPage {
        total: patient.log_len,
        page: args.page,
        pages: patient.log_len.div_ceil(limit).max(1),
        entries: entries
            .iter()
            .enumerate()
            .rev()
            .map(|(i, e)| HistoryEntry::new(from + i as u64, e, &me))
            .collect(),
    };
    ctx.out.show(&page);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::test_samples::{ALICE, BOB};

    fn page() -> HistoryPage {
        let entry = |index, actor: &str, action: &str, by_caller| HistoryEntry {
            index,
            actor: actor.into(),
            action: action.into(),
            counterpart: (actor == ALICE && index > 0).then(|| BOB.to_string()),
            record: (index == 2).then_some(1),
            version: (index == 2).then_some(1),
            at: 1_764_547_200_000 + index * 6_000,
            block: 10 + index as u32,
            as_guardian: false,
            by_caller,
        };
        HistoryPage {
            total: 3,
            page: 1,
            pages: 1,
            entries: vec![
                entry(2, BOB, "opened record", false),
                entry(1, ALICE, "granted read on chart", true),
                entry(0, ALICE, "registered", true),
            ],
        }
    }

    #[test]
    fn history_as_text_works() {
        insta::assert_snapshot!(page().to_string());
    }

    #[test]
    fn history_as_json_works() {
        insta::assert_json_snapshot!(page());
    }
}
