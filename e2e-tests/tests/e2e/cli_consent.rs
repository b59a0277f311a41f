//! Consent through the CLI on a real node: a doctor registers, a registrar verifies, the
//! patient grants and lists, the doctor sees the patient, a request is approved, the history
//! shows it all — and the wrong callers are refused with the contract's errors.

use ehr_e2e_tests::{Ehr, Node, ALICE, BOB, CHARLIE, DAVE, EXIT_PARTIAL, EXIT_REFUSED};

#[test]
fn grant_request_and_history_through_the_cli_works() {
    // given a deployed contract, Alice a patient, Bob and Charlie doctors
    let node = Node::start();
    let ehr = Ehr::with_clinic(
        &node,
        &[("//Bob", "Cardiology"), ("//Charlie", "Dermatology")],
    );

    // when the registrar (the deployer, Alice) verifies Bob
    ehr.run(["registrar", "verify", BOB, "--suri", "//Alice", "--json"])
        .ok_json();
    // then search by specialization finds him, verified, and not Charlie
    let found = ehr
        .run(["doctor", "search", "--specialization", "cardio", "--json"])
        .ok_json();
    assert_eq!(found.as_array().unwrap().len(), 1);
    assert_eq!(found[0]["doctor"], BOB);
    assert_eq!(found[0]["status"], "verified");

    // when Alice grants Bob read access for 30 days
    ehr.run([
        "access",
        "grant",
        BOB,
        "--kind",
        "read",
        "--expires-in",
        "30d",
        "--suri",
        "//Alice",
        "--json",
    ])
    .ok_json();
    // then both sides see it
    let grants = ehr
        .run(["access", "list", "--suri", "//Alice", "--json"])
        .ok_json();
    assert_eq!(grants[0]["doctor"], BOB);
    assert_eq!(grants[0]["kind"], "read");
    assert_eq!(grants[0]["active"], true);
    assert!(grants[0]["expires_at"].as_u64().is_some());
    let patients = ehr
        .run(["doctor", "patients", "--suri", "//Bob", "--json"])
        .ok_json();
    assert_eq!(patients[0]["patient"], ALICE);

    // when Charlie, verified too, asks for write access and Alice approves read only
    ehr.run([
        "registrar",
        "verify",
        CHARLIE,
        "--suri",
        "//Alice",
        "--json",
    ])
    .ok_json();
    ehr.run([
        "doctor",
        "request",
        ALICE,
        "--kind",
        "write",
        "--suri",
        "//Charlie",
        "--json",
    ])
    .ok_json();
    let pending = ehr
        .run(["access", "requests", "--suri", "//Alice", "--json"])
        .ok_json();
    assert_eq!(pending[0]["doctor"], CHARLIE);
    ehr.run([
        "access", "approve", CHARLIE, "--kind", "read", "--suri", "//Alice", "--json",
    ])
    .ok_json();
    let outcome = ehr
        .run([
            "doctor",
            "requests",
            "--patient",
            ALICE,
            "--suri",
            "//Charlie",
            "--json",
        ])
        .ok_json();
    assert_eq!(outcome["status"], "approved");

    // then the history, newest first, tells the story
    let actions = ehr.history_actions("//Alice");
    assert_eq!(
        actions,
        vec![
            "approved request",
            "requested write on chart",
            "granted read on chart",
            "registered",
        ]
    );
}

#[test]
fn wrong_callers_through_the_cli_fail() {
    let node = Node::start();
    let ehr = Ehr::with_clinic(&node, &[("//Bob", "Cardiology")]);

    // a doctor cannot verify (not a registrar), themselves or anyone
    let out = ehr.run(["registrar", "verify", BOB, "--suri", "//Bob"]);
    assert!(!out.success);
    assert!(out.stderr.contains("NotRegistrar"), "{}", out.stderr);

    // a grant to an unregistered account is refused before signing
    let out = ehr.run([
        "access", "grant", CHARLIE, "--kind", "read", "--suri", "//Alice",
    ]);
    assert!(!out.success);
    assert!(out.stderr.contains("DoctorNotRegistered"), "{}", out.stderr);

    // a non-patient cannot grant access to the patient's chart (refused by the rule on
    // Alice's registered chart, not because the caller has no chart of its own)
    let out = ehr.run([
        "access",
        "grant",
        BOB,
        "--kind",
        "write",
        "--for",
        ALICE,
        "--suri",
        "//Charlie",
    ]);
    assert_eq!(out.code, Some(3), "{out:?}");
    assert!(out.stderr.contains("NotPatient"), "{}", out.stderr);

    // a doctor cannot read a patient's history (the access rule refuses him, on Alice's
    // registered chart)
    let out = ehr.run(["history", "--for", ALICE, "--suri", "//Bob"]);
    assert_eq!(out.code, Some(3), "{out:?}");
    assert!(out.stderr.contains("NotPatient"), "{}", out.stderr);

    // a bad address is a clean error
    let out = ehr.run([
        "access", "grant", "5Grwva", "--kind", "read", "--suri", "//Alice",
    ]);
    assert!(!out.success);
    assert!(out.stderr.contains("invalid account"), "{}", out.stderr);

    // and nothing of this reached Alice's log
    let history = ehr
        .run(["history", "--suri", "//Alice", "--json"])
        .ok_json();
    assert_eq!(history["total"], 1);
}

#[test]
fn a_grant_shares_keys_with_every_reader_who_lacks_them_works() {
    // given Alice's chart, Bob with write access and Charlie with read access
    let node = Node::start();
    let ehr = Ehr::with_clinic(
        &node,
        &[("//Bob", "GP"), ("//Charlie", "GP"), ("//Dave", "GP")],
    );
    for (doctor, kind) in [(BOB, "write"), (CHARLIE, "read")] {
        ehr.as_user("//Alice", &["access", "grant", doctor, "--kind", kind])
            .ok_json();
    }
    // and a record Bob wrote, sealed for Alice and Bob only (a doctor cannot list the
    // patient's other grants)
    ehr.add_record("//Bob", "lab", "potassium 4.1", &["--patient", ALICE]);
    ehr.view("//Charlie", "1", &["--patient", ALICE])
        .fails_with(EXIT_REFUSED, "WrapNotFound");

    // when Alice grants Dave read access
    let granted = ehr
        .as_user("//Alice", &["access", "grant", DAVE, "--kind", "read"])
        .ok_json();
    // then the grant shared the version with Dave and, as `access sync` would, with Charlie
    let shared: Vec<String> = granted["shared_versions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["reader"].as_str().unwrap_or_default().to_string())
        .collect();
    assert!(shared.contains(&DAVE.to_string()), "{granted}");
    assert!(shared.contains(&CHARLIE.to_string()), "{granted}");
    for doctor in ["//Charlie", "//Dave"] {
        let read = ehr.view(doctor, "1", &["--patient", ALICE]).ok_json();
        assert_eq!(read["content"]["text"], "potassium 4.1", "{doctor}: {read}");
    }

    // when Dave's read is logged but his copy cannot be written
    let failed = ehr.view(
        "//Dave",
        "1",
        &["--patient", ALICE, "--out", "/nonexistent-dir/k.txt"],
    );
    // then the exit code and the error say the logged read is on chain: not "nothing sent"
    failed.fails_with(EXIT_PARTIAL, "/nonexistent-dir/k.txt");
    let error = failed.json();
    assert_eq!(error["landed"][0]["what"], "open_record", "{error}");
    assert!(
        error["landed"][0]["block_number"].as_u64().is_some(),
        "{error}"
    );
}
