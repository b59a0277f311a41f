//! `ehr doctor ...`: a doctor's own commands.

use crate::context::Context;
use crate::table::{time, Table};
use anyhow::Result;
use clap::{Args, Subcommand};
use ehr::{Doctor, DoctorProfile, DoctorStatus};
use ehr_chain::{parse_account, to_account32, ChainError};

#[derive(Debug, Subcommand)]
pub enum DoctorCommand {
    /// Register the signing account as a doctor with a public professional profile.
    Register(ProfileArgs),
    /// Show a registered doctor (default: the signing account).
    Show {
        /// SS58 address of the doctor.
        account: Option<String>,
    },
    /// Find doctors, optionally by specialization (case-insensitive substring).
    Search {
        /// Specialization to look for, e.g. "cardio".
        #[arg(long)]
        specialization: Option<String>,
    },
}

/// The seed's doctor registration form.
#[derive(Debug, Args)]
pub struct ProfileArgs {
    #[arg(long)]
    pub name: String,
    #[arg(long)]
    pub specialization: String,
    #[arg(long)]
    pub clinic_address: String,
    /// Branch: where the clinic is.
    #[arg(long)]
    pub branch: String,
    #[arg(long)]
    pub licence_number: String,
}

pub async fn run(ctx: &Context, cmd: DoctorCommand) -> Result<()> {
    match cmd {
        DoctorCommand::Register(profile) => register(ctx, profile).await,
        DoctorCommand::Show { account } => show(ctx, account).await,
        DoctorCommand::Search { specialization } => search(ctx, specialization).await,
    }
}

async fn register(ctx: &Context, args: ProfileArgs) -> Result<()> {
    let signer = ctx.signer()?;
    let key = crate::keys::encryption_public_key(ctx.suri()?)?;
    let contract = ctx.contract().await?;
    let profile = DoctorProfile {
        name: args.name,
        specialization: args.specialization,
        clinic_address: args.clinic_address,
        branch: args.branch,
        licence_number: args.licence_number,
    };
    let msg = contract.register_doctor(key, profile);
    let ((), inclusion) = ctx
        .out
        .wait("registering doctor", contract.execute(&signer, &msg))
        .await?;
    let account = signer.account_id().to_string();
    let (where_text, where_json) = super::inclusion_summary(&inclusion);
    ctx.out.result(
        format!("registered doctor {account} (unverified until a registrar verifies)\n  {where_text}"),
        serde_json::json!({ "doctor": account, "encryption_key": hex::encode(key), "inclusion": where_json }),
    );
    Ok(())
}

fn status(s: DoctorStatus) -> &'static str {
    match s {
        DoctorStatus::Unverified => "unverified",
        DoctorStatus::Verified => "verified",
        DoctorStatus::Suspended => "suspended",
    }
}

pub fn doctor_json(account: &str, d: &Doctor) -> serde_json::Value {
    serde_json::json!({
        "doctor": account,
        "name": d.profile.name,
        "specialization": d.profile.specialization,
        "clinic_address": d.profile.clinic_address,
        "branch": d.profile.branch,
        "licence_number": d.profile.licence_number,
        "status": status(d.status),
        "registered_at": d.registered_at,
        "encryption_key": hex::encode(d.encryption_key),
        "patient_count": d.patient_count,
    })
}

async fn show(ctx: &Context, account: Option<String>) -> Result<()> {
    let account = match account {
        Some(a) => parse_account(&a)?,
        None => ctx.signer()?.account_id(),
    };
    let contract = ctx.contract().await?;
    let d = contract
        .query(&account, &contract.doctor(&account))
        .await?
        .map_err(ChainError::Contract)?;
    let p = &d.profile;
    ctx.out.result(
        format!(
            "doctor {account}\n  name            {}\n  specialization  {}\n  clinic          {}, {}\n  licence         {}\n  status          {}\n  registered      {}",
            p.name, p.specialization, p.clinic_address, p.branch, p.licence_number, status(d.status), time(d.registered_at)
        ),
        doctor_json(&account.to_string(), &d),
    );
    Ok(())
}

async fn search(ctx: &Context, specialization: Option<String>) -> Result<()> {
    let contract = ctx.contract().await?;
    let anyone = contract.address().clone();
    let total = contract.query(&anyone, &contract.doctor_count()).await?;
    let needle = specialization.map(|s| s.to_lowercase());
    let mut found = Vec::new();
    let mut from = 0;
    while from < total {
        let page = contract
            .query(&anyone, &contract.doctors(from, ehr::limits::MAX_PAGE))
            .await?
            .map_err(ChainError::Contract)?;
        if page.is_empty() {
            break;
        }
        from = from.saturating_add(ehr::limits::MAX_PAGE);
        found.extend(page.into_iter().filter(|(_, d)| {
            needle
                .as_ref()
                .is_none_or(|n| d.profile.specialization.to_lowercase().contains(n))
        }));
    }
    let mut table = Table::new([
        "doctor",
        "name",
        "specialization",
        "clinic",
        "branch",
        "status",
    ]);
    let mut json = Vec::new();
    for (account, d) in &found {
        let account = to_account32(*account).to_string();
        let p = &d.profile;
        table.row([
            account.clone(),
            p.name.clone(),
            p.specialization.clone(),
            p.clinic_address.clone(),
            p.branch.clone(),
            status(d.status).to_string(),
        ]);
        json.push(doctor_json(&account, d));
    }
    let human = if table.is_empty() {
        "no doctors found".to_string()
    } else {
        table.to_string()
    };
    ctx.out.result(human, serde_json::Value::Array(json));
    Ok(())
}
