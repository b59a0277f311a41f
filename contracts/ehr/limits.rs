//! Bounds that keep every message's cost bounded. Documented in the README.

/// Active (or expired but not revoked) grants a patient can hold at once.
pub const MAX_GRANTS_PER_PATIENT: u32 = 64;
/// Requests that may await one patient's decision at once.
pub const MAX_PENDING_REQUESTS_PER_PATIENT: u32 = 32;
/// Largest ciphertext of one record version, in bytes (4 MiB).
pub const MAX_RECORD_BYTES: u32 = 4 * 1024 * 1024;
/// Size of every chunk of ciphertext but the last, in bytes (14 KiB: pallet-contracts caps a
/// storage value and ink!'s buffer at 16 KiB, and the call's other arguments, up to
/// `MAX_WRAPS_PER_CALL` wrapped keys, need room).
pub const MAX_CHUNK_BYTES: u32 = 14 * 1024;
// A chunk is stored as one value: it must fit pallet-contracts' 16 KiB cap on a storage value
// (and ink!'s buffer), with room for its length prefix.
const _: () = assert!(MAX_CHUNK_BYTES as usize + 8 <= 16 * 1024);

/// Most chunks of one version: `MAX_RECORD_BYTES / MAX_CHUNK_BYTES`, rounded up (293).
pub const MAX_CHUNKS_PER_VERSION: u32 = MAX_RECORD_BYTES.div_ceil(MAX_CHUNK_BYTES);
/// Most storage items (chunks, and in the erase itself wraps) one call removes from an erased
/// version. Removing one is charged some 20–25 KB of proof size (its value, up to 16 KiB, and
/// its trie path); 64 of them stay under half a parachain block's normal-class proof limit
/// (3,932,160 bytes), and a version of `MAX_CHUNKS_PER_VERSION` is freed in five calls.
pub const MAX_CHUNKS_FREED_PER_CALL: u32 = 64;
/// Largest wrapped data key, in bytes.
pub const MAX_WRAP_BYTES: u32 = 128;
/// Wrapped keys in one call.
pub const MAX_WRAPS_PER_CALL: u32 = 8;
/// Readers (wrapped keys) of one version: the patient, every grant and a margin for guardians.
pub const MAX_READERS_PER_VERSION: u32 = 80;
/// Longest doctor profile field, in bytes.
pub const MAX_PROFILE_FIELD_BYTES: u32 = 128;
/// Most entries one paged query returns.
pub const MAX_PAGE: u32 = 50;
/// Guardians one patient may appoint.
pub const MAX_GUARDIANS_PER_PATIENT: u32 = 4;
/// Longest break-glass window a patient may choose: 24 hours, in ms.
pub const MAX_EMERGENCY_WINDOW_MS: u64 = 24 * 60 * 60 * 1000;
/// How long a doctor whose request the patient denied waits before asking that patient again
/// (24 hours, in ms): a denied request cannot be repeated at once to wear the patient down.
pub const REQUEST_COOLDOWN_MS: u64 = 24 * 60 * 60 * 1000;
/// How long after a break-glass ends before the same doctor may break the glass on the same
/// chart again (1 hour, in ms): the window cannot be stretched by breaking it again at once.
pub const BREAK_GLASS_COOLDOWN_MS: u64 = 60 * 60 * 1000;
