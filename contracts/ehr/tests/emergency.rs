//! Emergency (break-glass) access: opting in and out, who may break the glass, the window and
//! its boundary, coverage, custodians' releases, and the patient's log.

use super::common::*;
use crate::errors::Error;
use crate::events::EmergencyAccessInvoked;
use crate::limits::MAX_EMERGENCY_WINDOW_MS;
use crate::types::*;

const HOUR: u64 = 60 * 60 * 1000;

fn cardiac_only() -> u8 {
    1 << RecordType::Cardiac as u8
}

/// bob's world: alice and frank (account 50) are registrars; charlie is verified; bob opted in
/// for cardiac records with a one-hour window; bob has one cardiac record.
fn opted_in() -> (World, RecordId) {
    let mut w = world();
    as_caller(w.alice);
    w.ehr.add_registrar(account(50)).unwrap();
    w.ehr.verify_doctor(w.charlie).unwrap();
    as_caller(w.bob);
    w.ehr
        .enable_emergency(
            HOUR,
            cardiac_only(),
            key(9),
            [w.alice, account(50)],
            [vec![1; 85], vec![2; 85]],
        )
        .unwrap();
    let record = add_small_record(&mut w);
    (w, record)
}

#[ink::test]
fn enable_emergency_works() {
    let (w, _) = opted_in();
    let policy = w.ehr.emergency_policy(w.bob).unwrap();
    assert_eq!((policy.window, policy.generation), (HOUR, 1));
    assert!(policy.covers(RecordType::Cardiac));
    assert!(!policy.covers(RecordType::Dermatology));
    as_caller(w.bob);
    let log = w.ehr.history(w.bob, 0, 50).unwrap();
    assert!(log.iter().any(|e| e.action == Action::EmergencyEnabled));
}

#[ink::test]
fn invalid_emergency_policy_fails() {
    let mut w = world();
    as_caller(w.alice);
    w.ehr.add_registrar(account(50)).unwrap();
    as_caller(w.bob);
    let custodians = [w.alice, account(50)];
    let shares = || [vec![1; 85], vec![2; 85]];
    for (window, covered) in [(0, 1), (MAX_EMERGENCY_WINDOW_MS + 1, 1), (HOUR, 0)] {
        assert_eq!(
            w.ehr
                .enable_emergency(window, covered, key(9), custodians, shares()),
            Err(Error::InvalidEmergencyPolicy)
        );
    }
    assert_eq!(
        w.ehr
            .enable_emergency(HOUR, 1, key(9), [w.alice, w.alice], shares()),
        Err(Error::InvalidEmergencyPolicy)
    );
    assert_eq!(
        w.ehr
            .enable_emergency(HOUR, 1, key(9), [w.alice, w.eve], shares()),
        Err(Error::NotRegistrar)
    );
    assert_eq!(
        w.ehr
            .enable_emergency(HOUR, 1, key(9), custodians, [vec![], vec![2; 85]]),
        Err(Error::InvalidWrap)
    );
    assert_eq!(
        w.ehr
            .enable_emergency(HOUR, 1, [0; 32], custodians, shares()),
        Err(Error::InvalidPublicKey)
    );
    // the longest window is allowed
    assert_eq!(
        w.ehr
            .enable_emergency(MAX_EMERGENCY_WINDOW_MS, 1, key(9), custodians, shares()),
        Ok(())
    );
    // and only a patient opts in
    as_caller(w.charlie);
    assert_eq!(
        w.ehr
            .enable_emergency(HOUR, 1, key(9), custodians, shares()),
        Err(Error::PatientNotRegistered)
    );
}

