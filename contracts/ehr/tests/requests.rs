use super::common::*;
use crate::errors::Error;
use crate::events::RequestDecided;
use crate::types::*;

#[ink::test]
fn request_and_approve_works() {
    // given charlie asks bob for chart write
    let mut w = world();
    w.request(w.charlie, Scope::Chart, AccessKind::Write);
    as_caller(w.bob);
    let pending = w.ehr.requests_of_patient(w.bob, 0, 10).unwrap();
    assert_eq!(pending.len(), 1);
    assert_eq!(
        (pending[0].doctor, pending[0].request.reason),
        (w.charlie, 1)
    );
    as_caller(w.charlie);
    assert_eq!(w.ehr.requests_of_doctor(w.charlie, 0, 10).unwrap().len(), 1);
    // when bob approves as asked
    as_caller(w.bob);
    w.ehr
        .approve_request(w.bob, w.charlie, None, None, None)
        .unwrap();
    // then the grant exists, the request shows Approved and the pending lists are empty
    assert_eq!(
        w.ehr.access_of(w.bob, w.charlie, None),
        Some(AccessKind::Write)
    );
    assert_eq!(
        w.ehr.request(w.bob, w.charlie).unwrap().status,
        RequestStatus::Approved
    );
    assert_eq!(w.ehr.requests_of_patient(w.bob, 0, 10).unwrap(), vec![]);
    as_caller(w.charlie);
    assert_eq!(w.ehr.requests_of_doctor(w.charlie, 0, 10).unwrap(), vec![]);
}

#[ink::test]
fn approve_narrower_works() {
    let mut w = world();
    let record = add_small_record(&mut w);
    w.request(w.charlie, Scope::Chart, AccessKind::Write);
    at(2_000);
    as_caller(w.bob);
    w.ehr
        .approve_request(
            w.bob,
            w.charlie,
            Some(Scope::Record(record)),
            Some(AccessKind::Read),
            Some(9_000),
        )
        .unwrap();
    let grants = w.ehr.grants_of_patient(w.bob, 0, 10).unwrap();
    assert_eq!(grants.len(), 1);
    assert_eq!(
        (grants[0].scope, grants[0].kind, grants[0].expires_at),
        (Scope::Record(record), AccessKind::Read, Some(9_000))
    );
}

#[ink::test]
fn approve_wider_fails() {
    let mut w = world();
    let first = add_small_record(&mut w);
    let second = add_small_record(&mut w);
    w.request(w.charlie, Scope::Record(first), AccessKind::Read);
    as_caller(w.bob);
    let before = events();
    assert_eq!(
        refused(&mut w.ehr, |e| e.approve_request(
            w.bob,
            w.charlie,
            None,
            Some(AccessKind::Write),
            None
        )),
        Error::ApprovalWidens
    );
    assert_eq!(
        refused(&mut w.ehr, |e| e.approve_request(
            w.bob,
            w.charlie,
            Some(Scope::Chart),
            None,
            None
        )),
        Error::ApprovalWidens
    );
    assert_eq!(
        refused(&mut w.ehr, |e| e.approve_request(
            w.bob,
            w.charlie,
            Some(Scope::Record(second)),
            None,
            None
        )),
        Error::ApprovalWidens
    );
    assert_eq!(
        w.ehr.request(w.bob, w.charlie).unwrap().status,
        RequestStatus::Pending
    );
    assert_eq!(w.ehr.access_of(w.bob, w.charlie, Some(first)), None);
    assert_eq!(events(), before);
}

#[ink::test]
fn deny_works() {
    let mut w = world();
    w.request(w.charlie, Scope::Chart, AccessKind::Read);
    as_caller(w.bob);
    w.ehr.deny_request(w.bob, w.charlie).unwrap();
    let e: RequestDecided = last_event();
    assert!(!e.approved);
    as_caller(w.charlie);
    assert_eq!(
        w.ehr.request(w.bob, w.charlie).unwrap().status,
        RequestStatus::Denied
    );
    assert_eq!(w.ehr.access_of(w.bob, w.charlie, None), None);
    // and a new request is allowed once the cooldown after a denial has passed
    at(1_000 + crate::limits::REQUEST_COOLDOWN_MS);
    assert_eq!(
        w.ehr
            .request_access(w.bob, Scope::Chart, AccessKind::Read, 2),
        Ok(())
    );
}

