//! # ehr: patient-owned electronic health records
//!
//! The contract is the source of truth for who may do what with a patient's records:
//!
//! - **Accounts.** Patients and doctors register themselves with an x25519 public key; doctors
//!   add a public professional profile. Registrars (licensing authorities; the deployer is the
//!   first) verify or suspend doctors. An account may be both patient and doctor.
//! - **Consent.** A patient grants a doctor read or write access (write implies read) to the
//!   whole chart or one record, optionally until an expiry; revokes at any time. Doctors may
//!   request access; the patient approves (possibly narrower) or denies.
//! - **Records.** Each record has versions; nothing is overwritten. A version holds its
//!   ciphertext (in chunks), its hash and length, and the data key wrapped for each reader.
//! - **Audit.** Every state change emits an event, and the patient's log in storage records
//!   who did what to which record and when, readable in pages.
//!
//! The contract never sees plaintext: the `ehr` CLI encrypts on the user's machine. Chain
//! state is public to anyone who runs a node, so the access checks here audit honest clients;
//! the envelope encryption is what keeps the data secret.
#![cfg_attr(not(feature = "std"), no_std, no_main)]

pub mod errors;
pub mod events;
pub mod limits;
mod slots;
pub mod types;
pub mod validate;

pub use self::ehr::{Ehr, EhrRef};
pub use errors::{Error, Result};
pub use types::*;

#[cfg(test)]
mod tests;

#[ink::contract]
mod ehr {
    use crate::errors::{Error, Result};
    use crate::events::*;
    use crate::limits::*;
    use crate::slots;
    use crate::types::{
        emergency_generation, emergency_reader, AccessKind, Action, Doctor, DoctorProfile,
        DoctorStatus, Emergency, EmergencyPolicy, Grant, GrantInfo, Guardian, GuardianLevel,
        Hash32, LogEntry, Patient, PublicKey, Record, RecordId, RecordType, RegistrarProposal,
        Request, RequestInfo, RequestStatus, Scope, Version, VersionId,
    };
    use crate::validate;
    use ink::prelude::vec::Vec;
    use ink::storage::Mapping;

    /// A wrapped data key for one reader.
    pub type Wrap = (AccountId, Vec<u8>);
    /// (patient, doctor, scope): one grant.
    type GrantKey = (AccountId, AccountId, Scope);
    /// (patient, record, version): one version.
    type VersionKey = (AccountId, RecordId, VersionId);
    /// (patient, record, version, chunk index or reader): one chunk or wrap of a version.
    type ChunkKey = (AccountId, RecordId, VersionId, u32);
    type WrapKey = (AccountId, RecordId, VersionId, AccountId);
    /// (account, registrar-set epoch, registrar): one approval of a registrar change.
    type VoteKey = (AccountId, u32, AccountId);
    /// A stored wrap: (slot in the version's reader list, wrapped data key).
    type StoredWrap = (u32, Vec<u8>);
    /// What a patient's grant slot holds: (doctor, scope).
    type GrantRef = (AccountId, Scope);
    /// (slot in the doctor's patient list, number of grants from that patient).
    type PatientRef = (u32, u32);
    /// Which list of accounts, in `Ehr::lists`.
    type List = u8;
    /// Every registered doctor, in registration order (owner: the zero account).
    const DOCTORS: List = 0;
    /// A doctor's patients: those whose grants name the doctor.
    const DOCTOR_PATIENTS: List = 1;
    /// A patient's pending requests: the doctors who asked.
    const PATIENT_REQUESTS: List = 2;
    /// A doctor's pending requests: the patients asked.
    const DOCTOR_REQUESTS: List = 3;
    /// A patient's guardians.
    const GUARDIANS: List = 4;
    /// (list, owner): one list in `Ehr::lists`.
    type ListOwner = (List, AccountId);
    /// The owner of the list of all doctors.
    const NOBODY: [u8; 32] = [0; 32];

    /// (owner, slot): a position in a list.
    type Slot = (AccountId, u32);

    /// The contract's storage. Every collection is a `Mapping`; lists are slot mappings whose
    /// length lives with their owner.
    #[ink(storage)]
    #[derive(Default)]
    pub struct Ehr {
        patients: Mapping<AccountId, Patient>,
        patient_count: u32,
        doctors: Mapping<AccountId, Doctor>,

        doctor_count: u32,
        /// Lists of accounts, one mapping for all (`List`): ((list, owner), slot) -> account.
        lists: Mapping<(ListOwner, u32), AccountId>,
        registrars: Mapping<AccountId, ()>,
        registrar_count: u32,
        /// Counts changes of the registrar set: approvals count only within one epoch, so every
        /// change is approved by a majority of the registrars of the moment.
        registrar_epoch: u32,
        /// The pending change of each account's registrar status.
        registrar_proposals: Mapping<AccountId, RegistrarProposal>,
        /// (account, epoch, registrar) -> (): who approved a pending change.
        registrar_votes: Mapping<VoteKey, ()>,
        /// (patient, doctor, scope) -> grant.
        grants: Mapping<GrantKey, Grant>,
        /// The patient's grants: (patient, slot) -> (doctor, scope).
        grant_slots: Mapping<Slot, GrantRef>,
        /// (doctor, patient) -> (slot in the doctor's patient list, number of grants).
        doctor_patient_refs: Mapping<(AccountId, AccountId), PatientRef>,
        /// (patient, doctor) -> the doctor's latest request.
        requests: Mapping<(AccountId, AccountId), Request>,
        records: Mapping<(AccountId, RecordId), Record>,
        versions: Mapping<VersionKey, Version>,
        chunks: Mapping<ChunkKey, Vec<u8>>,
        /// (patient, record, version, reader) -> (its reader slot, wrapped data key). Never
        /// replaced: only dropped, by the patient, once the reader has lost access.
        wraps: Mapping<WrapKey, StoredWrap>,
        /// The version's readers: ((patient, record, version), slot) -> reader.
        wrap_slots: Mapping<(VersionKey, u32), AccountId>,
        /// The patient's access log: (patient, index) -> entry. Append-only.
        log: Mapping<(AccountId, u64), LogEntry>,
        /// (patient, guardian) -> guardian.
        guardians: Mapping<(AccountId, AccountId), Guardian>,
        /// The patient's consent to emergency access.
        emergency_policies: Mapping<AccountId, EmergencyPolicy>,
        /// (patient, doctor) -> the doctor's latest break-glass.
        emergencies: Mapping<(AccountId, AccountId), Emergency>,
    }

    impl Ehr {
        /// Creates an empty registry with the deployer as the first registrar.
        #[ink(constructor)]
        pub fn new() -> Self {
            let mut ehr = Self::default();
            let deployer = Self::env().caller();
            ehr.registrars.insert(deployer, &());
            ehr.registrar_count = 1;
            ehr
        }

        // ------------------------------------------------------------------ accounts

        /// Registers the caller as a patient with their x25519 public key.
        ///
        /// # Errors
        /// `InvalidPublicKey` for an all-zero key; `PatientAlreadyRegistered`.
        #[ink(message)]
        pub fn register_patient(&mut self, encryption_key: PublicKey) -> Result<()> {
            let caller = self.env().caller();
            Self::ensure_valid_key(&encryption_key)?;
            if self.patients.contains(caller) {
                return Err(Error::PatientAlreadyRegistered);
            }
            let patient_count = self.patient_count.checked_add(1).ok_or(Error::Overflow)?;
            let patient = Patient {
                encryption_key,
                registered_at: self.env().block_timestamp(),
                record_count: 0,
                grant_count: 0,
                request_count: 0,
                log_len: 0,
                guardian_count: 0,
                emergency_generation: 0,
            };
            self.patients.insert(caller, &patient);
            self.patient_count = patient_count;
            self.append_log(caller, caller, Action::PatientRegistered, None, None, None)?;
            self.env().emit_event(PatientRegistered {
                patient: caller,
                encryption_key,
            });
            Ok(())
        }

        /// Registers the caller as a doctor with their x25519 public key and public profile.
        ///
        /// # Errors
        /// `InvalidPublicKey`; `InvalidProfileField` for an empty or too long field;
        /// `DoctorAlreadyRegistered`.
        #[ink(message)]
        pub fn register_doctor(
            &mut self,
            encryption_key: PublicKey,
            profile: DoctorProfile,
        ) -> Result<()> {
            let caller = self.env().caller();
            Self::ensure_valid_key(&encryption_key)?;
            Self::ensure_valid_profile(&profile)?;
            if self.doctors.contains(caller) {
                return Err(Error::DoctorAlreadyRegistered);
            }
            let mut doctor_count = self.doctor_count;
            slots::push(
                &mut self.lists,
                (DOCTORS, AccountId::from(NOBODY)),
                &mut doctor_count,
                &caller,
            )?;
            self.doctor_count = doctor_count;
            self.doctors.insert(
                caller,
                &Doctor {
                    encryption_key,
                    profile,
                    status: DoctorStatus::Unverified,
                    registered_at: self.env().block_timestamp(),
                    patient_count: 0,
                    request_count: 0,
                },
            );
            self.env().emit_event(DoctorRegistered {
                doctor: caller,
                encryption_key,
            });
            Ok(())
        }

        /// Replaces the caller's encryption key, as patient and as doctor (both keys come from
        /// the same account secret). Readers must be re-wrapped by the client.
        ///
        /// # Errors
        /// `InvalidPublicKey`; `PatientNotRegistered` when the caller is neither patient nor
        /// doctor.
        #[ink(message)]
        pub fn rotate_key(&mut self, encryption_key: PublicKey) -> Result<()> {
            let caller = self.env().caller();
            Self::ensure_valid_key(&encryption_key)?;
            let patient = self.patients.get(caller);
            let doctor = self.doctors.get(caller);
            if patient.is_none() && doctor.is_none() {
                return Err(Error::PatientNotRegistered);
            }
            if let Some(mut d) = doctor {
                d.encryption_key = encryption_key;
                self.doctors.insert(caller, &d);
            }
            if let Some(mut p) = patient {
                p.encryption_key = encryption_key;
                self.patients.insert(caller, &p);
                self.append_log(caller, caller, Action::KeyRotated, None, None, None)?;
            }
            self.env().emit_event(KeyRotated {
                account: caller,
                encryption_key,
            });
            Ok(())
        }

