//! Adversarial suite, load: a patient with 1,000 records and the full 64 grants.
//! Every message still fits a block with room to spare, costs the same as on an empty chart
//! (no loop over user-controlled length), and the CLI's lists and history stay paged.
//!
//! The records are added through the chain client (the contract does not look inside the
//! ciphertext); the CLI then reads the chart as a user would.

use ehr::limits::MAX_GRANTS_PER_PATIENT;
use ehr::{AccessKind, Error, RecordType, Scope};
use ehr_chain::{ChainError, EhrContract, Message, Signer, Weight};
use ehr_e2e_tests::{ok, signer, test_profile, Ehr, Node};

/// What one extrinsic may use on substrate-contracts-node 0.42: 75 % (normal dispatch) of the
/// 2 s block (`MAXIMUM_BLOCK_WEIGHT`).
const MAX_EXTRINSIC_REF_TIME: u64 = 1_500_000_000_000;
const RECORDS: u32 = 1_000;

async fn weight<T: parity_scale_codec::Decode>(
    c: &EhrContract,
    who: &Signer,
    msg: &Message<ehr::Result<T>>,
) -> Weight {
    let dry = c.dry_run(&who.account_id(), msg).await.unwrap();
    assert!(dry.value.is_ok(), "{} would be refused", msg.name);
    dry.gas_required
}

fn add(c: &EhrContract, a: &ehr_chain::AccountId32, id: u32) -> Message<ehr::Result<u32>> {
    c.add_record(
        a,
        id,
        RecordType::ClinicalLaboratory,
        ehr_chain::new_version(
            [id as u8; 32],
            64,
            vec![7; 64],
            vec![(a.clone(), vec![5; 85])],
        ),
    )
}

