//! The e2e tests on the multi-node network of `scripts/network up` (behind the crate's
//! `network` feature): one test binary, a module per story. Run by `scripts/test-network`, one
//! test at a time (the faults test kills a collator the others read through).

mod erase;
mod faults;
mod story;
