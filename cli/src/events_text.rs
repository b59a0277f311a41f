//! The contract's events in words and as JSON, for `ehr watch`.

use crate::table::time;
use crate::words::level_text;
use crate::words::reason_text;
use crate::words::{kind_text, scope_text};
use ehr_chain::{to_account32, EhrEvent};
use serde_json::{json, Value};

fn acc(a: &ink::primitives::AccountId) -> String {
    to_account32(*a).to_string()
}

/// One line of text and the JSON fields of an event.
pub fn describe(event: &EhrEvent) -> (String, Value) {
    match event {
        EhrEvent::PatientRegistered(e) => (
            format!("patient {} registered", acc(&e.patient)),
            json!({ "patient": acc(&e.patient) }),
        ),
        EhrEvent::DoctorRegistered(e) => (
            format!("doctor {} registered", acc(&e.doctor)),
            json!({ "doctor": acc(&e.doctor) }),
        ),
        EhrEvent::KeyRotated(e) => (
            format!("{} published a new encryption key", acc(&e.account)),
            json!({ "account": acc(&e.account) }),
        ),
        EhrEvent::DoctorStatusChanged(e) => (
            format!(
                "registrar {} set doctor {} to {:?}",
                acc(&e.registrar),
                acc(&e.doctor),
                e.status
            ),
            json!({ "doctor": acc(&e.doctor), "registrar": acc(&e.registrar), "status": format!("{:?}", e.status) }),
        ),
        EhrEvent::RegistrarChanged(e) => (
            format!(
                "registrar {} {}",
                acc(&e.registrar),
                if e.added { "added" } else { "removed" }
            ),
            json!({ "registrar": acc(&e.registrar), "added": e.added }),
        ),
        EhrEvent::RegistrarChangeApproved(e) => (
            format!(
                "{} approved {} registrar {} ({} of {})",
                acc(&e.by),
                if e.add { "adding" } else { "removing" },
                acc(&e.registrar),
                e.approvals,
                e.needed
            ),
            json!({ "registrar": acc(&e.registrar), "by": acc(&e.by), "add": e.add, "approvals": e.approvals, "needed": e.needed }),
        ),
        EhrEvent::AccessGranted(e) => (
            format!(
                "{} access to {} granted to {} on {}'s chart{}",
                kind_text(e.kind),
                scope_text(e.scope),
                acc(&e.doctor),
                acc(&e.patient),
                e.expires_at
                    .map(|t| format!(", until {}", time(t)))
                    .unwrap_or_default()
            ),
            json!({ "patient": acc(&e.patient), "doctor": acc(&e.doctor), "scope": scope_text(e.scope), "kind": kind_text(e.kind), "expires_at": e.expires_at }),
        ),
        EhrEvent::AccessRevoked(e) => (
            format!(
                "{}'s access to {} of {}'s chart revoked",
                acc(&e.doctor),
                scope_text(e.scope),
                acc(&e.patient)
            ),
            json!({ "patient": acc(&e.patient), "doctor": acc(&e.doctor), "scope": scope_text(e.scope) }),
        ),
        EhrEvent::AccessRequested(e) => (
            format!(
                "{} asks {} for {} access to {}",
                acc(&e.doctor),
                acc(&e.patient),
                kind_text(e.kind),
                scope_text(e.scope)
            ),
            json!({ "patient": acc(&e.patient), "doctor": acc(&e.doctor), "scope": scope_text(e.scope), "kind": kind_text(e.kind), "reason": crate::words::request_reason_text(e.reason), "reason_code": e.reason }),
        ),
        EhrEvent::RequestDecided(e) => (
            format!(
                "{}'s request to {} {}",
                acc(&e.doctor),
                acc(&e.patient),
                if e.approved { "approved" } else { "denied" }
            ),
            json!({ "patient": acc(&e.patient), "doctor": acc(&e.doctor), "approved": e.approved }),
        ),
        EhrEvent::RecordVersionAdded(e) => (
            format!(
                "{} wrote record {} v{} ({:?}, {} bytes{}) on {}'s chart",
                acc(&e.author),
                e.record,
                e.version,
                e.record_type,
                e.length,
                if e.complete { "" } else { ", uploading" },
                acc(&e.patient)
            ),
            json!({ "patient": acc(&e.patient), "author": acc(&e.author), "record": e.record, "version": e.version, "record_type": format!("{:?}", e.record_type), "length": e.length, "complete": e.complete }),
        ),
        EhrEvent::ChunkUploaded(e) => (
            format!(
                "{} uploaded chunk {} of record {} v{}{}",
                acc(&e.author),
                e.index,
                e.record,
                e.version,
                if e.complete { " (complete)" } else { "" }
            ),
            json!({ "patient": acc(&e.patient), "author": acc(&e.author), "record": e.record, "version": e.version, "index": e.index, "complete": e.complete }),
        ),
        EhrEvent::KeysWrapped(e) => (
            format!(
                "{} shared the key of record {} v{} with {} reader(s)",
                acc(&e.by),
                e.record,
                e.version,
                e.readers
            ),
            json!({ "patient": acc(&e.patient), "by": acc(&e.by), "record": e.record, "version": e.version, "readers": e.readers }),
        ),
        EhrEvent::KeysDropped(e) => (
            format!(
                "keys of {} reader(s) dropped from record {} v{}",
                e.readers, e.record, e.version
            ),
            json!({ "patient": acc(&e.patient), "record": e.record, "version": e.version, "readers": e.readers }),
        ),
        EhrEvent::RecordOpened(e) => (
            format!(
                "{} opened record {} v{} of {}",
                acc(&e.reader),
                e.record,
                e.version,
                acc(&e.patient)
            ),
            json!({ "patient": acc(&e.patient), "reader": acc(&e.reader), "record": e.record, "version": e.version }),
        ),
        EhrEvent::RecordErased(e) => (
            format!(
                "record {} v{} of {} erased",
                e.record,
                e.version,
                acc(&e.patient)
            ),
            json!({ "patient": acc(&e.patient), "record": e.record, "version": e.version }),
        ),
        EhrEvent::GuardianChanged(e) => (
            match e.level {
                Some(level) => format!(
                    "{} is guardian of {} ({} level)",
                    acc(&e.guardian),
                    acc(&e.patient),
                    level_text(level)
                ),
                None => format!(
                    "{} is no longer guardian of {}",
                    acc(&e.guardian),
                    acc(&e.patient)
                ),
            },
            json!({ "patient": acc(&e.patient), "guardian": acc(&e.guardian), "level": e.level.map(level_text), "by": acc(&e.by) }),
        ),
        EhrEvent::EmergencyPolicyChanged(e) => (
            if e.covered == 0 {
                format!("{} opted out of emergency access", acc(&e.patient))
            } else {
                format!(
                    "{} set emergency access (window {}, generation {})",
                    acc(&e.patient),
                    humantime::format_duration(std::time::Duration::from_millis(e.window)),
                    e.generation
                )
            },
            json!({ "patient": acc(&e.patient), "window_ms": e.window, "covered": e.covered, "generation": e.generation }),
        ),
        EhrEvent::EmergencyAccessInvoked(e) => (
            format!(
                "EMERGENCY ACCESS: {} broke the glass on {}'s chart ({}), until {}",
                acc(&e.doctor),
                acc(&e.patient),
                reason_text(e.reason),
                time(e.expires_at)
            ),
            json!({ "patient": acc(&e.patient), "doctor": acc(&e.doctor), "reason": reason_text(e.reason), "reason_code": e.reason, "reason_hash": format!("0x{}", hex::encode(e.reason_hash)), "expires_at": e.expires_at }),
        ),
        EhrEvent::EmergencyShareReleased(e) => (
            format!(
                "custodian {} released a share of {}'s emergency key to {}",
                acc(&e.custodian),
                acc(&e.patient),
                acc(&e.doctor)
            ),
            json!({ "patient": acc(&e.patient), "doctor": acc(&e.doctor), "custodian": acc(&e.custodian) }),
        ),
    }
}
