//! Adversarial suite, bad input: malformed addresses, odd files, broken or
//! crafted keystores and a contract address that is not ehr all end in a clean error and exit
//! code (never a panic or a hang), with nothing sent; another party's record shown on a
//! terminal never drives it.

use std::os::unix::ffi::OsStrExt;
use std::time::{Duration, Instant};

use ehr_chain::instantiate;
use ehr_e2e_tests::{proxy_wasm, signer, Ehr, Node, ALICE, BOB};

const USAGE: i32 = 2;
const OTHER: i32 = 1;

fn no_panic(run: &ehr_e2e_tests::Run) {
    assert!(
        !run.stderr.contains("panicked") && run.code.is_some(),
        "{run:?}"
    );
}

#[test]
fn bad_input_is_a_clean_error_fail() {
    // given Alice's chart and Bob a doctor
    let node = Node::start();
    let ehr = Ehr::with_clinic(&node, &[("//Bob", "Cardiology")]);
    let before = ehr.chart("//Alice");
    let grant = |who: &str| {
        ehr.run([
            "access", "grant", who, "--kind", "read", "--suri", "//Alice",
        ])
    };

    // addresses: truncated, bad checksum, another network's form of Bob, hex of wrong length
    grant("5FHneW46").fails_with(OTHER, "invalid account");
    let bad_checksum = format!("{}x", &BOB[..BOB.len() - 1]);
    grant(&bad_checksum).fails_with(OTHER, "invalid account");
    let polkadot_bob = "14E5nqKAp3oAJcmzgZhUD2RcptBeUBScxKHgJKU4HPNcKVf3";
    let run = grant(polkadot_bob);
    run.fails_with(OTHER, "another network");
    assert!(
        run.stderr.contains(BOB),
        "names Bob's usual address: {run:?}"
    );
    grant("0x1234").fails_with(OTHER, "32 bytes");

    // files: missing, a directory, empty, a non-UTF-8 name (works), unknown type (usage)
    ehr.run([
        "record",
        "add",
        "--type",
        "lab",
        "/nonexistent/x.txt",
        "--suri",
        "//Alice",
    ])
    .fails_with(OTHER, "cannot read");
    let dir = ehr.dir().display().to_string();
    let run = ehr.run(["record", "add", "--type", "lab", &dir, "--suri", "//Alice"]);
    assert_eq!(run.code, Some(OTHER), "{run:?}");
    no_panic(&run);
    let empty = ehr.file("empty.txt", b"");
    ehr.run([
        "record", "add", "--type", "lab", &empty, "--suri", "//Alice",
    ])
    .fails_with(OTHER, "is empty");
    ehr.run([
        "record", "add", "--type", "xray", &empty, "--suri", "//Alice",
    ])
    .fails_with(USAGE, "xray");
    assert_eq!(ehr.chart("//Alice"), before, "nothing was sent");
    let odd = ehr.dir().join(std::ffi::OsStr::from_bytes(b"lab-\xff.txt"));
    std::fs::write(&odd, b"K 4.1 mmol/L").unwrap();
    let run = ehr.run([
        "record".as_ref(),
        "add".as_ref(),
        "--type".as_ref(),
        "lab".as_ref(),
        odd.as_os_str(),
        "--suri".as_ref(),
        "//Alice".as_ref(),
        "--json".as_ref(),
    ]);
    no_panic(&run);
    assert!(
        run.success,
        "a non-UTF-8 file name is still a file: {run:?}"
    );

    // keystores: garbage, wrong passphrase, crafted huge scrypt cost, a directory in its place
    let keys = ehr.dir().join("keys");
    std::fs::create_dir_all(&keys).unwrap();
    std::fs::write(keys.join("junk.json"), b"{not json").unwrap();
    let pass = [("EHR_PASSPHRASE", "correct horse battery")];
    ehr.run_with(["account", "show", "--account", "junk"], &pass, "")
        .fails_with(OTHER, "junk");
    ehr.run_with(
        ["account", "import", "--name", "dave", "--json"],
        &pass,
        "//Dave\n",
    )
    .ok_json();
    ehr.run_with(
        ["account", "show", "--account", "dave"],
        &[("EHR_PASSPHRASE", "wrong passphrase")],
        "",
    )
    .fails_with(OTHER, "passphrase");
    let good = std::fs::read_to_string(keys.join("dave.json")).unwrap();
    let mut crafted: serde_json::Value = serde_json::from_str(&good).unwrap();
    let kdf = crafted
        .as_object_mut()
        .unwrap()
        .values_mut()
        .find(|v| v.get("log_n").is_some())
        .expect("the keystore names its scrypt cost");
    kdf["log_n"] = serde_json::json!(40);
    std::fs::write(keys.join("costly.json"), crafted.to_string()).unwrap();
    let started = Instant::now();
    ehr.run_with(["account", "show", "--account", "costly"], &pass, "")
        .fails_with(OTHER, "log_n");
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "a crafted cost is refused, not computed"
    );
    std::fs::create_dir_all(keys.join("folder.json")).unwrap();
    let run = ehr.run_with(["account", "show", "--account", "folder"], &pass, "");
    assert_eq!(run.code, Some(OTHER), "{run:?}");
    no_panic(&run);
    // and the listing shows every account, the broken entries flagged, none hiding another
    let run = ehr.run_with(["account", "list", "--json"], &pass, "");
    no_panic(&run);
    let listed = run.ok_json();
    let names: Vec<(&str, bool)> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|a| (a["name"].as_str().unwrap(), a["account"].is_string()))
        .collect();
    assert_eq!(
        names,
        [
            ("costly", false),
            ("dave", true),
            ("folder", false),
            ("junk", false)
        ],
        "{listed}"
    );
}

