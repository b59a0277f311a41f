//! Versions of more than one chunk: the declared length, the chunk rules, uploading the rest,
//! and who may go on uploading.

use super::common::*;
use crate::errors::Error;
use crate::limits::{MAX_CHUNK_BYTES, MAX_RECORD_BYTES};
use crate::types::*;

const CHUNK: usize = MAX_CHUNK_BYTES as usize;

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
            1,
            vec![2; 10]
        )),
        Error::InvalidChunk
    );
    w.ehr
        .upload_chunk(w.bob, record, 1, 1, vec![2; CHUNK])
        .unwrap();
    assert_eq!(
        refused(&mut w.ehr, |e| e.upload_chunk(
            w.bob,
            record,
            1,
            2,
            vec![3; 11]
        )),
        Error::InvalidChunk
    );
    w.ehr
        .upload_chunk(w.bob, record, 1, 2, vec![3; 10])
        .unwrap();
    // when complete, readers see every chunk; nothing more may be appended
    let v = w.ehr.version(w.bob, record, 1).unwrap();
    assert!(v.complete());
    assert_eq!((v.chunk_count, v.bytes_stored), (3, total));
    assert_eq!(
        refused(&mut w.ehr, |e| e.upload_chunk(
            w.bob,
            record,
            1,
            3,
            vec![3; 1]
        )),
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
        refused(&mut w.ehr, |e| e.upload_chunk(w.bob, record, 1, 1, vec![1])),
        Error::NoAccess
    );
}

#[ink::test]
fn chunk_sent_twice_is_refused_the_second_time() {
    // given a 4-chunk version whose second chunk is already stored
    let mut w = world();
    let record = add_chunked_record(&mut w, (3 * CHUNK + 10) as u32, 1);
    // when the same second piece arrives again (a resend, or a resume that read an older
    // state), it is refused and nothing changes
    assert_eq!(
        refused(&mut w.ehr, |e| e.upload_chunk(
            w.bob,
            record,
            1,
            1,
            vec![2; CHUNK]
        )),
        Error::NotNextChunk
    );
    // and so is a chunk that skips one
    assert_eq!(
        refused(&mut w.ehr, |e| e.upload_chunk(
            w.bob,
            record,
            1,
            3,
            vec![4; 10]
        )),
        Error::NotNextChunk
    );
    let v = w.ehr.version(w.bob, record, 1).unwrap();
    assert_eq!((v.chunk_count, v.bytes_stored), (2, 2 * CHUNK as u32));
}
