//! What the `ehr doctor ...` commands print.

use crate::landed::Landing;
use crate::table::{printable, time, Table};
use crate::views::RequestView;
use ehr::Doctor;
use serde::Serialize;

/// `ehr doctor register`'s result.
#[derive(Debug, Serialize)]
pub struct Registered {
    pub doctor: String,
    pub encryption_key: String,
    pub inclusion: Landing,
}

impl std::fmt::Display for Registered {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "registered doctor {} (unverified until a registrar verifies)\n  {}",
            self.doctor, self.inclusion
        )
    }
}

/// A registered doctor and their public profile: `ehr doctor show`'s result, and one row of
/// `ehr doctor search`.
#[derive(Debug, Serialize)]
pub struct DoctorView {
    pub doctor: String,
    pub name: String,
    pub specialization: String,
    pub clinic_address: String,
    pub branch: String,
    pub licence_number: String,
    /// `unverified`, `verified` or `suspended`.
    pub status: &'static str,
    pub registered_at: u64,
    pub encryption_key: String,
    pub patient_count: u32,
}

impl DoctorView {
    pub fn new(account: String, d: &Doctor) -> Self {
        let p = &d.profile;
        Self {
            doctor: account,
            name: p.name.clone(),
            specialization: p.specialization.clone(),
            clinic_address: p.clinic_address.clone(),
            branch: p.branch.clone(),
            licence_number: p.licence_number.clone(),
            status: crate::words::doctor_status_text(d.status),
            registered_at: d.registered_at,
            encryption_key: hex::encode(d.encryption_key),
            patient_count: d.patient_count,
        }
    }
}

impl std::fmt::Display for DoctorView {
    /// The profile's fields come from the doctor's own transaction: shown escaped.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "doctor {}\n  name            {}\n  specialization  {}\n  clinic          {}, {}\n  licence         {}\n  status          {}\n  registered      {}",
            self.doctor,
            printable(&self.name),
            printable(&self.specialization),
            printable(&self.clinic_address),
            printable(&self.branch),
            printable(&self.licence_number),
            self.status,
            time(self.registered_at)
        )
    }
}

/// `ehr doctor search`'s result: a JSON array, or a table.
#[derive(Debug, Serialize)]
pub struct Doctors(pub Vec<DoctorView>);

impl std::fmt::Display for Doctors {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.0.is_empty() {
            return f.write_str("no doctors found");
        }
        let mut table = Table::new([
            "doctor",
            "name",
            "specialization",
            "clinic",
            "branch",
            "status",
        ]);
        for d in &self.0 {
            table.row([
                d.doctor.clone(),
                d.name.clone(),
                d.specialization.clone(),
                d.clinic_address.clone(),
                d.branch.clone(),
                d.status.to_string(),
            ]);
        }
        write!(f, "{table}")
    }
}

/// `ehr doctor request`'s result.
#[derive(Debug, Serialize)]
pub struct Requested {
    pub patient: String,
    pub scope: String,
    pub kind: &'static str,
    pub inclusion: Landing,
}

impl std::fmt::Display for Requested {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "asked {} for {} access to {}\n  {}",
            self.patient, self.kind, self.scope, self.inclusion
        )
    }
}

/// `ehr doctor requests --patient`'s result: the request to that patient and its outcome.
#[derive(Debug, Serialize)]
pub struct Outcome(pub RequestView);

impl std::fmt::Display for Outcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let r = &self.0;
        write!(
            f,
            "request to {}: {} access to {}, {}",
            r.patient, r.kind, r.scope, r.status
        )
    }
}

/// `ehr doctor requests`'s result: the doctor's pending requests, as a JSON array or a table.
#[derive(Debug, Serialize)]
pub struct Pending(pub Vec<RequestView>);

impl std::fmt::Display for Pending {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.0.is_empty() {
            return f.write_str("no pending requests");
        }
        let mut table = Table::new(["patient", "scope", "kind", "requested"]);
        for r in &self.0 {
            table.row([
                r.patient.clone(),
                r.scope.clone(),
                r.kind.to_string(),
                time(r.requested_at),
            ]);
        }
        write!(f, "{table}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_samples::{landing_with, ALICE, BOB};

    fn registered() -> Registered {
        Registered {
            doctor: BOB.into(),
            encryption_key: "ab".repeat(32),
            inclusion: landing_with(300_525_000_000),
        }
    }

    fn doctor() -> DoctorView {
        DoctorView {
            doctor: BOB.into(),
            name: "Dr Bob\u{1b}[2J".into(),
            specialization: "Cardiology".into(),
            clinic_address: "1 Main St".into(),
            branch: "Springfield".into(),
            licence_number: "GMC-1234567".into(),
            status: "verified",
            registered_at: 1_764_547_200_000,
            encryption_key: "ab".repeat(32),
            patient_count: 2,
        }
    }

    fn requested() -> Requested {
        Requested {
            patient: ALICE.into(),
            scope: "record 3".into(),
            kind: "write",
            inclusion: landing_with(0),
        }
    }

    fn request(status: &str) -> RequestView {
        RequestView {
            patient: ALICE.into(),
            doctor: BOB.into(),
            scope: "chart".into(),
            kind: "read",
            reason: "referral",
            reason_code: 1,
            requested_at: 1_764_547_200_000,
            status: status.into(),
        }
    }

    #[test]
    fn doctor_results_as_text_work() {
        let text = [
            registered().to_string(),
            doctor().to_string(),
            Doctors(vec![doctor()]).to_string(),
            Doctors(vec![]).to_string(),
            requested().to_string(),
            Outcome(request("approved")).to_string(),
            Pending(vec![request("pending")]).to_string(),
            Pending(vec![]).to_string(),
        ];
        insta::assert_snapshot!(text.join("\n---\n"));
    }

    #[test]
    fn doctor_results_as_json_work() {
        insta::assert_json_snapshot!((
            registered(),
            Doctors(vec![doctor()]),
            requested(),
            Outcome(request("approved")),
            Pending(vec![request("pending")])
        ));
    }
}
