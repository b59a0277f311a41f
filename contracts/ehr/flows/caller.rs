//! The caller and the rules at this block: the access rules over the stores now, the caller
//! acting for a patient or as one side of a patient and a doctor.

use crate::access::Rules;
use crate::ehr::Ehr;
use crate::errors::{Error, Result};
use crate::types::*;
use ink::codegen::Env as _;
use ink::primitives::AccountId;

impl Ehr {
    /// The access rules over the stores, now.
    pub(crate) fn rules(&self) -> Rules<'_> {
        Rules {
            accounts: &self.accounts,
            consent: &self.consent,
            records: &self.records,
            care: &self.care,
            now: self.env().block_timestamp(),
        }
    }

    /// The caller, when it is `patient` or their guardian at `needed` level or above (the
    /// actor to log).
    pub(crate) fn acts_for(&self, patient: AccountId, needed: GuardianLevel) -> Result<AccountId> {
        let caller = self.env().caller();
        self.rules().acts_for(patient, caller, needed)?;
        Ok(caller)
    }

    /// The caller is `a` or `b`.
    pub(crate) fn ensure_party(&self, a: AccountId, b: AccountId) -> Result<()> {
        let caller = self.env().caller();
        if caller != a && caller != b {
            return Err(Error::NotParty);
        }
        Ok(())
    }

    /// The access `reader` holds now to `record` of `patient` (`None` record: chart-wide),
    /// for tests.
    #[cfg(test)]
    pub fn access_of(
        &self,
        patient: AccountId,
        reader: AccountId,
        record: Option<RecordId>,
    ) -> Option<AccessKind> {
        let rules = self.rules();
        [AccessKind::Write, AccessKind::Read]
            .into_iter()
            .find(|kind| rules.ensure_access(patient, reader, record, *kind).is_ok())
    }
}
