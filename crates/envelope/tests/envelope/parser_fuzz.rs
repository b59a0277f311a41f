//! A proptest-driven fuzz test of the readers: arbitrary and mutated bytes never panic, and
//! never decrypt.

use ehr_envelope::format::{RECORD_MAGIC, WRAP_MAGIC};
use ehr_envelope::{decrypt_record, encrypt_record, unwrap_key, EncryptionSecret};
use proptest::prelude::*;

use crate::common::{content, ctx, rng};

fn with_magic(magic: &[u8; 4], version: u8, mut rest: Vec<u8>) -> Vec<u8> {
    let mut out = magic.to_vec();
    out.push(version);
    out.append(&mut rest);
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn arbitrary_bytes_never_panic_works(
        bytes in proptest::collection::vec(any::<u8>(), 0..300),
        version in 0u8..3,
        prefix in 0u8..3,
    ) {
        // given arbitrary bytes, some with a valid magic and version prefix
        let bytes = match prefix {
            0 => bytes,
            1 => with_magic(RECORD_MAGIC, version, bytes),
            _ => with_magic(WRAP_MAGIC, version, bytes),
        };
        let (key, _) = encrypt_record(&ctx(), &content(b""), &mut rng(0));
        let secret = EncryptionSecret::from_x25519_bytes([5; 32]);
        // then both readers return an error, never panic, never succeed
        prop_assert!(decrypt_record(&ctx(), &key, &bytes).is_err());
        prop_assert!(unwrap_key(&ctx(), &bytes, &secret).is_err());
    }

    #[test]
    fn mutated_body_never_decrypts_works(
        len in 0usize..200_000,
        edits in proptest::collection::vec((any::<usize>(), any::<u8>()), 1..4),
        cut in proptest::option::of(any::<usize>()),
    ) {
        // given a valid body with bytes changed and maybe cut short
        let (key, body) = encrypt_record(&ctx(), &content(&vec![1u8; len]), &mut rng(len as u64));
        let mut bad = body.clone();
        for (at, xor) in edits {
            let at = at % bad.len();
            bad[at] ^= xor.max(1);
        }
        if let Some(cut) = cut {
            bad.truncate(cut % bad.len());
        }
        // then it never decrypts
        prop_assert!(decrypt_record(&ctx(), &key, &bad).is_err());
    }
}
