//! Adding and updating records: who may write where, versions kept, and stale ids refused.

use super::common::*;
use crate::errors::Error;
use crate::events::RecordVersionAdded;
use crate::types::*;

#[ink::test]
fn patient_adds_records_works() {
    let mut w = world();
    assert_eq!(add_small_record(&mut w), 1);
    assert_eq!(add_small_record(&mut w), 2);
    let e: RecordVersionAdded = last_event();
    assert_eq!(
        (e.patient, e.author, e.record, e.version, e.complete),
        (w.bob, w.bob, 2, 1, true)
    );
    let r = w.ehr.record(w.bob, 2).unwrap();
    assert_eq!(
        (r.record_type, r.author, r.version_count),
        (RecordType::Cardiac, w.bob, 1)
    );
    assert_eq!(w.ehr.records(w.bob, 1, 10).unwrap().len(), 2);
    assert_eq!(w.ehr.patient(w.bob).unwrap().record_count, 2);
}

#[ink::test]
fn doctor_with_chart_write_adds_and_updates_works() {
    let mut w = world();
    let record = add_small_record(&mut w);
    w.grant(w.charlie, Scope::Chart, AccessKind::Write, None);
    as_caller(w.charlie);
    let added = w
        .ehr
        .add_record(
            w.bob,
            next_record(&w.ehr, w.bob),
            RecordType::Prescription,
            nv(
                [1; 32],
                3,
                vec![1, 2, 3],
                vec![(w.bob, vec![1; 80]), (w.charlie, vec![2; 80])],
            ),
        )
        .unwrap();
    assert_eq!(w.ehr.record(w.bob, added).unwrap().author, w.charlie);
    assert_eq!(
        w.ehr.update_record(
            w.bob,
            record,
            next_version(&w.ehr, w.bob, record),
            nv([2; 32], 2, vec![7, 7], own_wraps(w.bob))
        ),
        Ok(2)
    );
    assert_eq!(w.ehr.version(w.bob, record, 2).unwrap().author, w.charlie);
}

#[ink::test]
fn doctor_with_read_grant_writes_fails() {
    let mut w = world();
    let record = add_small_record(&mut w);
    w.grant(w.charlie, Scope::Chart, AccessKind::Read, None);
    let before = events();
    as_caller(w.charlie);
    assert_eq!(
        refused(&mut w.ehr, |e| e.add_record(
            w.bob,
            next_record(e, w.bob),
            RecordType::Other,
            nv([1; 32], 1, vec![1], own_wraps(w.bob))
        )),
        Error::NoAccess
    );
    assert_eq!(
        refused(&mut w.ehr, |e| e.update_record(
            w.bob,
            record,
            next_version(e, w.bob, record),
            nv([1; 32], 1, vec![1], own_wraps(w.bob))
        )),
        Error::NoAccess
    );
    assert_eq!(w.ehr.patient(w.bob).unwrap().record_count, 1);
    assert_eq!(w.ehr.record(w.bob, record).unwrap().version_count, 1);
    assert_eq!(events(), before);
}

#[ink::test]
fn record_scoped_write_works_only_on_that_record() {
    let mut w = world();
    let first = add_small_record(&mut w);
    let second = add_small_record(&mut w);
    w.grant(w.charlie, Scope::Record(first), AccessKind::Write, None);
    as_caller(w.charlie);
    assert_eq!(
        w.ehr.update_record(
            w.bob,
            first,
            next_version(&w.ehr, w.bob, first),
            nv([1; 32], 1, vec![1], own_wraps(w.bob))
        ),
        Ok(2)
    );
    assert_eq!(
        refused(&mut w.ehr, |e| e.update_record(
            w.bob,
            second,
            next_version(e, w.bob, second),
            nv([1; 32], 1, vec![1], own_wraps(w.bob))
        )),
        Error::NoAccess
    );
    assert_eq!(
        refused(&mut w.ehr, |e| e.add_record(
            w.bob,
            next_record(e, w.bob),
            RecordType::Other,
            nv([1; 32], 1, vec![1], own_wraps(w.bob))
        )),
        Error::NoAccess
    );
}

