//! Consent: grants (with each patient's list of them and each doctor's list of patients) and
//! doctors' requests (listed for the patient and for the doctor while pending).

use super::slot_list::SlotList;
use crate::errors::{Error, Result};
use crate::limits::{MAX_GRANTS_PER_PATIENT, MAX_PENDING_REQUESTS_PER_PATIENT};
use crate::types::{AccessKind, Grant, Request, RequestStatus, Scope, Timestamp};
use ink::prelude::vec::Vec;
use ink::primitives::AccountId;
use ink::storage::Mapping;

/// (patient, doctor, scope): one grant.
type GrantKey = (AccountId, AccountId, Scope);
/// What a patient's grant slot holds: (doctor, scope).
pub type GrantRef = (AccountId, Scope);
/// (doctor, patient) -> (slot in the doctor's patient list, grants from that patient).
type PatientRef = (u32, u32);

#[ink::storage_item]
#[derive(Default)]
#[cfg_attr(test, derive(Debug))]
pub struct Consent {
    grants: Mapping<GrantKey, Grant>,
    /// The patient's grants.
    grant_list: SlotList<AccountId, GrantRef>,
    patient_refs: Mapping<(AccountId, AccountId), PatientRef>,
    /// The doctor's patients: those whose grants name the doctor.
    doctor_patients: SlotList<AccountId, AccountId>,
    /// (patient, doctor) -> the doctor's latest request.
    requests: Mapping<(AccountId, AccountId), Request>,
    /// The patient's pending requests: the doctors who asked.
    patient_requests: SlotList<AccountId, AccountId>,
    /// The doctor's pending requests: the patients asked.
    doctor_requests: SlotList<AccountId, AccountId>,
}

impl Consent {
    pub fn grant(&self, patient: AccountId, doctor: AccountId, scope: Scope) -> Option<Grant> {
        self.grants.get((patient, doctor, scope))
    }

    /// The expiry of `doctor`'s grant for `scope`, when it has one still ahead of `now`.
    pub fn live_expiry(
        &self,
        (patient, doctor, scope): (AccountId, AccountId, Scope),
        now: Timestamp,
    ) -> Option<Timestamp> {
        self.grant(patient, doctor, scope)
            .and_then(|g| g.expires_at)
            .filter(|at| *at > now)
    }

    /// Grants `doctor` access to `scope` of `patient`'s chart, or changes the kind and expiry
    /// of the grant for that scope.
    pub fn put_grant(
        &mut self,
        (patient, doctor, scope): GrantKey,
        kind: AccessKind,
        expires_at: Option<Timestamp>,
        (now, granted_by): (Timestamp, Option<(AccountId, Timestamp)>),
    ) -> Result<()> {
        let key = (patient, doctor, scope);
        if let Some(mut grant) = self.grants.get(key) {
            grant.kind = kind;
            grant.expires_at = expires_at;
            grant.granted_at = now;
            grant.granted_by = granted_by;
            self.grants.insert(key, &grant);
            return Ok(());
        }
        let slot = self.grant_list.push_within(
            patient,
            &(doctor, scope),
            MAX_GRANTS_PER_PATIENT,
            Error::TooManyGrants,
        )?;
        let grant = Grant {
            kind,
            expires_at,
            granted_at: now,
            granted_by,
            slot,
        };
        self.grants.insert(key, &grant);
        // Count one more grant from the patient; list the patient for the doctor at the first.
        let refs = match self.patient_refs.get((doctor, patient)) {
            Some((slot, count)) => (slot, count.checked_add(1).ok_or(Error::Overflow)?),
            None => (self.doctor_patients.push(doctor, &patient)?, 1),
        };
        self.patient_refs.insert((doctor, patient), &refs);
        Ok(())
    }

