use super::common::*;
use crate::errors::Error;
use crate::events::{AccessGranted, AccessRevoked};
use crate::limits::MAX_GRANTS_PER_PATIENT;
use crate::types::*;

#[ink::test]
fn grant_and_revoke_works() {
    // given bob grants charlie chart read
    let mut w = world();
    let record = add_small_record(&mut w);
    w.grant(w.charlie, Scope::Chart, AccessKind::Read, None);
    let e: AccessGranted = last_event();
    assert_eq!(
        (e.patient, e.doctor, e.scope, e.kind),
        (w.bob, w.charlie, Scope::Chart, AccessKind::Read)
    );
    // then charlie can read, not write
    assert_eq!(
        w.ehr.access_of(w.bob, w.charlie, Some(record)),
        Some(AccessKind::Read)
    );
    as_caller(w.charlie);
    assert!(w.ehr.record(w.bob, record).is_ok());
    assert_eq!(w.ehr.patients_of_doctor(w.charlie, 0, 10), Ok(vec![w.bob]));
    // when bob revokes, then access stops at once and the lists empty
    as_caller(w.bob);
    w.ehr.revoke_access(w.bob, w.charlie, Scope::Chart).unwrap();
    let e: AccessRevoked = last_event();
    assert_eq!((e.patient, e.doctor), (w.bob, w.charlie));
    assert_eq!(w.ehr.access_of(w.bob, w.charlie, Some(record)), None);
    as_caller(w.charlie);
    assert_eq!(
        refused(&mut w.ehr, |e| e.record(w.bob, record)),
        Error::NoAccess
    );
    assert_eq!(w.ehr.patients_of_doctor(w.charlie, 0, 10), Ok(vec![]));
    assert_eq!(w.ehr.patient(w.bob).unwrap().grant_count, 0);
}

#[ink::test]
fn write_implies_read_works() {
    let mut w = world();
    w.grant(w.charlie, Scope::Chart, AccessKind::Write, None);
    assert_eq!(
        w.ehr.access_of(w.bob, w.charlie, None),
        Some(AccessKind::Write)
    );
    assert_eq!(
        w.ehr.access_of(w.bob, w.charlie, Some(3)),
        Some(AccessKind::Write)
    );
}

#[ink::test]
fn record_grant_covers_only_that_record_works() {
    let mut w = world();
    let first = add_small_record(&mut w);
    let second = add_small_record(&mut w);
    w.grant(w.charlie, Scope::Record(first), AccessKind::Read, None);
    assert_eq!(
        w.ehr.access_of(w.bob, w.charlie, Some(first)),
        Some(AccessKind::Read)
    );
    assert_eq!(w.ehr.access_of(w.bob, w.charlie, Some(second)), None);
    assert_eq!(w.ehr.access_of(w.bob, w.charlie, None), None);
    as_caller(w.charlie);
    assert_eq!(
        refused(&mut w.ehr, |e| e.record(w.bob, second)),
        Error::NoAccess
    );
    assert_eq!(
        refused(&mut w.ehr, |e| e.records(w.bob, 1, 10)),
        Error::NoAccess
    );
}

#[ink::test]
fn grant_by_non_patient_fails() {
    // eve is not a patient; charlie is a doctor, not a patient
    let mut w = world();
    let before = events();
    for caller in [w.eve, w.charlie] {
        as_caller(caller);
        // neither may grant on bob's chart
        assert_eq!(
            refused(&mut w.ehr, |e| e.grant_access(
                w.bob,
                w.django,
                Scope::Chart,
                AccessKind::Write,
                None
            )),
            Error::NotPatient
        );
        // nor on a chart of their own: they have none
        assert_eq!(
            refused(&mut w.ehr, |e| e.grant_access(
                caller,
                w.django,
                Scope::Chart,
                AccessKind::Write,
                None
            )),
            Error::PatientNotRegistered
        );
    }
    assert_eq!(w.ehr.access_of(w.bob, w.django, None), None);
    assert_eq!(events(), before);
}

