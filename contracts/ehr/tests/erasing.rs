//! Erasing a version of any size within one block's proof budget: the erase itself is bounded
//! (the version is erased at once, its keys dropped, a first batch of chunks freed), and the
//! rest of its chunks are freed in bounded steps.

use super::common::*;
use crate::errors::Error;
use crate::events::{ChunksFreed, RecordErased};
use crate::limits::{
    MAX_CHUNKS_FREED_PER_CALL, MAX_CHUNKS_PER_VERSION, MAX_CHUNK_BYTES, MAX_RECORD_BYTES,
};
use crate::types::*;
use ink::env::test;

/// Storage writes (a remove counts as one) so far.
fn writes() -> usize {
    test::get_contract_storage_rw::<Env>(&test::callee::<Env>()).1
}

/// The largest version there can be (`MAX_RECORD_BYTES`, every chunk stored), bob's own.
fn largest_version(w: &mut World) -> RecordId {
    // every chunk full but the last, which holds what remains
    let full = MAX_RECORD_BYTES / MAX_CHUNK_BYTES;
    let record = add_chunked_record(w, MAX_RECORD_BYTES, full - 1);
    let rest = MAX_RECORD_BYTES - full * MAX_CHUNK_BYTES;
    w.ehr
        .upload_chunk(w.bob, record, 1, full, vec![3; rest as usize])
        .unwrap();
    assert_eq!(
        w.ehr.version(w.bob, record, 1).unwrap().chunk_count,
        MAX_CHUNKS_PER_VERSION
    );
    record
}

#[ink::test]
fn erasing_the_largest_version_writes_a_bounded_amount() {
    let mut w = world();
    let record = largest_version(&mut w);
    let before = writes();
    w.ehr.erase_version(record, 1).unwrap();
    let erase = writes() - before;
    // A removed 14 KiB chunk costs its size in proof; a parachain block holds about 150 of
    // them, so one call frees no more than MAX_CHUNKS_FREED_PER_CALL (with the version, its
    // two wraps and reader slots, and the log entry).
    let bound = (MAX_CHUNKS_FREED_PER_CALL + 8) as usize;
    assert!(erase <= bound, "erase_version made {erase} storage writes");
    // and the version is erased at once: nobody reads it, its keys are gone
    let v = w.ehr.version(w.bob, record, 1).unwrap();
    assert!(v.erased);
    assert_eq!(v.reader_count, 0);
    // (less one chunk for bob's wrap, removed with them)
    assert_eq!(
        v.chunk_count,
        MAX_CHUNKS_PER_VERSION - (MAX_CHUNKS_FREED_PER_CALL - 1)
    );
    let erased: RecordErased = last_event();
    assert_eq!(erased.chunks_left, v.chunk_count);
    // the last chunks are the ones gone from storage; the first are still there to free
    let stored = w
        .ehr
        .stored_chunks((w.bob, record, 1), MAX_CHUNKS_PER_VERSION);
    assert_eq!(stored, (0..v.chunk_count).collect::<Vec<_>>());
    assert_eq!(
        refused(&mut w.ehr, |e| e.chunk(w.bob, record, 1, 0)),
        Error::VersionErased
    );
    assert_eq!(
        refused(&mut w.ehr, |e| e.wrapped_key(w.bob, record, 1)),
        Error::VersionErased
    );
}

#[ink::test]
fn free_chunks_frees_the_rest_in_bounded_steps_works() {
    let mut w = world();
    let record = largest_version(&mut w);
    w.ehr.erase_version(record, 1).unwrap();
    let log_len = w.ehr.patient(w.bob).unwrap().log_len;
    let mut left = w.ehr.version(w.bob, record, 1).unwrap().chunk_count;
    let mut calls = 0;
    while left > 0 {
        let before = writes();
        let now = w.ehr.free_chunks(record, 1).unwrap();
        assert!(writes() - before <= (MAX_CHUNKS_FREED_PER_CALL + 1) as usize);
        let event: ChunksFreed = last_event();
        assert_eq!((event.freed, event.left), (left - now, now));
        left = now;
        calls += 1;
    }
    // 293 chunks: 63 with the erase (bob's wrap took one place), the other 230 in four calls
    assert_eq!(calls, 4);
    assert_eq!(w.ehr.version(w.bob, record, 1).unwrap().chunk_count, 0);
    assert_eq!(
        w.ehr
            .stored_chunks((w.bob, record, 1), MAX_CHUNKS_PER_VERSION),
        Vec::<u32>::new()
    );
    // the erase was logged once; freeing is not logged again
    assert_eq!(w.ehr.patient(w.bob).unwrap().log_len, log_len);
    assert_eq!(
        refused(&mut w.ehr, |e| e.free_chunks(record, 1)),
        Error::NoChunksLeft
    );
}

#[ink::test]
fn erase_frees_one_chunk_less_per_wrap_it_removes_works() {
    // given the largest version, wrapped for bob and 9 doctors with a grant
    let mut w = world();
    let record = largest_version(&mut w);
    let mut wraps = Vec::new();
    for i in 0..9 {
        let doctor = account(40 + i);
        as_caller(doctor);
        w.ehr
            .register_doctor(key(40 + i), profile("Radiology"))
            .unwrap();
        w.grant(doctor, Scope::Chart, AccessKind::Read, None);
        wraps.push((doctor, vec![4; 80]));
    }
    as_caller(w.bob);
    w.ehr
        .add_wraps(w.bob, record, 1, wraps[..8].to_vec())
        .unwrap();
    w.ehr
        .add_wraps(w.bob, record, 1, wraps[8..].to_vec())
        .unwrap();
    assert_eq!(w.ehr.version(w.bob, record, 1).unwrap().reader_count, 10);
    // when bob erases it, then the 10 keys go and 54 chunks with them: 64 removals in all
    let before = writes();
    w.ehr.erase_version(record, 1).unwrap();
    let v = w.ehr.version(w.bob, record, 1).unwrap();
    assert_eq!(v.chunk_count, MAX_CHUNKS_PER_VERSION - 54);
    assert!(writes() - before <= (MAX_CHUNKS_FREED_PER_CALL + 10 + 4) as usize);
    for (doctor, _) in &wraps {
        as_caller(*doctor);
        assert_eq!(
            refused(&mut w.ehr, |e| e.wrapped_key(w.bob, record, 1)),
            Error::VersionErased
        );
    }
}

#[ink::test]
fn free_chunks_of_a_version_not_erased_fails() {
    let mut w = world();
    let record = add_small_record(&mut w);
    assert_eq!(
        refused(&mut w.ehr, |e| e.free_chunks(record, 1)),
        Error::VersionNotErased
    );
    assert_eq!(w.ehr.version(w.bob, record, 1).unwrap().chunk_count, 1);
}

#[ink::test]
fn free_chunks_by_another_caller_fails() {
    // given bob's erased version with chunks left, and charlie a doctor with write access
    let mut w = world();
    let record = largest_version(&mut w);
    w.ehr.erase_version(record, 1).unwrap();
    w.grant(w.charlie, Scope::Chart, AccessKind::Write, None);
    let left = w.ehr.version(w.bob, record, 1).unwrap().chunk_count;
    // then charlie's call acts on his own chart, where there is no such record
    as_caller(w.charlie);
    assert_eq!(
        refused(&mut w.ehr, |e| e.free_chunks(record, 1)),
        Error::RecordNotFound
    );
    as_caller(w.bob);
    assert_eq!(w.ehr.version(w.bob, record, 1).unwrap().chunk_count, left);
}
