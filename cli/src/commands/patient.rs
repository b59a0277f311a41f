//! `ehr patient ...`: the patient's own commands.

use crate::address::parse as parse_account;
use crate::context::Context;
use crate::landed::Landing;
use anyhow::Result;
use clap::Subcommand;
use serde::Serialize;

#[derive(Debug, Subcommand)]
pub enum PatientCommand {
    /// Register the signing account as a patient (publishes its encryption public key).
    Register {
        #[command(flatten)]
        on: crate::cli::SendsOwn,
    },
    /// Show a registered patient (default: the signing account, or the `--for` patient).
    Show {
        /// SS58 address of the patient.
        account: Option<String>,
        #[command(flatten)]
        on: crate::cli::ReadsFor,
    },
}

crate::cli::options_of!(PatientCommand: Register, Show);

pub async fn run(ctx: &Context, cmd: PatientCommand) -> Result<()> {
    match cmd {
        PatientCommand::Register { .. } => register(ctx).await,
        PatientCommand::Show { account, .. } => show(ctx, account).await,
    }
}

async fn register(ctx: &Context) -> Result<()> {
    let signer = ctx.signer()?;
    let key = crate::keys::encryption_public_key(ctx.suri()?)?;
    let contract = ctx.contract().await?;
    let msg = contract.register_patient(key);
    let ((), inclusion) =
        crate::send::send(&ctx.out, "registering patient", &contract, &signer, &msg).await?;
    ctx.out.show(&Registered {
        patient: signer.account_id().to_string(),
        encryption_key: hex::encode(key),
        inclusion: (&inclusion).into(),
    });
    Ok(())
}

/// `ehr patient register`'s result.
#[derive(Debug, Serialize)]
pub struct Registered {
    pub patient: String,
    pub encryption_key: String,
    pub inclusion: Landing,
}

impl std::fmt::Display for Registered {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "registered patient {}\n  encryption key {}\n  {}",
            self.patient, self.encryption_key, self.inclusion
        )
    }
}

/// `ehr patient show`'s result.
#[derive(Debug, Serialize)]
pub struct Shown {
    pub patient: String,
    pub encryption_key: String,
    pub registered_at: u64,
    pub record_count: u32,
    pub grant_count: u32,
    pub request_count: u32,
    pub log_len: u64,
    pub guardian_count: u32,
}

impl std::fmt::Display for Shown {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "patient {}\n  encryption key {}\n  registered     {}\n  records        {}\n  grants         {}\n  pending requests {}\n  log entries    {}\n  guardians      {}",
            self.patient,
            self.encryption_key,
            crate::table::time(self.registered_at),
            self.record_count,
            self.grant_count,
            self.request_count,
            self.log_len,
            self.guardian_count,
        )
    }
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
            ehr_client::query::ask(&contract, &account, contract.patient(&account)),
        )
        .await?;
    ctx.out.show(&Shown {
        patient: account.to_string(),
        encryption_key: hex::encode(patient.encryption_key),
        registered_at: patient.registered_at,
        record_count: patient.record_count,
        grant_count: patient.grant_count,
        request_count: patient.request_count,
        log_len: patient.log_len,
        guardian_count: patient.guardian_count,
    });
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::test_samples::{landing, ALICE};

    fn registered() -> Registered {
        Registered {
            patient: ALICE.into(),
            encryption_key: "ab".repeat(32),
            inclusion: landing(),
        }
    }

    fn shown() -> Shown {
        Shown {
            patient: ALICE.into(),
            encryption_key: "ab".repeat(32),
            registered_at: 1_764_547_200_000,
            record_count: 3,
            grant_count: 2,
            request_count: 1,
            log_len: 9,
            guardian_count: 1,
        }
    }

    #[test]
    fn patient_results_as_text_work() {
        insta::assert_snapshot!(format!("{}\n---\n{}", registered(), shown()));
    }

    #[test]
    fn patient_results_as_json_work() {
        insta::assert_json_snapshot!((registered(), shown()));
    }
}
