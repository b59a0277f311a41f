//! Every paged query refuses a page larger than `MAX_PAGE`, whoever asks, and serves one of
//! exactly `MAX_PAGE`.

use super::common::*;
use crate::errors::Error;
use crate::limits::MAX_PAGE;

#[ink::test]
fn page_too_large_fails() {
    let mut w = world();
    let record = add_small_record(&mut w);
    let big = MAX_PAGE + 1;
    as_caller(w.bob);
    assert_eq!(
        refused(&mut w.ehr, |e| e.doctors(0, big)),
        Error::PageTooLarge
    );
    assert_eq!(
        refused(&mut w.ehr, |e| e.grants_of_patient(w.bob, 0, big)),
        Error::PageTooLarge
    );
    assert_eq!(
        refused(&mut w.ehr, |e| e.requests_of_patient(w.bob, 0, big)),
        Error::PageTooLarge
    );
    assert_eq!(
        refused(&mut w.ehr, |e| e.records(w.bob, 1, big)),
        Error::PageTooLarge
    );
    assert_eq!(
        refused(&mut w.ehr, |e| e.readers(w.bob, record, 1, 0, big)),
        Error::PageTooLarge
    );
    assert_eq!(
        refused(&mut w.ehr, |e| e.history(w.bob, 0, big)),
        Error::PageTooLarge
    );
    as_caller(w.charlie);
    assert_eq!(
        refused(&mut w.ehr, |e| e.patients_of_doctor(w.charlie, 0, big)),
        Error::PageTooLarge
    );
    assert_eq!(
        refused(&mut w.ehr, |e| e.requests_of_doctor(w.charlie, 0, big)),
        Error::PageTooLarge
    );
}

#[ink::test]
fn page_of_max_size_works() {
    let mut w = world();
    let record = add_small_record(&mut w);
    as_caller(w.bob);
    assert_eq!(w.ehr.doctors(0, MAX_PAGE).map(|d| d.len()), Ok(2));
    assert_eq!(w.ehr.grants_of_patient(w.bob, 0, MAX_PAGE), Ok(vec![]));
    assert_eq!(w.ehr.requests_of_patient(w.bob, 0, MAX_PAGE), Ok(vec![]));
    assert_eq!(w.ehr.records(w.bob, 1, MAX_PAGE).map(|r| r.len()), Ok(1));
    assert_eq!(
        w.ehr.readers(w.bob, record, 1, 0, MAX_PAGE),
        Ok(vec![w.bob])
    );
    assert_eq!(w.ehr.history(w.bob, 0, MAX_PAGE).map(|h| h.len()), Ok(2));
    as_caller(w.charlie);
    assert_eq!(w.ehr.patients_of_doctor(w.charlie, 0, MAX_PAGE), Ok(vec![]));
    assert_eq!(w.ehr.requests_of_doctor(w.charlie, 0, MAX_PAGE), Ok(vec![]));
}
