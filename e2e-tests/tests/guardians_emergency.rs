//! Guardians and emergency (break-glass) access through the CLI on a real node: a guardian
//! manages a patient's consent with `--for`, and a verified doctor's break-glass opens only the
//! covered records, only after both custodians release, only until it expires, and the patient
//! sees all of it.

use ehr_e2e_tests::{Ehr, Node, ALICE, BOB, CHARLIE};

const DAVE: &str = "5DAAnrj7VHTznn2AWBemMuyBwZWs6FNFjdyVXUeYum3PTXFy";
const EVE: &str = "5HGjWAeFDfFCWPsjFQdVV2Msvz2XtMktvgocEZcCj68kUMaw";
const FERDIE: &str = "5CiPPseXPECbkjWCa6MnjNokrgYjMqmKndv2rSnekmSK2DjL";
const REFUSED: i32 = 3;

fn now_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as u64
}

/// `ehr <args> --suri <suri> --json`.
fn as_user(ehr: &Ehr, suri: &str, args: &[&str]) -> ehr_e2e_tests::Run {
    let mut all = args.to_vec();
    all.extend(["--suri", suri, "--json"]);
    ehr.run(all)
}

fn add_record(ehr: &Ehr, suri: &str, kind: &str, text: &str, extra: &[&str]) -> serde_json::Value {
    let file = ehr.file(&format!("{kind}-{}.txt", now_ms()), text.as_bytes());
    let mut args = vec!["record", "add", "--type", kind];
    args.extend(extra);
    args.push(&file);
    as_user(ehr, suri, &args).ok_json()
}

fn view(ehr: &Ehr, suri: &str, record: &str, extra: &[&str]) -> ehr_e2e_tests::Run {
    let mut args = vec!["record", "view", record];
    args.extend(extra);
    as_user(ehr, suri, &args)
}

