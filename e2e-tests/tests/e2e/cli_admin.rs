//! The CLI's accounts, registrars, request denial and local node, on a real node: keystore
//! accounts sign real transactions, registrars verify/suspend/add/remove with the wrong callers
//! refused, a denied request is visible to the doctor, and `ehr node` keeps a chain across a
//! restart.

use ehr_e2e_tests::{free_port, node_binary, Ehr, Node, ALICE, BOB, CHARLIE};

const DAVE: &str = "5DAAnrj7VHTznn2AWBemMuyBwZWs6FNFjdyVXUeYum3PTXFy";
const PASSPHRASE: (&str, &str) = ("EHR_PASSPHRASE", "correct horse battery");
const REFUSED: i32 = 3;
const USAGE: i32 = 2;

#[test]
fn keystore_accounts_through_the_cli_work() {
    // given a deployed contract
    let node = Node::start();
    let ehr = Ehr::new(&node);
    ehr.deploy();

    // when a new account is created
    let created = ehr
        .run_with(
            ["account", "new", "--name", "clinic", "--json"],
            &[PASSPHRASE],
            "",
        )
        .ok_json();
    // then its 12-word phrase is shown once and the keystore file is private
    let phrase = created["mnemonic"].as_str().unwrap();
    assert_eq!(phrase.split_whitespace().count(), 12);
    let keystore = created["keystore"].as_str().unwrap();
    let mode = std::os::unix::fs::PermissionsExt::mode(
        &std::fs::metadata(keystore).unwrap().permissions(),
    );
    assert_eq!(mode & 0o777, 0o600);
    assert!(!std::fs::read_to_string(keystore).unwrap().contains(phrase));

    // when the dev account //Dave is imported from stdin
    let imported = ehr
        .run_with(
            ["account", "import", "--name", "dave", "--json"],
            &[PASSPHRASE],
            "//Dave\n",
        )
        .ok_json();
    assert_eq!(imported["account"], DAVE);
    // then both are listed, by name
    let listed = ehr.run(["account", "list", "--json"]).ok_json();
    let names: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["clinic", "dave"]);

    // when Dave signs a registration with his keystore account
    let shown = ehr
        .run_with(
            ["account", "show", "--account", "dave", "--json"],
            &[PASSPHRASE],
            "",
        )
        .ok_json();
    ehr.run_with(
        ["patient", "register", "--account", "dave", "--json"],
        &[PASSPHRASE],
        "",
    )
    .ok_json();
    // then the chain holds his encryption key
    let patient = ehr.run(["patient", "show", DAVE, "--json"]).ok_json();
    assert_eq!(patient["encryption_key"], shown["encryption_key"]);

    // a wrong passphrase, an unknown account and a taken name are clean refusals
    ehr.run_with(
        ["account", "show", "--account", "dave"],
        &[("EHR_PASSPHRASE", "wrong passphrase")],
        "",
    )
    .fails_with(1, "passphrase");
    ehr.run_with(
        ["account", "show", "--account", "nobody"],
        &[PASSPHRASE],
        "",
    )
    .fails_with(1, "nobody");
    ehr.run_with(
        ["account", "import", "--name", "dave"],
        &[PASSPHRASE],
        "//Eve\n",
    )
    .fails_with(1, "already exists");
    ehr.run_with(
        ["account", "new", "--name", "short"],
        &[("EHR_PASSPHRASE", "short")],
        "",
    )
    .fails_with(1, "at least 8 characters");
    ehr.run(["account", "new", "--name", "../escape"])
        .fails_with(1, "account names");
}