#[tokio::test]
async fn thousand_records_and_full_grants_stay_bounded_works() {
    // given a deployed contract and Alice a patient
    let node = Node::start();
    let ehr = Ehr::new(&node);
    ehr.deploy();
    let client = ehr_chain::Client::connect(&node.url()).await.unwrap();
    let c = EhrContract::at(
        client.clone(),
        ehr_chain::AddressFormat::default()
            .parse(&ehr.contract_address())
            .unwrap(),
    );
    let alice = signer("//Alice");
    let a = alice.account_id();
    ok(&c, &alice, c.register_patient([1; 32])).await;
    let first_add = weight(&c, &alice, &add(&c, &a, 1)).await;

    // when 64 doctors register and Alice grants each of them her chart
    let mut grant_weights = Vec::new();
    for i in 0..MAX_GRANTS_PER_PATIENT {
        let doctor = signer(&format!("//Doctor{i}"));
        let d = doctor.account_id();
        client.transfer(&alice, &d, 10u128.pow(15)).await.unwrap();
        ok(&c, &doctor, c.register_doctor([2; 32], test_profile())).await;
        let grant = c.grant_access(&a, &d, Scope::Chart, AccessKind::Read, None);
        let w = weight(&c, &alice, &grant).await;
        grant_weights.push(w);
        ok(&c, &alice, grant).await;
    }
    // then the 65th is refused
    let extra = signer("//Doctor64");
    client
        .transfer(&alice, &extra.account_id(), 10u128.pow(15))
        .await
        .unwrap();
    ok(&c, &extra, c.register_doctor([2; 32], test_profile())).await;
    let refused = c
        .execute(
            &alice,
            &c.grant_access(
                &a,
                &extra.account_id(),
                Scope::Chart,
                AccessKind::Read,
                None,
            ),
        )
        .await;
    assert!(
        matches!(refused, Err(ChainError::Contract(Error::TooManyGrants))),
        "{refused:?}"
    );

    // when she adds 1,000 records
    let started = std::time::Instant::now();
    for id in 1..=RECORDS {
        ok(&c, &alice, add(&c, &a, id)).await;
    }
    eprintln!("{RECORDS} records added in {:?}", started.elapsed());

    // then every message at this size weighs what it did on an empty chart, far inside a block
    let doctor0 = signer("//Doctor0");
    let d0 = doctor0.account_id();
    let last_add = weight(&c, &alice, &add(&c, &a, RECORDS + 1)).await;
    let checks = [
        ("add_record", first_add, last_add),
        (
            "grant_access (1st -> 64th)",
            grant_weights[0],
            grant_weights[grant_weights.len() - 1],
        ),
        (
            "open_record",
            weight(&c, &doctor0, &c.open_record(&a, 1, 1)).await,
            weight(&c, &doctor0, &c.open_record(&a, RECORDS, 1)).await,
        ),
        (
            "revoke_access (of 64)",
            weight(&c, &alice, &c.revoke_access(&a, &d0, Scope::Chart)).await,
            weight(
                &c,
                &alice,
                &c.revoke_access(&a, &signer("//Doctor63").account_id(), Scope::Chart),
            )
            .await,
        ),
        (
            "update_record",
            weight(
                &c,
                &alice,
                &c.update_record(
                    &a,
                    1,
                    2,
                    ehr_chain::new_version([1; 32], 4, vec![1; 4], vec![(a.clone(), vec![5; 85])]),
                ),
            )
            .await,
            weight(
                &c,
                &alice,
                &c.update_record(
                    &a,
                    RECORDS,
                    2,
                    ehr_chain::new_version([1; 32], 4, vec![1; 4], vec![(a.clone(), vec![5; 85])]),
                ),
            )
            .await,
        ),
        (
            "erase_version",
            weight(&c, &alice, &c.erase_version(1, 1)).await,
            weight(&c, &alice, &c.erase_version(RECORDS, 1)).await,
        ),
    ];
    for (name, small, large) in checks {
        eprintln!("{name}: {small:?} -> {large:?}");
        assert!(
            large.ref_time < MAX_EXTRINSIC_REF_TIME / 100,
            "{name} uses over 1 % of a block: {large:?}"
        );
        assert!(
            large.ref_time <= small.ref_time + small.ref_time / 10,
            "{name} grows with the chart: {small:?} -> {large:?}"
        );
    }
    // and the paged queries are bounded by their page, not by the chart
    for msg in [
        c.history(&a, 0, ehr::limits::MAX_PAGE),
        c.history(&a, u64::from(RECORDS), ehr::limits::MAX_PAGE),
    ] {
        let dry = c.dry_run(&a, &msg).await.unwrap();
        assert_eq!(dry.value.unwrap().len(), ehr::limits::MAX_PAGE as usize);
        assert!(dry.gas_required.ref_time < MAX_EXTRINSIC_REF_TIME / 10);
    }
    let too_big = c
        .query(&a, &c.history(&a, 0, ehr::limits::MAX_PAGE + 1))
        .await
        .unwrap();
    assert_eq!(too_big, Err(Error::PageTooLarge));

    // and the CLI lists everything, page by page, as Alice sees it
    let records = ehr
        .run(["record", "list", "--suri", "//Alice", "--json"])
        .ok_json();
    assert_eq!(records.as_array().unwrap().len(), RECORDS as usize);
    assert_eq!(records[999]["record"], RECORDS);
    let grants = ehr
        .run(["access", "list", "--suri", "//Alice", "--json"])
        .ok_json();
    assert_eq!(
        grants.as_array().unwrap().len(),
        MAX_GRANTS_PER_PATIENT as usize
    );
    let total = 1 + MAX_GRANTS_PER_PATIENT as u64 + u64::from(RECORDS);
    let page = ehr
        .run([
            "history", "--page", "3", "--limit", "50", "--suri", "//Alice", "--json",
        ])
        .ok_json();
    assert_eq!(page["total"], total);
    let entries = page["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 50);
    assert_eq!(entries[0]["index"], total - 1 - 100, "newest first, page 3");
    let last = ehr
        .run([
            "history",
            "--page",
            &total.div_ceil(50).to_string(),
            "--limit",
            "50",
            "--suri",
            "//Alice",
            "--json",
        ])
        .ok_json();
    let oldest = last["entries"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(oldest["index"], 0);
    assert_eq!(oldest["action"], "registered");
}
