//! Pure checks: of what a caller sends, before anything is read or stored, and of a stored
//! doctor or request a message depends on.

use crate::errors::{Error, Result};
use crate::limits::*;
use crate::types::{
    DoctorProfile, DoctorRecord, DoctorStatus, PublicKey, Request, RequestStatus, Timestamp,
    Version,
};
use ink::primitives::AccountId;

/// The encodings of the x25519 points of small order (libsodium's list, bit 255 clear): a
/// key agreement with one of them gives a secret anyone can compute, so no reader may register
/// one. x25519 ignores bit 255, so keys are compared with it cleared.
pub const LOW_ORDER_POINTS: [[u8; 32]; 7] = [
    // 0 (order 4)
    [0; 32],
    // 1 (order 1)
    [
        1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0,
    ],
    // order 8
    [
        0xe0, 0xeb, 0x7a, 0x7c, 0x3b, 0x41, 0xb8, 0xae, 0x16, 0x56, 0xe3, 0xfa, 0xf1, 0x9f, 0xc4,
        0x6a, 0xda, 0x09, 0x8d, 0xeb, 0x9c, 0x32, 0xb1, 0xfd, 0x86, 0x62, 0x05, 0x16, 0x5f, 0x49,
        0xb8, 0x00,
    ],
    // order 8
    [
        0x5f, 0x9c, 0x95, 0xbc, 0xa3, 0x50, 0x8c, 0x24, 0xb1, 0xd0, 0xb1, 0x55, 0x9c, 0x83, 0xef,
        0x5b, 0x04, 0x44, 0x5c, 0xc4, 0x58, 0x1c, 0x8e, 0x86, 0xd8, 0x22, 0x4e, 0xdd, 0xd0, 0x9f,
        0x11, 0x57,
    ],
    // p - 1 (order 2)
    field_edge(0xec),
    // p (= 0)
    field_edge(0xed),
    // p + 1 (= 1)
    field_edge(0xee),
];

/// `low`, then 30 bytes 0xff, then 0x7f: p - 1, p and p + 1 for `low` = 0xec, 0xed, 0xee.
const fn field_edge(low: u8) -> [u8; 32] {
    let mut point = [0xff; 32];
    point[0] = low;
    point[31] = 0x7f;
    point
}

/// True when `key` is one of [`LOW_ORDER_POINTS`] (bit 255 ignored, as x25519 does).
pub fn is_low_order(key: &[u8; 32]) -> bool {
    let mut canonical = *key;
    canonical[31] &= 0x7f;
    LOW_ORDER_POINTS.contains(&canonical)
}

/// An encryption key some secret produces and no one else can agree with: not a small-order
/// point.
pub fn key(key: &PublicKey) -> Result<()> {
    if is_low_order(key) {
        return Err(Error::InvalidPublicKey);
    }
    Ok(())
}

/// Every profile field 1 to `MAX_PROFILE_FIELD_BYTES` bytes.
pub fn profile(profile: &DoctorProfile) -> Result<()> {
    let fields = [
        &profile.name,
        &profile.specialization,
        &profile.clinic_address,
        &profile.branch,
        &profile.licence_number,
    ];
    if fields
        .iter()
        .any(|f| f.is_empty() || f.len() > MAX_PROFILE_FIELD_BYTES as usize)
    {
        return Err(Error::InvalidProfileField);
    }
    Ok(())
}

/// A ciphertext length a version may have: 1 to `MAX_RECORD_BYTES`.
pub fn length(length: u32) -> Result<()> {
    if length == 0 || length > MAX_RECORD_BYTES {
        return Err(Error::InvalidLength);
    }
    Ok(())
}

/// Chunks are full (`MAX_CHUNK_BYTES`) except the last, which holds what remains: so a version
/// has at most `MAX_CHUNKS_PER_VERSION` chunks, and chunk `i` starts at `i * MAX_CHUNK_BYTES`.
/// Returns the chunk's length.
pub fn chunk(chunk: &[u8], remaining: u32) -> Result<u32> {
    let len = u32::try_from(chunk.len()).map_err(|_| Error::InvalidChunk)?;
    if len == 0 || len != remaining.min(MAX_CHUNK_BYTES) {
        return Err(Error::InvalidChunk);
    }
    Ok(len)
}

