//! Adversarial suite, faults: the node dies in the middle of a multi-chunk
//! upload and comes back with its chain, and two CLIs sign for the same account at once. No
//! write is lost, nothing half-written is ever readable.

use std::time::{Duration, Instant};

use ehr::limits::MAX_CHUNK_BYTES;
use ehr_chain::{Client, EhrContract};
use ehr_e2e_tests::{address_of, fund_blocking, signer, Ehr, Node, Run, BOB};

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
        ehr_chain::AddressFormat::default()
            .parse(&ehr.contract_address())
            .unwrap(),
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

/// CLIs started at once in a round, and rounds tried until two of them really raced: whether
/// two processes reach the chain within the same few milliseconds is up to the scheduler, so
/// the test repeats until it has seen the race it is about (and fails if it never does).
const RACERS: usize = 4;
const RACE_ROUNDS: usize = 10;

#[test]
fn two_clis_for_one_account_at_once_work() {
    // given Alice's chart and doctors to grant to
    let node = Node::start();
    let doctors: Vec<String> = (0..RACERS).map(|i| format!("//Doctor{i}")).collect();
    let ehr = Ehr::with_clinic(&node, &[]);
    for d in &doctors {
        fund_blocking(ehr.url(), d);
        ehr.register_doctor(d, "Cardiology");
    }

    // when CLIs grant for Alice at the same moment (a new kind each round), until two take the
    // same nonce (the loser signs again: `attempts` > 1)
    let mut raced = false;
    for round in 0..RACE_ROUNDS {
        let kind = ["read", "write"][round % 2];
        let grants: Vec<_> = doctors
            .iter()
            .map(|suri| {
                let doctor = address_of(suri);
                ehr.spawn([
                    "access", "grant", &doctor, "--kind", kind, "--suri", "//Alice", "--json",
                ])
            })
            .collect();
        // then all land, whichever signed first
        for child in grants {
            let done = Run::from(child.wait_with_output().unwrap()).ok_json();
            raced |= done["inclusion"]["attempts"].as_u64() > Some(1);
        }
        if raced {
            eprintln!("grants took the same nonce in round {round}");
            break;
        }
    }
    assert!(
        raced,
        "in {RACE_ROUNDS} rounds of {RACERS} grants at once, no two took the same nonce"
    );

    // when CLIs add a record for Alice at once, until two aim at the same record id
    let mut texts = Vec::new();
    let mut raced = false;
    for round in 0..RACE_ROUNDS {
        let adds: Vec<_> = (0..RACERS)
            .map(|i| {
                let text = format!("round {round}, writer {i}: K 4.{i} mmol/L");
                let path = ehr.file(&format!("r{round}-{i}.txt"), text.as_bytes());
                texts.push(text);
                (
                    path.clone(),
                    ehr.spawn([
                        "record", "add", "--type", "lab", &path, "--suri", "//Alice", "--json",
                    ]),
                )
            })
            .collect();
        // then every one lands: one takes the id, and each that aimed at a taken id seals its
        // file again for the next id and sends it again (`id_attempts` > 1)
        for (_path, child) in adds {
            let done = Run::from(child.wait_with_output().unwrap()).ok_json();
            raced |= done["id_attempts"].as_u64() > Some(1);
        }
        if raced {
            eprintln!("adds aimed at the same record id in round {round}");
            break;
        }
    }
    assert!(
        raced,
        "in {RACE_ROUNDS} rounds of {RACERS} adds at once, no two aimed at the same record id"
    );

    // and the chart holds every record, each readable, none lost or mixed up
    let records = ehr
        .run(["record", "list", "--suri", "//Alice", "--json"])
        .ok_json();
    let count = records.as_array().unwrap().len();
    assert_eq!(count, texts.len());
    let mut read: Vec<String> = (1..=count)
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
    texts.sort();
    assert_eq!(read, texts);
    // and no journal entry is left behind by the refused attempt
    let left = ehr
        .run(["record", "resume", "--suri", "//Alice", "--json"])
        .ok_json();
    assert_eq!(left, serde_json::json!([]));
}
