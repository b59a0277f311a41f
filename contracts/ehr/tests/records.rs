use super::common::*;
use crate::errors::Error;
use crate::events::{RecordOpened, RecordVersionAdded};
use crate::limits::{MAX_CHUNK_BYTES, MAX_RECORD_BYTES, MAX_WRAPS_PER_CALL, MAX_WRAP_BYTES};
use crate::types::*;

const CHUNK: usize = MAX_CHUNK_BYTES as usize;

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
fn invalid_length_fails() {
    let mut w = world();
    as_caller(w.bob);
    assert_eq!(
        refused(&mut w.ehr, |e| e.add_record(
            w.bob,
            next_record(e, w.bob),
            RecordType::Other,
            nv([1; 32], 0, vec![], own_wraps(w.bob))
        )),
        Error::InvalidLength
    );
    assert_eq!(
        refused(&mut w.ehr, |e| e.add_record(
            w.bob,
            next_record(e, w.bob),
            RecordType::Other,
            nv(
                [1; 32],
                MAX_RECORD_BYTES + 1,
                vec![1; CHUNK],
                own_wraps(w.bob)
            )
        )),
        Error::InvalidLength
    );
    assert_eq!(w.ehr.patient(w.bob).unwrap().record_count, 0);
}

#[ink::test]
fn chunk_rules_fail() {
    let mut w = world();
    as_caller(w.bob);
    let total = (2 * CHUNK) as u32;
    // a short first chunk, an oversize chunk, and a chunk longer than the record
    assert_eq!(
        refused(&mut w.ehr, |e| e.add_record(
            w.bob,
            next_record(e, w.bob),
            RecordType::Other,
            nv([1; 32], total, vec![1; CHUNK - 1], own_wraps(w.bob))
        )),
        Error::InvalidChunk
    );
    assert_eq!(
        refused(&mut w.ehr, |e| e.add_record(
            w.bob,
            next_record(e, w.bob),
            RecordType::Other,
            nv([1; 32], total, vec![1; CHUNK + 1], own_wraps(w.bob))
        )),
        Error::InvalidChunk
    );
    assert_eq!(
        refused(&mut w.ehr, |e| e.add_record(
            w.bob,
            next_record(e, w.bob),
            RecordType::Other,
            nv([1; 32], 10, vec![1; 11], own_wraps(w.bob))
        )),
        Error::InvalidChunk
    );
    assert_eq!(
        refused(&mut w.ehr, |e| e.add_record(
            w.bob,
            next_record(e, w.bob),
            RecordType::Other,
            nv([1; 32], 10, vec![1; 9], own_wraps(w.bob))
        )),
        Error::InvalidChunk
    );
    assert_eq!(w.ehr.patient(w.bob).unwrap().record_count, 0);
}

#[ink::test]
fn multi_chunk_upload_works() {
    // given a 3-chunk version with only the first chunk uploaded, and charlie a reader
    let mut w = world();
    let total = (2 * CHUNK + 10) as u32;
    as_caller(w.bob);
    let record = w
        .ehr
        .add_record(
            w.bob,
            next_record(&w.ehr, w.bob),
            RecordType::Imaging,
            nv([1; 32], total, vec![1; CHUNK], own_wraps(w.bob)),
        )
        .unwrap();
    w.grant(w.charlie, Scope::Chart, AccessKind::Write, None);
    // then it is not readable yet
    as_caller(w.charlie);
    assert_eq!(
        refused(&mut w.ehr, |e| e.chunk(w.bob, record, 1, 0)),
        Error::VersionIncomplete
    );
    assert_eq!(
        refused(&mut w.ehr, |e| e.open_record(w.bob, record, 1)),
        Error::VersionIncomplete
    );
    // and only its author may continue, with the right sizes
    assert_eq!(
        refused(&mut w.ehr, |e| e.upload_chunk(
            w.bob,
            record,
            1,
            vec![2; CHUNK]
        )),
        Error::NotAuthor
    );
    as_caller(w.bob);
    assert_eq!(
        refused(&mut w.ehr, |e| e.upload_chunk(
            w.bob,
            record,
            1,
            vec![2; 10]
        )),
        Error::InvalidChunk
    );
    w.ehr
        .upload_chunk(w.bob, record, 1, vec![2; CHUNK])
        .unwrap();
    assert_eq!(
        refused(&mut w.ehr, |e| e.upload_chunk(
            w.bob,
            record,
            1,
            vec![3; 11]
        )),
        Error::InvalidChunk
    );
    w.ehr.upload_chunk(w.bob, record, 1, vec![3; 10]).unwrap();
    // when complete, readers see every chunk; nothing more may be appended
    let v = w.ehr.version(w.bob, record, 1).unwrap();
    assert!(v.complete());
    assert_eq!((v.chunk_count, v.bytes_stored), (3, total));
    assert_eq!(
        refused(&mut w.ehr, |e| e.upload_chunk(w.bob, record, 1, vec![3; 1])),
        Error::VersionComplete
    );
    as_caller(w.charlie);
    assert_eq!(w.ehr.chunk(w.bob, record, 1, 2), Ok(vec![3; 10]));
    assert_eq!(
        refused(&mut w.ehr, |e| e.chunk(w.bob, record, 1, 3)),
        Error::InvalidChunk
    );
}

#[ink::test]
fn upload_after_losing_write_access_fails() {
    let mut w = world();
    w.grant(w.charlie, Scope::Chart, AccessKind::Write, None);
    as_caller(w.charlie);
    let total = (CHUNK + 1) as u32;
    let record = w
        .ehr
        .add_record(
            w.bob,
            next_record(&w.ehr, w.bob),
            RecordType::Imaging,
            nv([1; 32], total, vec![1; CHUNK], own_wraps(w.bob)),
        )
        .unwrap();
    as_caller(w.bob);
    w.ehr.revoke_access(w.bob, w.charlie, Scope::Chart).unwrap();
    as_caller(w.charlie);
    assert_eq!(
        refused(&mut w.ehr, |e| e.upload_chunk(w.bob, record, 1, vec![1])),
        Error::NoAccess
    );
}

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