/// The next chunk of a version comes from its author, while it is neither erased nor complete.
pub fn appendable(version: &Version, author: AccountId) -> Result<()> {
    if version.author != author {
        return Err(Error::NotAuthor);
    }
    if version.erased {
        return Err(Error::VersionErased);
    }
    if version.complete() {
        return Err(Error::VersionComplete);
    }
    Ok(())
}

/// A wrapped key (or key share) of 1 to `MAX_WRAP_BYTES` bytes.
pub fn wrap_size(wrap: &[u8]) -> Result<()> {
    if wrap.is_empty() || wrap.len() > MAX_WRAP_BYTES as usize {
        return Err(Error::InvalidWrap);
    }
    Ok(())
}

/// At most `MAX_WRAPS_PER_CALL` wrapped keys (or readers) in one call; returns how many.
pub fn wrap_count(count: usize) -> Result<u32> {
    match u32::try_from(count) {
        Ok(n) if n <= MAX_WRAPS_PER_CALL => Ok(n),
        _ => Err(Error::TooManyWraps),
    }
}

/// The id a writer encrypted for (or a generation a share was wrapped for) follows the last.
pub fn next_id(last: u32, given: u32) -> Result<()> {
    if last.checked_add(1).ok_or(Error::Overflow)? != given {
        return Err(Error::NotNextId);
    }
    Ok(())
}

/// `version` is erased and still has chunks to free.
pub fn freeable(version: &Version) -> Result<()> {
    if !version.erased {
        return Err(Error::VersionNotErased);
    }
    if version.chunk_count == 0 {
        return Err(Error::NoChunksLeft);
    }
    Ok(())
}

/// `index` is the next chunk of `version`.
pub fn next_chunk(version: &Version, index: u32) -> Result<()> {
    if index != version.chunk_count {
        return Err(Error::NotNextChunk);
    }
    Ok(())
}

/// An expiry, when given, in the future.
pub fn expiry(expires_at: Option<Timestamp>, now: Timestamp) -> Result<()> {
    if expires_at.is_some_and(|at| at <= now) {
        return Err(Error::InvalidExpiry);
    }
    Ok(())
}

/// A page of at most `MAX_PAGE` entries.
pub fn page(limit: u32) -> Result<()> {
    if limit > MAX_PAGE {
        return Err(Error::PageTooLarge);
    }
    Ok(())
}

/// A break-glass window of 1 ms to `MAX_EMERGENCY_WINDOW_MS`, at least one record type, two
/// distinct custodians.
pub fn emergency_policy<A: PartialEq>(window: u64, covered: u8, custodians: &[A; 2]) -> Result<()> {
    if window == 0
        || window > MAX_EMERGENCY_WINDOW_MS
        || covered == 0
        || custodians[0] == custodians[1]
    {
        return Err(Error::InvalidEmergencyPolicy);
    }
    Ok(())
}

/// A version that may be read: complete, not erased.
pub fn readable(version: &Version) -> Result<()> {
    if version.erased {
        return Err(Error::VersionErased);
    }
    if !version.complete() {
        return Err(Error::VersionIncomplete);
    }
    Ok(())
}

/// Only a doctor a registrar verified (not unverified, not suspended).
pub fn verified(doctor: &DoctorRecord) -> Result<()> {
    match doctor.status {
        DoctorStatus::Verified => Ok(()),
        DoctorStatus::Suspended => Err(Error::DoctorSuspended),
        DoctorStatus::Unverified => Err(Error::DoctorNotVerified),
    }
}

/// A doctor asks again only when the last request is decided, and not within
/// `REQUEST_COOLDOWN_MS` of a denial.
pub fn may_ask_again(last: &Request, now: Timestamp) -> Result<()> {
    match (last.status, last.decided_at) {
        (RequestStatus::Pending, _) => Err(Error::RequestPending),
        (RequestStatus::Denied, Some(at)) if now < at.saturating_add(REQUEST_COOLDOWN_MS) => {
            Err(Error::RequestCooldown)
        }
        _ => Ok(()),
    }
}
