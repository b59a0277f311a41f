//! `ehr guardian ...`: a patient appoints guardians who read, write or manage consent for them.
//! A guardian then acts with `--for <patient>` on any patient command.

use crate::address::parse as parse_account;
use crate::context::Context;
use crate::landed::Landing;
use crate::shared_keys::SharedCounts;
use crate::table::{time, Table};
use crate::views::GrantView;
use crate::words::level_text;
use anyhow::{bail, Result};
use clap::{Subcommand, ValueEnum};
use ehr::GuardianLevel;
use ehr_chain::{to_account32, AccountId32, EhrContract};
use ehr_client::query::ask;
use serde::Serialize;

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
        on: crate::cli::SendsOwn,
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

crate::cli::options_of!(GuardianCommand: Add, Remove, List);

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
            let g = parse_account(&guardian)?;
            // Before anything is sent: the caller's own key matches the chain's, and the
            // guardian's key is the one pinned (the sharing below uses both).
            ctx.own_secret(&contract).await?;
            ctx.trust(&contract)?
                .account_key(&contract, &me, &g)
                .await?;
            let msg = contract.add_guardian(&g, level.into());
            let ((), inclusion) =
                crate::send::send(&ctx.out, "appointing guardian", &contract, &signer, &msg)
                    .await?;
            let shared = ctx.chart_of(&contract, me.clone())?.share_all().await?;
            ctx.out.show(&Added {
                action: msg.name,
                guardian: g.to_string(),
                level: level_text(level.into()),
                inclusion: (&inclusion).into(),
                shared: crate::shared_keys::counts_for(&shared, &g),
            });
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
            // The grants this guardian made end with the guardianship (read now: a guardian who
            // steps down can no longer list them afterwards).
            let lapsing = grants_made_by(&contract, &me, &patient, &g).await?;
            let msg = contract.remove_guardian(&patient, &g);
            let ((), inclusion) =
                crate::send::send(&ctx.out, "removing guardian", &contract, &signer, &msg).await?;
            ctx.out.show(&Removed {
                action: msg.name,
                patient: patient.to_string(),
                guardian: g.to_string(),
                stepped_down: g == me,
                inclusion: (&inclusion).into(),
                lapsed_grants: lapsing,
            });
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
    let grants = ehr_client::records::readers::all_grants(contract, me, patient).await?;
    ctx.out.show(&Guardians(
        all.iter()
            .map(|(account, g)| GuardianView {
                guardian: to_account32(*account).to_string(),
                level: level_text(g.level),
                appointed_at: g.appointed_at,
                grants_made: grants
                    .iter()
                    .filter(|grant| grant.granted_by == Some(*account))
                    .count(),
            })
            .collect(),
    ));
    Ok(())
}

/// The grants of `patient`'s chart that `guardian` made for them.
async fn grants_made_by(
    contract: &EhrContract,
    me: &AccountId32,
    patient: &AccountId32,
    guardian: &AccountId32,
) -> Result<Vec<GrantView>> {
    let all = ehr_client::records::readers::all_grants(contract, me, patient).await?;
    Ok(all
        .iter()
        .filter(|g| g.granted_by.is_some_and(|by| to_account32(by) == *guardian))
        .map(Into::into)
        .collect())
}

/// `ehr guardian add`'s result: the guardian, their level, and the keys they were given.
#[derive(Debug, Serialize)]
pub struct Added {
    pub action: &'static str,
    pub guardian: String,
    pub level: &'static str,
    pub inclusion: Landing,
    /// Versions whose keys the new guardian got, those other readers got in the same round,
    /// and those that could not be shared.
    #[serde(flatten)]
    pub shared: SharedCounts,
}

impl std::fmt::Display for Added {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} is now your guardian ({} level)\n  {}\n  shared the keys of {} record versions{}",
            self.guardian,
            self.level,
            self.inclusion,
            self.shared.shared_versions,
            self.shared.rest_text()
        )
    }
}

