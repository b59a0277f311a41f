//! Who may do what: the access rule (patient, guardian by level, doctor by grant, doctor under
//! a break-glass in force), acting for a patient, and who may hold a version's key.
//!
//! These read the stores only; the caller and the time are given.

use crate::errors::{Error, Result};
use crate::store::{
    accounts::Accounts,
    care::Care,
    consent::Consent,
    records::{Records, VersionKey, Wrap},
};
use crate::types::{
    emergency_generation, AccessKind, DoctorRecord, DoctorStatus, EmergencyPolicy, Grant,
    GuardianLevel, RecordId, RecordType, Scope, Timestamp,
};
use crate::validate;
use ink::primitives::AccountId;

/// The stores the rules read, at one moment.
pub struct Rules<'a> {
    pub accounts: &'a Accounts,
    pub consent: &'a Consent,
    pub records: &'a Records,
    pub care: &'a Care,
    pub now: Timestamp,
}

impl Rules<'_> {
    /// `caller` is `patient`, or their guardian at `needed` level or above.
    pub fn acts_for(
        &self,
        patient: AccountId,
        caller: AccountId,
        needed: GuardianLevel,
    ) -> Result<()> {
        if caller == patient {
            return Ok(());
        }
        match self.care.guardian(patient, caller) {
            Some(g) if g.level >= needed => Ok(()),
            Some(_) => Err(Error::GuardianLevelTooLow),
            None => Err(Error::NotPatient),
        }
    }

    /// The access rule: the patient always; a guardian whose level carries the kind; a doctor
    /// with a grant that covers the record and kind, is not expired, and is not suspended; for
    /// reading, a doctor whose break-glass is in force.
    pub fn ensure_access(
        &self,
        patient: AccountId,
        actor: AccountId,
        record: Option<RecordId>,
        needed: AccessKind,
    ) -> Result<()> {
        self.access_via(patient, actor, record, needed).map(|_| ())
    }

    /// The access rule, saying how `actor` has access: `None` by the patient's consent (or as
    /// the patient), `Some(covered)` only through a break-glass in force, which reaches the
    /// record types in the `covered` mask.
    pub fn access_via(
        &self,
        patient: AccountId,
        actor: AccountId,
        record: Option<RecordId>,
        needed: AccessKind,
    ) -> Result<Option<u8>> {
        if actor == patient {
            return Ok(None);
        }
        if self
            .care
            .guardian(patient, actor)
            .is_some_and(|g| g.level.access().covers(needed))
        {
            return Ok(None);
        }
        let Ok(doctor) = self.accounts.doctor(actor) else {
            return Err(Error::NoAccess);
        };
        let (mut expired, mut lapsed) = (false, false);
        let scopes = [Some(Scope::Chart), record.map(Scope::Record)];
        for scope in scopes.into_iter().flatten() {
            let Some(grant) = self.consent.grant(patient, actor, scope) else {
                continue;
            };
            if !grant.kind.covers(needed) {
                continue;
            }
            if self.lapsed(patient, &grant) {
                lapsed = true;
                continue;
            }
            if !grant.active_at(self.now) {
                expired = true;
                continue;
            }
            if doctor.status == DoctorStatus::Suspended {
                return Err(Error::DoctorSuspended);
            }
            return Ok(None);
        }
        if needed == AccessKind::Read {
            if let Some(policy) = self.emergency_in_force(patient, actor, &doctor, record) {
                return Ok(Some(policy.covered));
            }
        }
        Err(if expired {
            Error::GrantExpired
        } else if lapsed {
            Error::GrantLapsed
        } else {
            Error::NoAccess
        })
    }

    /// True when `grant` of `patient`'s was made by a guardian under an appointment that no
    /// longer stands at `Manage` level (removed, stepped down, or appointed again at any
    /// level): it ended with the guardianship.
    pub fn lapsed(&self, patient: AccountId, grant: &Grant) -> bool {
        grant.granted_by.is_some_and(|(by, appointed_at)| {
            self.care
                .guardian(patient, by)
                .is_none_or(|g| g.level < GuardianLevel::Manage || g.appointed_at != appointed_at)
        })
    }

    /// The patient's policy while `doctor_id`'s break-glass on `patient` is in force: the
    /// doctor verified, the patient still opted in under the same policy generation, not
    /// expired, and (for a record) its type covered.
    pub fn emergency_in_force(
        &self,
        patient: AccountId,
        doctor_id: AccountId,
        doctor: &DoctorRecord,
        record: Option<RecordId>,
    ) -> Option<EmergencyPolicy> {
        if doctor.status != DoctorStatus::Verified {
            return None;
        }
        let policy = self.care.policy(patient).ok()?;
        let emergency = self.care.emergency(patient, doctor_id)?;
        if emergency.generation != policy.generation || !emergency.active_at(self.now) {
            return None;
        }
        let covered = record.is_none_or(|id| {
            self.records
                .record(patient, id)
                .is_ok_and(|r| policy.covers(r.record_type))
        });
        covered.then_some(policy)
    }

    /// True when `reader` may hold the key of a record now: the access rule, or the emergency
    /// key of the patient's current policy when it covers the record's type.
    pub fn may_read(
        &self,
        patient: AccountId,
        reader: AccountId,
        (record, record_type): (RecordId, RecordType),
    ) -> bool {
        match emergency_generation(reader.as_ref()) {
            Some(generation) => self
                .care
                .policy(patient)
                .is_ok_and(|p| p.generation == generation && p.covers(record_type)),
            None => self
                .ensure_access(patient, reader, Some(record), AccessKind::Read)
                .is_ok(),
        }
    }
    /// Checks every wrap before any is stored: count, size, the reader's right to the key,
    /// that the reader holds no key yet (keys are never replaced), and the cap on readers.
    pub fn ensure_wraps(
        &self,
        key: VersionKey,
        record_type: RecordType,
        reader_count: u32,
        wraps: &[Wrap],
    ) -> Result<()> {
        let (patient, record, _) = key;
        let count = validate::wrap_count(wraps.len())?;
        for (i, (reader, wrap)) in wraps.iter().enumerate() {
            validate::wrap_size(wrap)?;
            if !self.may_read(patient, *reader, (record, record_type)) {
                return Err(Error::ReaderHasNoAccess);
            }
            let repeated = wraps.iter().take(i).any(|(r, _)| r == reader);
            if repeated || self.records.has_wrap(key, *reader) {
                return Err(Error::WrapExists);
            }
        }
        Records::ensure_reader_room(reader_count, count)
    }

    /// Checks that each of `readers` holds a key of the version, named once, and may no longer
    /// read it: only such keys may be dropped.
    pub fn ensure_droppable(
        &self,
        key: VersionKey,
        record_type: RecordType,
        readers: &[AccountId],
    ) -> Result<()> {
        let (patient, record, _) = key;
        for (i, reader) in readers.iter().enumerate() {
            let repeated = readers.iter().take(i).any(|r| r == reader);
            if repeated || !self.records.has_wrap(key, *reader) {
                return Err(Error::WrapNotFound);
            }
            if self.may_read(patient, *reader, (record, record_type)) {
                return Err(Error::ReaderHasAccess);
            }
        }
        Ok(())
    }
}
