//! The walking skeleton on a real node: deploy the cargo-contract artifact through the CLI,
//! change state, read it back.

use ehr_e2e_tests::{Ehr, Node};

#[test]
fn deploy_register_and_query_works() {
    // given a fresh dev chain with the ehr contract deployed through the CLI
    let node = Node::start();
    let ehr = Ehr::new(&node);
    let contract = ehr.deploy();
    assert!(
        contract.starts_with('5'),
        "SS58 address expected, got {contract}"
    );

    // when Alice registers as a patient
    let registered = ehr
        .run(["patient", "register", "--suri", "//Alice", "--json"])
        .ok_json();

    // then the change landed in a block and the query returns her key
    assert!(registered["inclusion"]["block_number"].as_u64().unwrap() > 0);
    let key = registered["encryption_key"].as_str().unwrap().to_string();
    assert_eq!(key.len(), 64);
    let shown = ehr
        .run(["patient", "show", "--suri", "//Alice", "--json"])
        .ok_json();
    assert_eq!(shown["encryption_key"], key);
    assert_eq!(shown["log_len"], 1);
    assert!(shown["registered_at"].as_u64().unwrap() > 0);
}

#[test]
fn register_twice_fails() {
    // given Alice registered on a deployed contract
    let node = Node::start();
    let ehr = Ehr::new(&node);
    ehr.deploy();
    ehr.run(["patient", "register", "--suri", "//Alice", "--json"])
        .ok_json();

    // when she registers again
    let again = ehr.run(["patient", "register", "--suri", "//Alice"]);

    // then the CLI refuses with the contract's error, before signing anything
    assert!(!again.success);
    assert!(
        again.stderr.contains("PatientAlreadyRegistered"),
        "stderr: {}",
        again.stderr
    );
    let shown = ehr
        .run(["patient", "show", "--suri", "//Alice", "--json"])
        .ok_json();
    assert_eq!(
        shown["log_len"], 1,
        "the refused registration left no trace"
    );
}

#[test]
fn unregistered_patient_fails() {
    let node = Node::start();
    let ehr = Ehr::new(&node);
    ehr.deploy();
    let shown = ehr.run(["patient", "show", "--suri", "//Bob"]);
    assert!(!shown.success);
    assert!(
        shown.stderr.contains("PatientNotRegistered"),
        "stderr: {}",
        shown.stderr
    );
}

#[test]
fn no_contract_deployed_fails() {
    // given a node where this CLI never deployed
    let node = Node::start();
    let ehr = Ehr::new(&node);
    // when a command needs the contract
    let out = ehr.run(["patient", "show", "--suri", "//Alice"]);
    // then it says how to get one
    assert!(!out.success);
    assert!(out.stderr.contains("ehr deploy"), "stderr: {}", out.stderr);
}