#[ink::test]
fn grant_to_unregistered_doctor_fails() {
    let mut w = world();
    as_caller(w.bob);
    assert_eq!(
        refused(&mut w.ehr, |e| e.grant_access(
            w.bob,
            w.eve,
            Scope::Chart,
            AccessKind::Read,
            None
        )),
        Error::DoctorNotRegistered
    );
    assert_eq!(w.ehr.patient(w.bob).unwrap().grant_count, 0);
}

#[ink::test]
fn self_grant_fails() {
    // charlie is both doctor and patient
    let mut w = world();
    as_caller(w.charlie);
    w.ehr.register_patient(key(6)).unwrap();
    assert_eq!(
        refused(&mut w.ehr, |e| e.grant_access(
            w.charlie,
            w.charlie,
            Scope::Chart,
            AccessKind::Read,
            None
        )),
        Error::SelfGrant
    );
    assert_eq!(w.ehr.patient(w.charlie).unwrap().grant_count, 0);
}

#[ink::test]
fn grant_with_past_expiry_fails() {
    let mut w = world();
    at(10_000);
    as_caller(w.bob);
    for expiry in [9_999, 10_000] {
        assert_eq!(
            refused(&mut w.ehr, |e| e.grant_access(
                w.bob,
                w.charlie,
                Scope::Chart,
                AccessKind::Read,
                Some(expiry)
            )),
            Error::InvalidExpiry
        );
    }
    assert_eq!(
        w.ehr.grant_access(
            w.bob,
            w.charlie,
            Scope::Chart,
            AccessKind::Read,
            Some(10_001)
        ),
        Ok(())
    );
}

#[ink::test]
fn grant_for_missing_record_fails() {
    let mut w = world();
    as_caller(w.bob);
    assert_eq!(
        refused(&mut w.ehr, |e| e.grant_access(
            w.bob,
            w.charlie,
            Scope::Record(1),
            AccessKind::Read,
            None
        )),
        Error::RecordNotFound
    );
}

#[ink::test]
fn grant_expires_at_boundary_works() {
    // given a grant that expires at t = 20_000
    let mut w = world();
    let record = add_small_record(&mut w);
    w.grant(w.charlie, Scope::Chart, AccessKind::Read, Some(20_000));
    as_caller(w.charlie);
    // then it works just before, and not at or after
    at(19_999);
    assert!(w.ehr.record(w.bob, record).is_ok());
    assert_eq!(w.ehr.open_record(w.bob, record, 1), Ok(()));
    for t in [20_000, 20_001] {
        at(t);
        assert_eq!(
            refused(&mut w.ehr, |e| e.record(w.bob, record)),
            Error::GrantExpired
        );
        assert_eq!(
            refused(&mut w.ehr, |e| e.open_record(w.bob, record, 1)),
            Error::GrantExpired
        );
    }
    // and it is listed as expired until revoked
    as_caller(w.bob);
    let listed = w.ehr.grants_of_patient(w.bob, 0, 10).unwrap();
    assert!(!listed[0].active);
}

#[ink::test]
fn regrant_replaces_without_new_slot_works() {
    let mut w = world();
    w.grant(w.charlie, Scope::Chart, AccessKind::Read, None);
    w.grant(w.charlie, Scope::Chart, AccessKind::Write, Some(50_000));
    let listed = w.ehr.grants_of_patient(w.bob, 0, 10).unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(
        (listed[0].kind, listed[0].expires_at),
        (AccessKind::Write, Some(50_000))
    );
    assert_eq!(w.ehr.doctor(w.charlie).unwrap().patient_count, 1);
}

#[ink::test]
fn revoke_missing_grant_fails() {
    let mut w = world();
    as_caller(w.bob);
    assert_eq!(
        refused(&mut w.ehr, |e| e.revoke_access(
            w.bob,
            w.charlie,
            Scope::Chart
        )),
        Error::GrantNotFound
    );
}

#[ink::test]
fn non_owner_revokes_fails() {
    // given bob's grant to charlie
    let mut w = world();
    w.grant(w.charlie, Scope::Chart, AccessKind::Read, None);
    let before = events();
    // when the doctor or a stranger tries to revoke it, they are refused: not bob, not his guardian
    as_caller(w.charlie);
    assert_eq!(
        refused(&mut w.ehr, |e| e.revoke_access(
            w.bob,
            w.charlie,
            Scope::Chart
        )),
        Error::NotPatient
    );
    as_caller(w.eve);
    assert_eq!(
        refused(&mut w.ehr, |e| e.revoke_access(
            w.bob,
            w.charlie,
            Scope::Chart
        )),
        Error::NotPatient
    );
    // then bob's grant still works
    assert_eq!(
        w.ehr.access_of(w.bob, w.charlie, None),
        Some(AccessKind::Read)
    );
    assert_eq!(events(), before);
}

