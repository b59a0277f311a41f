//! Faults on a real multi-node network (`scripts/network up`): collator B is killed mid-story.
//! A CLI pointed at it fails fast and says so; pointed at collator A it goes on; B restarted on
//! its own data catches up. A write sent through B just before B dies is either stored whole
//! or not at all, and the CLI never claims more than it knows; a multi-chunk upload cut off
//! mid-way and resumed through A at once ends intact. Run by `scripts/test-network`.

use ehr_e2e_tests::network::Network;
use ehr_e2e_tests::{Ehr, Run, ALICE, BOB, EXIT_NODE};
use std::io::{BufRead, BufReader};
use std::process::Child;
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// How long one node may take to finalize what another reported final (and B to catch up).
const CATCH_UP: Duration = Duration::from_secs(180);

/// Bounds a CLI run that must fail at once: a guard against a hang, not a speed target.
const FAIL_FAST: Duration = Duration::from_secs(20);

/// The records in Alice's chart, through `ehr`.
fn record_count(ehr: &Ehr) -> usize {
    ehr.as_user("//Alice", &["record", "list"])
        .ok_json()
        .as_array()
        .expect("a record list")
        .len()
}

/// How often Alice's history says a record was added.
fn adds_in_history(ehr: &Ehr) -> usize {
    ehr.history_actions("//Alice")
        .iter()
        .filter(|a| *a == "added record")
        .count()
}

/// Waits for the `nth` (1-based) line of `child`'s stderr containing `marker` (the lines read
/// so far are returned with the rest once it ends), then calls `at_marker`.
fn on_stderr_line(
    child: &mut Child,
    (marker, nth): (&str, usize),
    at_marker: impl FnOnce(),
) -> Vec<String> {
    let stderr = child.stderr.take().expect("piped stderr");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let mut lines = Vec::new();
    let mut at_marker = Some(at_marker);
    let started = Instant::now();
    let mut seen = 0;
    while let Ok(line) = rx.recv_timeout(CATCH_UP) {
        seen += usize::from(line.contains(marker));
        let hit = seen == nth && line.contains(marker);
        lines.push(line);
        if hit {
            if let Some(f) = at_marker.take() {
                f();
            }
        }
    }
    assert!(
        at_marker.is_none(),
        "no {marker:?} on stderr within {:?}: {lines:?}",
        started.elapsed()
    );
    lines
}

/// Sends `text` as a record through `ehr` (collator B) and kills B when the CLI's stderr shows
/// `marker`; then checks, through collator A, that the record is stored whole or not at all and
/// that the CLI, if it failed, said one of `said` (no more than it knew). Returns whether it
/// was stored.
fn write_as_b_dies(
    net: &Network,
    (a, b): (&Ehr, &Ehr),
    text: &str,
    marker: &str,
    said: &[&str],
) -> bool {
    let before = record_count(a);
    let adds_before = adds_in_history(a);
    let file = b.file(&format!("dying-{}.txt", text.len()), text.as_bytes());
    // text, not --json: the progress lines it watches for are notes, which --json leaves out
    let mut child = b.spawn(["record", "add", "--type", "lab", &file, "--suri", "//Alice"]);
    let mut stopped = None;
    let stderr = on_stderr_line(&mut child, (marker, 1), || stopped = Some(net.b().kill()));
    let output = child.wait_with_output().expect("the CLI ends");
    let run = Run {
        stderr: stderr.join("\n"),
        ..Run::from(output)
    };
    eprintln!("write as collator B died at {marker:?}: {run:?}");

    // Everything A had in its pool or best chain is settled once A finalizes a few more blocks.
    let (best, _) = net.a().heads().expect("collator A answers");
    net.a().wait_finalized(best + 3, CATCH_UP);
    let after = record_count(a);
    let stored = after == before + 1;
    assert!(
        after == before || stored,
        "{before} records before, {after} after"
    );
    if run.success {
        assert!(
            stored,
            "the CLI said the record was added, and it is not there: {run:?}"
        );
    } else {
        // a node failure, which says whether anything may have been sent
        assert_eq!(run.code, Some(EXIT_NODE), "{run:?}");
        let output = format!("{}{}", run.stdout, run.stderr);
        assert!(
            said.iter().any(|s| output.contains(s)),
            "the CLI must say one of {said:?}: {run:?}"
        );
        // and `ehr record resume` through collator A settles it either way, never twice
        let resumed = a.as_user("//Alice", &["record", "resume"]).ok_json();
        eprintln!("resumed through collator A: {resumed}");
    }
    let count = record_count(a);
    assert!(count == before || count == before + 1, "{count} records");
    assert_eq!(
        adds_in_history(a),
        adds_before + (count - before),
        "one history entry per stored record"
    );
    if count == before + 1 {
        // whole: Alice and Bob (who holds a grant) read exactly what was sent
        let record = count.to_string();
        let own = a.as_user("//Alice", &["record", "view", &record]).ok_json();
        assert_eq!(own["content"]["text"], text);
        let bob = a
            .as_user("//Bob", &["record", "view", &record, "--patient", ALICE])
            .ok_json();
        assert_eq!(bob["content"]["text"], text);
    }
    // B comes back on its own data and catches up with A
    let b_again = stopped.expect("B was killed").restart();
    let (_, finalized) = net.a().heads().expect("collator A answers");
    b_again.wait_finalized(finalized, CATCH_UP);
    count == before + 1
}