#[test]
fn registrars_through_the_cli_work() {
    // given Alice (deployer, first registrar) and Bob a doctor with Alice's read grant
    let node = Node::start();
    let ehr = Ehr::with_clinic(&node, &[("//Bob", "Cardiology")]);
    ehr.run([
        "access", "grant", BOB, "--kind", "read", "--suri", "//Alice", "--json",
    ])
    .ok_json();

    // when Alice makes Charlie a registrar and Charlie verifies Bob
    ehr.run(["registrar", "add", CHARLIE, "--suri", "//Alice", "--json"])
        .ok_json();
    ehr.run(["registrar", "verify", BOB, "--suri", "//Charlie", "--json"])
        .ok_json();
    let bob = ehr.run(["doctor", "show", BOB, "--json"]).ok_json();
    assert_eq!(bob["status"], "verified");

    // when Charlie suspends Bob
    ehr.run(["registrar", "suspend", BOB, "--suri", "//Charlie", "--json"])
        .ok_json();
    // then the patient sees it, and Bob's grant stops working
    let bob = ehr.run(["doctor", "show", BOB, "--json"]).ok_json();
    assert_eq!(bob["status"], "suspended");
    let grants = ehr
        .run(["access", "list", "--suri", "//Alice", "--json"])
        .ok_json();
    assert_eq!(grants[0]["active"], false);
    assert_eq!(grants[0]["state"], "suspended");
    // and the patient can still add records (no key is wrapped for a suspended doctor)
    let note = ehr.dir().join("note.txt");
    std::fs::write(&note, b"BP 120/80").unwrap();
    let added = ehr
        .run([
            "record".as_ref(),
            "add".as_ref(),
            "--type".as_ref(),
            "general".as_ref(),
            note.as_os_str(),
            "--suri".as_ref(),
            "//Alice".as_ref(),
            "--json".as_ref(),
        ])
        .ok_json();
    assert_eq!(added["readers"].as_array().unwrap().len(), 1, "{added}");

    // the wrong callers are refused, and change nothing: a doctor verifying himself, a
    // non-registrar adding one, a registrar adding one twice
    let chart = ehr.chart("//Alice");
    let registrars =
        || [ALICE, BOB, CHARLIE].map(|a| ehr.run(["registrar", "show", a, "--json"]).ok_json());
    let before = registrars();
    ehr.run(["registrar", "verify", BOB, "--suri", "//Bob"])
        .fails_with(REFUSED, "NotRegistrar");
    ehr.run(["registrar", "add", BOB, "--suri", "//Bob"])
        .fails_with(REFUSED, "NotRegistrar");
    ehr.run(["registrar", "add", CHARLIE, "--suri", "//Alice"])
        .fails_with(REFUSED, "RegistrarAlreadyExists");
    assert_eq!(ehr.chart("//Alice"), chart);
    assert_eq!(registrars(), before);
    assert_eq!(
        ehr.run(["doctor", "show", BOB, "--json"]).ok_json()["status"],
        "suspended"
    );

    // when Alice approves removing Charlie, one of two registrars is no majority yet
    let approved = ehr
        .run([
            "registrar",
            "remove",
            CHARLIE,
            "--suri",
            "//Alice",
            "--json",
        ])
        .ok_json();
    assert_eq!(approved["changed"], false);
    let shown = ehr.run(["registrar", "show", CHARLIE, "--json"]).ok_json();
    assert_eq!(shown["registrar"], true);
    assert_eq!(
        shown["pending"],
        serde_json::json!({ "add": false, "approvals": 1, "needed": 2 })
    );
    ehr.run(["registrar", "remove", CHARLIE, "--suri", "//Alice"])
        .fails_with(REFUSED, "AlreadyApproved");
    // and when Charlie approves too, he is removed and can no longer act as a registrar
    let removed = ehr
        .run([
            "registrar",
            "remove",
            CHARLIE,
            "--suri",
            "//Charlie",
            "--json",
        ])
        .ok_json();
    assert_eq!(removed["changed"], true);
    ehr.run(["registrar", "verify", BOB, "--suri", "//Charlie"])
        .fails_with(REFUSED, "NotRegistrar");
    // and the last registrar cannot remove herself
    ehr.run(["registrar", "remove", ALICE, "--suri", "//Alice"])
        .fails_with(REFUSED, "LastRegistrar");
    assert_eq!(
        ehr.run(["registrar", "show", ALICE, "--json"]).ok_json()["registrar"],
        true
    );

    // reinstating (verify) makes the grant work again
    ehr.run(["registrar", "verify", BOB, "--suri", "//Alice", "--json"])
        .ok_json();
    let grants = ehr
        .run(["access", "list", "--suri", "//Alice", "--json"])
        .ok_json();
    assert_eq!(grants[0]["active"], true);
    // and a sync gives him the key of what was added meanwhile
    let synced = ehr
        .run(["access", "sync", "--suri", "//Alice", "--json"])
        .ok_json();
    assert_eq!(
        synced["shared_versions"],
        serde_json::json!([{ "reader": BOB, "record": 1, "version": 1 }])
    );
    ehr.run([
        "record",
        "view",
        "1",
        "--patient",
        ALICE,
        "--suri",
        "//Bob",
        "--json",
    ])
    .ok_json();
}

