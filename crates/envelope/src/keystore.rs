//! A local keystore: an account's secret URI encrypted at rest with a passphrase.
//!
//! ```text
//! key        = scrypt(passphrase, salt (32 random bytes), log_n, r = 8, p = 1) -> 32 bytes
//! ciphertext = AES-256-GCM(key, nonce (12 random bytes), aad = canonical header, secret URI)
//! ```
//! The file is JSON (mode 0600) holding the public account key, the KDF parameters, the nonce and
//! the ciphertext. `log_n` is bounded to [`MIN_LOG_N`]..=[`MAX_LOG_N`] and `r`, `p` are fixed, so a
//! crafted file cannot make opening it cost more than about a second and 256 MiB.

use std::fs;
use std::path::{Path, PathBuf};

use aes_gcm::aead::Aead;
use aes_gcm::{Aes256Gcm, KeyInit, Nonce};
use rand_core::CryptoRngCore;
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::keys::account_public_key;

/// Format name in every keystore file.
pub const KEYSTORE_FORMAT: &str = "ehr-keystore";
/// Smallest accepted scrypt cost (2^10).
pub const MIN_LOG_N: u8 = 10;
/// Largest accepted scrypt cost (2^18: 256 MiB, about a second).
pub const MAX_LOG_N: u8 = 18;
/// The cost new keystores use (2^16: 64 MiB).
pub const DEFAULT_LOG_N: u8 = 16;
const SCRYPT_R: u32 = 8;
const SCRYPT_P: u32 = 1;
const AAD_LABEL: &[u8] = b"ehr/v1/keystore";

