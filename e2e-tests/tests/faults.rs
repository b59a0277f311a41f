//! Adversarial suite, faults (issue cases 15-17): the node dies in the middle of a multi-chunk
//! upload and comes back with its chain, and two CLIs sign for the same account at once. No
//! write is lost, nothing half-written is ever readable.

use std::time::{Duration, Instant};

use ehr::limits::MAX_CHUNK_BYTES;
use ehr_chain::{Client, EhrContract};
use ehr_e2e_tests::{signer, Ehr, Node, Run, BOB, CHARLIE};

const NODE: i32 = 4;
const OTHER: i32 = 1;
const REFUSED: i32 = 3;

/// Bytes that differ from chunk to chunk, so a chunk out of place could not go unnoticed.
fn pattern(len: usize) -> Vec<u8> {
    (0..len)
        .map(|i| (i % 251) as u8 ^ (i / 4096) as u8)
        .collect()
}

#[tokio::test]
async fn node_stopped_mid_upload_then_resumed_works() {
    // given Alice's chart with record 1, and Bob reading it
    let mut node = Node::start();
    let ehr = Ehr::with_clinic(&node, &[("//Bob", "Cardiology")]);
    ehr.run([
        "access", "grant", BOB, "--kind", "read", "--suri", "//Alice", "--json",
    ])
    .ok_json();
    let note = ehr.file("note.txt", b"BP 120/80");
    ehr.run([
        "record", "add", "--type", "general", &note, "--suri", "//Alice", "--json",
    ])
    .ok_json();
    let before = ehr.chart("//Alice");

    // when a 2 MiB record is being uploaded and the node is killed after a few chunks
    let big = pattern(2 * 1024 * 1024);
    let big_path = ehr.file("scan.bin", &big);
    let upload = ehr.spawn([
        "record", "add", "--type", "imaging", &big_path, "--suri", "//Alice",
    ]);
    let alice = signer("//Alice").account_id();
    let client = Client::connect(&node.url()).await.unwrap();
    let contract = EhrContract::at(
        client,
        ehr_chain::parse_account(&ehr.contract_address()).unwrap(),
    );
    let started = Instant::now();
    loop {
        let stored = match contract
            .query(&alice, &contract.version(&alice, 2, 1))
            .await
        {
            Ok(Ok(v)) => v.bytes_stored,
            _ => 0,
        };
        if stored >= 3 * MAX_CHUNK_BYTES {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "the upload did not start"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    node.kill();
    let cut = Run::from(upload.wait_with_output().unwrap());

    // then the CLI says what happened and what to do, with the node's exit code
    cut.fails_with(NODE, "ehr record resume");
    assert!(cut.stderr.contains("not complete"), "{cut:?}");

    // when the node comes back on the same chain data
    node.restart();
    // then what was there is still there and verifies (case 16)
    ehr.run(["record", "verify", "1", "--suri", "//Alice", "--json"])
        .ok_json();
    let after = ehr.chart("//Alice");
    assert_eq!(after["grants"], before["grants"]);
    assert_eq!(
        after["history"]["total"].as_u64().unwrap(),
        before["history"]["total"].as_u64().unwrap() + 1,
        "one more entry: the record being added"
    );
    // and the half-written version cannot be read by anyone
    ehr.run(["record", "view", "2", "--suri", "//Alice"])
        .fails_with(OTHER, "still being uploaded");
    let alice_s = ehr_e2e_tests::ALICE;
    ehr.run([
        "record",
        "view",
        "2",
        "--patient",
        alice_s,
        "--suri",
        "//Bob",
    ])
    .fails_with(REFUSED, "VersionIncomplete");

    // when Alice resumes
    let resumed = ehr
        .run(["record", "resume", "--suri", "//Alice", "--json"])
        .ok_json();
    assert_eq!(resumed[0]["record"], 2);
    assert_eq!(resumed[0]["outcome"], "completed");
    // then the record reads back exactly, for her and for Bob
    let out = ehr.dir().join("scan.out");
    ehr.run([
        "record".as_ref(),
        "view".as_ref(),
        "2".as_ref(),
        "--suri".as_ref(),
        "//Alice".as_ref(),
        "--out".as_ref(),
        out.as_os_str(),
    ]);
    assert_eq!(std::fs::read(&out).unwrap(), big);
    ehr.run(["record", "verify", "2", "--suri", "//Alice", "--json"])
        .ok_json();
    ehr.run([
        "record",
        "view",
        "2",
        "--patient",
        alice_s,
        "--suri",
        "//Bob",
        "--json",
    ])
    .ok_json();
    // and there is nothing left to resume
    let again = ehr
        .run(["record", "resume", "--suri", "//Alice", "--json"])
        .ok_json();
    assert_eq!(again, serde_json::json!([]));
}

#[test]
fn two_clis_for_one_account_at_once_work() {
    // given Alice's chart and two doctors
    let node = Node::start();
    let ehr = Ehr::with_clinic(
        &node,
        &[("//Bob", "Cardiology"), ("//Charlie", "Dermatology")],
    );

    // when two CLIs grant for Alice at the same moment (same nonce at first)
    let grants: Vec<_> = [BOB, CHARLIE]
        .map(|doctor| {
            ehr.spawn([
                "access", "grant", doctor, "--kind", "read", "--suri", "//Alice", "--json",
            ])
        })
        .into_iter()
        .collect();
    // then both land: the loser of the nonce race signs again
    for child in grants {
        Run::from(child.wait_with_output().unwrap()).ok_json();
    }
    let listed = ehr
        .run(["access", "list", "--suri", "//Alice", "--json"])
        .ok_json();
    assert_eq!(listed.as_array().unwrap().len(), 2);

    // when two CLIs add a record for Alice at once (both aim at record id 1)
    let texts = ["first: K 4.1 mmol/L", "second: Na 140 mmol/L"];
    let adds: Vec<_> = texts
        .iter()
        .enumerate()
        .map(|(i, text)| {
            let path = ehr.file(&format!("r{i}.txt"), text.as_bytes());
            ehr.spawn([
                "record", "add", "--type", "lab", &path, "--suri", "//Alice", "--json",
            ])
        })
        .collect();
    let runs: Vec<Run> = adds
        .into_iter()
        .map(|c| Run::from(c.wait_with_output().unwrap()))
        .collect();
    eprintln!(
        "concurrent adds exited with {:?}",
        runs.iter().map(|r| r.code).collect::<Vec<_>>()
    );
    // then each landed, or was refused cleanly (nothing stored) and lands when run again
    for (i, run) in runs.iter().enumerate() {
        if !run.success {
            run.fails_with(REFUSED, "NotNextId");
            let path = ehr.dir().join(format!("r{i}.txt")).display().to_string();
            ehr.run([
                "record", "add", "--type", "lab", &path, "--suri", "//Alice", "--json",
            ])
            .ok_json();
        }
    }
    // and the chart holds both, each readable, none lost or mixed up
    let mut read: Vec<String> = (1..=2)
        .map(|r| {
            ehr.run([
                "record",
                "view",
                &r.to_string(),
                "--suri",
                "//Alice",
                "--json",
            ])
            .ok_json()["content"]["text"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    read.sort();
    assert_eq!(read, texts);
    let records = ehr
        .run(["record", "list", "--suri", "//Alice", "--json"])
        .ok_json();
    assert_eq!(records.as_array().unwrap().len(), 2);
    // and no journal entry is left behind by the refused attempt
    let left = ehr
        .run(["record", "resume", "--suri", "//Alice", "--json"])
        .ok_json();
    assert_eq!(left, serde_json::json!([]));
}
