//! One event per state change. Topics name the patient, the other actor and the record, so a
//! client can subscribe to what concerns it (at most 3 topics plus the signature).

use crate::types::{
    AccessKind, DoctorStatus, GuardianLevel, Hash32, PublicKey, RecordId, RecordType, Scope,
    Timestamp, VersionId,
};
use ink::primitives::AccountId;

/// A patient registered.
#[ink::event]
pub struct PatientRegistered {
    #[ink(topic)]
    pub patient: AccountId,
    pub encryption_key: PublicKey,
}

/// A doctor registered.
#[ink::event]
pub struct DoctorRegistered {
    #[ink(topic)]
    pub doctor: AccountId,
    pub encryption_key: PublicKey,
}

/// A patient or doctor replaced their encryption key.
#[ink::event]
pub struct KeyRotated {
    #[ink(topic)]
    pub account: AccountId,
    pub encryption_key: PublicKey,
}

/// A registrar verified or suspended a doctor.
#[ink::event]
pub struct DoctorStatusChanged {
    #[ink(topic)]
    pub doctor: AccountId,
    #[ink(topic)]
    pub registrar: AccountId,
    pub status: DoctorStatus,
}

/// A registrar was added (`added`) or removed, by the approval (`by`) that made the majority.
#[ink::event]
pub struct RegistrarChanged {
    #[ink(topic)]
    pub registrar: AccountId,
    #[ink(topic)]
    pub by: AccountId,
    pub added: bool,
}

/// A registrar approved a change of the registrar set that needs more approvals.
#[ink::event]
pub struct RegistrarChangeApproved {
    #[ink(topic)]
    pub registrar: AccountId,
    #[ink(topic)]
    pub by: AccountId,
    pub add: bool,
    pub approvals: u32,
    pub needed: u32,
}

/// A patient granted (or changed) a doctor's access.
#[ink::event]
pub struct AccessGranted {
    #[ink(topic)]
    pub patient: AccountId,
    #[ink(topic)]
    pub doctor: AccountId,
    pub scope: Scope,
    pub kind: AccessKind,
    pub expires_at: Option<Timestamp>,
}

/// A patient revoked a doctor's access.
#[ink::event]
pub struct AccessRevoked {
    #[ink(topic)]
    pub patient: AccountId,
    #[ink(topic)]
    pub doctor: AccountId,
    pub scope: Scope,
}

/// A doctor asked a patient for access.
#[ink::event]
pub struct AccessRequested {
    #[ink(topic)]
    pub patient: AccountId,
    #[ink(topic)]
    pub doctor: AccountId,
    pub scope: Scope,
    pub kind: AccessKind,
    pub reason: u8,
}

/// A patient approved or denied a doctor's request.
#[ink::event]
pub struct RequestDecided {
    #[ink(topic)]
    pub patient: AccountId,
    #[ink(topic)]
    pub doctor: AccountId,
    pub approved: bool,
}

/// A record was created (`version` 1) or got a new version.
#[ink::event]
pub struct RecordVersionAdded {
    #[ink(topic)]
    pub patient: AccountId,
    #[ink(topic)]
    pub author: AccountId,
    #[ink(topic)]
    pub record: RecordId,
    pub version: VersionId,
    pub record_type: RecordType,
    pub length: u32,
    pub complete: bool,
}

/// A further chunk of a version's ciphertext was uploaded.
#[ink::event]
pub struct ChunkUploaded {
    #[ink(topic)]
    pub patient: AccountId,
    #[ink(topic)]
    pub author: AccountId,
    #[ink(topic)]
    pub record: RecordId,
    pub version: VersionId,
    pub index: u32,
    pub complete: bool,
}

/// Wrapped data keys were added to a version.
#[ink::event]
pub struct KeysWrapped {
    #[ink(topic)]
    pub patient: AccountId,
    #[ink(topic)]
    pub by: AccountId,
    #[ink(topic)]
    pub record: RecordId,
    pub version: VersionId,
    pub readers: u32,
}

/// A patient dropped the wrapped keys of readers of a version who had lost access.
#[ink::event]
pub struct KeysDropped {
    #[ink(topic)]
    pub patient: AccountId,
    #[ink(topic)]
    pub record: RecordId,
    pub version: VersionId,
    pub readers: u32,
}

/// Someone opened a record version through the audited read.
#[ink::event]
pub struct RecordOpened {
    #[ink(topic)]
    pub patient: AccountId,
    #[ink(topic)]
    pub reader: AccountId,
    #[ink(topic)]
    pub record: RecordId,
    pub version: VersionId,
}

/// A patient erased a version (crypto-shredding): its wrapped keys are gone and it is never
/// served again; `chunks_left` of its chunks are still stored, for `free_chunks`.
#[ink::event]
pub struct RecordErased {
    #[ink(topic)]
    pub patient: AccountId,
    #[ink(topic)]
    pub record: RecordId,
    pub version: VersionId,
    pub chunks_left: u32,
}

/// A patient freed `freed` more chunks of an erased version; `left` are still stored.
#[ink::event]
pub struct ChunksFreed {
    #[ink(topic)]
    pub patient: AccountId,
    #[ink(topic)]
    pub record: RecordId,
    pub version: VersionId,
    pub freed: u32,
    pub left: u32,
}

/// A patient appointed a guardian or changed its level (`level`), or a guardian was removed or
/// stepped down (`level: None`); `by` is who did it.
#[ink::event]
pub struct GuardianChanged {
    #[ink(topic)]
    pub patient: AccountId,
    #[ink(topic)]
    pub guardian: AccountId,
    pub level: Option<GuardianLevel>,
    pub by: AccountId,
}

/// A patient opted in to emergency access (`window`, `covered`) or out (`window: 0`).
#[ink::event]
pub struct EmergencyPolicyChanged {
    #[ink(topic)]
    pub patient: AccountId,
    pub window: u64,
    pub covered: u8,
    pub generation: u32,
}

/// Alert: a doctor broke the glass on a patient's chart.
#[ink::event]
pub struct EmergencyAccessInvoked {
    #[ink(topic)]
    pub patient: AccountId,
    #[ink(topic)]
    pub doctor: AccountId,
    pub reason: u8,
    pub reason_hash: Hash32,
    pub expires_at: Timestamp,
}

/// A custodian released its share of a patient's emergency key to a doctor.
#[ink::event]
pub struct EmergencyShareReleased {
    #[ink(topic)]
    pub patient: AccountId,
    #[ink(topic)]
    pub doctor: AccountId,
    #[ink(topic)]
    pub custodian: AccountId,
}
