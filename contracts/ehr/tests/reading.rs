//! Reading a version: the wrapped keys, the audited open, erasing, and the history every
//! step leaves.

use super::common::*;
use crate::errors::Error;
use crate::events::RecordOpened;
use crate::limits::{MAX_WRAPS_PER_CALL, MAX_WRAP_BYTES};
use crate::types::*;

#[ink::test]
fn wraps_work() {
    let mut w = world();
    let record = add_small_record(&mut w);
    w.grant(w.charlie, Scope::Chart, AccessKind::Read, None);
    as_caller(w.bob);
    w.ehr
        .add_wraps(w.bob, record, 1, vec![(w.charlie, vec![6; 80])])
        .unwrap();
    assert_eq!(
        w.ehr.readers(w.bob, record, 1, 0, 10),
        Ok(vec![w.bob, w.charlie])
    );
    assert_eq!(w.ehr.version(w.bob, record, 1).unwrap().reader_count, 2);
    as_caller(w.charlie);
    assert_eq!(w.ehr.wrapped_key(w.bob, record, 1), Ok(vec![6; 80]));
    as_caller(w.bob);
    assert_eq!(w.ehr.wrapped_key(w.bob, record, 1), Ok(vec![5; 80]));
}

#[ink::test]
fn wrap_for_reader_without_access_fails() {
    let mut w = world();
    let record = add_small_record(&mut w);
    as_caller(w.bob);
    assert_eq!(
        refused(&mut w.ehr, |e| e.add_wraps(
            w.bob,
            record,
            1,
            vec![(w.django, vec![1; 80])]
        )),
        Error::ReaderHasNoAccess
    );
    // nor for a revoked reader
    w.grant(w.django, Scope::Chart, AccessKind::Read, None);
    as_caller(w.bob);
    w.ehr.revoke_access(w.bob, w.django, Scope::Chart).unwrap();
    assert_eq!(
        refused(&mut w.ehr, |e| e.add_wraps(
            w.bob,
            record,
            1,
            vec![(w.django, vec![1; 80])]
        )),
        Error::ReaderHasNoAccess
    );
    // nor while adding a record
    assert_eq!(
        refused(&mut w.ehr, |e| e.add_record(
            w.bob,
            next_record(e, w.bob),
            RecordType::Other,
            nv(
                [1; 32],
                1,
                vec![1],
                vec![(w.bob, vec![1; 80]), (w.eve, vec![1; 80])]
            )
        )),
        Error::ReaderHasNoAccess
    );
    assert_eq!(w.ehr.version(w.bob, record, 1).unwrap().reader_count, 1);
}

#[ink::test]
fn bad_wraps_fail() {
    let mut w = world();
    let record = add_small_record(&mut w);
    as_caller(w.bob);
    assert_eq!(
        refused(&mut w.ehr, |e| e.add_wraps(
            w.bob,
            record,
            1,
            vec![(w.bob, vec![])]
        )),
        Error::InvalidWrap
    );
    assert_eq!(
        refused(&mut w.ehr, |e| e.add_wraps(
            w.bob,
            record,
            1,
            vec![(w.bob, vec![1; MAX_WRAP_BYTES as usize + 1])]
        )),
        Error::InvalidWrap
    );
    let many = vec![(w.bob, vec![1; 8]); MAX_WRAPS_PER_CALL as usize + 1];
    assert_eq!(
        refused(&mut w.ehr, |e| e.add_wraps(w.bob, record, 1, many)),
        Error::TooManyWraps
    );
}

#[ink::test]
fn add_wraps_by_stranger_fails() {
    let mut w = world();
    let record = add_small_record(&mut w);
    w.grant(w.charlie, Scope::Chart, AccessKind::Write, None);
    // charlie has access but is neither the author nor the patient
    as_caller(w.charlie);
    assert_eq!(
        refused(&mut w.ehr, |e| e.add_wraps(
            w.bob,
            record,
            1,
            vec![(w.charlie, vec![1; 80])]
        )),
        Error::NotAuthor
    );
    as_caller(w.eve);
    assert_eq!(
        refused(&mut w.ehr, |e| e.add_wraps(
            w.bob,
            record,
            1,
            vec![(w.bob, vec![1; 80])]
        )),
        Error::NotAuthor
    );
}

#[ink::test]
fn wrapped_key_needs_access_fails() {
    let mut w = world();
    let record = add_small_record(&mut w);
    w.grant(w.charlie, Scope::Chart, AccessKind::Read, None);
    as_caller(w.charlie);
    assert_eq!(
        refused(&mut w.ehr, |e| e.wrapped_key(w.bob, record, 1)),
        Error::WrapNotFound
    );
    as_caller(w.bob);
    w.ehr
        .add_wraps(w.bob, record, 1, vec![(w.charlie, vec![6; 80])])
        .unwrap();
    w.ehr.revoke_access(w.bob, w.charlie, Scope::Chart).unwrap();
    as_caller(w.charlie);
    assert_eq!(
        refused(&mut w.ehr, |e| e.wrapped_key(w.bob, record, 1)),
        Error::NoAccess
    );
    as_caller(w.eve);
    assert_eq!(
        refused(&mut w.ehr, |e| e.readers(w.bob, record, 1, 0, 10)),
        Error::NotAuthor
    );
}