#[test]
fn denied_request_through_the_cli_works() {
    // given Bob, unverified, may not ask Alice for anything
    let node = Node::start();
    let ehr = Ehr::with_clinic(&node, &[("//Bob", "Cardiology")]);
    let chart = ehr.chart("//Alice");
    ehr.run([
        "doctor", "request", ALICE, "--kind", "read", "--suri", "//Bob",
    ])
    .fails_with(REFUSED, "DoctorNotVerified");
    assert_eq!(ehr.chart("//Alice"), chart);
    // and once verified, he asked Alice for write access
    ehr.run(["registrar", "verify", BOB, "--suri", "//Alice", "--json"])
        .ok_json();
    ehr.run([
        "doctor", "request", ALICE, "--kind", "write", "--suri", "//Bob", "--json",
    ])
    .ok_json();
    // a doctor cannot decide on his own request, and nobody can deny what was not asked
    ehr.run(["access", "deny", BOB, "--suri", "//Bob"])
        .fails_with(REFUSED, "PatientNotRegistered");
    ehr.run(["access", "deny", CHARLIE, "--suri", "//Alice"])
        .fails_with(REFUSED, "RequestNotFound");
    let chart = ehr.chart("//Alice");
    assert_eq!(chart["requests"].as_array().unwrap().len(), 1);

    // when Alice denies it
    ehr.run(["access", "deny", BOB, "--suri", "//Alice", "--json"])
        .ok_json();
    // then Bob sees the outcome, Alice has nothing pending and no grant was made
    let outcome = ehr
        .run([
            "doctor",
            "requests",
            "--patient",
            ALICE,
            "--suri",
            "//Bob",
            "--json",
        ])
        .ok_json();
    assert_eq!(outcome["status"], "denied");
    let pending = ehr
        .run(["access", "requests", "--suri", "//Alice", "--json"])
        .ok_json();
    assert_eq!(pending, serde_json::json!([]));
    let grants = ehr
        .run(["access", "list", "--suri", "//Alice", "--json"])
        .ok_json();
    assert_eq!(grants, serde_json::json!([]));
    // and Bob cannot ask again at once to wear her down: nothing reaches her
    let chart = ehr.chart("//Alice");
    ehr.run([
        "doctor", "request", ALICE, "--kind", "read", "--suri", "//Bob",
    ])
    .fails_with(REFUSED, "RequestCooldown");
    assert_eq!(ehr.chart("//Alice"), chart);
}

#[test]
fn local_node_through_the_cli_works() {
    // given no node on a free port, and a node directory of our own
    let port = free_port();
    let ehr = Ehr::at_url(format!("ws://127.0.0.1:{port}"));
    let dir = ehr.dir().join("node");
    let bin = node_binary();
    let node_env = [
        ("EHR_NODE_DIR", dir.to_str().unwrap()),
        ("EHR_NODE_BIN", bin.to_str().unwrap()),
    ];
    let port = port.to_string();
    let node = |cmd: &str| {
        ehr.run_with(
            ["node", cmd, "--port", port.as_str(), "--json"],
            &node_env,
            "",
        )
    };
    node("status").fails_with(1, "not running");

    // when it is started, a contract deployed and a patient registered
    let started = node("start").ok_json();
    assert_eq!(started["running"], true);
    assert_eq!(node("status").ok_json()["running"], true);
    assert_eq!(
        node("start").ok_json()["running"],
        true,
        "start is idempotent"
    );
    ehr.deploy();
    ehr.run(["patient", "register", "--suri", "//Alice", "--json"])
        .ok_json();

    // then after a stop and a start the chain still has them
    assert_eq!(node("stop").ok_json()["running"], false);
    node("status").fails_with(1, "not running");
    node("start").ok_json();
    let alice = ehr.run(["patient", "show", ALICE, "--json"]).ok_json();
    assert_eq!(alice["patient"], ALICE);
    node("stop").ok_json();
}

#[test]
fn completions_and_usage_errors_work() {
    let ehr = Ehr::at_url("ws://127.0.0.1:9".into());
    let bash = ehr.run(["completions", "bash"]);
    assert!(bash.success && bash.stdout.contains("_ehr"), "{bash:?}");
    ehr.run(["completions", "cobol"]).fails_with(USAGE, "cobol");
    ehr.run(["record", "frobnicate"])
        .fails_with(USAGE, "frobnicate");
    // no node there: a clear error with the node's exit code
    ehr.run(["patient", "show", ALICE])
        .fails_with(4, "ws://127.0.0.1:9");
}
