//! Breaking the glass: who may, the window and its boundary, coverage, the cooldown, and the
//! custodians' releases.

use super::common::*;
use super::emergency::{opted_in, HOUR};
use crate::errors::Error;
use crate::events::EmergencyAccessInvoked;
use crate::types::*;

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
            nv([1; 32], 4, vec![1; 4], own_wraps(w.bob)),
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
        refused(&mut w.ehr, |e| e.open_record(w.bob, dermatology, 1)),
        Error::NoAccess
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
        refused(&mut w.ehr, |e| e.break_glass(w.bob, 1, [7; 32])),
        Error::EmergencyActive
    );
    at(expires);
    assert_eq!(w.ehr.access_of(w.bob, w.charlie, Some(record)), None);
    as_caller(w.charlie);
    assert_eq!(
        refused(&mut w.ehr, |e| e.open_record(w.bob, record, 1)),
        Error::NoAccess
    );
    // a new invocation, after the cooldown, is a new, separately logged event
    at(expires + crate::limits::BREAK_GLASS_COOLDOWN_MS);
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
        refused(&mut w.ehr, |e| e.break_glass(w.bob, 1, [7; 32])),
        Error::DoctorNotVerified
    );
    // charlie suspended
    as_caller(w.alice);
    w.ehr.suspend_doctor(w.charlie).unwrap();
    as_caller(w.charlie);
    assert_eq!(
        refused(&mut w.ehr, |e| e.break_glass(w.bob, 1, [7; 32])),
        Error::DoctorSuspended
    );
    // eve is no doctor at all
    as_caller(w.eve);
    assert_eq!(
        refused(&mut w.ehr, |e| e.break_glass(w.bob, 1, [7; 32])),
        Error::DoctorNotRegistered
    );
    assert_eq!(
        refused(&mut w.ehr, |e| e.emergency(w.bob, w.django)),
        Error::EmergencyNotActive
    );
}

#[ink::test]
fn break_glass_without_opt_in_fails() {
    let mut w = world();
    as_caller(w.alice);
    w.ehr.verify_doctor(w.charlie).unwrap();
    as_caller(w.charlie);
    assert_eq!(
        refused(&mut w.ehr, |e| e.break_glass(w.bob, 1, [7; 32])),
        Error::EmergencyNotEnabled
    );
    // nor may an emergency wrap be stored for a patient who did not opt in
    as_caller(w.bob);
    assert_eq!(
        refused(&mut w.ehr, |e| e.add_record(
            w.bob,
            1,
            RecordType::Cardiac,
            nv(
                [1; 32],
                4,
                vec![1; 4],
                vec![
                    (w.bob, vec![1; 80]),
                    (emergency_reader(1).into(), vec![1; 85])
                ]
            )
        )),
        Error::ReaderHasNoAccess
    );
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
            vec![(emergency_reader(1).into(), vec![4; 85])],
        )
        .unwrap();
    // no break-glass yet: nothing to release
    as_caller(w.alice);
    assert_eq!(
        refused(&mut w.ehr, |e| e.release_emergency_share(
            w.bob,
            w.charlie,
            vec![1; 85]
        )),
        Error::EmergencyNotActive
    );
    as_caller(w.charlie);
    assert_eq!(
        refused(&mut w.ehr, |e| e.wrapped_key(w.bob, record, 1)),
        Error::NoAccess
    );
    let expires = w.ehr.break_glass(w.bob, 1, [7; 32]).unwrap();
    // a registrar who is not a custodian is refused
    as_caller(w.alice);
    w.ehr.add_registrar(account(51)).unwrap();
    as_caller(account(51));
    assert_eq!(
        refused(&mut w.ehr, |e| e.release_emergency_share(
            w.bob,
            w.charlie,
            vec![1; 85]
        )),
        Error::NotCustodian
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
        refused(&mut w.ehr, |e| e.release_emergency_share(
            w.bob,
            w.charlie,
            vec![1; 85]
        )),
        Error::EmergencyNotActive
    );
    as_caller(w.charlie);
    assert_eq!(
        refused(&mut w.ehr, |e| e.wrapped_key(w.bob, record, 1)),
        Error::NoAccess
    );
}

