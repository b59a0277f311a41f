//! The message of the access log: a patient's history, read page by page.

use crate::ehr_contract::{ink_account, EhrContract};
use crate::message::Message;
use ehr::{LogEntry, Result};
use subxt::utils::AccountId32;

impl EhrContract {
    pub fn history(
        &self,
        patient: &AccountId32,
        from: u64,
        limit: u32,
    ) -> Message<Result<Vec<LogEntry>>> {
        msg!(
            self,
            "history",
            call_mut.history(ink_account(patient), from, limit)
        )
    }
}
