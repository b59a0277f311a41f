//! ehr's client-side envelope encryption.
//!
//! Records are encrypted on the patient's or doctor's own machine before they reach the chain.
//! This crate holds the key material side: the x25519 encryption key every account derives
//! from the same secret that signs its transactions, so a user never backs up a second secret.

mod keys;

pub use keys::{EncryptionSecret, KeyError, ENCRYPTION_KEY_LABEL};
