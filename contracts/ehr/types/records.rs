//! Records and their versions.

// ink!'s `StorageLayout` derive casts variant indices (`usize as u8`) for enums with fields;
// cargo-contract's lint denies that cast, so it is allowed in these files of plain data types.
#![allow(clippy::cast_possible_truncation)]

use super::{BlockNumber, Hash32, RecordType, Timestamp};
use ink::primitives::AccountId;

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
    /// Chunks stored: those uploaded so far; once the version is erased, those not freed yet
    /// (`free_chunks` frees them, the last first).
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
