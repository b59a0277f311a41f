//! # ehr: patient-owned electronic health records
//!
//! The contract is the source of truth for who may do what with a patient's records:
//!
//! - **Accounts.** Patients and doctors register themselves with an x25519 public key; doctors
//!   add a public professional profile. Registrars (licensing authorities; the deployer is the
//!   first) verify or suspend doctors; a majority of them changes their set.
//! - **Consent.** A patient grants a doctor read or write access (write implies read) to the
//!   whole chart or one record, optionally until an expiry; revokes at any time. Verified
//!   doctors may request access; the patient approves (possibly narrower) or denies.
//! - **Care.** Guardians act for a patient at the level the patient chose; a patient may opt in
//!   to emergency (break-glass) access by verified doctors.
//! - **Records.** Each record has versions; nothing is overwritten. A version holds its
//!   ciphertext (in chunks), its hash and length, and the data key wrapped for each reader.
//! - **Audit.** Every state change emits an event, and the patient's log in storage records
//!   who did what to which record and when, readable in pages.
//!
//! The contract never sees plaintext: the `ehr` CLI encrypts on the user's machine. Chain
//! state is public to anyone who runs a node, so the access checks here audit honest clients;
//! the envelope encryption is what keeps the data secret.
//!
//! Layout, one job per file:
//!
//! - `lib.rs`: the messages with their `# Errors`, each one authorise → store → log → emit.
//!   They never touch a `Mapping`.
//! - `flows/`: the messages' steps on `Ehr` (they read the caller and the block and emit), one
//!   file per concern: the caller and the rules at this block, the log entry with its event,
//!   registrars' acts, grants and the lists queries return, record versions, the emergency wrap.
//! - `access.rs`: who may do what; `validate.rs`: pure checks of arguments and of a stored
//!   doctor or request.
//! - `store/`: one `#[ink::storage_item]` per concern (accounts, consent, records, care, audit),
//!   every list one `SlotList`. The stores never read the caller nor emit.
//! - `types/`, `events.rs`, `errors.rs`, `limits.rs`: what clients decode and rely on.
#![cfg_attr(not(feature = "std"), no_std, no_main)]

pub mod access;
pub mod errors;
pub mod events;
mod flows;
pub mod limits;
pub mod store;
pub mod types;
pub mod validate;

pub use self::ehr::{Ehr, EhrRef};
pub use errors::{Error, Result};
pub use store::records::Wrap;
pub use types::*;

#[cfg(test)]
mod tests;

#[ink::contract]
mod ehr {
    use crate::errors::{Error, Result};
    use crate::events::*;
    use crate::flows::About;
    use crate::store::{
        accounts::Accounts,
        audit::Audit,
        care::Care,
        consent::Consent,
        records::{Records, Wrap},
    };
    use crate::types::*;
    use crate::validate;
    use ink::prelude::vec::Vec;

    /// The contract's storage: one store per concern (see `store`).
    #[ink(storage)]
    pub struct Ehr {
        pub(crate) accounts: Accounts,
        pub(crate) consent: Consent,
        pub(crate) records: Records,
        pub(crate) care: Care,
        pub(crate) audit: Audit,
    }

    impl Ehr {
        /// Creates an empty registry with the deployer as the first registrar.
        #[ink(constructor)]
        #[allow(clippy::new_without_default)] // a default would have to read the deployer too
        pub fn new() -> Self {
            Self {
                accounts: Accounts::with_registrar(Self::env().caller()),
                consent: Consent::default(),
                records: Records::default(),
                care: Care::default(),
                audit: Audit::default(),
            }
        }

        // ------------------------------------------------------------------ accounts

