//! What sharing data keys with readers did, and what pruning took back.

use ehr::{RecordId, VersionId};
use ehr_chain::AccountId32;

use crate::error::ClientError;

/// A reader's key dropped from a version: (reader, record, version).
pub type Dropped = (AccountId32, RecordId, VersionId);

/// What sharing with readers did.
#[derive(Debug, Default)]
pub struct Shared {
    /// (reader, record, version) of every key wrapped.
    pub done: Vec<(AccountId32, RecordId, VersionId)>,
    /// (reader, record, version, why) of every version that could not be shared: the others
    /// were shared all the same.
    pub failed: Vec<(AccountId32, RecordId, VersionId, ClientError)>,
}

impl Shared {
    /// Keys wrapped for `reader` in this round, and for the other readers.
    pub fn split_for(&self, reader: &AccountId32) -> (usize, usize) {
        let to_reader = self.done.iter().filter(|(r, _, _)| r == reader).count();
        (to_reader, self.done.len() - to_reader)
    }
}
