//! Security, sharing (findings M1-M4, L3, L4, H2) through the CLI on a real node: a wrapped
//! key is never replaced and every sharing is logged; an author who lost access shares
//! nothing; a version the patient cannot open never stops the sharing of the others; a
//! re-keyed emergency key opens what was written before; opting out and in again never
//! revives an ended break-glass; a break-glass doctor lists only covered records; the patient
//! drops the keys of readers who lost access.

use ehr::{Error, RecordType};
use ehr_chain::AccountId32;
use ehr_e2e_tests::parse_account;
use ehr_e2e_tests::{
    refused, remembered_contract, signer, Ehr, Node, ALICE, BOB, CHARLIE, DAVE, EXIT_REFUSED,
};

fn id(address: &str) -> AccountId32 {
    parse_account(address).unwrap()
}

#[tokio::test]
async fn keys_are_never_replaced_and_every_sharing_is_logged_works() {
    // given Alice's record, Dave her managing guardian (sharing her record with him is logged)
    let node = Node::start();
    let ehr = Ehr::with_clinic(&node, &[("//Bob", "Cardiology"), ("//Charlie", "Oncology")]);
    ehr.add_record("//Alice", "cardiac", "echo: EF 60 %", &[]);
    ehr.as_user("//Dave", &["patient", "register"]).ok_json();
    ehr.as_user("//Alice", &["guardian", "add", DAVE, "--level", "manage"])
        .ok_json();
    let actions = ehr.history_actions("//Alice");
    assert!(
        actions.contains(&"shared the key with 1 reader(s)".to_string()),
        "{actions:?}"
    );
    let chart = ehr.chart("//Alice");
    // when Dave puts another key in place of Alice's, then the contract refuses it
    let c = remembered_contract(&ehr).await;
    let garbage = vec![(id(ALICE), vec![0u8; 85])];
    assert_eq!(
        refused(
            c.execute(&signer("//Dave"), &c.add_wraps(&id(ALICE), 1, 1, garbage))
                .await
        ),
        Error::WrapExists
    );
    // and Alice still reads her record, nothing changed
    assert_eq!(ehr.chart("//Alice"), chart);
    assert_eq!(
        ehr.view("//Alice", "1", &[]).ok_json()["content"]["text"],
        "echo: EF 60 %"
    );

    // given Charlie wrote record 2 with a write grant, which Alice then revoked
    ehr.as_user("//Alice", &["access", "grant", CHARLIE, "--kind", "write"])
        .ok_json();
    ehr.add_record(
        "//Charlie",
        "cardiac",
        "holter: normal",
        &["--patient", ALICE],
    );
    ehr.as_user("//Alice", &["access", "revoke", CHARLIE])
        .ok_json();
    // when Charlie, still the version's author, shares its key, then it is refused
    let chart = ehr.chart("//Alice");
    let wrap = vec![(id(DAVE), vec![1u8; 85])];
    assert_eq!(
        refused(
            c.execute(&signer("//Charlie"), &c.add_wraps(&id(ALICE), 2, 1, wrap))
                .await
        ),
        Error::NoAccess
    );
    assert_eq!(ehr.chart("//Alice"), chart);
}