#[ink::test]
fn audited_open_works() {
    let mut w = world();
    let record = add_small_record(&mut w);
    w.grant(w.charlie, Scope::Record(record), AccessKind::Read, None);
    as_caller(w.charlie);
    at(7_000);
    w.ehr.open_record(w.bob, record, 1).unwrap();
    let event = ink::env::test::recorded_events().last().unwrap();
    assert_eq!(event.topics.len(), 4, "signature + patient, reader, record");
    let e: RecordOpened = last_event();
    assert_eq!(
        (e.patient, e.reader, e.record, e.version),
        (w.bob, w.charlie, record, 1)
    );
    as_caller(w.bob);
    let log = w.ehr.history(w.bob, 0, 50).unwrap();
    let last = log.last().unwrap();
    assert_eq!(
        (last.actor, last.action, last.record, last.version, last.at),
        (
            w.charlie,
            Action::RecordOpened,
            Some(record),
            Some(1),
            7_000
        )
    );
}

#[ink::test]
fn open_without_access_fails() {
    let mut w = world();
    let record = add_small_record(&mut w);
    as_caller(w.bob);
    let log_len = w.ehr.patient(w.bob).unwrap().log_len;
    let before = events();
    as_caller(w.django);
    assert_eq!(
        refused(&mut w.ehr, |e| e.open_record(w.bob, record, 1)),
        Error::NoAccess
    );
    as_caller(w.eve);
    assert_eq!(
        refused(&mut w.ehr, |e| e.open_record(w.bob, record, 1)),
        Error::NoAccess
    );
    assert_eq!(w.ehr.patient(w.bob).unwrap().log_len, log_len);
    assert_eq!(events(), before);
}

#[ink::test]
fn erase_works() {
    let mut w = world();
    let record = add_small_record(&mut w);
    as_caller(w.bob);
    w.ehr
        .update_record(
            w.bob,
            record,
            next_version(&w.ehr, w.bob, record),
            nv([2; 32], 2, vec![2, 2], vec![(w.bob, vec![1; 80])]),
        )
        .unwrap();
    w.ehr.erase_version(record, 1).unwrap();
    let v = w.ehr.version(w.bob, record, 1).unwrap();
    assert!(v.erased && !v.complete());
    assert_eq!((v.hash, v.length, v.reader_count), ([9; 32], 1024, 0));
    assert_eq!(
        refused(&mut w.ehr, |e| e.chunk(w.bob, record, 1, 0)),
        Error::VersionErased
    );
    assert_eq!(
        refused(&mut w.ehr, |e| e.wrapped_key(w.bob, record, 1)),
        Error::VersionErased
    );
    assert_eq!(
        refused(&mut w.ehr, |e| e.open_record(w.bob, record, 1)),
        Error::VersionErased
    );
    assert_eq!(w.ehr.chunk(w.bob, record, 2, 0), Ok(vec![2, 2]));
    assert_eq!(
        refused(&mut w.ehr, |e| e.erase_version(record, 1)),
        Error::VersionErased
    );
    assert_eq!(
        w.ehr.history(w.bob, 0, 50).unwrap().last().unwrap().action,
        Action::RecordErased
    );
}

#[ink::test]
fn doctor_erases_fails() {
    let mut w = world();
    let record = add_small_record(&mut w);
    w.grant(w.charlie, Scope::Chart, AccessKind::Write, None);
    as_caller(w.charlie);
    // erase acts on the caller's own chart, where there is no such record
    assert_eq!(
        refused(&mut w.ehr, |e| e.erase_version(record, 1)),
        Error::RecordNotFound
    );
    as_caller(w.bob);
    assert!(!w.ehr.version(w.bob, record, 1).unwrap().erased);
}

#[ink::test]
fn history_records_every_step_works() {
    let mut w = world();
    let record = add_small_record(&mut w);
    w.grant(w.charlie, Scope::Chart, AccessKind::Read, None);
    w.verify(w.django);
    as_caller(w.django);
    w.ehr
        .request_access(w.bob, Scope::Chart, AccessKind::Read, 0)
        .unwrap();
    as_caller(w.bob);
    w.ehr.deny_request(w.bob, w.django).unwrap();
    w.ehr.revoke_access(w.bob, w.charlie, Scope::Chart).unwrap();
    let log = w.ehr.history(w.bob, 0, 50).unwrap();
    let actions: Vec<Action> = log.iter().map(|e| e.action).collect();
    assert_eq!(
        actions,
        vec![
            Action::PatientRegistered,
            Action::RecordAdded,
            Action::AccessGranted {
                scope: Scope::Chart,
                kind: AccessKind::Read
            },
            Action::AccessRequested {
                scope: Scope::Chart,
                kind: AccessKind::Read
            },
            Action::RequestDenied,
            Action::AccessRevoked {
                scope: Scope::Chart
            },
        ]
    );
    assert_eq!(log[1].record, Some(record));
    assert_eq!(
        (log[3].actor, log[3].counterpart),
        (w.django, Some(w.django))
    );
    assert_eq!(log[5].counterpart, Some(w.charlie));
    // paging
    assert_eq!(w.ehr.history(w.bob, 4, 10).unwrap().len(), 2);
    assert_eq!(w.ehr.history(w.bob, 9, 10).unwrap().len(), 0);
    assert_eq!(
        refused(&mut w.ehr, |e| e.history(w.bob, 0, 51)),
        Error::PageTooLarge
    );
}

#[ink::test]
fn history_by_other_fails() {
    let mut w = world();
    w.grant(w.charlie, Scope::Chart, AccessKind::Write, None);
    as_caller(w.charlie);
    assert_eq!(
        refused(&mut w.ehr, |e| e.history(w.bob, 0, 10)),
        Error::NotPatient
    );
}