#[test]
fn collator_killed_mid_story_works() {
    // given the contract deployed through collator A, Alice's chart with a record Bob may read,
    // read through collator B
    let net = Network::running();
    let a = Ehr::at_url(net.a().url()).with_env("EHR_WAIT", "finalized");
    let b = a.through(net.b().url());
    a.deploy();
    a.as_user("//Alice", &["patient", "register"]).ok_json();
    a.register_doctor("//Bob", "Cardiology");
    a.as_user("//Alice", &["access", "grant", BOB, "--kind", "read"])
        .ok_json();
    a.add_record("//Alice", "lab", "Na 140 mmol/L", &[]);
    let (_, finalized) = net.a().heads().unwrap();
    net.b().wait_finalized(finalized, CATCH_UP);
    let first = b.view("//Bob", "1", &["--patient", ALICE]).ok_json();
    assert_eq!(first["content"]["text"], "Na 140 mmol/L");

    // when collator B is killed
    let stopped = net.b().kill();
    // then a CLI pointed at B fails at once with the node's exit code and says what to do
    let started = Instant::now();
    let refused = b.view("//Bob", "1", &["--patient", ALICE]);
    let took = started.elapsed();
    refused.fails_with(EXIT_NODE, "cannot reach a node at ws://127.0.0.1");
    refused.fails_with(EXIT_NODE, "--url");
    assert!(took < FAIL_FAST, "took {took:?} to fail");
    eprintln!("a read through the dead collator failed in {took:?}");
    let write = b.file("while-down.txt", b"never sent");
    b.as_user("//Alice", &["record", "add", "--type", "lab", &write])
        .fails_with(EXIT_NODE, "cannot reach a node");
    // and pointed at collator A it works: the parachain goes on with one collator
    let read = b
        .through(net.a().url())
        .view("//Bob", "1", &["--patient", ALICE])
        .ok_json();
    assert_eq!(read["content"]["text"], "Na 140 mmol/L");
    a.add_record("//Alice", "lab", "Cl 101 mmol/L (while B was down)", &[]);
    assert_eq!(
        record_count(&a),
        2,
        "the refused write through B stored nothing"
    );

    // when B starts again on its own data, then it catches up with what A finalized meanwhile
    let restarted = Instant::now();
    let b_again = stopped.restart();
    let (_, finalized) = net.a().heads().unwrap();
    b_again.wait_finalized(finalized, CATCH_UP);
    eprintln!(
        "collator B caught up to #{finalized} {:?} after its restart",
        restarted.elapsed()
    );
    let caught = b.view("//Bob", "2", &["--patient", ALICE]).ok_json();
    assert_eq!(
        caught["content"]["text"],
        "Cl 101 mmol/L (while B was down)"
    );

    // when B dies just after a write was signed and handed to it, and again once the write is
    // in a best block, then each write is stored whole or not at all
    let b_timed = b.through(b.url().to_string()).with_env("EHR_TIMINGS", "1");
    // (killed just before or just after the transaction reached B: not sent, or not known)
    let sent = write_as_b_dies(
        &net,
        (&a, &b_timed),
        "glucose 5.4 mmol/L (sent as B died)",
        "timing: fee and balance check",
        &["is not complete on chain", "may or may not be stored"],
    );
    // (in a best block that may or may not be finalized: not known)
    let in_block = write_as_b_dies(
        &net,
        (&a, &b),
        "HbA1c 41 mmol/mol (in a block as B died)",
        "waiting for finality",
        &["may or may not be stored"],
    );
    eprintln!("stored: sent as B died {sent}, in a block as B died {in_block}");

    // when B dies in the middle of a multi-chunk upload, while its third transaction (the
    // last chunk) is being sent, and the upload is resumed through A at once (A's best block
    // may lack a chunk B had passed on, which may land meanwhile), then it ends intact
    multi_chunk_upload_resumed_at_once(&net, (&a, &b_timed));
}

