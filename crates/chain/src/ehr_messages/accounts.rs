//! The messages of accounts: patients and doctors registering and their keys, the doctors'
//! directory, and the registrars who verify doctors and change their own set.

use crate::ehr_contract::{ink_account, EhrContract};
use crate::message::Message;
use ehr::{Doctor, DoctorProfile, Patient, PublicKey, RegistrarProposal, Result};
use ink::primitives::AccountId;
use subxt::utils::AccountId32;

impl EhrContract {
    pub fn register_patient(&self, key: PublicKey) -> Message<Result<()>> {
        msg!(self, "register_patient", call_mut.register_patient(key))
    }
    pub fn register_doctor(&self, key: PublicKey, profile: DoctorProfile) -> Message<Result<()>> {
        msg!(
            self,
            "register_doctor",
            call_mut.register_doctor(key, profile)
        )
    }
    pub fn rotate_key(&self, key: PublicKey) -> Message<Result<()>> {
        msg!(self, "rotate_key", call_mut.rotate_key(key))
    }
    pub fn patient(&self, account: &AccountId32) -> Message<Result<Patient>> {
        msg!(self, "patient", call_mut.patient(ink_account(account)))
    }
    pub fn doctor(&self, account: &AccountId32) -> Message<Result<Doctor>> {
        msg!(self, "doctor", call_mut.doctor(ink_account(account)))
    }
    pub fn doctors(&self, from: u32, limit: u32) -> Message<Result<Vec<(AccountId, Doctor)>>> {
        msg!(self, "doctors", call_mut.doctors(from, limit))
    }
    pub fn add_registrar(&self, account: &AccountId32) -> Message<Result<bool>> {
        msg!(
            self,
            "add_registrar",
            call_mut.add_registrar(ink_account(account))
        )
    }
    pub fn remove_registrar(&self, account: &AccountId32) -> Message<Result<bool>> {
        msg!(
            self,
            "remove_registrar",
            call_mut.remove_registrar(ink_account(account))
        )
    }
    pub fn registrar_proposal(&self, account: &AccountId32) -> Message<Option<RegistrarProposal>> {
        msg!(
            self,
            "registrar_proposal",
            call_mut.registrar_proposal(ink_account(account))
        )
    }
    pub fn is_registrar(&self, account: &AccountId32) -> Message<bool> {
        msg!(
            self,
            "is_registrar",
            call_mut.is_registrar(ink_account(account))
        )
    }
    pub fn verify_doctor(&self, doctor: &AccountId32) -> Message<Result<()>> {
        msg!(
            self,
            "verify_doctor",
            call_mut.verify_doctor(ink_account(doctor))
        )
    }
    pub fn suspend_doctor(&self, doctor: &AccountId32) -> Message<Result<()>> {
        msg!(
            self,
            "suspend_doctor",
            call_mut.suspend_doctor(ink_account(doctor))
        )
    }
}
