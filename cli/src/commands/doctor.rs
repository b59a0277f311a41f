//! `ehr doctor ...`: a doctor's own commands.

use crate::address::parse as parse_account;
use crate::context::Context;
use crate::ops::records::ask;
use crate::table::{time, Table};
use crate::views::GrantView;
use crate::words::{kind_text, scope_text};
use anyhow::Result;
use clap::{Args, Subcommand};
use ehr::{Doctor, DoctorProfile, DoctorStatus, RequestInfo, Scope};
use ehr_chain::{ink_account, to_account32, ChainError};

/// Why a doctor asks for access; the contract keeps its code (0–4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
#[repr(u8)]
pub enum RequestReason {
    /// 0: routine care.
    #[value(alias = "0")]
    Routine = 0,
    /// 1: a referral.
    #[value(alias = "1")]
    Referral = 1,
    /// 2: a follow-up.
    #[value(alias = "2")]
    FollowUp = 2,
    /// 3: a second opinion.
    #[value(alias = "3")]
    SecondOpinion = 3,
    /// 4: anything else.
    #[value(alias = "4")]
    Other = 4,
}

#[derive(Debug, Subcommand)]
pub enum DoctorCommand {
    /// Register the signing account as a doctor with a public professional profile.
    Register {
        #[command(flatten)]
        profile: ProfileArgs,
        #[command(flatten)]
        on: crate::cli::Sends,
    },
    /// Show a registered doctor (default: the signing account).
    Show {
        /// SS58 address of the doctor.
        account: Option<String>,
        #[command(flatten)]
        on: crate::cli::Reads,
    },
    /// Patients who gave you access, with the grants (the doctor's dashboard).
    Patients {
        #[command(flatten)]
        on: crate::cli::Reads,
    },
    /// Ask a patient for access.
    Request {
        /// The patient's SS58 address.
        patient: String,
        #[arg(long, value_enum)]
        kind: crate::words::Kind,
        /// Only this record; default: the whole chart.
        #[arg(long)]
        record: Option<u32>,
        /// Why: routine (care), referral, follow-up, second-opinion or other (the numbers 0–4
        /// are accepted too).
        #[arg(long, value_enum, default_value_t = RequestReason::Routine)]
        reason: RequestReason,
        #[command(flatten)]
        on: crate::cli::Sends,
    },
    /// Your requests: pending ones, or the outcome of the one to `--patient`.
    Requests {
        #[arg(long)]
        patient: Option<String>,
        #[command(flatten)]
        on: crate::cli::Reads,
    },
    /// Find doctors, optionally by specialization (case-insensitive substring).
    Search {
        /// Specialization to look for, e.g. "cardio".
        #[arg(long)]
        specialization: Option<String>,
        #[command(flatten)]
        on: crate::cli::ReadsAnyone,
    },
}

impl DoctorCommand {
    /// The options of the command given (each takes only the option groups it uses).
    pub fn options(&self) -> crate::cli::Options {
        use crate::cli::Uses;
        match self {
            Self::Register { on, .. } => on.options(),
            Self::Show { on, .. } => on.options(),
            Self::Patients { on, .. } => on.options(),
            Self::Request { on, .. } => on.options(),
            Self::Requests { on, .. } => on.options(),
            Self::Search { on, .. } => on.options(),
        }
    }
}

/// A doctor's public profile, as `ehr doctor register` takes it.
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
        DoctorCommand::Register { profile, .. } => register(ctx, profile).await,
        DoctorCommand::Show { account, .. } => show(ctx, account).await,
        DoctorCommand::Search { specialization, .. } => search(ctx, specialization).await,
        DoctorCommand::Patients { .. } => patients(ctx).await,
        DoctorCommand::Request {
            patient,
            kind,
            record,
            reason,
            ..
        } => request(ctx, &patient, kind, record, reason as u8).await,
        DoctorCommand::Requests { patient, .. } => requests(ctx, patient).await,
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
    let ((), inclusion) =
        crate::ops::send::send(&ctx.out, "registering doctor", &contract, &signer, &msg).await?;
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
    let contract = ctx.contract().await?;
    let account = match account {
        Some(a) => parse_account(&a)?,
        None => ctx.signer()?.account_id(),
    };
    let d = contract
        .query(&account, &contract.doctor(&account))
        .await?
        .map_err(ChainError::Contract)?;
    let p = &d.profile;
    let shown = |field: &str| crate::table::printable(field);
    ctx.out.result(
        format!(
            "doctor {account}\n  name            {}\n  specialization  {}\n  clinic          {}, {}\n  licence         {}\n  status          {}\n  registered      {}",
            shown(&p.name), shown(&p.specialization), shown(&p.clinic_address), shown(&p.branch), shown(&p.licence_number), status(d.status), time(d.registered_at)
        ),
        doctor_json(&account.to_string(), &d),
    );
    Ok(())
}

