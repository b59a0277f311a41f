//! Security, consent (finding M8 and the doctor-requests paging bug) through the CLI on a real
//! node: no single registrar changes the registrar set, a removed registrar can no longer
//! release a share and the patient is told; a doctor sees every one of his requests, past the
//! first page; a patient removes a guardian, who loses access at once.

use ehr::{AccessKind, Scope};
use ehr_e2e_tests::{
    address_of, fund, remembered_contract, signer, Ehr, Node, ALICE, BOB, DAVE, EXIT_REFUSED,
    FERDIE,
};

#[test]
fn registrar_set_changes_by_majority_only_works() {
    // given three registrars: Alice, and Eve and Ferdie (each added by a majority of those
    // before), who are also Alice's emergency custodians; Bob a verified doctor
    let node = Node::start();
    let ehr = Ehr::with_clinic(&node, &[("//Bob", "Emergency")]);
    ehr.as_user("//Alice", &["registrar", "verify", BOB])
        .ok_json();
    ehr.add_custodians();
    ehr.add_record("//Alice", "cardiac", "pacemaker since 2019", &[]);
    ehr.opt_in("//Alice", "cardiac", "1h").ok_json();

    // when Alice alone removes Ferdie, then Ferdie stays a registrar
    let approved = ehr
        .as_user("//Alice", &["registrar", "remove", FERDIE])
        .ok_json();
    assert_eq!(approved["changed"], false);
    let ferdie = ehr.run(["registrar", "show", FERDIE, "--json"]).ok_json();
    assert_eq!(ferdie["registrar"], true);
    assert_eq!(ferdie["pending"]["approvals"], 1);
    assert_eq!(ferdie["pending"]["needed"], 2);
    // and when Eve approves too, Ferdie is removed
    let removed = ehr
        .as_user("//Eve", &["registrar", "remove", FERDIE])
        .ok_json();
    assert_eq!(removed["changed"], true);
    assert_eq!(
        ehr.run(["registrar", "show", FERDIE, "--json"]).ok_json()["registrar"],
        false
    );
    // then Alice is told her custodian lapsed
    let status = ehr.as_user("//Alice", &["emergency", "status"]).ok_json();
    assert_eq!(
        status["custodians_not_registrars"],
        serde_json::json!([FERDIE])
    );
    // and Ferdie can no longer release his share, even to a doctor whose break-glass is on
    ehr.break_glass("//Bob", ALICE, "collapsed in the street")
        .ok_json();
    ehr.release("//Ferdie", ALICE, BOB)
        .fails_with(EXIT_REFUSED, "NotRegistrar");
    ehr.release("//Eve", ALICE, BOB).ok_json();

    // and a patient removes a guardian, who loses access at once
    ehr.as_user("//Dave", &["patient", "register"]).ok_json();
    ehr.as_user("//Alice", &["guardian", "add", DAVE, "--level", "view"])
        .ok_json();
    ehr.view("//Dave", "1", &["--for", ALICE]).ok_json();
    ehr.as_user("//Alice", &["guardian", "remove", DAVE])
        .ok_json();
    ehr.view("//Dave", "1", &["--for", ALICE])
        .fails_with(EXIT_REFUSED, "NoAccess");
    assert_eq!(
        ehr.as_user("//Alice", &["guardian", "list"]).ok_json(),
        serde_json::json!([])
    );

    // and the grants a managing guardian made end with the guardianship: Dave, appointed to
    // manage, grants Bob (who could be an account of his own) write access
    ehr.as_user("//Alice", &["guardian", "add", DAVE, "--level", "manage"])
        .ok_json();
    ehr.as_user(
        "//Dave",
        &["access", "grant", BOB, "--kind", "write", "--for", ALICE],
    )
    .ok_json();
    let listed = ehr.as_user("//Alice", &["guardian", "list"]).ok_json();
    assert_eq!(listed[0]["grants_made"], 1, "{listed}");
    let removed = ehr
        .as_user("//Alice", &["guardian", "remove", DAVE])
        .ok_json();
    let lapsed = removed["lapsed_grants"].as_array().unwrap();
    assert_eq!(lapsed.len(), 1, "{removed}");
    assert_eq!(lapsed[0]["doctor"], BOB);
    let grants = ehr.as_user("//Alice", &["access", "list"]).ok_json();
    let bobs = grants
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["doctor"] == BOB)
        .unwrap();
    assert_eq!(
        (bobs["state"].as_str(), bobs["active"].as_bool()),
        (Some("lapsed"), Some(false)),
        "{grants}"
    );
    assert_eq!(bobs["granted_by"], DAVE);
}

/// More patients than one page of requests holds.
const PATIENTS: usize = ehr::limits::MAX_PAGE as usize + 1;

#[tokio::test]
async fn doctor_sees_every_page_of_his_requests_works() {
    // given Bob, verified, who asked 51 patients for access (set up through the chain client)
    let node = Node::start();
    let ehr = Ehr::with_clinic(&node, &[("//Bob", "Cardiology")]);
    ehr.as_user("//Alice", &["registrar", "verify", BOB])
        .ok_json();
    let contract = remembered_contract(&ehr).await;
    let bob = signer("//Bob");
    let mut patients = vec![ALICE.to_string()];
    for i in 1..PATIENTS {
        let suri = format!("//Patient{i}");
        fund(ehr.url(), &suri).await;
        contract
            .execute(&signer(&suri), &contract.register_patient([9; 32]))
            .await
            .unwrap();
        patients.push(address_of(&suri));
    }
    for patient in &patients {
        let p = ehr_chain::AddressFormat::default().parse(patient).unwrap();
        contract
            .execute(
                &bob,
                &contract.request_access(&p, Scope::Chart, AccessKind::Read, 1),
            )
            .await
            .unwrap();
    }
    // when Bob lists his requests, then every one is there
    let listed = ehr.as_user("//Bob", &["doctor", "requests"]).ok_json();
    let mut seen: Vec<String> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["patient"].as_str().unwrap().to_string())
        .collect();
    seen.sort();
    patients.sort();
    assert_eq!(seen, patients);
}
