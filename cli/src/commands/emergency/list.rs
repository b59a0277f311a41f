//! `ehr emergency list`: every emergency event on a chart, for the patient to review.

use anyhow::Result;
use ehr::{Action, LogEntry, RecordId, VersionId};
use ehr_chain::{to_account32, AccountId32, EhrContract};
use serde::Serialize;

use crate::context::Context;
use crate::table::{time, Table};
use crate::words::reason_text;
use ehr_client::query::ask;

/// `ehr emergency list`'s result: how many times the glass was broken, and every emergency
/// event (opt-ins, break-glass, key releases, what those doctors opened), oldest first.
#[derive(Debug, Serialize)]
pub struct EmergencyEvents {
    pub break_glass: usize,
    pub events: Vec<EmergencyEvent>,
}

/// One emergency event of a chart's log.
#[derive(Debug, Serialize)]
pub struct EmergencyEvent {
    /// Its position in the log (0 is the first ever).
    pub index: u64,
    /// Milliseconds since the epoch (the block's time).
    pub at: u64,
    pub block: u32,
    pub actor: String,
    pub what: String,
    pub record: Option<RecordId>,
    pub version: Option<VersionId>,
    /// The caller did it (shown as "you" in the table).
    #[serde(skip)]
    pub by_caller: bool,
}

impl std::fmt::Display for EmergencyEvents {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.events.is_empty() {
            return f.write_str("no emergency events on this chart");
        }
        let mut table = Table::new(["#", "when", "who", "what", "record"]);
        for e in &self.events {
            table.row([
                e.index.to_string(),
                time(e.at),
                if e.by_caller {
                    "you".to_string()
                } else {
                    e.actor.clone()
                },
                e.what.clone(),
                match (e.record, e.version) {
                    (Some(r), Some(v)) => format!("{r} v{v}"),
                    _ => String::new(),
                },
            ]);
        }
        write!(
            f,
            "{} break-glass event(s) to review:\n{table}",
            self.break_glass
        )
    }
}

impl EmergencyEvents {
    /// The emergency events of a whole log, as `me` sees them. A record opened counts only when
    /// its reader broke the glass earlier in the log.
    pub fn of(log: &[LogEntry], me: &AccountId32) -> Self {
        let mut glass_breakers = Vec::new();
        let mut events = Vec::new();
        for (index, e) in log.iter().enumerate() {
            let what = match e.action {
                Action::EmergencyAccessed { reason } => {
                    glass_breakers.push(e.actor);
                    format!("BREAK-GLASS ({})", reason_text(reason))
                }
                Action::EmergencyShareReleased => format!(
                    "released key share to {}",
                    e.counterpart
                        .map(|c| to_account32(c).to_string())
                        .unwrap_or_default()
                ),
                Action::EmergencyEnabled => "emergency access on".into(),
                Action::EmergencyDisabled => "emergency access off".into(),
                Action::RecordOpened if glass_breakers.contains(&e.actor) => {
                    "opened record (after break-glass)".into()
                }
                _ => continue,
            };
            events.push(EmergencyEvent {
                index: index as u64,
                at: e.at,
                block: e.block,
                actor: to_account32(e.actor).to_string(),
                what,
                record: e.record,
                version: e.version,
                by_caller: to_account32(e.actor) == *me,
            });
        }
        Self {
            break_glass: glass_breakers.len(),
            events,
        }
    }
}

/// Every entry of the patient's log, oldest first (pages of `MAX_PAGE`, fetched side by side).
async fn whole_history(
    contract: &EhrContract,
    me: &AccountId32,
    patient: &AccountId32,
) -> Result<Vec<LogEntry>> {
    let len = ask(contract, me, contract.patient(patient)).await?.log_len;
    Ok(contract
        .query_pages(me, 0, len, |from, limit| {
            contract.history(patient, from, limit)
        })
        .await?)
}

pub async fn run(
    ctx: &Context,
    contract: &EhrContract,
    me: &AccountId32,
    patient: &AccountId32,
) -> Result<()> {
    let log = whole_history(contract, me, patient).await?;
    ctx.out.show(&EmergencyEvents::of(&log, me));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_samples::{ALICE, BOB};

    fn events() -> EmergencyEvents {
        let event = |index: u64, actor: &str, what: &str, by_caller| EmergencyEvent {
            index,
            at: 1_764_547_200_000 + index * 6_000,
            block: 10 + index as u32,
            actor: actor.into(),
            what: what.into(),
            record: (index == 3).then_some(1),
            version: (index == 3).then_some(2),
            by_caller,
        };
        EmergencyEvents {
            break_glass: 1,
            events: vec![
                event(0, ALICE, "emergency access on", true),
                event(1, BOB, "BREAK-GLASS (unconscious)", false),
                event(3, BOB, "opened record (after break-glass)", false),
            ],
        }
    }

    #[test]
    fn emergency_events_as_text_work() {
        insta::assert_snapshot!(format!(
            "{}\n---\n{}",
            events(),
            EmergencyEvents {
                break_glass: 0,
                events: vec![]
            }
        ));
    }

    #[test]
    fn emergency_events_as_json_work() {
        insta::assert_json_snapshot!(events());
    }
}
