//! The network benchmark (`scripts/bench --network`): on the relay chain and contracts
//! parachain of `scripts/network up`, the block times the chain really keeps, how long `ehr`
//! waits for a block and for finality, and how many records a block really takes.

use super::chain::{funded, limits, Rpc};
use super::throughput::{ceiling, pipeline_records, small_record};
use super::timing::Stats;
use ehr_chain::{EhrContract, Weight};
use ehr_e2e_tests::network::Network;
use ehr_e2e_tests::rpc;
use serde::Serialize;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// `Timestamp::Now`'s storage key: twox128("Timestamp") ++ twox128("Now").
const TIMESTAMP_NOW: &str = "0xf0c365c3cf59d671eb72da0e7a4113c49f1f0515f462cdcf84e0f1d6045dfcbb";

/// Everything one network run measured: what `bench-network-results.json` holds.
#[derive(Debug, Serialize)]
pub struct NetworkResults {
    pub machine: super::machine::Machine,
    pub relay_blocks: BlockTimes,
    pub para_blocks: BlockTimes,
    pub commands: Vec<Waits>,
    pub pipelined: Pipelined,
    pub total_seconds: f64,
}

/// Block times from the blocks' own timestamps, over the last finalized blocks.
#[derive(Debug, Serialize)]
pub struct BlockTimes {
    pub chain: String,
    pub blocks: u64,
    pub mean_seconds: f64,
    pub min_seconds: f64,
    pub max_seconds: f64,
    /// Best block minus finalized block when measured.
    pub finality_lag_blocks: u64,
}

/// One CLI command sent through collator A with `--wait finalized`.
#[derive(Debug, Serialize)]
pub struct Waits {
    pub command: String,
    /// From submission until the transaction is in a best block.
    pub in_best_block: Stats,
    /// From submission until that block is finalized.
    pub finalized: Stats,
    /// The whole command, process start to exit.
    pub command_total: Stats,
}

/// Many small records sent at once with pipelined nonces, against what the weight limits let
/// a block hold at the block time the chain keeps.
#[derive(Debug, Serialize)]
pub struct Pipelined {
    pub records: u32,
    pub seconds: f64,
    pub per_second: f64,
    pub blocks: u64,
    pub records_per_block: f64,
    /// Times the records still missing were signed and sent again after the pool emptied
    /// (blocks retracted with some of them).
    pub resent: u32,
    pub record_weight: Weight,
    pub normal_max_total: Weight,
    /// add_records a block could hold by its normal-class weight limit, and the dimension
    /// that binds.
    pub ceiling_per_block: u64,
    pub ceiling_dimension: String,
    /// `ceiling_per_block` ÷ the measured parachain block time.
    pub ceiling_per_second: f64,
    pub vs_ceiling: f64,
}

/// The network benchmark's sizes.
#[derive(Debug, Clone, Copy)]
pub struct NetworkSizes {
    pub blocks: u64,
    pub runs: usize,
    pub pipelined: u32,
}

impl NetworkSizes {
    pub const FULL: NetworkSizes = NetworkSizes {
        blocks: 30,
        runs: 3,
        pipelined: 300,
    };
    pub const QUICK: NetworkSizes = NetworkSizes {
        blocks: 10,
        runs: 2,
        pipelined: 50,
    };
}

fn block_times(name: &str, port: u16, blocks: u64) -> BlockTimes {
    let (best, finalized) = rpc::heads(port).expect("the node answers");
    assert!(
        finalized > blocks,
        "{name} has only {finalized} finalized blocks"
    );
    let stamp = |n: u64| -> u64 {
        let hash = rpc::call(port, "chain_getBlockHash", serde_json::json!([n])).expect("a hash");
        let raw = rpc::call(
            port,
            "state_getStorage",
            serde_json::json!([TIMESTAMP_NOW, hash]),
        )
        .expect("Timestamp::Now");
        let hex = raw.as_str().expect("hex").trim_start_matches("0x");
        let bytes: Vec<u8> = (0..hex.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).expect("hex"))
            .collect();
        u64::from_le_bytes(bytes[..8].try_into().expect("a u64"))
    };
    let stamps: Vec<u64> = (finalized - blocks..=finalized).map(stamp).collect();
    let gaps: Vec<f64> = stamps
        .windows(2)
        .map(|w| (w[1] - w[0]) as f64 / 1e3)
        .collect();
    BlockTimes {
        chain: name.into(),
        blocks,
        mean_seconds: gaps.iter().sum::<f64>() / gaps.len() as f64,
        min_seconds: gaps.iter().copied().fold(f64::INFINITY, f64::min),
        max_seconds: gaps.iter().copied().fold(0.0, f64::max),
        finality_lag_blocks: best - finalized,
    }
}

/// Runs `ehr` with `EHR_TIMINGS` and returns (in best block, finalized, whole command).
fn timed_send(cmd: &mut Command) -> (Duration, Duration, Duration) {
    cmd.env("EHR_TIMINGS", "1")
        .env("EHR_WAIT", "finalized")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let start = Instant::now();
    let out = cmd.output().expect("run ehr");
    let total = start.elapsed();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{cmd:?} failed: {stderr}");
    let step = |name: &str| -> Duration {
        let ms: f64 = stderr
            .lines()
            .filter_map(|l| l.strip_prefix(&format!("timing: {name} ")))
            .map(|ms| ms.trim_end_matches(" ms").parse::<f64>().unwrap_or(0.0))
            .next_back()
            .unwrap_or_else(|| panic!("no {name:?} timing in {stderr}"));
        Duration::from_secs_f64(ms / 1e3)
    };
    (
        step("submit until in a best block"),
        step("submit until finalized"),
        total,
    )
}

