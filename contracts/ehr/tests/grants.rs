use super::common::*;
use crate::errors::Error;
use crate::events::{AccessGranted, AccessRevoked};
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
