//! The emergency (break-glass) key: an x25519 key pair made on the patient's machine, whose
//! secret exists only as two XOR shares, each wrapped to one custodian.
//!
//! ```text
//! E            = fresh x25519 secret;  share0 = random;  share1 = E xor share0
//! wrapped share = wrap_key(share context(generation, index), share, custodian's key)
//! ```
//! A custodian alone holds one share, which is uniformly random and says nothing about `E`.
//! On a break-glass, each custodian unwraps its share and wraps it again to the doctor
//! ([`rewrap_share`]); the doctor joins both ([`join_shares`]) into `E` and unwraps the
//! versions' emergency wraps with it. Shares are bound to a context with record id 0 (never a
//! record's id), the policy generation as version and `0xE0 + index` as type, so a share cannot
//! pass for a data key, another generation's share, or the other share.

use rand_core::CryptoRngCore;
use zeroize::Zeroizing;

use crate::context::RecordContext;
use crate::data_key::{DataKey, DATA_KEY_LEN};
use crate::error::EnvelopeError;
use crate::keys::EncryptionSecret;
use crate::wrap::{unwrap_key, wrap_key};

/// The record type byte of share `index`'s context.
const SHARE_TYPE_BASE: u8 = 0xE0;

/// One share of an emergency secret. Zeroized on drop; `Debug` never shows it.
pub struct KeyShare(DataKey);

impl std::fmt::Debug for KeyShare {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("KeyShare(<redacted>)")
    }
}

/// The context a share of `patient`'s emergency key (policy `generation`, share `index`) is
/// wrapped under.
pub fn share_context(
    genesis_hash: [u8; 32],
    contract: [u8; 32],
    patient: [u8; 32],
    generation: u32,
    index: u8,
) -> RecordContext {
    RecordContext {
        genesis_hash,
        contract,
        patient,
        record_id: 0,
        version: generation,
        record_type: SHARE_TYPE_BASE + index,
    }
}

/// Makes an emergency key pair and splits its secret: returns the public key and the two
/// shares. The secret itself is dropped (zeroized) here.
pub fn new_emergency_key(rng: &mut impl CryptoRngCore) -> ([u8; 32], [KeyShare; 2]) {
    let mut secret = Zeroizing::new([0u8; DATA_KEY_LEN]);
    rng.fill_bytes(secret.as_mut());
    let public = EncryptionSecret::from_x25519_bytes(*secret).public_key();
    let mut first = Zeroizing::new([0u8; DATA_KEY_LEN]);
    rng.fill_bytes(first.as_mut());
    let mut second = Zeroizing::new([0u8; DATA_KEY_LEN]);
    for i in 0..DATA_KEY_LEN {
        second[i] = secret[i] ^ first[i];
    }
    (
        public,
        [
            KeyShare(DataKey::from_bytes(first)),
            KeyShare(DataKey::from_bytes(second)),
        ],
    )
}

/// Joins both shares into the emergency secret.
pub fn join_shares(shares: &[KeyShare; 2]) -> EncryptionSecret {
    let mut secret = Zeroizing::new([0u8; DATA_KEY_LEN]);
    let (a, b) = (shares[0].0.expose(), shares[1].0.expose());
    for i in 0..DATA_KEY_LEN {
        secret[i] = a[i] ^ b[i];
    }
    EncryptionSecret::from_x25519_bytes(*secret)
}

/// Wraps a share to `recipient` (a custodian, or the doctor on release).
pub fn wrap_share(
    ctx: &RecordContext,
    share: &KeyShare,
    recipient: &[u8; 32],
    rng: &mut impl CryptoRngCore,
) -> Result<Vec<u8>, EnvelopeError> {
    wrap_key(ctx, &share.0, recipient, rng)
}

/// Unwraps a share with the holder's secret, checking its context.
pub fn unwrap_share(
    ctx: &RecordContext,
    wrapped: &[u8],
    secret: &EncryptionSecret,
) -> Result<KeyShare, EnvelopeError> {
    unwrap_key(ctx, wrapped, secret).map(KeyShare)
}

