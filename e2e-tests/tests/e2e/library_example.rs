//! The library's own example (`crates/client/examples/add_and_read.rs`) against a real node: a
//! record added and read back through `ehr-client` alone, without the CLI.

use ehr_e2e_tests::{contract_wasm, example_binary, Node};
use std::process::Command;

#[test]
fn the_library_example_adds_and_reads_a_record_works() {
    // given a dev node
    let node = Node::start();
    // when the example runs against it
    let out = Command::new(example_binary("add_and_read"))
        .arg(node.url())
        .arg(contract_wasm())
        .output()
        .expect("run the example");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    // then it added the record, sealed for the patient, and read back what it sealed
    assert!(out.status.success(), "{stdout}\n{stderr}");
    assert!(
        stdout.contains("added record 1 v1") && stdout.contains("readable by 1 account(s)"),
        "{stdout}"
    );
    assert!(
        stdout.contains("read back record 1 v1: Observation") && stdout.contains("as sealed"),
        "{stdout}"
    );
}
