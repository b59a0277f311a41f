//! Patients, doctors and registrars.

// ink!'s `StorageLayout` derive casts variant indices (`usize as u8`) for enums with fields;
// cargo-contract's lint denies that cast, so it is allowed in these files of plain data types.
#![allow(clippy::cast_possible_truncation)]

use super::{PublicKey, Timestamp};
use ink::prelude::string::String;

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

/// A doctor's public professional profile (what a doctor registers with).
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
