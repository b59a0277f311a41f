//! The contract's events, as decoded from blocks, turned into the values `ehr watch` prints.

use super::Event;
use crate::words::{kind_text, level_text, reason_text, request_reason_text, scope_text};
use ehr_chain::{to_account32, EhrEvent};

fn acc(a: &ink::primitives::AccountId) -> String {
    to_account32(*a).to_string()
}

impl From<&EhrEvent> for Event {
    fn from(event: &EhrEvent) -> Self {
        match event {
            EhrEvent::PatientRegistered(e) => Self::PatientRegistered {
                patient: acc(&e.patient),
            },
            EhrEvent::DoctorRegistered(e) => Self::DoctorRegistered {
                doctor: acc(&e.doctor),
            },
            EhrEvent::KeyRotated(e) => Self::KeyRotated {
                account: acc(&e.account),
            },
            EhrEvent::DoctorStatusChanged(e) => Self::DoctorStatusChanged {
                doctor: acc(&e.doctor),
                registrar: acc(&e.registrar),
                status: crate::words::doctor_status_text(e.status).to_string(),
            },
            EhrEvent::RegistrarChanged(e) => Self::RegistrarChanged {
                registrar: acc(&e.registrar),
                added: e.added,
            },
            EhrEvent::RegistrarChangeApproved(e) => Self::RegistrarChangeApproved {
                registrar: acc(&e.registrar),
                by: acc(&e.by),
                add: e.add,
                approvals: e.approvals,
                needed: e.needed,
            },
            EhrEvent::AccessGranted(e) => Self::AccessGranted {
                patient: acc(&e.patient),
                doctor: acc(&e.doctor),
                scope: scope_text(e.scope),
                kind: kind_text(e.kind),
                expires_at: e.expires_at,
            },
            EhrEvent::AccessRevoked(e) => Self::AccessRevoked {
                patient: acc(&e.patient),
                doctor: acc(&e.doctor),
                scope: scope_text(e.scope),
            },
            EhrEvent::AccessRequested(e) => Self::AccessRequested {
                patient: acc(&e.patient),
                doctor: acc(&e.doctor),
                scope: scope_text(e.scope),
                kind: kind_text(e.kind),
                reason: request_reason_text(e.reason),
                reason_code: e.reason,
            },
            EhrEvent::RequestDecided(e) => Self::RequestDecided {
                patient: acc(&e.patient),
                doctor: acc(&e.doctor),
                approved: e.approved,
            },
            EhrEvent::RecordVersionAdded(e) => Self::RecordVersionAdded {
                patient: acc(&e.patient),
                author: acc(&e.author),
                record: e.record,
                version: e.version,
                record_type: crate::words::type_text(e.record_type).to_string(),
                length: e.length,
                complete: e.complete,
            },
            EhrEvent::ChunkUploaded(e) => Self::ChunkUploaded {
                patient: acc(&e.patient),
                author: acc(&e.author),
                record: e.record,
                version: e.version,
                index: e.index,
                complete: e.complete,
            },
            EhrEvent::KeysWrapped(e) => Self::KeysWrapped {
                patient: acc(&e.patient),
                by: acc(&e.by),
                record: e.record,
                version: e.version,
                readers: e.readers,
            },
            EhrEvent::KeysDropped(e) => Self::KeysDropped {
                patient: acc(&e.patient),
                record: e.record,
                version: e.version,
                readers: e.readers,
            },
            EhrEvent::RecordOpened(e) => Self::RecordOpened {
                patient: acc(&e.patient),
                reader: acc(&e.reader),
                record: e.record,
                version: e.version,
            },
            EhrEvent::RecordErased(e) => Self::RecordErased {
                patient: acc(&e.patient),
                record: e.record,
                version: e.version,
                chunks_left: e.chunks_left,
            },
            EhrEvent::ChunksFreed(e) => Self::ChunksFreed {
                patient: acc(&e.patient),
                record: e.record,
                version: e.version,
                freed: e.freed,
                left: e.left,
            },
            EhrEvent::GuardianChanged(e) => Self::GuardianChanged {
                patient: acc(&e.patient),
                guardian: acc(&e.guardian),
                level: e.level.map(level_text),
                by: acc(&e.by),
            },
            EhrEvent::EmergencyPolicyChanged(e) => Self::EmergencyPolicyChanged {
                patient: acc(&e.patient),
                window_ms: e.window,
                covered: e.covered,
                generation: e.generation,
            },
            EhrEvent::EmergencyAccessInvoked(e) => Self::EmergencyAccessInvoked {
                patient: acc(&e.patient),
                doctor: acc(&e.doctor),
                reason: reason_text(e.reason),
                reason_code: e.reason,
                reason_hash: format!("0x{}", hex::encode(e.reason_hash)),
                expires_at: e.expires_at,
            },
            EhrEvent::EmergencyShareReleased(e) => Self::EmergencyShareReleased {
                patient: acc(&e.patient),
                doctor: acc(&e.doctor),
                custodian: acc(&e.custodian),
            },
        }
    }
}
