//! Adversarial suite, access control: every wrong caller is refused with the
//! contract's error, shown to the user with exit code 3, and the patient's chart and access
//! log are exactly as before.
//!
//! The exact expiry boundary (a grant stops at `expires_at`, not a millisecond later) is the
//! contract's `grant_expires_at_boundary_works` unit test: a live chain's block times cannot
//! be aimed at one millisecond.

use ehr::{AccessKind, Error, RecordType, Scope};
use ehr_chain::{instantiate, EhrContract, Message};
use ehr_e2e_tests::{
    deploy_contract, ok, proxy_wasm, refused, signer, Ehr, Node, ALICE, BOB, CHARLIE,
};
use ink::codegen::TraitCallBuilder;
use ink::env::call::FromAccountId;

const DAVE: &str = "5DAAnrj7VHTznn2AWBemMuyBwZWs6FNFjdyVXUeYum3PTXFy";
const EVE: &str = "5HGjWAeFDfFCWPsjFQdVV2Msvz2XtMktvgocEZcCj68kUMaw";
const REFUSED: i32 = 3;

/// Alice's chart with records 1 and 2, Bob (cardiology) reading the chart, Charlie
/// (dermatology) reading record 1 only, Dave a second patient.
fn clinic(node: &Node) -> Ehr {
    let ehr = Ehr::with_clinic(
        node,
        &[("//Bob", "Cardiology"), ("//Charlie", "Dermatology")],
    );
    ehr.run(["patient", "register", "--suri", "//Dave", "--json"])
        .ok_json();
    for (name, text) in [("ecg.txt", "sinus rhythm"), ("lab.txt", "HbA1c 5.4%")] {
        let path = ehr.file(name, text.as_bytes());
        ehr.run([
            "record", "add", "--type", "general", &path, "--suri", "//Alice", "--json",
        ])
        .ok_json();
    }
    ehr.run([
        "access", "grant", BOB, "--kind", "read", "--suri", "//Alice", "--json",
    ])
    .ok_json();
    ehr.run([
        "access", "grant", CHARLIE, "--kind", "read", "--record", "1", "--suri", "//Alice",
        "--json",
    ])
    .ok_json();
    ehr
}

fn view(ehr: &Ehr, suri: &str, record: &str) -> ehr_e2e_tests::Run {
    ehr.run([
        "record",
        "view",
        record,
        "--patient",
        ALICE,
        "--suri",
        suri,
        "--json",
    ])
}

