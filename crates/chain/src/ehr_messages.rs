//! Every message of the ehr contract as a typed [`Message`], built by the contract's own
//! ink!-generated call builder so selectors and argument encodings cannot drift.

use crate::ehr_contract::{ink_account, EhrContract};
use crate::message::Message;
use ehr::{
    AccessKind, Doctor, DoctorProfile, Emergency, EmergencyPolicy, GrantInfo, Guardian,
    GuardianLevel, Hash32, LogEntry, NewVersion, Patient, PublicKey, Record, RecordId, RecordType,
    RegistrarProposal, Request, RequestInfo, Result, Scope, Timestamp, Version, VersionId,
};
use ink::codegen::TraitCallBuilder;
use ink::primitives::AccountId;
use subxt::utils::AccountId32;

/// A wrapped data key for one reader, as the contract takes it.
pub type Wrap = (AccountId32, Vec<u8>);

/// A new version as `add_record` and `update_record` take it: the ciphertext's hash and length,
/// its first chunk, and the first wrapped keys.
pub fn new_version(hash: Hash32, length: u32, chunk: Vec<u8>, readers: Vec<Wrap>) -> NewVersion {
    NewVersion {
        hash,
        length,
        chunk,
        wraps: wraps(readers),
    }
}

fn wraps(wraps: Vec<Wrap>) -> Vec<(AccountId, Vec<u8>)> {
    wraps
        .into_iter()
        .map(|(a, w)| (ink_account(&a), w))
        .collect()
}

/// Converts the contract's account ids in a result to subxt's.
pub fn to_account32(a: AccountId) -> AccountId32 {
    AccountId32(*a.as_ref())
}

macro_rules! msg {
    ($self:ident, $name:literal, $call:ident . $method:ident ( $($arg:expr),* )) => {{
        let mut contract = $self.builder();
        Message::from_builder($name, contract.$call().$method($($arg),*))
    }};
}

impl EhrContract {
    // accounts
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

    // registrars
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

    // grants
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

    // requests
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

    // records
    pub fn add_record(
        &self,
        patient: &AccountId32,
        record: RecordId,
        record_type: RecordType,
        version: NewVersion,
    ) -> Message<Result<RecordId>> {
        msg!(
            self,
            "add_record",
            call_mut.add_record(ink_account(patient), record, record_type, version)
        )
    }
    pub fn update_record(
        &self,
        patient: &AccountId32,
        record: RecordId,
        version_id: VersionId,
        version: NewVersion,
    ) -> Message<Result<VersionId>> {
        msg!(
            self,
            "update_record",
            call_mut.update_record(ink_account(patient), record, version_id, version)
        )
    }
    pub fn upload_chunk(
        &self,
        patient: &AccountId32,
        record: RecordId,
        version: VersionId,
        index: u32,
        chunk: Vec<u8>,
    ) -> Message<Result<()>> {
        msg!(
            self,
            "upload_chunk",
            call_mut.upload_chunk(ink_account(patient), record, version, index, chunk)
        )
    }
    pub fn add_wraps(
        &self,
        patient: &AccountId32,
        record: RecordId,
        version: VersionId,
        readers: Vec<Wrap>,
    ) -> Message<Result<()>> {
        msg!(
            self,
            "add_wraps",
            call_mut.add_wraps(ink_account(patient), record, version, wraps(readers))
        )
    }
    pub fn drop_wraps(
        &self,
        record: RecordId,
        version: VersionId,
        readers: &[AccountId32],
    ) -> Message<Result<()>> {
        let readers = readers.iter().map(ink_account).collect();
        msg!(
            self,
            "drop_wraps",
            call_mut.drop_wraps(record, version, readers)
        )
    }
    pub fn open_record(
        &self,
        patient: &AccountId32,
        record: RecordId,
        version: VersionId,
    ) -> Message<Result<()>> {
        msg!(
            self,
            "open_record",
            call_mut.open_record(ink_account(patient), record, version)
        )
    }
    pub fn erase_version(&self, record: RecordId, version: VersionId) -> Message<Result<()>> {
        msg!(
            self,
            "erase_version",
            call_mut.erase_version(record, version)
        )
    }
    pub fn free_chunks(&self, record: RecordId, version: VersionId) -> Message<Result<u32>> {
        msg!(self, "free_chunks", call_mut.free_chunks(record, version))
    }
    pub fn record(&self, patient: &AccountId32, record: RecordId) -> Message<Result<Record>> {
        msg!(
            self,
            "record",
            call_mut.record(ink_account(patient), record)
        )
    }
    pub fn records(
        &self,
        patient: &AccountId32,
        from: RecordId,
        limit: u32,
    ) -> Message<Result<Vec<(RecordId, Record)>>> {
        msg!(
            self,
            "records",
            call_mut.records(ink_account(patient), from, limit)
        )
    }
    pub fn version(
        &self,
        patient: &AccountId32,
        record: RecordId,
        version: VersionId,
    ) -> Message<Result<Version>> {
        msg!(
            self,
            "version",
            call_mut.version(ink_account(patient), record, version)
        )
    }
    pub fn chunk(
        &self,
        patient: &AccountId32,
        record: RecordId,
        version: VersionId,
        index: u32,
    ) -> Message<Result<Vec<u8>>> {
        msg!(
            self,
            "chunk",
            call_mut.chunk(ink_account(patient), record, version, index)
        )
    }
    pub fn wrapped_key(
        &self,
        patient: &AccountId32,
        record: RecordId,
        version: VersionId,
    ) -> Message<Result<Vec<u8>>> {
        msg!(
            self,
            "wrapped_key",
            call_mut.wrapped_key(ink_account(patient), record, version)
        )
    }
    pub fn readers(
        &self,
        patient: &AccountId32,
        record: RecordId,
        version: VersionId,
        from: u32,
        limit: u32,
    ) -> Message<Result<Vec<AccountId>>> {
        msg!(
            self,
            "readers",
            call_mut.readers(ink_account(patient), record, version, from, limit)
        )
    }

    // history
    pub fn history(
        &self,
        patient: &AccountId32,
        from: u64,
        limit: u32,
    ) -> Message<Result<Vec<LogEntry>>> {
        msg!(
            self,
            "history",
            call_mut.history(ink_account(patient), from, limit)
        )
    }

    // guardians
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

    // emergency access
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
