//! Grants and requests as the CLI shows them: one `Serialize` view of each, and lists of them
//! that print as tables, so `--json` and the text can never disagree.

use crate::table::{time, Table};
use crate::words::{grant_state, kind_text, request_reason_text, scope_text};
use ehr::{GrantInfo, RequestInfo};
use ehr_chain::to_account32;
use serde::Serialize;

/// A grant.
#[derive(Debug, Clone, Serialize)]
pub struct GrantView {
    pub patient: String,
    pub doctor: String,
    pub scope: String,
    pub kind: &'static str,
    pub expires_at: Option<u64>,
    pub granted_at: u64,
    pub active: bool,
    pub doctor_suspended: bool,
    /// The guardian who granted it for the patient (`None`: the patient). Such a grant ends
    /// with the guardianship (`lapsed`).
    pub granted_by: Option<String>,
    pub lapsed: bool,
    /// `active`, `expired`, `suspended` or `lapsed`.
    pub state: &'static str,
}

impl From<&GrantInfo> for GrantView {
    fn from(g: &GrantInfo) -> Self {
        Self {
            patient: to_account32(g.patient).to_string(),
            doctor: to_account32(g.doctor).to_string(),
            scope: scope_text(g.scope),
            kind: kind_text(g.kind),
            expires_at: g.expires_at,
            granted_at: g.granted_at,
            active: g.active,
            doctor_suspended: g.doctor_suspended,
            granted_by: g.granted_by.map(|by| to_account32(by).to_string()),
            lapsed: g.lapsed,
            state: grant_state(g),
        }
    }
}

/// A request for access.
#[derive(Debug, Clone, Serialize)]
pub struct RequestView {
    pub patient: String,
    pub doctor: String,
    pub scope: String,
    pub kind: &'static str,
    /// The reason in words, and its code.
    pub reason: &'static str,
    pub reason_code: u8,
    pub requested_at: u64,
    /// `pending`, `approved` or `denied`.
    pub status: String,
}

impl From<&RequestInfo> for RequestView {
    fn from(r: &RequestInfo) -> Self {
        Self {
            patient: to_account32(r.patient).to_string(),
            doctor: to_account32(r.doctor).to_string(),
            scope: scope_text(r.request.scope),
            kind: kind_text(r.request.kind),
            reason: request_reason_text(r.request.reason),
            reason_code: r.request.reason,
            requested_at: r.request.requested_at,
            status: format!("{:?}", r.request.status).to_lowercase(),
        }
    }
}

/// A patient's grants (`ehr access list`): a JSON array, or a table.
#[derive(Debug, Serialize)]
pub struct Grants(pub Vec<GrantView>);

impl std::fmt::Display for Grants {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.0.is_empty() {
            return f.write_str("nobody has access");
        }
        let mut table = Table::new([
            "doctor", "scope", "kind", "granted", "by", "expires", "state",
        ]);
        for g in &self.0 {
            table.row([
                g.doctor.clone(),
                g.scope.clone(),
                g.kind.to_string(),
                time(g.granted_at),
                g.granted_by.clone().unwrap_or_else(|| "patient".into()),
                g.expires_at.map_or("never".to_string(), time),
                g.state.to_string(),
            ]);
        }
        write!(f, "{table}")?;
        if self.0.iter().any(|g| g.lapsed) {
            f.write_str("\nlapsed: granted by a guardian who no longer manages this chart; grant it again (`ehr access grant`) to keep it, or revoke it to free its place")?;
        }
        Ok(())
    }
}

/// The grants a doctor holds, patient by patient (`ehr doctor patients`): a JSON array, or a
/// table.
#[derive(Debug, Serialize)]
pub struct PatientGrants(pub Vec<GrantView>);

impl std::fmt::Display for PatientGrants {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.0.is_empty() {
            return f.write_str("no patient has given you access");
        }
        let mut table = Table::new(["patient", "scope", "kind", "expires", "state"]);
        for g in &self.0 {
            table.row([
                g.patient.clone(),
                g.scope.clone(),
                g.kind.to_string(),
                g.expires_at.map_or("never".to_string(), time),
                g.state.to_string(),
            ]);
        }
        write!(f, "{table}")
    }
}

/// Requests awaiting a patient's decision (`ehr access requests`): a JSON array, or a table.
#[derive(Debug, Serialize)]
pub struct Requests(pub Vec<RequestView>);

impl std::fmt::Display for Requests {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.0.is_empty() {
            return f.write_str("no pending requests");
        }
        let mut table = Table::new(["doctor", "scope", "kind", "reason", "requested"]);
        for r in &self.0 {
            table.row([
                r.doctor.clone(),
                r.scope.clone(),
                r.kind.to_string(),
                r.reason.to_string(),
                time(r.requested_at),
            ]);
        }
        write!(f, "{table}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::test_samples::{ALICE, BOB};

    fn grants() -> Grants {
        Grants(vec![
            GrantView {
                patient: ALICE.into(),
                doctor: BOB.into(),
                scope: "chart".into(),
                kind: "read",
                expires_at: Some(1_767_225_600_000),
                granted_at: 1_764_547_200_000,
                active: true,
                doctor_suspended: false,
                granted_by: None,
                lapsed: false,
                state: "active",
            },
            GrantView {
                patient: ALICE.into(),
                doctor: BOB.into(),
                scope: "record 3".into(),
                kind: "write",
                expires_at: None,
                granted_at: 1_764_547_260_000,
                active: false,
                doctor_suspended: true,
                granted_by: None,
                lapsed: false,
                state: "suspended",
            },
            GrantView {
                patient: ALICE.into(),
                doctor: BOB.into(),
                scope: "chart".into(),
                kind: "write",
                expires_at: None,
                granted_at: 1_764_547_320_000,
                active: false,
                doctor_suspended: false,
                granted_by: Some(ALICE.into()),
                lapsed: true,
                state: "lapsed",
            },
        ])
    }

    fn requests() -> Requests {
        Requests(vec![RequestView {
            patient: ALICE.into(),
            doctor: BOB.into(),
            scope: "chart".into(),
            kind: "write",
            reason: "referral",
            reason_code: 1,
            requested_at: 1_764_547_200_000,
            status: "pending".into(),
        }])
    }

    #[test]
    fn grants_and_requests_as_text_work() {
        insta::assert_snapshot!(format!(
            "{}\n---\n{}\n---\n{}\n---\n{}\n---\n{}",
            grants(),
            PatientGrants(grants().0),
            requests(),
            Grants(vec![]),
            Requests(vec![])
        ));
    }

    #[test]
    fn grants_and_requests_as_json_work() {
        insta::assert_json_snapshot!((grants(), requests()));
    }
}
