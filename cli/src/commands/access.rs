//! Consent: grants, revokes and requests, for patients (`ehr access ...`) and doctors.

use crate::context::Context;
use crate::records::Reader;
use crate::table::{time, Table};
use anyhow::Result;
use clap::{Subcommand, ValueEnum};
use ehr::{AccessKind, GrantInfo, RequestInfo, Scope};
use ehr_chain::{parse_account, to_account32, ChainError};

/// Read or write.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Kind {
    Read,
    Write,
}

impl From<Kind> for AccessKind {
    fn from(k: Kind) -> Self {
        match k {
            Kind::Read => AccessKind::Read,
            Kind::Write => AccessKind::Write,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum AccessCommand {
    /// Grant a doctor read or write access to your chart or one record.
    Grant {
        /// The doctor's SS58 address.
        doctor: String,
        #[arg(long, value_enum)]
        kind: Kind,
        /// Only this record (its number); default: the whole chart.
        #[arg(long)]
        record: Option<u32>,
        /// The grant ends after this long, e.g. `30d`, `12h` (default: until revoked).
        #[arg(long, value_parser = humantime::parse_duration)]
        expires_in: Option<std::time::Duration>,
    },
    /// Revoke a doctor's grant.
    Revoke {
        doctor: String,
        /// The record of a record grant; default: the chart grant.
        #[arg(long)]
        record: Option<u32>,
    },
    /// List who has access to your chart.
    List,
    /// List requests awaiting your decision.
    Requests,
    /// Approve a doctor's request, optionally narrower.
    Approve {
        doctor: String,
        /// Grant read even if write was asked.
        #[arg(long, value_enum)]
        kind: Option<Kind>,
        /// Grant only this record.
        #[arg(long)]
        record: Option<u32>,
        #[arg(long, value_parser = humantime::parse_duration)]
        expires_in: Option<std::time::Duration>,
    },
    /// Deny a doctor's request.
    Deny { doctor: String },
    /// Give every doctor with an active grant the keys to every version they may read but lack
    /// (versions written by doctors, or added before the grant). Grant and approve do this too.
    Sync,
}

fn scope(record: Option<u32>) -> Scope {
    record.map_or(Scope::Chart, Scope::Record)
}

pub fn scope_text(scope: Scope) -> String {
    match scope {
        Scope::Chart => "chart".into(),
        Scope::Record(id) => format!("record {id}"),
    }
}

pub fn kind_text(kind: AccessKind) -> &'static str {
    match kind {
        AccessKind::Read => "read",
        AccessKind::Write => "write",
    }
}

/// Now plus `duration`, as the contract's expiry (ms since the epoch; block timestamps follow
/// wall-clock time).
fn expiry(duration: Option<std::time::Duration>) -> Result<Option<u64>> {
    let Some(d) = duration else { return Ok(None) };
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)?
        .as_millis();
    Ok(Some(u64::try_from(now.saturating_add(d.as_millis()))?))
}

pub async fn run(ctx: &Context, cmd: AccessCommand) -> Result<()> {
    let signer = ctx.signer()?;
    let contract = ctx.contract().await?;
    let me = signer.account_id();
    let patient = ctx.patient(&me)?;
    let (msg, summary, extra) = match cmd {
        AccessCommand::List => return list(ctx, &contract, &me, &patient).await,
        AccessCommand::Requests => return requests(ctx, &contract, &me, &patient).await,
        AccessCommand::Sync => return sync(ctx, &contract, &signer, &patient).await,
        AccessCommand::Grant {
            doctor,
            kind,
            record,
            expires_in,
        } => {
            let d = parse_account(&doctor)?;
            let expires_at = expiry(expires_in)?;
            let s = scope(record);
            (
                contract.grant_access(&patient, &d, s, kind.into(), expires_at),
                format!(
                    "granted {} access to {} to {d}",
                    kind_text(kind.into()),
                    scope_text(s)
                ),
                serde_json::json!({ "doctor": d.to_string(), "scope": scope_text(s), "kind": kind_text(kind.into()), "expires_at": expires_at }),
            )
        }
        AccessCommand::Revoke { doctor, record } => {
            let d = parse_account(&doctor)?;
            let s = scope(record);
            (
                contract.revoke_access(&patient, &d, s),
                format!("revoked {d}'s access to {}", scope_text(s)),
                serde_json::json!({ "doctor": d.to_string(), "scope": scope_text(s) }),
            )
        }
        AccessCommand::Approve {
            doctor,
            kind,
            record,
            expires_in,
        } => {
            let d = parse_account(&doctor)?;
            let expires_at = expiry(expires_in)?;
            (
                contract.approve_request(
                    &patient,
                    &d,
                    record.map(Scope::Record),
                    kind.map(Into::into),
                    expires_at,
                ),
                format!("approved {d}'s request"),
                serde_json::json!({ "doctor": d.to_string(), "expires_at": expires_at }),
            )
        }
        AccessCommand::Deny { doctor } => {
            let d = parse_account(&doctor)?;
            (
                contract.deny_request(&patient, &d),
                format!("denied {d}'s request"),
                serde_json::json!({ "doctor": d.to_string() }),
            )
        }
    };
    let ((), where_text, where_json) = super::send(ctx, &contract, &signer, &msg).await?;
    let mut json = extra;
    json["action"] = msg.name.into();
    json["inclusion"] = where_json;
    let mut human = format!("{summary}\n  {where_text}");
    if patient != me {
        human += &format!("\n  done as guardian of {patient}, and logged in their history");
        json["patient"] = patient.to_string().into();
    }
    // A new grant is useless until the doctor holds the data keys of what it covers.
    if matches!(msg.name, "grant_access" | "approve_request") {
        let doctor = parse_account(json["doctor"].as_str().unwrap_or_default())?;
        let shared = share_all(ctx, &contract, &signer, &patient, Some(&doctor)).await?;
        human += &format!("\n  shared the keys of {} record versions", shared.len());
        json["shared_versions"] = shared_json(&shared);
    }
    ctx.out.result(human, json);
    Ok(())
}

fn shared_json(shared: &[(ehr_chain::AccountId32, u32, u32)]) -> serde_json::Value {
    shared
        .iter()
        .map(|(d, r, v)| serde_json::json!({ "doctor": d.to_string(), "record": r, "version": v }))
        .collect()
}

/// Wraps the keys of every version each reader may read and lacks: doctors with an active
/// grant (only `only`, when given), and, when `only` is `None`, the patient's guardians and the
/// emergency key of a patient who opted in.
pub async fn share_all(
    ctx: &Context,
    contract: &ehr_chain::EhrContract,
    signer: &ehr_chain::Signer,
    patient: &ehr_chain::AccountId32,
    only: Option<&ehr_chain::AccountId32>,
) -> Result<Vec<(ehr_chain::AccountId32, u32, u32)>> {
    let me = signer.account_id();
    let secret = ehr_envelope::EncryptionSecret::from_secret_uri(ctx.suri()?)?;
    let mut readers = Vec::new();
    for g in all_grants(contract, &me, patient)
        .await?
        .iter()
        .filter(|g| g.active)
    {
        let doctor = to_account32(g.doctor);
        if only.is_some_and(|d| *d != doctor) {
            continue;
        }
        let key = crate::records::doctor_key(contract, &me, &doctor).await?;
        readers.push(Reader {
            account: doctor,
            key,
            scope: g.scope,
            types: None,
        });
    }
    if only.is_none() {
        readers.extend(crate::commands::guardian::guardian_readers(contract, &me, patient).await?);
        readers.extend(crate::commands::emergency::emergency_reader(contract, &me, patient).await?);
    }
    let mut shared = Vec::new();
    for reader in &readers {
        for (r, v) in
            crate::records::share_with(&ctx.out, contract, signer, &secret, patient, reader).await?
        {
            shared.push((reader.account.clone(), r, v));
        }
    }
    Ok(shared)
}

async fn sync(
    ctx: &Context,
    contract: &ehr_chain::EhrContract,
    signer: &ehr_chain::Signer,
    patient: &ehr_chain::AccountId32,
) -> Result<()> {
    let shared = share_all(ctx, contract, signer, patient, None).await?;
    let mut table = Table::new(["reader", "record", "version"]);
    for (d, r, v) in &shared {
        table.row([d.to_string(), r.to_string(), format!("v{v}")]);
    }
    let human = if table.is_empty() {
        "every doctor, guardian and emergency key with access already holds the keys it needs"
            .to_string()
    } else {
        format!("shared {} record versions:\n{table}", shared.len())
    };
    ctx.out.result(
        human,
        serde_json::json!({ "shared_versions": shared_json(&shared) }),
    );
    Ok(())
}

async fn all_grants(
    contract: &ehr_chain::EhrContract,
    me: &ehr_chain::AccountId32,
    patient: &ehr_chain::AccountId32,
) -> Result<Vec<GrantInfo>> {
    let mut all = Vec::new();
    let mut from = 0;
    loop {
        let page = crate::records::ask(
            contract,
            me,
            contract.grants_of_patient(patient, from, ehr::limits::MAX_PAGE),
        )
        .await?;
        let n = page.len();
        all.extend(page);
        if n < ehr::limits::MAX_PAGE as usize {
            return Ok(all);
        }
        from += ehr::limits::MAX_PAGE;
    }
}

pub fn grant_json(g: &GrantInfo) -> serde_json::Value {
    serde_json::json!({
        "patient": to_account32(g.patient).to_string(),
        "doctor": to_account32(g.doctor).to_string(),
        "scope": scope_text(g.scope),
        "kind": kind_text(g.kind),
        "expires_at": g.expires_at,
        "granted_at": g.granted_at,
        "active": g.active,
        "doctor_suspended": g.doctor_suspended,
        "state": grant_state(g),
    })
}

/// One word for whether a grant works now.
pub fn grant_state(g: &GrantInfo) -> &'static str {
    if g.doctor_suspended {
        "suspended"
    } else if g.active {
        "active"
    } else {
        "expired"
    }
}

