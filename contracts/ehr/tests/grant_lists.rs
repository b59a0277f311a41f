//! Grants as listed: the lists after swap-removes, the doctor's patients, who may query them,
//! the cap, and a suspended doctor's grants.

use super::common::*;
use crate::errors::Error;
use crate::limits::MAX_GRANTS_PER_PATIENT;
use crate::types::*;

#[ink::test]
fn lists_stay_consistent_after_swap_remove_works() {
    // given grants to three doctors
    let mut w = world();
    as_caller(w.eve);
    w.ehr.register_doctor(key(5), profile("Other")).unwrap();
    for d in [w.charlie, w.django, w.eve] {
        w.grant(d, Scope::Chart, AccessKind::Read, None);
    }
    // when the first is revoked
    as_caller(w.bob);
    w.ehr.revoke_access(w.bob, w.charlie, Scope::Chart).unwrap();
    // then the list holds the other two and each still revokes cleanly
    let doctors: Vec<_> = w
        .ehr
        .grants_of_patient(w.bob, 0, 10)
        .unwrap()
        .iter()
        .map(|g| g.doctor)
        .collect();
    assert_eq!(doctors.len(), 2);
    assert!(doctors.contains(&w.django) && doctors.contains(&w.eve));
    w.ehr.revoke_access(w.bob, w.eve, Scope::Chart).unwrap();
    w.ehr.revoke_access(w.bob, w.django, Scope::Chart).unwrap();
    assert_eq!(w.ehr.grants_of_patient(w.bob, 0, 10).unwrap(), vec![]);
    assert_eq!(w.ehr.patient(w.bob).unwrap().grant_count, 0);
}

#[ink::test]
fn doctor_patient_list_counts_grants_works() {
    // a chart grant and a record grant from one patient list the patient once
    let mut w = world();
    let record = add_small_record(&mut w);
    w.grant(w.charlie, Scope::Chart, AccessKind::Read, None);
    w.grant(w.charlie, Scope::Record(record), AccessKind::Write, None);
    as_caller(w.charlie);
    assert_eq!(w.ehr.patients_of_doctor(w.charlie, 0, 10), Ok(vec![w.bob]));
    assert_eq!(w.ehr.grants_between(w.bob, w.charlie).unwrap().len(), 2);
    as_caller(w.bob);
    w.ehr.revoke_access(w.bob, w.charlie, Scope::Chart).unwrap();
    as_caller(w.charlie);
    assert_eq!(w.ehr.patients_of_doctor(w.charlie, 0, 10), Ok(vec![w.bob]));
    as_caller(w.bob);
    w.ehr
        .revoke_access(w.bob, w.charlie, Scope::Record(record))
        .unwrap();
    as_caller(w.charlie);
    assert_eq!(w.ehr.patients_of_doctor(w.charlie, 0, 10), Ok(vec![]));
}

#[ink::test]
fn grant_queries_by_wrong_caller_fail() {
    let mut w = world();
    w.grant(w.charlie, Scope::Chart, AccessKind::Read, None);
    as_caller(w.django);
    assert_eq!(
        refused(&mut w.ehr, |e| e.grants_of_patient(w.bob, 0, 10)),
        Error::NotPatient
    );
    assert_eq!(
        refused(&mut w.ehr, |e| e.grants_between(w.bob, w.charlie)),
        Error::NotParty
    );
    assert_eq!(
        refused(&mut w.ehr, |e| e.patients_of_doctor(w.charlie, 0, 10)),
        Error::NotParty
    );
}