/// Why a keystore could not be written or opened.
#[derive(Debug, thiserror::Error)]
pub enum KeystoreError {
    #[error("could not {action} keystore {path}: {source}")]
    Io {
        action: &'static str,
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("keystore {path} is not a valid ehr keystore: {reason}")]
    Malformed { path: PathBuf, reason: String },
    #[error("keystore {path}: format version {version} is not supported (this ehr reads version 1); upgrade ehr")]
    UnsupportedVersion { path: PathBuf, version: u32 },
    #[error("wrong passphrase for keystore {path} (or the file was altered)")]
    WrongPassphrase { path: PathBuf },
    #[error("scrypt cost log_n = {0} is outside {MIN_LOG_N}..={MAX_LOG_N}")]
    Cost(u8),
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct KeystoreFile {
    format: String,
    version: u32,
    /// The account's sr25519 public key, hex: lets tools list accounts without the passphrase.
    public_key: String,
    kdf: Kdf,
    nonce: String,
    ciphertext: String,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Kdf {
    name: String,
    log_n: u8,
    r: u32,
    p: u32,
    salt: String,
}

fn aad(public_key: &[u8; 32], log_n: u8, salt: &[u8; 32]) -> Vec<u8> {
    let mut aad = AAD_LABEL.to_vec();
    aad.extend_from_slice(public_key);
    aad.extend_from_slice(&[log_n]);
    aad.extend_from_slice(&SCRYPT_R.to_be_bytes());
    aad.extend_from_slice(&SCRYPT_P.to_be_bytes());
    aad.extend_from_slice(salt);
    aad
}

fn derive(passphrase: &str, salt: &[u8; 32], log_n: u8) -> Result<Aes256Gcm, KeystoreError> {
    if !(MIN_LOG_N..=MAX_LOG_N).contains(&log_n) {
        return Err(KeystoreError::Cost(log_n));
    }
    let params = scrypt::Params::new(log_n, SCRYPT_R, SCRYPT_P, 32)
        .map_err(|_| KeystoreError::Cost(log_n))?;
    let mut key = Zeroizing::new([0u8; 32]);
    scrypt::scrypt(passphrase.as_bytes(), salt, &params, key.as_mut())
        .expect("32 bytes is a valid scrypt output length");
    Ok(Aes256Gcm::new(key.as_ref().into()))
}

/// Encrypts `secret_uri` with `passphrase` and writes it to `path` with mode 0600, atomically (a
/// temporary file renamed into place). Returns the account's sr25519 public key.
pub fn save(
    path: &Path,
    secret_uri: &str,
    passphrase: &str,
    log_n: u8,
    rng: &mut impl CryptoRngCore,
) -> Result<[u8; 32], KeystoreError> {
    let public_key =
        &account_public_key(secret_uri).map_err(|e| malformed(path, &e.to_string()))?;
    let mut salt = [0u8; 32];
    rng.fill_bytes(&mut salt);
    let mut nonce = [0u8; 12];
    rng.fill_bytes(&mut nonce);
    let cipher = derive(passphrase, &salt, log_n)?;
    let ciphertext = cipher
        .encrypt(
            Nonce::from_slice(&nonce),
            aes_gcm::aead::Payload {
                msg: secret_uri.as_bytes(),
                aad: &aad(public_key, log_n, &salt),
            },
        )
        .expect("a secret URI is far below AES-GCM's length limit");
    let file = KeystoreFile {
        format: KEYSTORE_FORMAT.into(),
        version: 1,
        public_key: hex::encode(public_key),
        kdf: Kdf {
            name: "scrypt".into(),
            log_n,
            r: SCRYPT_R,
            p: SCRYPT_P,
            salt: hex::encode(salt),
        },
        nonce: hex::encode(nonce),
        ciphertext: hex::encode(ciphertext),
    };
    let json = serde_json::to_vec_pretty(&file).expect("the keystore serializes");
    write_private(path, &json)?;
    Ok(*public_key)
}

fn write_private(path: &Path, bytes: &[u8]) -> Result<(), KeystoreError> {
    let io = |action, source| KeystoreError::Io {
        action,
        path: path.to_path_buf(),
        source,
    };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        ehr_private_file::create_dir(dir).map_err(|e| io("create the directory of", e))?;
    }
    ehr_private_file::write(path, bytes).map_err(|e| io("write", e))
}

/// The public key a keystore is for, read without the passphrase.
pub fn public_key(path: &Path) -> Result<[u8; 32], KeystoreError> {
    let file = read_file(path)?;
    hex32(path, &file.public_key, "public_key")
}

/// Decrypts the secret URI in the keystore at `path`.
pub fn load(path: &Path, passphrase: &str) -> Result<Zeroizing<String>, KeystoreError> {
    let file = read_file(path)?;
    let public_key = hex32(path, &file.public_key, "public_key")?;
    let salt = hex32(path, &file.kdf.salt, "kdf.salt")?;
    let nonce: [u8; 12] = hex_n(path, &file.nonce, "nonce")?;
    let ciphertext =
        hex::decode(&file.ciphertext).map_err(|_| malformed(path, "ciphertext is not hex"))?;
    let cipher = derive(passphrase, &salt, file.kdf.log_n)?;
    let plaintext = Zeroizing::new(
        cipher
            .decrypt(
                Nonce::from_slice(&nonce),
                aes_gcm::aead::Payload {
                    msg: &ciphertext,
                    aad: &aad(&public_key, file.kdf.log_n, &salt),
                },
            )
            .map_err(|_| KeystoreError::WrongPassphrase {
                path: path.to_path_buf(),
            })?,
    );
    let uri =
        std::str::from_utf8(&plaintext).map_err(|_| malformed(path, "secret is not UTF-8"))?;
    Ok(Zeroizing::new(uri.to_string()))
}

fn read_file(path: &Path) -> Result<KeystoreFile, KeystoreError> {
    let bytes = fs::read(path).map_err(|source| KeystoreError::Io {
        action: "read",
        path: path.to_path_buf(),
        source,
    })?;
    if bytes.len() > 64 * 1024 {
        return Err(malformed(path, "larger than 64 KiB"));
    }
    let file: KeystoreFile =
        serde_json::from_slice(&bytes).map_err(|e| malformed(path, &e.to_string()))?;
    if file.format != KEYSTORE_FORMAT {
        return Err(malformed(path, "format is not \"ehr-keystore\""));
    }
    if file.version != 1 {
        return Err(KeystoreError::UnsupportedVersion {
            path: path.to_path_buf(),
            version: file.version,
        });
    }
    if file.kdf.name != "scrypt" || file.kdf.r != SCRYPT_R || file.kdf.p != SCRYPT_P {
        return Err(malformed(path, "the KDF must be scrypt with r = 8, p = 1"));
    }
    if !(MIN_LOG_N..=MAX_LOG_N).contains(&file.kdf.log_n) {
        return Err(KeystoreError::Cost(file.kdf.log_n));
    }
    Ok(file)
}

fn malformed(path: &Path, reason: &str) -> KeystoreError {
    KeystoreError::Malformed {
        path: path.to_path_buf(),
        reason: reason.to_string(),
    }
}

fn hex32(path: &Path, s: &str, field: &str) -> Result<[u8; 32], KeystoreError> {
    hex_n(path, s, field)
}

fn hex_n<const N: usize>(path: &Path, s: &str, field: &str) -> Result<[u8; N], KeystoreError> {
    let bytes = hex::decode(s).map_err(|_| malformed(path, &format!("{field} is not hex")))?;
    bytes
        .try_into()
        .map_err(|_| malformed(path, &format!("{field} must be {N} bytes")))
}

#[cfg(test)]
mod tests {
    use super::*;