async fn list(
    ctx: &Context,
    contract: &ehr_chain::EhrContract,
    me: &ehr_chain::AccountId32,
    patient: &ehr_chain::AccountId32,
) -> Result<()> {
    let all = all_grants(contract, me, patient).await?;
    let mut table = Table::new(["doctor", "scope", "kind", "granted", "expires", "state"]);
    for g in &all {
        table.row([
            to_account32(g.doctor).to_string(),
            scope_text(g.scope),
            kind_text(g.kind).to_string(),
            time(g.granted_at),
            g.expires_at.map_or("never".to_string(), time),
            grant_state(g).to_string(),
        ]);
    }
    let human = if table.is_empty() {
        "nobody has access".to_string()
    } else {
        table.to_string()
    };
    ctx.out.result(human, all.iter().map(grant_json).collect());
    Ok(())
}

pub fn request_json(r: &RequestInfo) -> serde_json::Value {
    serde_json::json!({
        "patient": to_account32(r.patient).to_string(),
        "doctor": to_account32(r.doctor).to_string(),
        "scope": scope_text(r.request.scope),
        "kind": kind_text(r.request.kind),
        "reason": r.request.reason,
        "requested_at": r.request.requested_at,
        "status": format!("{:?}", r.request.status).to_lowercase(),
    })
}

async fn requests(
    ctx: &Context,
    contract: &ehr_chain::EhrContract,
    me: &ehr_chain::AccountId32,
    patient: &ehr_chain::AccountId32,
) -> Result<()> {
    let list = contract
        .query(
            me,
            &contract.requests_of_patient(patient, 0, ehr::limits::MAX_PAGE),
        )
        .await?
        .map_err(ChainError::Contract)?;
    let mut table = Table::new(["doctor", "scope", "kind", "reason", "requested"]);
    for r in &list {
        table.row([
            to_account32(r.doctor).to_string(),
            scope_text(r.request.scope),
            kind_text(r.request.kind).to_string(),
            r.request.reason.to_string(),
            time(r.request.requested_at),
        ]);
    }
    let human = if table.is_empty() {
        "no pending requests".to_string()
    } else {
        table.to_string()
    };
    ctx.out
        .result(human, list.iter().map(request_json).collect());
    Ok(())
}
