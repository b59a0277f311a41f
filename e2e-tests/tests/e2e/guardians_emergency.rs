//! Guardians and emergency (break-glass) access through the CLI on a real node: a guardian
//! manages a patient's consent with `--for`, and a verified doctor's break-glass opens only the
//! covered records, only after both custodians release, only until it expires, and the patient
//! sees all of it.

use ehr_e2e_tests::{now_ms, Ehr, Node, ALICE, BOB, CHARLIE, DAVE, EXIT_REFUSED};

const REFUSED: i32 = EXIT_REFUSED;

#[test]
fn guardian_manages_grants_for_a_patient_works() {
    // given Alice (patient) with a record, Bob and Charlie doctors, Dave registered as a patient
    let node = Node::start();
    let ehr = Ehr::with_clinic(
        &node,
        &[("//Bob", "Cardiology"), ("//Charlie", "Pediatrics")],
    );
    ehr.add_record("//Alice", "cardiac", "ecg: sinus rhythm", &[]);
    ehr.as_user("//Dave", &["patient", "register"]).ok_json();

    // when Alice appoints Dave as guardian at manage level
    let added = ehr
        .as_user("//Alice", &["guardian", "add", DAVE, "--level", "manage"])
        .ok_json();
    // then he gets the keys of her existing record and reads it on her behalf
    assert_eq!(added["shared_versions"], 1);
    let list = ehr
        .as_user("//Dave", &["guardian", "list", "--for", ALICE])
        .ok_json();
    assert_eq!(
        (list[0]["guardian"].as_str(), list[0]["level"].as_str()),
        (Some(DAVE), Some("manage"))
    );
    let read = ehr.view("//Dave", "1", &["--for", ALICE]).ok_json();
    assert_eq!(read["content"]["text"], "ecg: sinus rhythm");

    // when Dave grants Bob read access to Alice's chart
    let granted = ehr
        .as_user(
            "//Dave",
            &["access", "grant", BOB, "--kind", "read", "--for", ALICE],
        )
        .ok_json();
    assert_eq!(granted["patient"], ALICE);
    // then Bob reads Alice's record with the key Dave shared
    let bob_read = ehr.view("//Bob", "1", &["--patient", ALICE]).ok_json();
    assert_eq!(bob_read["content"]["text"], "ecg: sinus rhythm");
    // and Alice's history shows Dave granting, as her guardian
    let history = ehr
        .as_user("//Alice", &["history", "--limit", "50"])
        .ok_json();
    let grant = history["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["action"].as_str().unwrap().starts_with("granted"))
        .unwrap()
        .clone();
    assert_eq!(
        (grant["actor"].as_str(), grant["as_guardian"].as_bool()),
        (Some(DAVE), Some(true))
    );

    // when Dave adds a record for Alice, she reads it
    ehr.add_record("//Dave", "lab", "glucose 5.1", &["--for", ALICE]);
    assert_eq!(
        ehr.view("//Alice", "2", &[]).ok_json()["content"]["text"],
        "glucose 5.1"
    );
    // and revokes Bob for her
    ehr.as_user("//Dave", &["access", "revoke", BOB, "--for", ALICE])
        .ok_json();
    assert_eq!(
        ehr.as_user("//Alice", &["access", "list"])
            .ok_json()
            .as_array()
            .unwrap()
            .len(),
        0
    );

    // then a stranger cannot act for Alice, and changes nothing
    let chart = ehr.chart("//Alice");
    ehr.as_user(
        "//Eve",
        &["access", "grant", CHARLIE, "--kind", "read", "--for", ALICE],
    )
    .fails_with(REFUSED, "NotPatient");
    assert_eq!(ehr.chart("//Alice"), chart);
    // and at view level Dave reads but no longer manages
    ehr.as_user("//Alice", &["guardian", "add", DAVE, "--level", "view"])
        .ok_json();
    let chart = ehr.chart("//Alice");
    ehr.as_user(
        "//Dave",
        &["access", "grant", CHARLIE, "--kind", "read", "--for", ALICE],
    )
    .fails_with(REFUSED, "GuardianLevelTooLow");
    assert_eq!(ehr.chart("//Alice"), chart);
    // and exports her chart for her, each read logged in her history
    let out = ehr.dir().join("dave-export");
    let exported = ehr
        .as_user(
            "//Dave",
            &["record", "export", out.to_str().unwrap(), "--for", ALICE],
        )
        .ok_json();
    assert_eq!(exported["patient"], ALICE);
    assert_eq!(exported["versions"].as_array().unwrap().len(), 2);
    let opened = ehr
        .as_user("//Alice", &["history", "--limit", "50"])
        .ok_json()["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["actor"] == DAVE && e["action"] == "opened record")
        .count();
    assert_eq!(opened, 1 + 2);
    // and once he steps down he reads nothing more
    ehr.as_user("//Dave", &["guardian", "remove", "--for", ALICE])
        .ok_json();
    ehr.view("//Dave", "1", &["--for", ALICE])
        .fails_with(REFUSED, "NoAccess");
    assert_eq!(
        ehr.as_user("//Alice", &["guardian", "list"])
            .ok_json()
            .as_array()
            .unwrap()
            .len(),
        0
    );
}

#[test]
fn emergency_access_by_verified_doctor_ends_at_expiry_works() {
    // given Alice with a cardiac and a dermatology record; Bob a verified doctor, Charlie an
    // unverified one; Eve and Ferdie registrars (with encryption keys) as custodians
    let node = Node::start();
    let ehr = Ehr::with_clinic(&node, &[("//Bob", "Emergency"), ("//Charlie", "Emergency")]);
    ehr.as_user("//Alice", &["registrar", "verify", BOB])
        .ok_json();
    ehr.add_custodians();
    ehr.add_record("//Alice", "cardiac", "allergy: penicillin", &[]);
    ehr.add_record("//Alice", "dermatology", "mole, left arm", &[]);

    // when Alice opts in for cardiac records with a 45 s window (long enough that a slow
    // machine finishes the steps inside it)
    let enabled = ehr.opt_in("//Alice", "cardiac", "45s").ok_json();
    // then her existing cardiac record is wrapped to the emergency key, and nothing else
    assert_eq!(enabled["shared_versions"], 1);
    let status = ehr.as_user("//Alice", &["emergency", "status"]).ok_json();
    assert_eq!(status["types"], serde_json::json!(["cardiac"]));

    // an unverified doctor is refused, and Bob reads nothing before breaking the glass; neither
    // leaves a trace
    let chart = ehr.chart("//Alice");
    ehr.break_glass("//Charlie", ALICE, "x")
        .fails_with(REFUSED, "DoctorNotVerified");
    ehr.view("//Bob", "1", &["--patient", ALICE])
        .fails_with(REFUSED, "NoAccess");
    assert_eq!(ehr.chart("//Alice"), chart);

    // when Bob breaks the glass
    let invoked = ehr
        .break_glass("//Bob", ALICE, "found unresponsive, no ID")
        .ok_json();
    let expires_at = invoked["expires_at"].as_u64().unwrap();
    // then the key is still out of reach until both custodians release their shares, and a
    // read that cannot open is not logged
    let before = ehr.chart("//Alice");
    ehr.view("//Bob", "1", &["--patient", ALICE])
        .fails_with(1, "have not both released");
    assert_eq!(ehr.chart("//Alice"), before);
    ehr.release("//Eve", ALICE, BOB).ok_json();
    ehr.view("//Bob", "1", &["--patient", ALICE])
        .fails_with(1, "have not both released");
    ehr.release("//Ferdie", ALICE, BOB).ok_json();
    // and then Bob reads the covered record, but not the uncovered one, and cannot renew
    let read = ehr.view("//Bob", "1", &["--patient", ALICE]).ok_json();
    assert_eq!(read["content"]["text"], "allergy: penicillin");
    let chart = ehr.chart("//Alice");
    ehr.view("//Bob", "2", &["--patient", ALICE])
        .fails_with(REFUSED, "NoAccess");
    ehr.break_glass("//Bob", ALICE, "again")
        .fails_with(REFUSED, "EmergencyActive");
    assert_eq!(ehr.chart("//Alice"), chart);

    // and Alice sees it all for review
    let review = ehr.as_user("//Alice", &["emergency", "list"]).ok_json();
    assert_eq!(review["break_glass"], 1);
    let whats: Vec<&str> = review["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["what"].as_str().unwrap())
        .collect();
    assert!(
        whats
            .iter()
            .any(|w| w.starts_with("BREAK-GLASS (unconscious)")),
        "{whats:?}"
    );
    assert_eq!(
        whats
            .iter()
            .filter(|w| w.starts_with("released key share"))
            .count(),
        2,
        "{whats:?}"
    );
    assert!(
        whats.contains(&"opened record (after break-glass)"),
        "{whats:?}"
    );
    let history = ehr
        .as_user("//Alice", &["history", "--limit", "50"])
        .ok_json();
    assert!(history["entries"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["action"].as_str().unwrap().starts_with("BREAK-GLASS")));

    // when the window has passed (and a block was made after it), Bob is refused again
    while now_ms() <= expires_at + 1_000 {
        std::thread::sleep(std::time::Duration::from_millis(250));
    }
    ehr.add_record("//Alice", "general", "after the emergency", &[]);
    ehr.view("//Bob", "1", &["--patient", ALICE])
        .fails_with(REFUSED, "NoAccess");
    ehr.release("//Eve", ALICE, BOB)
        .fails_with(REFUSED, "EmergencyNotActive");
}
