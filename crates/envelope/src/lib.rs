//! ehr's client-side envelope encryption.
//!
//! Records are encrypted on the patient's or doctor's own machine before they reach the chain;
//! the chain only ever holds what this crate produces. See `docs/envelope-format.md` for the
//! byte-level format.
//!
//! - [`Content`] / [`ContentInfo`]: what a version holds and what it is (media type, file
//!   name, FHIR resource type), the description encrypted with the content.
//! - [`encrypt_record`] / [`decrypt_record`]: a version's payload, AES-256-GCM in 64 KiB chunks
//!   (STREAM) under a key derived from a fresh per-version [`DataKey`], bound to a
//!   [`RecordContext`] (chain, contract, patient, record, version, type).
//! - [`wrap_key`] / [`unwrap_key`] / [`rewrap_key`]: the data key for each reader, by ephemeral
//!   x25519 key agreement to the reader's public key.
//! - [`seal`] / [`open`]: both in one call.
//! - [`new_emergency_key`] / [`join_shares`]: the break-glass key, split between two custodians.
//! - [`EncryptionSecret`]: the x25519 key every account derives from the secret that signs its
//!   transactions, so no second secret needs a backup.
//! - [`keystore`]: a secret URI encrypted at rest with a passphrase.

mod content;
mod context;
mod data_key;
mod emergency;
mod error;
#[cfg(test)]
mod forge;
pub mod format;
mod keys;
pub mod keystore;
mod read;
mod record;
mod sealed;
mod stream;
mod wrap;
mod write;

pub use content::{Content, ContentInfo, CONTENT_HEADER_MAX};
pub use context::{RecordContext, CONTEXT_LABEL, CONTEXT_LEN};
pub use data_key::{DataKey, DATA_KEY_LEN};
pub use emergency::{
    join_shares, new_emergency_key, rewrap_share, share_context, unwrap_share, wrap_share, KeyShare,
};
pub use error::EnvelopeError;
pub use keys::{account_public_key, EncryptionSecret, KeyError, ENCRYPTION_KEY_LABEL};
pub use keystore::KeystoreError;
pub use record::{body_hash, decrypt_record, encrypt_record};
pub use sealed::{open, seal, Sealed};
pub use wrap::{rewrap_key, unwrap_key, wrap_key};
