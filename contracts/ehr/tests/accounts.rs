use super::common::*;
use crate::errors::Error;
use crate::events::{DoctorRegistered, KeyRotated, PatientRegistered};
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
        refused(&mut w.ehr, |e| e.register_patient(key(8))),
        Error::PatientAlreadyRegistered
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
        refused(&mut w.ehr, |e| e.register_patient([0; 32])),
        Error::InvalidPublicKey
    );
    assert_eq!(
        refused(&mut w.ehr, |e| e.register_doctor([0; 32], profile("x"))),
        Error::InvalidPublicKey
    );
    assert_eq!(
        refused(&mut w.ehr, |e| e.patient(w.eve)),
        Error::PatientNotRegistered
    );
    assert_eq!(
        refused(&mut w.ehr, |e| e.doctor(w.eve)),
        Error::DoctorNotRegistered
    );
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
        refused(&mut w.ehr, |e| e.register_doctor(key(5), profile("x"))),
        Error::DoctorAlreadyRegistered
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
        refused(&mut w.ehr, |e| e.register_doctor(key(5), empty)),
        Error::InvalidProfileField
    );
    let mut long = profile("x");
    long.branch = "b".repeat(MAX_PROFILE_FIELD_BYTES as usize + 1);
    assert_eq!(
        refused(&mut w.ehr, |e| e.register_doctor(key(5), long)),
        Error::InvalidProfileField
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
    assert_eq!(
        refused(&mut w.ehr, |e| e.rotate_key(key(1))),
        Error::NotRegistered
    );
    as_caller(w.bob);
    assert_eq!(
        refused(&mut w.ehr, |e| e.rotate_key([0; 32])),
        Error::InvalidPublicKey
    );
    assert_eq!(w.ehr.patient(w.bob).unwrap().encryption_key, key(2));
}

#[ink::test]
fn doctors_paging_works() {
    let mut w = world();
    let all = w.ehr.doctors(0, 10).unwrap();
    assert_eq!(
        all.iter().map(|(a, _)| *a).collect::<Vec<_>>(),
        vec![w.charlie, w.django]
    );
    assert_eq!(w.ehr.doctors(1, 10).unwrap().len(), 1);
    assert_eq!(w.ehr.doctors(5, 10).unwrap().len(), 0);
    assert_eq!(
        refused(&mut w.ehr, |e| e.doctors(0, MAX_PAGE + 1)),
        Error::PageTooLarge
    );
}

#[ink::test]
fn register_with_low_order_key_fails() {
    // every x25519 point of small order (and their encodings with bit 255 set): a key anyone
    // can compute the shared secret with
    let mut w = world();
    as_caller(w.eve);
    for point in crate::validate::LOW_ORDER_POINTS {
        for high in [0u8, 0x80] {
            let mut k = point;
            k[31] |= high;
            assert_eq!(
                refused(&mut w.ehr, |e| e.register_patient(k)),
                Error::InvalidPublicKey
            );
            assert_eq!(
                refused(&mut w.ehr, |e| e.register_doctor(k, profile("x"))),
                Error::InvalidPublicKey
            );
        }
    }
}
