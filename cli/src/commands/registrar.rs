//! `ehr registrar ...`: licensing authorities verify and suspend doctors and manage registrars.

use crate::context::Context;
use anyhow::Result;
use clap::Subcommand;
use ehr_chain::parse_account;

#[derive(Debug, Subcommand)]
pub enum RegistrarCommand {
    /// Verify a doctor (or reinstate a suspended one).
    Verify { doctor: String },
    /// Suspend a doctor: none of their grants works until verified again.
    Suspend { doctor: String },
    /// Make an account a registrar.
    Add { account: String },
    /// Remove a registrar (never the last one).
    Remove { account: String },
}

pub async fn run(ctx: &Context, cmd: RegistrarCommand) -> Result<()> {
    let signer = ctx.signer()?;
    let contract = ctx.contract().await?;
    let (verb, account, msg) = match &cmd {
        RegistrarCommand::Verify { doctor } => {
            let a = parse_account(doctor)?;
            ("verified doctor", a.clone(), contract.verify_doctor(&a))
        }
        RegistrarCommand::Suspend { doctor } => {
            let a = parse_account(doctor)?;
            ("suspended doctor", a.clone(), contract.suspend_doctor(&a))
        }
        RegistrarCommand::Add { account } => {
            let a = parse_account(account)?;
            ("added registrar", a.clone(), contract.add_registrar(&a))
        }
        RegistrarCommand::Remove { account } => {
            let a = parse_account(account)?;
            (
                "removed registrar",
                a.clone(),
                contract.remove_registrar(&a),
            )
        }
    };
    let ((), where_text, where_json) = super::send(ctx, &contract, &signer, &msg).await?;
    ctx.out.result(
        format!("{verb} {account}\n  {where_text}"),
        serde_json::json!({ "action": msg.name, "account": account.to_string(), "inclusion": where_json }),
    );
    Ok(())
}
