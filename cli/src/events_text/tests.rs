use super::Watched;
use ehr::events::*;
use ehr::{AccessKind, DoctorStatus, GuardianLevel, RecordType, Scope};
use ehr_chain::EhrEvent;
use ink::primitives::AccountId;

use crate::test_samples::{ALICE, BOB};

fn account(address: &str) -> AccountId {
    ehr_chain::ink_account(&crate::address::parse(address).expect("a sample address"))
}

/// One of each event the contract emits, Alice the patient (or registrar), Bob the other party.
fn events() -> Vec<EhrEvent> {
    let (alice, bob) = (account(ALICE), account(BOB));
    let key = [0xab; 32];
    vec![
        EhrEvent::PatientRegistered(PatientRegistered {
            patient: alice,
            encryption_key: key,
        }),
        EhrEvent::DoctorRegistered(DoctorRegistered {
            doctor: bob,
            encryption_key: key,
        }),
        EhrEvent::KeyRotated(KeyRotated {
            account: bob,
            encryption_key: key,
        }),
        EhrEvent::DoctorStatusChanged(DoctorStatusChanged {
            doctor: bob,
            registrar: alice,
            status: DoctorStatus::Verified,
        }),
        EhrEvent::RegistrarChanged(RegistrarChanged {
            registrar: bob,
            by: alice,
            added: true,
        }),
        EhrEvent::RegistrarChangeApproved(RegistrarChangeApproved {
            registrar: bob,
            by: alice,
            add: false,
            approvals: 1,
            needed: 2,
        }),
        EhrEvent::AccessGranted(AccessGranted {
            patient: alice,
            doctor: bob,
            scope: Scope::Chart,
            kind: AccessKind::Read,
            expires_at: Some(1_767_225_600_000),
        }),
        EhrEvent::AccessRevoked(AccessRevoked {
            patient: alice,
            doctor: bob,
            scope: Scope::Record(3),
        }),
        EhrEvent::AccessRequested(AccessRequested {
            patient: alice,
            doctor: bob,
            scope: Scope::Chart,
            kind: AccessKind::Write,
            reason: 1,
        }),
        EhrEvent::RequestDecided(RequestDecided {
            patient: alice,
            doctor: bob,
            approved: false,
        }),
        EhrEvent::RecordVersionAdded(RecordVersionAdded {
            patient: alice,
            author: bob,
            record: 3,
            version: 2,
            record_type: RecordType::ClinicalLaboratory,
            length: 4096,
            complete: false,
        }),
        EhrEvent::ChunkUploaded(ChunkUploaded {
            patient: alice,
            author: bob,
            record: 3,
            version: 2,
            index: 1,
            complete: true,
        }),
        EhrEvent::KeysWrapped(KeysWrapped {
            patient: alice,
            by: alice,
            record: 3,
            version: 2,
            readers: 2,
        }),
        EhrEvent::KeysDropped(KeysDropped {
            patient: alice,
            record: 3,
            version: 1,
            readers: 1,
        }),
        EhrEvent::RecordOpened(RecordOpened {
            patient: alice,
            reader: bob,
            record: 3,
            version: 2,
        }),
        EhrEvent::RecordErased(RecordErased {
            patient: alice,
            record: 3,
            version: 1,
            chunks_left: 229,
        }),
        EhrEvent::ChunksFreed(ChunksFreed {
            patient: alice,
            record: 3,
            version: 1,
            freed: 64,
            left: 165,
        }),
        EhrEvent::GuardianChanged(GuardianChanged {
            patient: alice,
            guardian: bob,
            level: Some(GuardianLevel::Manage),
            by: alice,
        }),
        EhrEvent::GuardianChanged(GuardianChanged {
            patient: alice,
            guardian: bob,
            level: None,
            by: bob,
        }),
        EhrEvent::EmergencyPolicyChanged(EmergencyPolicyChanged {
            patient: alice,
            window: 3_600_000,
            covered: 0b100,
            generation: 2,
        }),
        EhrEvent::EmergencyPolicyChanged(EmergencyPolicyChanged {
            patient: alice,
            window: 0,
            covered: 0,
            generation: 3,
        }),
        EhrEvent::EmergencyAccessInvoked(EmergencyAccessInvoked {
            patient: alice,
            doctor: bob,
            reason: 1,
            reason_hash: [0x5e; 32],
            expires_at: 1_764_550_800_000,
        }),
        EhrEvent::EmergencyShareReleased(EmergencyShareReleased {
            patient: alice,
            doctor: bob,
            custodian: alice,
        }),
    ]
}

fn watched() -> Vec<Watched> {
    events()
        .iter()
        .map(|e| Watched {
            block: 12,
            block_hash: format!("0x{}", "cd".repeat(32)),
            event: e.into(),
        })
        .collect()
}

#[test]
fn every_event_is_named_as_the_contract_names_it() {
    for (event, shown) in events().iter().zip(watched()) {
        let json = serde_json::to_value(&shown).expect("an event serializes");
        assert_eq!(json["event"], event.name());
    }
}

#[test]
fn events_as_text_work() {
    let lines: Vec<String> = watched().iter().map(ToString::to_string).collect();
    insta::assert_snapshot!(lines.join("\n"));
}

#[test]
fn events_as_json_work() {
    let lines: Vec<String> = watched()
        .iter()
        .map(|w| serde_json::to_string(w).expect("an event serializes"))
        .collect();
    insta::assert_snapshot!(lines.join("\n"));
}
