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
            1,
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
            refused(&mut w.ehr, |e| e.enable_emergency(
                1,
                window,
                covered,
                key(9),
                custodians,
                shares()
            )),
            Error::InvalidEmergencyPolicy
        );
    }
    assert_eq!(
        refused(&mut w.ehr, |e| e.enable_emergency(
            1,
            HOUR,
            1,
            key(9),
            [w.alice, w.alice],
            shares()
        )),
        Error::InvalidEmergencyPolicy
    );
    assert_eq!(
        refused(&mut w.ehr, |e| e.enable_emergency(
            1,
            HOUR,
            1,
            key(9),
            [w.alice, w.eve],
            shares()
        )),
        Error::NotRegistrar
    );
    assert_eq!(
        refused(&mut w.ehr, |e| e.enable_emergency(
            1,
            HOUR,
            1,
            key(9),
            custodians,
            [vec![], vec![2; 85]]
        )),
        Error::InvalidWrap
    );
    assert_eq!(
        refused(&mut w.ehr, |e| e.enable_emergency(
            1,
            HOUR,
            1,
            [0; 32],
            custodians,
            shares()
        )),
        Error::InvalidPublicKey
    );
    // the longest window is allowed
    assert_eq!(
        w.ehr
            .enable_emergency(1, MAX_EMERGENCY_WINDOW_MS, 1, key(9), custodians, shares()),
        Ok(())
    );
    // but a generation is used once: the shares were wrapped for the next one
    assert_eq!(
        refused(&mut w.ehr, |e| e.enable_emergency(
            1,
            HOUR,
            1,
            key(9),
            custodians,
            shares()
        )),
        Error::NotNextId
    );
    assert_eq!(
        refused(&mut w.ehr, |e| e.enable_emergency(
            3,
            HOUR,
            1,
            key(9),
            custodians,
            shares()
        )),
        Error::NotNextId
    );
    // and only a patient opts in
    as_caller(w.charlie);
    assert_eq!(
        refused(&mut w.ehr, |e| e.enable_emergency(
            1,
            HOUR,
            1,
            key(9),
            custodians,
            shares()
        )),
        Error::PatientNotRegistered
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
        refused(&mut w.ehr, |e| e.break_glass(w.bob, 1, [7; 32])),
        Error::EmergencyNotEnabled
    );
    as_caller(w.bob);
    assert_eq!(
        refused(&mut w.ehr, |e| e.disable_emergency()),
        Error::EmergencyNotEnabled
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
fn new_opt_in_retires_running_emergency_works() {
    let (mut w, record) = opted_in();
    as_caller(w.charlie);
    w.ehr.break_glass(w.bob, 1, [7; 32]).unwrap();
    // bob opts in again (a new emergency key, e.g. after a break-glass)
    as_caller(w.bob);
    let next = w.ehr.patient(w.bob).unwrap().emergency_generation + 1;
    w.ehr
        .enable_emergency(
            next,
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

/// bob opts in again (a new key, the next generation).
fn opt_in_again(w: &mut World) {
    as_caller(w.bob);
    let next = w.ehr.patient(w.bob).unwrap().emergency_generation + 1;
    w.ehr
        .enable_emergency(
            next,
            HOUR,
            cardiac_only(),
            key(10),
            [w.alice, account(50)],
            [vec![3; 85], vec![4; 85]],
        )
        .unwrap();
}

#[ink::test]
fn opt_in_after_opt_out_does_not_revive_break_glass_works() {
    // given charlie's break-glass under bob's first opt-in, ended by bob's opt-out
    let (mut w, record) = opted_in();
    as_caller(w.charlie);
    w.ehr.break_glass(w.bob, 1, [7; 32]).unwrap();
    as_caller(w.bob);
    w.ehr.disable_emergency().unwrap();
    // when bob opts in again while charlie's old window would still run
    opt_in_again(&mut w);
    // then the new opt-in has a generation of its own, charlie has no access, and no custodian
    // can release the new key's shares to him
    assert_eq!(w.ehr.emergency_policy(w.bob).unwrap().generation, 2);
    assert_eq!(w.ehr.access_of(w.bob, w.charlie, Some(record)), None);
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
        refused(&mut w.ehr, |e| e.open_record(w.bob, record, 1)),
        Error::NoAccess
    );
}

#[ink::test]
fn emergency_key_is_wrapped_per_generation_works() {
    // given bob's record wrapped to the first emergency key
    let (mut w, record) = opted_in();
    as_caller(w.bob);
    w.ehr
        .add_wraps(
            w.bob,
            record,
            1,
            vec![(emergency_reader(1).into(), vec![4; 85])],
        )
        .unwrap();
    // when bob re-keys, the new key is wrapped to the same version beside the old one
    opt_in_again(&mut w);
    as_caller(w.bob);
    w.ehr
        .add_wraps(
            w.bob,
            record,
            1,
            vec![(emergency_reader(2).into(), vec![5; 85])],
        )
        .unwrap();
    // but never to a generation that is not the current one
    assert_eq!(
        refused(&mut w.ehr, |e| e.add_wraps(
            w.bob,
            record,
            1,
            vec![(emergency_reader(3).into(), vec![6; 85])]
        )),
        Error::ReaderHasNoAccess
    );
    // and a break-glass doctor gets the current generation's wrap
    as_caller(w.charlie);
    w.ehr.break_glass(w.bob, 1, [7; 32]).unwrap();
    assert_eq!(w.ehr.wrapped_key(w.bob, record, 1), Ok(vec![5; 85]));
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
