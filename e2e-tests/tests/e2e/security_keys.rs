//! Security, keys (findings H1, M5, L2, L6) through the CLI on a real node: an account behind a
//! soft derivation keeps one encryption key across processes; the CLI's own key is derived
//! locally and must match the chain's; keys of others are pinned on first use and a changed
//! key is refused until accepted; a contract running other code (even one answering every ehr
//! message) is refused before anything is sent; a grant about to end gets no keys; files and
//! terminal output are safe.

use ehr::{AccessKind, Scope};
use ehr_chain::instantiate;
use ehr_e2e_tests::parse_account;
use ehr_e2e_tests::{
    contract_wasm, fund_blocking, remembered_contract, signer, Ehr, Node, ALICE, BOB, EXIT_OTHER,
    EXIT_REFUSED,
};

#[test]
fn soft_derived_account_opens_its_own_records_works() {
    // given an account behind a soft junction (its sr25519 nonce is random on every derivation)
    let node = Node::start();
    let ehr = Ehr::with_clinic(&node, &[]);
    let soft = "//Alice/soft";
    fund_blocking(ehr.url(), soft);
    // when it registers, adds a record and reads it back, each in a process of its own
    ehr.as_user(soft, &["patient", "register"]).ok_json();
    ehr.add_record(soft, "lab", "HbA1c 5.4 %", &[]);
    let read = ehr.view(soft, "1", &[]).ok_json();
    // then it opens what it wrote, and shows one fingerprint every time
    assert_eq!(read["content"]["text"], "HbA1c 5.4 %");
    let fingerprints: Vec<_> = (0..2)
        .map(|_| ehr.as_user(soft, &["account", "fingerprint"]).ok_json()["fingerprint"].clone())
        .collect();
    assert_eq!(fingerprints[0], fingerprints[1]);

    // and --out replaces an existing file (keeping no open mode) and never follows a symlink
    use std::os::unix::fs::PermissionsExt;
    let out = ehr.dir().join("out.txt");
    std::fs::write(&out, b"an older file, world-readable").unwrap();
    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o644)).unwrap();
    let out_s = out.display().to_string();
    ehr.view(soft, "1", &["--out", &out_s]).ok_json();
    assert_eq!(std::fs::read(&out).unwrap(), b"HbA1c 5.4 %");
    let mode = std::fs::metadata(&out).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let victim = ehr.dir().join("victim.txt");
    std::fs::write(&victim, b"not a record").unwrap();
    let link = ehr.dir().join("link.txt");
    std::os::unix::fs::symlink(&victim, &link).unwrap();
    ehr.view(soft, "1", &["--out", &link.display().to_string()])
        .ok_json();
    assert_eq!(std::fs::read(&victim).unwrap(), b"not a record");
    assert_eq!(std::fs::read(&link).unwrap(), b"HbA1c 5.4 %");

    // and a doctor's profile cannot rewrite the terminal of whoever lists doctors
    ehr.register_doctor_named(
        "//Bob",
        "Dr \u{1b}[2J\u{1b}[32mVerified\rfake",
        "Cardiology",
    );
    for args in [vec!["doctor", "search"], vec!["doctor", "show", BOB]] {
        let run = ehr.run(&args);
        assert!(run.success, "{run:?}");
        assert!(
            !run.stdout.contains('\u{1b}') && !run.stdout.contains('\r'),
            "{:?}",
            run.stdout
        );
        assert!(run.stdout.contains("\\u{1b}[2J"), "{:?}", run.stdout);
    }
}

#[tokio::test]
async fn own_key_must_match_the_chain_works() {
    // given Bob registered (by another client) with a key his secret does not derive
    let node = Node::start();
    let ehr = Ehr::with_clinic(&node, &[]);
    let contract = remembered_contract(&ehr).await;
    contract
        .execute(&signer("//Bob"), &contract.register_patient([9; 32]))
        .await
        .unwrap();
    let chart = ehr.chart("//Bob");
    // when Bob adds a record, then nothing is sealed to a key he cannot open, and he is told
    let file = ehr.file("note.txt", b"BP 118/76");
    ehr.run([
        "record", "add", "--type", "general", &file, "--suri", "//Bob",
    ])
    .fails_with(EXIT_OTHER, "is not the one your secret derives");
    assert_eq!(ehr.chart("//Bob"), chart);
    // and once he publishes his key, his records work
    ehr.as_user("//Bob", &["account", "rotate-key"]).ok_json();
    ehr.add_record("//Bob", "general", "BP 118/76", &[]);
    let read = ehr.view("//Bob", "1", &[]).ok_json();
    assert_eq!(read["content"]["text"], "BP 118/76");
}