        /// Returns a registered patient.
        ///
        /// # Errors
        /// `PatientNotRegistered`.
        #[ink(message)]
        pub fn patient(&self, account: AccountId) -> Result<Patient> {
            self.ensure_patient(account)
        }

        /// Returns a registered doctor.
        ///
        /// # Errors
        /// `DoctorNotRegistered`.
        #[ink(message)]
        pub fn doctor(&self, account: AccountId) -> Result<Doctor> {
            self.ensure_doctor(account)
        }

        /// Lists doctors in registration order, `limit` (≤ `MAX_PAGE`) from index `from`.
        ///
        /// # Errors
        /// `PageTooLarge`.
        #[ink(message)]
        pub fn doctors(&self, from: u32, limit: u32) -> Result<Vec<(AccountId, Doctor)>> {
            let accounts = slots::page(
                &self.lists,
                (DOCTORS, AccountId::from(NOBODY)),
                self.doctor_count,
                from,
                limit,
            )?;
            Ok(accounts
                .into_iter()
                .filter_map(|a| self.doctors.get(a).map(|d| (a, d)))
                .collect())
        }

        /// How many patients and doctors have registered (tests only: clients page `doctors`).
        #[cfg(test)]
        pub fn counts(&self) -> (u32, u32) {
            (self.patient_count, self.doctor_count)
        }

        /// The root's plain fields (tests only): with the storage writes, what a refused call
        /// must leave as it was.
        #[cfg(test)]
        pub fn root(&self) -> (u32, u32, u32, u32) {
            (
                self.patient_count,
                self.doctor_count,
                self.registrar_count,
                self.registrar_epoch,
            )
        }

        // ---------------------------------------------------------------- registrars

        /// The caller, a registrar, approves making `account` a registrar. The change takes
        /// effect once more than half of the current registrars approved it (at once when there
        /// is one registrar). Returns `true` when it took effect, `false` while it awaits more
        /// approvals. Approvals lapse when the registrar set changes meanwhile.
        ///
        /// # Errors
        /// `NotRegistrar`; `RegistrarAlreadyExists`; `AlreadyApproved`.
        #[ink(message)]
        pub fn add_registrar(&mut self, account: AccountId) -> Result<bool> {
            let caller = self.env().caller();
            self.ensure_registrar(caller)?;
            if self.registrars.contains(account) {
                return Err(Error::RegistrarAlreadyExists);
            }
            self.approve_registrar_change(caller, account, true)
        }

        /// The caller, a registrar, approves removing registrar `account` (possibly the caller),
        /// with the same majority rule as `add_registrar`. The last registrar stays.
        ///
        /// # Errors
        /// `NotRegistrar`; `RegistrarNotFound`; `LastRegistrar`; `AlreadyApproved`.
        #[ink(message)]
        pub fn remove_registrar(&mut self, account: AccountId) -> Result<bool> {
            let caller = self.env().caller();
            self.ensure_registrar(caller)?;
            if !self.registrars.contains(account) {
                return Err(Error::RegistrarNotFound);
            }
            if self.registrar_count <= 1 {
                return Err(Error::LastRegistrar);
            }
            self.approve_registrar_change(caller, account, false)
        }

        /// The pending change of `account`'s registrar status, if any.
        #[ink(message)]
        pub fn registrar_proposal(&self, account: AccountId) -> Option<RegistrarProposal> {
            self.registrar_proposals
                .get(account)
                .filter(|p| p.epoch == self.registrar_epoch)
        }

        /// True when `account` is a registrar.
        #[ink(message)]
        pub fn is_registrar(&self, account: AccountId) -> bool {
            self.registrars.contains(account)
        }

        /// Verifies a doctor, or reinstates a suspended one. Caller must be a registrar.
        ///
        /// # Errors
        /// `NotRegistrar`; `DoctorNotRegistered`; `SelfVerification`.
        #[ink(message)]
        pub fn verify_doctor(&mut self, doctor: AccountId) -> Result<()> {
            self.set_doctor_status(doctor, DoctorStatus::Verified)
        }

        /// Suspends a doctor: none of their grants works until a registrar verifies them again.
        ///
        /// # Errors
        /// `NotRegistrar`; `DoctorNotRegistered`; `SelfVerification`.
        #[ink(message)]
        pub fn suspend_doctor(&mut self, doctor: AccountId) -> Result<()> {
            self.set_doctor_status(doctor, DoctorStatus::Suspended)
        }

        fn set_doctor_status(&mut self, account: AccountId, status: DoctorStatus) -> Result<()> {
            let caller = self.env().caller();
            self.ensure_registrar(caller)?;
            if caller == account {
                return Err(Error::SelfVerification);
            }
            let mut doctor = self.ensure_doctor(account)?;
            doctor.status = status;
            self.doctors.insert(account, &doctor);
            self.env().emit_event(DoctorStatusChanged {
                doctor: account,
                registrar: caller,
                status,
            });
            Ok(())
        }

        // -------------------------------------------------------------------- grants

        /// `patient` grants `doctor` access to `scope`, until `expires_at` if given. The caller
        /// is the patient or their guardian at `Manage` level (never for the guardian itself: its
        /// access would outlive its appointment). Granting again for the same doctor and scope
        /// replaces kind and expiry.
        ///
        /// # Errors
        /// `NotPatient`/`GuardianLevelTooLow`; `PatientNotRegistered`; `DoctorNotRegistered`;
        /// `SelfGrant`; `InvalidExpiry`; `RecordNotFound` for a record scope; `TooManyGrants`.
        #[ink(message)]
        pub fn grant_access(
            &mut self,
            patient: AccountId,
            doctor: AccountId,
            scope: Scope,
            kind: AccessKind,
            expires_at: Option<Timestamp>,
        ) -> Result<()> {
            let actor = self.ensure_acts_for(patient, GuardianLevel::Manage)?;
            self.ensure_patient(patient)?;
            self.ensure_grant_valid(actor, patient, doctor, scope, expires_at)?;
            self.put_grant(patient, doctor, scope, kind, expires_at)?;
            self.append_log(
                patient,
                actor,
                Action::AccessGranted { scope, kind },
                Some(doctor),
                record_of(scope),
                None,
            )?;
            self.env().emit_event(AccessGranted {
                patient,
                doctor,
                scope,
                kind,
                expires_at,
            });
            Ok(())
        }

        /// `patient` revokes `doctor`'s grant for `scope`; the caller is the patient or their
        /// guardian at `Manage` level. Works at once.
        ///
        /// # Errors
        /// `NotPatient`/`GuardianLevelTooLow`; `PatientNotRegistered`; `GrantNotFound`.
        #[ink(message)]
        pub fn revoke_access(
            &mut self,
            patient: AccountId,
            doctor: AccountId,
            scope: Scope,
        ) -> Result<()> {
            let actor = self.ensure_acts_for(patient, GuardianLevel::Manage)?;
            let mut p = self.ensure_patient(patient)?;
            let grant = self
                .grants
                .get((patient, doctor, scope))
                .ok_or(Error::GrantNotFound)?;
            self.grants.remove((patient, doctor, scope));
            let mut len = p.grant_count;
            if let Some((moved_doctor, moved_scope)) =
                slots::swap_remove(&mut self.grant_slots, patient, grant.slot, &mut len)?
            {
                let key = (patient, moved_doctor, moved_scope);
                slots::update(&mut self.grants, key, |moved| moved.slot = grant.slot);
            }
            p.grant_count = len;
            self.patients.insert(patient, &p);
            self.release_doctor_patient(doctor, patient)?;
            self.append_log(
                patient,
                actor,
                Action::AccessRevoked { scope },
                Some(doctor),
                record_of(scope),
                None,
            )?;
            self.env().emit_event(AccessRevoked {
                patient,
                doctor,
                scope,
            });
            Ok(())
        }

        /// Lists the patient's grants (caller: the patient or their guardian).
        ///
        /// # Errors
        /// `NotPatient`; `PatientNotRegistered`; `PageTooLarge`.
        #[ink(message)]
        pub fn grants_of_patient(
            &self,
            patient: AccountId,
            from: u32,
            limit: u32,
        ) -> Result<Vec<GrantInfo>> {
            self.ensure_acts_for(patient, GuardianLevel::View)?;
            let p = self.ensure_patient(patient)?;
            let keys = slots::page(&self.grant_slots, patient, p.grant_count, from, limit)?;
            Ok(keys
                .into_iter()
                .filter_map(|(doctor, scope)| self.grant_info(patient, doctor, scope))
                .collect())
        }

        /// Lists the grants between a patient and a doctor (caller must be one of them).
        ///
        /// # Errors
        /// `NotPatient` when the caller is neither; `PatientNotRegistered`.
        #[ink(message)]
        pub fn grants_between(
            &self,
            patient: AccountId,
            doctor: AccountId,
        ) -> Result<Vec<GrantInfo>> {
            let caller = self.env().caller();
            if caller != patient && caller != doctor {
                return Err(Error::NotPatient);
            }
            let p = self.ensure_patient(patient)?;
            // Bounded: a patient holds at most MAX_GRANTS_PER_PATIENT grants.
            let keys = slots::read(
                &self.grant_slots,
                patient,
                p.grant_count,
                0,
                MAX_GRANTS_PER_PATIENT,
            );
            Ok(keys
                .into_iter()
                .filter(|(d, _)| *d == doctor)
                .filter_map(|(d, scope)| self.grant_info(patient, d, scope))
                .collect())
        }