#[ink::test]
fn break_glass_by_verified_doctor_works() {
    let (mut w, record) = opted_in();
    as_caller(w.bob);
    let dermatology = w
        .ehr
        .add_record(
            w.bob,
            2,
            RecordType::Dermatology,
            [1; 32],
            4,
            vec![1; 4],
            vec![],
        )
        .unwrap();
    at(5_000);
    as_caller(w.charlie);
    let expires = w.ehr.break_glass(w.bob, 3, [7; 32]).unwrap();
    assert_eq!(expires, 5_000 + HOUR);
    // then the alert is an event and an entry in bob's log
    let event: EmergencyAccessInvoked = last_event();
    assert_eq!(
        (event.doctor, event.reason, event.expires_at),
        (w.charlie, 3, expires)
    );
    let entry = last_log(&w);
    assert_eq!(entry.action, Action::EmergencyAccessed { reason: 3 });
    assert_eq!(entry.actor, w.charlie);
    // and charlie reads covered records only, and never writes
    assert_eq!(
        w.ehr.access_of(w.bob, w.charlie, Some(record)),
        Some(AccessKind::Read)
    );
    assert_eq!(w.ehr.access_of(w.bob, w.charlie, Some(dermatology)), None);
    as_caller(w.charlie);
    assert!(w.ehr.records(w.bob, 1, 10).is_ok());
    assert!(w.ehr.open_record(w.bob, record, 1).is_ok());
    assert_eq!(
        w.ehr.open_record(w.bob, dermatology, 1),
        Err(Error::NoAccess)
    );
}

#[ink::test]
fn emergency_access_ends_at_expiry() {
    let (mut w, record) = opted_in();
    at(5_000);
    as_caller(w.charlie);
    let expires = w.ehr.break_glass(w.bob, 1, [7; 32]).unwrap();
    at(expires - 1);
    assert_eq!(
        w.ehr.access_of(w.bob, w.charlie, Some(record)),
        Some(AccessKind::Read)
    );
    // cannot be renewed while in force
    as_caller(w.charlie);
    assert_eq!(
        w.ehr.break_glass(w.bob, 1, [7; 32]),
        Err(Error::EmergencyActive)
    );
    at(expires);
    assert_eq!(w.ehr.access_of(w.bob, w.charlie, Some(record)), None);
    as_caller(w.charlie);
    assert_eq!(w.ehr.open_record(w.bob, record, 1), Err(Error::NoAccess));
    // a new invocation is a new, separately logged event
    let before = w.ehr.patient(w.bob).unwrap().log_len;
    as_caller(w.charlie);
    assert!(w.ehr.break_glass(w.bob, 2, [8; 32]).is_ok());
    assert_eq!(w.ehr.patient(w.bob).unwrap().log_len, before + 1);
}

#[ink::test]
fn break_glass_by_wrong_doctor_fails() {
    let (mut w, _) = opted_in();
    // django is registered but not verified
    as_caller(w.django);
    assert_eq!(
        w.ehr.break_glass(w.bob, 1, [7; 32]),
        Err(Error::DoctorNotVerified)
    );
    // charlie suspended
    as_caller(w.alice);
    w.ehr.suspend_doctor(w.charlie).unwrap();
    as_caller(w.charlie);
    assert_eq!(
        w.ehr.break_glass(w.bob, 1, [7; 32]),
        Err(Error::DoctorSuspended)
    );
    // eve is no doctor at all
    as_caller(w.eve);
    assert_eq!(
        w.ehr.break_glass(w.bob, 1, [7; 32]),
        Err(Error::DoctorNotRegistered)
    );
    assert_eq!(
        w.ehr.emergency(w.bob, w.django),
        Err(Error::EmergencyNotActive)
    );
}

#[ink::test]
fn break_glass_without_opt_in_fails() {
    let mut w = world();
    as_caller(w.alice);
    w.ehr.verify_doctor(w.charlie).unwrap();
    as_caller(w.charlie);
    assert_eq!(
        w.ehr.break_glass(w.bob, 1, [7; 32]),
        Err(Error::EmergencyNotEnabled)
    );
    // nor may an emergency wrap be stored for a patient who did not opt in
    as_caller(w.bob);
    assert_eq!(
        w.ehr.add_record(
            w.bob,
            1,
            RecordType::Cardiac,
            [1; 32],
            4,
            vec![1; 4],
            vec![(EMERGENCY_READER.into(), vec![1; 85])],
        ),
        Err(Error::ReaderHasNoAccess)
    );
}

