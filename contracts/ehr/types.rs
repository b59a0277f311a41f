//! The values the contract stores and returns. No personal health data: keys, hashes,
//! ciphertext, access rules and the audit trail.

// ink!'s `StorageLayout` derive casts variant indices (`usize as u8`) for enums with fields;
// cargo-contract's lint denies that cast, so it is allowed in this file of plain data types.
#![allow(clippy::cast_possible_truncation)]

use ink::prelude::string::String;
use ink::primitives::AccountId;

/// Milliseconds since the Unix epoch (the block timestamp).
pub type Timestamp = u64;
/// A block number.
pub type BlockNumber = u32;
/// An x25519 public key: what a record's data key is wrapped to.
pub type PublicKey = [u8; 32];
/// A 32-byte hash (of a record version's ciphertext).
pub type Hash32 = [u8; 32];
/// A record's number within its patient's chart: 1, 2, 3, ...
pub type RecordId = u32;
/// A version's number within its record: 1, 2, 3, ...
pub type VersionId = u32;

/// What kind of health record this is (the seed's record types).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub enum RecordType {
    GeneralInformation,
    ClinicalLaboratory,
    Cardiac,
    Dermatology,
    Imaging,
    Prescription,
    DischargeSummary,
    Other,
}

impl RecordType {
    /// True when bit `self as u8` is set in `mask` (a set of record types).
    pub fn in_mask(self, mask: u8) -> bool {
        mask & (1u8 << (self as u8)) != 0
    }
}

/// What a grant lets a doctor do. `Write` implies `Read`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub enum AccessKind {
    Read,
    Write,
}

impl AccessKind {
    /// True when holding `self` is enough for an action that needs `needed`.
    pub fn covers(self, needed: AccessKind) -> bool {
        matches!(
            (self, needed),
            (AccessKind::Write, _) | (AccessKind::Read, AccessKind::Read)
        )
    }
}

/// What a grant or request covers: the whole chart or one record ("Share").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub enum Scope {
    Chart,
    Record(RecordId),
}

impl Scope {
    /// The record of a record scope (`None`: the whole chart).
    pub fn record(self) -> Option<RecordId> {
        match self {
            Scope::Chart => None,
            Scope::Record(id) => Some(id),
        }
    }

    /// True when this scope covers `record` (`None`: chart-wide actions such as adding a record).
    pub fn covers(self, record: Option<RecordId>) -> bool {
        match (self, record) {
            (Scope::Chart, _) => true,
            (Scope::Record(id), Some(r)) => id == r,
            (Scope::Record(_), None) => false,
        }
    }
}

/// A registered patient as stored. Holds no personal data: only what is needed to encrypt for
/// them. The lengths of their lists live with the lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct PatientRecord {
    /// The patient's x25519 public key.
    pub encryption_key: PublicKey,
    /// When the patient registered.
    pub registered_at: Timestamp,
    /// How many records the chart holds (ids run 1..=record_count).
    pub record_count: u32,
    /// The generation of the patient's latest emergency opt-in (0: never opted in). It only
    /// grows, also across an opt-out.
    pub emergency_generation: u32,
}

/// A registered patient as `patient` returns it: the stored record and the lengths of the
/// patient's lists.
#[derive(Debug, Clone, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub struct Patient {
    /// The patient's x25519 public key.
    pub encryption_key: PublicKey,
    /// When the patient registered.
    pub registered_at: Timestamp,
    /// How many records the chart holds (ids run 1..=record_count).
    pub record_count: u32,
    /// Grants in force or expired but not revoked (at most `MAX_GRANTS_PER_PATIENT`).
    pub grant_count: u32,
    /// Requests awaiting the patient's decision (at most `MAX_PENDING_REQUESTS_PER_PATIENT`).
    pub request_count: u32,
    /// Entries in the patient's access log.
    pub log_len: u64,
    /// Guardians appointed (at most `MAX_GUARDIANS_PER_PATIENT`).
    pub guardian_count: u32,
    /// The generation of the patient's latest emergency opt-in (0: never opted in). It only
    /// grows, also across an opt-out.
    pub emergency_generation: u32,
}

/// Whether a licensing authority has vouched for a doctor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub enum DoctorStatus {
    /// Registered, not yet verified by a registrar. Grants work; patients see the status.
    Unverified,
    /// Verified by a registrar.
    Verified,
    /// Suspended by a registrar: no grant works until a registrar verifies again.
    Suspended,
}

/// A doctor's public professional profile (the seed's doctor registration form).
#[derive(Debug, Clone, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct DoctorProfile {
    pub name: String,
    pub specialization: String,
    pub clinic_address: String,
    /// Branch: where the clinic is.
    pub branch: String,
    pub licence_number: String,
}

/// A registered doctor as stored (the lengths of their lists live with the lists).
#[derive(Debug, Clone, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct DoctorRecord {
    /// The doctor's x25519 public key.
    pub encryption_key: PublicKey,
    /// Public profile.
    pub profile: DoctorProfile,
    /// Verification status.
    pub status: DoctorStatus,
    /// When the doctor registered.
    pub registered_at: Timestamp,
}

