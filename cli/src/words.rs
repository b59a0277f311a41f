//! How the chain's values are shown: the words for access kinds, scopes, record types,
//! guardian levels and reasons, and the command-line forms of those values. One vocabulary for
//! every command and for `ehr watch`.

use clap::ValueEnum;
use ehr::{AccessKind, GrantInfo, GuardianLevel, RecordType, Scope};

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

/// The record types, as `--type` takes them.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Type {
    General,
    Lab,
    Cardiac,
    Dermatology,
    Imaging,
    Prescription,
    Discharge,
    Other,
}

impl From<Type> for RecordType {
    fn from(t: Type) -> Self {
        match t {
            Type::General => RecordType::GeneralInformation,
            Type::Lab => RecordType::ClinicalLaboratory,
            Type::Cardiac => RecordType::Cardiac,
            Type::Dermatology => RecordType::Dermatology,
            Type::Imaging => RecordType::Imaging,
            Type::Prescription => RecordType::Prescription,
            Type::Discharge => RecordType::DischargeSummary,
            Type::Other => RecordType::Other,
        }
    }
}

/// A scope in words.
pub fn scope_text(scope: Scope) -> String {
    match scope {
        Scope::Chart => "chart".into(),
        Scope::Record(id) => format!("record {id}"),
    }
}

/// An access kind in words.
pub fn kind_text(kind: AccessKind) -> &'static str {
    match kind {
        AccessKind::Read => "read",
        AccessKind::Write => "write",
    }
}

/// A record type in words.
pub fn type_text(t: RecordType) -> &'static str {
    match t {
        RecordType::GeneralInformation => "general",
        RecordType::ClinicalLaboratory => "lab",
        RecordType::Cardiac => "cardiac",
        RecordType::Dermatology => "dermatology",
        RecordType::Imaging => "imaging",
        RecordType::Prescription => "prescription",
        RecordType::DischargeSummary => "discharge",
        RecordType::Other => "other",
    }
}

/// A doctor's standing with the registrars, in words.
pub fn doctor_status_text(s: ehr::DoctorStatus) -> &'static str {
    match s {
        ehr::DoctorStatus::Unverified => "unverified",
        ehr::DoctorStatus::Verified => "verified",
        ehr::DoctorStatus::Suspended => "suspended",
    }
}

/// A guardian level in words.
pub fn level_text(l: GuardianLevel) -> &'static str {
    match l {
        GuardianLevel::View => "view",
        GuardianLevel::Contribute => "contribute",
        GuardianLevel::Manage => "manage",
    }
}

/// A break-glass reason code in words.
pub fn reason_text(code: u8) -> &'static str {
    match code {
        1 => "unconscious",
        2 => "life-threatening",
        3 => "urgent-treatment",
        _ => "other",
    }
}

/// A request's reason code in words.
pub fn request_reason_text(code: u8) -> &'static str {
    match code {
        0 => "routine",
        1 => "referral",
        2 => "follow-up",
        3 => "second-opinion",
        _ => "other",
    }
}

/// One word for whether a grant works now.
pub fn grant_state(g: &GrantInfo) -> &'static str {
    if g.doctor_suspended {
        "suspended"
    } else if g.lapsed {
        "lapsed"
    } else if g.active {
        "active"
    } else {
        "expired"
    }
}
