//! Break-glass as the messages read it: the data key a doctor whose break-glass is in force
//! opens a version with.

use crate::ehr::Ehr;
use crate::store::records::VersionKey;
use crate::types::emergency_reader;
use ink::prelude::vec::Vec;
use ink::primitives::AccountId;

impl Ehr {
    /// The version's data key wrapped for the patient's current emergency key, when `doctor`'s
    /// break-glass on the chart is in force and covers the record: the wrap the custodians'
    /// shares let that doctor open.
    pub(crate) fn emergency_wrap(&self, key: VersionKey, doctor: AccountId) -> Option<Vec<u8>> {
        let (patient, record_id, _) = key;
        let d = self.accounts.doctor(doctor).ok()?;
        let policy = self
            .rules()
            .emergency_in_force(patient, doctor, &d, Some(record_id))?;
        let reader = AccountId::from(emergency_reader(policy.generation));
        self.records.wrap(key, reader)
    }
}
