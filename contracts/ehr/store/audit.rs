//! The access log: each patient's entries, only ever appended, with the log's own length (so
//! logging an action never rewrites the patient's record).

use crate::errors::{Error, Result};
use crate::types::LogEntry;
use ink::prelude::vec::Vec;
use ink::primitives::AccountId;
use ink::storage::Mapping;

#[ink::storage_item]
#[derive(Default)]
#[cfg_attr(test, derive(Debug))]
pub struct Audit {
    /// (patient, index) -> entry.
    entries: Mapping<(AccountId, u64), LogEntry>,
    lens: Mapping<AccountId, u64>,
}

impl Audit {
    /// Entries in `patient`'s log.
    pub fn len(&self, patient: AccountId) -> u64 {
        self.lens.get(patient).unwrap_or(0)
    }

    /// Appends `entry` to `patient`'s log.
    pub fn append(&mut self, patient: AccountId, entry: &LogEntry) -> Result<()> {
        let index = self.len(patient);
        self.entries.insert((patient, index), entry);
        self.lens
            .insert(patient, &index.checked_add(1).ok_or(Error::Overflow)?);
        Ok(())
    }

    /// At most `limit` (≤ `MAX_PAGE`) entries from index `from` (0 is the oldest).
    pub fn page(&self, patient: AccountId, from: u64, limit: u32) -> Result<Vec<LogEntry>> {
        crate::validate::page(limit)?;
        let end = from.saturating_add(u64::from(limit)).min(self.len(patient));
        let mut entries = Vec::new();
        for index in from..end {
            entries.extend(self.entries.get((patient, index)));
        }
        Ok(entries)
    }
}
