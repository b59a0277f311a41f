//! Everything that can go wrong in a message. A message that returns an error changes no state.

/// Why the contract refused a message.
#[derive(Debug, PartialEq, Eq, Clone, Copy)]
#[ink::scale_derive(Encode, Decode, TypeInfo)]
pub enum Error {
    /// The caller is already registered as a patient.
    PatientAlreadyRegistered,
    /// The account is not registered as a patient.
    PatientNotRegistered,
    /// The caller is already registered as a doctor.
    DoctorAlreadyRegistered,
    /// The account is not registered as a doctor.
    DoctorNotRegistered,
    /// The public key is all zeros, which no x25519 secret produces.
    InvalidPublicKey,
    /// A profile field is empty or longer than `MAX_PROFILE_FIELD_BYTES`.
    InvalidProfileField,
    /// The caller is not a registrar.
    NotRegistrar,
    /// The account is already a registrar.
    RegistrarAlreadyExists,
    /// The account is not a registrar.
    RegistrarNotFound,
    /// The last registrar cannot be removed.
    LastRegistrar,
    /// A registrar cannot verify or suspend themselves.
    SelfVerification,
    /// The doctor is suspended: no grant works until a registrar verifies them again.
    DoctorSuspended,
    /// A patient cannot grant access to themselves.
    SelfGrant,
    /// The caller has no grant that allows this.
    NoAccess,
    /// The grant that would allow this has expired.
    GrantExpired,
    /// There is no such grant.
    GrantNotFound,
    /// The patient already holds `MAX_GRANTS_PER_PATIENT` grants; revoke one first.
    TooManyGrants,
    /// The expiry is not in the future.
    InvalidExpiry,
    /// This doctor already has a request awaiting this patient's decision.
    RequestPending,
    /// There is no pending request from this doctor.
    RequestNotFound,
    /// The patient already has `MAX_PENDING_REQUESTS_PER_PATIENT` requests awaiting a decision.
    TooManyRequests,
    /// An approval may only narrow a request (scope, kind or expiry), never widen it.
    ApprovalWidens,
    /// There is no such record.
    RecordNotFound,
    /// There is no such version.
    VersionNotFound,
    /// The ciphertext is empty or larger than `MAX_RECORD_BYTES`.
    InvalidLength,
    /// A chunk is empty, larger than `MAX_CHUNK_BYTES`, or longer than what remains.
    InvalidChunk,
    /// Only the version's author may upload its chunks.
    NotAuthor,
    /// The version is still being uploaded.
    VersionIncomplete,
    /// The version is already complete.
    VersionComplete,
    /// The version has been erased.
    VersionErased,
    /// A wrapped key is for an account that has no read access.
    ReaderHasNoAccess,
    /// A wrapped key is empty or longer than `MAX_WRAP_BYTES`.
    InvalidWrap,
    /// More than `MAX_WRAPS_PER_CALL` wrapped keys in one call.
    TooManyWraps,
    /// The version already has `MAX_READERS_PER_VERSION` readers.
    TooManyReaders,
    /// There is no wrapped key for the caller.
    WrapNotFound,
    /// Only the patient may do this.
    NotPatient,
    /// A paged query asked for more than `MAX_PAGE` entries.
    PageTooLarge,
    /// A counter would overflow.
    Overflow,
    /// The record id or version number the writer encrypted for is not the next one: another
    /// record or version was added meanwhile, or this same call already succeeded (a retry).
    /// The ciphertext is bound to that id, so it must be encrypted again for the new one.
    NotNextId,
    /// The account is neither a registered patient nor a registered doctor (a guardian needs an
    /// encryption key to read).
    NotRegistered,
    /// The patient already has `MAX_GUARDIANS_PER_PATIENT` guardians.
    TooManyGuardians,
    /// The account is not this patient's guardian.
    GuardianNotFound,
    /// The caller is the patient's guardian, but at a level that does not allow this.
    GuardianLevelTooLow,
    /// The emergency policy is invalid: window zero or over `MAX_EMERGENCY_WINDOW_MS`, no
    /// record type covered, or the two custodians not distinct.
    InvalidEmergencyPolicy,
    /// The patient has not opted in to emergency access.
    EmergencyNotEnabled,
    /// Only a verified doctor may break the glass.
    DoctorNotVerified,
    /// This doctor's emergency access is still in force; a new one may start when it ends.
    EmergencyActive,
    /// There is no emergency access in force for this doctor.
    EmergencyNotActive,
    /// The caller is not one of the patient's emergency custodians.
    NotCustodian,
    /// The reader already holds a wrapped key for this version: wraps are never replaced.
    WrapExists,
    /// A new version must carry a wrapped key for the patient and one for its writer, so that
    /// both can always open it (and share it).
    WrapMissing,
    /// The reader still has read access to the record: only the keys of readers who lost it
    /// may be dropped.
    ReaderHasAccess,
    /// The patient denied this doctor's last request recently; a new one may be made when
    /// `REQUEST_COOLDOWN_MS` has passed since the denial.
    RequestCooldown,
    /// This doctor's last break-glass on this chart ended less than
    /// `BREAK_GLASS_COOLDOWN_MS` ago.
    EmergencyCooldown,
    /// The caller already approved this change of the registrars.
    AlreadyApproved,
    /// The caller is neither of the accounts the query is about (a grant or request between a
    /// patient and a doctor, or a doctor's own lists).
    NotParty,
    /// The chunk is not the version's next one: it was already stored (a resend, or a resume
    /// that read an older state), or one before it is missing. Read the version's
    /// `chunk_count` and send the chunk at that index.
    NotNextChunk,
    /// The version is not erased, so its chunks may not be freed (`erase_version` first).
    VersionNotErased,
    /// Every chunk of the erased version is freed already.
    NoChunksLeft,
    /// The grant was made by a guardian who is no longer the patient's managing guardian, and
    /// ended with the guardianship; the patient may grant it again.
    GrantLapsed,
}

/// The contract's result type.
pub type Result<T> = core::result::Result<T, Error>;
