//! The access log: appended in order, paged, its length its own (logging never rewrites the
//! patient's record), and each patient's log separate.

use super::common::*;
use crate::errors::Error;
use crate::limits::MAX_PAGE;
use crate::store::audit::Audit;
use crate::types::*;

fn entry(n: u64) -> LogEntry {
    LogEntry {
        actor: account(1),
        action: Action::RecordOpened,
        counterpart: None,
        record: Some(1),
        version: Some(1),
        at: n,
        block: n as u32,
        as_guardian: false,
    }
}

#[ink::test]
fn append_and_page_works() {
    let mut audit = Audit::default();
    let (a, b) = (account(1), account(2));
    for n in 0..60 {
        audit.append(a, &entry(n)).unwrap();
    }
    audit.append(b, &entry(99)).unwrap();
    assert_eq!((audit.len(a), audit.len(b)), (60, 1));
    let first: Vec<u64> = audit
        .page(a, 0, MAX_PAGE)
        .unwrap()
        .iter()
        .map(|e| e.at)
        .collect();
    assert_eq!(first, (0..50).collect::<Vec<_>>());
    let rest: Vec<u64> = audit
        .page(a, 50, MAX_PAGE)
        .unwrap()
        .iter()
        .map(|e| e.at)
        .collect();
    assert_eq!(rest, (50..60).collect::<Vec<_>>());
    assert_eq!(audit.page(a, 60, 10), Ok(vec![]));
    assert_eq!(audit.page(a, u64::MAX, 10), Ok(vec![]));
    assert_eq!(audit.page(b, 0, 10).unwrap()[0].at, 99);
    assert_eq!(audit.page(a, 0, MAX_PAGE + 1), Err(Error::PageTooLarge));
}

#[ink::test]
fn an_audited_read_writes_the_entry_and_the_log_length_only_works() {
    // given bob's record and charlie's read grant
    let mut w = world();
    let record = add_small_record(&mut w);
    w.grant(w.charlie, Scope::Chart, AccessKind::Read, None);
    let before = w.ehr.patient(w.bob).unwrap();
    // when charlie opens the record three times
    as_caller(w.charlie);
    let contract = ink::env::test::callee::<Env>();
    for _ in 0..3 {
        let (_, writes) = ink::env::test::get_contract_storage_rw::<Env>(&contract);
        w.ehr.open_record(w.bob, record, 1).unwrap();
        // then each read wrote two cells: its log entry and the log's length (not the patient)
        let (_, after) = ink::env::test::get_contract_storage_rw::<Env>(&contract);
        assert_eq!(after - writes, 2);
    }
    let after = w.ehr.patient(w.bob).unwrap();
    assert_eq!(after.log_len, before.log_len + 3);
    assert_eq!(after.record_count, before.record_count);
}
