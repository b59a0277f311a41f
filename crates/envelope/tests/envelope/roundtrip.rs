use ehr_envelope::format::{CHUNK_LEN, RECORD_HEADER_LEN, TAG_LEN};
use ehr_envelope::{
    decrypt_record, encrypt_record, join_shares, new_emergency_key, open, rewrap_key, rewrap_share,
    seal, share_context, unwrap_key, unwrap_share, wrap_share, EncryptionSecret,
};
use proptest::prelude::*;

use crate::common::{content, ctx, payload, reader, rng};

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn any_payload_any_readers_round_trip_works(
        len in prop_oneof![0usize..=2 * CHUNK_LEN + 2, 0usize..=4 * 1024 * 1024],
        seed in any::<u64>(),
        readers in proptest::collection::vec(any::<[u8; 32]>(), 1..6),
    ) {
        // given a payload and a set of readers (random x25519 secrets)
        let plaintext = payload(len, seed as u8);
        let secrets: Vec<EncryptionSecret> =
            readers.iter().map(|b| EncryptionSecret::from_x25519_bytes(*b)).collect();
        let publics: Vec<[u8; 32]> = secrets.iter().map(EncryptionSecret::public_key).collect();
        // when sealed for all of them
        let content = content(&plaintext);
        let sealed = seal(&ctx(), &content, &publics, &mut rng(seed)).unwrap();
        // then the body has the documented size (the content header is part of the
        // plaintext), and every reader opens it
        let len = content.plaintext_len();
        let chunks = len.div_ceil(CHUNK_LEN).max(1);
        prop_assert_eq!(sealed.body.len(), RECORD_HEADER_LEN + len + chunks * TAG_LEN);
        for (secret, (public, wrap)) in secrets.iter().zip(&sealed.wraps) {
            prop_assert_eq!(&secret.public_key(), public);
            let opened = open(&ctx(), &sealed.body, wrap, secret).unwrap();
            prop_assert!(opened.bytes() == plaintext.as_slice());
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    #[test]
    fn emergency_key_through_custodians_round_trip_works(
        seed in any::<u64>(),
        custodians in any::<[[u8; 32]; 2]>(),
        doctor in any::<[u8; 32]>(),
        generation in 1u32..1000,
        len in 1usize..4096,
    ) {
        // given a version sealed for the emergency key, its secret split between two custodians
        let mut rng = rng(seed);
        let (public, shares) = new_emergency_key(&mut rng);
        let plaintext = payload(len, seed as u8);
        let sealed = seal(&ctx(), &content(&plaintext), &[public], &mut rng).unwrap();
        let doctor = EncryptionSecret::from_x25519_bytes(doctor);
        let mut released = Vec::new();
        for (index, custodian) in custodians.iter().enumerate() {
            let custodian = EncryptionSecret::from_x25519_bytes(*custodian);
            let sctx = share_context([1; 32], [2; 32], [3; 32], generation, index as u8);
            let held = wrap_share(&sctx, &shares[index], &custodian.public_key(), &mut rng).unwrap();
            // when each custodian releases to the doctor
            let to_doctor =
                rewrap_share(&sctx, &held, &custodian, &doctor.public_key(), &mut rng).unwrap();
            released.push(unwrap_share(&sctx, &to_doctor, &doctor).unwrap());
        }
        // then the doctor's joined key is the emergency key and opens the version
        let shares: [_; 2] = released.try_into().unwrap();
        let key = join_shares(&shares);
        prop_assert_eq!(key.public_key(), public);
        prop_assert!(open(&ctx(), &sealed.body, &sealed.wraps[0].1, &key).unwrap().bytes() == plaintext.as_slice());
    }
}

#[test]
fn chunk_boundaries_round_trip_works() {
    // given payloads around every chunk boundary, when encrypted and decrypted, then equal
    for len in [
        0,
        1,
        CHUNK_LEN - 1,
        CHUNK_LEN,
        CHUNK_LEN + 1,
        2 * CHUNK_LEN,
        2 * CHUNK_LEN + 1,
    ] {
        let plaintext = payload(len, 3);
        let (key, body) = encrypt_record(&ctx(), &content(&plaintext), &mut rng(len as u64));
        assert_eq!(
            decrypt_record(&ctx(), &key, &body).unwrap().bytes(),
            plaintext,
            "{len}"
        );
    }
}

#[test]
fn sixty_four_mib_round_trip_works() {
    // given a 64 MiB payload (the format's stated capacity), then it round trips
    let plaintext = vec![0xa5u8; 64 * 1024 * 1024];
    let (key, body) = encrypt_record(&ctx(), &content(&plaintext), &mut rng(64));
    assert!(decrypt_record(&ctx(), &key, &body).unwrap().bytes() == plaintext.as_slice());
}

#[test]
fn granting_a_reader_is_one_new_wrap_works() {
    // given a version sealed for the patient only
    let patient = reader("Alice");
    let doctor = reader("Bob");
    let sealed = seal(
        &ctx(),
        &content(b"lab results"),
        &[patient.public_key()],
        &mut rng(1),
    )
    .unwrap();
    // when the patient rewraps their key for the doctor
    let wrap = rewrap_key(
        &ctx(),
        &sealed.wraps[0].1,
        &patient,
        &doctor.public_key(),
        &mut rng(2),
    )
    .unwrap();
    // then the doctor opens the unchanged body with the new wrap
    assert_eq!(
        open(&ctx(), &sealed.body, &wrap, &doctor).unwrap().bytes(),
        b"lab results"
    );
    // and both wraps hold the same data key
    let a = unwrap_key(&ctx(), &sealed.wraps[0].1, &patient).unwrap();
    let b = unwrap_key(&ctx(), &wrap, &doctor).unwrap();
    assert_eq!(
        decrypt_record(&ctx(), &a, &sealed.body).unwrap(),
        decrypt_record(&ctx(), &b, &sealed.body).unwrap()
    );
}

#[test]
fn every_version_gets_a_fresh_key_works() {
    // given the same payload sealed twice with the OS RNG, then bodies and wraps differ
    let alice = reader("Alice").public_key();
    let one = seal(&ctx(), &content(b"same"), &[alice], &mut rand_core::OsRng).unwrap();
    let two = seal(&ctx(), &content(b"same"), &[alice], &mut rand_core::OsRng).unwrap();
    assert_ne!(one.body, two.body);
    assert_ne!(one.wraps, two.wraps);
    assert_ne!(one.hash, two.hash);
}
