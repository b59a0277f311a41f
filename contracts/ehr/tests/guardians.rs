//! Guardians: appointment, the three levels, acting for the patient, removal and stepping down.

use super::common::*;
use crate::errors::Error;
use crate::events::GuardianChanged;
use crate::limits::MAX_GUARDIANS_PER_PATIENT;
use crate::types::*;

/// bob's world with eve registered as a patient (so she can be a guardian), appointed by bob.
fn with_guardian(level: GuardianLevel) -> World {
    let mut w = world();
    as_caller(w.eve);
    w.ehr.register_patient(key(5)).unwrap();
    as_caller(w.bob);
    w.ehr.add_guardian(w.eve, level).unwrap();
    w
}

#[ink::test]
fn add_guardian_works() {
    // given eve, a registered patient
    let w = with_guardian(GuardianLevel::View);
    // then she is listed, the change is logged and announced
    as_caller(w.bob);
    let list = w.ehr.guardians(w.bob).unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!((list[0].0, list[0].1.level), (w.eve, GuardianLevel::View));
    let entry = last_log(&w);
    assert_eq!(
        entry.action,
        Action::GuardianAppointed {
            level: GuardianLevel::View
        }
    );
    assert_eq!(entry.counterpart, Some(w.eve));
    let event: GuardianChanged = last_event();
    assert_eq!(event.level, Some(GuardianLevel::View));
    // and a guardian lists the patient's guardians too
    as_caller(w.eve);
    assert_eq!(w.ehr.guardians(w.bob).unwrap().len(), 1);
}

#[ink::test]
fn add_guardian_fails_for_wrong_accounts() {
    let mut w = world();
    as_caller(w.bob);
    // an unregistered account has no key to read with
    assert_eq!(
        refused(&mut w.ehr, |e| e.add_guardian(w.eve, GuardianLevel::View)),
        Error::NotRegistered
    );
    // nobody guards themselves
    assert_eq!(
        refused(&mut w.ehr, |e| e.add_guardian(w.bob, GuardianLevel::View)),
        Error::SelfGrant
    );
    // a doctor who is no patient has no chart to appoint for
    as_caller(w.charlie);
    assert_eq!(
        refused(&mut w.ehr, |e| e
            .add_guardian(w.django, GuardianLevel::View)),
        Error::PatientNotRegistered
    );
    // and a stranger cannot list bob's guardians
    as_caller(w.eve);
    assert_eq!(
        refused(&mut w.ehr, |e| e.guardians(w.bob)),
        Error::NotPatient
    );
}

#[ink::test]
fn too_many_guardians_fails() {
    let mut w = world();
    for n in 0..MAX_GUARDIANS_PER_PATIENT {
        let g = account(60 + n as u8);
        as_caller(g);
        w.ehr.register_patient(key(1)).unwrap();
        as_caller(w.bob);
        w.ehr.add_guardian(g, GuardianLevel::View).unwrap();
    }
    as_caller(w.bob);
    assert_eq!(
        refused(&mut w.ehr, |e| e
            .add_guardian(w.charlie, GuardianLevel::View)),
        Error::TooManyGuardians
    );
    // appointing an existing guardian again only changes the level
    w.ehr
        .add_guardian(account(60), GuardianLevel::Manage)
        .unwrap();
    assert_eq!(
        w.ehr.patient(w.bob).unwrap().guardian_count,
        MAX_GUARDIANS_PER_PATIENT
    );
}

#[ink::test]
fn view_guardian_reads_but_does_not_write_or_manage() {
    let mut w = with_guardian(GuardianLevel::View);
    let record = add_small_record(&mut w);
    assert_eq!(
        w.ehr.access_of(w.bob, w.eve, Some(record)),
        Some(AccessKind::Read)
    );
    as_caller(w.eve);
    assert!(w.ehr.history(w.bob, 0, 10).is_ok());
    assert!(w.ehr.grants_of_patient(w.bob, 0, 10).is_ok());
    assert_eq!(
        refused(&mut w.ehr, |e| e.add_record(
            w.bob,
            2,
            RecordType::Other,
            nv([1; 32], 4, vec![1; 4], vec![])
        )),
        Error::NoAccess
    );
    assert_eq!(
        refused(&mut w.ehr, |e| e.grant_access(
            w.bob,
            w.charlie,
            Scope::Chart,
            AccessKind::Read,
            None
        )),
        Error::GuardianLevelTooLow
    );
    assert_eq!(
        refused(&mut w.ehr, |e| e.add_wraps(
            w.bob,
            record,
            1,
            vec![(w.eve, vec![1; 80])]
        )),
        Error::NotAuthor
    );
}

