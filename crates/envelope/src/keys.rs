//! Encryption keys derived from the account.
//!
//! An account's sr25519 signing key comes from a secret URI: `//Alice` (the dev phrase plus a
//! hard junction), a BIP-39 mnemonic with optional `//hard`, `/soft` and `///password` parts, or
//! a `0x` hex seed. We derive the sr25519 secret key exactly as Substrate does (mini secret from
//! the mnemonic's entropy with PBKDF2-HMAC-SHA512, 2048 rounds, salt `"mnemonic" + password`;
//! Ed25519-mode expansion; hard and soft junctions with their chain codes), check it against the
//! account's public key in the tests, and then take
//!
//! ```text
//! x25519 secret = HKDF-SHA256(ikm = sr25519 secret scalar (32 bytes),
//!                             salt = "", info = ENCRYPTION_KEY_LABEL)
//! ```
//!
//! Only the scalar: schnorrkel draws the *nonce* half of a soft-derived key (`/soft`) from the
//! OS rng on every derivation, so the nonce differs from one process to the next while the
//! scalar (and the account) stays the same. The x25519 public key is what the contract stores.

use hkdf::Hkdf;
use schnorrkel::derive::{ChainCode, Derivation};
use schnorrkel::{ExpansionMode, MiniSecretKey, SecretKey};
use sha2::Sha256;
use std::str::FromStr;
use subxt_signer::{DeriveJunction, ExposeSecret, SecretUri};
use zeroize::{Zeroize, Zeroizing};

/// Domain separation label of the account-to-encryption-key derivation.
pub const ENCRYPTION_KEY_LABEL: &[u8] = b"ehr/v2/x25519-from-sr25519-scalar";

/// Why a key could not be derived.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    /// The secret URI did not parse (the message never contains the secret).
    #[error("invalid secret URI: {0}")]
    InvalidUri(String),
}

/// An account's x25519 secret: decrypts the data keys wrapped to its public key.
/// Zeroized on drop; `Debug` shows only the public key.
pub struct EncryptionSecret(x25519_dalek::StaticSecret);

impl std::fmt::Debug for EncryptionSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EncryptionSecret")
            .field("public", &hex_short(&self.public_key()))
            .finish_non_exhaustive()
    }
}

fn hex_short(bytes: &[u8]) -> String {
    bytes
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect::<String>()
        + "…"
}

impl EncryptionSecret {
    /// Derives the account's encryption secret from its secret URI.
    pub fn from_secret_uri(uri: &str) -> Result<Self, KeyError> {
        let sr25519 = sr25519_secret(uri)?;
        Ok(Self::from_sr25519(&sr25519))
    }

    fn from_sr25519(secret: &SecretKey) -> Self {
        // to_bytes() is scalar || nonce; the nonce is random for soft-derived keys.
        let bytes = Zeroizing::new(secret.to_bytes());
        let scalar = &bytes[..32];
        let mut okm = Zeroizing::new([0u8; 32]);
        Hkdf::<Sha256>::new(None, scalar)
            .expand(ENCRYPTION_KEY_LABEL, okm.as_mut())
            .expect("32 bytes is a valid HKDF-SHA256 output length");
        Self(x25519_dalek::StaticSecret::from(*okm))
    }

    /// An encryption secret from raw x25519 secret bytes (for test vectors; real accounts use
    /// [`EncryptionSecret::from_secret_uri`]).
    pub fn from_x25519_bytes(bytes: [u8; 32]) -> Self {
        Self(x25519_dalek::StaticSecret::from(bytes))
    }

    /// The x25519 public key (what the contract stores).
    pub fn public_key(&self) -> [u8; 32] {
        x25519_dalek::PublicKey::from(&self.0).to_bytes()
    }

    /// The x25519 secret, for key agreement.
    pub fn as_x25519(&self) -> &x25519_dalek::StaticSecret {
        &self.0
    }
}

/// The account (sr25519 public key) of a secret URI.
pub fn account_public_key(uri: &str) -> Result<[u8; 32], KeyError> {
    Ok(sr25519_secret(uri)?.to_public().to_bytes())
}

/// The sr25519 secret key of a secret URI, derived as Substrate derives it.
fn sr25519_secret(uri: &str) -> Result<SecretKey, KeyError> {
    let invalid = |e: &dyn std::fmt::Display| KeyError::InvalidUri(e.to_string());
    let SecretUri {
        junctions,
        phrase,
        password,
    } = SecretUri::from_str(uri).map_err(|e| invalid(&e))?;
    let mut seed = Zeroizing::new([0u8; 32]);
    if let Some(hex_str) = phrase.expose_secret().strip_prefix("0x") {
        let bytes = Zeroizing::new(
            hex_decode(hex_str).ok_or_else(|| invalid(&"the hex seed is not 32 bytes of hex"))?,
        );
        seed.copy_from_slice(&bytes[..]);
    } else {
        let mnemonic = subxt_signer::bip39::Mnemonic::from_str(phrase.expose_secret())
            .map_err(|e| invalid(&e))?;
        let (entropy, len) = mnemonic.to_entropy_array();
        let entropy = Zeroizing::new(entropy);
        let password = password
            .as_ref()
            .map(|p| p.expose_secret().to_string())
            .unwrap_or_default();
        let big = seed_from_entropy(&entropy[..len], &password)
            .ok_or_else(|| invalid(&"the mnemonic's entropy has an invalid length"))?;
        seed.copy_from_slice(&big[..32]);
    }
    let mini = MiniSecretKey::from_bytes(seed.as_ref()).map_err(|e| invalid(&e))?;
    let mut key = mini.expand(ExpansionMode::Ed25519);
    for junction in junctions {
        key = match junction {
            DeriveJunction::Soft(cc) => key.derived_key_simple(ChainCode(cc), []).0,
            DeriveJunction::Hard(cc) => key
                .hard_derive_mini_secret_key(Some(ChainCode(cc)), b"")
                .0
                .expand(ExpansionMode::Ed25519),
        };
    }
    Ok(key)
}