        /// Registers the caller as a patient with their x25519 public key.
        ///
        /// # Errors
        /// `InvalidPublicKey` for a small-order key; `PatientAlreadyRegistered`.
        #[ink(message)]
        pub fn register_patient(&mut self, encryption_key: PublicKey) -> Result<()> {
            let caller = self.env().caller();
            validate::key(&encryption_key)?;
            let patient = PatientRecord {
                encryption_key,
                registered_at: self.env().block_timestamp(),
                record_count: 0,
                emergency_generation: 0,
            };
            self.accounts.add_patient(caller, &patient)?;
            let event = PatientRegistered {
                patient: caller,
                encryption_key,
            };
            self.log_and_emit(
                caller,
                caller,
                Action::PatientRegistered,
                About::NOTHING,
                event,
            )
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
            validate::key(&encryption_key)?;
            validate::profile(&profile)?;
            let doctor = DoctorRecord {
                encryption_key,
                profile,
                status: DoctorStatus::Unverified,
                registered_at: self.env().block_timestamp(),
            };
            self.accounts.add_doctor(caller, &doctor)?;
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
        /// `InvalidPublicKey`; `NotRegistered` when the caller is neither patient nor doctor.
        #[ink(message)]
        pub fn rotate_key(&mut self, encryption_key: PublicKey) -> Result<()> {
            let caller = self.env().caller();
            validate::key(&encryption_key)?;
            let event = KeyRotated {
                account: caller,
                encryption_key,
            };
            if !self.accounts.rotate_key(caller, encryption_key)? {
                // Only a patient has a log: a doctor's rotation is the event alone.
                self.env().emit_event(event);
                return Ok(());
            }
            self.log_and_emit(caller, caller, Action::KeyRotated, About::NOTHING, event)
        }

        /// Returns a registered patient, with the lengths of their lists.
        ///
        /// # Errors
        /// `PatientNotRegistered`.
        #[ink(message)]
        pub fn patient(&self, account: AccountId) -> Result<Patient> {
            let p = self.accounts.patient(account)?;
            Ok(Patient {
                encryption_key: p.encryption_key,
                registered_at: p.registered_at,
                record_count: p.record_count,
                grant_count: self.consent.grant_count(account),
                request_count: self.consent.patient_request_count(account),
                log_len: self.audit.len(account),
                guardian_count: self.care.guardian_count(account),
                emergency_generation: p.emergency_generation,
            })
        }

        /// Returns a registered doctor, with the lengths of their lists.
        ///
        /// # Errors
        /// `DoctorNotRegistered`.
        #[ink(message)]
        pub fn doctor(&self, account: AccountId) -> Result<Doctor> {
            let d = self.accounts.doctor(account)?;
            Ok(Doctor {
                encryption_key: d.encryption_key,
                profile: d.profile,
                status: d.status,
                registered_at: d.registered_at,
                patient_count: self.consent.patient_count(account),
                request_count: self.consent.doctor_request_count(account),
            })
        }

        /// Lists doctors in registration order, `limit` (≤ `MAX_PAGE`) from index `from`.
        ///
        /// # Errors
        /// `PageTooLarge`.
        #[ink(message)]
        pub fn doctors(&self, from: u32, limit: u32) -> Result<Vec<(AccountId, Doctor)>> {
            let mut doctors = Vec::new();
            for account in self.accounts.directory(from, limit)? {
                doctors.push((account, self.doctor(account)?));
            }
            Ok(doctors)
        }

        /// (patients, doctors) registered (tests only: clients page `doctors`).
        #[cfg(test)]
        pub fn counts(&self) -> (u32, u32) {
            self.accounts.counts()
        }

        /// The root's plain fields (tests only): with the storage writes, what a refused call
        /// must leave as it was.
        #[cfg(test)]
        pub fn root(&self) -> (u32, u32, u32) {
            let (patients, _) = self.accounts.counts();
            let (registrars, epoch) = self.accounts.registrar_set();
            (patients, registrars, epoch)
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
            self.accounts.ensure_registrar(caller)?;
            if self.accounts.is_registrar(account) {
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
            self.accounts.ensure_registrar(caller)?;
            if !self.accounts.is_registrar(account) {
                return Err(Error::RegistrarNotFound);
            }
            if self.accounts.registrar_set().0 <= 1 {
                return Err(Error::LastRegistrar);
            }
            self.approve_registrar_change(caller, account, false)
        }

        /// The pending change of `account`'s registrar status, if any.
        #[ink(message)]
        pub fn registrar_proposal(&self, account: AccountId) -> Option<RegistrarProposal> {
            self.accounts.proposal(account)
        }

        /// True when `account` is a registrar.
        #[ink(message)]
        pub fn is_registrar(&self, account: AccountId) -> bool {
            self.accounts.is_registrar(account)
        }

        /// Verifies a doctor, or reinstates a suspended one. Caller must be a registrar.
        ///
        /// # Errors
        /// `NotRegistrar`; `SelfVerification`; `DoctorNotRegistered`.
        #[ink(message)]
        pub fn verify_doctor(&mut self, doctor: AccountId) -> Result<()> {
            self.set_doctor_status(doctor, DoctorStatus::Verified)
        }

        /// Suspends a doctor: none of their grants works until a registrar verifies them again.
        ///
        /// # Errors
        /// `NotRegistrar`; `SelfVerification`; `DoctorNotRegistered`.
        #[ink(message)]
        pub fn suspend_doctor(&mut self, doctor: AccountId) -> Result<()> {
            self.set_doctor_status(doctor, DoctorStatus::Suspended)
        }

        // -------------------------------------------------------------------- grants

        /// `patient` grants `doctor` access to `scope`, until `expires_at` if given. The caller
        /// is the patient or their guardian at `Manage` level (never for the guardian itself: its
        /// access would outlive its appointment). Granting again for the same doctor and scope
        /// replaces kind and expiry.
        ///
        /// # Errors
        /// `NotPatient`/`GuardianLevelTooLow`; `PatientNotRegistered`; `SelfGrant`;
        /// `DoctorNotRegistered`; `InvalidExpiry`; `RecordNotFound` for a record scope;
        /// `TooManyGrants`.
        #[ink(message)]
        pub fn grant_access(
            &mut self,
            patient: AccountId,
            doctor: AccountId,
            scope: Scope,
            kind: AccessKind,
            expires_at: Option<Timestamp>,
        ) -> Result<()> {
            let actor = self.acts_for(patient, GuardianLevel::Manage)?;
            self.put_grant(actor, (patient, doctor, scope), kind, expires_at)?;
            self.log_and_emit(
                patient,
                actor,
                Action::AccessGranted { scope, kind },
                About::grant(doctor, scope),
                AccessGranted {
                    patient,
                    doctor,
                    scope,
                    kind,
                    expires_at,
                },
            )
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
            let actor = self.acts_for(patient, GuardianLevel::Manage)?;
            self.accounts.ensure_patient(patient)?;
            self.consent.remove_grant((patient, doctor, scope))?;
            self.log_and_emit(
                patient,
                actor,
                Action::AccessRevoked { scope },
                About::grant(doctor, scope),
                AccessRevoked {
                    patient,
                    doctor,
                    scope,
                },
            )
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
            self.acts_for(patient, GuardianLevel::View)?;
            self.accounts.ensure_patient(patient)?;
            let refs = self.consent.grant_page(patient, from, limit)?;
            Ok(self.grant_infos(patient, refs, None))
        }

        /// Lists the grants between a patient and a doctor (caller must be one of them).
        ///
        /// # Errors
        /// `NotParty` when the caller is neither; `PatientNotRegistered`.
        #[ink(message)]
        pub fn grants_between(
            &self,
            patient: AccountId,
            doctor: AccountId,
        ) -> Result<Vec<GrantInfo>> {
            self.ensure_party(patient, doctor)?;
            self.accounts.ensure_patient(patient)?;
            Ok(self.grant_infos(patient, self.consent.all_grants(patient), Some(doctor)))
        }

        /// Lists the patients whose grants name the doctor (caller must be the doctor).
        ///
        /// # Errors
        /// `NotParty` when the caller is not the doctor; `DoctorNotRegistered`; `PageTooLarge`.
        #[ink(message)]
        pub fn patients_of_doctor(
            &self,
            doctor: AccountId,
            from: u32,
            limit: u32,
        ) -> Result<Vec<AccountId>> {
            self.ensure_party(doctor, doctor)?;
            self.accounts.ensure_doctor(doctor)?;
            self.consent.patients_of(doctor, from, limit)
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
            let doctor = self.env().caller();
            validate::verified(&self.accounts.doctor(doctor)?)?;
            self.accounts.ensure_patient(patient)?;
            if patient == doctor {
                return Err(Error::SelfGrant);
            }
            self.ensure_scope_exists(patient, scope)?;
            let now = self.env().block_timestamp();
            if let Some(last) = self.consent.request(patient, doctor) {
                validate::may_ask_again(&last, now)?;
            }
            self.consent
                .open_request(patient, doctor, (scope, kind, reason), now)?;
            self.log_and_emit(
                patient,
                doctor,
                Action::AccessRequested { scope, kind },
                About::grant(doctor, scope),
                AccessRequested {
                    patient,
                    doctor,
                    scope,
                    kind,
                    reason,
                },
            )
        }

        /// `patient` approves `doctor`'s pending request; the caller is the patient or their
        /// guardian at `Manage` level (never for the guardian itself). `scope`, `kind` and
        /// `expires_at` may narrow what was asked; `None` keeps the request's scope and kind,
        /// and the expiry of a grant the doctor already holds for that scope (an approval never
        /// turns an expiring grant into a permanent one).
        ///
        /// # Errors
        /// `NotPatient`/`GuardianLevelTooLow`; `PatientNotRegistered`; `RequestNotFound`;
        /// `ApprovalWidens`; `SelfGrant`; `DoctorNotRegistered`; `InvalidExpiry`;
        /// `RecordNotFound`; `TooManyGrants`.
        #[ink(message)]
        pub fn approve_request(
            &mut self,
            patient: AccountId,
            doctor: AccountId,
            scope: Option<Scope>,
            kind: Option<AccessKind>,
            expires_at: Option<Timestamp>,
        ) -> Result<()> {
            let actor = self.acts_for(patient, GuardianLevel::Manage)?;
            self.accounts.ensure_patient(patient)?;
            let request = self.pending_request(patient, doctor)?;
            let scope = scope.unwrap_or(request.scope);
            let kind = kind.unwrap_or(request.kind);
            if !request.allows(scope, kind) {
                return Err(Error::ApprovalWidens);
            }
            let now = self.env().block_timestamp();
            let expires_at =
                expires_at.or_else(|| self.consent.live_expiry((patient, doctor, scope), now));
            self.put_grant(actor, (patient, doctor, scope), kind, expires_at)?;
            self.consent
                .close_request(patient, doctor, request, RequestStatus::Approved, now)?;
            self.log_and_emit(
                patient,
                actor,
                Action::RequestApproved,
                About::grant(doctor, scope),
                RequestDecided {
                    patient,
                    doctor,
                    approved: true,
                },
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

        /// `patient` denies `doctor`'s pending request; the caller is the patient or their
        /// guardian at `Manage` level.
        ///
        /// # Errors
        /// `NotPatient`/`GuardianLevelTooLow`; `PatientNotRegistered`; `RequestNotFound`.
        #[ink(message)]
        pub fn deny_request(&mut self, patient: AccountId, doctor: AccountId) -> Result<()> {
            let actor = self.acts_for(patient, GuardianLevel::Manage)?;
            self.accounts.ensure_patient(patient)?;
            let request = self.pending_request(patient, doctor)?;
            let now = self.env().block_timestamp();
            self.consent
                .close_request(patient, doctor, request, RequestStatus::Denied, now)?;
            self.log_and_emit(
                patient,
                actor,
                Action::RequestDenied,
                About::grant(doctor, request.scope),
                RequestDecided {
                    patient,
                    doctor,
                    approved: false,
                },
            )
        }

        /// The latest request between a patient and a doctor (caller must be one of them).
        ///
        /// # Errors
        /// `NotParty` when the caller is neither; `RequestNotFound`.
        #[ink(message)]
        pub fn request(&self, patient: AccountId, doctor: AccountId) -> Result<Request> {
            self.ensure_party(patient, doctor)?;
            self.consent
                .request(patient, doctor)
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
            self.acts_for(patient, GuardianLevel::View)?;
            self.accounts.ensure_patient(patient)?;
            let doctors = self.consent.requests_to(patient, from, limit)?;
            Ok(self.request_infos(doctors.into_iter().map(|doctor| (patient, doctor))))
        }

        /// The doctor's pending requests (caller must be the doctor).
        ///
        /// # Errors
        /// `NotParty` when the caller is not the doctor; `DoctorNotRegistered`; `PageTooLarge`.
        #[ink(message)]
        pub fn requests_of_doctor(
            &self,
            doctor: AccountId,
            from: u32,
            limit: u32,
        ) -> Result<Vec<RequestInfo>> {
            self.ensure_party(doctor, doctor)?;
            self.accounts.ensure_doctor(doctor)?;
            let patients = self.consent.requests_from(doctor, from, limit)?;
            Ok(self.request_infos(patients.into_iter().map(|patient| (patient, doctor))))
        }

        // ------------------------------------------------------------------- records

        /// Adds a record to `patient`'s chart with its first version. The caller is the patient,
        /// a guardian who may write, or a doctor with chart-wide write access. `record_id` is the
        /// id the ciphertext was encrypted for: it must be the chart's next id, so a retried call
        /// cannot add the same version twice. `version` carries the start of the ciphertext (the
        /// whole of it when it fits) and the data key wrapped for readers: at least one for the
        /// patient and one for the writer, so both can always open (and share) it.
        ///
        /// # Errors
        /// `PatientNotRegistered`; `NoAccess`/`GrantExpired`/`DoctorSuspended`; `NotNextId`;
        /// `InvalidLength`; `InvalidChunk`; `WrapMissing`; `ReaderHasNoAccess`; `InvalidWrap`;
        /// `WrapExists`; `TooManyWraps`.
        #[ink(message)]
        pub fn add_record(
            &mut self,
            patient: AccountId,
            record_id: RecordId,
            record_type: RecordType,
            version: NewVersion,
        ) -> Result<RecordId> {
            let author = self.env().caller();
            let mut p = self.accounts.patient(patient)?;
            self.rules()
                .ensure_access(patient, author, None, AccessKind::Write)?;
            validate::next_id(p.record_count, record_id)?;
            let record = Record {
                record_type,
                author,
                created_at: self.env().block_timestamp(),
                version_count: 0,
            };
            self.store_version(patient, record_id, record, Action::RecordAdded, version)?;
            p.record_count = record_id;
            self.accounts.set_patient(patient, &p);
            Ok(record_id)
        }

        /// Adds a new version of a record (nothing is overwritten). The caller is the patient,
        /// a guardian who may write, or a doctor with write access covering the record.
        /// `version_id` is the version the ciphertext was encrypted for and must be the
        /// record's next one.
        ///
        /// # Errors
        /// As `add_record`, and `RecordNotFound`.
        #[ink(message)]
        pub fn update_record(
            &mut self,
            patient: AccountId,
            record_id: RecordId,
            version_id: VersionId,
            version: NewVersion,
        ) -> Result<VersionId> {
            let author = self.env().caller();
            self.accounts.ensure_patient(patient)?;
            let record = self.records.record(patient, record_id)?;
            self.rules()
                .ensure_access(patient, author, Some(record_id), AccessKind::Write)?;
            validate::next_id(record.version_count, version_id)?;
            self.store_version(patient, record_id, record, Action::RecordUpdated, version)
        }

        /// Appends the next chunk of a version's ciphertext. Only the version's author, while
        /// they still have write access, and only until the version is complete. `index` is the
        /// chunk's place in the version (the first chunk, index 0, came with the version): it
        /// must be the version's `chunk_count`, so a chunk sent twice (a resend, or a resume that
        /// read an older state) is refused instead of stored twice.
        ///
        /// # Errors
        /// `RecordNotFound`; `VersionNotFound`; `NotAuthor`; `VersionErased`;
        /// `VersionComplete`; access errors; `NotNextChunk`; `InvalidChunk`.
        #[ink(message)]
        pub fn upload_chunk(
            &mut self,
            patient: AccountId,
            record_id: RecordId,
            version_id: VersionId,
            index: u32,
            chunk: Vec<u8>,
        ) -> Result<()> {
            let author = self.env().caller();
            let key = (patient, record_id, version_id);
            let (_, mut version) = self.records.version(key)?;
            validate::appendable(&version, author)?;
            self.rules()
                .ensure_access(patient, author, Some(record_id), AccessKind::Write)?;
            validate::next_chunk(&version, index)?;
            let index = self.records.append_chunk(key, &mut version, chunk)?;
            self.records.set_version(key, &version);
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
            let key = (patient, record_id, version_id);
            let (record, mut version) = self.records.version(key)?;
            if self.acts_for(patient, GuardianLevel::Manage).is_err() {
                if caller != version.author {
                    return Err(Error::NotAuthor);
                }
                self.rules()
                    .ensure_access(patient, caller, Some(record_id), AccessKind::Write)?;
            }
            if version.erased {
                return Err(Error::VersionErased);
            }
            let readers = validate::wrap_count(wraps.len())?;
            if readers == 0 {
                return Ok(());
            }
            self.rules()
                .ensure_wraps(key, record.record_type, version.reader_count, &wraps)?;
            let counterpart = match wraps.as_slice() {
                [(reader, _)] => Some(*reader),
                _ => None,
            };
            self.records.add_wraps(key, &mut version, wraps)?;
            self.records.set_version(key, &version);
            self.log_and_emit(
                patient,
                caller,
                Action::KeysWrapped { readers },
                About::version(record_id, version_id).with(counterpart),
                KeysWrapped {
                    patient,
                    by: caller,
                    record: record_id,
                    version: version_id,
                    readers,
                },
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
            let key = (patient, record_id, version_id);
            let (record, mut version) = self.records.version(key)?;
            let count = validate::wrap_count(readers.len())?;
            self.rules()
                .ensure_droppable(key, record.record_type, &readers)?;
            for reader in readers {
                self.records.drop_wrap(key, &mut version, reader)?;
            }
            self.records.set_version(key, &version);
            self.log_and_emit(
                patient,
                patient,
                Action::KeysDropped { readers: count },
                About::version(record_id, version_id),
                KeysDropped {
                    patient,
                    record: record_id,
                    version: version_id,
                    readers: count,
                },
            )
        }

        /// The audited read: the caller, who must have read access, opens a complete version.
        /// Writes an entry to the patient's log.
        ///
        /// # Errors
        /// `RecordNotFound`; `VersionNotFound`; access errors; `VersionErased`;
        /// `VersionIncomplete`.
        #[ink(message)]
        pub fn open_record(
            &mut self,
            patient: AccountId,
            record_id: RecordId,
            version_id: VersionId,
        ) -> Result<()> {
            let reader = self.env().caller();
            let (_, version) = self.records.version((patient, record_id, version_id))?;
            self.rules()
                .ensure_access(patient, reader, Some(record_id), AccessKind::Read)?;
            validate::readable(&version)?;
            self.log_and_emit(
                patient,
                reader,
                Action::RecordOpened,
                About::version(record_id, version_id),
                RecordOpened {
                    patient,
                    reader,
                    record: record_id,
                    version: version_id,
                },
            )
        }

        /// The caller (the patient) erases a version: at once nobody may open, read or wrap it
        /// again, its wrapped keys are removed from current state, and so is a first batch of
        /// its chunks (`MAX_CHUNKS_FREED_PER_CALL` less one per wrap: a small version with a
        /// few readers is gone whole).
        /// `free_chunks` removes the rest in bounded steps, so the erase of the largest version
        /// fits in a parachain block. Hash, length, author and a tombstone remain. Archive
        /// nodes keep history. Logged once in the patient's history.
        ///
        /// # Errors
        /// `RecordNotFound`; `VersionNotFound`; `VersionErased`.
        #[ink(message)]
        pub fn erase_version(&mut self, record_id: RecordId, version_id: VersionId) -> Result<()> {
            let patient = self.env().caller();
            let key = (patient, record_id, version_id);
            let (_, mut version) = self.records.version(key)?;
            if version.erased {
                return Err(Error::VersionErased);
            }
            self.records.erase(key, &mut version);
            self.records.set_version(key, &version);
            self.log_and_emit(
                patient,
                patient,
                Action::RecordErased,
                About::version(record_id, version_id),
                RecordErased {
                    patient,
                    record: record_id,
                    version: version_id,
                    chunks_left: version.chunk_count,
                },
            )
        }

        /// The caller (the patient) frees up to `MAX_CHUNKS_FREED_PER_CALL` more chunks of a
        /// version they erased, returning how many are still stored (call again until 0). Not
        /// logged: the erase was.
        ///
        /// # Errors
        /// `RecordNotFound`; `VersionNotFound`; `VersionNotErased`; `NoChunksLeft`.
        #[ink(message)]
        pub fn free_chunks(&mut self, record_id: RecordId, version_id: VersionId) -> Result<u32> {
            let patient = self.env().caller();
            let key = (patient, record_id, version_id);
            let (_, mut version) = self.records.version(key)?;
            validate::freeable(&version)?;
            let freed = self.records.free_chunks(
                key,
                &mut version,
                crate::limits::MAX_CHUNKS_FREED_PER_CALL,
            );
            self.records.set_version(key, &version);
            self.env().emit_event(ChunksFreed {
                patient,
                record: record_id,
                version: version_id,
                freed,
                left: version.chunk_count,
            });
            Ok(version.chunk_count)
        }

        /// A record's metadata, for a caller with read access to it.
        ///
        /// # Errors
        /// `RecordNotFound`; access errors.
        #[ink(message)]
        pub fn record(&self, patient: AccountId, record_id: RecordId) -> Result<Record> {
            let record = self.records.record(patient, record_id)?;
            self.rules().ensure_access(
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
        /// `PageTooLarge`; `PatientNotRegistered`; access errors.
        #[ink(message)]
        pub fn records(
            &self,
            patient: AccountId,
            from: RecordId,
            limit: u32,
        ) -> Result<Vec<(RecordId, Record)>> {
            validate::page(limit)?;
            let p = self.accounts.patient(patient)?;
            let covered =
                self.rules()
                    .access_via(patient, self.env().caller(), None, AccessKind::Read)?;
            self.records
                .page(patient, (from, limit), p.record_count, covered)
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
            self.readable_version(patient, record_id, version_id)
        }

        /// One chunk of a version's ciphertext, for a caller with read access. Chunks of an
        /// incomplete version are served only to its author (to resume an upload).
        ///
        /// # Errors
        /// `RecordNotFound`; `VersionNotFound`; access errors; `VersionErased`;
        /// `VersionIncomplete`; `InvalidChunk` for an index past the end.
        #[ink(message)]
        pub fn chunk(
            &self,
            patient: AccountId,
            record_id: RecordId,
            version_id: VersionId,
            index: u32,
        ) -> Result<Vec<u8>> {
            let version = self.readable_version(patient, record_id, version_id)?;
            if self.env().caller() != version.author {
                validate::readable(&version)?;
            } else if version.erased {
                return Err(Error::VersionErased);
            }
            self.records.chunk((patient, record_id, version_id), index)
        }

        /// The caller's wrapped data key for a version; only while the caller has read access.
        /// A doctor whose break-glass is in force and who holds no key of their own gets the
        /// version's wrap for the current emergency key (the one the custodians release).
        ///
        /// # Errors
        /// `RecordNotFound`; `VersionNotFound`; access errors; `VersionErased`; `WrapNotFound`.
        #[ink(message)]
        pub fn wrapped_key(
            &self,
            patient: AccountId,
            record_id: RecordId,
            version_id: VersionId,
        ) -> Result<Vec<u8>> {
            let caller = self.env().caller();
            let key = (patient, record_id, version_id);
            let version = self.readable_version(patient, record_id, version_id)?;
            if version.erased {
                return Err(Error::VersionErased);
            }
            self.records
                .wrap(key, caller)
                .or_else(|| self.emergency_wrap(key, caller))
                .ok_or(Error::WrapNotFound)
        }

        /// The readers holding a wrapped key for a version (caller: the patient, their guardian
        /// or the author).
        ///
        /// # Errors
        /// `RecordNotFound`; `VersionNotFound`; `NotAuthor`; `PageTooLarge`.
        #[ink(message)]
        pub fn readers(
            &self,
            patient: AccountId,
            record_id: RecordId,
            version_id: VersionId,
            from: u32,
            limit: u32,
        ) -> Result<Vec<AccountId>> {
            let key = (patient, record_id, version_id);
            let (_, version) = self.records.version(key)?;
            if self.env().caller() != version.author
                && self.acts_for(patient, GuardianLevel::View).is_err()
            {
                return Err(Error::NotAuthor);
            }
            self.records.readers(key, &version, from, limit)
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
            self.accounts.ensure_patient(patient)?;
            if guardian == patient {
                return Err(Error::SelfGrant);
            }
            if !self.accounts.is_patient(guardian) && !self.accounts.is_doctor(guardian) {
                return Err(Error::NotRegistered);
            }
            let now = self.env().block_timestamp();
            self.care.put_guardian(patient, guardian, level, now)?;
            self.log_and_emit(
                patient,
                patient,
                Action::GuardianAppointed { level },
                About::party(guardian),
                GuardianChanged {
                    patient,
                    guardian,
                    level: Some(level),
                    by: patient,
                },
            )
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
            self.accounts.ensure_patient(patient)?;
            // Logged before the removal: a guardian stepping down acts as the guardian.
            self.care
                .guardian(patient, guardian)
                .ok_or(Error::GuardianNotFound)?;
            self.log_and_emit(
                patient,
                caller,
                Action::GuardianRemoved,
                About::party(guardian),
                GuardianChanged {
                    patient,
                    guardian,
                    level: None,
                    by: caller,
                },
            )?;
            self.care.remove_guardian(patient, guardian)
        }

        /// The patient's guardians (caller: the patient or one of them).
        ///
        /// # Errors
        /// `NotPatient`; `PatientNotRegistered`.
        #[ink(message)]
        pub fn guardians(&self, patient: AccountId) -> Result<Vec<(AccountId, Guardian)>> {
            self.acts_for(patient, GuardianLevel::View)?;
            self.accounts.ensure_patient(patient)?;
            Ok(self.care.guardians(patient))
        }

        // ----------------------------------------------------------------- emergency

        /// The caller (a patient) opts in to emergency access, or replaces their policy, under
        /// a new `generation`: the patient's next one (generations only grow, also across an
        /// opt-out, so a break-glass or a share of an earlier generation never counts again).
        /// The shares and the emergency wraps are bound to it. See `EmergencyPolicy`.
        ///
        /// # Errors
        /// `PatientNotRegistered`; `InvalidPublicKey`; `InvalidEmergencyPolicy`; `NotRegistrar`
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
            let mut p = self.accounts.patient(patient)?;
            validate::key(&key)?;
            validate::emergency_policy(window, covered, &custodians)?;
            for custodian in custodians {
                self.accounts.ensure_registrar(custodian)?;
            }
            for share in &shares {
                validate::wrap_size(share)?;
            }
            validate::next_id(p.emergency_generation, generation)?;
            p.emergency_generation = generation;
            self.accounts.set_patient(patient, &p);
            let policy = EmergencyPolicy {
                window,
                covered,
                key,
                custodians,
                shares,
                generation,
                enabled_at: self.env().block_timestamp(),
            };
            self.care.set_policy(patient, &policy);
            self.log_and_emit(
                patient,
                patient,
                Action::EmergencyEnabled,
                About::NOTHING,
                EmergencyPolicyChanged {
                    patient,
                    window,
                    covered,
                    generation,
                },
            )
        }

        /// The caller (a patient) opts out: no new break-glass, and any in force ends now.
        ///
        /// # Errors
        /// `EmergencyNotEnabled`.
        #[ink(message)]
        pub fn disable_emergency(&mut self) -> Result<()> {
            let patient = self.env().caller();
            let old = self.care.policy(patient)?;
            self.care.remove_policy(patient);
            self.log_and_emit(
                patient,
                patient,
                Action::EmergencyDisabled,
                About::NOTHING,
                EmergencyPolicyChanged {
                    patient,
                    window: 0,
                    covered: 0,
                    generation: old.generation,
                },
            )
        }

        /// A patient's emergency policy (public, like all chain state: custodians read their
        /// share from it, clients the emergency key).
        ///
        /// # Errors
        /// `EmergencyNotEnabled`.
        #[ink(message)]
        pub fn emergency_policy(&self, patient: AccountId) -> Result<EmergencyPolicy> {
            self.care.policy(patient)
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
            let doctor = self.accounts.doctor(doctor_id)?;
            validate::verified(&doctor)?;
            self.accounts.ensure_patient(patient)?;
            if patient == doctor_id {
                return Err(Error::SelfGrant);
            }
            let policy = self.care.policy(patient)?;
            if self
                .rules()
                .emergency_in_force(patient, doctor_id, &doctor, None)
                .is_some()
            {
                return Err(Error::EmergencyActive);
            }
            let now = self.env().block_timestamp();
            let expires_at = self.care.start_emergency(
                (patient, doctor_id),
                &policy,
                (reason, reason_hash),
                now,
            )?;
            self.log_and_emit(
                patient,
                doctor_id,
                Action::EmergencyAccessed { reason },
                About::party(doctor_id),
                EmergencyAccessInvoked {
                    patient,
                    doctor: doctor_id,
                    reason,
                    reason_hash,
                    expires_at,
                },
            )?;
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
            let policy = self.care.policy(patient)?;
            let index = policy.custodian_index(custodian)?;
            self.accounts.ensure_registrar(custodian)?;
            let d = self.accounts.doctor(doctor)?;
            if self
                .rules()
                .emergency_in_force(patient, doctor, &d, None)
                .is_none()
            {
                return Err(Error::EmergencyNotActive);
            }
            validate::wrap_size(&share)?;
            self.care.release_share((patient, doctor), index, share)?;
            self.log_and_emit(
                patient,
                custodian,
                Action::EmergencyShareReleased,
                About::party(doctor),
                EmergencyShareReleased {
                    patient,
                    doctor,
                    custodian,
                },
            )
        }

        /// A doctor's latest break-glass on a patient's chart (public, like all chain state).
        ///
        /// # Errors
        /// `EmergencyNotActive` when there has been none.
        #[ink(message)]
        pub fn emergency(&self, patient: AccountId, doctor: AccountId) -> Result<Emergency> {
            self.care
                .emergency(patient, doctor)
                .ok_or(Error::EmergencyNotActive)
        }

        // ------------------------------------------------------------------- history

        /// The patient's access log, `limit` (≤ `MAX_PAGE`) entries from index `from` (0 is
        /// the oldest). Only the patient and their guardians may read it.
        ///
        /// # Errors
        /// `NotPatient`; `PageTooLarge`; `PatientNotRegistered`.
        #[ink(message)]
        pub fn history(&self, patient: AccountId, from: u64, limit: u32) -> Result<Vec<LogEntry>> {
            self.acts_for(patient, GuardianLevel::View)?;
            validate::page(limit)?;
            self.accounts.ensure_patient(patient)?;
            self.audit.page(patient, from, limit)
        }
    }
}
