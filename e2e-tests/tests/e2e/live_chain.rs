//! What a live chain asks of the CLI, on a dev node made to behave like one: finality that
//! lags the best block, addresses in other networks' forms, accounts that cannot pay, funds
//! moved to a new account, and `ehr watch` following events through a node restart.

use ehr_e2e_tests::{Ehr, Node, ALICE, BOB, EXIT_OTHER};
use std::io::{BufRead, BufReader};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Bob's account in Polkadot's form (prefix 0): the same account, another network.
const BOB_POLKADOT: &str = "14E5nqKAp3oAJcmzgZhUD2RcptBeUBScxKHgJKU4HPNcKVf3";

#[test]
fn write_waits_for_finality_when_asked_works() {
    // given a chain whose blocks are finalized 5 s after they are sealed
    let node = Node::start_with(&["--finalize-delay-sec", "5"]);
    let ehr = Ehr::new(&node);
    ehr.deploy();

    // when Alice registers waiting for finality
    let started = Instant::now();
    let run = ehr.run([
        "patient",
        "register",
        "--suri",
        "//Alice",
        "--wait",
        "finalized",
        "--json",
    ]);
    let waited = started.elapsed();
    // then the command said it was waiting, and reports a finalized block
    let done = run.ok_json();
    assert_eq!(done["inclusion"]["finalized"], true, "{done}");
    assert!(
        waited >= Duration::from_secs(4),
        "returned after {waited:?}, before the block could be final"
    );
    let text = ehr.run([
        "doctor",
        "register",
        "--suri",
        "//Bob",
        "--wait",
        "finalized",
        "--name",
        "Dr B",
        "--specialization",
        "GP",
        "--clinic-address",
        "1 Main St",
        "--branch",
        "N",
        "--licence-number",
        "L1",
    ]);
    assert!(text.success, "{text:?}");
    assert!(text.stderr.contains("waiting for finality"), "{text:?}");
    assert!(text.stdout.contains(", finalized;"), "{text:?}");

    // and `--wait best` returns at the best block, well before finality
    let started = Instant::now();
    let best = ehr
        .run([
            "access", "grant", BOB, "--kind", "read", "--suri", "//Alice", "--wait", "best",
            "--json",
        ])
        .ok_json();
    assert_eq!(best["inclusion"]["finalized"], false, "{best}");
    assert!(
        started.elapsed() < waited,
        "best took {:?}",
        started.elapsed()
    );
}

#[test]
fn address_of_another_network_is_refused_with_the_chains_form_fails() {
    // given Alice's chart on a chain with the generic prefix (42)
    let node = Node::start();
    let ehr = Ehr::with_clinic(&node, &[("//Bob", "GP")]);
    let chart = ehr.chart("//Alice");

    // when Alice grants access to Bob's Polkadot-form address
    let run = ehr.as_user(
        "//Alice",
        &["access", "grant", BOB_POLKADOT, "--kind", "read"],
    );
    // then it is refused before anything is sent, naming Bob in the chain's own form
    run.fails_with(EXIT_OTHER, "another network (SS58 prefix 0)");
    run.fails_with(EXIT_OTHER, BOB);
    assert_eq!(ehr.chart("//Alice"), chart);

    // while the chain's own form and 0x-hex are accepted
    ehr.as_user("//Alice", &["access", "grant", BOB, "--kind", "read"])
        .ok_json();
    let bob_bytes = ehr_e2e_tests::parse_account(BOB).unwrap().0;
    let bob_hex: String = std::iter::once("0x".to_string())
        .chain(bob_bytes.iter().map(|b| format!("{b:02x}")))
        .collect();
    ehr.as_user("//Alice", &["access", "revoke", &bob_hex])
        .ok_json();
}