    /// Removes a grant; unlists the patient for the doctor with their last grant.
    pub fn remove_grant(&mut self, (patient, doctor, scope): GrantKey) -> Result<()> {
        let key = (patient, doctor, scope);
        let grant = self.grants.get(key).ok_or(Error::GrantNotFound)?;
        self.grants.remove(key);
        self.grant_list.remove_linked(
            patient,
            grant.slot,
            &mut self.grants,
            |(moved_doctor, moved_scope)| (patient, *moved_doctor, *moved_scope),
            |g: &mut Grant, slot| g.slot = slot,
        )?;
        let Some((slot, count)) = self.patient_refs.get((doctor, patient)) else {
            return Ok(());
        };
        if count > 1 {
            self.patient_refs
                .insert((doctor, patient), &(slot, count.saturating_sub(1)));
            return Ok(());
        }
        self.patient_refs.remove((doctor, patient));
        self.doctor_patients.remove_linked(
            doctor,
            slot,
            &mut self.patient_refs,
            |moved| (doctor, *moved),
            |r: &mut PatientRef, slot| r.0 = slot,
        )
    }

    pub fn grant_count(&self, patient: AccountId) -> u32 {
        self.grant_list.len(patient)
    }

    /// A page of the patient's grants.
    pub fn grant_page(&self, patient: AccountId, from: u32, limit: u32) -> Result<Vec<GrantRef>> {
        self.grant_list.page(patient, from, limit)
    }

    /// All the patient's grants (at most `MAX_GRANTS_PER_PATIENT`).
    pub fn all_grants(&self, patient: AccountId) -> Vec<GrantRef> {
        self.grant_list.all(patient, MAX_GRANTS_PER_PATIENT)
    }

    pub fn patient_count(&self, doctor: AccountId) -> u32 {
        self.doctor_patients.len(doctor)
    }

    /// A page of the doctor's patients.
    pub fn patients_of(&self, doctor: AccountId, from: u32, limit: u32) -> Result<Vec<AccountId>> {
        self.doctor_patients.page(doctor, from, limit)
    }

    pub fn request(&self, patient: AccountId, doctor: AccountId) -> Option<Request> {
        self.requests.get((patient, doctor))
    }

    /// Records `doctor`'s new pending request to `patient`, listed for both.
    pub fn open_request(
        &mut self,
        patient: AccountId,
        doctor: AccountId,
        (scope, kind, reason): (Scope, AccessKind, u8),
        now: Timestamp,
    ) -> Result<()> {
        let patient_slot = self.patient_requests.push_within(
            patient,
            &doctor,
            MAX_PENDING_REQUESTS_PER_PATIENT,
            Error::TooManyRequests,
        )?;
        let request = Request {
            kind,
            scope,
            reason,
            requested_at: now,
            status: RequestStatus::Pending,
            decided_at: None,
            patient_slot,
            doctor_slot: self.doctor_requests.push(doctor, &patient)?,
        };
        self.requests.insert((patient, doctor), &request);
        Ok(())
    }

    /// Decides a pending request: unlists it for both and keeps it with its `status`.
    pub fn close_request(
        &mut self,
        patient: AccountId,
        doctor: AccountId,
        mut request: Request,
        status: RequestStatus,
        now: Timestamp,
    ) -> Result<()> {
        self.patient_requests.remove_linked(
            patient,
            request.patient_slot,
            &mut self.requests,
            |moved| (patient, *moved),
            |r: &mut Request, slot| r.patient_slot = slot,
        )?;
        self.doctor_requests.remove_linked(
            doctor,
            request.doctor_slot,
            &mut self.requests,
            |moved| (*moved, doctor),
            |r: &mut Request, slot| r.doctor_slot = slot,
        )?;
        request.status = status;
        request.decided_at = Some(now);
        self.requests.insert((patient, doctor), &request);
        Ok(())
    }

    pub fn patient_request_count(&self, patient: AccountId) -> u32 {
        self.patient_requests.len(patient)
    }

    pub fn doctor_request_count(&self, doctor: AccountId) -> u32 {
        self.doctor_requests.len(doctor)
    }

    /// A page of the doctors whose requests await `patient`.
    pub fn requests_to(&self, patient: AccountId, from: u32, limit: u32) -> Result<Vec<AccountId>> {
        self.patient_requests.page(patient, from, limit)
    }

    /// A page of the patients `doctor`'s pending requests went to.
    pub fn requests_from(
        &self,
        doctor: AccountId,
        from: u32,
        limit: u32,
    ) -> Result<Vec<AccountId>> {
        self.doctor_requests.page(doctor, from, limit)
    }
}
