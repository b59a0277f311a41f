//! The contract's core story on a real node, through the chain client: register → grant →
//! add record → audited open → revoke → refused open.

use ehr::{AccessKind, Action, Error, RecordType, Scope};
use ehr_e2e_tests::{deploy_contract, ok, refused, signer, test_profile, Node};

#[tokio::test]
async fn register_grant_add_open_revoke_works() {
    // given a deployed contract, Alice a patient and Bob a doctor
    let node = Node::start();
    let contract = deploy_contract(&node).await;
    let (alice, bob) = (signer("//Alice"), signer("//Bob"));
    let (a, b) = (alice.account_id(), bob.account_id());
    ok(&contract, &alice, contract.register_patient([1; 32])).await;
    ok(
        &contract,
        &bob,
        contract.register_doctor([2; 32], test_profile()),
    )
    .await;

    // when Alice grants Bob read access and adds a record wrapped for both
    ok(
        &contract,
        &alice,
        contract.grant_access(&a, &b, Scope::Chart, AccessKind::Read, None),
    )
    .await;
    let ciphertext = vec![0xab; 1024];
    let record = ok(
        &contract,
        &alice,
        contract.add_record(
            &a,
            1,
            RecordType::Cardiac,
            ehr_chain::new_version(
                [9; 32],
                1024,
                ciphertext.clone(),
                vec![(a.clone(), vec![1; 80]), (b.clone(), vec![2; 80])],
            ),
        ),
    )
    .await;
    assert_eq!(record, 1);

    // then Bob opens it through the audited read and gets his wrap and the ciphertext
    ok(&contract, &bob, contract.open_record(&a, record, 1)).await;
    let wrap = contract
        .query(&b, &contract.wrapped_key(&a, record, 1))
        .await
        .unwrap();
    assert_eq!(wrap, Ok(vec![2; 80]));
    let chunk = contract
        .query(&b, &contract.chunk(&a, record, 1, 0))
        .await
        .unwrap();
    assert_eq!(chunk, Ok(ciphertext));

    // when Alice revokes
    ok(
        &contract,
        &alice,
        contract.revoke_access(&a, &b, Scope::Chart),
    )
    .await;

    // then Bob's open is refused before anything is signed, and his wrap is no longer served
    let err = refused(
        contract
            .execute(&bob, &contract.open_record(&a, record, 1))
            .await,
    );
    assert_eq!(err, Error::NoAccess);
    let wrap = contract
        .query(&b, &contract.wrapped_key(&a, record, 1))
        .await
        .unwrap();
    assert_eq!(wrap, Err(Error::NoAccess));

    // and Alice's history shows every step, with Bob's open attributed to him
    let history = contract
        .query(&a, &contract.history(&a, 0, 50))
        .await
        .unwrap()
        .unwrap();
    let actions: Vec<Action> = history.iter().map(|e| e.action).collect();
    assert_eq!(
        actions,
        vec![
            Action::PatientRegistered,
            Action::AccessGranted {
                scope: Scope::Chart,
                kind: AccessKind::Read
            },
            Action::RecordAdded,
            Action::RecordOpened,
            Action::AccessRevoked {
                scope: Scope::Chart
            },
        ]
    );
    let opened = &history[3];
    assert_eq!(ehr_chain::to_account32(opened.actor), b);
    assert_eq!((opened.record, opened.version), (Some(1), Some(1)));
    assert!(opened.block > 0);
}

#[tokio::test]
async fn multi_chunk_record_is_readable_only_when_complete_works() {
    // given Alice a patient
    let node = Node::start();
    let contract = deploy_contract(&node).await;
    let alice = signer("//Alice");
    let a = alice.account_id();
    ok(&contract, &alice, contract.register_patient([1; 32])).await;
    let chunk = ehr::limits::MAX_CHUNK_BYTES as usize;
    let total = 2 * chunk + 100;
    let bytes: Vec<u8> = (0..total).map(|i| (i % 251) as u8).collect();

    // when she uploads the first chunk only
    let record = ok(
        &contract,
        &alice,
        contract.add_record(
            &a,
            1,
            RecordType::Imaging,
            ehr_chain::new_version(
                [3; 32],
                total as u32,
                bytes[..chunk].to_vec(),
                vec![(a.clone(), vec![1; 80])],
            ),
        ),
    )
    .await;
    let version = contract
        .query(&a, &contract.version(&a, record, 1))
        .await
        .unwrap()
        .unwrap();
    assert!(!version.complete());

    // then the rest arrives chunk by chunk and the whole ciphertext reads back
    ok(
        &contract,
        &alice,
        contract.upload_chunk(&a, record, 1, 1, bytes[chunk..2 * chunk].to_vec()),
    )
    .await;
    // a chunk sent twice (a resend, a resume that read an older state) is refused, not stored
    // twice
    let err = refused(
        contract
            .execute(
                &alice,
                &contract.upload_chunk(&a, record, 1, 1, bytes[chunk..2 * chunk].to_vec()),
            )
            .await,
    );
    assert_eq!(err, Error::NotNextChunk);
    let version = contract
        .query(&a, &contract.version(&a, record, 1))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (version.chunk_count, version.bytes_stored),
        (2, 2 * chunk as u32)
    );
    ok(
        &contract,
        &alice,
        contract.upload_chunk(&a, record, 1, 2, bytes[2 * chunk..].to_vec()),
    )
    .await;
    let version = contract
        .query(&a, &contract.version(&a, record, 1))
        .await
        .unwrap()
        .unwrap();
    assert!(version.complete());
    assert_eq!(version.chunk_count, 3);
    let mut read = Vec::new();
    for i in 0..version.chunk_count {
        read.extend(
            contract
                .query(&a, &contract.chunk(&a, record, 1, i))
                .await
                .unwrap()
                .unwrap(),
        );
    }
    assert_eq!(read, bytes);

    // and a chunk after completion is refused
    let err = refused(
        contract
            .execute(&alice, &contract.upload_chunk(&a, record, 1, 3, vec![1]))
            .await,
    );
    assert_eq!(err, Error::VersionComplete);
}