#[tokio::test]
async fn wrong_contract_address_is_refused_fail() {
    // given an ehr deployment and, next to it, a contract that is not ehr
    let node = Node::start();
    let ehr = Ehr::with_clinic(&node, &[]);
    let client = ehr_chain::Client::connect(&node.url()).await.unwrap();
    let wasm = std::fs::read(proxy_wasm()).unwrap();
    let ctor = ehr_proxy::ProxyRef::new(ink::primitives::AccountId::from([0; 32]))
        .code_hash(Default::default())
        .endowment(0)
        .salt_bytes(Vec::<u8>::new())
        .params();
    let data = parity_scale_codec::Encode::encode(ctor.exec_input());
    let other = instantiate(&client, &signer("//Alice"), &wasm, &data, b"not-ehr")
        .await
        .unwrap()
        .address
        .to_string();

    // when the CLI is pointed at it, reads and writes are refused before anything is signed
    for args in [
        vec!["patient", "show", ALICE],
        vec!["patient", "register", "--suri", "//Dave"],
        vec!["record", "list", "--suri", "//Alice"],
    ] {
        let mut args = args.clone();
        args.extend(["--contract", &other]);
        let run = ehr.run(&args);
        assert_ne!(run.code, Some(0), "{run:?}");
        no_panic(&run);
        assert!(run.stderr.contains("not an ehr contract"), "{run:?}");
    }
    // and an account that is no contract at all
    let run = ehr.run(["patient", "show", ALICE, "--contract", BOB]);
    assert!(run.stderr.contains("no contract"), "{run:?}");
    // while the right address still works
    ehr.run(["patient", "show", ALICE, "--json"]).ok_json();
}

#[test]
fn another_partys_record_never_drives_the_terminal_works() {
    // given Bob, with write access, who added to Alice's chart a text record carrying a
    // terminal title change (OSC), a screen clear (CSI) and a right-to-left override, and a
    // record of bytes that are no text
    let node = Node::start();
    let ehr = Ehr::with_clinic(&node, &[("//Bob", "Cardiology")]);
    ehr.as_user("//Alice", &["access", "grant", BOB, "--kind", "write"])
        .ok_json();
    let hostile = "ECG: sinus rhythm\u{1b}]0;pwned\u{7}\u{1b}[2J\u{202e}fdp.exe\nsecond line\n";
    let text = ehr.file("hostile.txt", hostile.as_bytes());
    ehr.as_user(
        "//Bob",
        &[
            "record",
            "add",
            "--type",
            "cardiac",
            "--media-type",
            "text/plain",
            "--patient",
            ALICE,
            &text,
        ],
    )
    .ok_json();
    let binary = ehr.file("scan.bin", b"\x00\x1b[2J\xff\xfe binary");
    ehr.as_user(
        "//Bob",
        &[
            "record",
            "add",
            "--type",
            "imaging",
            "--patient",
            ALICE,
            &binary,
        ],
    )
    .ok_json();

    // when Alice views them on a terminal (--quiet: no spinner of ehr's own on it), then the
    // text shows with its lines, every control and bidi character escaped, and the bytes are
    // not printed at all
    let view = |record: &str, raw: bool| {
        let mut args = vec!["record", "view", record, "--quiet", "--suri", "//Alice"];
        if raw {
            args.push("--raw");
        }
        ehr.run_on_terminal(&args)
    };
    let shown = view("1", false);
    assert!(shown.success, "{shown:?}");
    assert!(shown.stdout.contains("ECG: sinus rhythm"), "{shown:?}");
    assert!(shown.stdout.contains("second line"), "{shown:?}");
    assert!(shown.stdout.contains("\\u{1b}]0;pwned"), "{shown:?}");
    assert!(
        !shown.stdout.contains('\u{1b}') && !shown.stdout.contains('\u{202e}'),
        "{shown:?}"
    );
    let refused = view("2", false);
    assert_eq!(refused.code, Some(OTHER), "{refused:?}");
    assert!(refused.stdout.contains("is not text"), "{refused:?}");
    assert!(!refused.stdout.contains("binary"), "{refused:?}");
    // and with --raw, or into a pipe, the bytes are what was sealed
    let raw = view("1", true);
    assert!(raw.stdout.contains('\u{1b}'), "{raw:?}");
    let piped = ehr.run(["record", "view", "2", "--suri", "//Alice"]);
    assert!(piped.success, "{piped:?}");
}