#[ink::test]
fn stranger_writes_fails() {
    let mut w = world();
    let record = add_small_record(&mut w);
    as_caller(w.eve);
    assert_eq!(
        refused(&mut w.ehr, |e| e.add_record(
            w.bob,
            next_record(e, w.bob),
            RecordType::Other,
            nv([1; 32], 1, vec![1], own_wraps(w.bob))
        )),
        Error::NoAccess
    );
    assert_eq!(
        refused(&mut w.ehr, |e| e.update_record(
            w.bob,
            record,
            next_version(e, w.bob, record),
            nv([1; 32], 1, vec![1], own_wraps(w.bob))
        )),
        Error::NoAccess
    );
    assert_eq!(
        refused(&mut w.ehr, |e| e.record(w.bob, record)),
        Error::NoAccess
    );
    assert_eq!(
        refused(&mut w.ehr, |e| e.add_record(
            w.eve,
            next_record(e, w.eve),
            RecordType::Other,
            nv([1; 32], 1, vec![1], own_wraps(w.bob))
        )),
        Error::PatientNotRegistered
    );
}

#[ink::test]
fn updates_keep_old_versions_works() {
    let mut w = world();
    let record = add_small_record(&mut w);
    as_caller(w.bob);
    assert_eq!(
        w.ehr.update_record(
            w.bob,
            record,
            next_version(&w.ehr, w.bob, record),
            nv([2; 32], 2, vec![2, 2], own_wraps(w.bob))
        ),
        Ok(2)
    );
    assert_eq!(
        w.ehr.update_record(
            w.bob,
            record,
            next_version(&w.ehr, w.bob, record),
            nv([3; 32], 3, vec![3, 3, 3], own_wraps(w.bob))
        ),
        Ok(3)
    );
    assert_eq!(w.ehr.version(w.bob, record, 1).unwrap().hash, [9; 32]);
    assert_eq!(w.ehr.chunk(w.bob, record, 1, 0), Ok(vec![1; 1024]));
    assert_eq!(w.ehr.chunk(w.bob, record, 3, 0), Ok(vec![3, 3, 3]));
    assert_eq!(
        refused(&mut w.ehr, |e| e.version(w.bob, record, 4)),
        Error::VersionNotFound
    );
    assert_eq!(
        refused(&mut w.ehr, |e| e.version(w.bob, 9, 1)),
        Error::RecordNotFound
    );
    assert_eq!(
        refused(&mut w.ehr, |e| e.update_record(
            w.bob,
            9,
            next_version(e, w.bob, 9),
            nv([3; 32], 1, vec![3], own_wraps(w.bob))
        )),
        Error::RecordNotFound
    );
}

#[ink::test]
fn stale_record_id_fails() {
    // given a chart with one record
    let mut w = world();
    add_small_record(&mut w);
    as_caller(w.bob);
    let before = events();
    // when a writer sends a ciphertext encrypted for id 1 again (a retry), or for a future id
    for stale in [1, 3] {
        assert_eq!(
            refused(&mut w.ehr, |e| e.add_record(
                w.bob,
                stale,
                RecordType::Other,
                nv([1; 32], 1, vec![1], vec![])
            )),
            Error::NotNextId
        );
    }
    // then nothing changed
    assert_eq!(w.ehr.patient(w.bob).unwrap().record_count, 1);
    assert_eq!(events(), before);
}

#[ink::test]
fn stale_version_fails() {
    // given a record with one version
    let mut w = world();
    let record = add_small_record(&mut w);
    as_caller(w.bob);
    // when a retried update names version 1 again, or skips to 3
    for stale in [1, 3] {
        assert_eq!(
            refused(&mut w.ehr, |e| e.update_record(
                w.bob,
                record,
                stale,
                nv([2; 32], 1, vec![2], vec![])
            )),
            Error::NotNextId
        );
    }
    // then the record still has one version; the next one works
    assert_eq!(w.ehr.record(w.bob, record).unwrap().version_count, 1);
    assert_eq!(
        w.ehr
            .update_record(w.bob, record, 2, nv([2; 32], 1, vec![2], own_wraps(w.bob))),
        Ok(2)
    );
}