        /// Lists the patients whose grants name the doctor (caller must be the doctor).
        ///
        /// # Errors
        /// `NotPatient` when the caller is not the doctor; `DoctorNotRegistered`; `PageTooLarge`.
        #[ink(message)]
        pub fn patients_of_doctor(
            &self,
            doctor: AccountId,
            from: u32,
            limit: u32,
        ) -> Result<Vec<AccountId>> {
            self.ensure_caller_is(doctor)?;
            let d = self.ensure_doctor(doctor)?;
            slots::page(
                &self.lists,
                (DOCTOR_PATIENTS, doctor),
                d.patient_count,
                from,
                limit,
            )
        }

        /// (Tests only: not a message, to keep the contract small.) The access `reader` holds now to `record` of `patient` (`None` record: chart-wide).
        #[cfg(test)]
        pub fn access_of(
            &self,
            patient: AccountId,
            reader: AccountId,
            record: Option<RecordId>,
        ) -> Option<AccessKind> {
            if self
                .ensure_access(patient, reader, record, AccessKind::Write)
                .is_ok()
            {
                Some(AccessKind::Write)
            } else if self
                .ensure_access(patient, reader, record, AccessKind::Read)
                .is_ok()
            {
                Some(AccessKind::Read)
            } else {
                None
            }
        }

        // ------------------------------------------------------------------ requests

        /// The caller, a verified doctor, asks `patient` for access, with a short reason code.
        /// Registering as a doctor is open, so only doctors a registrar verified may ask (no
        /// one can fill a patient's queue with made-up doctors), and a doctor the patient denied
        /// waits `REQUEST_COOLDOWN_MS` before asking again.
        ///
        /// # Errors
        /// `DoctorNotRegistered`; `DoctorNotVerified`; `DoctorSuspended`;
        /// `PatientNotRegistered`; `SelfGrant`; `RecordNotFound`; `RequestPending`;
        /// `RequestCooldown`; `TooManyRequests`.
        #[ink(message)]
        pub fn request_access(
            &mut self,
            patient: AccountId,
            scope: Scope,
            kind: AccessKind,
            reason: u8,
        ) -> Result<()> {
            let doctor_id = self.env().caller();
            let mut doctor = self.ensure_doctor(doctor_id)?;
            Self::ensure_verified(&doctor)?;
            let mut p = self.ensure_patient(patient)?;
            if patient == doctor_id {
                return Err(Error::SelfGrant);
            }
            self.ensure_scope_exists(patient, scope)?;
            if let Some(existing) = self.requests.get((patient, doctor_id)) {
                self.ensure_may_ask_again(&existing)?;
            }
            if p.request_count >= MAX_PENDING_REQUESTS_PER_PATIENT {
                return Err(Error::TooManyRequests);
            }
            let patient_slot = slots::push(
                &mut self.lists,
                (PATIENT_REQUESTS, patient),
                &mut p.request_count,
                &doctor_id,
            )?;
            let doctor_slot = slots::push(
                &mut self.lists,
                (DOCTOR_REQUESTS, doctor_id),
                &mut doctor.request_count,
                &patient,
            )?;
            self.patients.insert(patient, &p);
            self.doctors.insert(doctor_id, &doctor);
            self.requests.insert(
                (patient, doctor_id),
                &Request {
                    kind,
                    scope,
                    reason,
                    requested_at: self.env().block_timestamp(),
                    status: RequestStatus::Pending,
                    decided_at: None,
                    patient_slot,
                    doctor_slot,
                },
            );
            self.append_log(
                patient,
                doctor_id,
                Action::AccessRequested { scope, kind },
                Some(doctor_id),
                record_of(scope),
                None,
            )?;
            self.env().emit_event(AccessRequested {
                patient,
                doctor: doctor_id,
                scope,
                kind,
                reason,
            });
            Ok(())
        }

        /// `patient` approves `doctor`'s pending request; the caller is the patient or their
        /// guardian at `Manage` level (never for the guardian itself). `scope`, `kind` and
        /// `expires_at` may narrow what was asked; `None` keeps the request's scope and kind,
        /// and the expiry of a grant the doctor already holds for that scope (an approval never
        /// turns an expiring grant into a permanent one).
        ///
        /// # Errors
        /// `NotPatient`/`GuardianLevelTooLow`; `PatientNotRegistered`; `RequestNotFound`;
        /// `ApprovalWidens`; `InvalidExpiry`; `DoctorNotRegistered`; `RecordNotFound`;
        /// `TooManyGrants`.
        #[ink(message)]
        pub fn approve_request(
            &mut self,
            patient: AccountId,
            doctor: AccountId,
            scope: Option<Scope>,
            kind: Option<AccessKind>,
            expires_at: Option<Timestamp>,
        ) -> Result<()> {
            let actor = self.ensure_acts_for(patient, GuardianLevel::Manage)?;
            self.ensure_patient(patient)?;
            let request = self.ensure_pending_request(patient, doctor)?;
            let scope = scope.unwrap_or(request.scope);
            let kind = kind.unwrap_or(request.kind);
            let narrower_scope = request.scope == scope || request.scope == Scope::Chart;
            if !narrower_scope || !request.kind.covers(kind) {
                return Err(Error::ApprovalWidens);
            }
            let now = self.env().block_timestamp();
            let expires_at = expires_at.or_else(|| {
                self.grants
                    .get((patient, doctor, scope))
                    .and_then(|g| g.expires_at)
                    .filter(|at| *at > now)
            });
            self.ensure_grant_valid(actor, patient, doctor, scope, expires_at)?;
            self.put_grant(patient, doctor, scope, kind, expires_at)?;
            self.close_request(patient, doctor, request, RequestStatus::Approved)?;
            self.append_log(
                patient,
                actor,
                Action::RequestApproved,
                Some(doctor),
                record_of(scope),
                None,
            )?;
            self.env().emit_event(RequestDecided {
                patient,
                doctor,
                approved: true,
            });
            self.env().emit_event(AccessGranted {
                patient,
                doctor,
                scope,
                kind,
                expires_at,
            });
            Ok(())
        }

        /// `patient` denies `doctor`'s pending request; the caller is the patient or their
        /// guardian at `Manage` level.
        ///
        /// # Errors
        /// `NotPatient`/`GuardianLevelTooLow`; `PatientNotRegistered`; `RequestNotFound`.
        #[ink(message)]
        pub fn deny_request(&mut self, patient: AccountId, doctor: AccountId) -> Result<()> {
            let actor = self.ensure_acts_for(patient, GuardianLevel::Manage)?;
            self.ensure_patient(patient)?;
            let request = self.ensure_pending_request(patient, doctor)?;
            self.close_request(patient, doctor, request, RequestStatus::Denied)?;
            self.append_log(
                patient,
                actor,
                Action::RequestDenied,
                Some(doctor),
                record_of(request.scope),
                None,
            )?;
            self.env().emit_event(RequestDecided {
                patient,
                doctor,
                approved: false,
            });
            Ok(())
        }

        /// The latest request between a patient and a doctor (caller must be one of them).
        ///
        /// # Errors
        /// `NotPatient` when the caller is neither; `RequestNotFound`.
        #[ink(message)]
        pub fn request(&self, patient: AccountId, doctor: AccountId) -> Result<Request> {
            let caller = self.env().caller();
            if caller != patient && caller != doctor {
                return Err(Error::NotPatient);
            }
            self.requests
                .get((patient, doctor))
                .ok_or(Error::RequestNotFound)
        }

        /// Pending requests awaiting the patient (caller: the patient or their guardian).
        ///
        /// # Errors
        /// `NotPatient`; `PatientNotRegistered`; `PageTooLarge`.
        #[ink(message)]
        pub fn requests_of_patient(
            &self,
            patient: AccountId,
            from: u32,
            limit: u32,
        ) -> Result<Vec<RequestInfo>> {
            self.ensure_acts_for(patient, GuardianLevel::View)?;
            let p = self.ensure_patient(patient)?;
            let doctors = slots::page(
                &self.lists,
                (PATIENT_REQUESTS, patient),
                p.request_count,
                from,
                limit,
            )?;
            Ok(doctors
                .into_iter()
                .filter_map(|doctor| self.request_info(patient, doctor))
                .collect())
        }

        /// The doctor's pending requests (caller must be the doctor).
        ///
        /// # Errors
        /// `NotPatient` when the caller is not the doctor; `DoctorNotRegistered`; `PageTooLarge`.
        #[ink(message)]
        pub fn requests_of_doctor(
            &self,
            doctor: AccountId,
            from: u32,
            limit: u32,
        ) -> Result<Vec<RequestInfo>> {
            self.ensure_caller_is(doctor)?;
            let d = self.ensure_doctor(doctor)?;
            let patients = slots::page(
                &self.lists,
                (DOCTOR_REQUESTS, doctor),
                d.request_count,
                from,
                limit,
            )?;
            Ok(patients
                .into_iter()
                .filter_map(|patient| self.request_info(patient, doctor))
                .collect())
        }

        // ------------------------------------------------------------------- records

