//! The contract's events as `ehr watch` shows them: one typed value per event, whose fields
//! are its JSON and whose `Display` is its line of text.

use crate::table::time;
use serde::Serialize;

mod convert;

/// A line of `ehr watch`: the block that carried the event, then the event.
#[derive(Debug, Serialize)]
pub struct Watched {
    pub block: u64,
    pub block_hash: String,
    #[serde(flatten)]
    pub event: Event,
}

impl std::fmt::Display for Watched {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "#{}  {}", self.block, self.event)
    }
}

/// One event of the contract, named (as `event`) as the contract's metadata names it.
/// Accounts are SS58 addresses; scopes, kinds, levels and reasons are words, as every command
/// shows them.
#[derive(Debug, Serialize)]
#[serde(tag = "event")]
pub enum Event {
    PatientRegistered {
        patient: String,
    },
    DoctorRegistered {
        doctor: String,
    },
    KeyRotated {
        account: String,
    },
    DoctorStatusChanged {
        doctor: String,
        registrar: String,
        status: String,
    },
    RegistrarChanged {
        registrar: String,
        added: bool,
    },
    RegistrarChangeApproved {
        registrar: String,
        by: String,
        add: bool,
        approvals: u32,
        needed: u32,
    },
    AccessGranted {
        patient: String,
        doctor: String,
        scope: String,
        kind: &'static str,
        expires_at: Option<u64>,
    },
    AccessRevoked {
        patient: String,
        doctor: String,
        scope: String,
    },
    AccessRequested {
        patient: String,
        doctor: String,
        scope: String,
        kind: &'static str,
        reason: &'static str,
        reason_code: u8,
    },
    RequestDecided {
        patient: String,
        doctor: String,
        approved: bool,
    },
    RecordVersionAdded {
        patient: String,
        author: String,
        record: u32,
        version: u32,
        record_type: String,
        length: u32,
        complete: bool,
    },
    ChunkUploaded {
        patient: String,
        author: String,
        record: u32,
        version: u32,
        index: u32,
        complete: bool,
    },
    KeysWrapped {
        patient: String,
        by: String,
        record: u32,
        version: u32,
        readers: u32,
    },
    KeysDropped {
        patient: String,
        record: u32,
        version: u32,
        readers: u32,
    },
    RecordOpened {
        patient: String,
        reader: String,
        record: u32,
        version: u32,
    },
    RecordErased {
        patient: String,
        record: u32,
        version: u32,
        chunks_left: u32,
    },
    ChunksFreed {
        patient: String,
        record: u32,
        version: u32,
        freed: u32,
        left: u32,
    },
    GuardianChanged {
        patient: String,
        guardian: String,
        /// `None`: no longer a guardian.
        level: Option<&'static str>,
        by: String,
    },
    EmergencyPolicyChanged {
        patient: String,
        window_ms: u64,
        /// The record types covered (a mask); 0 when the patient opted out.
        covered: u8,
        generation: u32,
    },
    EmergencyAccessInvoked {
        patient: String,
        doctor: String,
        reason: &'static str,
        reason_code: u8,
        reason_hash: String,
        expires_at: u64,
    },
    EmergencyShareReleased {
        patient: String,
        doctor: String,
        custodian: String,
    },
}

