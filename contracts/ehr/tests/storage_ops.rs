//! How many storage reads and writes the frequent messages make (the off-chain engine counts
//! them), printed for BENCHMARKS.md (`cargo test -p ehr storage_ops -- --nocapture`) and held
//! to what each needs: a grant writes the grant, its list slot and length, the doctor↔patient
//! ref (with the doctor's list slot and length when new) and the log entry and its length.

use super::common::*;
use crate::types::*;
use ink::env::test;

/// (reads, writes) of the contract's storage so far.
fn rw() -> (usize, usize) {
    test::get_contract_storage_rw::<Env>(&test::callee::<Env>())
}

/// Runs `f` and returns the reads and writes it made.
fn ops(f: impl FnOnce()) -> (usize, usize) {
    let (r0, w0) = rw();
    f();
    let (r1, w1) = rw();
    (r1 - r0, w1 - w0)
}

#[ink::test]
fn frequent_messages_touch_only_what_they_need_works() {
    let mut w = world();
    let record = add_small_record(&mut w);
    let mut rows = Vec::new();
    as_caller(w.alice);
    w.ehr.verify_doctor(w.charlie).unwrap();
    w.ehr.verify_doctor(w.django).unwrap();

    as_caller(w.bob);
    let grant = ops(|| {
        w.ehr
            .grant_access(w.bob, w.charlie, Scope::Chart, AccessKind::Read, None)
            .unwrap()
    });
    rows.push(("grant_access (new doctor)", grant));
    let again = ops(|| {
        w.ehr
            .grant_access(
                w.bob,
                w.charlie,
                Scope::Record(record),
                AccessKind::Read,
                None,
            )
            .unwrap()
    });
    rows.push(("grant_access (doctor already listed)", again));
    let revoke = ops(|| {
        w.ehr
            .revoke_access(w.bob, w.charlie, Scope::Record(record))
            .unwrap()
    });
    rows.push(("revoke_access", revoke));
    as_caller(w.charlie);
    let open = ops(|| w.ehr.open_record(w.bob, record, 1).unwrap());
    rows.push(("open_record", open));
    as_caller(w.bob);
    let add = ops(|| {
        let id = next_record(&w.ehr, w.bob);
        w.ehr
            .add_record(
                w.bob,
                id,
                RecordType::Cardiac,
                nv(
                    [1; 32],
                    1024,
                    vec![1; 1024],
                    vec![(w.bob, vec![5; 80]), (w.charlie, vec![6; 80])],
                ),
            )
            .unwrap();
    });
    rows.push(("add_record (1 chunk, 2 wraps)", add));
    let share = ops(|| {
        w.grant(w.django, Scope::Chart, AccessKind::Read, None);
        as_caller(w.bob);
    });
    rows.push(("grant_access (second doctor)", share));
    let wraps = ops(|| {
        w.ehr
            .add_wraps(w.bob, record, 1, vec![(w.django, vec![7; 80])])
            .unwrap()
    });
    rows.push(("add_wraps (1 reader)", wraps));
    as_caller(w.django);
    let request = ops(|| {
        w.ehr
            .request_access(w.bob, Scope::Chart, AccessKind::Write, 1)
            .unwrap()
    });
    rows.push(("request_access", request));
    as_caller(w.bob);
    let approve = ops(|| {
        w.ehr
            .approve_request(w.bob, w.django, None, None, None)
            .unwrap()
    });
    rows.push(("approve_request", approve));

    for (message, (reads, writes)) in &rows {
        println!("storage ops | {message} | {reads} reads | {writes} writes");
    }
    // The grant to a new doctor: grant, its slot and the list's length, the ref, the doctor's
    // list slot and length, the log entry and the log's length.
    assert_eq!(grant.1, 8);
    // To a doctor already listed for the patient: the ref is updated, no doctor list entry.
    assert_eq!(again.1, 6);
    // A logged read: the entry and the log's length.
    assert_eq!(open.1, 2);
}
