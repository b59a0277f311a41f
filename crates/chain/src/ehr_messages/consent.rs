//! The messages of consent: a patient's grants to doctors, and doctors' requests for access
//! that the patient approves or denies.

use crate::ehr_contract::{ink_account, EhrContract};
use crate::message::Message;
use ehr::{AccessKind, GrantInfo, Request, RequestInfo, Result, Scope, Timestamp};
use ink::primitives::AccountId;
use subxt::utils::AccountId32;

impl EhrContract {
    pub fn grant_access(
        &self,
        patient: &AccountId32,
        doctor: &AccountId32,
        scope: Scope,
        kind: AccessKind,
        expires_at: Option<Timestamp>,
    ) -> Message<Result<()>> {
        msg!(
            self,
            "grant_access",
            call_mut.grant_access(
                ink_account(patient),
                ink_account(doctor),
                scope,
                kind,
                expires_at
            )
        )
    }
    pub fn revoke_access(
        &self,
        patient: &AccountId32,
        doctor: &AccountId32,
        scope: Scope,
    ) -> Message<Result<()>> {
        msg!(
            self,
            "revoke_access",
            call_mut.revoke_access(ink_account(patient), ink_account(doctor), scope)
        )
    }
    pub fn grants_of_patient(
        &self,
        patient: &AccountId32,
        from: u32,
        limit: u32,
    ) -> Message<Result<Vec<GrantInfo>>> {
        msg!(
            self,
            "grants_of_patient",
            call_mut.grants_of_patient(ink_account(patient), from, limit)
        )
    }
    pub fn grants_between(
        &self,
        patient: &AccountId32,
        doctor: &AccountId32,
    ) -> Message<Result<Vec<GrantInfo>>> {
        msg!(
            self,
            "grants_between",
            call_mut.grants_between(ink_account(patient), ink_account(doctor))
        )
    }
    pub fn patients_of_doctor(
        &self,
        doctor: &AccountId32,
        from: u32,
        limit: u32,
    ) -> Message<Result<Vec<AccountId>>> {
        msg!(
            self,
            "patients_of_doctor",
            call_mut.patients_of_doctor(ink_account(doctor), from, limit)
        )
    }
    pub fn request_access(
        &self,
        patient: &AccountId32,
        scope: Scope,
        kind: AccessKind,
        reason: u8,
    ) -> Message<Result<()>> {
        msg!(
            self,
            "request_access",
            call_mut.request_access(ink_account(patient), scope, kind, reason)
        )
    }
    pub fn approve_request(
        &self,
        patient: &AccountId32,
        doctor: &AccountId32,
        scope: Option<Scope>,
        kind: Option<AccessKind>,
        expires_at: Option<Timestamp>,
    ) -> Message<Result<()>> {
        msg!(
            self,
            "approve_request",
            call_mut.approve_request(
                ink_account(patient),
                ink_account(doctor),
                scope,
                kind,
                expires_at
            )
        )
    }
    pub fn deny_request(&self, patient: &AccountId32, doctor: &AccountId32) -> Message<Result<()>> {
        msg!(
            self,
            "deny_request",
            call_mut.deny_request(ink_account(patient), ink_account(doctor))
        )
    }
    pub fn request(&self, patient: &AccountId32, doctor: &AccountId32) -> Message<Result<Request>> {
        msg!(
            self,
            "request",
            call_mut.request(ink_account(patient), ink_account(doctor))
        )
    }
    pub fn requests_of_patient(
        &self,
        patient: &AccountId32,
        from: u32,
        limit: u32,
    ) -> Message<Result<Vec<RequestInfo>>> {
        msg!(
            self,
            "requests_of_patient",
            call_mut.requests_of_patient(ink_account(patient), from, limit)
        )
    }
    pub fn requests_of_doctor(
        &self,
        doctor: &AccountId32,
        from: u32,
        limit: u32,
    ) -> Message<Result<Vec<RequestInfo>>> {
        msg!(
            self,
            "requests_of_doctor",
            call_mut.requests_of_doctor(ink_account(doctor), from, limit)
        )
    }
}