#[tokio::test]
async fn version_the_patient_cannot_open_does_not_stop_sharing_works() {
    // given Alice's record 1, and Charlie with write access
    let node = Node::start();
    let ehr = Ehr::with_clinic(&node, &[("//Bob", "Cardiology"), ("//Charlie", "Oncology")]);
    ehr.add_record("//Alice", "lab", "Hb 14 g/dL", &[]);
    ehr.as_user("//Alice", &["access", "grant", CHARLIE, "--kind", "write"])
        .ok_json();
    let c = remembered_contract(&ehr).await;
    let charlie = signer("//Charlie");
    let body = vec![0xAB; 100];
    let hash = ehr_envelope::body_hash(&body);
    // a version without a key for the patient is refused by the contract
    let only_mine = vec![(id(CHARLIE), vec![1u8; 85])];
    assert_eq!(
        refused(
            c.execute(
                &charlie,
                &c.add_record(
                    &id(ALICE),
                    2,
                    RecordType::Imaging,
                    ehr_chain::new_version(hash, 100, body.clone(), only_mine)
                )
            )
            .await
        ),
        Error::WrapMissing
    );
    // but the contract cannot tell a key that does not open: Charlie writes record 2 with one
    let broken = vec![(id(ALICE), vec![0u8; 85]), (id(CHARLIE), vec![1u8; 85])];
    c.execute(
        &charlie,
        &c.add_record(
            &id(ALICE),
            2,
            RecordType::Imaging,
            ehr_chain::new_version(hash, 100, body, broken),
        ),
    )
    .await
    .unwrap();
    ehr.add_record("//Alice", "lab", "Hb 13.8 g/dL", &[]);

    // when Alice grants Bob read access
    let granted = ehr
        .as_user("//Alice", &["access", "grant", BOB, "--kind", "read"])
        .ok_json();
    // then the grant holds, records 1 and 3 are shared, record 2 is reported, not fatal
    let shared: Vec<u64> = granted["shared_versions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["record"].as_u64().unwrap())
        .collect();
    assert_eq!(shared, [1, 3], "{granted}");
    let failed = &granted["failed_versions"];
    assert_eq!(failed[0]["record"], 2, "{granted}");
    assert!(
        failed[0]["error"]
            .as_str()
            .unwrap()
            .contains("does not open"),
        "{granted}"
    );
    assert_eq!(
        ehr.view("//Bob", "3", &["--patient", ALICE]).ok_json()["content"]["text"],
        "Hb 13.8 g/dL"
    );
    // and an export carries on past it too
    let dir = ehr.dir().join("export");
    let exported = ehr
        .as_user("//Alice", &["record", "export", &dir.display().to_string()])
        .ok_json();
    let versions: Vec<u64> = exported["versions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["record"].as_u64().unwrap())
        .collect();
    assert_eq!(versions, [1, 3], "{exported}");
    assert_eq!(exported["skipped"][0]["record"], 2, "{exported}");
}

#[test]
fn emergency_opt_out_rekey_and_prune_work() {
    // given Alice's cardiac and dermatology records; Bob and Charlie verified doctors; Eve and
    // Ferdie registrars with keys, Alice's custodians
    let node = Node::start();
    let ehr = Ehr::with_clinic(&node, &[("//Bob", "Emergency"), ("//Charlie", "Emergency")]);
    for doctor in [BOB, CHARLIE] {
        ehr.as_user("//Alice", &["registrar", "verify", doctor])
            .ok_json();
    }
    ehr.add_custodians();
    ehr.add_record("//Alice", "cardiac", "allergy: penicillin", &[]);
    ehr.add_record("//Alice", "dermatology", "mole, left arm", &[]);
    assert_eq!(
        ehr.opt_in("//Alice", "cardiac", "1h").ok_json()["generation"],
        1
    );

    // when Bob breaks the glass, and Alice opts out and in again while his hour would still run
    ehr.break_glass("//Bob", ALICE, "found unresponsive")
        .ok_json();
    let off = ehr.as_user("//Alice", &["emergency", "disable"]).ok_json();
    assert_eq!(off["action"], "disable_emergency");
    ehr.as_user("//Alice", &["emergency", "status"])
        .fails_with(EXIT_REFUSED, "EmergencyNotEnabled");
    assert_eq!(
        ehr.opt_in("//Alice", "cardiac", "1h").ok_json()["generation"],
        2
    );
    // then his break-glass stays ended: no read, and no custodian can release to him
    ehr.view("//Bob", "1", &["--patient", ALICE])
        .fails_with(EXIT_REFUSED, "NoAccess");
    ehr.release("//Eve", ALICE, BOB).fails_with(1, "replaced");

    // when Alice re-keys once more and Charlie breaks the glass
    let rekeyed = ehr.opt_in("//Alice", "cardiac", "1h").ok_json();
    assert_eq!(rekeyed["generation"], 3);
    assert_eq!(rekeyed["shared_versions"], 1, "{rekeyed}");
    ehr.break_glass("//Charlie", ALICE, "found unresponsive")
        .ok_json();
    ehr.release("//Eve", ALICE, CHARLIE).ok_json();
    ehr.release("//Ferdie", ALICE, CHARLIE).ok_json();
    // then the newest key opens the record written before every re-key
    let read = ehr.view("//Charlie", "1", &["--patient", ALICE]).ok_json();
    assert_eq!(read["content"]["text"], "allergy: penicillin");
    // and Charlie lists only the covered record
    let listed = ehr
        .as_user("//Charlie", &["record", "list", "--patient", ALICE])
        .ok_json();
    let ids: Vec<u64> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["record"].as_u64().unwrap())
        .collect();
    assert_eq!(ids, [1]);

    // when Alice prunes, then the keys of the two replaced emergency keys go, and only they
    let pruned = ehr.as_user("//Alice", &["access", "prune"]).ok_json();
    let dropped: Vec<(String, u64)> = pruned
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["reader"].as_str().unwrap().to_string(),
                d["record"].as_u64().unwrap(),
            )
        })
        .collect();
    let old = |generation: u32| AccountId32(ehr::emergency_reader(generation)).to_string();
    assert_eq!(dropped, [(old(1), 1), (old(2), 1)], "{pruned}");
    assert_eq!(
        ehr.as_user("//Alice", &["access", "prune"]).ok_json(),
        serde_json::json!([])
    );
    let read = ehr.view("//Charlie", "1", &["--patient", ALICE]).ok_json();
    assert_eq!(read["content"]["text"], "allergy: penicillin");
}