/// `ehr guardian remove`'s result: a guardian removed by the patient, or stepping down.
#[derive(Debug, Serialize)]
pub struct Removed {
    pub action: &'static str,
    pub patient: String,
    pub guardian: String,
    /// The guardian removed themselves (`--for <patient>`).
    pub stepped_down: bool,
    pub inclusion: Landing,
    /// The grants the guardian made for the patient: they ended with the guardianship.
    pub lapsed_grants: Vec<GrantView>,
}

impl std::fmt::Display for Removed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.stepped_down {
            write!(f, "you stepped down as guardian of {}", self.patient)?;
        } else {
            write!(f, "removed guardian {} of {}", self.guardian, self.patient)?;
        }
        write!(f, "\n  {}", self.inclusion)?;
        if !self.lapsed_grants.is_empty() {
            write!(
                f,
                "\n  the {} grants this guardian made ended with the guardianship:",
                self.lapsed_grants.len()
            )?;
            for g in &self.lapsed_grants {
                write!(f, "\n    {} {} on {}", g.doctor, g.kind, g.scope)?;
            }
            if !self.stepped_down {
                write!(
                    f,
                    "\n  grant again (`ehr access grant`) those you want to keep; revoke the others (`ehr access revoke`) to free their places"
                )?;
            }
        }
        Ok(())
    }
}

/// A guardian of a chart.
#[derive(Debug, Serialize)]
pub struct GuardianView {
    pub guardian: String,
    pub level: &'static str,
    pub appointed_at: u64,
    /// Grants of the chart this guardian made (they end with the guardianship).
    pub grants_made: usize,
}

/// `ehr guardian list`'s result: a JSON array, or a table.
#[derive(Debug, Serialize)]
pub struct Guardians(pub Vec<GuardianView>);

impl std::fmt::Display for Guardians {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.0.is_empty() {
            return f.write_str("no guardians");
        }
        let mut table = Table::new(["guardian", "level", "since", "grants made"]);
        for g in &self.0 {
            table.row([
                g.guardian.clone(),
                g.level.to_string(),
                time(g.appointed_at),
                g.grants_made.to_string(),
            ]);
        }
        write!(f, "{table}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_samples::{landing_with, ALICE, BOB};

    fn added() -> Added {
        Added {
            action: "add_guardian",
            guardian: BOB.into(),
            level: "manage",
            inclusion: landing_with(300_525_000_000),
            shared: SharedCounts {
                shared_versions: 2,
                shared_with_others: 1,
                failed_versions: vec![crate::shared_keys::UnsharedVersion {
                    reader: BOB.into(),
                    record: 3,
                    version: 1,
                    error: "your key does not open this version".into(),
                }],
            },
        }
    }

    fn removed(stepped_down: bool) -> Removed {
        Removed {
            action: "remove_guardian",
            patient: ALICE.into(),
            guardian: BOB.into(),
            stepped_down,
            inclusion: landing_with(0),
            lapsed_grants: vec![GrantView {
                patient: ALICE.into(),
                doctor: BOB.into(),
                scope: "chart".into(),
                kind: "write",
                expires_at: None,
                granted_at: 1_764_547_200_000,
                active: false,
                doctor_suspended: false,
                granted_by: Some(BOB.into()),
                lapsed: true,
                state: "lapsed",
            }],
        }
    }

    fn guardians() -> Guardians {
        Guardians(vec![GuardianView {
            guardian: BOB.into(),
            level: "view",
            appointed_at: 1_764_547_200_000,
            grants_made: 2,
        }])
    }

    #[test]
    fn guardian_results_as_text_work() {
        insta::assert_snapshot!(format!(
            "{}\n---\n{}\n---\n{}\n---\n{}\n---\n{}",
            added(),
            removed(false),
            removed(true),
            guardians(),
            Guardians(vec![])
        ));
    }

    #[test]
    fn guardian_results_as_json_work() {
        insta::assert_json_snapshot!((added(), removed(true), guardians()));
    }
}