#[ink::test]
fn opt_out_ends_emergency_access_works() {
    let (mut w, record) = opted_in();
    as_caller(w.charlie);
    w.ehr.break_glass(w.bob, 1, [7; 32]).unwrap();
    as_caller(w.bob);
    w.ehr.disable_emergency().unwrap();
    assert_eq!(w.ehr.access_of(w.bob, w.charlie, Some(record)), None);
    assert_eq!(last_log(&w).action, Action::EmergencyDisabled);
    as_caller(w.charlie);
    assert_eq!(
        w.ehr.break_glass(w.bob, 1, [7; 32]),
        Err(Error::EmergencyNotEnabled)
    );
    as_caller(w.bob);
    assert_eq!(w.ehr.disable_emergency(), Err(Error::EmergencyNotEnabled));
}

#[ink::test]
fn custodian_releases_share_only_while_in_force_works() {
    let (mut w, record) = opted_in();
    // the patient's client wrapped the record's key to the emergency key too
    as_caller(w.bob);
    w.ehr
        .add_wraps(
            w.bob,
            record,
            1,
            vec![(EMERGENCY_READER.into(), vec![4; 85])],
        )
        .unwrap();
    // no break-glass yet: nothing to release
    as_caller(w.alice);
    assert_eq!(
        w.ehr.release_emergency_share(w.bob, w.charlie, vec![1; 85]),
        Err(Error::EmergencyNotActive)
    );
    as_caller(w.charlie);
    assert_eq!(w.ehr.wrapped_key(w.bob, record, 1), Err(Error::NoAccess));
    let expires = w.ehr.break_glass(w.bob, 1, [7; 32]).unwrap();
    // a registrar who is not a custodian is refused
    as_caller(w.alice);
    w.ehr.add_registrar(account(51)).unwrap();
    as_caller(account(51));
    assert_eq!(
        w.ehr.release_emergency_share(w.bob, w.charlie, vec![1; 85]),
        Err(Error::NotCustodian)
    );
    // both custodians release; each release is in bob's log
    as_caller(w.alice);
    w.ehr
        .release_emergency_share(w.bob, w.charlie, vec![1; 85])
        .unwrap();
    assert_eq!(last_log(&w).action, Action::EmergencyShareReleased);
    as_caller(account(50));
    w.ehr
        .release_emergency_share(w.bob, w.charlie, vec![2; 85])
        .unwrap();
    let emergency = w.ehr.emergency(w.bob, w.charlie).unwrap();
    assert_eq!(emergency.released, [vec![1; 85], vec![2; 85]]);
    // and charlie, holding no key of his own, gets the emergency wrap
    as_caller(w.charlie);
    assert_eq!(w.ehr.wrapped_key(w.bob, record, 1), Ok(vec![4; 85]));
    // after expiry, no release and no wrap
    at(expires);
    as_caller(w.alice);
    assert_eq!(
        w.ehr.release_emergency_share(w.bob, w.charlie, vec![1; 85]),
        Err(Error::EmergencyNotActive)
    );
    as_caller(w.charlie);
    assert_eq!(w.ehr.wrapped_key(w.bob, record, 1), Err(Error::NoAccess));
}

#[ink::test]
fn new_opt_in_retires_running_emergency_works() {
    let (mut w, record) = opted_in();
    as_caller(w.charlie);
    w.ehr.break_glass(w.bob, 1, [7; 32]).unwrap();
    // bob opts in again (a new emergency key, e.g. after a break-glass)
    as_caller(w.bob);
    w.ehr
        .enable_emergency(
            HOUR,
            cardiac_only(),
            key(10),
            [w.alice, account(50)],
            [vec![3; 85], vec![4; 85]],
        )
        .unwrap();
    assert_eq!(w.ehr.emergency_policy(w.bob).unwrap().generation, 2);
    assert_eq!(w.ehr.access_of(w.bob, w.charlie, Some(record)), None);
}