#[ink::test]
fn lists_stay_consistent_after_swap_remove_works() {
    // given grants to three doctors
    let mut w = world();
    as_caller(w.eve);
    w.ehr.register_doctor(key(5), profile("Other")).unwrap();
    for d in [w.charlie, w.django, w.eve] {
        w.grant(d, Scope::Chart, AccessKind::Read, None);
    }
    // when the first is revoked
    as_caller(w.bob);
    w.ehr.revoke_access(w.bob, w.charlie, Scope::Chart).unwrap();
    // then the list holds the other two and each still revokes cleanly
    let doctors: Vec<_> = w
        .ehr
        .grants_of_patient(w.bob, 0, 10)
        .unwrap()
        .iter()
        .map(|g| g.doctor)
        .collect();
    assert_eq!(doctors.len(), 2);
    assert!(doctors.contains(&w.django) && doctors.contains(&w.eve));
    w.ehr.revoke_access(w.bob, w.eve, Scope::Chart).unwrap();
    w.ehr.revoke_access(w.bob, w.django, Scope::Chart).unwrap();
    assert_eq!(w.ehr.grants_of_patient(w.bob, 0, 10).unwrap(), vec![]);
    assert_eq!(w.ehr.patient(w.bob).unwrap().grant_count, 0);
}

#[ink::test]
fn doctor_patient_list_counts_grants_works() {
    // a chart grant and a record grant from one patient list the patient once
    let mut w = world();
    let record = add_small_record(&mut w);
    w.grant(w.charlie, Scope::Chart, AccessKind::Read, None);
    w.grant(w.charlie, Scope::Record(record), AccessKind::Write, None);
    as_caller(w.charlie);
    assert_eq!(w.ehr.patients_of_doctor(w.charlie, 0, 10), Ok(vec![w.bob]));
    assert_eq!(w.ehr.grants_between(w.bob, w.charlie).unwrap().len(), 2);
    as_caller(w.bob);
    w.ehr.revoke_access(w.bob, w.charlie, Scope::Chart).unwrap();
    as_caller(w.charlie);
    assert_eq!(w.ehr.patients_of_doctor(w.charlie, 0, 10), Ok(vec![w.bob]));
    as_caller(w.bob);
    w.ehr
        .revoke_access(w.bob, w.charlie, Scope::Record(record))
        .unwrap();
    as_caller(w.charlie);
    assert_eq!(w.ehr.patients_of_doctor(w.charlie, 0, 10), Ok(vec![]));
}

#[ink::test]
fn grant_queries_by_wrong_caller_fail() {
    let mut w = world();
    w.grant(w.charlie, Scope::Chart, AccessKind::Read, None);
    as_caller(w.django);
    assert_eq!(
        refused(&mut w.ehr, |e| e.grants_of_patient(w.bob, 0, 10)),
        Error::NotPatient
    );
    assert_eq!(
        refused(&mut w.ehr, |e| e.grants_between(w.bob, w.charlie)),
        Error::NotParty
    );
    assert_eq!(
        refused(&mut w.ehr, |e| e.patients_of_doctor(w.charlie, 0, 10)),
        Error::NotParty
    );
}

