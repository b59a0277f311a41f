//! Care beyond consent: the guardians a patient appointed, the patient's emergency (break-glass)
//! policy, and each doctor's latest break-glass on a chart.

use super::slot_list::SlotList;
use crate::errors::{Error, Result};
use crate::limits::{BREAK_GLASS_COOLDOWN_MS, MAX_GUARDIANS_PER_PATIENT};
use crate::types::{Emergency, EmergencyPolicy, Guardian, GuardianLevel, Hash32, Timestamp};
use ink::prelude::vec::Vec;
use ink::primitives::AccountId;
use ink::storage::Mapping;

#[ink::storage_item]
#[derive(Default)]
#[cfg_attr(test, derive(Debug))]
pub struct Care {
    /// (patient, guardian) -> guardian.
    guardians: Mapping<(AccountId, AccountId), Guardian>,
    /// The patient's guardians.
    guardian_list: SlotList<AccountId, AccountId>,
    /// The patient's consent to emergency access.
    policies: Mapping<AccountId, EmergencyPolicy>,
    /// (patient, doctor) -> the doctor's latest break-glass.
    emergencies: Mapping<(AccountId, AccountId), Emergency>,
}

impl Care {
    pub fn guardian(&self, patient: AccountId, guardian: AccountId) -> Option<Guardian> {
        self.guardians.get((patient, guardian))
    }

    pub fn is_guardian(&self, patient: AccountId, account: AccountId) -> bool {
        self.guardians.contains((patient, account))
    }

    /// Appoints `guardian` at `level`, or changes the level of one appointed before.
    pub fn put_guardian(
        &mut self,
        patient: AccountId,
        guardian: AccountId,
        level: GuardianLevel,
        now: Timestamp,
    ) -> Result<()> {
        let entry = match self.guardian(patient, guardian) {
            // A new level is a new appointment: the grants made under the old one stay ended.
            Some(existing) => Guardian {
                level,
                appointed_at: now,
                ..existing
            },
            None => Guardian {
                level,
                appointed_at: now,
                slot: self.guardian_list.push_within(
                    patient,
                    &guardian,
                    MAX_GUARDIANS_PER_PATIENT,
                    Error::TooManyGuardians,
                )?,
            },
        };
        self.guardians.insert((patient, guardian), &entry);
        Ok(())
    }

    pub fn remove_guardian(&mut self, patient: AccountId, guardian: AccountId) -> Result<()> {
        let removed = self
            .guardian(patient, guardian)
            .ok_or(Error::GuardianNotFound)?;
        self.guardians.remove((patient, guardian));
        self.guardian_list.remove_linked(
            patient,
            removed.slot,
            &mut self.guardians,
            |moved| (patient, *moved),
            |g: &mut Guardian, slot| g.slot = slot,
        )
    }

    pub fn guardian_count(&self, patient: AccountId) -> u32 {
        self.guardian_list.len(patient)
    }

    /// The patient's guardians (at most `MAX_GUARDIANS_PER_PATIENT`).
    pub fn guardians(&self, patient: AccountId) -> Vec<(AccountId, Guardian)> {
        let mut guardians = Vec::new();
        for account in self.guardian_list.all(patient, MAX_GUARDIANS_PER_PATIENT) {
            guardians.extend(self.guardian(patient, account).map(|g| (account, g)));
        }
        guardians
    }

    pub fn policy(&self, patient: AccountId) -> Result<EmergencyPolicy> {
        self.policies.get(patient).ok_or(Error::EmergencyNotEnabled)
    }

    pub fn has_policy(&self, patient: AccountId) -> bool {
        self.policies.contains(patient)
    }

    pub fn set_policy(&mut self, patient: AccountId, policy: &EmergencyPolicy) {
        self.policies.insert(patient, policy);
    }

    pub fn remove_policy(&mut self, patient: AccountId) {
        self.policies.remove(patient);
    }

    pub fn emergency(&self, patient: AccountId, doctor: AccountId) -> Option<Emergency> {
        self.emergencies.get((patient, doctor))
    }

    /// Starts `doctor`'s break-glass on `patient`'s chart under `policy`, at `now`, unless
    /// their last one there ended less than `BREAK_GLASS_COOLDOWN_MS` ago; returns when it ends.
    pub fn start_emergency(
        &mut self,
        (patient, doctor): (AccountId, AccountId),
        policy: &EmergencyPolicy,
        (reason, reason_hash): (u8, Hash32),
        now: Timestamp,
    ) -> Result<Timestamp> {
        if let Some(last) = self.emergency(patient, doctor) {
            if now < last.expires_at.saturating_add(BREAK_GLASS_COOLDOWN_MS) {
                return Err(Error::EmergencyCooldown);
            }
        }
        let expires_at = now.checked_add(policy.window).ok_or(Error::Overflow)?;
        let emergency = Emergency {
            reason,
            reason_hash,
            started_at: now,
            expires_at,
            generation: policy.generation,
            released: Default::default(),
        };
        self.emergencies.insert((patient, doctor), &emergency);
        Ok(expires_at)
    }

    /// Stores custodian `index`'s share of the emergency key, re-wrapped to `doctor`.
    pub fn release_share(
        &mut self,
        (patient, doctor): (AccountId, AccountId),
        index: usize,
        share: Vec<u8>,
    ) -> Result<()> {
        let mut emergency = self
            .emergency(patient, doctor)
            .ok_or(Error::EmergencyNotActive)?;
        let slot = emergency
            .released
            .get_mut(index)
            .ok_or(Error::NotCustodian)?;
        *slot = share;
        self.emergencies.insert((patient, doctor), &emergency);
        Ok(())
    }
}
