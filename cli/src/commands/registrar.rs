//! `ehr registrar ...`: licensing authorities verify and suspend doctors and manage registrars.
//! Adding or removing a registrar takes approvals from a majority of the current registrars:
//! each runs the same `add` or `remove`, and the change happens with the approval that makes
//! the majority.

use crate::address::parse as parse_account;
use crate::context::Context;
use anyhow::Result;
use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum RegistrarCommand {
    /// Verify a doctor (or reinstate a suspended one).
    Verify {
        doctor: String,
        #[command(flatten)]
        on: crate::cli::Sends,
    },
    /// Suspend a doctor: none of their grants works until verified again.
    Suspend {
        doctor: String,
        #[command(flatten)]
        on: crate::cli::Sends,
    },
    /// Approve making an account a registrar (done once a majority of registrars approved).
    Add {
        account: String,
        #[command(flatten)]
        on: crate::cli::Sends,
    },
    /// Approve removing a registrar (done once a majority approved; never the last one).
    Remove {
        account: String,
        #[command(flatten)]
        on: crate::cli::Sends,
    },
    /// Whether an account is a registrar, and any change of it awaiting approvals.
    Show {
        account: String,
        #[command(flatten)]
        on: crate::cli::ReadsAnyone,
    },
}

impl RegistrarCommand {
    /// The options of the command given (each takes only the option groups it uses).
    pub fn options(&self) -> crate::cli::Options {
        use crate::cli::Uses;
        match self {
            Self::Verify { on, .. } => on.options(),
            Self::Suspend { on, .. } => on.options(),
            Self::Add { on, .. } => on.options(),
            Self::Remove { on, .. } => on.options(),
            Self::Show { on, .. } => on.options(),
        }
    }
}

pub async fn run(ctx: &Context, cmd: RegistrarCommand) -> Result<()> {
    if let RegistrarCommand::Show { account, .. } = &cmd {
        return show(ctx, account).await;
    }
    let signer = ctx.signer()?;
    let contract = ctx.contract().await?;
    let (add, account, name) = match &cmd {
        RegistrarCommand::Verify { doctor, .. } | RegistrarCommand::Suspend { doctor, .. } => {
            let a = parse_account(doctor)?;
            let (verb, msg) = if matches!(cmd, RegistrarCommand::Verify { .. }) {
                ("verified doctor", contract.verify_doctor(&a))
            } else {
                ("suspended doctor", contract.suspend_doctor(&a))
            };
            let ((), where_text, where_json) = super::send(ctx, &contract, &signer, &msg).await?;
            ctx.out.result(
                format!("{verb} {a}\n  {where_text}"),
                serde_json::json!({ "action": msg.name, "account": a.to_string(), "inclusion": where_json }),
            );
            return Ok(());
        }
        RegistrarCommand::Add { account, .. } => (true, parse_account(account)?, "add_registrar"),
        RegistrarCommand::Remove { account, .. } => {
            (false, parse_account(account)?, "remove_registrar")
        }
        RegistrarCommand::Show { .. } => unreachable!("handled above"),
    };
    let msg = if add {
        contract.add_registrar(&account)
    } else {
        contract.remove_registrar(&account)
    };
    let (changed, where_text, where_json) = super::send(ctx, &contract, &signer, &msg).await?;
    let what = if add { "adding" } else { "removing" };
    let human = if changed {
        let verb = if add {
            "added registrar"
        } else {
            "removed registrar"
        };
        format!("{verb} {account} (your approval made the majority)\n  {where_text}")
    } else {
        let pending = contract
            .query(&account, &contract.registrar_proposal(&account))
            .await?;
        let (approvals, needed) = pending.map_or((0, 0), |p| (p.approvals, p.needed));
        let cmd = if add { "add" } else { "remove" };
        format!(
            "approved {what} registrar {account}: {approvals} of {needed} approvals\n  {where_text}\n  it takes effect when more registrars approve it with `ehr registrar {cmd} {account}`"
        )
    };
    ctx.out.result(
        human,
        serde_json::json!({
            "action": name, "account": account.to_string(), "changed": changed,
            "inclusion": where_json,
        }),
    );
    Ok(())
}

async fn show(ctx: &Context, account: &str) -> Result<()> {
    let contract = ctx.contract().await?;
    let account = parse_account(account)?;
    let is = contract
        .query(&account, &contract.is_registrar(&account))
        .await?;
    let pending = contract
        .query(&account, &contract.registrar_proposal(&account))
        .await?;
    let mut human = format!("{account} is {}a registrar", if is { "" } else { "not " });
    if let Some(p) = &pending {
        human += &format!(
            "\n  pending: {} it, {} of {} approvals",
            if p.add { "adding" } else { "removing" },
            p.approvals,
            p.needed
        );
    }
    ctx.out.result(
        human,
        serde_json::json!({
            "account": account.to_string(), "registrar": is,
            "pending": pending.map(|p| serde_json::json!({
                "add": p.add, "approvals": p.approvals, "needed": p.needed,
            })),
        }),
    );
    Ok(())
}
