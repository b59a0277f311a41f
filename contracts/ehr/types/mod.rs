//! The values the contract stores and returns. No personal health data: keys, hashes,
//! ciphertext, access rules and the audit trail.

// ink!'s `StorageLayout` derive casts variant indices (`usize as u8`) for enums with fields;
// cargo-contract's lint denies that cast, so it is allowed in this file of plain data types.
#![allow(clippy::cast_possible_truncation)]

mod accounts;
mod audit;
mod care;
mod consent;
mod records;

pub use accounts::*;
pub use audit::*;
pub use care::*;
pub use consent::*;
pub use records::*;

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

/// What kind of health record this is (the types a chart files records under).
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