async fn search(ctx: &Context, specialization: Option<String>) -> Result<()> {
    let contract = ctx.contract().await?;
    let anyone = contract.address().clone();
    let needle = specialization.map(|s| s.to_lowercase());
    let found: Vec<_> = contract
        .query_all(&anyone, |from, limit| contract.doctors(from, limit))
        .await?
        .into_iter()
        .filter(|(_, d)| {
            needle
                .as_ref()
                .is_none_or(|n| d.profile.specialization.to_lowercase().contains(n))
        })
        .collect();
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

async fn patients(ctx: &Context) -> Result<()> {
    let me = ctx.signer()?.account_id();
    let contract = ctx.contract().await?;
    let count = ask(&contract, &me, contract.doctor(&me))
        .await?
        .patient_count;
    let patients = contract
        .query_pages(&me, 0, u64::from(count), |from, limit| {
            contract.patients_of_doctor(&me, from as u32, limit)
        })
        .await?;
    let mut grants = Vec::new();
    for patient in patients {
        let patient = to_account32(patient);
        let between = ask(&contract, &me, contract.grants_between(&patient, &me)).await?;
        grants.extend(between.iter().map(GrantView::from));
    }
    ctx.out.show(&crate::views::PatientGrants(grants));
    Ok(())
}

async fn request(
    ctx: &Context,
    patient: &str,
    kind: crate::words::Kind,
    record: Option<u32>,
    reason: u8,
) -> Result<()> {
    let signer = ctx.signer()?;
    let contract = ctx.contract().await?;
    let patient = parse_account(patient)?;
    let scope = record.map_or(Scope::Chart, Scope::Record);
    let msg = contract.request_access(&patient, scope, kind.into(), reason);
    let ((), inclusion) =
        crate::ops::send::send(&ctx.out, "requesting access", &contract, &signer, &msg).await?;
    let (where_text, where_json) = super::inclusion_summary(&inclusion);
    ctx.out.result(
        format!(
            "asked {patient} for {} access to {}\n  {where_text}",
            kind_text(kind.into()),
            scope_text(scope)
        ),
        serde_json::json!({ "patient": patient.to_string(), "scope": scope_text(scope), "kind": kind_text(kind.into()), "inclusion": where_json }),
    );
    Ok(())
}

async fn requests(ctx: &Context, patient: Option<String>) -> Result<()> {
    let me = ctx.signer()?.account_id();
    let contract = ctx.contract().await?;
    if let Some(patient) = patient {
        let patient = parse_account(&patient)?;
        let r = contract
            .query(&me, &contract.request(&patient, &me))
            .await?
            .map_err(ChainError::Contract)?;
        let info = RequestInfo {
            patient: ink_account(&patient),
            doctor: ink_account(&me),
            request: r,
        };
        let json = serde_json::to_value(crate::views::RequestView::from(&info))?;
        ctx.out.result(
            format!(
                "request to {patient}: {} access to {}, {}",
                kind_text(r.kind),
                scope_text(r.scope),
                json["status"].as_str().unwrap_or_default()
            ),
            json,
        );
        return Ok(());
    }
    // Every page: a doctor's pending requests are not capped at one page.
    let count = contract
        .query(&me, &contract.doctor(&me))
        .await?
        .map_err(ChainError::Contract)?
        .request_count;
    let list = contract
        .query_pages(&me, 0, u64::from(count), |from, limit| {
            contract.requests_of_doctor(&me, from as u32, limit)
        })
        .await?;
    let mut table = Table::new(["patient", "scope", "kind", "requested"]);
    for r in &list {
        table.row([
            to_account32(r.patient).to_string(),
            scope_text(r.request.scope),
            kind_text(r.request.kind).to_string(),
            time(r.request.requested_at),
        ]);
    }
    let human = if table.is_empty() {
        "no pending requests".to_string()
    } else {
        table.to_string()
    };
    ctx.out.result(
        human,
        serde_json::to_value(
            list.iter()
                .map(crate::views::RequestView::from)
                .collect::<Vec<_>>(),
        )?,
    );
    Ok(())
}