        /// Adds a record to `patient`'s chart with its first version. The caller is the patient
        /// or a doctor with chart-wide write access. `record_id` is the id the ciphertext was
        /// encrypted for: it must be the chart's next id, so a retried call cannot add the same
        /// version twice. `chunk` is the start of the ciphertext (the whole of it when it fits);
        /// `wraps` gives the data key wrapped for readers, and must hold one for the patient and
        /// one for the writer, so both can always open (and share) the version.
        ///
        /// # Errors
        /// `PatientNotRegistered`; `NoAccess`/`GrantExpired`/`DoctorSuspended`; `NotNextId`;
        /// `InvalidLength`; `InvalidChunk`; `WrapMissing`; `ReaderHasNoAccess`; `InvalidWrap`;
        /// `WrapExists`; `TooManyWraps`.
        #[ink(message)]
        #[allow(clippy::too_many_arguments)]
        pub fn add_record(
            &mut self,
            patient: AccountId,
            record_id: RecordId,
            record_type: RecordType,
            hash: Hash32,
            length: u32,
            chunk: Vec<u8>,
            wraps: Vec<Wrap>,
        ) -> Result<RecordId> {
            let author = self.env().caller();
            let p = self.ensure_patient(patient)?;
            self.ensure_access(patient, author, None, AccessKind::Write)?;
            Self::ensure_next_id(p.record_count, record_id)?;
            let record = Record {
                record_type,
                author,
                created_at: self.env().block_timestamp(),
                version_count: 0,
            };
            self.add_version_inner(
                patient,
                author,
                record_id,
                record,
                Action::RecordAdded,
                hash,
                length,
                chunk,
                wraps,
            )?;
            // Re-read: adding the version appended to the patient's log.
            let mut p = self.ensure_patient(patient)?;
            p.record_count = record_id;
            self.patients.insert(patient, &p);
            Ok(record_id)
        }

        /// Adds a new version of a record (nothing is overwritten). The caller is the patient or
        /// a doctor with write access covering the record. `version_id` is the version the
        /// ciphertext was encrypted for and must be the record's next one.
        ///
        /// # Errors
        /// As `add_record`, and `RecordNotFound`.
        #[ink(message)]
        #[allow(clippy::too_many_arguments)]
        pub fn update_record(
            &mut self,
            patient: AccountId,
            record_id: RecordId,
            version_id: VersionId,
            hash: Hash32,
            length: u32,
            chunk: Vec<u8>,
            wraps: Vec<Wrap>,
        ) -> Result<VersionId> {
            let author = self.env().caller();
            self.ensure_patient(patient)?;
            let record = self.ensure_record(patient, record_id)?;
            self.ensure_access(patient, author, Some(record_id), AccessKind::Write)?;
            Self::ensure_next_id(record.version_count, version_id)?;
            self.add_version_inner(
                patient,
                author,
                record_id,
                record,
                Action::RecordUpdated,
                hash,
                length,
                chunk,
                wraps,
            )
        }

        #[allow(clippy::too_many_arguments)]
        fn add_version_inner(
            &mut self,
            patient: AccountId,
            author: AccountId,
            record_id: RecordId,
            mut record: Record,
            action: Action,
            hash: Hash32,
            length: u32,
            chunk: Vec<u8>,
            wraps: Vec<Wrap>,
        ) -> Result<VersionId> {
            if length == 0 || length > MAX_RECORD_BYTES {
                return Err(Error::InvalidLength);
            }
            let chunk_len = Self::ensure_chunk(&chunk, length)?;
            let version_id = record.version_count.checked_add(1).ok_or(Error::Overflow)?;
            if [patient, author]
                .iter()
                .any(|must| !wraps.iter().any(|(reader, _)| reader == must))
            {
                return Err(Error::WrapMissing);
            }
            self.ensure_wraps(
                patient,
                (record_id, record.record_type),
                version_id,
                0,
                &wraps,
            )?;
            record.version_count = version_id;
            let version = Version {
                author,
                created_at: self.env().block_timestamp(),
                block: self.env().block_number(),
                hash,
                length,
                chunk_count: 1,
                bytes_stored: chunk_len,
                reader_count: 0,
                erased: false,
            };
            self.chunks
                .insert((patient, record_id, version_id, 0u32), &chunk);
            self.records.insert((patient, record_id), &record);
            self.versions
                .insert((patient, record_id, version_id), &version);
            self.put_wraps(
                patient,
                record_id,
                version_id,
                record.record_type,
                version,
                wraps,
            )?;
            self.append_log(
                patient,
                author,
                action,
                None,
                Some(record_id),
                Some(version_id),
            )?;
            self.env().emit_event(RecordVersionAdded {
                patient,
                author,
                record: record_id,
                version: version_id,
                record_type: record.record_type,
                length,
                complete: version.complete(),
            });
            Ok(version_id)
        }

        /// Appends the next chunk of a version's ciphertext. Only the version's author, while
        /// they still have write access, and only until the version is complete.
        ///
        /// # Errors
        /// `RecordNotFound`; `VersionNotFound`; `NotAuthor`; `VersionComplete`;
        /// `VersionErased`; `InvalidChunk`; access errors.
        #[ink(message)]
        pub fn upload_chunk(
            &mut self,
            patient: AccountId,
            record_id: RecordId,
            version_id: VersionId,
            chunk: Vec<u8>,
        ) -> Result<()> {
            let author = self.env().caller();
            let mut version = self.ensure_version(patient, record_id, version_id)?;
            if version.author != author {
                return Err(Error::NotAuthor);
            }
            if version.erased {
                return Err(Error::VersionErased);
            }
            if version.complete() {
                return Err(Error::VersionComplete);
            }
            self.ensure_access(patient, author, Some(record_id), AccessKind::Write)?;
            let remaining = version
                .length
                .checked_sub(version.bytes_stored)
                .ok_or(Error::Overflow)?;
            let chunk_len = Self::ensure_chunk(&chunk, remaining)?;
            let index = version.chunk_count;
            self.chunks
                .insert((patient, record_id, version_id, index), &chunk);
            version.chunk_count = index.checked_add(1).ok_or(Error::Overflow)?;
            version.bytes_stored = version
                .bytes_stored
                .checked_add(chunk_len)
                .ok_or(Error::Overflow)?;
            self.versions
                .insert((patient, record_id, version_id), &version);
            self.env().emit_event(ChunkUploaded {
                patient,
                author,
                record: record_id,
                version: version_id,
                index,
                complete: version.complete(),
            });
            Ok(())
        }

        /// Adds wrapped data keys of a version, for readers who hold read access now and hold no
        /// key for it yet (a key is never replaced). Caller: the patient, their guardian at
        /// `Manage` level, or the version's author while they still have write access to the
        /// record. Logged in the patient's history.
        ///
        /// # Errors
        /// `RecordNotFound`; `VersionNotFound`; `NotAuthor`; the author's access errors;
        /// `VersionErased`; `ReaderHasNoAccess`; `InvalidWrap`; `WrapExists`; `TooManyWraps`;
        /// `TooManyReaders`.
        #[ink(message)]
        pub fn add_wraps(
            &mut self,
            patient: AccountId,
            record_id: RecordId,
            version_id: VersionId,
            wraps: Vec<Wrap>,
        ) -> Result<()> {
            let caller = self.env().caller();
            let (record, version) = self.ensure_record_version(patient, record_id, version_id)?;
            if self
                .ensure_acts_for(patient, GuardianLevel::Manage)
                .is_err()
            {
                if caller != version.author {
                    return Err(Error::NotAuthor);
                }
                self.ensure_access(patient, caller, Some(record_id), AccessKind::Write)?;
            }
            if version.erased {
                return Err(Error::VersionErased);
            }
            let readers = u32::try_from(wraps.len()).map_err(|_| Error::TooManyWraps)?;
            if readers == 0 {
                return Ok(());
            }
            let counterpart = match wraps.as_slice() {
                [(reader, _)] => Some(*reader),
                _ => None,
            };
            self.put_wraps(
                patient,
                record_id,
                version_id,
                record.record_type,
                version,
                wraps,
            )?;
            self.append_log(
                patient,
                caller,
                Action::KeysWrapped { readers },
                counterpart,
                Some(record_id),
                Some(version_id),
            )
        }

        /// The caller (the patient) drops the wrapped keys of `readers` who no longer have read
        /// access to the version (a revoked or expired grant, a removed guardian, a replaced
        /// emergency key), freeing their reader slots. What they decrypted before stays theirs
        /// (forward-only, as with revoke).
        ///
        /// # Errors
        /// `RecordNotFound`; `VersionNotFound`; `TooManyWraps`; `WrapNotFound` (also for a
        /// reader named twice); `ReaderHasAccess`.
        #[ink(message)]
        pub fn drop_wraps(
            &mut self,
            record_id: RecordId,
            version_id: VersionId,
            readers: Vec<AccountId>,
        ) -> Result<()> {
            let patient = self.env().caller();
            let (record, mut version) =
                self.ensure_record_version(patient, record_id, version_id)?;
            let count = u32::try_from(readers.len()).map_err(|_| Error::TooManyWraps)?;
            if count > MAX_WRAPS_PER_CALL {
                return Err(Error::TooManyWraps);
            }
            for (i, reader) in readers.iter().enumerate() {
                let repeated = readers.iter().take(i).any(|r| r == reader);
                if repeated
                    || !self
                        .wraps
                        .contains((patient, record_id, version_id, *reader))
                {
                    return Err(Error::WrapNotFound);
                }
                if self.may_read(patient, *reader, (record_id, record.record_type)) {
                    return Err(Error::ReaderHasAccess);
                }
            }
            let key = (patient, record_id, version_id);
            for reader in readers {
                let (slot, _) = self
                    .wraps
                    .take((patient, record_id, version_id, reader))
                    .ok_or(Error::WrapNotFound)?;
                if let Some(moved) =
                    slots::swap_remove(&mut self.wrap_slots, key, slot, &mut version.reader_count)?
                {
                    slots::update(
                        &mut self.wraps,
                        (patient, record_id, version_id, moved),
                        |w| w.0 = slot,
                    );
                }
            }
            self.versions.insert(key, &version);
            self.append_log(
                patient,
                patient,
                Action::KeysDropped { readers: count },
                None,
                Some(record_id),
                Some(version_id),
            )?;
            self.env().emit_event(KeysDropped {
                patient,
                record: record_id,
                version: version_id,
                readers: count,
            });
            Ok(())
        }