    const URI: &str = "bottom drive obey lake curtain smoke basket hold race lonely fit walk//ehr";

    fn saved(dir: &tempfile::TempDir) -> PathBuf {
        let path = dir.path().join("keys").join("alice.json");
        save(
            &path,
            URI,
            "correct horse",
            MIN_LOG_N,
            &mut rand_core::OsRng,
        )
        .unwrap();
        path
    }

    #[test]
    fn round_trip_works() {
        // given a saved keystore, when opened with the passphrase, then the URI comes back
        let dir = tempfile::tempdir().unwrap();
        let path = saved(&dir);
        assert_eq!(load(&path, "correct horse").unwrap().as_str(), URI);
        assert_eq!(public_key(&path).unwrap(), account_public_key(URI).unwrap());
        let text = fs::read_to_string(&path).unwrap();
        assert!(
            !text.contains("bottom drive"),
            "the secret is not in the file"
        );
    }

    #[cfg(unix)]
    #[test]
    fn file_is_private_works() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = saved(&dir);
        let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }

    #[cfg(unix)]
    #[test]
    fn save_never_writes_through_a_planted_symlink_works() {
        // given a symlink planted where a fixed temporary name would be, pointing at a victim
        let dir = tempfile::tempdir().unwrap();
        let keys = dir.path().join("keys");
        fs::create_dir_all(&keys).unwrap();
        let victim = dir.path().join("victim");
        fs::write(&victim, b"keep me").unwrap();
        for name in ["alice.tmp", "alice.json.tmp"] {
            std::os::unix::fs::symlink(&victim, keys.join(name)).unwrap();
        }
        // when the keystore is saved, the victim is untouched and the keystore is private
        let path = saved(&dir);
        assert_eq!(fs::read(&victim).unwrap(), b"keep me");
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o600
        );
        assert!(load(&path, "correct horse").is_ok());
    }

    #[test]
    fn wrong_passphrase_fails() {
        let dir = tempfile::tempdir().unwrap();
        let path = saved(&dir);
        let err = load(&path, "wrong horse").unwrap_err();
        assert!(
            matches!(err, KeystoreError::WrongPassphrase { .. }),
            "{err}"
        );
        assert!(err.to_string().contains("wrong passphrase"));
    }

    #[test]
    fn altered_public_key_fails() {
        // given a keystore whose public key was swapped, then it does not open
        let dir = tempfile::tempdir().unwrap();
        let path = saved(&dir);
        let text = fs::read_to_string(&path).unwrap().replace(
            &hex::encode(account_public_key(URI).unwrap()),
            &hex::encode([8u8; 32]),
        );
        fs::write(&path, text).unwrap();
        assert!(matches!(
            load(&path, "correct horse"),
            Err(KeystoreError::WrongPassphrase { .. })
        ));
    }

    #[test]
    fn excessive_cost_fails() {
        // given a crafted file that asks for 2^30 scrypt work
        let dir = tempfile::tempdir().unwrap();
        let path = saved(&dir);
        let text = fs::read_to_string(&path)
            .unwrap()
            .replace("\"log_n\": 10", "\"log_n\": 30");
        fs::write(&path, text).unwrap();
        // then it is refused before any work is done
        assert!(matches!(
            load(&path, "correct horse"),
            Err(KeystoreError::Cost(30))
        ));
    }

    #[test]
    fn unknown_version_and_garbage_fail() {
        let dir = tempfile::tempdir().unwrap();
        let path = saved(&dir);
        let text = fs::read_to_string(&path).unwrap();
        fs::write(&path, text.replace("\"version\": 1", "\"version\": 2")).unwrap();
        assert!(matches!(
            load(&path, "correct horse"),
            Err(KeystoreError::UnsupportedVersion { version: 2, .. })
        ));
        fs::write(&path, b"not json").unwrap();
        assert!(matches!(
            load(&path, "correct horse"),
            Err(KeystoreError::Malformed { .. })
        ));
    }
}