#[ink::test]
fn break_glass_lists_covered_records_only_works() {
    // given a cardiac record (covered) and a dermatology record (not covered)
    let (mut w, cardiac) = opted_in();
    as_caller(w.bob);
    let dermatology = w
        .ehr
        .add_record(
            w.bob,
            2,
            RecordType::Dermatology,
            nv([1; 32], 4, vec![1; 4], vec![(w.bob, vec![1; 80])]),
        )
        .unwrap();
    // when charlie breaks the glass, then he lists only the covered record
    as_caller(w.charlie);
    w.ehr.break_glass(w.bob, 1, [7; 32]).unwrap();
    let listed: Vec<RecordId> = w
        .ehr
        .records(w.bob, 1, 10)
        .unwrap()
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    assert_eq!(listed, vec![cardiac]);
    assert_eq!(
        refused(&mut w.ehr, |e| e.record(w.bob, dermatology)),
        Error::NoAccess
    );
    // while bob still lists both
    as_caller(w.bob);
    assert_eq!(w.ehr.records(w.bob, 1, 10).unwrap().len(), 2);
}

#[ink::test]
fn break_glass_again_waits_for_the_cooldown_works() {
    use crate::limits::BREAK_GLASS_COOLDOWN_MS;
    let (mut w, _) = opted_in();
    at(5_000);
    as_caller(w.charlie);
    let expires = w.ehr.break_glass(w.bob, 1, [7; 32]).unwrap();
    // right after the window, and just before the cooldown ends: refused
    for now in [expires, expires + BREAK_GLASS_COOLDOWN_MS - 1] {
        at(now);
        assert_eq!(
            refused(&mut w.ehr, |e| e.break_glass(w.bob, 1, [7; 32])),
            Error::EmergencyCooldown
        );
    }
    // once it has passed: a new, separately logged break-glass
    at(expires + BREAK_GLASS_COOLDOWN_MS);
    assert!(w.ehr.break_glass(w.bob, 1, [7; 32]).is_ok());
}

#[ink::test]
fn removed_registrar_releases_no_share_fails() {
    // given charlie's break-glass; alice and frank (50) are bob's custodians, 51 a third registrar
    let (mut w, _) = opted_in();
    as_caller(w.alice);
    w.ehr.add_registrar(account(51)).unwrap();
    as_caller(account(50));
    let _ = w.ehr.add_registrar(account(51));
    as_caller(w.charlie);
    w.ehr.break_glass(w.bob, 1, [7; 32]).unwrap();
    // when the registrars remove frank (a majority: alice and 51)
    for registrar in [w.alice, account(51)] {
        as_caller(registrar);
        let _ = w.ehr.remove_registrar(account(50));
    }
    assert!(!w.ehr.is_registrar(account(50)));
    // then frank can no longer release his share
    as_caller(account(50));
    assert_eq!(
        refused(&mut w.ehr, |e| e.release_emergency_share(
            w.bob,
            w.charlie,
            vec![2; 85]
        )),
        Error::NotRegistrar
    );
}

#[ink::test]
fn release_with_bad_share_or_without_opt_in_fails() {
    let (mut w, _) = opted_in();
    as_caller(w.charlie);
    w.ehr.break_glass(w.bob, 1, [7; 32]).unwrap();
    as_caller(w.alice);
    for share in [vec![], vec![1; crate::limits::MAX_WRAP_BYTES as usize + 1]] {
        assert_eq!(
            refused(&mut w.ehr, |e| e.release_emergency_share(
                w.bob,
                w.charlie,
                share.clone()
            )),
            Error::InvalidWrap
        );
    }
    as_caller(w.bob);
    w.ehr.disable_emergency().unwrap();
    as_caller(w.alice);
    assert_eq!(
        refused(&mut w.ehr, |e| e.release_emergency_share(
            w.bob,
            w.charlie,
            vec![1; 85]
        )),
        Error::EmergencyNotEnabled
    );
}