        /// The audited read: the caller, who must have read access, opens a complete version.
        /// Writes an entry to the patient's log.
        ///
        /// # Errors
        /// `RecordNotFound`; `VersionNotFound`; `VersionIncomplete`; `VersionErased`; access
        /// errors.
        #[ink(message)]
        pub fn open_record(
            &mut self,
            patient: AccountId,
            record_id: RecordId,
            version_id: VersionId,
        ) -> Result<()> {
            let reader = self.env().caller();
            let version = self.ensure_version(patient, record_id, version_id)?;
            self.ensure_access(patient, reader, Some(record_id), AccessKind::Read)?;
            Self::ensure_readable(&version)?;
            self.append_log(
                patient,
                reader,
                Action::RecordOpened,
                None,
                Some(record_id),
                Some(version_id),
            )?;
            self.env().emit_event(RecordOpened {
                patient,
                reader,
                record: record_id,
                version: version_id,
            });
            Ok(())
        }

        /// The caller (the patient) erases a version's ciphertext and wrapped keys from current
        /// state; hash, length, author and a tombstone remain. Archive nodes keep history.
        ///
        /// # Errors
        /// `RecordNotFound`; `VersionNotFound`; `VersionErased`.
        #[ink(message)]
        pub fn erase_version(&mut self, record_id: RecordId, version_id: VersionId) -> Result<()> {
            let patient = self.env().caller();
            let mut version = self.ensure_version(patient, record_id, version_id)?;
            if version.erased {
                return Err(Error::VersionErased);
            }
            // Bounded: chunk_count ≤ MAX_CHUNKS_PER_VERSION, reader_count ≤ MAX_READERS_PER_VERSION.
            for index in 0..version.chunk_count {
                self.chunks.remove((patient, record_id, version_id, index));
            }
            let key = (patient, record_id, version_id);
            for slot in 0..version.reader_count {
                if let Some(reader) = self.wrap_slots.take((key, slot)) {
                    self.wraps.remove((patient, record_id, version_id, reader));
                }
            }
            version.erased = true;
            version.reader_count = 0;
            self.versions.insert(key, &version);
            self.append_log(
                patient,
                patient,
                Action::RecordErased,
                None,
                Some(record_id),
                Some(version_id),
            )?;
            self.env().emit_event(RecordErased {
                patient,
                record: record_id,
                version: version_id,
            });
            Ok(())
        }

        /// A record's metadata, for a caller with read access to it.
        ///
        /// # Errors
        /// `RecordNotFound`; access errors.
        #[ink(message)]
        pub fn record(&self, patient: AccountId, record_id: RecordId) -> Result<Record> {
            let record = self.ensure_record(patient, record_id)?;
            self.ensure_access(
                patient,
                self.env().caller(),
                Some(record_id),
                AccessKind::Read,
            )?;
            Ok(record)
        }

        /// Records of a chart, `limit` (≤ `MAX_PAGE`) from record id `from` (1-based), for the
        /// patient, a guardian or a doctor with chart-wide read access; a doctor reading under a
        /// break-glass gets the covered record types only (a page may then hold fewer).
        ///
        /// # Errors
        /// `PatientNotRegistered`; `PageTooLarge`; access errors.
        #[ink(message)]
        pub fn records(
            &self,
            patient: AccountId,
            from: RecordId,
            limit: u32,
        ) -> Result<Vec<(RecordId, Record)>> {
            slots::ensure_page(limit)?;
            let p = self.ensure_patient(patient)?;
            // A doctor reading under a break-glass sees the covered record types only.
            let covered = self.access_via(patient, self.env().caller(), None, AccessKind::Read)?;
            let start = from.max(1);
            let end = start
                .saturating_add(limit)
                .min(p.record_count.saturating_add(1));
            Ok((start..end)
                .filter_map(|id| self.records.get((patient, id)).map(|r| (id, r)))
                .filter(|(_, r)| covered.is_none_or(|mask| r.record_type.in_mask(mask)))
                .collect())
        }

        /// A version's metadata, for a caller with read access to the record.
        ///
        /// # Errors
        /// `RecordNotFound`; `VersionNotFound`; access errors.
        #[ink(message)]
        pub fn version(
            &self,
            patient: AccountId,
            record_id: RecordId,
            version_id: VersionId,
        ) -> Result<Version> {
            let version = self.ensure_version(patient, record_id, version_id)?;
            self.ensure_access(
                patient,
                self.env().caller(),
                Some(record_id),
                AccessKind::Read,
            )?;
            Ok(version)
        }

        /// One chunk of a version's ciphertext, for a caller with read access. Chunks of an
        /// incomplete version are served only to its author (to resume an upload).
        ///
        /// # Errors
        /// `VersionNotFound`; `VersionErased`; `VersionIncomplete`; `InvalidChunk` for an index
        /// past the end; access errors.
        #[ink(message)]
        pub fn chunk(
            &self,
            patient: AccountId,
            record_id: RecordId,
            version_id: VersionId,
            index: u32,
        ) -> Result<Vec<u8>> {
            let caller = self.env().caller();
            let version = self.ensure_version(patient, record_id, version_id)?;
            self.ensure_access(patient, caller, Some(record_id), AccessKind::Read)?;
            if caller != version.author {
                Self::ensure_readable(&version)?;
            } else if version.erased {
                return Err(Error::VersionErased);
            }
            self.chunks
                .get((patient, record_id, version_id, index))
                .ok_or(Error::InvalidChunk)
        }

        /// The caller's wrapped data key for a version; only while the caller has read access.
        /// A doctor whose break-glass is in force and who holds no key of their own gets the
        /// version's emergency wrap (for the emergency key the custodians release).
        ///
        /// # Errors
        /// `VersionNotFound`; `VersionErased`; `WrapNotFound`; access errors.
        #[ink(message)]
        pub fn wrapped_key(
            &self,
            patient: AccountId,
            record_id: RecordId,
            version_id: VersionId,
        ) -> Result<Vec<u8>> {
            let caller = self.env().caller();
            let version = self.ensure_version(patient, record_id, version_id)?;
            self.ensure_access(patient, caller, Some(record_id), AccessKind::Read)?;
            if version.erased {
                return Err(Error::VersionErased);
            }
            self.wraps
                .get((patient, record_id, version_id, caller))
                .or_else(|| {
                    let doctor = self.doctors.get(caller)?;
                    let policy =
                        self.emergency_in_force(patient, caller, &doctor, Some(record_id))?;
                    let reader = AccountId::from(emergency_reader(policy.generation));
                    self.wraps.get((patient, record_id, version_id, reader))
                })
                .map(|(_, wrap)| wrap)
                .ok_or(Error::WrapNotFound)
        }

        /// The readers holding a wrapped key for a version (caller: the patient, their guardian
        /// or the author).
        ///
        /// # Errors
        /// `VersionNotFound`; `NotAuthor`; `PageTooLarge`.
        #[ink(message)]
        pub fn readers(
            &self,
            patient: AccountId,
            record_id: RecordId,
            version_id: VersionId,
            from: u32,
            limit: u32,
        ) -> Result<Vec<AccountId>> {
            let caller = self.env().caller();
            let version = self.ensure_version(patient, record_id, version_id)?;
            if caller != version.author
                && self.ensure_acts_for(patient, GuardianLevel::View).is_err()
            {
                return Err(Error::NotAuthor);
            }
            slots::page(
                &self.wrap_slots,
                (patient, record_id, version_id),
                version.reader_count,
                from,
                limit,
            )
        }

        // ----------------------------------------------------------------- guardians

        /// The caller (a patient) appoints `guardian`, a registered patient or doctor, at
        /// `level`; appointing again changes the level. The guardian reads, writes or manages
        /// consent on the patient's behalf (see `GuardianLevel`), and every act is logged in the
        /// patient's history as theirs.
        ///
        /// # Errors
        /// `PatientNotRegistered`; `SelfGrant`; `NotRegistered`; `TooManyGuardians`.
        #[ink(message)]
        pub fn add_guardian(&mut self, guardian: AccountId, level: GuardianLevel) -> Result<()> {
            let patient = self.env().caller();
            let mut p = self.ensure_patient(patient)?;
            if guardian == patient {
                return Err(Error::SelfGrant);
            }
            if !self.patients.contains(guardian) && !self.doctors.contains(guardian) {
                return Err(Error::NotRegistered);
            }
            let key = (patient, guardian);
            let entry = match self.guardians.get(key) {
                Some(existing) => Guardian { level, ..existing },
                None => {
                    if p.guardian_count >= MAX_GUARDIANS_PER_PATIENT {
                        return Err(Error::TooManyGuardians);
                    }
                    let slot = slots::push(
                        &mut self.lists,
                        (GUARDIANS, patient),
                        &mut p.guardian_count,
                        &guardian,
                    )?;
                    self.patients.insert(patient, &p);
                    Guardian {
                        level,
                        appointed_at: self.env().block_timestamp(),
                        slot,
                    }
                }
            };
            self.guardians.insert(key, &entry);
            self.append_log(
                patient,
                patient,
                Action::GuardianAppointed { level },
                Some(guardian),
                None,
                None,
            )?;
            self.env().emit_event(GuardianChanged {
                patient,
                guardian,
                level: Some(level),
                by: patient,
            });
            Ok(())
        }

        /// Removes `guardian` from `patient`'s guardians: the caller is the patient, or the
        /// guardian stepping down. Stops access at once; keys already wrapped stay readable
        /// (forward-only, as with revoke).
        ///
        /// # Errors
        /// `NotPatient`; `PatientNotRegistered`; `GuardianNotFound`.
        #[ink(message)]
        pub fn remove_guardian(&mut self, patient: AccountId, guardian: AccountId) -> Result<()> {
            let caller = self.env().caller();
            if caller != patient && caller != guardian {
                return Err(Error::NotPatient);
            }
            let mut p = self.ensure_patient(patient)?;
            let removed = self
                .guardians
                .get((patient, guardian))
                .ok_or(Error::GuardianNotFound)?;
            self.guardians.remove((patient, guardian));
            if let Some(moved) = slots::swap_remove(
                &mut self.lists,
                (GUARDIANS, patient),
                removed.slot,
                &mut p.guardian_count,
            )? {
                slots::update(&mut self.guardians, (patient, moved), |g| {
                    g.slot = removed.slot
                });
            }
            self.patients.insert(patient, &p);
            self.append_log(
                patient,
                caller,
                Action::GuardianRemoved,
                Some(guardian),
                None,
                None,
            )?;
            self.env().emit_event(GuardianChanged {
                patient,
                guardian,
                level: None,
                by: caller,
            });
            Ok(())
        }