/// Substrate's BIP-39 seed: PBKDF2-HMAC-SHA512 over the mnemonic's *entropy* (not its words),
/// 2048 rounds, salt `"mnemonic" + password`.
fn seed_from_entropy(entropy: &[u8], password: &str) -> Option<Zeroizing<[u8; 64]>> {
    if !matches!(entropy.len(), 16 | 20 | 24 | 28 | 32) {
        return None;
    }
    let mut salt = format!("mnemonic{password}");
    let mut seed = Zeroizing::new([0u8; 64]);
    pbkdf2::pbkdf2::<hmac::Hmac<sha2::Sha512>>(entropy, salt.as_bytes(), 2048, seed.as_mut())
        .ok()?;
    salt.zeroize();
    Some(seed)
}

/// 32 bytes from 64 hex digits, decoded into a fixed buffer (no heap copy of a seed).
fn hex_decode(s: &str) -> Option<[u8; 32]> {
    let mut out = [0u8; 32];
    hex::decode_to_slice(s, &mut out).ok()?;
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use subxt_signer::sr25519::Keypair;

    const PHRASE: &str =
        "legal winner thank year wave sausage worth useful legal winner thank yellow";

    fn signer_public(uri: &str) -> [u8; 32] {
        Keypair::from_uri(&SecretUri::from_str(uri).unwrap())
            .unwrap()
            .public_key()
            .0
    }

    #[test]
    fn sr25519_derivation_matches_the_signer_works() {
        // given secret URIs of every shape, when we derive the sr25519 key ourselves,
        // then its public key is the account the signer signs for
        for uri in [
            "//Alice",
            "//Bob",
            "//Alice//stash",
            "//Alice/soft",
            PHRASE,
            &format!("{PHRASE}//hard/soft"),
            &format!("{PHRASE}//1"),
            &format!("{PHRASE}///secret password"),
            "0x0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        ] {
            let ours = sr25519_secret(uri).unwrap().to_public().to_bytes();
            assert_eq!(ours, signer_public(uri), "{uri}");
        }
    }

    #[test]
    fn encryption_key_is_deterministic_and_distinct_works() {
        let alice = EncryptionSecret::from_secret_uri("//Alice")
            .unwrap()
            .public_key();
        let again = EncryptionSecret::from_secret_uri("//Alice")
            .unwrap()
            .public_key();
        let bob = EncryptionSecret::from_secret_uri("//Bob")
            .unwrap()
            .public_key();
        assert_eq!(alice, again);
        assert_ne!(alice, bob);
        assert_ne!(
            alice,
            signer_public("//Alice"),
            "not the signing key itself"
        );
    }

    #[test]
    fn soft_derived_key_is_deterministic_works() {
        // given accounts behind soft junctions: their sr25519 nonce is drawn at random on every
        // derivation, only the secret scalar is fixed
        for uri in [
            "//Alice/soft",
            &format!("{PHRASE}/0"),
            &format!("{PHRASE}//hard/soft"),
        ] {
            // when the encryption key is derived twice, then it is the same key
            let first = EncryptionSecret::from_secret_uri(uri).unwrap().public_key();
            for _ in 0..3 {
                let again = EncryptionSecret::from_secret_uri(uri).unwrap().public_key();
                assert_eq!(first, again, "{uri}");
            }
        }
    }

    #[test]
    fn encryption_key_known_answer_works() {
        // A change here changes every user's encryption key: it must never happen silently.
        let alice = EncryptionSecret::from_secret_uri("//Alice")
            .unwrap()
            .public_key();
        let hex: String = alice.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(hex, KNOWN_ALICE);
    }

    const KNOWN_ALICE: &str = "ff981219b08ad3a89c916898ebced867466c2ad94d71f1d3f013c7c3e359c557";

    #[test]
    fn debug_hides_the_secret_works() {
        let secret = EncryptionSecret::from_secret_uri("//Alice").unwrap();
        let shown = format!("{secret:?}");
        let secret_hex: String = secret
            .as_x25519()
            .to_bytes()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert!(!shown.contains(&secret_hex[..16]));
        assert!(shown.contains("public"));
    }

    #[test]
    fn invalid_uri_fails() {
        // given URIs that are no secret: bad words, short hex, non-hex
        for uri in [
            "not a mnemonic at all",
            "0x1234",
            "0xzz23456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        ] {
            // then derivation fails, and the error never echoes the input
            let err = EncryptionSecret::from_secret_uri(uri).unwrap_err();
            assert!(!err.to_string().contains(uri), "{uri:?} echoed in {err}");
        }
    }
}
