//! Registrars: who they are, verifying and suspending doctors, and changes to the registrar
//! set, which need a majority of the current registrars.

use super::common::*;
use crate::errors::Error;
use crate::events::{DoctorStatusChanged, RegistrarChangeApproved, RegistrarChanged};
use crate::types::*;

fn is_registrar(w: &World, account: ink::primitives::AccountId) -> bool {
    w.ehr.is_registrar(account)
}

#[ink::test]
fn one_registrar_cannot_change_the_set_alone_works() {
    // given three registrars: alice, 50 and 51 (each added by a majority of those before)
    let mut w = world();
    as_caller(w.alice);
    let _ = w.ehr.add_registrar(account(50));
    for registrar in [w.alice, account(50)] {
        as_caller(registrar);
        let _ = w.ehr.add_registrar(account(51));
    }
    assert!(is_registrar(&w, account(50)) && is_registrar(&w, account(51)));
    // when alice alone removes the other two and adds a fourth
    as_caller(w.alice);
    let _ = w.ehr.remove_registrar(account(50));
    let _ = w.ehr.remove_registrar(account(51));
    let _ = w.ehr.add_registrar(account(52));
    // then nothing changed
    assert!(is_registrar(&w, account(50)) && is_registrar(&w, account(51)));
    assert!(!is_registrar(&w, account(52)));
    // and when 51 approves 50's removal, two of three make a majority
    as_caller(account(51));
    let _ = w.ehr.remove_registrar(account(50));
    assert!(!is_registrar(&w, account(50)));
    assert!(is_registrar(&w, w.alice) && is_registrar(&w, account(51)));
}

#[ink::test]
fn deployer_is_registrar_works() {
    let w = world();
    assert!(w.ehr.is_registrar(w.alice));
    assert!(!w.ehr.is_registrar(w.bob));
}

#[ink::test]
fn verify_suspend_reinstate_works() {
    let mut w = world();
    as_caller(w.alice);
    w.ehr.verify_doctor(w.charlie).unwrap();
    assert_eq!(
        w.ehr.doctor(w.charlie).unwrap().status,
        DoctorStatus::Verified
    );
    let e: DoctorStatusChanged = last_event();
    assert_eq!(
        (e.doctor, e.registrar, e.status),
        (w.charlie, w.alice, DoctorStatus::Verified)
    );
    w.ehr.suspend_doctor(w.charlie).unwrap();
    assert_eq!(
        w.ehr.doctor(w.charlie).unwrap().status,
        DoctorStatus::Suspended
    );
    w.ehr.verify_doctor(w.charlie).unwrap();
    assert_eq!(
        w.ehr.doctor(w.charlie).unwrap().status,
        DoctorStatus::Verified
    );
}

#[ink::test]
fn non_registrar_verifies_fails() {
    // a patient, a doctor on themselves, and a doctor on another doctor are all refused
    let mut w = world();
    let before = events();
    for caller in [w.bob, w.charlie, w.eve] {
        as_caller(caller);
        assert_eq!(
            refused(&mut w.ehr, |e| e.verify_doctor(w.charlie)),
            Error::NotRegistrar
        );
        assert_eq!(
            refused(&mut w.ehr, |e| e.suspend_doctor(w.django)),
            Error::NotRegistrar
        );
        assert_eq!(
            refused(&mut w.ehr, |e| e.add_registrar(caller)),
            Error::NotRegistrar
        );
        assert_eq!(
            refused(&mut w.ehr, |e| e.remove_registrar(w.alice)),
            Error::NotRegistrar
        );
    }
    assert_eq!(
        w.ehr.doctor(w.charlie).unwrap().status,
        DoctorStatus::Unverified
    );
    assert!(!w.ehr.is_registrar(w.bob));
    assert_eq!(events(), before);
}