        /// The patient's guardians (caller: the patient or one of them).
        ///
        /// # Errors
        /// `NotPatient`; `PatientNotRegistered`.
        #[ink(message)]
        pub fn guardians(&self, patient: AccountId) -> Result<Vec<(AccountId, Guardian)>> {
            self.ensure_acts_for(patient, GuardianLevel::View)?;
            let p = self.ensure_patient(patient)?;
            // Bounded: at most MAX_GUARDIANS_PER_PATIENT.
            let accounts = slots::read(
                &self.lists,
                (GUARDIANS, patient),
                p.guardian_count,
                0,
                MAX_GUARDIANS_PER_PATIENT,
            );
            Ok(accounts
                .into_iter()
                .filter_map(|g| self.guardians.get((patient, g)).map(|entry| (g, entry)))
                .collect())
        }

        // ----------------------------------------------------------------- emergency

        /// The caller (a patient) opts in to emergency access, or replaces their policy, under
        /// a new `generation`: the patient's next one (generations only grow, also across an
        /// opt-out, so a break-glass or a share of an earlier generation never counts again).
        /// The shares and the emergency wraps are bound to it. See `EmergencyPolicy`.
        ///
        /// # Errors
        /// `PatientNotRegistered`; `InvalidEmergencyPolicy`; `InvalidPublicKey`; `NotRegistrar`
        /// for a custodian; `InvalidWrap` for a share; `NotNextId` when `generation` is not the
        /// next one.
        #[ink(message)]
        pub fn enable_emergency(
            &mut self,
            generation: u32,
            window: u64,
            covered: u8,
            key: PublicKey,
            custodians: [AccountId; 2],
            shares: [Vec<u8>; 2],
        ) -> Result<()> {
            let patient = self.env().caller();
            let mut p = self.ensure_patient(patient)?;
            Self::ensure_valid_key(&key)?;
            if window == 0
                || window > MAX_EMERGENCY_WINDOW_MS
                || covered == 0
                || custodians[0] == custodians[1]
            {
                return Err(Error::InvalidEmergencyPolicy);
            }
            for custodian in custodians {
                self.ensure_registrar(custodian)?;
            }
            for share in &shares {
                Self::ensure_wrap_size(share)?;
            }
            Self::ensure_next_id(p.emergency_generation, generation)?;
            p.emergency_generation = generation;
            self.patients.insert(patient, &p);
            self.emergency_policies.insert(
                patient,
                &EmergencyPolicy {
                    window,
                    covered,
                    key,
                    custodians,
                    shares,
                    generation,
                    enabled_at: self.env().block_timestamp(),
                },
            );
            self.append_log(patient, patient, Action::EmergencyEnabled, None, None, None)?;
            self.env().emit_event(EmergencyPolicyChanged {
                patient,
                window,
                covered,
                generation,
            });
            Ok(())
        }

        /// The caller (a patient) opts out: no new break-glass, and any in force ends now.
        ///
        /// # Errors
        /// `EmergencyNotEnabled`.
        #[ink(message)]
        pub fn disable_emergency(&mut self) -> Result<()> {
            let patient = self.env().caller();
            let old = self
                .emergency_policies
                .get(patient)
                .ok_or(Error::EmergencyNotEnabled)?;
            self.emergency_policies.remove(patient);
            self.append_log(
                patient,
                patient,
                Action::EmergencyDisabled,
                None,
                None,
                None,
            )?;
            self.env().emit_event(EmergencyPolicyChanged {
                patient,
                window: 0,
                covered: 0,
                generation: old.generation,
            });
            Ok(())
        }

        /// A patient's emergency policy (public, like all chain state: custodians read their
        /// share from it, clients the emergency key).
        ///
        /// # Errors
        /// `EmergencyNotEnabled`.
        #[ink(message)]
        pub fn emergency_policy(&self, patient: AccountId) -> Result<EmergencyPolicy> {
            self.emergency_policies
                .get(patient)
                .ok_or(Error::EmergencyNotEnabled)
        }

        /// Break the glass: the caller, a verified doctor, gets read access to `patient`'s
        /// covered records for the policy's window, with a reason code and the hash of a
        /// free-text reason. Alerts the patient (event and log entry). It ends on its own and
        /// cannot be extended; a new one is a new, separately logged invocation.
        ///
        /// # Errors
        /// `DoctorNotRegistered`; `DoctorSuspended`; `DoctorNotVerified`; `PatientNotRegistered`;
        /// `SelfGrant`; `EmergencyNotEnabled`; `EmergencyActive`; `EmergencyCooldown` within
        /// `BREAK_GLASS_COOLDOWN_MS` of the doctor's last one on this chart.
        #[ink(message)]
        pub fn break_glass(
            &mut self,
            patient: AccountId,
            reason: u8,
            reason_hash: Hash32,
        ) -> Result<Timestamp> {
            let doctor_id = self.env().caller();
            let doctor = self.ensure_doctor(doctor_id)?;
            Self::ensure_verified(&doctor)?;
            self.ensure_patient(patient)?;
            if patient == doctor_id {
                return Err(Error::SelfGrant);
            }
            let policy = self.emergency_policy(patient)?;
            let now = self.env().block_timestamp();
            if self
                .emergency_in_force(patient, doctor_id, &doctor, None)
                .is_some()
            {
                return Err(Error::EmergencyActive);
            }
            if let Some(last) = self.emergencies.get((patient, doctor_id)) {
                if now < last.expires_at.saturating_add(BREAK_GLASS_COOLDOWN_MS) {
                    return Err(Error::EmergencyCooldown);
                }
            }
            let expires_at = now.checked_add(policy.window).ok_or(Error::Overflow)?;
            self.emergencies.insert(
                (patient, doctor_id),
                &Emergency {
                    reason,
                    reason_hash,
                    started_at: now,
                    expires_at,
                    generation: policy.generation,
                    released: Default::default(),
                },
            );
            self.append_log(
                patient,
                doctor_id,
                Action::EmergencyAccessed { reason },
                Some(doctor_id),
                None,
                None,
            )?;
            self.env().emit_event(EmergencyAccessInvoked {
                patient,
                doctor: doctor_id,
                reason,
                reason_hash,
                expires_at,
            });
            Ok(expires_at)
        }

        /// The caller, one of `patient`'s custodians and still a registrar, releases its share
        /// of the emergency key re-wrapped to `doctor`, whose break-glass must be in force.
        /// Logged in the patient's history.
        ///
        /// # Errors
        /// `EmergencyNotEnabled`; `NotCustodian`; `NotRegistrar`; `DoctorNotRegistered`;
        /// `EmergencyNotActive`; `InvalidWrap`.
        #[ink(message)]
        pub fn release_emergency_share(
            &mut self,
            patient: AccountId,
            doctor: AccountId,
            share: Vec<u8>,
        ) -> Result<()> {
            let custodian = self.env().caller();
            let policy = self.emergency_policy(patient)?;
            let index = policy
                .custodians
                .iter()
                .position(|c| *c == custodian)
                .ok_or(Error::NotCustodian)?;
            self.ensure_registrar(custodian)?;
            let d = self.ensure_doctor(doctor)?;
            if self.emergency_in_force(patient, doctor, &d, None).is_none() {
                return Err(Error::EmergencyNotActive);
            }
            Self::ensure_wrap_size(&share)?;
            let key = (patient, doctor);
            let mut emergency = self.emergencies.get(key).ok_or(Error::EmergencyNotActive)?;
            emergency.released[index] = share;
            self.emergencies.insert(key, &emergency);
            self.append_log(
                patient,
                custodian,
                Action::EmergencyShareReleased,
                Some(doctor),
                None,
                None,
            )?;
            self.env().emit_event(EmergencyShareReleased {
                patient,
                doctor,
                custodian,
            });
            Ok(())
        }

        /// A doctor's latest break-glass on a patient's chart (public, like all chain state).
        ///
        /// # Errors
        /// `EmergencyNotActive` when there has been none.
        #[ink(message)]
        pub fn emergency(&self, patient: AccountId, doctor: AccountId) -> Result<Emergency> {
            self.emergencies
                .get((patient, doctor))
                .ok_or(Error::EmergencyNotActive)
        }

        // ------------------------------------------------------------------- history

        /// The patient's access log, `limit` (≤ `MAX_PAGE`) entries from index `from` (0 is
        /// the oldest). Only the patient and their guardians may read it.
        ///
        /// # Errors
        /// `NotPatient`; `PatientNotRegistered`; `PageTooLarge`.
        #[ink(message)]
        pub fn history(&self, patient: AccountId, from: u64, limit: u32) -> Result<Vec<LogEntry>> {
            self.ensure_acts_for(patient, GuardianLevel::View)?;
            slots::ensure_page(limit)?;
            let p = self.ensure_patient(patient)?;
            let end = from.saturating_add(u64::from(limit)).min(p.log_len);
            Ok((from..end)
                .filter_map(|i| self.log.get((patient, i)))
                .collect())
        }

        // ------------------------------------------------------------------- helpers

