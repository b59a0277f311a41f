//! Wrapping a data key to a reader's x25519 public key.
//!
//! ```text
//! e, E          = fresh ephemeral x25519 key pair
//! shared        = X25519(e, recipient)            (rejected when all zero: low-order point)
//! wrapping key  = HKDF-SHA256(ikm = shared, salt = E || recipient, info = "ehr/v1/wrap")
//! wrapped key   = header(magic, version, E) || AES-256-GCM(wrapping key, nonce = 0,
//!                                              aad = header || encoded context, data key)
//! ```
//! The nonce is zero because every wrapping key is used once (it depends on a fresh ephemeral
//! key). Granting a reader is one new wrap; the payload is never re-encrypted.

use aes_gcm::aead::AeadInPlace;
use aes_gcm::{Aes256Gcm, KeyInit, Nonce, Tag};
use hkdf::Hkdf;
use rand_core::CryptoRngCore;
use sha2::Sha256;
use x25519_dalek::{PublicKey, SharedSecret, StaticSecret};
use zeroize::Zeroizing;

use crate::context::{RecordContext, CONTEXT_LEN};
use crate::data_key::{DataKey, DATA_KEY_LEN};
use crate::error::EnvelopeError;
use crate::format::*;
use crate::keys::EncryptionSecret;
use crate::{read, write};

struct Wrapper {
    aead: Aes256Gcm,
    aad: [u8; WRAP_HEADER_LEN + CONTEXT_LEN],
}

impl Wrapper {
    fn new(
        shared: &SharedSecret,
        ephemeral: &[u8; 32],
        recipient: &[u8; 32],
        header: &[u8; WRAP_HEADER_LEN],
        ctx: &RecordContext,
    ) -> Self {
        let mut salt = [0u8; 64];
        salt[..32].copy_from_slice(ephemeral);
        salt[32..].copy_from_slice(recipient);
        let mut key = Zeroizing::new([0u8; 32]);
        Hkdf::<Sha256>::new(Some(&salt), shared.as_bytes())
            .expand(WRAP_KEY_LABEL, key.as_mut())
            .expect("32 bytes is a valid HKDF-SHA256 output length");
        let mut aad = [0u8; WRAP_HEADER_LEN + CONTEXT_LEN];
        aad[..WRAP_HEADER_LEN].copy_from_slice(header);
        aad[WRAP_HEADER_LEN..].copy_from_slice(&ctx.encode());
        Self {
            aead: Aes256Gcm::new(key.as_ref().into()),
            aad,
        }
    }
}

const ZERO_NONCE: [u8; 12] = [0; 12];

/// Wraps `key` to the reader whose x25519 public key is `recipient` (85 bytes, see [`WRAP_LEN`]).
pub fn wrap_key(
    ctx: &RecordContext,
    key: &DataKey,
    recipient: &[u8; 32],
    rng: &mut impl CryptoRngCore,
) -> Result<Vec<u8>, EnvelopeError> {
    let mut seed = Zeroizing::new([0u8; 32]);
    rng.fill_bytes(seed.as_mut());
    let ephemeral = StaticSecret::from(*seed);
    let ephemeral_public = PublicKey::from(&ephemeral).to_bytes();
    let shared = ephemeral.diffie_hellman(&PublicKey::from(*recipient));
    if !shared.was_contributory() {
        return Err(EnvelopeError::LowOrderKey);
    }
    let header = write::wrap_header(&ephemeral_public);
    let wrapper = Wrapper::new(&shared, &ephemeral_public, recipient, &header, ctx);
    let mut sealed = Zeroizing::new(*key.expose());
    let tag: [u8; TAG_LEN] = wrapper
        .aead
        .encrypt_in_place_detached(
            Nonce::from_slice(&ZERO_NONCE),
            &wrapper.aad,
            sealed.as_mut(),
        )
        .expect("32 bytes is far below AES-GCM's length limit")
        .into();
    Ok(write::wrap(&header, &sealed, &tag))
}

/// Unwraps a data key with the reader's secret, checking it belongs to `ctx`.
pub fn unwrap_key(
    ctx: &RecordContext,
    wrapped: &[u8],
    secret: &EncryptionSecret,
) -> Result<DataKey, EnvelopeError> {
    let view = read::wrap(wrapped)?;
    let shared = secret
        .as_x25519()
        .diffie_hellman(&PublicKey::from(view.ephemeral));
    if !shared.was_contributory() {
        return Err(EnvelopeError::DecryptFailed);
    }
    let wrapper = Wrapper::new(
        &shared,
        &view.ephemeral,
        &secret.public_key(),
        view.header,
        ctx,
    );
    let mut key = Zeroizing::new([0u8; DATA_KEY_LEN]);
    key.copy_from_slice(view.encrypted_key);
    wrapper
        .aead
        .decrypt_in_place_detached(
            Nonce::from_slice(&ZERO_NONCE),
            &wrapper.aad,
            key.as_mut(),
            Tag::from_slice(view.tag),
        )
        .map_err(|_| EnvelopeError::DecryptFailed)?;
    Ok(DataKey::from_bytes(key))
}

/// Gives a new reader access to a version the caller can read: unwraps the caller's own key and
/// wraps it to `recipient`. One new wrap; the payload is untouched.
pub fn rewrap_key(
    ctx: &RecordContext,
    own_wrap: &[u8],
    secret: &EncryptionSecret,
    recipient: &[u8; 32],
    rng: &mut impl CryptoRngCore,
) -> Result<Vec<u8>, EnvelopeError> {
    let key = unwrap_key(ctx, own_wrap, secret)?;
    wrap_key(ctx, &key, recipient, rng)
}
