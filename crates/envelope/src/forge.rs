//! Test-only: what a malicious writer can do against a cipher that does not commit to its key.
//!
//! AES-GCM is not key-committing: for two keys of the writer's choice, one free ciphertext
//! block can be solved so that the same ciphertext and tag authenticate under both
//! (a two-key "invisible salamander"). A writer could then wrap one data key to one reader and
//! the other to another reader, and both would open the same on-chain body, with the same hash,
//! to different plaintexts. [`two_key_body`] builds such a body for the record format, so the
//! tests can show that the format's key commitment refuses it.

use aes::cipher::{BlockEncrypt, KeyInit};
use aes::Aes256;
use hkdf::Hkdf;
use sha2::Sha256;

use crate::context::RecordContext;
use crate::data_key::DataKey;
use crate::format::*;

/// Multiplies two GHASH field elements (NIST SP 800-38D, bit-reflected: the first bit of a
/// block is the coefficient of x^0).
fn gf_mul(x: u128, y: u128) -> u128 {
    const R: u128 = 0xE1 << 120;
    let (mut z, mut v) = (0u128, y);
    for i in 0..128 {
        if (x >> (127 - i)) & 1 == 1 {
            z ^= v;
        }
        v = if v & 1 == 1 { (v >> 1) ^ R } else { v >> 1 };
    }
    z
}

/// The inverse: a^(2^128 - 2).
fn gf_inv(a: u128) -> u128 {
    let (mut result, mut base) = (1u128 << 127, a);
    let exponent = u128::MAX - 1;
    for i in 0..128 {
        if (exponent >> i) & 1 == 1 {
            result = gf_mul(result, base);
        }
        base = gf_mul(base, base);
    }
    result
}

fn ghash(h: u128, blocks: &[u128]) -> u128 {
    blocks.iter().fold(0, |y, x| gf_mul(y ^ x, h))
}

fn blocks(bytes: &[u8]) -> Vec<u128> {
    bytes
        .chunks(16)
        .map(|c| {
            let mut b = [0u8; 16];
            b[..c.len()].copy_from_slice(c);
            u128::from_be_bytes(b)
        })
        .collect()
}

struct Gcm {
    aes: Aes256,
    h: u128,
}

impl Gcm {
    /// The payload cipher of `key` for a body with this salt, as the format derives it.
    fn payload(key: &DataKey, salt: &[u8; SALT_LEN]) -> Self {
        let mut k = [0u8; 32];
        Hkdf::<Sha256>::new(Some(salt), key.expose())
            .expand(PAYLOAD_KEY_LABEL, &mut k)
            .unwrap();
        let aes = Aes256::new(&k.into());
        let h = u128::from_be_bytes(Self::encrypt_with(&aes, [0; 16]));
        Self { aes, h }
    }

    fn encrypt_with(aes: &Aes256, block: [u8; 16]) -> [u8; 16] {
        let mut b = block.into();
        aes.encrypt_block(&mut b);
        b.into()
    }

    /// E_K(nonce || counter).
    fn counter(&self, nonce: &[u8; 12], counter: u32) -> u128 {
        let mut b = [0u8; 16];
        b[..12].copy_from_slice(nonce);
        b[12..].copy_from_slice(&counter.to_be_bytes());
        u128::from_be_bytes(Self::encrypt_with(&self.aes, b))
    }
}

/// A one-chunk record body (two ciphertext blocks) whose chunk authenticates under both `a`
/// and `b`, for a body that starts with `header` (what the format puts first, salt included).
pub(crate) fn two_key_body(
    ctx: &RecordContext,
    header: &[u8],
    salt: &[u8; SALT_LEN],
    a: &DataKey,
    b: &DataKey,
) -> Vec<u8> {
    let (ga, gb) = (Gcm::payload(a, salt), Gcm::payload(b, salt));
    let nonce = chunk_nonce(0, true);
    let mut aad = header.to_vec();
    aad.extend_from_slice(&ctx.encode());
    // GHASH input: aad blocks, c1, c2, lengths; c2 is the free block (power H^2).
    let c1 = 0x0123_4567_89ab_cdef_0123_4567_89ab_cdefu128;
    let mut input = blocks(&aad);
    input.extend([c1, 0]);
    input.push(((aad.len() as u128 * 8) << 64) | (32 * 8));
    let (sa, sb) = (ghash(ga.h, &input), ghash(gb.h, &input));
    let (ea, eb) = (ga.counter(&nonce, 1), gb.counter(&nonce, 1));
    let (ha2, hb2) = (gf_mul(ga.h, ga.h), gf_mul(gb.h, gb.h));
    let c2 = gf_mul(sa ^ sb ^ ea ^ eb, gf_inv(ha2 ^ hb2));
    let tag = sa ^ gf_mul(c2, ha2) ^ ea;
    let mut body = header.to_vec();
    for x in [c1, c2, tag] {
        body.extend_from_slice(&x.to_be_bytes());
    }
    body
}

#[test]
fn field_inverse_works() {
    let a = 0x1234_5678_9abc_def0_0fed_cba9_8765_4321u128;
    assert_eq!(gf_mul(a, gf_inv(a)), 1u128 << 127);
}