#[ink::test]
fn contribute_guardian_adds_records_for_the_patient_works() {
    let mut w = with_guardian(GuardianLevel::Contribute);
    as_caller(w.eve);
    let id = w
        .ehr
        .add_record(
            w.bob,
            1,
            RecordType::Prescription,
            nv(
                [1; 32],
                4,
                vec![1; 4],
                vec![(w.bob, vec![5; 80]), (w.eve, vec![6; 80])],
            ),
        )
        .unwrap();
    assert_eq!(id, 1);
    // logged as eve's act, on bob's behalf
    let entry = last_log(&w);
    assert_eq!(
        (entry.actor, entry.action, entry.as_guardian),
        (w.eve, Action::RecordAdded, true)
    );
    // but she may not manage bob's consent
    as_caller(w.eve);
    assert_eq!(
        refused(&mut w.ehr, |e| e.grant_access(
            w.bob,
            w.charlie,
            Scope::Chart,
            AccessKind::Read,
            None
        )),
        Error::GuardianLevelTooLow
    );
}

#[ink::test]
fn manage_guardian_grants_revokes_and_decides_for_the_patient_works() {
    let mut w = with_guardian(GuardianLevel::Manage);
    as_caller(w.eve);
    w.ehr
        .grant_access(w.bob, w.charlie, Scope::Chart, AccessKind::Read, None)
        .unwrap();
    assert_eq!(
        w.ehr.access_of(w.bob, w.charlie, None),
        Some(AccessKind::Read)
    );
    let entry = last_log(&w);
    assert_eq!(entry.actor, w.eve);
    assert!(entry.as_guardian);
    as_caller(w.eve);
    w.ehr.revoke_access(w.bob, w.charlie, Scope::Chart).unwrap();
    assert_eq!(w.ehr.access_of(w.bob, w.charlie, None), None);
    // requests
    w.request(w.charlie, Scope::Chart, AccessKind::Read);
    w.request(w.django, Scope::Chart, AccessKind::Read);
    as_caller(w.eve);
    w.ehr
        .approve_request(w.bob, w.charlie, None, None, None)
        .unwrap();
    w.ehr.deny_request(w.bob, w.django).unwrap();
    assert_eq!(
        w.ehr.access_of(w.bob, w.charlie, None),
        Some(AccessKind::Read)
    );
    assert_eq!(w.ehr.access_of(w.bob, w.django, None), None);
    // erasing is not delegated: eve's erase acts on her own (empty) chart
    let record = add_small_record(&mut w);
    as_caller(w.eve);
    assert_eq!(
        refused(&mut w.ehr, |e| e.erase_version(record, 1)),
        Error::RecordNotFound
    );
}

#[ink::test]
fn removed_guardian_loses_access_works() {
    let mut w = with_guardian(GuardianLevel::Manage);
    let record = add_small_record(&mut w);
    // a stranger cannot remove eve
    as_caller(w.charlie);
    assert_eq!(
        refused(&mut w.ehr, |e| e.remove_guardian(w.bob, w.eve)),
        Error::NotPatient
    );
    // bob removes her
    as_caller(w.bob);
    w.ehr.remove_guardian(w.bob, w.eve).unwrap();
    assert_eq!(w.ehr.access_of(w.bob, w.eve, Some(record)), None);
    assert_eq!(last_log(&w).action, Action::GuardianRemoved);
    as_caller(w.eve);
    assert_eq!(
        refused(&mut w.ehr, |e| e.grant_access(
            w.bob,
            w.charlie,
            Scope::Chart,
            AccessKind::Read,
            None
        )),
        Error::NotPatient
    );
    assert_eq!(
        refused(&mut w.ehr, |e| e.remove_guardian(w.bob, w.eve)),
        Error::GuardianNotFound
    );
}

#[ink::test]
fn guardian_steps_down_works() {
    // given two guardians (the swap-remove keeps the list consistent)
    let mut w = with_guardian(GuardianLevel::View);
    as_caller(w.charlie);
    w.ehr.register_patient(key(7)).unwrap();
    as_caller(w.bob);
    w.ehr
        .add_guardian(w.charlie, GuardianLevel::Contribute)
        .unwrap();
    // when eve steps down
    as_caller(w.eve);
    w.ehr.remove_guardian(w.bob, w.eve).unwrap();
    // then only charlie is left, and the log says eve did it
    as_caller(w.bob);
    let list = w.ehr.guardians(w.bob).unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!((list[0].0, list[0].1.slot), (w.charlie, 0));
    assert_eq!(last_log(&w).actor, w.eve);
}

#[ink::test]
fn guardian_grants_itself_fails() {
    // given charlie, a doctor, appointed bob's managing guardian
    let mut w = world();
    as_caller(w.bob);
    w.ehr
        .add_guardian(w.charlie, GuardianLevel::Manage)
        .unwrap();
    // then he may not grant himself access that would outlive his appointment
    as_caller(w.charlie);
    assert_eq!(
        refused(&mut w.ehr, |e| e.grant_access(
            w.bob,
            w.charlie,
            Scope::Chart,
            AccessKind::Write,
            None
        )),
        Error::SelfGrant
    );
    // nor approve his own request
    as_caller(w.alice);
    w.ehr.verify_doctor(w.charlie).unwrap();
    as_caller(w.charlie);
    w.ehr
        .request_access(w.bob, Scope::Chart, AccessKind::Read, 1)
        .unwrap();
    assert_eq!(
        refused(&mut w.ehr, |e| e
            .approve_request(w.bob, w.charlie, None, None, None)),
        Error::SelfGrant
    );
    // nor extend a grant bob gave him
    as_caller(w.bob);
    w.ehr
        .grant_access(
            w.bob,
            w.charlie,
            Scope::Chart,
            AccessKind::Read,
            Some(9_000),
        )
        .unwrap();
    as_caller(w.charlie);
    assert_eq!(
        refused(&mut w.ehr, |e| e.grant_access(
            w.bob,
            w.charlie,
            Scope::Chart,
            AccessKind::Read,
            None
        )),
        Error::SelfGrant
    );
    as_caller(w.bob);
    let grants = w.ehr.grants_of_patient(w.bob, 0, 10).unwrap();
    assert_eq!(grants[0].expires_at, Some(9_000));
}

