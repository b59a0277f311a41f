//! The record story through the CLI on a real node: records are encrypted before they
//! leave the machine, readable by exactly the accounts with access, every doctor read is on the
//! patient's log, and refusals come back as clear errors with the refusal exit code.

use ehr_e2e_tests::{Ehr, Node, ALICE, BOB, CHARLIE};

/// Exit code of a contract refusal.
const REFUSED: i32 = 3;

/// Writes `bytes` to a file in the CLI's directory and returns its path.
fn file(ehr: &Ehr, name: &str, bytes: &[u8]) -> String {
    let path = ehr.dir().join(name);
    std::fs::write(&path, bytes).unwrap();
    path.display().to_string()
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

fn text_of(run: &ehr_e2e_tests::Run) -> String {
    run.ok_json()["content"]["text"]
        .as_str()
        .expect("text content")
        .to_string()
}

#[test]
fn seed_record_story_through_the_cli_works() {
    // given Alice a patient, Bob a verified doctor who asked for read access and got it
    let node = Node::start();
    let ehr = Ehr::with_clinic(
        &node,
        &[("//Bob", "Cardiology"), ("//Charlie", "Dermatology")],
    );
    ehr.run(["registrar", "verify", BOB, "--suri", "//Alice", "--json"])
        .ok_json();
    ehr.run([
        "doctor", "request", ALICE, "--kind", "read", "--suri", "//Bob", "--json",
    ])
    .ok_json();
    ehr.run(["access", "approve", BOB, "--suri", "//Alice", "--json"])
        .ok_json();

    // when Alice adds a Cardiac record
    let ecg = "ECG 2026-11-24: sinus rhythm, 64 bpm";
    let added = ehr
        .run([
            "record",
            "add",
            "--type",
            "cardiac",
            &file(&ehr, "ecg.txt", ecg.as_bytes()),
            "--suri",
            "//Alice",
            "--json",
        ])
        .ok_json();
    // then it is record 1, wrapped for her and for Bob (whose grant covers it)
    assert_eq!(added["record"], 1);
    assert_eq!(added["version"], 1);
    assert_eq!(added["type"], "cardiac");
    assert_eq!(added["readers"], serde_json::json!([ALICE, BOB]));

    // and Bob reads it: the audited read is logged, the text comes back
    let read = view(&ehr, "//Bob", "1");
    assert_eq!(text_of(&read), ecg);
    assert!(read.ok_json()["audit"]["block_number"].as_u64().is_some());
    // and its stored ciphertext matches its hash
    let verified = ehr
        .run([
            "record",
            "verify",
            "1",
            "--patient",
            ALICE,
            "--suri",
            "//Bob",
            "--json",
        ])
        .ok_json();
    assert_eq!(verified["intact"], true);

    // when Alice grants Bob write, he adds a Lab record to her chart (several chunks long)
    ehr.run([
        "access", "grant", BOB, "--kind", "write", "--suri", "//Alice", "--json",
    ])
    .ok_json();
    let lab: String = (0..4000)
        .map(|i| format!("HbA1c sample {i}: 5.{}%\n", i % 10))
        .collect();
    assert!(lab.len() > 3 * 14 * 1024, "spans several chunks");
    let added = ehr
        .run([
            "record",
            "add",
            "--type",
            "lab",
            "--patient",
            ALICE,
            &file(&ehr, "lab.txt", lab.as_bytes()),
            "--suri",
            "//Bob",
            "--json",
        ])
        .ok_json();
    assert_eq!(added["record"], 2);
    assert!(added["transactions"].as_u64().unwrap() > 1);
    // then Alice reads it (no audit entry for her own reads) and lists both records
    let own = view(&ehr, "//Alice", "2");
    assert_eq!(text_of(&own), lab);
    assert!(own.ok_json()["audit"].is_null());
    let list = ehr
        .run(["record", "list", "--suri", "//Alice", "--json"])
        .ok_json();
    let types: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["type"].as_str().unwrap())
        .collect();
    assert_eq!(types, ["cardiac", "lab"]);
    assert_eq!(list[1]["author"], BOB);

    // when Bob updates the ECG, a second version exists and the first stays readable
    ehr.run([
        "record",
        "update",
        "1",
        "--patient",
        ALICE,
        &file(&ehr, "ecg2.txt", b"ECG: corrected"),
        "--suri",
        "//Bob",
        "--json",
    ])
    .ok_json();
    assert_eq!(text_of(&view(&ehr, "//Alice", "1")), "ECG: corrected");
    let first = ehr.run([
        "record",
        "view",
        "1",
        "--version",
        "1",
        "--suri",
        "//Alice",
        "--json",
    ]);
    assert_eq!(text_of(&first), ecg);

    // when Alice grants Charlie read access later, he can read the records added before
    ehr.run([
        "access", "grant", CHARLIE, "--kind", "read", "--suri", "//Alice", "--json",
    ])
    .ok_json();
    assert_eq!(text_of(&view(&ehr, "//Charlie", "2")), lab);
    // and a version Bob writes afterwards reaches Charlie after `access sync`
    ehr.run([
        "record",
        "update",
        "2",
        "--patient",
        ALICE,
        &file(&ehr, "lab2.txt", b"HbA1c 5.4%"),
        "--suri",
        "//Bob",
        "--json",
    ])
    .ok_json();
    view(&ehr, "//Charlie", "2").fails_with(REFUSED, "WrapNotFound");
    let synced = ehr
        .run(["access", "sync", "--suri", "//Alice", "--json"])
        .ok_json();
    assert_eq!(
        synced["shared_versions"],
        serde_json::json!([{ "reader": CHARLIE, "record": 2, "version": 2 }])
    );
    assert_eq!(text_of(&view(&ehr, "//Charlie", "2")), "HbA1c 5.4%");

    // when Alice exports her chart, every version is there, decrypted, with its hash
    let out_dir = ehr.dir().join("export");
    let export = ehr
        .run([
            "record",
            "export",
            out_dir.to_str().unwrap(),
            "--suri",
            "//Alice",
            "--json",
        ])
        .ok_json();
    let versions = export["versions"].as_array().unwrap();
    assert_eq!(versions.len(), 4, "two records, two versions each");
    let first = &versions[0];
    assert_eq!(
        (first["record"].as_u64(), first["version"].as_u64()),
        (Some(1), Some(1))
    );
    let exported = std::fs::read_to_string(out_dir.join(first["file"].as_str().unwrap())).unwrap();
    assert_eq!(exported, ecg);
    assert!(out_dir.join("manifest.json").is_file());

    // when Alice revokes Bob, he is refused
    ehr.run(["access", "revoke", BOB, "--suri", "//Alice", "--json"])
        .ok_json();
    view(&ehr, "//Bob", "1").fails_with(REFUSED, "NoAccess");

    // then the history shows every doctor read, newest first
    let history = ehr
        .run(["history", "--suri", "//Alice", "--json", "--limit", "50"])
        .ok_json();
    let opened: Vec<(String, u64)> = history["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "opened record")
        .map(|e| {
            (
                e["actor"].as_str().unwrap().to_string(),
                e["record"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        opened,
        [
            (CHARLIE.to_string(), 2),
            (CHARLIE.to_string(), 2),
            (BOB.to_string(), 1)
        ]
    );
}

#[test]
fn record_refusals_through_the_cli_fail() {
    let node = Node::start();
    let ehr = Ehr::with_clinic(&node, &[("//Bob", "Cardiology")]);
    let note = file(&ehr, "note.txt", b"private note");
    ehr.run([
        "record", "add", "--type", "other", &note, "--suri", "//Alice", "--json",
    ])
    .ok_json();

    // a doctor without a grant can neither read nor write the chart
    view(&ehr, "//Bob", "1").fails_with(REFUSED, "NoAccess");
    ehr.run([
        "record",
        "add",
        "--type",
        "lab",
        "--patient",
        ALICE,
        &note,
        "--suri",
        "//Bob",
    ])
    .fails_with(REFUSED, "NoAccess");
    // a read grant does not allow writing
    ehr.run([
        "access", "grant", BOB, "--kind", "read", "--suri", "//Alice", "--json",
    ])
    .ok_json();
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
    // only the patient erases
    ehr.run(["record", "erase", "1", "--version", "1", "--suri", "//Bob"])
        .fails_with(REFUSED, "RecordNotFound");

    // a file over the cap, a missing file and an unknown type are refused before anything is sent
    let big = file(&ehr, "big.bin", &vec![0u8; 4 * 1024 * 1024]);
    ehr.run([
        "record", "add", "--type", "imaging", &big, "--suri", "//Alice",
    ])
    .fails_with(1, "Nothing was sent");
    ehr.run([
        "record",
        "add",
        "--type",
        "imaging",
        "/nonexistent/x.pdf",
        "--suri",
        "//Alice",
    ])
    .fails_with(1, "cannot read /nonexistent/x.pdf");
    ehr.run([
        "record", "add", "--type", "xray", &note, "--suri", "//Alice",
    ])
    .fails_with(2, "invalid value 'xray'");
    // registered, added, granted (and the record's key shared with the grant): nothing else
    // reached the log
    let actions = ehr.history_actions("//Alice");
    assert_eq!(
        actions,
        [
            "shared the key with 1 reader(s)",
            "granted read on chart",
            "added record",
            "registered"
        ]
    );

    // when Alice erases the version, nobody can read it any more, and verify says so
    ehr.run([
        "record",
        "erase",
        "1",
        "--version",
        "1",
        "--suri",
        "//Alice",
        "--json",
    ])
    .ok_json();
    let erased = ehr.run(["record", "view", "1", "--suri", "//Alice"]);
    assert!(!erased.success);
    assert!(erased.stderr.contains("erased"), "{erased:?}");
}