#[test]
fn account_without_funds_is_refused_before_signing_fails() {
    // given a new account nobody funded
    let node = Node::start();
    let ehr = Ehr::new(&node);
    ehr.deploy();
    let nobody = "//Nobody";
    let address = ehr.as_user(nobody, &["account", "fingerprint"]).ok_json()["account"]
        .as_str()
        .unwrap()
        .to_string();

    // when it registers as a patient
    let run = ehr.as_user(nobody, &["patient", "register"]);
    // then it is refused before signing: it cannot even hold the storage deposit
    run.fails_with(
        EXIT_OTHER,
        &format!("account {address} has 0 UNIT, less than the storage deposit this call needs"),
    );
    run.fails_with(EXIT_OTHER, "This transaction was not sent");

    // when it holds the deposit (0.300525 UNIT on this runtime) but not the fee and the
    // existential deposit on top
    ehr.as_user("//Alice", &["transfer", &address, "0.3032"])
        .ok_json();
    let run = ehr.as_user(nobody, &["patient", "register"]);
    // then the refusal names what it has and what the call needs, part by part
    run.fails_with(
        EXIT_OTHER,
        &format!("account {address} has 0.3032 UNIT; this needs about"),
    );
    run.fails_with(
        EXIT_OTHER,
        "+ deposit 0.300525 UNIT + 0.001 UNIT every account must keep)",
    );

    // when Alice moves it 1.5 UNIT more
    let moved = ehr
        .as_user("//Alice", &["transfer", &address, "1.5"])
        .ok_json();
    assert_eq!(moved["amount"], "1500000000000");
    assert_eq!(moved["balance"], "1803200000000");
    // then it can register, and the result says what it cost
    let registered = ehr.as_user(nobody, &["patient", "register"]).ok_json();
    let cost = &registered["inclusion"]["cost"];
    assert!(
        cost["fee"].as_str().unwrap().parse::<u128>().unwrap() > 0,
        "{cost}"
    );
    assert!(
        cost["deposit"].as_str().unwrap().parse::<u128>().unwrap() > 0,
        "{cost}"
    );
    assert_eq!(cost["token"], "UNIT");
}

#[test]
fn second_deployment_does_not_replace_the_one_in_use_works() {
    // given a deployment in use
    let node = Node::start();
    let ehr = Ehr::new(&node);
    let first = ehr.deploy();
    // when another is deployed
    let second = ehr.deploy();
    assert_ne!(first, second);
    // then commands still use the first, and both are remembered
    assert_eq!(ehr.contract_address(), first);
    let shown = ehr.run(["contract", "show", "--json"]).ok_json();
    assert_eq!(shown["in_use"]["address"], first.as_str());
    assert_eq!(shown["others"][0]["address"], second.as_str());
    // and `contract use` switches, keeping the first
    let used = ehr.run(["contract", "use", &second, "--json"]).ok_json();
    assert_eq!(used["replaced"], first.as_str());
    assert_eq!(ehr.contract_address(), second);
    // an address without a contract is refused and changes nothing
    ehr.run(["contract", "use", ALICE, "--json"])
        .fails_with(EXIT_OTHER, "there is no contract at");
    assert_eq!(ehr.contract_address(), second);
}

/// Lines `ehr watch --json` prints, as they come.
fn watch_lines(child: &mut std::process::Child) -> mpsc::Receiver<serde_json::Value> {
    let stdout = child.stdout.take().expect("watch stdout");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if let Ok(v) = serde_json::from_str(&line) {
                if tx.send(v).is_err() {
                    return;
                }
            }
        }
    });
    rx
}

/// The next event named `name`, waiting up to `within`; every event seen before it is
/// appended to `seen`.
fn next_event(
    rx: &mpsc::Receiver<serde_json::Value>,
    name: &str,
    within: Duration,
    seen: &mut Vec<serde_json::Value>,
) -> serde_json::Value {
    let deadline = Instant::now() + within;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let event = rx
            .recv_timeout(left)
            .unwrap_or_else(|_| panic!("no {name} event within {within:?}; saw {seen:?}"));
        seen.push(event.clone());
        if event["event"] == name {
            return event;
        }
    }
}

