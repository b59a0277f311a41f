//! Wrapped keys: who may add them, that they are never replaced, and that every version carries
//! the patient's and the writer's. The reader cap and freeing slots: `reader_slots`.

use super::common::*;
use crate::errors::Error;
use crate::types::*;
use ink::primitives::AccountId;

/// bob's world with eve registered as a patient and appointed bob's guardian at `level`.
pub(super) fn with_guardian(level: GuardianLevel) -> World {
    let mut w = world();
    as_caller(w.eve);
    w.ehr.register_patient(key(5)).unwrap();
    as_caller(w.bob);
    w.ehr.add_guardian(w.eve, level).unwrap();
    w
}

/// charlie, with chart write access, adds a record wrapped for bob and himself; django has
/// chart read access (a reader charlie may share with).
fn doctor_record(w: &mut World) -> RecordId {
    w.grant(w.charlie, Scope::Chart, AccessKind::Write, None);
    w.grant(w.django, Scope::Chart, AccessKind::Read, None);
    as_caller(w.charlie);
    w.ehr
        .add_record(
            w.bob,
            next_record(&w.ehr, w.bob),
            RecordType::Cardiac,
            nv(
                [1; 32],
                4,
                vec![1; 4],
                vec![(w.bob, vec![1; 80]), (w.charlie, vec![2; 80])],
            ),
        )
        .unwrap()
}

#[ink::test]
fn wraps_are_never_replaced_works() {
    // given bob's record and eve, his managing guardian
    let mut w = with_guardian(GuardianLevel::Manage);
    let record = add_small_record(&mut w);
    // when eve tries to put another key in place of bob's, then it is refused
    as_caller(w.eve);
    assert_eq!(
        refused(&mut w.ehr, |e| e.add_wraps(
            w.bob,
            record,
            1,
            vec![(w.bob, vec![0; 80])]
        )),
        Error::WrapExists
    );
    // and so is bob himself, and a repeated reader in one call
    as_caller(w.bob);
    assert_eq!(
        refused(&mut w.ehr, |e| e.add_wraps(
            w.bob,
            record,
            1,
            vec![(w.bob, vec![0; 80])]
        )),
        Error::WrapExists
    );
    assert_eq!(
        refused(&mut w.ehr, |e| e.add_wraps(
            w.bob,
            record,
            1,
            vec![(w.eve, vec![3; 80]), (w.eve, vec![4; 80])]
        )),
        Error::WrapExists
    );
    // then bob's key is the one he wrote
    assert_eq!(w.ehr.wrapped_key(w.bob, record, 1), Ok(vec![5; 80]));
}

#[ink::test]
fn add_wraps_is_logged_works() {
    // given a record and a doctor with read access
    let mut w = world();
    let record = add_small_record(&mut w);
    w.grant(w.charlie, Scope::Chart, AccessKind::Read, None);
    // when bob shares the record's key with charlie
    as_caller(w.bob);
    let before = w.ehr.patient(w.bob).unwrap().log_len;
    w.ehr
        .add_wraps(w.bob, record, 1, vec![(w.charlie, vec![6; 80])])
        .unwrap();
    // then the sharing is in bob's history: who, for whom, which version
    assert_eq!(w.ehr.patient(w.bob).unwrap().log_len, before + 1);
    let entry = last_log(&w);
    assert_eq!(entry.action, Action::KeysWrapped { readers: 1 });
    assert_eq!(
        (entry.actor, entry.counterpart, entry.record, entry.version),
        (w.bob, Some(w.charlie), Some(record), Some(1))
    );
}

/// django's key, shared by the version's author: refused with `error`, django gets nothing.
fn author_shares_fails(w: &mut World, author: AccountId, record: RecordId, error: Error) {
    as_caller(author);
    assert_eq!(
        refused(&mut w.ehr, |e| e.add_wraps(
            w.bob,
            record,
            1,
            vec![(w.django, vec![3; 80])]
        )),
        error
    );
    as_caller(w.django);
    assert_eq!(
        w.ehr.wrapped_key(w.bob, record, 1),
        Err(Error::WrapNotFound)
    );
}