/// A custodian's release: unwraps its share and wraps it to the doctor.
pub fn rewrap_share(
    ctx: &RecordContext,
    own: &[u8],
    secret: &EncryptionSecret,
    recipient: &[u8; 32],
    rng: &mut impl CryptoRngCore,
) -> Result<Vec<u8>, EnvelopeError> {
    let share = unwrap_share(ctx, own, secret)?;
    wrap_share(ctx, &share, recipient, rng)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{open, seal};
    use rand_core::OsRng;

    fn ctx(index: u8) -> RecordContext {
        share_context([1; 32], [2; 32], [3; 32], 1, index)
    }

    fn secret(n: u8) -> EncryptionSecret {
        EncryptionSecret::from_x25519_bytes([n; 32])
    }

    #[test]
    fn released_shares_open_an_emergency_wrap_works() {
        // given a version sealed for the patient and the emergency key
        let (public, shares) = new_emergency_key(&mut OsRng);
        let (patient, custodians, doctor) = (secret(7), [secret(8), secret(9)], secret(10));
        let record = RecordContext {
            record_id: 4,
            version: 1,
            ..ctx(0)
        };
        let sealed = seal(
            &record,
            &crate::Content::new(
                crate::ContentInfo::octets(),
                b"allergies: penicillin".to_vec(),
            ),
            &[patient.public_key(), public],
            &mut OsRng,
        )
        .unwrap();
        // and each share wrapped to its custodian
        let held: Vec<Vec<u8>> = (0..2)
            .map(|i| {
                let k = custodians[i].public_key();
                wrap_share(&ctx(i as u8), &shares[i], &k, &mut OsRng).unwrap()
            })
            .collect();
        // when both custodians release to the doctor, and the doctor joins the shares
        let released: Vec<KeyShare> = (0..2)
            .map(|i| {
                let c = ctx(i as u8);
                let to_doctor = rewrap_share(
                    &c,
                    &held[i],
                    &custodians[i],
                    &doctor.public_key(),
                    &mut OsRng,
                )
                .unwrap();
                unwrap_share(&c, &to_doctor, &doctor).unwrap()
            })
            .collect();
        let [a, b]: [KeyShare; 2] = released.try_into().unwrap();
        let emergency = join_shares(&[a, b]);
        // then the emergency wrap opens the record
        let plain = open(&record, &sealed.body, &sealed.wraps[1].1, &emergency).unwrap();
        assert_eq!(plain.bytes(), b"allergies: penicillin");
        assert_eq!(emergency.public_key(), public);
    }

    #[test]
    fn one_share_alone_fails() {
        // given the real share 0 and a forged share 1
        let (public, [first, _]) = new_emergency_key(&mut OsRng);
        let (_, [forged, _]) = new_emergency_key(&mut OsRng);
        // when joined, then it is not the emergency key
        assert_ne!(join_shares(&[first, forged]).public_key(), public);
    }

    #[test]
    fn share_under_wrong_context_fails() {
        // given share 0 wrapped to a custodian
        let (_, shares) = new_emergency_key(&mut OsRng);
        let custodian = secret(8);
        let wrapped = wrap_share(&ctx(0), &shares[0], &custodian.public_key(), &mut OsRng).unwrap();
        // when unwrapped as share 1, or under another generation, then it fails
        assert!(unwrap_share(&ctx(1), &wrapped, &custodian).is_err());
        let other_generation = share_context([1; 32], [2; 32], [3; 32], 2, 0);
        assert!(unwrap_share(&other_generation, &wrapped, &custodian).is_err());
        assert!(unwrap_share(&ctx(0), &wrapped, &custodian).is_ok());
    }

    #[test]
    fn debug_hides_the_share_works() {
        let (_, shares) = new_emergency_key(&mut OsRng);
        assert_eq!(format!("{:?}", shares[0]), "KeyShare(<redacted>)");
    }
}
