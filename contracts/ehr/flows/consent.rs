//! Grants and requests as the messages handle them: the checks a grant goes through and storing
//! it (granting and approving a request), a record scope that must exist, a pending request,
//! and the grant and request lists queries return.

use crate::ehr::Ehr;
use crate::errors::{Error, Result};
use crate::types::*;
use crate::validate;
use ink::codegen::Env as _;
use ink::prelude::vec::Vec;
use ink::primitives::AccountId;

impl Ehr {
    /// Checks and stores the grant `actor` (the patient, or their managing guardian) makes:
    /// granting and approving a request. A guardian's grant records the guardian, so that it
    /// ends with the guardianship.
    pub(crate) fn put_grant(
        &mut self,
        actor: AccountId,
        key: (AccountId, AccountId, Scope),
        kind: AccessKind,
        expires_at: Option<Timestamp>,
    ) -> Result<()> {
        self.ensure_grant_valid(actor, key, expires_at)?;
        let now = self.env().block_timestamp();
        let granted_by = if actor == key.0 {
            None
        } else {
            self.care
                .guardian(key.0, actor)
                .map(|g| (actor, g.appointed_at))
        };
        self.consent
            .put_grant(key, kind, expires_at, (now, granted_by))
    }

    /// A grant `actor` makes for `patient`: to a registered doctor, never to the patient
    /// nor to the actor itself (a guardian's own access must not outlive its appointment),
    /// with an expiry in the future, for a scope that exists.
    fn ensure_grant_valid(
        &self,
        actor: AccountId,
        (patient, doctor, scope): (AccountId, AccountId, Scope),
        expires_at: Option<Timestamp>,
    ) -> Result<()> {
        self.accounts.ensure_patient(patient)?;
        if doctor == patient || doctor == actor {
            return Err(Error::SelfGrant);
        }
        self.accounts.ensure_doctor(doctor)?;
        validate::expiry(expires_at, self.env().block_timestamp())?;
        self.ensure_scope_exists(patient, scope)
    }

    pub(crate) fn ensure_scope_exists(&self, patient: AccountId, scope: Scope) -> Result<()> {
        if let Some(id) = scope.record() {
            self.records.record(patient, id)?;
        }
        Ok(())
    }

    pub(crate) fn pending_request(&self, patient: AccountId, doctor: AccountId) -> Result<Request> {
        match self.consent.request(patient, doctor) {
            Some(r) if r.status == RequestStatus::Pending => Ok(r),
            _ => Err(Error::RequestNotFound),
        }
    }

    /// The requests between each (patient, doctor).
    pub(crate) fn request_infos(
        &self,
        pairs: impl Iterator<Item = (AccountId, AccountId)>,
    ) -> Vec<RequestInfo> {
        let mut infos = Vec::new();
        for (patient, doctor) in pairs {
            if let Some(request) = self.consent.request(patient, doctor) {
                infos.push(RequestInfo {
                    patient,
                    doctor,
                    request,
                });
            }
        }
        infos
    }

    /// The grants `refs` of `patient` (only `doctor`'s, when given), as listed.
    pub(crate) fn grant_infos(
        &self,
        patient: AccountId,
        refs: Vec<(AccountId, Scope)>,
        only: Option<AccountId>,
    ) -> Vec<GrantInfo> {
        let now = self.env().block_timestamp();
        let mut infos = Vec::new();
        for (doctor, scope) in refs {
            if only.is_some_and(|d| d != doctor) {
                continue;
            }
            let Some(grant) = self.consent.grant(patient, doctor, scope) else {
                continue;
            };
            let doctor_suspended = self
                .accounts
                .doctor(doctor)
                .is_ok_and(|d| d.status == DoctorStatus::Suspended);
            let lapsed = self.rules().lapsed(patient, &grant);
            infos.push(GrantInfo {
                patient,
                doctor,
                scope,
                kind: grant.kind,
                expires_at: grant.expires_at,
                granted_at: grant.granted_at,
                granted_by: grant.granted_by.map(|(by, _)| by),
                doctor_suspended,
                lapsed,
                active: grant.active_at(now) && !doctor_suspended && !lapsed,
            });
        }
        infos
    }
}
