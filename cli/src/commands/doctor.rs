//! `ehr doctor ...`: a doctor's own commands.

use crate::address::parse as parse_account;
use crate::context::Context;
use crate::views::{GrantView, RequestView};
use crate::words::{kind_text, scope_text};
use anyhow::Result;
use clap::{Args, Subcommand};
use ehr::{DoctorProfile, RequestInfo, Scope};
use ehr_chain::{ink_account, to_account32};
use ehr_client::query::ask;

mod shown;

use shown::{DoctorView, Doctors, Outcome, Pending, Registered, Requested};

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

crate::cli::options_of!(DoctorCommand: Register, Show, Patients, Request, Requests, Search);

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
        crate::send::send(&ctx.out, "registering doctor", &contract, &signer, &msg).await?;
    ctx.out.show(&Registered {
        doctor: signer.account_id().to_string(),
        encryption_key: hex::encode(key),
        inclusion: (&inclusion).into(),
    });
    Ok(())
}

async fn show(ctx: &Context, account: Option<String>) -> Result<()> {
    let contract = ctx.contract().await?;
    let account = match account {
        Some(a) => parse_account(&a)?,
        None => ctx.signer()?.account_id(),
    };
    let d = ask(&contract, &account, contract.doctor(&account)).await?;
    ctx.out.show(&DoctorView::new(account.to_string(), &d));
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
    ctx.out.show(&Doctors(
        found
            .iter()
            .map(|(account, d)| DoctorView::new(to_account32(*account).to_string(), d))
            .collect(),
    ));
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
        crate::send::send(&ctx.out, "requesting access", &contract, &signer, &msg).await?;
    ctx.out.show(&Requested {
        patient: patient.to_string(),
        scope: scope_text(scope),
        kind: kind_text(kind.into()),
        inclusion: (&inclusion).into(),
    });
    Ok(())
}

async fn requests(ctx: &Context, patient: Option<String>) -> Result<()> {
    let me = ctx.signer()?.account_id();
    let contract = ctx.contract().await?;
    if let Some(patient) = patient {
        let patient = parse_account(&patient)?;
        let r = ask(&contract, &me, contract.request(&patient, &me)).await?;
        let info = RequestInfo {
            patient: ink_account(&patient),
            doctor: ink_account(&me),
            request: r,
        };
        ctx.out.show(&Outcome(RequestView::from(&info)));
        return Ok(());
    }
    // Every page: a doctor's pending requests are not capped at one page.
    let count = ask(&contract, &me, contract.doctor(&me))
        .await?
        .request_count;
    let list = contract
        .query_pages(&me, 0, u64::from(count), |from, limit| {
            contract.requests_of_doctor(&me, from as u32, limit)
        })
        .await?;
    ctx.out
        .show(&Pending(list.iter().map(RequestView::from).collect()));
    Ok(())
}
