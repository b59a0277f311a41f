//! Who may ask for access and how often: the wrong callers, the pending cap, unverified
//! doctors, and the cooldown after a denial.

use super::common::*;
use crate::errors::Error;
use crate::limits::MAX_PENDING_REQUESTS_PER_PATIENT;
use crate::types::*;

#[ink::test]
fn request_by_wrong_caller_fails() {
    let mut w = world();
    w.verify(w.charlie);
    // not a doctor
    as_caller(w.eve);
    assert_eq!(
        refused(&mut w.ehr, |e| e.request_access(
            w.bob,
            Scope::Chart,
            AccessKind::Read,
            0
        )),
        Error::DoctorNotRegistered
    );
    // to someone who is not a patient
    as_caller(w.charlie);
    assert_eq!(
        refused(&mut w.ehr, |e| e.request_access(
            w.eve,
            Scope::Chart,
            AccessKind::Read,
            0
        )),
        Error::PatientNotRegistered
    );
    // to oneself
    w.ehr.register_patient(key(6)).unwrap();
    assert_eq!(
        refused(&mut w.ehr, |e| e.request_access(
            w.charlie,
            Scope::Chart,
            AccessKind::Read,
            0
        )),
        Error::SelfGrant
    );
    // for a record that does not exist
    assert_eq!(
        refused(&mut w.ehr, |e| e.request_access(
            w.bob,
            Scope::Record(7),
            AccessKind::Read,
            0
        )),
        Error::RecordNotFound
    );
    assert_eq!(w.ehr.patient(w.bob).unwrap().request_count, 0);
}

#[ink::test]
fn request_queries_by_wrong_caller_fail() {
    let mut w = world();
    w.request(w.charlie, Scope::Chart, AccessKind::Read);
    as_caller(w.django);
    assert_eq!(
        refused(&mut w.ehr, |e| e.request(w.bob, w.charlie)),
        Error::NotParty
    );
    assert_eq!(
        refused(&mut w.ehr, |e| e.requests_of_patient(w.bob, 0, 10)),
        Error::NotPatient
    );
    assert_eq!(
        refused(&mut w.ehr, |e| e.requests_of_doctor(w.charlie, 0, 10)),
        Error::NotParty
    );
}

#[ink::test]
fn too_many_pending_requests_fails() {
    let mut w = world();
    for n in 0..MAX_PENDING_REQUESTS_PER_PATIENT {
        let doctor = account(100 + n as u8);
        as_caller(doctor);
        w.ehr.register_doctor(key(1), profile("x")).unwrap();
        w.verify(doctor);
        as_caller(doctor);
        w.ehr
            .request_access(w.bob, Scope::Chart, AccessKind::Read, 0)
            .unwrap();
    }
    w.verify(w.charlie);
    as_caller(w.charlie);
    assert_eq!(
        refused(&mut w.ehr, |e| e.request_access(
            w.bob,
            Scope::Chart,
            AccessKind::Read,
            0
        )),
        Error::TooManyRequests
    );
    // deciding one frees a place, and the swap-removed list stays consistent
    as_caller(w.bob);
    w.ehr.deny_request(w.bob, account(100)).unwrap();
    let pending = w.ehr.requests_of_patient(w.bob, 0, 50).unwrap();
    assert_eq!(pending.len() as u32, MAX_PENDING_REQUESTS_PER_PATIENT - 1);
    assert!(pending.iter().all(|r| r.doctor != account(100)));
    w.ehr
        .approve_request(w.bob, account(101), None, None, None)
        .unwrap();
    as_caller(w.charlie);
    assert_eq!(
        w.ehr
            .request_access(w.bob, Scope::Chart, AccessKind::Read, 0),
        Ok(())
    );
}

#[ink::test]
fn unverified_doctor_requests_fails() {
    // sybil doctors register freely, but only verified ones may ask a patient
    let mut w = world();
    as_caller(w.charlie);
    assert_eq!(
        refused(&mut w.ehr, |e| e.request_access(
            w.bob,
            Scope::Chart,
            AccessKind::Read,
            1
        )),
        Error::DoctorNotVerified
    );
    assert_eq!(w.ehr.patient(w.bob).unwrap().request_count, 0);
}

#[ink::test]
fn denied_doctor_asks_again_after_the_cooldown_works() {
    use crate::limits::REQUEST_COOLDOWN_MS;
    // given charlie's request, denied by bob at 10 s
    let mut w = world();
    as_caller(w.alice);
    w.ehr.verify_doctor(w.charlie).unwrap();
    at(10_000);
    as_caller(w.charlie);
    w.ehr
        .request_access(w.bob, Scope::Chart, AccessKind::Read, 1)
        .unwrap();
    as_caller(w.bob);
    w.ehr.deny_request(w.bob, w.charlie).unwrap();
    // when charlie asks again at once or just before the cooldown ends, then it is refused
    as_caller(w.charlie);
    for now in [10_000, 10_000 + REQUEST_COOLDOWN_MS - 1] {
        at(now);
        assert_eq!(
            refused(&mut w.ehr, |e| e.request_access(
                w.bob,
                Scope::Chart,
                AccessKind::Read,
                1
            )),
            Error::RequestCooldown
        );
    }
    // and once it has passed, the request is made
    at(10_000 + REQUEST_COOLDOWN_MS);
    assert!(w
        .ehr
        .request_access(w.bob, Scope::Chart, AccessKind::Read, 1)
        .is_ok());
}
