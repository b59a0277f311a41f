//! The result of a patient's (or managing guardian's) decision on a doctor's access.

use crate::landed::Landing;
use crate::shared_keys::{failures_text, SharedKeys};
use serde::Serialize;

/// `ehr access grant|revoke|approve|deny`'s result: the change, the doctor it concerns and
/// where it landed.
#[derive(Debug, Serialize)]
pub struct Changed {
    #[serde(flatten)]
    pub change: Change,
    pub doctor: String,
    /// The patient whose chart it is, when a guardian acted for them (absent on one's own).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub patient: Option<String>,
    pub inclusion: Landing,
}

/// What was done, named (as `action`) by the contract message that did it.
#[derive(Debug, Serialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum Change {
    GrantAccess {
        scope: String,
        kind: &'static str,
        #[serde(flatten)]
        granted: Granted,
    },
    RevokeAccess {
        scope: String,
    },
    ApproveRequest {
        #[serde(flatten)]
        granted: Granted,
    },
    DenyRequest,
}

/// What a new grant (given or approved) comes with: its end, and the keys shared so the doctor
/// can read what it covers.
#[derive(Debug, Serialize)]
pub struct Granted {
    pub expires_at: Option<u64>,
    /// The grant ends within the margin a key needs to land in time: none is shared with it.
    pub ends_too_soon: bool,
    #[serde(flatten)]
    pub keys: SharedKeys,
}

impl Granted {
    /// A grant ending at `expires_at`, not on chain yet: no keys shared.
    pub fn new(expires_at: Option<u64>) -> Self {
        Self {
            expires_at,
            ends_too_soon: false,
            keys: SharedKeys::default(),
        }
    }

    /// Judges, once the grant is on chain and just before its keys are shared, whether it ends
    /// too soon for them: the sharing judges it the same way then.
    pub fn judge_margin(&mut self) {
        let margin = ehr_client::records::readers::now_ms()
            .saturating_add(ehr_client::records::readers::GRANT_MARGIN_MS);
        self.ends_too_soon = self.expires_at.is_some_and(|at| at <= margin);
    }
}

impl Change {
    /// The spinner's words while the change is sent.
    pub fn doing(&self) -> &'static str {
        match self {
            Self::GrantAccess { .. } => "granting access",
            Self::RevokeAccess { .. } => "revoking access",
            Self::ApproveRequest { .. } => "approving the request",
            Self::DenyRequest => "denying the request",
        }
    }

    /// The new grant, for a change that makes one.
    pub fn granted_mut(&mut self) -> Option<&mut Granted> {
        match self {
            Self::GrantAccess { granted, .. } | Self::ApproveRequest { granted } => Some(granted),
            Self::RevokeAccess { .. } | Self::DenyRequest => None,
        }
    }

    fn granted(&self) -> Option<&Granted> {
        match self {
            Self::GrantAccess { granted, .. } | Self::ApproveRequest { granted } => Some(granted),
            Self::RevokeAccess { .. } | Self::DenyRequest => None,
        }
    }
}

impl std::fmt::Display for Changed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let doctor = &self.doctor;
        match &self.change {
            Change::GrantAccess { scope, kind, .. } => {
                write!(f, "granted {kind} access to {scope} to {doctor}")?
            }
            Change::RevokeAccess { scope } => write!(f, "revoked {doctor}'s access to {scope}")?,
            Change::ApproveRequest { .. } => write!(f, "approved {doctor}'s request")?,
            Change::DenyRequest => write!(f, "denied {doctor}'s request")?,
        }
        write!(f, "\n  {}", self.inclusion)?;
        if let Some(patient) = &self.patient {
            write!(
                f,
                "\n  done as guardian of {patient}, and logged in their history"
            )?;
        }
        if let Some(granted) = self.change.granted() {
            if granted.ends_too_soon {
                f.write_str("\n  it ends within a minute: no keys are shared with it (a key sent now could land after it ended)")?;
            }
            write!(
                f,
                "\n  shared the keys of {} record versions{}",
                granted.keys.shared_versions.len(),
                failures_text(&granted.keys.failed_versions)
            )?;
        }
        Ok(())
    }
}
