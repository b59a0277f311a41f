//! The per-version data key.

use rand_core::CryptoRngCore;
use zeroize::Zeroizing;

/// Length of a data key in bytes.
pub const DATA_KEY_LEN: usize = 32;

/// A record version's 256-bit data key: fresh and random for every version, wrapped once per
/// reader. Zeroized on drop; `Debug` never shows it.
pub struct DataKey(Zeroizing<[u8; DATA_KEY_LEN]>);

impl DataKey {
    /// A fresh random data key.
    pub fn generate(rng: &mut impl CryptoRngCore) -> Self {
        let mut key = Zeroizing::new([0u8; DATA_KEY_LEN]);
        rng.fill_bytes(key.as_mut());
        Self(key)
    }

    pub(crate) fn from_bytes(bytes: Zeroizing<[u8; DATA_KEY_LEN]>) -> Self {
        Self(bytes)
    }

    pub(crate) fn expose(&self) -> &[u8; DATA_KEY_LEN] {
        &self.0
    }
}

impl std::fmt::Debug for DataKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DataKey(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_hides_the_key_works() {
        let key = DataKey::generate(&mut rand_core::OsRng);
        let shown = format!("{key:?}");
        let hex_key = hex::encode(key.expose());
        assert!(!shown.contains(&hex_key[..8]));
        assert_eq!(shown, "DataKey(<redacted>)");
    }

    #[test]
    fn keys_are_fresh_works() {
        let a = DataKey::generate(&mut rand_core::OsRng);
        let b = DataKey::generate(&mut rand_core::OsRng);
        assert_ne!(a.expose(), b.expose());
    }
}
