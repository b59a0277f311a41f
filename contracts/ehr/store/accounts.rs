//! Patients, doctors (with the directory of all doctors in registration order) and registrars
//! (with the changes of their set awaiting approvals).

use super::slot_list::SlotList;
use crate::errors::{Error, Result};
use crate::types::{DoctorRecord, PatientRecord, PublicKey, RegistrarProposal};
use ink::primitives::AccountId;
use ink::storage::Mapping;

/// The owner of the directory of all doctors.
const DIRECTORY: AccountId = AccountId([0; 32]);

/// (account, registrar-set epoch, registrar): one approval of a change of the set.
type VoteKey = (AccountId, u32, AccountId);

/// What an approval of a registrar change did.
pub enum Approval {
    /// Counted: `approvals` of the `needed`.
    Pending { approvals: u32, needed: u32 },
    /// It made the majority: the change is done.
    Done,
}

#[ink::storage_item]
#[derive(Default)]
#[cfg_attr(test, derive(Debug))]
pub struct Accounts {
    patients: Mapping<AccountId, PatientRecord>,
    patient_count: u32,
    doctors: Mapping<AccountId, DoctorRecord>,
    /// Every doctor in registration order; its length is `doctor_count`, here in the root
    /// (loaded with every call anyway) rather than an item of its own.
    directory: SlotList<AccountId, AccountId>,
    doctor_count: u32,
    registrars: Mapping<AccountId, ()>,
    registrar_count: u32,
    /// Counts changes of the registrar set: approvals count within one epoch only, so every
    /// change is approved by a majority of the registrars of the moment.
    registrar_epoch: u32,
    proposals: Mapping<AccountId, RegistrarProposal>,
    votes: Mapping<VoteKey, ()>,
}

impl Accounts {
    /// The registrar set of a new contract: `first` alone.
    pub fn with_registrar(first: AccountId) -> Self {
        let mut accounts = Self::default();
        accounts.registrars.insert(first, &());
        accounts.registrar_count = 1;
        accounts
    }

    pub fn patient(&self, account: AccountId) -> Result<PatientRecord> {
        self.patients
            .get(account)
            .ok_or(Error::PatientNotRegistered)
    }

    pub fn is_patient(&self, account: AccountId) -> bool {
        self.patients.contains(account)
    }

    /// A registered patient, checked without reading their record.
    pub fn ensure_patient(&self, account: AccountId) -> Result<()> {
        if !self.is_patient(account) {
            return Err(Error::PatientNotRegistered);
        }
        Ok(())
    }

    /// Registers a patient.
    pub fn add_patient(&mut self, account: AccountId, patient: &PatientRecord) -> Result<()> {
        if self.is_patient(account) {
            return Err(Error::PatientAlreadyRegistered);
        }
        self.patient_count = self.patient_count.checked_add(1).ok_or(Error::Overflow)?;
        self.patients.insert(account, patient);
        Ok(())
    }

    pub fn set_patient(&mut self, account: AccountId, patient: &PatientRecord) {
        self.patients.insert(account, patient);
    }

    pub fn doctor(&self, account: AccountId) -> Result<DoctorRecord> {
        self.doctors.get(account).ok_or(Error::DoctorNotRegistered)
    }

    pub fn is_doctor(&self, account: AccountId) -> bool {
        self.doctors.contains(account)
    }

    /// A registered doctor, checked without reading their record.
    pub fn ensure_doctor(&self, account: AccountId) -> Result<()> {
        if !self.is_doctor(account) {
            return Err(Error::DoctorNotRegistered);
        }
        Ok(())
    }

    /// Registers a doctor and lists them in the directory.
    pub fn add_doctor(&mut self, account: AccountId, doctor: &DoctorRecord) -> Result<()> {
        if self.is_doctor(account) {
            return Err(Error::DoctorAlreadyRegistered);
        }
        self.directory
            .push_in(DIRECTORY, &mut self.doctor_count, &account)?;
        self.doctors.insert(account, doctor);
        Ok(())
    }

    pub fn set_doctor(&mut self, account: AccountId, doctor: &DoctorRecord) {
        self.doctors.insert(account, doctor);
    }

    /// Replaces `account`'s encryption key as patient and as doctor; true when it is a
    /// patient.
    pub fn rotate_key(&mut self, account: AccountId, key: PublicKey) -> Result<bool> {
        let patient = self.patients.get(account);
        let doctor = self.doctors.get(account);
        if patient.is_none() && doctor.is_none() {
            return Err(Error::NotRegistered);
        }
        if let Some(mut d) = doctor {
            d.encryption_key = key;
            self.doctors.insert(account, &d);
        }
        if let Some(mut p) = patient {
            p.encryption_key = key;
            self.patients.insert(account, &p);
        }
        Ok(patient.is_some())
    }

    /// Doctors in registration order, `limit` from index `from`.
    pub fn directory(&self, from: u32, limit: u32) -> Result<ink::prelude::vec::Vec<AccountId>> {
        crate::validate::page(limit)?;
        Ok(self
            .directory
            .read_in(DIRECTORY, self.doctor_count, from, limit))
    }

    /// (patients, doctors) registered.
    pub fn counts(&self) -> (u32, u32) {
        (self.patient_count, self.doctor_count)
    }

    pub fn is_registrar(&self, account: AccountId) -> bool {
        self.registrars.contains(account)
    }

    pub fn ensure_registrar(&self, account: AccountId) -> Result<()> {
        if !self.is_registrar(account) {
            return Err(Error::NotRegistrar);
        }
        Ok(())
    }

    /// (registrars, epoch of the set).
    pub fn registrar_set(&self) -> (u32, u32) {
        (self.registrar_count, self.registrar_epoch)
    }

    /// The pending change of `account`'s status in this epoch, if any.
    pub fn proposal(&self, account: AccountId) -> Option<RegistrarProposal> {
        self.proposals
            .get(account)
            .filter(|p| p.epoch == self.registrar_epoch)
    }

    /// Counts `by`'s approval of adding (`add`) or removing `account` (the caller checked the
    /// change is possible), and makes the change when a majority of the current registrars
    /// approved it.
    pub fn approve(&mut self, by: AccountId, account: AccountId, add: bool) -> Result<Approval> {
        let epoch = self.registrar_epoch;
        if self.votes.contains((account, epoch, by)) {
            return Err(Error::AlreadyApproved);
        }
        let earlier = self
            .proposal(account)
            .filter(|p| p.add == add)
            .map_or(0, |p| p.approvals);
        let approvals = earlier.checked_add(1).ok_or(Error::Overflow)?;
        let needed = (self.registrar_count / 2)
            .checked_add(1)
            .ok_or(Error::Overflow)?;
        if approvals < needed {
            self.votes.insert((account, epoch, by), &());
            let proposal = RegistrarProposal {
                add,
                epoch,
                approvals,
                needed,
            };
            self.proposals.insert(account, &proposal);
            return Ok(Approval::Pending { approvals, needed });
        }
        if earlier > 0 {
            self.proposals.remove(account);
        }
        self.registrar_epoch = epoch.checked_add(1).ok_or(Error::Overflow)?;
        if add {
            self.registrar_count = self.registrar_count.checked_add(1).ok_or(Error::Overflow)?;
            self.registrars.insert(account, &());
        } else {
            self.registrar_count = self.registrar_count.checked_sub(1).ok_or(Error::Overflow)?;
            self.registrars.remove(account);
        }
        Ok(Approval::Done)
    }
}
