//! Reader slots of a version: the cap on readers holds, and the patient frees the slots of
//! readers who lost access (`drop_wraps`), never of one who still has it.

use super::common::*;
use super::wraps::with_guardian;
use crate::errors::Error;
use crate::limits::{MAX_GRANTS_PER_PATIENT, MAX_READERS_PER_VERSION};
use crate::types::*;

/// Adds `n` doctors (accounts 100.., key 1) with a record grant on `record` each, wrapped to.
fn wrap_doctors(w: &mut World, record: RecordId, n: u32) {
    for i in 0..n {
        let doctor = account(100 + i as u8);
        as_caller(doctor);
        w.ehr.register_doctor(key(1), profile("x")).unwrap();
        w.grant(doctor, Scope::Record(record), AccessKind::Read, None);
        as_caller(w.bob);
        w.ehr
            .add_wraps(w.bob, record, 1, vec![(doctor, vec![1; 8])])
            .unwrap();
    }
}

/// Revokes the grants of doctors 100..100+n on `record`.
fn revoke_doctors(w: &mut World, record: RecordId, n: u32) {
    as_caller(w.bob);
    for i in 0..n {
        w.ehr
            .revoke_access(w.bob, account(100 + i as u8), Scope::Record(record))
            .unwrap();
    }
}

#[ink::test]
fn too_many_readers_fails() {
    // given a version read by bob, 63 doctors whose grants were revoked and 16 doctors with
    // grants: 80 readers, the cap
    let mut w = world();
    let record = add_small_record(&mut w);
    let stale = MAX_GRANTS_PER_PATIENT - 1;
    wrap_doctors(&mut w, record, stale);
    revoke_doctors(&mut w, record, stale);
    for i in 0..(MAX_READERS_PER_VERSION - 1 - stale) {
        let doctor = account(200 + i as u8);
        as_caller(doctor);
        w.ehr.register_doctor(key(1), profile("x")).unwrap();
        w.grant(doctor, Scope::Record(record), AccessKind::Read, None);
        as_caller(w.bob);
        w.ehr
            .add_wraps(w.bob, record, 1, vec![(doctor, vec![1; 8])])
            .unwrap();
    }
    assert_eq!(
        w.ehr.version(w.bob, record, 1).unwrap().reader_count,
        MAX_READERS_PER_VERSION
    );
    // when one more doctor with a grant is wrapped to, then the cap refuses it
    let last = account(250);
    as_caller(last);
    w.ehr.register_doctor(key(1), profile("x")).unwrap();
    w.grant(last, Scope::Record(record), AccessKind::Read, None);
    as_caller(w.bob);
    assert_eq!(
        refused(&mut w.ehr, |e| e.add_wraps(
            w.bob,
            record,
            1,
            vec![(last, vec![1; 8])]
        )),
        Error::TooManyReaders
    );
    // and when bob drops the keys of eight readers who lost access, the new reader fits
    let gone: Vec<_> = (0..8).map(|i| account(100 + i)).collect();
    w.ehr.drop_wraps(record, 1, gone).unwrap();
    assert_eq!(
        w.ehr.version(w.bob, record, 1).unwrap().reader_count,
        MAX_READERS_PER_VERSION - 8
    );
    w.ehr
        .add_wraps(w.bob, record, 1, vec![(last, vec![1; 8])])
        .unwrap();
}

#[ink::test]
fn drop_wraps_works() {
    // given bob's record wrapped to three doctors, two of them revoked
    let mut w = world();
    let record = add_small_record(&mut w);
    wrap_doctors(&mut w, record, 3);
    revoke_doctors(&mut w, record, 2);
    // when bob drops the first revoked doctor's key
    as_caller(w.bob);
    w.ehr.drop_wraps(record, 1, vec![account(100)]).unwrap();
    // then the last reader moved into its slot, the list is consistent, and the doctor has no
    // key even when granted again
    assert_eq!(
        w.ehr.readers(w.bob, record, 1, 0, 10),
        Ok(vec![w.bob, account(102), account(101)])
    );
    let entry = last_log(&w);
    assert_eq!(entry.action, Action::KeysDropped { readers: 1 });
    w.grant(account(100), Scope::Chart, AccessKind::Read, None);
    as_caller(account(100));
    assert_eq!(
        refused(&mut w.ehr, |e| e.wrapped_key(w.bob, record, 1)),
        Error::WrapNotFound
    );
    // and the moved reader still gets its own key
    as_caller(w.bob);
    w.ehr.drop_wraps(record, 1, vec![account(101)]).unwrap();
    assert_eq!(
        w.ehr.readers(w.bob, record, 1, 0, 10),
        Ok(vec![w.bob, account(102)])
    );
    as_caller(account(102));
    assert_eq!(w.ehr.wrapped_key(w.bob, record, 1), Ok(vec![1; 8]));
}

#[ink::test]
fn drop_wraps_of_reader_with_access_fails() {
    let mut w = with_guardian(GuardianLevel::View);
    let record = add_small_record(&mut w);
    wrap_doctors(&mut w, record, 1);
    as_caller(w.bob);
    w.ehr
        .add_wraps(w.bob, record, 1, vec![(w.eve, vec![1; 8])])
        .unwrap();
    // a doctor with a grant, a guardian, the patient himself
    for reader in [account(100), w.eve, w.bob] {
        assert_eq!(
            refused(&mut w.ehr, |e| e.drop_wraps(record, 1, vec![reader])),
            Error::ReaderHasAccess
        );
    }
    // a reader without a key
    revoke_doctors(&mut w, record, 1);
    as_caller(w.bob);
    assert_eq!(
        refused(&mut w.ehr, |e| e.drop_wraps(record, 1, vec![w.charlie])),
        Error::WrapNotFound
    );
    // only the patient drops keys: his guardian acts on her own (empty) chart
    as_caller(w.eve);
    assert_eq!(
        refused(&mut w.ehr, |e| e.drop_wraps(record, 1, vec![account(100)])),
        Error::RecordNotFound
    );
}