/// The normal-class proof-size limit of a block of the contracts parachain (the local network's
/// runtime; BENCHMARKS.md): a transaction that asks for more can never be included there.
const PARACHAIN_NORMAL_PROOF_LIMIT: u64 = 3_932_160;

#[tokio::test]
async fn erasing_the_largest_version_fits_a_parachain_block_works() {
    // given Alice's version of the largest size there can be, every chunk stored
    let node = Node::start();
    let contract = deploy_contract(&node).await;
    let alice = signer("//Alice");
    let a = alice.account_id();
    ok(&contract, &alice, contract.register_patient([1; 32])).await;
    let chunk = ehr::limits::MAX_CHUNK_BYTES as usize;
    let total = ehr::limits::MAX_RECORD_BYTES as usize;
    let bytes: Vec<u8> = (0..total).map(|i| (i % 251) as u8).collect();
    let mut pieces = bytes.chunks(chunk);
    let record = ok(
        &contract,
        &alice,
        contract.add_record(
            &a,
            1,
            RecordType::Imaging,
            ehr_chain::new_version(
                [4; 32],
                total as u32,
                pieces.next().unwrap().to_vec(),
                vec![(a.clone(), vec![1; 80])],
            ),
        ),
    )
    .await;
    for (index, piece) in (1..).zip(pieces) {
        ok(
            &contract,
            &alice,
            contract.upload_chunk(&a, record, 1, index, piece.to_vec()),
        )
        .await;
    }
    // and wrapped for as many readers as a chart can give access to: 64 doctors with a grant
    // (with Alice, 65 of the 80 reader places; guardians and the emergency key hold the rest)
    let mut readers = Vec::new();
    for i in 0..ehr::limits::MAX_GRANTS_PER_PATIENT {
        let suri = format!("//Reader{i}");
        ehr_e2e_tests::fund(&node.url(), &suri).await;
        let doctor = signer(&suri);
        let key = [16 + i as u8; 32];
        ok(
            &contract,
            &doctor,
            contract.register_doctor(key, test_profile()),
        )
        .await;
        let d = doctor.account_id();
        ok(
            &contract,
            &alice,
            contract.grant_access(&a, &d, Scope::Chart, AccessKind::Read, None),
        )
        .await;
        readers.push((d, vec![2; 80]));
    }
    for batch in readers.chunks(ehr::limits::MAX_WRAPS_PER_CALL as usize) {
        ok(
            &contract,
            &alice,
            contract.add_wraps(&a, record, 1, batch.to_vec()),
        )
        .await;
    }
    let stored = contract
        .query(&a, &contract.version(&a, record, 1))
        .await
        .unwrap()
        .unwrap();
    assert!(stored.complete());
    assert_eq!(stored.chunk_count, ehr::limits::MAX_CHUNKS_PER_VERSION);
    assert_eq!(stored.reader_count, 1 + ehr::limits::MAX_GRANTS_PER_PATIENT);

    // when she erases it, the erase and every step that frees the rest of its chunks asks for
    // less proof than a parachain block allows
    let mut steps = Vec::new();
    let erase = contract.erase_version(record, 1);
    steps.push(contract.dry_run(&a, &erase).await.unwrap().gas_required);
    ok(&contract, &alice, erase).await;
    // then at once nobody can read it
    let erased = contract
        .query(&a, &contract.version(&a, record, 1))
        .await
        .unwrap()
        .unwrap();
    assert!(erased.erased);
    assert_eq!(
        contract
            .query(&a, &contract.chunk(&a, record, 1, 0))
            .await
            .unwrap(),
        Err(Error::VersionErased)
    );
    let mut left = erased.chunk_count;
    while left > 0 {
        let free = contract.free_chunks(record, 1);
        steps.push(contract.dry_run(&a, &free).await.unwrap().gas_required);
        left = ok(&contract, &alice, free).await;
    }
    for (i, weight) in steps.iter().enumerate() {
        println!(
            "erase step {i}: ref_time {}, proof_size {}",
            weight.ref_time, weight.proof_size
        );
        assert!(
            weight.proof_size < PARACHAIN_NORMAL_PROOF_LIMIT,
            "step {i} asks {} B of proof",
            weight.proof_size
        );
    }
    // 293 chunks: the erase removes the 65 keys and no chunk (a key costs what a chunk does),
    // then five steps of 64 chunks at most
    assert_eq!(steps.len(), 6);
    assert_eq!(
        refused(
            contract
                .execute(&alice, &contract.free_chunks(record, 1))
                .await
        ),
        Error::NoChunksLeft
    );
}
