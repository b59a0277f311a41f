//! The messages' shared steps: the rules over the stores now, who the caller acts as, logging,
//! the checks a grant and a request go through, and the lists queries return.

use crate::access::Rules;
use crate::ehr::Ehr;
use crate::errors::{Error, Result};
use crate::types::*;
use crate::validate;
use ink::codegen::Env as _;
use ink::prelude::vec::Vec;
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

    /// Appends an entry to `patient`'s log, at this block.
    pub(crate) fn log(
        &mut self,
        patient: AccountId,
        actor: AccountId,
        action: Action,
        about: About,
    ) -> Result<()> {
        let entry = LogEntry {
            actor,
            action,
            counterpart: about.counterpart,
            record: about.record,
            version: about.version,
            at: self.env().block_timestamp(),
            block: self.env().block_number(),
            as_guardian: actor != patient && self.care.is_guardian(patient, actor),
        };
        self.audit.append(patient, &entry)
    }

    /// A grant `actor` makes for `patient`: to a registered doctor, never to the patient
    /// nor to the actor itself (a guardian's own access must not outlive its appointment),
    /// with an expiry in the future, for a scope that exists.
    pub(crate) fn ensure_grant_valid(
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

    /// A version, for a caller with read access to its record.
    pub(crate) fn readable_version(
        &self,
        patient: AccountId,
        record_id: RecordId,
        version_id: VersionId,
    ) -> Result<Version> {
        let (_, version) = self.records.version((patient, record_id, version_id))?;
        self.rules().ensure_access(
            patient,
            self.env().caller(),
            Some(record_id),
            AccessKind::Read,
        )?;
        Ok(version)
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

    /// The indices below `upto` at which a chunk of the version is stored, for tests (an
    /// erased version's chunks are served to nobody).
    #[cfg(test)]
    pub fn stored_chunks(
        &self,
        key: crate::store::records::VersionKey,
        upto: u32,
    ) -> ink::prelude::vec::Vec<u32> {
        (0..upto)
            .filter(|i| self.records.chunk(key, *i).is_ok())
            .collect()
    }
}

/// What a log entry is about besides its action: the other party, the record and the version.
#[derive(Clone, Copy)]
pub(crate) struct About {
    counterpart: Option<AccountId>,
    record: Option<RecordId>,
    version: Option<VersionId>,
}

impl About {
    /// The action concerns the patient's account alone.
    pub(crate) const NOTHING: Self = Self {
        counterpart: None,
        record: None,
        version: None,
    };

    /// The action concerns another account.
    pub(crate) fn party(account: AccountId) -> Self {
        Self::NOTHING.with(Some(account))
    }

    /// The action concerns a grant or request of `doctor` for `scope`.
    pub(crate) fn grant(doctor: AccountId, scope: Scope) -> Self {
        Self {
            record: scope.record(),
            ..Self::party(doctor)
        }
    }

    /// The action concerns one version of a record.
    pub(crate) fn version(record: RecordId, version: VersionId) -> Self {
        Self {
            record: Some(record),
            version: Some(version),
            ..Self::NOTHING
        }
    }

    /// The same, naming the other account when there is one.
    pub(crate) fn with(self, counterpart: Option<AccountId>) -> Self {
        Self {
            counterpart,
            ..self
        }
    }
}
