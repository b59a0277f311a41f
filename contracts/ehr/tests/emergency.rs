//! Emergency access, the patient's side: opting in and out, the policy's rules, and what a new
//! opt-in does to a break-glass and to the emergency wraps.

use super::common::*;
use crate::errors::Error;
use crate::limits::MAX_EMERGENCY_WINDOW_MS;
use crate::types::*;

pub(super) const HOUR: u64 = 60 * 60 * 1000;

pub(super) fn cardiac_only() -> u8 {
    1 << RecordType::Cardiac as u8
}

/// bob's world: alice and frank (account 50) are registrars; charlie is verified; bob opted in
/// for cardiac records with a one-hour window; bob has one cardiac record.
pub(super) fn opted_in() -> (World, RecordId) {
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
pub(super) fn opt_in_again(w: &mut World) {
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