impl std::fmt::Display for Event {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::PatientRegistered { patient } => write!(f, "patient {patient} registered"),
            Self::DoctorRegistered { doctor } => write!(f, "doctor {doctor} registered"),
            Self::KeyRotated { account } => {
                write!(f, "{account} published a new encryption key")
            }
            Self::DoctorStatusChanged {
                doctor,
                registrar,
                status,
            } => write!(f, "registrar {registrar} set doctor {doctor} to {status}"),
            Self::RegistrarChanged { registrar, added } => write!(
                f,
                "registrar {registrar} {}",
                if *added { "added" } else { "removed" }
            ),
            Self::RegistrarChangeApproved {
                registrar,
                by,
                add,
                approvals,
                needed,
            } => write!(
                f,
                "{by} approved {} registrar {registrar} ({approvals} of {needed})",
                if *add { "adding" } else { "removing" }
            ),
            Self::AccessGranted {
                patient,
                doctor,
                scope,
                kind,
                expires_at,
            } => {
                write!(
                    f,
                    "{kind} access to {scope} granted to {doctor} on {patient}'s chart"
                )?;
                match expires_at {
                    Some(t) => write!(f, ", until {}", time(*t)),
                    None => Ok(()),
                }
            }
            Self::AccessRevoked {
                patient,
                doctor,
                scope,
            } => write!(f, "{doctor}'s access to {scope} of {patient}'s chart revoked"),
            Self::AccessRequested {
                patient,
                doctor,
                scope,
                kind,
                ..
            } => write!(f, "{doctor} asks {patient} for {kind} access to {scope}"),
            Self::RequestDecided {
                patient,
                doctor,
                approved,
            } => write!(
                f,
                "{doctor}'s request to {patient} {}",
                if *approved { "approved" } else { "denied" }
            ),
            Self::RecordVersionAdded {
                patient,
                author,
                record,
                version,
                record_type,
                length,
                complete,
            } => write!(
                f,
                "{author} wrote record {record} v{version} ({record_type}, {length} bytes{}) on {patient}'s chart",
                if *complete { "" } else { ", uploading" }
            ),
            Self::ChunkUploaded {
                author,
                record,
                version,
                index,
                complete,
                ..
            } => write!(
                f,
                "{author} uploaded chunk {index} of record {record} v{version}{}",
                if *complete { " (complete)" } else { "" }
            ),
            Self::KeysWrapped {
                by,
                record,
                version,
                readers,
                ..
            } => write!(
                f,
                "{by} shared the key of record {record} v{version} with {readers} reader(s)"
            ),
            Self::KeysDropped {
                record,
                version,
                readers,
                ..
            } => write!(
                f,
                "keys of {readers} reader(s) dropped from record {record} v{version}"
            ),
            Self::RecordOpened {
                patient,
                reader,
                record,
                version,
            } => write!(f, "{reader} opened record {record} v{version} of {patient}"),
            Self::RecordErased {
                patient,
                record,
                version,
                chunks_left,
            } => {
                write!(f, "record {record} v{version} of {patient} erased")?;
                match chunks_left {
                    0 => Ok(()),
                    n => write!(f, " ({n} chunks still to free)"),
                }
            }
            Self::ChunksFreed {
                patient,
                record,
                version,
                freed,
                left,
            } => write!(
                f,
                "{freed} chunks of erased record {record} v{version} of {patient} freed, {left} left"
            ),
            Self::GuardianChanged {
                patient,
                guardian,
                level,
                ..
            } => match level {
                Some(level) => write!(f, "{guardian} is guardian of {patient} ({level} level)"),
                None => write!(f, "{guardian} is no longer guardian of {patient}"),
            },
            Self::EmergencyPolicyChanged {
                patient,
                window_ms,
                covered,
                generation,
            } => {
                if *covered == 0 {
                    write!(f, "{patient} opted out of emergency access")
                } else {
                    write!(
                        f,
                        "{patient} set emergency access (window {}, generation {generation})",
                        humantime::format_duration(std::time::Duration::from_millis(*window_ms))
                    )
                }
            }
            Self::EmergencyAccessInvoked {
                patient,
                doctor,
                reason,
                expires_at,
                ..
            } => write!(
                f,
                "EMERGENCY ACCESS: {doctor} broke the glass on {patient}'s chart ({reason}), until {}",
                time(*expires_at)
            ),
            Self::EmergencyShareReleased {
                patient,
                doctor,
                custodian,
            } => write!(
                f,
                "custodian {custodian} released a share of {patient}'s emergency key to {doctor}"
            ),
        }
    }
}

#[cfg(test)]
mod tests;
