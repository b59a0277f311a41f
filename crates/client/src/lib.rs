//! The ehr record protocol as a library: everything a front end (the `ehr` CLI, a dashboard, a
//! clinic's own tool) needs to act as a patient, doctor, guardian or registrar on an ehr
//! contract, without printing or parsing arguments.
//!
//! - [`Chart`]: one account acting on one patient's chart through one contract: records
//!   sealed, uploaded, resumed, downloaded, checked, opened, exported and erased; data keys
//!   shared with the readers who may read them and taken back from those who may not.
//! - [`trust`]: whom the client trusts with data keys: its own key (derived, checked against
//!   the chain), everyone else's (pinned on first use) and the contract's code.
//! - [`home`]: what the client keeps between runs under its home directory: deployments, the
//!   journal of uploads in flight, key pins, the keystore's files; written only through the
//!   one private-file writer.
//! - [`Progress`]: what a long operation tells its front end while it works.
//! - [`ClientError`]: what went wrong, typed, with the exit code front ends share.
//!
//! Below it are `ehr-chain` (the chain client), `ehr-envelope` (the record crypto) and the
//! contract's own types; nothing here calls up into a front end.

pub mod error;
pub mod fhir;
pub mod home;
pub mod progress;
pub mod query;
pub mod records;
pub mod trust;

mod chart;
#[cfg(test)]
mod samples;

pub use chart::Chart;
pub use error::{ClientError, Result};
pub use progress::{Notice, Progress, Silent};