#[test]
fn guardian_manages_grants_for_a_patient_works() {
    // given Alice (patient) with a record, Bob and Charlie doctors, Dave registered as a patient
    let node = Node::start();
    let ehr = Ehr::with_clinic(
        &node,
        &[("//Bob", "Cardiology"), ("//Charlie", "Pediatrics")],
    );
    add_record(&ehr, "//Alice", "cardiac", "ecg: sinus rhythm", &[]);
    as_user(&ehr, "//Dave", &["patient", "register"]).ok_json();

    // when Alice appoints Dave as guardian at manage level
    let added = as_user(
        &ehr,
        "//Alice",
        &["guardian", "add", DAVE, "--level", "manage"],
    )
    .ok_json();
    // then he gets the keys of her existing record and reads it on her behalf
    assert_eq!(added["shared_versions"], 1);
    let list = as_user(&ehr, "//Dave", &["guardian", "list", "--for", ALICE]).ok_json();
    assert_eq!(
        (list[0]["guardian"].as_str(), list[0]["level"].as_str()),
        (Some(DAVE), Some("manage"))
    );
    let read = view(&ehr, "//Dave", "1", &["--for", ALICE]).ok_json();
    assert_eq!(read["content"]["text"], "ecg: sinus rhythm");

    // when Dave grants Bob read access to Alice's chart
    let granted = as_user(
        &ehr,
        "//Dave",
        &["access", "grant", BOB, "--kind", "read", "--for", ALICE],
    )
    .ok_json();
    assert_eq!(granted["patient"], ALICE);
    // then Bob reads Alice's record with the key Dave shared
    let bob_read = view(&ehr, "//Bob", "1", &["--patient", ALICE]).ok_json();
    assert_eq!(bob_read["content"]["text"], "ecg: sinus rhythm");
    // and Alice's history shows Dave granting, as her guardian
    let history = as_user(&ehr, "//Alice", &["history", "--limit", "50"]).ok_json();
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
    add_record(&ehr, "//Dave", "lab", "glucose 5.1", &["--for", ALICE]);
    assert_eq!(
        view(&ehr, "//Alice", "2", &[]).ok_json()["content"]["text"],
        "glucose 5.1"
    );
    // and revokes Bob for her
    as_user(&ehr, "//Dave", &["access", "revoke", BOB, "--for", ALICE]).ok_json();
    assert_eq!(
        as_user(&ehr, "//Alice", &["access", "list"])
            .ok_json()
            .as_array()
            .unwrap()
            .len(),
        0
    );

    // then a stranger cannot act for Alice
    as_user(
        &ehr,
        "//Eve",
        &["access", "grant", CHARLIE, "--kind", "read", "--for", ALICE],
    )
    .fails_with(REFUSED, "NotPatient");
    // and at view level Dave reads but no longer manages
    as_user(
        &ehr,
        "//Alice",
        &["guardian", "add", DAVE, "--level", "view"],
    )
    .ok_json();
    as_user(
        &ehr,
        "//Dave",
        &["access", "grant", CHARLIE, "--kind", "read", "--for", ALICE],
    )
    .fails_with(REFUSED, "GuardianLevelTooLow");
    // and exports her chart for her, each read logged in her history
    let out = ehr.dir().join("dave-export");
    let exported = as_user(
        &ehr,
        "//Dave",
        &["record", "export", out.to_str().unwrap(), "--for", ALICE],
    )
    .ok_json();
    assert_eq!(exported["patient"], ALICE);
    assert_eq!(exported["versions"].as_array().unwrap().len(), 2);
    let opened = as_user(&ehr, "//Alice", &["history", "--limit", "50"]).ok_json()["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["actor"] == DAVE && e["action"] == "opened record")
        .count();
    assert_eq!(opened, 1 + 2);
    // and once he steps down he reads nothing more
    as_user(&ehr, "//Dave", &["guardian", "remove", "--for", ALICE]).ok_json();
    view(&ehr, "//Dave", "1", &["--for", ALICE]).fails_with(REFUSED, "NoAccess");
    assert_eq!(
        as_user(&ehr, "//Alice", &["guardian", "list"])
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
    as_user(&ehr, "//Alice", &["registrar", "verify", BOB]).ok_json();
    for (suri, address) in [("//Eve", EVE), ("//Ferdie", FERDIE)] {
        as_user(&ehr, suri, &["patient", "register"]).ok_json();
        as_user(&ehr, "//Alice", &["registrar", "add", address]).ok_json();
    }
    add_record(&ehr, "//Alice", "cardiac", "allergy: penicillin", &[]);
    add_record(&ehr, "//Alice", "dermatology", "mole, left arm", &[]);

    // when Alice opts in for cardiac records with a 20 s window
    let enabled = as_user(
        &ehr,
        "//Alice",
        &[
            "emergency",
            "enable",
            "--type",
            "cardiac",
            "--window",
            "20s",
            "--custodian",
            EVE,
            "--custodian",
            FERDIE,
        ],
    )
    .ok_json();
    // then her existing cardiac record is wrapped to the emergency key, and nothing else
    assert_eq!(enabled["shared_versions"], 1);
    let status = as_user(&ehr, "//Alice", &["emergency", "status"]).ok_json();
    assert_eq!(status["types"], serde_json::json!(["cardiac"]));

    // an unverified doctor is refused, and Bob reads nothing before breaking the glass
    as_user(
        &ehr,
        "//Charlie",
        &[
            "emergency",
            "break-glass",
            "--patient",
            ALICE,
            "--reason",
            "unconscious",
            "--note",
            "x",
        ],
    )
    .fails_with(REFUSED, "DoctorNotVerified");
    view(&ehr, "//Bob", "1", &["--patient", ALICE]).fails_with(REFUSED, "NoAccess");

    // when Bob breaks the glass
    let invoked = as_user(
        &ehr,
        "//Bob",
        &[
            "emergency",
            "break-glass",
            "--patient",
            ALICE,
            "--reason",
            "unconscious",
            "--note",
            "found unresponsive, no ID",
        ],
    )
    .ok_json();
    let expires_at = invoked["expires_at"].as_u64().unwrap();
    // then the key is still out of reach until both custodians release their shares
    view(&ehr, "//Bob", "1", &["--patient", ALICE]).fails_with(1, "have not both released");
    as_user(
        &ehr,
        "//Eve",
        &["emergency", "release", "--patient", ALICE, "--doctor", BOB],
    )
    .ok_json();
    view(&ehr, "//Bob", "1", &["--patient", ALICE]).fails_with(1, "have not both released");
    as_user(
        &ehr,
        "//Ferdie",
        &["emergency", "release", "--patient", ALICE, "--doctor", BOB],
    )
    .ok_json();
    // and then Bob reads the covered record, but not the uncovered one, and cannot renew
    let read = view(&ehr, "//Bob", "1", &["--patient", ALICE]).ok_json();
    assert_eq!(read["content"]["text"], "allergy: penicillin");
    view(&ehr, "//Bob", "2", &["--patient", ALICE]).fails_with(REFUSED, "NoAccess");
    as_user(
        &ehr,
        "//Bob",
        &[
            "emergency",
            "break-glass",
            "--patient",
            ALICE,
            "--reason",
            "other",
            "--note",
            "again",
        ],
    )
    .fails_with(REFUSED, "EmergencyActive");

    // and Alice sees it all for review
    let review = as_user(&ehr, "//Alice", &["emergency", "list"]).ok_json();
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
    let history = as_user(&ehr, "//Alice", &["history", "--limit", "50"]).ok_json();
    assert!(history["entries"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["action"].as_str().unwrap().starts_with("BREAK-GLASS")));

    // when the window has passed (and a block was made after it), Bob is refused again
    while now_ms() <= expires_at + 1_000 {
        std::thread::sleep(std::time::Duration::from_millis(250));
    }
    add_record(&ehr, "//Alice", "general", "after the emergency", &[]);
    view(&ehr, "//Bob", "1", &["--patient", ALICE]).fails_with(REFUSED, "NoAccess");
    as_user(
        &ehr,
        "//Eve",
        &["emergency", "release", "--patient", ALICE, "--doctor", BOB],
    )
    .fails_with(REFUSED, "EmergencyNotActive");
}