fn waits(command: &str, samples: &[(Duration, Duration, Duration)]) -> Waits {
    let of = |pick: fn(&(Duration, Duration, Duration)) -> Duration| {
        Stats::of(&samples.iter().map(pick).collect::<Vec<_>>())
    };
    Waits {
        command: command.into(),
        in_best_block: of(|s| s.0),
        finalized: of(|s| s.1),
        command_total: of(|s| s.2),
    }
}

/// `ehr` as `suri` through `url`, with its state in `home`.
fn ehr(url: &str, home: &Path, suri: &str, args: &[&str]) -> Command {
    let mut cmd = Command::new(super::latency::ehr_release());
    cmd.args(args)
        .args(["--suri", suri, "--quiet"])
        .env("EHR_URL", url)
        .env("EHR_HOME", home)
        .env_remove("EHR_ACCOUNT")
        .env_remove("EHR_CONTRACT");
    cmd
}

/// Deploys ehr through collator A with the CLI, then measures.
pub async fn measure(net: &Network, wasm: &Path, sizes: NetworkSizes) -> NetworkResults {
    let started = Instant::now();
    let machine = super::machine::describe();
    let home = tempfile::tempdir().expect("temp dir");
    let url = net.a().url();
    let run =
        |suri: &str, args: &[&str]| super::timing::time(&mut ehr(&url, home.path(), suri, args));

    eprintln!("==> block times");
    let relay_blocks = block_times(
        "relay chain (rococo-local)",
        net.relay[0].port,
        sizes.blocks,
    );
    let para_blocks = block_times("contracts parachain (1000)", net.a().port, sizes.blocks);

    eprintln!("==> ehr through collator A, waiting for finality");
    run(
        "//Alice",
        &[
            "deploy",
            "--wait",
            "finalized",
            "--wasm",
            wasm.to_str().expect("a UTF-8 path"),
        ],
    );
    run("//Charlie", &["patient", "register", "--wait", "finalized"]);
    run(
        "//Dave",
        &[
            "doctor",
            "register",
            "--wait",
            "finalized",
            "--name",
            "Dr Dave",
            "--specialization",
            "Cardiology",
            "--clinic-address",
            "1 Main St",
            "--branch",
            "North",
            "--licence-number",
            "LIC-7",
        ],
    );
    let dave = ehr_e2e_tests::address_of("//Dave");
    let mut adds = Vec::new();
    let mut grants = Vec::new();
    for i in 0..sizes.runs {
        let file = home.path().join(format!("note-{i}.txt"));
        std::fs::write(&file, vec![b'x'; 1024]).expect("a 1 KiB note");
        adds.push(timed_send(&mut ehr(
            &url,
            home.path(),
            "//Charlie",
            &[
                "record",
                "add",
                "--type",
                "lab",
                file.to_str().expect("a UTF-8 path"),
            ],
        )));
        grants.push(timed_send(&mut ehr(
            &url,
            home.path(),
            "//Charlie",
            &["access", "grant", &dave, "--kind", "read"],
        )));
        run("//Charlie", &["access", "revoke", &dave, "--wait", "best"]);
    }
    let commands = vec![
        waits("record add (1 KiB)", &adds),
        waits("access grant", &grants),
    ];

    eprintln!("==> pipelined records");
    let client = ehr_chain::Client::connect(&url)
        .await
        .expect("connect to collator A");
    let contract = remembered(&client, home.path());
    let rpc_a = Rpc::connect(&url).await;
    let chain = limits(&client);
    let patient = funded(&client, "//NetworkBench").await;
    ehr_e2e_tests::ok(&contract, &patient, contract.register_patient([1; 32])).await;
    let p = patient.account_id();
    let record_weight = contract
        .dry_run(&p, &small_record(&contract, &p, 1))
        .await
        .expect("dry-run add_record")
        .gas_required;
    let (elapsed, blocks, resent) =
        pipeline_records(&contract, &rpc_a, &patient, sizes.pipelined).await;
    let (ceiling_per_block, dimension) = ceiling(&chain, record_weight);
    let per_second = f64::from(sizes.pipelined) / elapsed.as_secs_f64();
    let ceiling_per_second = ceiling_per_block as f64 / para_blocks.mean_seconds;
    let pipelined = Pipelined {
        records: sizes.pipelined,
        seconds: elapsed.as_secs_f64(),
        per_second,
        blocks,
        records_per_block: f64::from(sizes.pipelined) / blocks.max(1) as f64,
        resent,
        record_weight,
        normal_max_total: chain.normal_max_total,
        ceiling_per_block,
        ceiling_dimension: dimension.into(),
        ceiling_per_second,
        vs_ceiling: per_second / ceiling_per_second,
    };
    NetworkResults {
        machine,
        relay_blocks,
        para_blocks,
        commands,
        pipelined,
        total_seconds: started.elapsed().as_secs_f64(),
    }
}

/// The contract the CLI deployed and remembered in `home`.
fn remembered(client: &ehr_chain::Client, home: &Path) -> EhrContract {
    let state: serde_json::Value = serde_json::from_slice(
        &std::fs::read(home.join("deployments.json")).expect("ehr deploy remembered it"),
    )
    .expect("deployments.json is JSON");
    let address = state["chains"]
        .as_object()
        .and_then(|chains| chains.values().next())
        .and_then(|d| d["address"].as_str())
        .expect("a remembered deployment");
    let address = ehr_chain::AddressFormat::default()
        .parse(address)
        .expect("an address");
    EhrContract::at(client.clone(), address)
}