        /// Counts `by`'s approval of adding (`add`) or removing `account`, and makes the change
        /// when a majority of the current registrars approved it.
        fn approve_registrar_change(
            &mut self,
            by: AccountId,
            account: AccountId,
            add: bool,
        ) -> Result<bool> {
            let epoch = self.registrar_epoch;
            if self.registrar_votes.contains((account, epoch, by)) {
                return Err(Error::AlreadyApproved);
            }
            let earlier = match self.registrar_proposals.get(account) {
                Some(p) if p.epoch == epoch && p.add == add => p.approvals,
                _ => 0,
            };
            let approvals = earlier.checked_add(1).ok_or(Error::Overflow)?;
            let needed = (self.registrar_count / 2)
                .checked_add(1)
                .ok_or(Error::Overflow)?;
            if approvals < needed {
                self.registrar_votes.insert((account, epoch, by), &());
                self.registrar_proposals.insert(
                    account,
                    &RegistrarProposal {
                        add,
                        epoch,
                        approvals,
                        needed,
                    },
                );
                self.env().emit_event(RegistrarChangeApproved {
                    registrar: account,
                    by,
                    add,
                    approvals,
                    needed,
                });
                return Ok(false);
            }
            if earlier > 0 {
                self.registrar_proposals.remove(account);
            }
            self.registrar_epoch = epoch.checked_add(1).ok_or(Error::Overflow)?;
            if add {
                self.registrar_count =
                    self.registrar_count.checked_add(1).ok_or(Error::Overflow)?;
                self.registrars.insert(account, &());
            } else {
                self.registrar_count =
                    self.registrar_count.checked_sub(1).ok_or(Error::Overflow)?;
                self.registrars.remove(account);
            }
            self.env().emit_event(RegistrarChanged {
                registrar: account,
                by,
                added: add,
            });
            Ok(true)
        }

        #[inline(never)]
        fn append_log(
            &mut self,
            patient: AccountId,
            actor: AccountId,
            action: Action,
            counterpart: Option<AccountId>,
            record: Option<RecordId>,
            version: Option<VersionId>,
        ) -> Result<()> {
            let mut p = self.ensure_patient(patient)?;
            let index = p.log_len;
            p.log_len = index.checked_add(1).ok_or(Error::Overflow)?;
            self.log.insert(
                (patient, index),
                &LogEntry {
                    actor,
                    action,
                    counterpart,
                    record,
                    version,
                    at: self.env().block_timestamp(),
                    block: self.env().block_number(),
                    as_guardian: actor != patient && self.guardians.contains((patient, actor)),
                },
            );
            self.patients.insert(patient, &p);
            Ok(())
        }

        #[inline(never)]
        fn put_grant(
            &mut self,
            patient: AccountId,
            doctor: AccountId,
            scope: Scope,
            kind: AccessKind,
            expires_at: Option<Timestamp>,
        ) -> Result<()> {
            let granted_at = self.env().block_timestamp();
            let key = (patient, doctor, scope);
            if let Some(mut grant) = self.grants.get(key) {
                grant.kind = kind;
                grant.expires_at = expires_at;
                grant.granted_at = granted_at;
                self.grants.insert(key, &grant);
                return Ok(());
            }
            let mut p = self.ensure_patient(patient)?;
            if p.grant_count >= MAX_GRANTS_PER_PATIENT {
                return Err(Error::TooManyGrants);
            }
            let slot = slots::push(
                &mut self.grant_slots,
                patient,
                &mut p.grant_count,
                &(doctor, scope),
            )?;
            self.patients.insert(patient, &p);
            self.grants.insert(
                key,
                &Grant {
                    kind,
                    expires_at,
                    granted_at,
                    slot,
                },
            );
            self.hold_doctor_patient(doctor, patient)
        }

        /// Counts one more grant from `patient` to `doctor`, listing the patient for the doctor.
        #[inline(never)]
        fn hold_doctor_patient(&mut self, doctor_id: AccountId, patient: AccountId) -> Result<()> {
            let key = (doctor_id, patient);
            let refs = match self.doctor_patient_refs.get(key) {
                Some((slot, refs)) => (slot, refs.checked_add(1).ok_or(Error::Overflow)?),
                None => {
                    let mut doctor = self.ensure_doctor(doctor_id)?;
                    let slot = slots::push(
                        &mut self.lists,
                        (DOCTOR_PATIENTS, doctor_id),
                        &mut doctor.patient_count,
                        &patient,
                    )?;
                    self.doctors.insert(doctor_id, &doctor);
                    (slot, 1)
                }
            };
            self.doctor_patient_refs.insert(key, &refs);
            Ok(())
        }

        /// Counts one grant less; unlists the patient for the doctor at zero.
        #[inline(never)]
        fn release_doctor_patient(
            &mut self,
            doctor_id: AccountId,
            patient: AccountId,
        ) -> Result<()> {
            let key = (doctor_id, patient);
            let Some((slot, refs)) = self.doctor_patient_refs.get(key) else {
                return Ok(());
            };
            if refs > 1 {
                self.doctor_patient_refs
                    .insert(key, &(slot, refs.saturating_sub(1)));
                return Ok(());
            }
            self.doctor_patient_refs.remove(key);
            let mut doctor = self.ensure_doctor(doctor_id)?;
            if let Some(moved) = slots::swap_remove(
                &mut self.lists,
                (DOCTOR_PATIENTS, doctor_id),
                slot,
                &mut doctor.patient_count,
            )? {
                slots::update(&mut self.doctor_patient_refs, (doctor_id, moved), |r| {
                    r.0 = slot
                });
            }
            self.doctors.insert(doctor_id, &doctor);
            Ok(())
        }

        #[inline(never)]
        fn close_request(
            &mut self,
            patient: AccountId,
            doctor_id: AccountId,
            mut request: Request,
            status: RequestStatus,
        ) -> Result<()> {
            let mut p = self.ensure_patient(patient)?;
            if let Some(moved) = slots::swap_remove(
                &mut self.lists,
                (PATIENT_REQUESTS, patient),
                request.patient_slot,
                &mut p.request_count,
            )? {
                slots::update(&mut self.requests, (patient, moved), |r| {
                    r.patient_slot = request.patient_slot
                });
            }
            self.patients.insert(patient, &p);
            let mut doctor = self.ensure_doctor(doctor_id)?;
            if let Some(moved) = slots::swap_remove(
                &mut self.lists,
                (DOCTOR_REQUESTS, doctor_id),
                request.doctor_slot,
                &mut doctor.request_count,
            )? {
                slots::update(&mut self.requests, (moved, doctor_id), |r| {
                    r.doctor_slot = request.doctor_slot
                });
            }
            self.doctors.insert(doctor_id, &doctor);
            request.status = status;
            request.decided_at = Some(self.env().block_timestamp());
            self.requests.insert((patient, doctor_id), &request);
            Ok(())
        }

        /// Stores checked wraps, each in a new reader slot.
        fn put_wraps(
            &mut self,
            patient: AccountId,
            record_id: RecordId,
            version_id: VersionId,
            record_type: RecordType,
            mut version: Version,
            wraps: Vec<Wrap>,
        ) -> Result<()> {
            self.ensure_wraps(
                patient,
                (record_id, record_type),
                version_id,
                version.reader_count,
                &wraps,
            )?;
            let key = (patient, record_id, version_id);
            let count = wraps.len();
            for (reader, wrap) in wraps {
                let slot = slots::push(
                    &mut self.wrap_slots,
                    key,
                    &mut version.reader_count,
                    &reader,
                )?;
                self.wraps
                    .insert((patient, record_id, version_id, reader), &(slot, wrap));
            }
            self.versions.insert(key, &version);
            if count > 0 {
                self.env().emit_event(KeysWrapped {
                    patient,
                    by: self.env().caller(),
                    record: record_id,
                    version: version_id,
                    readers: u32::try_from(count).map_err(|_| Error::Overflow)?,
                });
            }
            Ok(())
        }

        /// Checks every wrap before any is stored: count, size, the reader's access, that the
        /// reader holds no key yet (keys are never replaced), and the cap on readers.
        #[inline(never)]
        fn ensure_wraps(
            &self,
            patient: AccountId,
            (record_id, record_type): (RecordId, RecordType),
            version_id: VersionId,
            reader_count: u32,
            wraps: &[Wrap],
        ) -> Result<()> {
            let count = u32::try_from(wraps.len()).map_err(|_| Error::TooManyWraps)?;
            if count > MAX_WRAPS_PER_CALL {
                return Err(Error::TooManyWraps);
            }
            for (i, (reader, wrap)) in wraps.iter().enumerate() {
                Self::ensure_wrap_size(wrap)?;
                if !self.may_read(patient, *reader, (record_id, record_type)) {
                    return Err(Error::ReaderHasNoAccess);
                }
                let repeated = wraps.iter().take(i).any(|(r, _)| r == reader);
                if repeated
                    || self
                        .wraps
                        .contains((patient, record_id, version_id, *reader))
                {
                    return Err(Error::WrapExists);
                }
            }
            if reader_count.checked_add(count).ok_or(Error::Overflow)? > MAX_READERS_PER_VERSION {
                return Err(Error::TooManyReaders);
            }
            Ok(())
        }

        /// True when `reader` may read the record now: the access rule, or the emergency key of
        /// the patient's current policy when it covers the record's type.
        fn may_read(
            &self,
            patient: AccountId,
            reader: AccountId,
            (record_id, record_type): (RecordId, RecordType),
        ) -> bool {
            match emergency_generation(reader.as_ref()) {
                Some(generation) => self
                    .emergency_policies
                    .get(patient)
                    .is_some_and(|p| p.generation == generation && p.covers(record_type)),
                None => self
                    .ensure_access(patient, reader, Some(record_id), AccessKind::Read)
                    .is_ok(),
            }
        }

        #[inline(never)]
        fn request_info(&self, patient: AccountId, doctor: AccountId) -> Option<RequestInfo> {
            self.requests
                .get((patient, doctor))
                .map(|request| RequestInfo {
                    patient,
                    doctor,
                    request,
                })
        }