/// Uploads a 3-chunk record through collator B (`b`, with timings on), kills B as the last
/// chunk is sent, resumes through A (`a`) at once and again until it says completed, and
/// checks the record reads back whole, with one history entry.
fn multi_chunk_upload_resumed_at_once(net: &Network, (a, b): (&Ehr, &Ehr)) {
    let before = record_count(a);
    let text: String = (0..40_000)
        .map(|i| char::from(b'a' + (i % 26) as u8))
        .collect();
    let file = b.file("dying-multi-chunk.txt", text.as_bytes());
    let mut child = b.spawn(["record", "add", "--type", "lab", &file, "--suri", "//Alice"]);
    let mut stopped = None;
    let stderr = on_stderr_line(&mut child, ("timing: fee and balance check", 3), || {
        stopped = Some(net.b().kill())
    });
    let output = child.wait_with_output().expect("the CLI ends");
    let run = Run {
        stderr: stderr.join("\n"),
        ..Run::from(output)
    };
    eprintln!("multi-chunk upload as collator B died: {run:?}");
    if !run.success {
        assert_eq!(run.code, Some(EXIT_NODE), "{run:?}");
        // a resume may meet a chunk that landed meanwhile (refused, never stored twice): it
        // then says to resume again, and the next one goes on from where the chain stands
        let mut completed = false;
        for attempt in 1..=4 {
            let resumed = a.as_user("//Alice", &["record", "resume"]);
            eprintln!("resume {attempt} through collator A: {resumed:?}");
            if resumed.success {
                let json: serde_json::Value =
                    serde_json::from_str(&resumed.stdout).expect("resume's JSON");
                let outcomes = json.to_string();
                assert!(!outcomes.contains("abandoned"), "{outcomes}");
                completed = true;
                break;
            }
            std::thread::sleep(Duration::from_secs(6));
        }
        assert!(completed, "the upload was never completed by a resume");
    }
    assert_eq!(record_count(a), before + 1);
    let record = (before + 1).to_string();
    let own = a.as_user("//Alice", &["record", "view", &record]).ok_json();
    assert_eq!(own["content"]["text"], text.as_str());
    assert_eq!(
        a.as_user("//Alice", &["record", "resume"]).ok_json(),
        serde_json::json!([]),
        "nothing is left pending"
    );
    let b_again = stopped.expect("B was killed").restart();
    let (_, finalized) = net.a().heads().expect("collator A answers");
    b_again.wait_finalized(finalized, CATCH_UP);
}
