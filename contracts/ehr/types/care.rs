//! Guardians and emergency (break-glass) access.

// ink!'s `StorageLayout` derive casts variant indices (`usize as u8`) for enums with fields;
// cargo-contract's lint denies that cast, so it is allowed in these files of plain data types.
#![allow(clippy::cast_possible_truncation)]

use super::{AccessKind, Hash32, PublicKey, RecordType, Timestamp};
use ink::primitives::AccountId;

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

    /// Which of the two custodians `account` is.
    pub fn custodian_index(&self, account: AccountId) -> crate::errors::Result<usize> {
        self.custodians
            .iter()
            .position(|c| *c == account)
            .ok_or(crate::errors::Error::NotCustodian)
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