#[ink::test]
fn doctor_approves_own_request_fails() {
    let mut w = world();
    w.request(w.charlie, Scope::Chart, AccessKind::Write);
    as_caller(w.charlie);
    assert_eq!(
        refused(&mut w.ehr, |e| e
            .approve_request(w.bob, w.charlie, None, None, None)),
        Error::NotPatient
    );
    assert_eq!(
        refused(&mut w.ehr, |e| e.deny_request(w.bob, w.charlie)),
        Error::NotPatient
    );
    // even a doctor who is a patient too only decides on requests to their own chart
    w.ehr.register_patient(key(6)).unwrap();
    assert_eq!(
        refused(&mut w.ehr, |e| e
            .approve_request(w.charlie, w.charlie, None, None, None)),
        Error::RequestNotFound
    );
    assert_eq!(
        refused(&mut w.ehr, |e| e
            .approve_request(w.bob, w.charlie, None, None, None)),
        Error::NotPatient
    );
    assert_eq!(w.ehr.access_of(w.bob, w.charlie, None), None);
    assert_eq!(
        w.ehr.request(w.bob, w.charlie).unwrap().status,
        RequestStatus::Pending
    );
}

#[ink::test]
fn approve_missing_request_fails() {
    let mut w = world();
    as_caller(w.bob);
    assert_eq!(
        refused(&mut w.ehr, |e| e
            .approve_request(w.bob, w.charlie, None, None, None)),
        Error::RequestNotFound
    );
    assert_eq!(
        refused(&mut w.ehr, |e| e.deny_request(w.bob, w.charlie)),
        Error::RequestNotFound
    );
}

#[ink::test]
fn duplicate_pending_request_fails() {
    let mut w = world();
    w.request(w.charlie, Scope::Chart, AccessKind::Read);
    as_caller(w.charlie);
    assert_eq!(
        refused(&mut w.ehr, |e| e.request_access(
            w.bob,
            Scope::Chart,
            AccessKind::Write,
            0
        )),
        Error::RequestPending
    );
    assert_eq!(w.ehr.patient(w.bob).unwrap().request_count, 1);
}

#[ink::test]
fn approve_without_expiry_keeps_the_grant_expiry_works() {
    // given charlie's read grant until 50 s, and his request for write
    let mut w = world();
    w.grant(w.charlie, Scope::Chart, AccessKind::Read, Some(50_000));
    as_caller(w.alice);
    w.ehr.verify_doctor(w.charlie).unwrap();
    as_caller(w.charlie);
    w.ehr
        .request_access(w.bob, Scope::Chart, AccessKind::Write, 1)
        .unwrap();
    // when bob approves it without naming an expiry
    as_caller(w.bob);
    w.ehr
        .approve_request(w.bob, w.charlie, None, None, None)
        .unwrap();
    // then charlie may write, still only until 50 s
    let grants = w.ehr.grants_of_patient(w.bob, 0, 10).unwrap();
    assert_eq!(
        (grants[0].kind, grants[0].expires_at),
        (AccessKind::Write, Some(50_000))
    );
}

#[ink::test]
fn approve_with_bad_expiry_or_too_many_grants_fails() {
    let mut w = world();
    as_caller(w.alice);
    w.ehr.verify_doctor(w.charlie).unwrap();
    as_caller(w.charlie);
    w.ehr
        .request_access(w.bob, Scope::Chart, AccessKind::Read, 1)
        .unwrap();
    at(5_000);
    as_caller(w.bob);
    assert_eq!(
        refused(&mut w.ehr, |e| e.approve_request(
            w.bob,
            w.charlie,
            None,
            None,
            Some(5_000)
        )),
        Error::InvalidExpiry
    );
    // fill bob's grants with other doctors
    for n in 0..crate::limits::MAX_GRANTS_PER_PATIENT {
        let doctor = account(100 + n as u8);
        as_caller(doctor);
        w.ehr.register_doctor(key(1), profile("x")).unwrap();
        w.grant(doctor, Scope::Chart, AccessKind::Read, None);
    }
    as_caller(w.bob);
    assert_eq!(
        refused(&mut w.ehr, |e| e
            .approve_request(w.bob, w.charlie, None, None, None)),
        Error::TooManyGrants
    );
}
