//! `ehr registrar ...`: licensing authorities verify and suspend doctors and manage registrars.
//! Adding or removing a registrar takes approvals from a majority of the current registrars:
//! each runs the same `add` or `remove`, and the change happens with the approval that makes
//! the majority.

use crate::address::parse as parse_account;
use crate::context::Context;
use crate::landed::Landing;
use anyhow::Result;
use clap::Subcommand;
use serde::Serialize;

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

crate::cli::options_of!(RegistrarCommand: Verify, Suspend, Add, Remove, Show);

pub async fn run(ctx: &Context, cmd: RegistrarCommand) -> Result<()> {
    let (account, vote) = match &cmd {
        RegistrarCommand::Show { account, .. } => return show(ctx, account).await,
        RegistrarCommand::Verify { doctor, .. } => {
            return set_status(ctx, doctor, StatusAction::VerifyDoctor).await
        }
        RegistrarCommand::Suspend { doctor, .. } => {
            return set_status(ctx, doctor, StatusAction::SuspendDoctor).await
        }
        RegistrarCommand::Add { account, .. } => (account, Vote::AddRegistrar),
        RegistrarCommand::Remove { account, .. } => (account, Vote::RemoveRegistrar),
    };
    let signer = ctx.signer()?;
    let contract = ctx.contract().await?;
    let account = parse_account(account)?;
    let msg = match vote {
        Vote::AddRegistrar => contract.add_registrar(&account),
        Vote::RemoveRegistrar => contract.remove_registrar(&account),
    };
    let doing = format!("approving {} registrar", vote.change());
    let (dry_run_changed, inclusion) =
        crate::send::send(&ctx.out, &doing, &contract, &signer, &msg).await?;
    // The block decides, not the dry run: another change of the set in the same block makes
    // this approval lapse.
    let changed =
        took_effect(&inclusion.ehr_events(contract.address()), &account).unwrap_or(dry_run_changed);
    // Still awaiting approvals: how many it has and needs.
    let pending = if changed {
        None
    } else {
        contract
            .query(&account, &contract.registrar_proposal(&account))
            .await?
            .as_ref()
            .map(Into::into)
    };
    ctx.out.show(&Voted {
        action: vote,
        account: account.to_string(),
        changed,
        pending,
        inclusion: (&inclusion).into(),
    });
    Ok(())
}

/// Whether the approval of changing `account` made the majority in its block, as the block's
/// events tell (`RegistrarChanged`: it did; `RegistrarChangeApproved`: it awaits more); `None`
/// when they tell neither.
fn took_effect(events: &[ehr_chain::EhrEvent], account: &ehr_chain::AccountId32) -> Option<bool> {
    use ehr_chain::EhrEvent;
    let about =
        |registrar: &ink::primitives::AccountId| ehr_chain::to_account32(*registrar) == *account;
    events.iter().find_map(|e| match e {
        EhrEvent::RegistrarChanged(e) if about(&e.registrar) => Some(true),
        EhrEvent::RegistrarChangeApproved(e) if about(&e.registrar) => Some(false),
        _ => None,
    })
}

async fn set_status(ctx: &Context, doctor: &str, action: StatusAction) -> Result<()> {
    let signer = ctx.signer()?;
    let contract = ctx.contract().await?;
    let doctor = parse_account(doctor)?;
    let (msg, doing) = match action {
        StatusAction::VerifyDoctor => (contract.verify_doctor(&doctor), "verifying doctor"),
        StatusAction::SuspendDoctor => (contract.suspend_doctor(&doctor), "suspending doctor"),
    };
    let ((), inclusion) = crate::send::send(&ctx.out, doing, &contract, &signer, &msg).await?;
    ctx.out.show(&StatusSet {
        action,
        account: doctor.to_string(),
        inclusion: (&inclusion).into(),
    });
    Ok(())
}

async fn show(ctx: &Context, account: &str) -> Result<()> {
    let contract = ctx.contract().await?;
    let account = parse_account(account)?;
    let registrar = contract
        .query(&account, &contract.is_registrar(&account))
        .await?;
    let pending = contract
        .query(&account, &contract.registrar_proposal(&account))
        .await?;
    ctx.out.show(&Shown {
        account: account.to_string(),
        registrar,
        pending: pending.as_ref().map(Into::into),
    });
    Ok(())
}

/// A doctor's new status, named (as `action`) by the contract message that sets it.
#[derive(Debug, Clone, Copy, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StatusAction {
    VerifyDoctor,
    SuspendDoctor,
}

/// `ehr registrar verify|suspend`'s result.
#[derive(Debug, Serialize)]
pub struct StatusSet {
    pub action: StatusAction,
    /// The doctor.
    pub account: String,
    pub inclusion: Landing,
}

impl std::fmt::Display for StatusSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let verb = match self.action {
            StatusAction::VerifyDoctor => "verified",
            StatusAction::SuspendDoctor => "suspended",
        };
        write!(f, "{verb} doctor {}\n  {}", self.account, self.inclusion)
    }
}

/// A registrar's approval of a change of the registrars, named (as `action`) by the contract
/// message that casts it.
#[derive(Debug, Clone, Copy, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Vote {
    AddRegistrar,
    RemoveRegistrar,
}

