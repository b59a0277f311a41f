//! `ehr guardian ...`: a patient appoints guardians who read, write or manage consent for them.
//! A guardian then acts with `--for <patient>` on any patient command.

use crate::address::parse as parse_account;
use crate::context::Context;
use crate::ops::records::ask;
use crate::table::{time, Table};
use crate::words::level_text;
use anyhow::{bail, Result};
use clap::{Subcommand, ValueEnum};
use ehr::GuardianLevel;
use ehr_chain::{to_account32, AccountId32, EhrContract};

/// What a guardian may do.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Level {
    /// Read records, grants, requests and history.
    View,
    /// Also add and update records.
    Contribute,
    /// Also grant, revoke, approve and deny.
    Manage,
}

impl From<Level> for GuardianLevel {
    fn from(l: Level) -> Self {
        match l {
            Level::View => GuardianLevel::View,
            Level::Contribute => GuardianLevel::Contribute,
            Level::Manage => GuardianLevel::Manage,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum GuardianCommand {
    /// Appoint a guardian (a registered patient or doctor), or change their level. They get the
    /// keys of your existing records at once.
    ///
    /// Example: ehr guardian add 5FHneW46... --level manage --suri //Alice
    Add {
        guardian: String,
        #[arg(long, value_enum)]
        level: Level,
        #[command(flatten)]
        on: crate::cli::Sends,
    },
    /// Remove one of your guardians; or, as a guardian, step down with `--for <patient>` (no
    /// address needed). Keys already shared stay readable to them (forward-only).
    Remove {
        guardian: Option<String>,
        #[command(flatten)]
        on: crate::cli::SendsFor,
    },
    /// List the guardians of your chart (or, with `--for`, of the patient you guard).
    List {
        #[command(flatten)]
        on: crate::cli::ReadsFor,
    },
}

impl GuardianCommand {
    /// The options of the command given (each takes only the option groups it uses).
    pub fn options(&self) -> crate::cli::Options {
        use crate::cli::Uses;
        match self {
            Self::Add { on, .. } => on.options(),
            Self::Remove { on, .. } => on.options(),
            Self::List { on, .. } => on.options(),
        }
    }
}

pub async fn run(ctx: &Context, cmd: GuardianCommand) -> Result<()> {
    let signer = ctx.signer()?;
    let me = signer.account_id();
    let contract = ctx.contract().await?;
    let patient = ctx.patient(&me)?;
    match cmd {
        GuardianCommand::List { .. } => list(ctx, &contract, &me, &patient).await,
        GuardianCommand::Add {
            guardian, level, ..
        } => {
            ctx.ensure_own_chart("appoints guardians")?;
            let g = parse_account(&guardian)?;
            // Before anything is sent: the caller's own key matches the chain's, and the
            // guardian's key is the one pinned (the sharing below uses both).
            ctx.own_secret(&contract).await?;
            ctx.trust(&contract)?
                .account_key(&contract, &me, &g)
                .await?;
            let msg = contract.add_guardian(&g, level.into());
            let ((), where_text, where_json) = super::send(ctx, &contract, &signer, &msg).await?;
            let shared = crate::ops::sharing::share_all(ctx, &contract, &signer, &me).await?;
            let (to_guardian, others) = shared.count_for(&g);
            let (_, failed) = shared.json();
            ctx.out.result(
                format!(
                    "{g} is now your guardian ({} level)\n  {where_text}\n  shared the keys of {to_guardian} record versions{}{}",
                    level_text(level.into()),
                    crate::ops::records::others_text(others),
                    shared.failures_text()
                ),
                serde_json::json!({
                    "action": msg.name, "guardian": g.to_string(),
                    "level": level_text(level.into()), "inclusion": where_json,
                    "shared_versions": to_guardian, "shared_with_others": others,
                    "failed_versions": failed,
                }),
            );
            Ok(())
        }
        GuardianCommand::Remove { guardian, .. } => {
            let g = match guardian {
                Some(g) => parse_account(&g)?,
                None if patient != me => me.clone(),
                None => bail!(
                    "name the guardian to remove, or step down as a guardian with --for <patient>"
                ),
            };
            let msg = contract.remove_guardian(&patient, &g);
            let ((), where_text, where_json) = super::send(ctx, &contract, &signer, &msg).await?;
            let what = if g == me {
                format!("you stepped down as guardian of {patient}")
            } else {
                format!("removed guardian {g} of {patient}")
            };
            ctx.out.result(
                format!("{what}\n  {where_text}"),
                serde_json::json!({
                    "action": msg.name, "patient": patient.to_string(),
                    "guardian": g.to_string(), "inclusion": where_json,
                }),
            );
            Ok(())
        }
    }
}

async fn list(
    ctx: &Context,
    contract: &EhrContract,
    me: &AccountId32,
    patient: &AccountId32,
) -> Result<()> {
    let all = ask(contract, me, contract.guardians(patient)).await?;
    let mut table = Table::new(["guardian", "level", "since"]);
    let mut json = Vec::new();
    for (account, g) in &all {
        let account = to_account32(*account);
        table.row([
            account.to_string(),
            level_text(g.level).to_string(),
            time(g.appointed_at),
        ]);
        json.push(serde_json::json!({
            "guardian": account.to_string(),
            "level": level_text(g.level),
            "appointed_at": g.appointed_at,
        }));
    }
    let human = if table.is_empty() {
        "no guardians".to_string()
    } else {
        table.to_string()
    };
    ctx.out.result(human, serde_json::Value::Array(json));
    Ok(())
}