#[test]
fn wrong_callers_are_refused_and_nothing_changes_fail() {
    // given the clinic, Alice also registered as a doctor, and Charlie's legitimate read done
    let node = Node::start();
    let ehr = clinic(&node);
    ehr.register_doctor("//Alice", "General practice");
    view(&ehr, "//Charlie", "1").ok_json();
    let before = ehr.chart("//Alice");

    // 1. nobody but Alice decides on Alice's chart: a grant or revoke by anyone else acts on
    //    their own chart (or is refused), never on hers
    ehr.run([
        "access",
        "grant",
        DAVE,
        "--kind",
        "write",
        "--suri",
        "//Charlie",
    ])
    .fails_with(REFUSED, "PatientNotRegistered");
    ehr.run(["access", "revoke", BOB, "--suri", "//Charlie"])
        .fails_with(REFUSED, "PatientNotRegistered");
    ehr.run(["access", "revoke", BOB, "--suri", "//Dave"])
        .fails_with(REFUSED, "GrantNotFound");
    ehr.run(["access", "approve", BOB, "--suri", "//Dave"])
        .fails_with(REFUSED, "RequestNotFound");

    // 2. a doctor with read access cannot add or update
    let note = ehr.file("note.txt", b"forged");
    ehr.run([
        "record",
        "add",
        "--type",
        "other",
        "--patient",
        ALICE,
        &note,
        "--suri",
        "//Bob",
    ])
    .fails_with(REFUSED, "NoAccess");
    ehr.run([
        "record",
        "update",
        "1",
        "--patient",
        ALICE,
        &note,
        "--suri",
        "//Bob",
    ])
    .fails_with(REFUSED, "NoAccess");

    // 4. a doctor shared one record cannot open another
    view(&ehr, "//Charlie", "2").fails_with(REFUSED, "NoAccess");
    ehr.run(["record", "list", "--patient", ALICE, "--suri", "//Charlie"])
        .fails_with(REFUSED, "NoAccess");

    // 5. only registrars verify, and a registrar who is a doctor cannot verify herself
    ehr.run(["registrar", "verify", CHARLIE, "--suri", "//Bob"])
        .fails_with(REFUSED, "NotRegistrar");
    ehr.run(["registrar", "verify", BOB, "--suri", "//Bob"])
        .fails_with(REFUSED, "NotRegistrar");
    ehr.run(["registrar", "verify", ALICE, "--suri", "//Alice"])
        .fails_with(REFUSED, "SelfVerification");

    // 6. no duplicate registrations, no grants to strangers or to oneself
    ehr.run(["patient", "register", "--suri", "//Alice"])
        .fails_with(REFUSED, "PatientAlreadyRegistered");
    let dup = ehr.run([
        "doctor",
        "register",
        "--suri",
        "//Bob",
        "--name",
        "Dr Bob",
        "--specialization",
        "Cardiology",
        "--clinic-address",
        "1 Main St",
        "--branch",
        "North",
        "--licence-number",
        "LIC-1",
    ]);
    dup.fails_with(REFUSED, "DoctorAlreadyRegistered");
    ehr.run([
        "access", "grant", EVE, "--kind", "read", "--suri", "//Alice",
    ])
    .fails_with(REFUSED, "DoctorNotRegistered");
    ehr.run([
        "access", "grant", ALICE, "--kind", "read", "--suri", "//Alice",
    ])
    .fails_with(REFUSED, "SelfGrant");

    // then Alice's chart, grants and log are exactly as before
    assert_eq!(ehr.chart("//Alice"), before);
}

#[test]
fn revoked_expired_and_suspended_doctors_cannot_open_fail() {
    // given the clinic and Dave also a doctor
    let node = Node::start();
    let ehr = clinic(&node);
    ehr.register_doctor("//Dave", "Neurology");

    // 3a. expired: a grant for 2 min (the shortest the CLI sends) opens before it ends and is
    // refused after (a grant ending within a minute gets no keys at all: one sent now could
    // land after it ended)
    ehr.run([
        "access",
        "grant",
        DAVE,
        "--kind",
        "read",
        "--expires-in",
        "2m",
        "--suri",
        "//Alice",
        "--json",
    ])
    .ok_json();
    let expires_at = ehr
        .run(["access", "list", "--suri", "//Alice", "--json"])
        .ok_json()
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["doctor"] == DAVE)
        .unwrap()["expires_at"]
        .as_u64()
        .unwrap();
    view(&ehr, "//Dave", "1").ok_json();
    let now = || {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_millis() as u64
    };
    while now() <= expires_at + 1_000 {
        std::thread::sleep(std::time::Duration::from_millis(250));
    }
    // (the dry run's timestamp is the best block's: make a block after the expiry)
    ehr.run(["patient", "register", "--suri", "//Eve", "--json"])
        .ok_json();
    let before = ehr.chart("//Alice");
    view(&ehr, "//Dave", "1").fails_with(REFUSED, "GrantExpired");
    let grants = ehr
        .run(["access", "list", "--suri", "//Alice", "--json"])
        .ok_json();
    let dave = grants
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["doctor"] == DAVE)
        .unwrap();
    assert_eq!(dave["state"], "expired");

    // 3b. revoked
    ehr.run([
        "access", "revoke", CHARLIE, "--record", "1", "--suri", "//Alice", "--json",
    ])
    .ok_json();
    // 3c. suspended (Bob's chart grant stays, but does not work)
    ehr.run(["registrar", "suspend", BOB, "--suri", "//Alice", "--json"])
        .ok_json();
    let before_revoked = ehr.chart("//Alice");
    view(&ehr, "//Charlie", "1").fails_with(REFUSED, "NoAccess");
    view(&ehr, "//Bob", "1").fails_with(REFUSED, "DoctorSuspended");
    ehr.run(["record", "list", "--patient", ALICE, "--suri", "//Bob"])
        .fails_with(REFUSED, "DoctorSuspended");

    // then none of the refused reads reached the log
    assert_eq!(ehr.chart("//Alice"), before_revoked);
    assert_eq!(
        before["history"]["total"].as_u64().unwrap() + 1,
        before_revoked["history"]["total"].as_u64().unwrap(),
        "only the revoke was logged"
    );
}