#[test]
fn watch_alerts_the_patient_and_resumes_after_a_restart_works() {
    // given Alice opted in to emergency access, Bob a verified doctor, Eve and Ferdie
    // custodians
    let mut node = Node::start();
    let ehr = Ehr::with_clinic(&node, &[("//Bob", "Emergency")]);
    ehr.as_user("//Alice", &["registrar", "verify", BOB])
        .ok_json();
    ehr.add_custodians();
    ehr.opt_in("//Alice", "cardiac", "1h").ok_json();

    // and Alice watching her chart's events (finalized blocks)
    let mut watch = ehr.spawn(["watch", "--suri", "//Alice", "--json"]);
    let rx = watch_lines(&mut watch);
    std::thread::sleep(Duration::from_secs(2));
    let mut seen = Vec::new();

    // when Bob breaks the glass
    let invoked = ehr
        .break_glass("//Bob", ALICE, "found unresponsive")
        .ok_json();
    let block = invoked["inclusion"]["block_number"].as_u64().unwrap();
    // then Alice sees the alert, from the block that carried it, with reason and expiry
    let alert = next_event(
        &rx,
        "EmergencyAccessInvoked",
        Duration::from_secs(30),
        &mut seen,
    );
    assert_eq!(alert["block"].as_u64(), Some(block), "{alert}");
    assert_eq!(alert["doctor"], BOB);
    assert_eq!(alert["reason"], "unconscious");
    assert_eq!(alert["expires_at"], invoked["expires_at"]);

    // when the node goes away and comes back, and Alice grants Bob access right after
    node.restart();
    let granted = ehr
        .as_user("//Alice", &["access", "grant", BOB, "--kind", "read"])
        .ok_json();
    let grant_block = granted["inclusion"]["block_number"].as_u64().unwrap();
    // then the watch reconnects and prints the grant, having skipped and repeated nothing
    let grant = next_event(&rx, "AccessGranted", Duration::from_secs(60), &mut seen);
    assert_eq!(grant["block"].as_u64(), Some(grant_block), "{grant}");
    let blocks: Vec<u64> = seen.iter().map(|e| e["block"].as_u64().unwrap()).collect();
    assert!(blocks.windows(2).all(|w| w[0] <= w[1]), "{blocks:?}");
    let keys: Vec<(u64, String)> = seen
        .iter()
        .map(|e| (e["block"].as_u64().unwrap(), e.to_string()))
        .collect();
    let mut unique = keys.clone();
    unique.dedup();
    assert_eq!(unique.len(), keys.len(), "a repeated event: {seen:?}");
    // and it said it lost the node and came back
    let _ = watch.kill();
    let out = watch.wait_with_output().expect("watch output");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("lost the node"), "{stderr}");
}

#[test]
fn dry_run_prices_a_command_without_sending_it_works() {
    // given Alice's chart and Bob a doctor
    let node = Node::start();
    let ehr = Ehr::with_clinic(&node, &[("//Bob", "GP")]);
    let chart = ehr.chart("//Alice");

    // when Alice asks what a grant and a record would cost
    for args in [
        vec!["access", "grant", BOB, "--kind", "read", "--dry-run"],
        vec!["record", "add", "--type", "lab", "--dry-run"],
    ] {
        let mut args = args;
        let file;
        if args[0] == "record" {
            file = ehr.file("dry.txt", b"K 4.1");
            args.push(&file);
        }
        let priced = ehr.as_user("//Alice", &args).ok_json();
        // then each says what it would cost, in planck and in the token
        assert_eq!(priced["dry_run"], true, "{priced}");
        let fee: u128 = priced["cost"]["fee"].as_str().unwrap().parse().unwrap();
        let deposit: u128 = priced["cost"]["deposit"].as_str().unwrap().parse().unwrap();
        assert!(fee > 0 && deposit > 0, "{priced}");
    }
    // and nothing changed on chain, and no upload is left half-done
    assert_eq!(ehr.chart("//Alice"), chart);
    let left = ehr.as_user("//Alice", &["record", "resume"]).ok_json();
    assert_eq!(left, serde_json::json!([]));
}