#[ink::test]
fn grants_a_guardian_made_end_with_the_guardianship_works() {
    // given eve, bob's managing guardian, who granted charlie write access (charlie could be an
    // account of her own, registered as a doctor) and approved django's request
    let mut w = with_guardian(GuardianLevel::Manage);
    let record = add_small_record(&mut w);
    as_caller(w.eve);
    w.ehr
        .grant_access(w.bob, w.charlie, Scope::Chart, AccessKind::Write, None)
        .unwrap();
    w.request(w.django, Scope::Chart, AccessKind::Read);
    as_caller(w.eve);
    w.ehr
        .approve_request(w.bob, w.django, None, None, None)
        .unwrap();
    // and frank granted by bob himself
    let frank = account(20);
    as_caller(frank);
    w.ehr
        .register_doctor(key(20), profile("General practice"))
        .unwrap();
    as_caller(w.bob);
    w.ehr
        .grant_access(w.bob, frank, Scope::Chart, AccessKind::Read, None)
        .unwrap();
    let listed = w.ehr.grants_of_patient(w.bob, 0, 50).unwrap();
    let by = |d| listed.iter().find(|g| g.doctor == d).unwrap().granted_by;
    assert_eq!(by(w.charlie), Some(w.eve));
    assert_eq!(by(w.django), Some(w.eve));
    assert_eq!(by(frank), None);
    // when bob removes eve
    w.ehr.remove_guardian(w.bob, w.eve).unwrap();
    // then the grants she made no longer work, and are listed as lapsed; bob's own grant works
    assert_eq!(w.ehr.access_of(w.bob, w.charlie, Some(record)), None);
    assert_eq!(w.ehr.access_of(w.bob, w.django, Some(record)), None);
    assert_eq!(
        w.ehr.access_of(w.bob, frank, Some(record)),
        Some(AccessKind::Read)
    );
    as_caller(w.charlie);
    assert_eq!(
        refused(&mut w.ehr, |e| e.open_record(w.bob, record, 1)),
        Error::GrantLapsed
    );
    as_caller(w.bob);
    let listed = w.ehr.grants_of_patient(w.bob, 0, 50).unwrap();
    let lapsed: Vec<_> = listed
        .iter()
        .filter(|g| g.lapsed)
        .map(|g| (g.doctor, g.active))
        .collect();
    assert_eq!(lapsed, vec![(w.charlie, false), (w.django, false)]);
    // and bob keeps one by granting it himself
    w.ehr
        .grant_access(w.bob, w.django, Scope::Chart, AccessKind::Read, None)
        .unwrap();
    assert_eq!(
        w.ehr.access_of(w.bob, w.django, Some(record)),
        Some(AccessKind::Read)
    );
}

#[ink::test]
fn grants_of_a_guardian_lowered_below_manage_lapse_works() {
    let mut w = with_guardian(GuardianLevel::Manage);
    let record = add_small_record(&mut w);
    as_caller(w.eve);
    w.ehr
        .grant_access(w.bob, w.charlie, Scope::Chart, AccessKind::Read, None)
        .unwrap();
    as_caller(w.bob);
    at(2_000);
    w.ehr.add_guardian(w.eve, GuardianLevel::View).unwrap();
    assert_eq!(w.ehr.access_of(w.bob, w.charlie, Some(record)), None);
    // raised again (a new appointment), her old grants stay ended; a new one of hers works
    at(3_000);
    w.ehr.add_guardian(w.eve, GuardianLevel::Manage).unwrap();
    assert_eq!(w.ehr.access_of(w.bob, w.charlie, Some(record)), None);
    // and so do they when she is removed and appointed again
    as_caller(w.eve);
    w.ehr
        .grant_access(w.bob, w.django, Scope::Chart, AccessKind::Read, None)
        .unwrap();
    assert_eq!(
        w.ehr.access_of(w.bob, w.django, Some(record)),
        Some(AccessKind::Read)
    );
    as_caller(w.bob);
    w.ehr.remove_guardian(w.bob, w.eve).unwrap();
    at(4_000);
    w.ehr.add_guardian(w.eve, GuardianLevel::Manage).unwrap();
    assert_eq!(w.ehr.access_of(w.bob, w.django, Some(record)), None);
}
