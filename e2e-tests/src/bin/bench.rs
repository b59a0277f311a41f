//! `scripts/bench`: starts its own dev node, deploys ehr and the ERC-20 yardstick, runs every
//! measurement, writes the results as JSON and regenerates the tables of
//! BENCHMARKS.md (between its `bench:begin`/`bench:end` markers).
//!
//! `cargo run --release -p ehr-e2e-tests --bin bench -- [--quick] [--network] [--json FILE] [--markdown FILE]`
//!
//! `--network` measures the multi-node network of `scripts/network up` instead (block times,
//! waits for a block and for finality, pipelined records), into `bench-network-results.json`
//! and the network section of BENCHMARKS.md.
//! (scripts/bench builds what it needs first and runs the criterion bench it reads).

#[path = "../bench/mod.rs"]
mod bench;

use bench::chain::{funded, limits, Rpc};
use bench::latency::Tools;
use bench::{Results, Sizes};
use ehr_e2e_tests::{deploy_contract, Node};
use std::path::PathBuf;
use std::time::Instant;

/// Command-line options.
struct Options {
    quick: bool,
    network: bool,
    json: PathBuf,
    markdown: PathBuf,
    criterion: PathBuf,
}

fn options() -> Options {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root")
        .to_path_buf();
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"));
    let mut o = Options {
        quick: false,
        network: false,
        json: root.join("bench-results.json"),
        markdown: root.join("BENCHMARKS.md"),
        criterion: target.join("criterion"),
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--quick" => o.quick = true,
            "--network" => {
                o.network = true;
                o.json = root.join("bench-network-results.json");
            }
            "--json" => o.json = args.next().expect("--json FILE").into(),
            "--markdown" => o.markdown = args.next().expect("--markdown FILE").into(),
            "--criterion" => o.criterion = args.next().expect("--criterion DIR").into(),
            other => panic!("unknown option {other}; use --quick, --network, --json FILE, --markdown FILE, --criterion DIR"),
        }
    }
    o
}

fn step(name: &str, started: Instant) {
    eprintln!("==> {name} (at {:.0} s)", started.elapsed().as_secs_f64());
}

#[tokio::main]
async fn main() {
    let o = options();
    if o.network {
        return network(&o).await;
    }
    let sizes = if o.quick { Sizes::QUICK } else { Sizes::FULL };
    let started = Instant::now();
    let machine = bench::machine::describe();
    let node = Node::start();
    let contract = deploy_contract(&node).await;
    let client = contract.client().clone();
    let rpc = Rpc::connect(&node.url()).await;
    let chain = limits(&client);

    step("1. contract costs", started);
    let costs = bench::costs::measure(&client, &contract, &chain).await;

    step("2. CLI latency", started);
    let home = tempfile::tempdir().expect("temp dir");
    let tools = Tools::new(node.url(), contract.clone(), home.path());
    let latency = bench::latency::measure(&tools, sizes.runs).await;

    step("3. throughput", started);
    let (seq, piped) = (
        funded(&client, "//Sequential").await,
        bench::chain::funded(&client, "//Eve").await,
    );
    let throughput = bench::throughput::measure(&contract, &rpc, &chain, &seq, &piped, sizes).await;

    step("4. scaling", started);
    let scaling = bench::scaling::measure(
        &tools,
        &rpc,
        (&piped, "//Eve", sizes.pipelined),
        sizes.blocks,
        sizes.runs,
    )
    .await;

    step("6. memory", started);
    let memory = bench::memory::measure(&tools, sizes.export_records).await;

    step("5. client crypto (criterion results)", started);
    let crypto = if o.quick {
        None
    } else {
        let c = bench::crypto::read(&o.criterion);
        assert!(
            c.is_some(),
            "no criterion results under {}: run cargo bench -p ehr-envelope --bench throughput",
            o.criterion.display()
        );
        c
    };

    let results = Results {
        machine,
        chain,
        costs,
        latency,
        throughput,
        scaling,
        crypto,
        memory,
        total_seconds: started.elapsed().as_secs_f64(),
    };
    let generated = bench::report::markdown(&results);
    let markers = (bench::report::BEGIN, bench::report::END);
    write(&o, &results, results.total_seconds, markers, &generated);
}

/// Writes `results` as JSON and `generated` between `markers` in BENCHMARKS.md, and says so.
fn write<R: serde::Serialize>(
    o: &Options,
    results: &R,
    seconds: f64,
    markers: (&str, &str),
    generated: &str,
) {
    let json = serde_json::to_string_pretty(results).expect("results as JSON");
    std::fs::write(&o.json, json + "\n").expect("write the JSON results");
    let doc = std::fs::read_to_string(&o.markdown).unwrap_or_default();
    std::fs::write(
        &o.markdown,
        bench::report::splice_marked(&doc, markers, generated),
    )
    .expect("write BENCHMARKS.md");
    println!("{generated}");
    eprintln!(
        "results: {} and {} ({:.1} min)",
        o.json.display(),
        o.markdown.display(),
        seconds / 60.0
    );
}

/// `--network`: the network's measurements, into their JSON file and section.
async fn network(o: &Options) {
    use bench::network::NetworkSizes;
    let sizes = if o.quick {
        NetworkSizes::QUICK
    } else {
        NetworkSizes::FULL
    };
    let net = ehr_e2e_tests::network::Network::running();
    let results = bench::network::measure(&net, &ehr_e2e_tests::contract_wasm(), sizes).await;
    let generated = bench::network_report::markdown(&results);
    let markers = (bench::network_report::BEGIN, bench::network_report::END);
    write(o, &results, results.total_seconds, markers, &generated);
}
