//! Grants and requests.

// ink!'s `StorageLayout` derive casts variant indices (`usize as u8`) for enums with fields;
// cargo-contract's lint denies that cast, so it is allowed in these files of plain data types.
#![allow(clippy::cast_possible_truncation)]

use super::{AccessKind, Scope, Timestamp};
use ink::primitives::AccountId;

/// A patient's consent for one doctor and one scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Grant {
    pub kind: AccessKind,
    /// The grant stops working at this time (exclusive); `None`: until revoked.
    pub expires_at: Option<Timestamp>,
    pub granted_at: Timestamp,
    /// The guardian who granted it for the patient, and when that guardian was appointed
    /// (`None`: the patient granted it). Such a grant works only while that appointment stands
    /// at `Manage` level: it ends with the guardianship (and with any change of the guardian's
    /// level, a new appointment), so a guardian cannot keep access through a second account.
    pub granted_by: Option<(AccountId, Timestamp)>,
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
    /// The guardian who granted it (`None`: the patient).
    pub granted_by: Option<AccountId>,
    /// True while a registrar has the doctor suspended: the grant works again on reinstatement.
    pub doctor_suspended: bool,
    /// True when a guardian granted it and is no longer the patient's managing guardian: it
    /// stays listed until revoked, or granted again by the patient.
    pub lapsed: bool,
    /// True when the grant works now: not expired (an expired grant stays listed until
    /// revoked), not lapsed and the doctor not suspended.
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

impl Request {
    /// True when approving `scope` and `kind` grants no more than was asked: the same scope (or
    /// one record of a chart-wide request), the same kind or read for write.
    pub fn allows(&self, scope: Scope, kind: AccessKind) -> bool {
        (self.scope == scope || self.scope == Scope::Chart) && self.kind.covers(kind)
    }
}

/// A request as listed for the patient or the doctor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub struct RequestInfo {
    pub patient: AccountId,
    pub doctor: AccountId,
    pub request: Request,
}
