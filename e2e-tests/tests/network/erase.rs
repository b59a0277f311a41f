//! The largest record version a chart can hold (4 MiB of ciphertext, every chunk full) erased
//! on a real parachain (`scripts/network up`), whose blocks have a proof-size limit the dev node
//! does not: the erase and each step freeing the rest of its chunks must fit a block, or a
//! patient could never crypto-shred a large record. The version's chunks are sent at once with
//! consecutive nonces (one CLI transaction per chunk would take a block each, about half an
//! hour); the erase is `ehr record erase`, as a patient runs it. Run by `scripts/test-network`.

use ehr::limits::{MAX_CHUNKS_FREED_PER_CALL, MAX_CHUNKS_PER_VERSION, MAX_RECORD_BYTES};
use ehr_e2e_tests::chunked::{largest_content, sealed, upload_pipelined};
use ehr_e2e_tests::network::Network;
use ehr_e2e_tests::pipeline::Rpc;
use ehr_e2e_tests::{fund_blocking, remembered_contract, signer, Ehr, EXIT_REFUSED};
use std::time::Duration;

/// The patient: an account of this test alone.
const PATIENT: &str = "//Eraser";

/// How long collator B may take to finalize a block collator A reported final.
const CATCH_UP: Duration = Duration::from_secs(180);

#[test]
fn the_largest_version_is_erased_within_the_parachains_blocks() {
    let net = Network::running();
    let a = Ehr::at_url(net.a().url()).with_env("EHR_WAIT", "finalized");
    let b = a.through(net.b().url());
    let b_catches_up = || {
        let (_, finalized) = net.a().heads().expect("collator A answers");
        net.b().wait_finalized(finalized, CATCH_UP);
    };

    // given a patient's chart on a fresh deployment, holding one version of 4 MiB of
    // ciphertext sealed to the patient's own key: 293 full chunks, sent through collator A.
    // The patient is an account of this test alone: a chunk a collator's pool still holds
    // after the upload (sent again through the other) can only take this account's nonces.
    a.deploy();
    fund_blocking(&net.a().url(), PATIENT);
    a.as_user(PATIENT, &["patient", "register"]).ok_json();
    let patient = signer(PATIENT);
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    let (uploaded, erase_proof) = runtime.block_on(async {
        let c = remembered_contract(&a).await;
        let rpc = Rpc::connect(&net.a().url()).await;
        let p = patient.account_id();
        let key = c
            .query(&p, &c.patient(&p))
            .await
            .expect("query the patient's chart")
            .expect("the patient is registered")
            .encryption_key;
        let body = sealed(
            &c,
            &p,
            (1, 1),
            largest_content(ehr_envelope::ContentInfo::octets()),
            &[(p.clone(), key)],
        );
        let uploaded = upload_pipelined(&c, &rpc, &patient, 1, body).await;
        // nothing of the upload left in either collator's pool
        let b_pool = Rpc::connect(&net.b().url()).await;
        let started = std::time::Instant::now();
        while rpc.pending().await + b_pool.pending().await > 0 {
            assert!(started.elapsed() < CATCH_UP, "the pools keep transactions");
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
        let erase = c
            .dry_run(&p, &c.erase_version(1, 1))
            .await
            .expect("dry-run the erase");
        (uploaded, erase.gas_required.proof_size)
    });
    eprintln!("uploaded {uploaded:?}; the erase's dry run asks {erase_proof} B of proof size");
    assert_eq!(
        (uploaded.length, uploaded.chunks),
        (MAX_RECORD_BYTES, MAX_CHUNKS_PER_VERSION)
    );
    let (best, _) = net.a().heads().expect("collator A answers");
    net.a().wait_finalized(best, CATCH_UP);
    b_catches_up();
    // read back whole through the other collator: every chunk in place, once
    let verified = b
        .as_user(PATIENT, &["record", "verify", "1", "--version", "1"])
        .ok_json();
    assert_eq!(verified["intact"], true, "{verified}");
    assert_eq!(verified["bytes"], MAX_RECORD_BYTES, "{verified}");
    assert_eq!(verified["hash"], hex::encode(uploaded.hash), "{verified}");

    // when the patient erases it through collator A, every step waiting for finality
    let erased = a
        .as_user(PATIENT, &["record", "erase", "1", "--version", "1"])
        .ok_json();
    eprintln!("erased: {erased}");

    // then the erase and each freeing step landed in a finalized block of the parachain, in
    // as many steps as the bound on removals per call says
    assert_eq!(erased["freed_chunks"], MAX_CHUNKS_PER_VERSION, "{erased}");
    assert_eq!(erased["inclusion"]["finalized"], true, "{erased}");
    let steps = erased["freeing"].as_array().expect("the freeing steps");
    // the erase removes the one wrapped key and that many fewer chunks
    let left = MAX_CHUNKS_PER_VERSION - (MAX_CHUNKS_FREED_PER_CALL - 1);
    assert_eq!(
        steps.len(),
        left.div_ceil(MAX_CHUNKS_FREED_PER_CALL) as usize,
        "{erased}"
    );
    assert!(
        steps.iter().all(|s| s["finalized"] == true),
        "every step final: {erased}"
    );

    // and through collator B: nothing of the version is left in current state, nobody can
    // open it, and the patient's history says it was erased
    b_catches_up();
    let version = runtime.block_on(async {
        let c = remembered_contract(&b).await;
        let p = patient.account_id();
        c.query(&p, &c.version(&p, 1, 1))
            .await
            .expect("query the version")
            .expect("the version is still listed")
    });
    assert!(version.erased, "{version:?}");
    assert_eq!(
        (version.chunk_count, version.reader_count),
        (0, 0),
        "{version:?}"
    );
    b.as_user(PATIENT, &["record", "view", "1"])
        .fails_with(EXIT_REFUSED, "erased");
    let actions = b.history_actions(PATIENT);
    assert!(
        actions.iter().any(|a| a.starts_with("erased")),
        "{actions:?}"
    );
}