#[ink::test]
fn registrar_self_verification_fails() {
    // given a doctor who is also a registrar
    let mut w = world();
    as_caller(w.alice);
    w.ehr.add_registrar(w.charlie).unwrap();
    // when they verify themselves, then it is refused
    as_caller(w.charlie);
    assert_eq!(
        refused(&mut w.ehr, |e| e.verify_doctor(w.charlie)),
        Error::SelfVerification
    );
    assert_eq!(
        w.ehr.doctor(w.charlie).unwrap().status,
        DoctorStatus::Unverified
    );
    // but they may verify another doctor
    assert_eq!(w.ehr.verify_doctor(w.django), Ok(()));
}

#[ink::test]
fn verify_unregistered_doctor_fails() {
    let mut w = world();
    as_caller(w.alice);
    assert_eq!(
        refused(&mut w.ehr, |e| e.verify_doctor(w.eve)),
        Error::DoctorNotRegistered
    );
}

#[ink::test]
fn registrar_add_remove_works() {
    // given alice, the only registrar: her approval alone is the majority
    let mut w = world();
    as_caller(w.alice);
    assert_eq!(w.ehr.add_registrar(w.eve), Ok(true));
    assert!(w.ehr.is_registrar(w.eve));
    let e: RegistrarChanged = last_event();
    assert_eq!((e.registrar, e.by, e.added), (w.eve, w.alice, true));
    assert_eq!(
        refused(&mut w.ehr, |e| e.add_registrar(w.eve)),
        Error::RegistrarAlreadyExists
    );
    // when eve, one of two, removes alice, it awaits a second approval
    as_caller(w.eve);
    assert_eq!(w.ehr.remove_registrar(w.alice), Ok(false));
    assert!(w.ehr.is_registrar(w.alice));
    let e: RegistrarChangeApproved = last_event();
    assert_eq!(
        (e.registrar, e.by, e.add, e.approvals, e.needed),
        (w.alice, w.eve, false, 1, 2)
    );
    assert_eq!(
        w.ehr.registrar_proposal(w.alice),
        Some(RegistrarProposal {
            add: false,
            epoch: 1,
            approvals: 1,
            needed: 2
        })
    );
    assert_eq!(
        refused(&mut w.ehr, |e| e.remove_registrar(w.alice)),
        Error::AlreadyApproved
    );
    // and alice's own approval makes it
    as_caller(w.alice);
    assert_eq!(w.ehr.remove_registrar(w.alice), Ok(true));
    assert!(!w.ehr.is_registrar(w.alice));
    assert_eq!(w.ehr.registrar_proposal(w.alice), None);
    // the last registrar stays, and only registrars are removed
    as_caller(w.eve);
    assert_eq!(
        refused(&mut w.ehr, |e| e.remove_registrar(w.eve)),
        Error::LastRegistrar
    );
    assert_eq!(
        refused(&mut w.ehr, |e| e.remove_registrar(w.bob)),
        Error::RegistrarNotFound
    );
    assert!(w.ehr.is_registrar(w.eve));
}

#[ink::test]
fn approvals_lapse_when_the_set_changes_works() {
    // given alice and eve; alice approves adding charlie (1 of 2)
    let mut w = world();
    as_caller(w.alice);
    w.ehr.add_registrar(w.eve).unwrap();
    assert_eq!(w.ehr.add_registrar(w.charlie), Ok(false));
    // when the set changes (django added by both), alice's approval of charlie lapses
    assert_eq!(w.ehr.add_registrar(w.django), Ok(false));
    as_caller(w.eve);
    assert_eq!(w.ehr.add_registrar(w.django), Ok(true));
    assert_eq!(w.ehr.registrar_proposal(w.charlie), None);
    // then charlie needs a majority of the three: eve alone is not enough
    assert_eq!(w.ehr.add_registrar(w.charlie), Ok(false));
    assert_eq!(
        w.ehr.registrar_proposal(w.charlie).map(|p| p.needed),
        Some(2)
    );
    as_caller(w.alice);
    assert_eq!(w.ehr.add_registrar(w.charlie), Ok(true));
}