#[tokio::test]
async fn another_contract_calling_has_no_authority_fails() {
    // given ehr with Alice's record 1 readable by Bob, and a proxy contract that calls ehr
    let node = Node::start();
    let contract = deploy_contract(&node).await;
    let (alice, bob) = (signer("//Alice"), signer("//Bob"));
    let (a, b) = (alice.account_id(), bob.account_id());
    ok(&contract, &alice, contract.register_patient([1; 32])).await;
    ok(
        &contract,
        &bob,
        contract.register_doctor([2; 32], ehr_e2e_tests::test_profile()),
    )
    .await;
    ok(
        &contract,
        &alice,
        contract.grant_access(&a, &b, Scope::Chart, AccessKind::Read, None),
    )
    .await;
    ok(
        &contract,
        &alice,
        contract.add_record(
            &a,
            1,
            RecordType::Cardiac,
            ehr_chain::new_version([9; 32], 4, vec![1, 2, 3, 4], vec![(a.clone(), vec![5; 85])]),
        ),
    )
    .await;
    let wasm = std::fs::read(proxy_wasm()).unwrap();
    let ctor = ehr_proxy::ProxyRef::new(ehr_chain::ink_account(contract.address()))
        .code_hash(Default::default())
        .endowment(0)
        .salt_bytes(Vec::<u8>::new())
        .params();
    let data = parity_scale_codec::Encode::encode(ctor.exec_input());
    let proxy_address = instantiate(contract.client(), &alice, &wasm, &data, b"proxy")
        .await
        .unwrap()
        .address;
    let proxy = EhrContract::at(contract.client().clone(), proxy_address.clone());
    let mut builder =
        <ehr_proxy::ProxyRef as FromAccountId<ink::env::DefaultEnvironment>>::from_account_id(
            ehr_chain::ink_account(&proxy_address),
        );
    let log_len = |c: &EhrContract| {
        let c = c.clone();
        let a = a.clone();
        async move { c.query(&a, &c.patient(&a)).await.unwrap().unwrap().log_len }
    };
    let before = log_len(&contract).await;

    // when Bob (who may read) opens Alice's record through the proxy
    let open: Message<ehr::Result<()>> = Message::from_builder(
        "open_record",
        builder
            .call_mut()
            .open_record(ehr_chain::ink_account(&a), 1, 1),
    );
    // then ehr sees the proxy, not Bob, and refuses
    assert_eq!(refused(proxy.execute(&bob, &open).await), Error::NoAccess);
    // and Alice granting through the proxy is not Alice granting
    let grant: Message<ehr::Result<()>> = Message::from_builder(
        "grant_access",
        builder.call_mut().grant_access(
            ehr_chain::ink_account(&a),
            ehr_chain::ink_account(&b),
            Scope::Chart,
            AccessKind::Write,
        ),
    );
    assert_eq!(
        refused(proxy.execute(&alice, &grant).await),
        Error::NotPatient
    );
    // and nothing reached the log, while Bob's own direct read still works
    assert_eq!(log_len(&contract).await, before);
    ok(&contract, &bob, contract.open_record(&a, 1, 1)).await;
    assert_eq!(log_len(&contract).await, before + 1);
}
