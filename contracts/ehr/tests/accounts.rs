use super::common::*;
use crate::errors::Error;
use crate::events::{DoctorRegistered, DoctorStatusChanged, KeyRotated, PatientRegistered};
use crate::limits::{MAX_PAGE, MAX_PROFILE_FIELD_BYTES};
use crate::types::*;

#[ink::test]
fn register_patient_works() {
    // given a world, when eve registers as a patient
    let mut w = world();
    let before = events();
    as_caller(w.eve);
    at(5_000);
    w.ehr.register_patient(key(7)).unwrap();
    // then she is stored, counted, logged and announced
    let p = w.ehr.patient(w.eve).unwrap();
    assert_eq!(
        (p.encryption_key, p.registered_at, p.log_len),
        (key(7), 5_000, 1)
    );
    assert_eq!(w.ehr.counts(), (2, 2));
    assert_eq!(events(), before + 1);
    let e: PatientRegistered = last_event();
    assert_eq!((e.patient, e.encryption_key), (w.eve, key(7)));
}

#[ink::test]
fn register_patient_twice_fails() {
    let mut w = world();
    let before = events();
    as_caller(w.bob);
    assert_eq!(
        w.ehr.register_patient(key(8)),
        Err(Error::PatientAlreadyRegistered)
    );
    assert_eq!(w.ehr.patient(w.bob).unwrap().encryption_key, key(2));
    assert_eq!(w.ehr.counts(), (1, 2));
    assert_eq!(events(), before);
}

#[ink::test]
fn register_with_zero_key_fails() {
    let mut w = world();
    as_caller(w.eve);
    assert_eq!(
        w.ehr.register_patient([0; 32]),
        Err(Error::InvalidPublicKey)
    );
    assert_eq!(
        w.ehr.register_doctor([0; 32], profile("x")),
        Err(Error::InvalidPublicKey)
    );
    assert_eq!(w.ehr.patient(w.eve), Err(Error::PatientNotRegistered));
    assert_eq!(w.ehr.doctor(w.eve), Err(Error::DoctorNotRegistered));
}

#[ink::test]
fn register_doctor_works() {
    let mut w = world();
    as_caller(w.eve);
    w.ehr.register_doctor(key(9), profile("Imaging")).unwrap();
    let d = w.ehr.doctor(w.eve).unwrap();
    assert_eq!(d.status, DoctorStatus::Unverified);
    assert_eq!(d.profile.specialization, "Imaging");
    assert_eq!(w.ehr.counts(), (1, 3));
    let e: DoctorRegistered = last_event();
    assert_eq!(e.doctor, w.eve);
}

#[ink::test]
fn register_doctor_twice_fails() {
    let mut w = world();
    as_caller(w.charlie);
    assert_eq!(
        w.ehr.register_doctor(key(5), profile("x")),
        Err(Error::DoctorAlreadyRegistered)
    );
    assert_eq!(w.ehr.doctor(w.charlie).unwrap().encryption_key, key(3));
    assert_eq!(w.ehr.counts(), (1, 2));
}

#[ink::test]
fn register_doctor_with_bad_profile_fails() {
    let mut w = world();
    as_caller(w.eve);
    let mut empty = profile("x");
    empty.name = String::new();
    assert_eq!(
        w.ehr.register_doctor(key(5), empty),
        Err(Error::InvalidProfileField)
    );
    let mut long = profile("x");
    long.branch = "b".repeat(MAX_PROFILE_FIELD_BYTES as usize + 1);
    assert_eq!(
        w.ehr.register_doctor(key(5), long),
        Err(Error::InvalidProfileField)
    );
    let mut longest = profile("x");
    longest.branch = "b".repeat(MAX_PROFILE_FIELD_BYTES as usize);
    assert_eq!(w.ehr.register_doctor(key(5), longest), Ok(()));
}

#[ink::test]
fn account_can_be_patient_and_doctor_works() {
    let mut w = world();
    as_caller(w.charlie);
    w.ehr.register_patient(key(6)).unwrap();
    assert!(w.ehr.patient(w.charlie).is_ok());
    assert!(w.ehr.doctor(w.charlie).is_ok());
}

#[ink::test]
fn rotate_key_works() {
    // given charlie, both doctor and patient
    let mut w = world();
    as_caller(w.charlie);
    w.ehr.register_patient(key(3)).unwrap();
    // when he rotates, then both roles carry the new key and his log shows it
    w.ehr.rotate_key(key(13)).unwrap();
    assert_eq!(w.ehr.patient(w.charlie).unwrap().encryption_key, key(13));
    assert_eq!(w.ehr.doctor(w.charlie).unwrap().encryption_key, key(13));
    let e: KeyRotated = last_event();
    assert_eq!((e.account, e.encryption_key), (w.charlie, key(13)));
    let history = w.ehr.history(w.charlie, 0, 10).unwrap();
    assert_eq!(history.last().unwrap().action, Action::KeyRotated);
    // a doctor only rotates the doctor key
    as_caller(w.django);
    w.ehr.rotate_key(key(14)).unwrap();
    assert_eq!(w.ehr.doctor(w.django).unwrap().encryption_key, key(14));
}

#[ink::test]
fn rotate_key_unregistered_fails() {
    let mut w = world();
    as_caller(w.eve);
    assert_eq!(w.ehr.rotate_key(key(1)), Err(Error::PatientNotRegistered));
    as_caller(w.bob);
    assert_eq!(w.ehr.rotate_key([0; 32]), Err(Error::InvalidPublicKey));
    assert_eq!(w.ehr.patient(w.bob).unwrap().encryption_key, key(2));
}

#[ink::test]
fn doctors_paging_works() {
    let w = world();
    let all = w.ehr.doctors(0, 10).unwrap();
    assert_eq!(
        all.iter().map(|(a, _)| *a).collect::<Vec<_>>(),
        vec![w.charlie, w.django]
    );
    assert_eq!(w.ehr.doctors(1, 10).unwrap().len(), 1);
    assert_eq!(w.ehr.doctors(5, 10).unwrap().len(), 0);
    assert_eq!(w.ehr.doctors(0, MAX_PAGE + 1), Err(Error::PageTooLarge));
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
        assert_eq!(w.ehr.verify_doctor(w.charlie), Err(Error::NotRegistrar));
        assert_eq!(w.ehr.suspend_doctor(w.django), Err(Error::NotRegistrar));
        assert_eq!(w.ehr.add_registrar(caller), Err(Error::NotRegistrar));
        assert_eq!(w.ehr.remove_registrar(w.alice), Err(Error::NotRegistrar));
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
    assert_eq!(w.ehr.verify_doctor(w.charlie), Err(Error::SelfVerification));
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
    assert_eq!(w.ehr.verify_doctor(w.eve), Err(Error::DoctorNotRegistered));
}

#[ink::test]
fn registrar_add_remove_works() {
    let mut w = world();
    as_caller(w.alice);
    w.ehr.add_registrar(w.eve).unwrap();
    assert!(w.ehr.is_registrar(w.eve));
    assert_eq!(
        w.ehr.add_registrar(w.eve),
        Err(Error::RegistrarAlreadyExists)
    );
    as_caller(w.eve);
    w.ehr.remove_registrar(w.alice).unwrap();
    assert!(!w.ehr.is_registrar(w.alice));
    assert_eq!(w.ehr.remove_registrar(w.eve), Err(Error::LastRegistrar));
    assert_eq!(w.ehr.remove_registrar(w.bob), Err(Error::RegistrarNotFound));
    assert!(w.ehr.is_registrar(w.eve));
}