#[ink::test]
fn too_many_grants_fails() {
    // given MAX_GRANTS_PER_PATIENT doctors with grants
    let mut w = world();
    for n in 0..MAX_GRANTS_PER_PATIENT {
        let doctor = account(100 + n as u8);
        as_caller(doctor);
        w.ehr.register_doctor(key(1), profile("x")).unwrap();
        w.grant(doctor, Scope::Chart, AccessKind::Read, None);
    }
    // when one more is granted, then it is refused
    as_caller(w.bob);
    assert_eq!(
        refused(&mut w.ehr, |e| e.grant_access(
            w.bob,
            w.charlie,
            Scope::Chart,
            AccessKind::Read,
            None
        )),
        Error::TooManyGrants
    );
    assert_eq!(
        w.ehr.patient(w.bob).unwrap().grant_count,
        MAX_GRANTS_PER_PATIENT
    );
    // and a doctor may still list the grants between them (bounded scan)
    as_caller(account(100));
    assert_eq!(w.ehr.grants_between(w.bob, account(100)).unwrap().len(), 1);
    as_caller(account(100 + MAX_GRANTS_PER_PATIENT as u8 - 1));
    assert_eq!(
        w.ehr
            .grants_between(w.bob, account(100 + MAX_GRANTS_PER_PATIENT as u8 - 1))
            .unwrap()
            .len(),
        1
    );
}

#[ink::test]
fn suspended_doctor_cannot_use_grant_fails() {
    // given charlie with a chart write grant and a record
    let mut w = world();
    let record = add_small_record(&mut w);
    w.grant(w.charlie, Scope::Chart, AccessKind::Write, None);
    as_caller(w.alice);
    w.ehr.suspend_doctor(w.charlie).unwrap();
    // then every access-checked message refuses him
    as_caller(w.charlie);
    assert_eq!(
        refused(&mut w.ehr, |e| e.record(w.bob, record)),
        Error::DoctorSuspended
    );
    assert_eq!(
        refused(&mut w.ehr, |e| e.records(w.bob, 1, 10)),
        Error::DoctorSuspended
    );
    assert_eq!(
        refused(&mut w.ehr, |e| e.version(w.bob, record, 1)),
        Error::DoctorSuspended
    );
    assert_eq!(
        refused(&mut w.ehr, |e| e.chunk(w.bob, record, 1, 0)),
        Error::DoctorSuspended
    );
    assert_eq!(
        refused(&mut w.ehr, |e| e.wrapped_key(w.bob, record, 1)),
        Error::DoctorSuspended
    );
    assert_eq!(
        refused(&mut w.ehr, |e| e.open_record(w.bob, record, 1)),
        Error::DoctorSuspended
    );
    assert_eq!(
        refused(&mut w.ehr, |e| e.add_record(
            w.bob,
            next_record(e, w.bob),
            RecordType::Other,
            nv([1; 32], 1, vec![1], vec![])
        )),
        Error::DoctorSuspended
    );
    assert_eq!(
        refused(&mut w.ehr, |e| e.update_record(
            w.bob,
            record,
            next_version(e, w.bob, record),
            nv([1; 32], 1, vec![1], vec![])
        )),
        Error::DoctorSuspended
    );
    assert_eq!(
        refused(&mut w.ehr, |e| e.request_access(
            w.bob,
            Scope::Chart,
            AccessKind::Read,
            0
        )),
        Error::DoctorSuspended
    );
    // and works again once reinstated
    as_caller(w.alice);
    w.ehr.verify_doctor(w.charlie).unwrap();
    as_caller(w.charlie);
    assert!(w.ehr.record(w.bob, record).is_ok());
    assert_eq!(w.ehr.open_record(w.bob, record, 1), Ok(()));
}

#[ink::test]
fn suspended_doctor_grant_listed_inactive_works() {
    // given charlie with a chart read grant, then suspended
    let mut w = world();
    w.grant(w.charlie, Scope::Chart, AccessKind::Read, None);
    as_caller(w.alice);
    w.ehr.suspend_doctor(w.charlie).unwrap();
    // when the patient lists her grants
    as_caller(w.bob);
    let listed = w.ehr.grants_of_patient(w.bob, 0, 10).unwrap();
    // then the grant is there, marked suspended and not active (so no client wraps for him)
    assert_eq!(listed.len(), 1);
    assert!(listed[0].doctor_suspended);
    assert!(!listed[0].active);
    // and a record whose readers leave him out is still accepted
    let record = add_small_record(&mut w);
    assert_eq!(record, 1);
    // when he is reinstated the grant is active again
    as_caller(w.alice);
    w.ehr.verify_doctor(w.charlie).unwrap();
    as_caller(w.bob);
    let listed = w.ehr.grants_of_patient(w.bob, 0, 10).unwrap();
    assert!(!listed[0].doctor_suspended);
    assert!(listed[0].active);
}
