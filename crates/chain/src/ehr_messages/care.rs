//! The messages of care beyond consent: the guardians a patient appoints, and emergency
//! (break-glass) access released by custodians.

use crate::ehr_contract::{ink_account, EhrContract};
use crate::message::Message;
use ehr::{
    Emergency, EmergencyPolicy, Guardian, GuardianLevel, Hash32, PublicKey, Result, Timestamp,
};
use ink::primitives::AccountId;
use subxt::utils::AccountId32;

impl EhrContract {
    pub fn add_guardian(
        &self,
        guardian: &AccountId32,
        level: GuardianLevel,
    ) -> Message<Result<()>> {
        msg!(
            self,
            "add_guardian",
            call_mut.add_guardian(ink_account(guardian), level)
        )
    }
    pub fn remove_guardian(
        &self,
        patient: &AccountId32,
        guardian: &AccountId32,
    ) -> Message<Result<()>> {
        msg!(
            self,
            "remove_guardian",
            call_mut.remove_guardian(ink_account(patient), ink_account(guardian))
        )
    }
    pub fn guardians(&self, patient: &AccountId32) -> Message<Result<Vec<(AccountId, Guardian)>>> {
        msg!(self, "guardians", call_mut.guardians(ink_account(patient)))
    }
    pub fn enable_emergency(
        &self,
        generation: u32,
        window: u64,
        covered: u8,
        key: PublicKey,
        custodians: [&AccountId32; 2],
        shares: [Vec<u8>; 2],
    ) -> Message<Result<()>> {
        let custodians = custodians.map(ink_account);
        msg!(
            self,
            "enable_emergency",
            call_mut.enable_emergency(generation, window, covered, key, custodians, shares)
        )
    }
    pub fn disable_emergency(&self) -> Message<Result<()>> {
        msg!(self, "disable_emergency", call_mut.disable_emergency())
    }
    pub fn emergency_policy(&self, patient: &AccountId32) -> Message<Result<EmergencyPolicy>> {
        msg!(
            self,
            "emergency_policy",
            call_mut.emergency_policy(ink_account(patient))
        )
    }
    pub fn break_glass(
        &self,
        patient: &AccountId32,
        reason: u8,
        reason_hash: Hash32,
    ) -> Message<Result<Timestamp>> {
        msg!(
            self,
            "break_glass",
            call_mut.break_glass(ink_account(patient), reason, reason_hash)
        )
    }
    pub fn release_emergency_share(
        &self,
        patient: &AccountId32,
        doctor: &AccountId32,
        share: Vec<u8>,
    ) -> Message<Result<()>> {
        msg!(
            self,
            "release_emergency_share",
            call_mut.release_emergency_share(ink_account(patient), ink_account(doctor), share)
        )
    }
    pub fn emergency(
        &self,
        patient: &AccountId32,
        doctor: &AccountId32,
    ) -> Message<Result<Emergency>> {
        msg!(
            self,
            "emergency",
            call_mut.emergency(ink_account(patient), ink_account(doctor))
        )
    }
}
