//! `ehr patient ...`: the patient's own commands.

use crate::address::parse as parse_account;
use crate::context::Context;
use anyhow::Result;
use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum PatientCommand {
    /// Register the signing account as a patient (publishes its encryption public key).
    Register,
    /// Show a registered patient (default: the signing account, or the `--for` patient).
    Show {
        /// SS58 address of the patient.
        account: Option<String>,
    },
}

pub async fn run(ctx: &Context, cmd: PatientCommand) -> Result<()> {
    match cmd {
        PatientCommand::Register => register(ctx).await,
        PatientCommand::Show { account } => show(ctx, account).await,
    }
}

async fn register(ctx: &Context) -> Result<()> {
    ctx.ensure_own_chart("registers themselves")?;
    let signer = ctx.signer()?;
    let key = crate::keys::encryption_public_key(ctx.suri()?)?;
    let contract = ctx.contract().await?;
    let msg = contract.register_patient(key);
    let ((), inclusion) = ctx
        .out
        .wait("registering patient", contract.execute(&signer, &msg))
        .await?;
    let account = signer.account_id().to_string();
    let (where_text, where_json) = super::inclusion_summary(&inclusion);
    ctx.out.result(
        format!(
            "registered patient {account}\n  encryption key {}\n  {where_text}",
            hex::encode(key)
        ),
        serde_json::json!({
            "patient": account,
            "encryption_key": hex::encode(key),
            "inclusion": where_json,
        }),
    );
    Ok(())
}

async fn show(ctx: &Context, account: Option<String>) -> Result<()> {
    let contract = ctx.contract().await?;
    let account = match account {
        Some(a) => parse_account(&a)?,
        None => {
            let me = ctx.signer()?.account_id();
            ctx.patient(&me)?
        }
    };
    let patient = ctx
        .out
        .wait(
            "reading patient",
            contract.query(&account, &contract.patient(&account)),
        )
        .await?
        .map_err(ehr_chain::ChainError::Contract)?;
    ctx.out.result(
        format!(
            "patient {account}\n  encryption key {}\n  registered     {}\n  records        {}\n  grants         {}\n  pending requests {}\n  log entries    {}\n  guardians      {}",
            hex::encode(patient.encryption_key),
            crate::table::time(patient.registered_at),
            patient.record_count,
            patient.grant_count,
            patient.request_count,
            patient.log_len,
            patient.guardian_count,
        ),
        serde_json::json!({
            "patient": account.to_string(),
            "encryption_key": hex::encode(patient.encryption_key),
            "registered_at": patient.registered_at,
            "record_count": patient.record_count,
            "grant_count": patient.grant_count,
            "request_count": patient.request_count,
            "log_len": patient.log_len,
            "guardian_count": patient.guardian_count,
        }),
    );
    Ok(())
}