impl Vote {
    /// The change approved, as a verb: `adding` or `removing`.
    fn change(self) -> &'static str {
        match self {
            Self::AddRegistrar => "adding",
            Self::RemoveRegistrar => "removing",
        }
    }
}

/// A change of the registrars awaiting approvals.
#[derive(Debug, Serialize)]
pub struct Proposal {
    /// Adding the account (`true`) or removing it.
    pub add: bool,
    pub approvals: u32,
    pub needed: u32,
}

impl From<&ehr::RegistrarProposal> for Proposal {
    fn from(p: &ehr::RegistrarProposal) -> Self {
        Self {
            add: p.add,
            approvals: p.approvals,
            needed: p.needed,
        }
    }
}

/// `ehr registrar add|remove`'s result: the approval sent, and whether it made the majority
/// (`changed`) or the change still awaits approvals (`pending`).
#[derive(Debug, Serialize)]
pub struct Voted {
    pub action: Vote,
    pub account: String,
    pub changed: bool,
    pub pending: Option<Proposal>,
    pub inclusion: Landing,
}

impl std::fmt::Display for Voted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let account = &self.account;
        if self.changed {
            let verb = match self.action {
                Vote::AddRegistrar => "added",
                Vote::RemoveRegistrar => "removed",
            };
            return write!(
                f,
                "{verb} registrar {account} (your approval made the majority)\n  {}",
                self.inclusion
            );
        }
        write!(f, "approved {} registrar {account}", self.action.change())?;
        if let Some(p) = &self.pending {
            write!(f, ": {} of {} approvals", p.approvals, p.needed)?;
        }
        let cmd = match self.action {
            Vote::AddRegistrar => "add",
            Vote::RemoveRegistrar => "remove",
        };
        write!(
            f,
            "\n  {}\n  it takes effect when more registrars approve it with `ehr registrar {cmd} {account}`",
            self.inclusion
        )
    }
}

/// `ehr registrar show`'s result.
#[derive(Debug, Serialize)]
pub struct Shown {
    pub account: String,
    pub registrar: bool,
    pub pending: Option<Proposal>,
}

impl std::fmt::Display for Shown {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let not = if self.registrar { "" } else { "not " };
        write!(f, "{} is {not}a registrar", self.account)?;
        if let Some(p) = &self.pending {
            write!(
                f,
                "\n  pending: {} it, {} of {} approvals",
                if p.add { "adding" } else { "removing" },
                p.approvals,
                p.needed
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_samples::{landing_with, ALICE, BOB};

    #[test]
    fn the_block_decides_whether_an_approval_took_effect_works() {
        use ehr::events::{RegistrarChangeApproved, RegistrarChanged};
        use ehr_chain::{AccountId32, EhrEvent};
        use ink::primitives::AccountId;
        let (dave, erin, alice) = (
            AccountId::from([4; 32]),
            AccountId::from([5; 32]),
            AccountId::from([1; 32]),
        );
        let dave32 = AccountId32([4; 32]);
        // the dry run said the approval made the majority, but in the block another change
        // of the set came first and it only counted as an approval
        let lapsed = [EhrEvent::RegistrarChangeApproved(RegistrarChangeApproved {
            registrar: dave,
            by: alice,
            add: true,
            approvals: 1,
            needed: 2,
        })];
        assert_eq!(took_effect(&lapsed, &dave32), Some(false));
        let made = [
            EhrEvent::RegistrarChanged(RegistrarChanged {
                registrar: erin,
                by: alice,
                added: true,
            }),
            EhrEvent::RegistrarChanged(RegistrarChanged {
                registrar: dave,
                by: alice,
                added: true,
            }),
        ];
        assert_eq!(took_effect(&made, &dave32), Some(true));
        assert_eq!(took_effect(&made[..1], &dave32), None);
    }

    fn pending() -> Proposal {
        Proposal {
            add: true,
            approvals: 1,
            needed: 2,
        }
    }

    fn status_set() -> StatusSet {
        StatusSet {
            action: StatusAction::SuspendDoctor,
            account: BOB.into(),
            inclusion: landing_with(0),
        }
    }

    fn votes() -> (Voted, Voted) {
        (
            Voted {
                action: Vote::AddRegistrar,
                account: BOB.into(),
                changed: false,
                pending: Some(pending()),
                inclusion: landing_with(0),
            },
            Voted {
                action: Vote::RemoveRegistrar,
                account: ALICE.into(),
                changed: true,
                pending: None,
                inclusion: landing_with(0),
            },
        )
    }

    fn shown() -> (Shown, Shown) {
        (
            Shown {
                account: BOB.into(),
                registrar: false,
                pending: Some(pending()),
            },
            Shown {
                account: ALICE.into(),
                registrar: true,
                pending: None,
            },
        )
    }

    #[test]
    fn registrar_results_as_text_work() {
        let (pending, done) = votes();
        let (candidate, registrar) = shown();
        insta::assert_snapshot!(format!(
            "{}\n---\n{pending}\n---\n{done}\n---\n{candidate}\n---\n{registrar}",
            status_set()
        ));
    }

    #[test]
    fn registrar_results_as_json_work() {
        insta::assert_json_snapshot!((status_set(), votes(), shown()));
    }
}