/// A registered doctor as `doctor` and `doctors` return it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub struct Doctor {
    /// The doctor's x25519 public key.
    pub encryption_key: PublicKey,
    /// Public profile.
    pub profile: DoctorProfile,
    /// Verification status.
    pub status: DoctorStatus,
    /// When the doctor registered.
    pub registered_at: Timestamp,
    /// Patients whose grants name this doctor.
    pub patient_count: u32,
    /// This doctor's requests awaiting a patient's decision.
    pub request_count: u32,
}

/// A patient's consent for one doctor and one scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Grant {
    pub kind: AccessKind,
    /// The grant stops working at this time (exclusive); `None`: until revoked.
    pub expires_at: Option<Timestamp>,
    pub granted_at: Timestamp,
    /// Position in the patient's grant list.
    pub slot: u32,
}

impl Grant {
    /// True when the grant has not expired at `now`.
    pub fn active_at(&self, now: Timestamp) -> bool {
        match self.expires_at {
            None => true,
            Some(expires_at) => now < expires_at,
        }
    }
}

/// A grant as listed for the patient or the doctor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub struct GrantInfo {
    pub patient: AccountId,
    pub doctor: AccountId,
    pub scope: Scope,
    pub kind: AccessKind,
    pub expires_at: Option<Timestamp>,
    pub granted_at: Timestamp,
    /// True while a registrar has the doctor suspended: the grant works again on reinstatement.
    pub doctor_suspended: bool,
    /// True when the grant works now: not expired (an expired grant stays listed until
    /// revoked) and the doctor not suspended.
    pub active: bool,
}

/// Where a doctor's request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub enum RequestStatus {
    Pending,
    Approved,
    Denied,
}

/// A doctor's request for access to a patient's chart or record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Request {
    pub kind: AccessKind,
    pub scope: Scope,
    /// A short reason code chosen by the doctor (the CLI documents the codes).
    pub reason: u8,
    pub requested_at: Timestamp,
    pub status: RequestStatus,
    pub decided_at: Option<Timestamp>,
    /// Position in the patient's pending list (meaningful while pending).
    pub patient_slot: u32,
    /// Position in the doctor's pending list (meaningful while pending).
    pub doctor_slot: u32,
}

/// A request as listed for the patient or the doctor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub struct RequestInfo {
    pub patient: AccountId,
    pub doctor: AccountId,
    pub request: Request,
}

/// A health record: metadata only; the content lives in its encrypted versions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Record {
    pub record_type: RecordType,
    /// Who created it: the patient or a doctor with write access.
    pub author: AccountId,
    pub created_at: Timestamp,
    /// Versions run 1..=version_count.
    pub version_count: u32,
}

/// A new version as a writer sends it: the ciphertext's hash and length, its first chunk (the
/// whole of it when it fits), and the data key wrapped for readers (at least the patient and
/// the writer). Encoded as the four fields in order.
#[derive(Debug, Clone, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub struct NewVersion {
    pub hash: Hash32,
    pub length: u32,
    pub chunk: ink::prelude::vec::Vec<u8>,
    pub wraps: ink::prelude::vec::Vec<(AccountId, ink::prelude::vec::Vec<u8>)>,
}

/// One version of a record: its ciphertext's hash and size, stored in chunks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Version {
    pub author: AccountId,
    pub created_at: Timestamp,
    pub block: BlockNumber,
    /// BLAKE2b-256 (or whatever the client's format names) of the whole ciphertext.
    pub hash: Hash32,
    /// Ciphertext length in bytes.
    pub length: u32,
    /// Chunks uploaded so far.
    pub chunk_count: u32,
    /// Bytes uploaded so far; the version is complete when this equals `length`.
    pub bytes_stored: u32,
    /// Readers holding a wrapped key for this version.
    pub reader_count: u32,
    /// Crypto-shredded: ciphertext and wrapped keys removed from current state.
    pub erased: bool,
}

impl Version {
    /// True when every byte has been uploaded and the version is not erased.
    pub fn complete(&self) -> bool {
        self.bytes_stored == self.length && !self.erased
    }
}

/// What happened, in a patient's access log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub enum Action {
    PatientRegistered,
    AccessGranted {
        scope: Scope,
        kind: AccessKind,
    },
    AccessRevoked {
        scope: Scope,
    },
    AccessRequested {
        scope: Scope,
        kind: AccessKind,
    },
    RequestApproved,
    RequestDenied,
    RecordAdded,
    RecordUpdated,
    RecordOpened,
    RecordErased,
    KeyRotated,
    GuardianAppointed {
        level: GuardianLevel,
    },
    GuardianRemoved,
    EmergencyEnabled,
    EmergencyDisabled,
    /// A doctor broke the glass: time-limited read access without the patient's consent.
    EmergencyAccessed {
        reason: u8,
    },
    /// A custodian released its share of the emergency key to the doctor (`counterpart`).
    EmergencyShareReleased,
    /// Data keys of a version were wrapped for `readers` more readers (`counterpart`: the
    /// reader, when there is one).
    KeysWrapped {
        readers: u32,
    },
    /// The patient dropped the keys of `readers` readers of a version who had lost access.
    KeysDropped {
        readers: u32,
    },
}

