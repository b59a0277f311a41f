//! The access log.

// ink!'s `StorageLayout` derive casts variant indices (`usize as u8`) for enums with fields;
// cargo-contract's lint denies that cast, so it is allowed in these files of plain data types.
#![allow(clippy::cast_possible_truncation)]

use super::{AccessKind, BlockNumber, GuardianLevel, RecordId, Scope, Timestamp, VersionId};
use ink::primitives::AccountId;

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