#[ink::test]
fn add_wraps_by_revoked_author_fails() {
    let mut w = world();
    let record = doctor_record(&mut w);
    as_caller(w.bob);
    w.ehr.revoke_access(w.bob, w.charlie, Scope::Chart).unwrap();
    let author = w.charlie;
    author_shares_fails(&mut w, author, record, Error::NoAccess);
}

#[ink::test]
fn add_wraps_by_expired_author_fails() {
    let mut w = world();
    w.grant(w.django, Scope::Chart, AccessKind::Read, None);
    w.grant(w.charlie, Scope::Chart, AccessKind::Write, Some(2_000));
    as_caller(w.charlie);
    let record = w
        .ehr
        .add_record(
            w.bob,
            1,
            RecordType::Cardiac,
            nv(
                [1; 32],
                4,
                vec![1; 4],
                vec![(w.bob, vec![1; 80]), (w.charlie, vec![2; 80])],
            ),
        )
        .unwrap();
    at(2_000);
    let author = w.charlie;
    author_shares_fails(&mut w, author, record, Error::GrantExpired);
}

#[ink::test]
fn add_wraps_by_suspended_author_fails() {
    let mut w = world();
    let record = doctor_record(&mut w);
    as_caller(w.alice);
    w.ehr.suspend_doctor(w.charlie).unwrap();
    let author = w.charlie;
    author_shares_fails(&mut w, author, record, Error::DoctorSuspended);
}

#[ink::test]
fn add_wraps_by_removed_guardian_author_fails() {
    let mut w = with_guardian(GuardianLevel::Contribute);
    w.grant(w.django, Scope::Chart, AccessKind::Read, None);
    as_caller(w.eve);
    let record = w
        .ehr
        .add_record(
            w.bob,
            1,
            RecordType::Cardiac,
            nv(
                [1; 32],
                4,
                vec![1; 4],
                vec![(w.bob, vec![1; 80]), (w.eve, vec![2; 80])],
            ),
        )
        .unwrap();
    as_caller(w.bob);
    w.ehr.remove_guardian(w.bob, w.eve).unwrap();
    let author = w.eve;
    author_shares_fails(&mut w, author, record, Error::NoAccess);
}

#[ink::test]
fn author_with_access_adds_wraps_works() {
    let mut w = world();
    let record = doctor_record(&mut w);
    as_caller(w.charlie);
    w.ehr
        .add_wraps(w.bob, record, 1, vec![(w.django, vec![3; 80])])
        .unwrap();
    as_caller(w.django);
    assert_eq!(w.ehr.wrapped_key(w.bob, record, 1), Ok(vec![3; 80]));
}

#[ink::test]
fn version_without_patient_or_writer_wrap_fails() {
    let mut w = world();
    let record = add_small_record(&mut w);
    w.grant(w.charlie, Scope::Chart, AccessKind::Write, None);
    // the patient's own version without his key
    as_caller(w.bob);
    assert_eq!(
        refused(&mut w.ehr, |e| e.add_record(
            w.bob,
            2,
            RecordType::Other,
            nv([1; 32], 1, vec![1], vec![])
        )),
        Error::WrapMissing
    );
    // a doctor's version with only his own key, or only the patient's
    as_caller(w.charlie);
    for wraps in [vec![(w.charlie, vec![2; 80])], vec![(w.bob, vec![1; 80])]] {
        assert_eq!(
            refused(&mut w.ehr, |e| e.add_record(
                w.bob,
                2,
                RecordType::Other,
                nv([1; 32], 1, vec![1], wraps.clone())
            )),
            Error::WrapMissing
        );
        assert_eq!(
            refused(&mut w.ehr, |e| e.update_record(
                w.bob,
                record,
                2,
                nv([1; 32], 1, vec![1], wraps.clone())
            )),
            Error::WrapMissing
        );
    }
}