/// One entry of a patient's access log. Entries are only ever appended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct LogEntry {
    /// Who did it.
    pub actor: AccountId,
    pub action: Action,
    /// The other party (the doctor of a grant, revoke or request).
    pub counterpart: Option<AccountId>,
    pub record: Option<RecordId>,
    pub version: Option<VersionId>,
    pub at: Timestamp,
    pub block: BlockNumber,
    /// The actor was one of the patient's guardians at the time: done on the patient's behalf.
    pub as_guardian: bool,
}

/// What a guardian may do for a patient. Each level includes the ones before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub enum GuardianLevel {
    /// Read the chart, its grants, requests and history.
    View,
    /// Also add and update records.
    Contribute,
    /// Also grant, revoke, approve and deny on the patient's behalf.
    Manage,
}

impl GuardianLevel {
    /// The record access this level carries.
    pub fn access(self) -> AccessKind {
        match self {
            GuardianLevel::View => AccessKind::Read,
            GuardianLevel::Contribute | GuardianLevel::Manage => AccessKind::Write,
        }
    }
}

/// A guardian appointed by a patient.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Guardian {
    pub level: GuardianLevel,
    pub appointed_at: Timestamp,
    /// Position in the patient's guardian list.
    pub slot: u32,
}

/// The reader id under which a version's data key is wrapped to the patient's emergency key of
/// policy `generation`: `0xEE` × 28, then the generation (u32 big-endian). No one holds its
/// account secret; only the emergency key's holder can unwrap it. Each re-key is a new reader,
/// so the new key is wrapped to every covered version beside the old key's wraps, which the
/// patient may then drop (`drop_wraps`).
pub fn emergency_reader(generation: u32) -> [u8; 32] {
    let mut id = [0xEE; 32];
    id[28..].copy_from_slice(&generation.to_be_bytes());
    id
}

/// The generation of an emergency reader id, or `None` for any other account.
pub fn emergency_generation(reader: &[u8; 32]) -> Option<u32> {
    let (prefix, generation) = reader.split_at(28);
    if prefix.iter().any(|b| *b != 0xEE) {
        return None;
    }
    let mut be = [0u8; 4];
    be.copy_from_slice(generation);
    Some(u32::from_be_bytes(be))
}

/// A patient's consent to emergency (break-glass) access.
///
/// The patient's client makes an emergency x25519 key pair, splits its secret into two shares
/// (XOR) and wraps one share to each of two custodians, distinct registrars; it then wraps the
/// data key of every covered version to the emergency key (reader `emergency_reader`). Neither
/// custodian alone can read a record; each releases its share to a doctor only through
/// `release_emergency_share`, a logged transaction the contract accepts only while that doctor's
/// break-glass is in force.
#[derive(Debug, Clone, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct EmergencyPolicy {
    /// How long one break-glass lasts, in ms (at most `MAX_EMERGENCY_WINDOW_MS`).
    pub window: u64,
    /// The record types it covers: bit `RecordType as u8` set for each.
    pub covered: u8,
    /// The emergency x25519 public key.
    pub key: PublicKey,
    /// The two registrars holding a share each.
    pub custodians: [AccountId; 2],
    /// The emergency secret's shares, each wrapped to its custodian.
    pub shares: [ink::prelude::vec::Vec<u8>; 2],
    /// Counts the patient's opt-ins: shares are bound to it, so a new opt-in retires old ones.
    pub generation: u32,
    pub enabled_at: Timestamp,
}

impl EmergencyPolicy {
    /// True when the policy covers records of `record_type`.
    pub fn covers(&self, record_type: RecordType) -> bool {
        record_type.in_mask(self.covered)
    }
}

/// One break-glass: a verified doctor's time-limited read access to a patient's covered records.
#[derive(Debug, Clone, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Emergency {
    /// A reason code (the CLI documents them).
    pub reason: u8,
    /// Hash of the doctor's free-text reason (the text stays off chain).
    pub reason_hash: Hash32,
    pub started_at: Timestamp,
    /// Access ends at this time (exclusive); it cannot be extended, only invoked again.
    pub expires_at: Timestamp,
    /// The policy generation it was invoked under.
    pub generation: u32,
    /// The custodians' shares, re-wrapped to the doctor (empty until released).
    pub released: [ink::prelude::vec::Vec<u8>; 2],
}

impl Emergency {
    /// True while the access is in force at `now`.
    pub fn active_at(&self, now: Timestamp) -> bool {
        now < self.expires_at
    }
}

/// A pending change of the registrar set: adding or removing one account, approved so far by
/// `approvals` of the `needed` registrars (a majority of the registrars of `epoch`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct RegistrarProposal {
    /// Adding the account (`true`) or removing it.
    pub add: bool,
    /// The registrar set's epoch the approvals belong to: any change of the set starts anew.
    pub epoch: u32,
    pub approvals: u32,
    pub needed: u32,
}
