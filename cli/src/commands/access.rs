//! Consent: grants, revokes and requests, for patients (`ehr access ...`) and doctors.

use crate::address::parse as parse_account;
use crate::context::Context;
use crate::words::{kind_text, scope_text, Kind};
use anyhow::Result;
use clap::Subcommand;
use ehr::Scope;
use ehr_chain::{AccountId32, EhrContract, Signer};
use ehr_client::records::readers::all_grants;

mod changed;
mod keys;
#[cfg(test)]
mod tests;

use changed::{Change, Changed, Granted};
use keys::{Dropped, Synced};

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
        #[command(flatten)]
        on: crate::cli::SendsFor,
    },
    /// Revoke a doctor's grant.
    Revoke {
        doctor: String,
        /// The record of a record grant; default: the chart grant.
        #[arg(long)]
        record: Option<u32>,
        #[command(flatten)]
        on: crate::cli::SendsFor,
    },
    /// List who has access to your chart.
    List {
        #[command(flatten)]
        on: crate::cli::ReadsFor,
    },
    /// List requests awaiting your decision.
    Requests {
        #[command(flatten)]
        on: crate::cli::ReadsFor,
    },
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
        #[command(flatten)]
        on: crate::cli::SendsFor,
    },
    /// Deny a doctor's request.
    Deny {
        doctor: String,
        #[command(flatten)]
        on: crate::cli::SendsFor,
    },
    /// Give every doctor with an active grant the keys to every version they may read but lack
    /// (versions written by doctors, or added before the grant). Grant and approve do this too.
    Sync {
        #[command(flatten)]
        on: crate::cli::SendsFor,
    },
    /// Drop the wrapped keys of readers who no longer have access (revoked or expired grants,
    /// removed guardians, replaced emergency keys), freeing their places on each version (at
    /// most 80 readers a version). What they already decrypted stays theirs.
    Prune {
        #[command(flatten)]
        on: crate::cli::SendsOwn,
    },
}

crate::cli::options_of!(AccessCommand: Grant, Revoke, Approve, Deny, Sync, List, Requests, Prune);

fn scope(record: Option<u32>) -> Scope {
    record.map_or(Scope::Chart, Scope::Record)
}

/// Now plus `duration`, as the contract's expiry (ms since the epoch; block timestamps follow
/// wall-clock time).
fn expiry(duration: Option<std::time::Duration>) -> Result<Option<u64>> {
    let Some(d) = duration else { return Ok(None) };
    let shortest =
        std::time::Duration::from_millis(ehr_client::records::readers::SHORTEST_GRANT_MS);
    if d < shortest {
        anyhow::bail!(
            "--expires-in {} is too short: a grant must last at least {} (one ending sooner could end before its block, with the fee paid, or get no keys); nothing was sent",
            humantime::format_duration(d),
            humantime::format_duration(shortest)
        );
    }
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
    let (msg, doctor, mut change) = match cmd {
        AccessCommand::List { .. } => return list(ctx, &contract, &me, &patient).await,
        AccessCommand::Requests { .. } => return requests(ctx, &contract, &me, &patient).await,
        AccessCommand::Sync { .. } => return sync(ctx, &contract, &patient).await,
        AccessCommand::Prune { .. } => {
            return prune(ctx, &contract, &signer).await;
        }
        AccessCommand::Grant {
            doctor,
            kind,
            record,
            expires_in,
            ..
        } => {
            let d = parse_account(&doctor)?;
            let expires_at = expiry(expires_in)?;
            let s = scope(record);
            (
                contract.grant_access(&patient, &d, s, kind.into(), expires_at),
                d,
                Change::GrantAccess {
                    scope: scope_text(s),
                    kind: kind_text(kind.into()),
                    granted: Granted::new(expires_at),
                },
            )
        }
        AccessCommand::Revoke { doctor, record, .. } => {
            let d = parse_account(&doctor)?;
            let s = scope(record);
            (
                contract.revoke_access(&patient, &d, s),
                d,
                Change::RevokeAccess {
                    scope: scope_text(s),
                },
            )
        }
        AccessCommand::Approve {
            doctor,
            kind,
            record,
            expires_in,
            ..
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
                d,
                Change::ApproveRequest {
                    granted: Granted::new(expires_at),
                },
            )
        }
        AccessCommand::Deny { doctor, .. } => {
            let d = parse_account(&doctor)?;
            (contract.deny_request(&patient, &d), d, Change::DenyRequest)
        }
    };
    let ((), inclusion) =
        crate::send::send(&ctx.out, change.doing(), &contract, &signer, &msg).await?;
    // A new grant is useless until the doctor holds the data keys of what it covers.
    if let Some(granted) = change.granted_mut() {
        granted.judge_margin();
        granted.keys = (&ctx
            .chart_of(&contract, patient.clone())?
            .share_all()
            .await?)
            .into();
    }
    ctx.out.show(&Changed {
        change,
        doctor: doctor.to_string(),
        patient: (patient != me).then(|| patient.to_string()),
        inclusion: (&inclusion).into(),
    });
    Ok(())
}

async fn sync(ctx: &Context, contract: &EhrContract, patient: &AccountId32) -> Result<()> {
    let shared = ctx.chart_of(contract, patient.clone())?.share_all().await?;
    ctx.out.show(&Synced((&shared).into()));
    Ok(())
}

/// Drops, version by version, the keys of readers who have no access now.
async fn prune(ctx: &Context, contract: &EhrContract, signer: &Signer) -> Result<()> {
    let me = signer.account_id();
    let dropped = ctx.chart_of(contract, me)?.prune().await?;
    ctx.out
        .show(&Dropped(dropped.iter().map(Into::into).collect()));
    Ok(())
}

async fn list(
    ctx: &Context,
    contract: &EhrContract,
    me: &AccountId32,
    patient: &AccountId32,
) -> Result<()> {
    let all = all_grants(contract, me, patient).await?;
    ctx.out
        .show(&crate::views::Grants(all.iter().map(Into::into).collect()));
    Ok(())
}

async fn requests(
    ctx: &Context,
    contract: &EhrContract,
    me: &AccountId32,
    patient: &AccountId32,
) -> Result<()> {
    let count = ehr_client::query::ask(contract, me, contract.patient(patient))
        .await?
        .request_count;
    let list = contract
        .query_pages(me, 0, u64::from(count), |from, limit| {
            contract.requests_of_patient(patient, from as u32, limit)
        })
        .await?;
    ctx.out.show(&crate::views::Requests(
        list.iter().map(Into::into).collect(),
    ));
    Ok(())
}
