//! The whole patient story on a real multi-node network (`scripts/network up`): the contracts
//! parachain with two collators on a local relay chain. Everything is sent through collator A
//! and waits for finality; everything is read through collator B, once B has finalized the
//! block A reported. Run by `scripts/test-network`, never by `scripts/test`.

use ehr_e2e_tests::network::Network;
use ehr_e2e_tests::{Ehr, Run, ALICE, BOB, CHARLIE, DAVE, EXIT_REFUSED};
use std::time::Duration;

/// How long collator B may take to finalize a block collator A reported final.
const CATCH_UP: Duration = Duration::from_secs(120);

/// Collator A for writes, collator B for reads, one state directory.
struct Story {
    net: Network,
    a: Ehr,
    b: Ehr,
}

impl Story {
    fn new() -> Self {
        let net = Network::running();
        let a = Ehr::at_url(net.a().url()).with_env("EHR_WAIT", "finalized");
        let b = a.through(net.b().url());
        Self { net, a, b }
    }

    /// Collator B has finalized everything collator A had finalized when this was called.
    fn b_catches_up(&self) {
        let (_, finalized) = self.net.a().heads().expect("collator A answers");
        self.net.b().wait_finalized(finalized, CATCH_UP);
    }

    /// `suri` sends `args` through collator A; the result, once it is final and B knows it.
    fn send(&self, suri: &str, args: &[&str]) -> serde_json::Value {
        let done = self.a.as_user(suri, args).ok_json();
        if let Some(inclusion) = done.get("inclusion") {
            assert_eq!(inclusion["finalized"], true, "{args:?}: {done}");
        }
        self.b_catches_up();
        done
    }

    /// `suri` runs `args` through collator B.
    fn read(&self, suri: &str, args: &[&str]) -> Run {
        self.b.as_user(suri, args)
    }
}

#[test]
fn patient_story_across_two_collators_works() {
    let story = Story::new();
    let (a, b) = (&story.a, &story.b);

    // given the contract deployed through collator A (Alice is its first registrar), Alice a
    // patient, Bob and Charlie doctors
    let contract = a.deploy();
    story.b_catches_up();
    let shown = b.run(["contract", "show", "--json"]).ok_json();
    // the same chain through the other collator: the deployment remembered for its genesis
    assert_eq!(shown["in_use"]["address"], contract, "{shown}");
    story.send("//Alice", &["patient", "register"]);
    a.register_doctor("//Bob", "Cardiology");
    a.register_doctor("//Charlie", "Emergency medicine");
    story.b_catches_up();

    // when the registrar verifies both, then collator B's directory shows Bob verified
    story.send("//Alice", &["registrar", "verify", BOB]);
    story.send("//Alice", &["registrar", "verify", CHARLIE]);
    let found = b
        .run(["doctor", "search", "--specialization", "cardio", "--json"])
        .ok_json();
    assert_eq!(
        (found[0]["doctor"].as_str(), found[0]["status"].as_str()),
        (Some(BOB), Some("verified")),
        "{found}"
    );

    // when Bob asks for read access and Alice approves it
    story.send("//Bob", &["doctor", "request", ALICE, "--kind", "read"]);
    let pending = story.read("//Alice", &["access", "requests"]).ok_json();
    assert_eq!(pending[0]["doctor"], BOB, "{pending}");
    story.send("//Alice", &["access", "approve", BOB, "--kind", "read"]);
    let grants = story.read("//Alice", &["access", "list"]).ok_json();
    assert_eq!(
        (grants[0]["doctor"].as_str(), grants[0]["kind"].as_str()),
        (Some(BOB), Some("read")),
        "{grants}"
    );

    // when Alice adds a lab result, then Bob reads it through the other collator
    let note = a.file("potassium.txt", b"K 4.1 mmol/L");
    let added = story.send("//Alice", &["record", "add", "--type", "lab", &note]);
    assert_eq!(added["record"], 1, "{added}");
    let read = story
        .read("//Bob", &["record", "view", "1", "--patient", ALICE])
        .ok_json();
    assert_eq!(read["content"]["text"], "K 4.1 mmol/L");

    // when Alice grants Bob write access and he updates the record
    story.send("//Alice", &["access", "grant", BOB, "--kind", "write"]);
    let corrected = a.file("potassium-v2.txt", b"K 4.3 mmol/L (repeat sample)");
    let updated = story.send(
        "//Bob",
        &["record", "update", "1", "--patient", ALICE, &corrected],
    );
    assert_eq!(updated["version"], 2, "{updated}");
    // then Alice reads the new version and the old one through collator B
    let v2 = story.read("//Alice", &["record", "view", "1"]).ok_json();
    assert_eq!(v2["content"]["text"], "K 4.3 mmol/L (repeat sample)");
    let v1 = story
        .read("//Alice", &["record", "view", "1", "--version", "1"])
        .ok_json();
    assert_eq!(v1["content"]["text"], "K 4.1 mmol/L");

    // when Alice makes Dave her guardian, then he reads her chart for her
    story.send("//Dave", &["patient", "register"]);
    story.send("//Alice", &["guardian", "add", DAVE, "--level", "view"]);
    let for_alice = story
        .read("//Dave", &["record", "view", "1", "--for", ALICE])
        .ok_json();
    assert_eq!(for_alice["content"]["text"], "K 4.3 mmol/L (repeat sample)");

    // when Alice opts in to emergency access with Eve and Ferdie as custodians, and Charlie
    // breaks the glass and both custodians release their shares
    a.add_custodians();
    story.b_catches_up();
    a.opt_in("//Alice", "lab", "1h").ok_json();
    a.break_glass("//Charlie", ALICE, "collapsed in the waiting room")
        .ok_json();
    a.release("//Eve", ALICE, CHARLIE).ok_json();
    a.release("//Ferdie", ALICE, CHARLIE).ok_json();
    story.b_catches_up();
    // then Charlie reads the lab record through collator B
    let emergency = story
        .read("//Charlie", &["record", "view", "1", "--patient", ALICE])
        .ok_json();
    assert_eq!(emergency["content"]["text"], "K 4.3 mmol/L (repeat sample)");

    // when Alice revokes Bob, then he is refused, through either collator
    story.send("//Alice", &["access", "revoke", BOB]);
    story
        .read("//Bob", &["record", "view", "1", "--patient", ALICE])
        .fails_with(EXIT_REFUSED, "NoAccess");
    a.as_user("//Bob", &["record", "view", "1", "--patient", ALICE])
        .fails_with(EXIT_REFUSED, "NoAccess");

    // and Alice's history, read through collator B, tells the whole story, newest first
    let actions: Vec<String> = story
        .read("//Alice", &["history", "--limit", "50"])
        .ok_json()["entries"]
        .as_array()
        .expect("history entries")
        .iter()
        .map(|e| e["action"].as_str().expect("an action").to_string())
        .collect();
    for expected in [
        "requested read",
        "approved request",
        "added record",
        "opened record",
        "granted write",
        "updated record",
        "appointed guardian",
        "emergency access on",
        "BREAK-GLASS",
        "released emergency key share",
        "revoked",
    ] {
        assert!(
            actions.iter().any(|a| a.contains(expected)),
            "no {expected:?} in {actions:?}"
        );
    }
}