#[tokio::test]
async fn changed_key_of_another_account_is_refused_until_accepted_works() {
    // given Alice granted Bob read access (pinning the key the chain showed for him)
    let node = Node::start();
    let ehr = Ehr::with_clinic(&node, &[("//Bob", "Cardiology")]);
    let granted = ehr.run([
        "access", "grant", BOB, "--kind", "read", "--suri", "//Alice",
    ]);
    assert!(granted.success, "{granted:?}");
    assert!(granted.stderr.contains("first use of"), "{granted:?}");
    let bob_fingerprint = ehr.as_user("//Bob", &["account", "fingerprint"]).ok_json()
        ["fingerprint"]
        .as_str()
        .unwrap()
        .to_string();
    // when the chain starts showing another key for Bob (a compromised node, an impostor, or
    // a key someone put in his place)
    let contract = remembered_contract(&ehr).await;
    contract
        .execute(&signer("//Bob"), &contract.rotate_key([7; 32]))
        .await
        .unwrap();
    // then Alice's next record is not sealed to it: refused, nothing sent
    let chart = ehr.chart("//Alice");
    let file = ehr.file("ecg.txt", b"sinus rhythm");
    let run = ehr.run([
        "record", "add", "--type", "cardiac", &file, "--suri", "//Alice",
    ]);
    run.fails_with(EXIT_OTHER, "is not the one you used before");
    assert!(run.stderr.contains(&bob_fingerprint), "{run:?}");
    assert_eq!(ehr.chart("//Alice"), chart);
    // and accepting it needs the fingerprint the chain shows, not the one Bob gave
    ehr.as_user(
        "//Alice",
        &["account", "trust", BOB, "--fingerprint", &bob_fingerprint],
    )
    .fails_with(EXIT_OTHER, "nothing was accepted");
    // until Alice accepts the chain's key explicitly
    let accepted = ehr.as_user("//Alice", &["account", "trust", BOB]).ok_json();
    assert_eq!(accepted["was"], bob_fingerprint);
    let added = ehr.add_record("//Alice", "cardiac", "sinus rhythm", &[]);
    assert_eq!(added["readers"].as_array().unwrap().len(), 2, "{added}");
}

#[tokio::test]
async fn contract_running_other_code_is_refused_before_anything_is_sent_works() {
    // given the real deployment, and an impostor beside it: the very ehr contract with one more
    // (ignored) custom section, so it answers every ehr message but runs other code
    let node = Node::start();
    let ehr = Ehr::with_clinic(&node, &[]);
    let contract = remembered_contract(&ehr).await;
    let mut wasm = std::fs::read(contract_wasm()).unwrap();
    let name = b"impostor";
    wasm.extend([0u8, (1 + name.len() + 4) as u8, name.len() as u8]);
    wasm.extend(name);
    wasm.extend([1, 2, 3, 4]);
    let ctor = ehr::EhrRef::new()
        .code_hash(Default::default())
        .endowment(0)
        .salt_bytes(Vec::<u8>::new())
        .params();
    let data = parity_scale_codec::Encode::encode(ctor.exec_input());
    let impostor = instantiate(contract.client(), &signer("//Alice"), &wasm, &data, b"imp")
        .await
        .expect("the impostor deploys")
        .address;
    let impostor_s = impostor.to_string();
    // when the CLI is pointed at it, then it refuses before signing anything
    let run = ehr.run([
        "patient",
        "register",
        "--suri",
        "//Bob",
        "--contract",
        &impostor_s,
    ]);
    run.fails_with(EXIT_OTHER, "not an ehr contract this CLI trusts");
    let at_impostor = ehr_chain::EhrContract::at(contract.client().clone(), impostor.clone());
    let bob = parse_account(BOB).unwrap();
    let answer = at_impostor
        .query(&bob, &at_impostor.patient(&bob))
        .await
        .unwrap();
    assert_eq!(answer, Err(ehr::Error::PatientNotRegistered));
    // and the user can accept it knowingly
    let accepted = ehr
        .run(["deploy", "--existing", &impostor_s, "--json"])
        .ok_json();
    assert_eq!(accepted["contract"], impostor_s);
    ehr.as_user("//Bob", &["patient", "register"]).ok_json();
    // while the real one, now no longer the remembered one, is still trusted (same code as
    // this CLI was built for)
    ehr.run([
        "patient",
        "show",
        ALICE,
        "--contract",
        &contract.address().to_string(),
        "--json",
    ])
    .ok_json();
}

#[tokio::test]
async fn grant_ending_within_a_minute_gets_no_keys_works() {
    // given Alice's record and a grant to Bob that ends in 30 s (sent through the chain
    // client: the CLI sends no grant that short)
    let node = Node::start();
    let ehr = Ehr::with_clinic(&node, &[("//Bob", "Cardiology")]);
    ehr.add_record("//Alice", "lab", "ferritin 80", &[]);
    let refused = ehr.as_user(
        "//Alice",
        &[
            "access",
            "grant",
            BOB,
            "--kind",
            "read",
            "--expires-in",
            "30s",
        ],
    );
    refused.fails_with(1, "too short");
    let contract = remembered_contract(&ehr).await;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as u64;
    let (alice, bob) = (parse_account(ALICE).unwrap(), parse_account(BOB).unwrap());
    contract
        .execute(
            &ehr_e2e_tests::signer("//Alice"),
            &contract.grant_access(
                &alice,
                &bob,
                Scope::Chart,
                AccessKind::Read,
                Some(now + 30_000),
            ),
        )
        .await
        .unwrap();
    // then no key is sent for him (it could land after his grant ended), not by a sync, not
    // with new records, while the grant itself is in force
    let synced = ehr.as_user("//Alice", &["access", "sync"]).ok_json();
    assert_eq!(synced["shared_versions"], serde_json::json!([]), "{synced}");
    let added = ehr.add_record("//Alice", "lab", "ferritin 85", &[]);
    assert_eq!(added["readers"], serde_json::json!([ALICE]));
    ehr.view("//Bob", "1", &["--patient", ALICE])
        .fails_with(EXIT_REFUSED, "WrapNotFound");
    let grants = contract
        .query(
            &parse_account(ALICE).unwrap(),
            &contract.grants_between(&parse_account(ALICE).unwrap(), &parse_account(BOB).unwrap()),
        )
        .await
        .unwrap()
        .unwrap();
    assert!(grants[0].active && grants[0].scope == Scope::Chart);
    assert_eq!(grants[0].kind, AccessKind::Read);
}