        fn grant_info(
            &self,
            patient: AccountId,
            doctor: AccountId,
            scope: Scope,
        ) -> Option<GrantInfo> {
            let now = self.env().block_timestamp();
            let grant = self.grants.get((patient, doctor, scope))?;
            let doctor_suspended = self
                .doctors
                .get(doctor)
                .is_some_and(|d| d.status == DoctorStatus::Suspended);
            Some(GrantInfo {
                patient,
                doctor,
                scope,
                kind: grant.kind,
                expires_at: grant.expires_at,
                granted_at: grant.granted_at,
                doctor_suspended,
                active: grant.active_at(now) && !doctor_suspended,
            })
        }

        // ------------------------------------------------------------------- ensures

        fn ensure_valid_key(key: &PublicKey) -> Result<()> {
            if validate::is_low_order(key) {
                return Err(Error::InvalidPublicKey);
            }
            Ok(())
        }

        fn ensure_valid_profile(profile: &DoctorProfile) -> Result<()> {
            let fields = [
                &profile.name,
                &profile.specialization,
                &profile.clinic_address,
                &profile.branch,
                &profile.licence_number,
            ];
            if fields
                .iter()
                .any(|f| f.is_empty() || f.len() > MAX_PROFILE_FIELD_BYTES as usize)
            {
                return Err(Error::InvalidProfileField);
            }
            Ok(())
        }

        #[inline(never)]
        fn ensure_patient(&self, account: AccountId) -> Result<Patient> {
            self.patients
                .get(account)
                .ok_or(Error::PatientNotRegistered)
        }

        #[inline(never)]
        fn ensure_doctor(&self, account: AccountId) -> Result<Doctor> {
            self.doctors.get(account).ok_or(Error::DoctorNotRegistered)
        }

        fn ensure_registrar(&self, account: AccountId) -> Result<()> {
            if !self.registrars.contains(account) {
                return Err(Error::NotRegistrar);
            }
            Ok(())
        }

        /// The caller is `patient`, or their guardian at `needed` level or above. Returns the
        /// caller (the actor to log).
        #[inline(never)]
        fn ensure_acts_for(&self, patient: AccountId, needed: GuardianLevel) -> Result<AccountId> {
            let caller = self.env().caller();
            if caller == patient {
                return Ok(caller);
            }
            match self.guardians.get((patient, caller)) {
                Some(g) if g.level >= needed => Ok(caller),
                Some(_) => Err(Error::GuardianLevelTooLow),
                None => Err(Error::NotPatient),
            }
        }

        fn ensure_wrap_size(wrap: &[u8]) -> Result<()> {
            if wrap.is_empty() || wrap.len() > MAX_WRAP_BYTES as usize {
                return Err(Error::InvalidWrap);
            }
            Ok(())
        }

        /// The patient's policy while `doctor_id`'s break-glass on `patient` is in force: the
        /// doctor verified, the patient still opted in under the same policy generation, not
        /// expired, and (for a record) its type covered.
        #[inline(never)]
        fn emergency_in_force(
            &self,
            patient: AccountId,
            doctor_id: AccountId,
            doctor: &Doctor,
            record: Option<RecordId>,
        ) -> Option<EmergencyPolicy> {
            if doctor.status != DoctorStatus::Verified {
                return None;
            }
            let policy = self.emergency_policies.get(patient)?;
            let emergency = self.emergencies.get((patient, doctor_id))?;
            if emergency.generation != policy.generation
                || !emergency.active_at(self.env().block_timestamp())
            {
                return None;
            }
            let covered = record.is_none_or(|id| {
                self.records
                    .get((patient, id))
                    .is_some_and(|r| policy.covers(r.record_type))
            });
            covered.then_some(policy)
        }

        fn ensure_caller_is(&self, account: AccountId) -> Result<()> {
            if self.env().caller() != account {
                return Err(Error::NotPatient);
            }
            Ok(())
        }

        /// The id a writer encrypted for must follow the last one.
        fn ensure_next_id(last: u32, given: u32) -> Result<()> {
            if last.checked_add(1).ok_or(Error::Overflow)? != given {
                return Err(Error::NotNextId);
            }
            Ok(())
        }

        fn ensure_record(&self, patient: AccountId, record_id: RecordId) -> Result<Record> {
            self.records
                .get((patient, record_id))
                .ok_or(Error::RecordNotFound)
        }

        fn ensure_version(
            &self,
            patient: AccountId,
            record_id: RecordId,
            version_id: VersionId,
        ) -> Result<Version> {
            self.ensure_record_version(patient, record_id, version_id)
                .map(|(_, version)| version)
        }

        #[inline(never)]
        fn ensure_record_version(
            &self,
            patient: AccountId,
            record_id: RecordId,
            version_id: VersionId,
        ) -> Result<(Record, Version)> {
            let record = self.ensure_record(patient, record_id)?;
            let version = self
                .versions
                .get((patient, record_id, version_id))
                .ok_or(Error::VersionNotFound)?;
            Ok((record, version))
        }

        fn ensure_scope_exists(&self, patient: AccountId, scope: Scope) -> Result<()> {
            if let Scope::Record(id) = scope {
                self.ensure_record(patient, id)?;
            }
            Ok(())
        }

        /// A grant `actor` makes for `patient`: never to the patient, nor to the actor itself (a
        /// guardian's own access must not outlive its appointment).
        fn ensure_grant_valid(
            &self,
            actor: AccountId,
            patient: AccountId,
            doctor: AccountId,
            scope: Scope,
            expires_at: Option<Timestamp>,
        ) -> Result<()> {
            if doctor == patient || doctor == actor {
                return Err(Error::SelfGrant);
            }
            self.ensure_doctor(doctor)?;
            if let Some(expiry) = expires_at {
                if expiry <= self.env().block_timestamp() {
                    return Err(Error::InvalidExpiry);
                }
            }
            self.ensure_scope_exists(patient, scope)
        }

        /// A doctor asks again only when the last request is decided, and not within
        /// `REQUEST_COOLDOWN_MS` of a denial.
        fn ensure_may_ask_again(&self, last: &Request) -> Result<()> {
            match (last.status, last.decided_at) {
                (RequestStatus::Pending, _) => Err(Error::RequestPending),
                (RequestStatus::Denied, Some(at))
                    if self.env().block_timestamp() < at.saturating_add(REQUEST_COOLDOWN_MS) =>
                {
                    Err(Error::RequestCooldown)
                }
                _ => Ok(()),
            }
        }

        /// Only a doctor a registrar verified (not unverified, not suspended).
        fn ensure_verified(doctor: &Doctor) -> Result<()> {
            match doctor.status {
                DoctorStatus::Verified => Ok(()),
                DoctorStatus::Suspended => Err(Error::DoctorSuspended),
                DoctorStatus::Unverified => Err(Error::DoctorNotVerified),
            }
        }

        fn ensure_pending_request(&self, patient: AccountId, doctor: AccountId) -> Result<Request> {
            match self.requests.get((patient, doctor)) {
                Some(r) if r.status == RequestStatus::Pending => Ok(r),
                _ => Err(Error::RequestNotFound),
            }
        }

        /// Chunks are full (`MAX_CHUNK_BYTES`) except the last, which holds what remains. So a
        /// version has at most `MAX_CHUNKS_PER_VERSION` chunks, and chunk `i` starts at byte
        /// `i * MAX_CHUNK_BYTES`.
        fn ensure_chunk(chunk: &[u8], remaining: u32) -> Result<u32> {
            let len = u32::try_from(chunk.len()).map_err(|_| Error::InvalidChunk)?;
            if len == 0 || len != remaining.min(MAX_CHUNK_BYTES) {
                return Err(Error::InvalidChunk);
            }
            Ok(len)
        }

        fn ensure_readable(version: &Version) -> Result<()> {
            if version.erased {
                return Err(Error::VersionErased);
            }
            if !version.complete() {
                return Err(Error::VersionIncomplete);
            }
            Ok(())
        }

        /// The caller-independent access rule: the patient always; a guardian whose level
        /// carries the kind; a doctor with a grant that covers the record and kind, is not
        /// expired, and is not suspended; for reading, a doctor whose break-glass is in force.
        fn ensure_access(
            &self,
            patient: AccountId,
            actor: AccountId,
            record: Option<RecordId>,
            needed: AccessKind,
        ) -> Result<()> {
            self.access_via(patient, actor, record, needed).map(|_| ())
        }

        /// The access rule, saying how `actor` has access: `None` by the patient's consent (or
        /// as the patient), `Some(covered)` only through a break-glass in force, which reaches
        /// the record types in the `covered` mask.
        #[inline(never)]
        fn access_via(
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
                .guardians
                .get((patient, actor))
                .is_some_and(|g| g.level.access().covers(needed))
            {
                return Ok(None);
            }
            let Some(doctor) = self.doctors.get(actor) else {
                return Err(Error::NoAccess);
            };
            let now = self.env().block_timestamp();
            let mut expired = false;
            let scopes = [Some(Scope::Chart), record.map(Scope::Record)];
            for scope in scopes.into_iter().flatten() {
                if let Some(grant) = self.grants.get((patient, actor, scope)) {
                    if !grant.kind.covers(needed) {
                        continue;
                    }
                    if !grant.active_at(now) {
                        expired = true;
                        continue;
                    }
                    if doctor.status == DoctorStatus::Suspended {
                        return Err(Error::DoctorSuspended);
                    }
                    return Ok(None);
                }
            }
            if needed == AccessKind::Read {
                if let Some(policy) = self.emergency_in_force(patient, actor, &doctor, record) {
                    return Ok(Some(policy.covered));
                }
            }
            Err(if expired {
                Error::GrantExpired
            } else {
                Error::NoAccess
            })
        }
    }

    fn record_of(scope: Scope) -> Option<RecordId> {
        match scope {
            Scope::Chart => None,
            Scope::Record(id) => Some(id),
        }
    }
}