#[ink::test]
fn too_many_grants_fails() {
    // given MAX_GRANTS_PER_PATIENT doctors with grants
    let mut w = world();
    for n in 0..MAX_GRANTS_PER_PATIENT {
        let doctor = account(100 + n as u8);
        as_caller(doctor);
        w.ehr.register_doctor(key(1), profile("x")).unwrap();
        w.grant(doctor, Scope::Chart, AccessKind::Read, None);
    }
    // when one more is granted, then it is refused
    as_caller(w.bob);
    assert_eq!(
        refused(&mut w.ehr, |e| e.grant_access(
            w.bob,
            w.charlie,
            Scope::Chart,
            AccessKind::Read,
            None
        )),
        Error::TooManyGrants
    );
    assert_eq!(
        w.ehr.patient(w.bob).unwrap().grant_count,
        MAX_GRANTS_PER_PATIENT
    );
    // and a doctor may still list the grants between them (bounded scan)
    as_caller(account(100));
    assert_eq!(w.ehr.grants_between(w.bob, account(100)).unwrap().len(), 1);
    as_caller(account(100 + MAX_GRANTS_PER_PATIENT as u8 - 1));
    assert_eq!(
        w.ehr
            .grants_between(w.bob, account(100 + MAX_GRANTS_PER_PATIENT as u8 - 1))
            .unwrap()
            .len(),
        1
    );
}

#[ink::test]
fn suspended_doctor_cannot_use_grant_fails() {
    // given charlie with a chart write grant and a record
    let mut w = world();
    let record = add_small_record(&mut w);
    w.grant(w.charlie, Scope::Chart, AccessKind::Write, None);
    as_caller(w.alice);
    w.ehr.suspend_doctor(w.charlie).unwrap();
    // then every access-checked message refuses him
    as_caller(w.charlie);
    assert_eq!(
        refused(&mut w.ehr, |e| e.record(w.bob, record)),
        Error::DoctorSuspended
    );
    assert_eq!(
        refused(&mut w.ehr, |e| e.records(w.bob, 1, 10)),
        Error::DoctorSuspended
    );
    assert_eq!(
        refused(&mut w.ehr, |e| e.version(w.bob, record, 1)),
        Error::DoctorSuspended
    );
    assert_eq!(
        refused(&mut w.ehr, |e| e.chunk(w.bob, record, 1, 0)),
        Error::DoctorSuspended
    );
    assert_eq!(
        refused(&mut w.ehr, |e| e.wrapped_key(w.bob, record, 1)),
        Error::DoctorSuspended
    );
    assert_eq!(
        refused(&mut w.ehr, |e| e.open_record(w.bob, record, 1)),
        Error::DoctorSuspended
    );
    assert_eq!(
        refused(&mut w.ehr, |e| e.add_record(
            w.bob,
            next_record(e, w.bob),
            RecordType::Other,
            nv([1; 32], 1, vec![1], vec![])
        )),
        Error::DoctorSuspended
    );
    assert_eq!(
        refused(&mut w.ehr, |e| e.update_record(
            w.bob,
            record,
            next_version(e, w.bob, record),
            nv([1; 32], 1, vec![1], vec![])
        )),
        Error::DoctorSuspended
    );
    assert_eq!(
        refused(&mut w.ehr, |e| e.request_access(
            w.bob,
            Scope::Chart,
            AccessKind::Read,
            0
        )),
        Error::DoctorSuspended
    );
    // and works again once reinstated
    as_caller(w.alice);
    w.ehr.verify_doctor(w.charlie).unwrap();
    as_caller(w.charlie);
    assert!(w.ehr.record(w.bob, record).is_ok());
    assert_eq!(w.ehr.open_record(w.bob, record, 1), Ok(()));
}

#[ink::test]
fn suspended_doctor_grant_listed_inactive_works() {
    // given charlie with a chart read grant, then suspended
    let mut w = world();
    w.grant(w.charlie, Scope::Chart, AccessKind::Read, None);
    as_caller(w.alice);
    w.ehr.suspend_doctor(w.charlie).unwrap();
    // when the patient lists her grants
    as_caller(w.bob);
    let listed = w.ehr.grants_of_patient(w.bob, 0, 10).unwrap();
    // then the grant is there, marked suspended and not active (so no client wraps for him)
    assert_eq!(listed.len(), 1);
    assert!(listed[0].doctor_suspended);
    assert!(!listed[0].active);
    // and a record whose readers leave him out is still accepted
    let record = add_small_record(&mut w);
    assert_eq!(record, 1);
    // when he is reinstated the grant is active again
    as_caller(w.alice);
    w.ehr.verify_doctor(w.charlie).unwrap();
    as_caller(w.bob);
    let listed = w.ehr.grants_of_patient(w.bob, 0, 10).unwrap();
    assert!(!listed[0].doctor_suspended);
    assert!(listed[0].active);
}
