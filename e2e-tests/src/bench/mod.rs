//! The benchmark behind `scripts/bench`: ehr next to what a user would otherwise use,
//! in one run on one dev node. Each module measures one thing; `report` turns the results into
//! the tables of BENCHMARKS.md.

pub mod chain;
pub mod costs;
pub mod crypto;
pub mod erc20;
pub mod latency;
pub mod machine;
pub mod memory;
pub mod network;
pub mod network_report;
pub mod report;
pub mod scaling;
pub mod throughput;
pub mod timing;

use serde::Serialize;

/// Everything one run measured: what `bench-results.json` holds.
#[derive(Debug, Serialize)]
pub struct Results {
    pub machine: machine::Machine,
    pub chain: chain::Limits,
    pub costs: costs::Costs,
    pub latency: latency::Latency,
    pub throughput: throughput::Throughput,
    pub scaling: scaling::Scaling,
    /// `None` under `--quick` (the criterion run is skipped).
    pub crypto: Option<crypto::Crypto>,
    pub memory: memory::Memory,
    /// Wall-clock seconds of the whole run (node start to last measurement).
    pub total_seconds: f64,
}

/// How much work one run does: `--quick` shrinks every count.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Sizes {
    /// Timed runs per CLI command (after one warm-up run).
    pub runs: usize,
    /// Records added one at a time for the sequential rate.
    pub sequential: u32,
    /// Records queued with pipelined nonces.
    pub pipelined: u32,
    /// Blocks the chain should have before the scaling queries.
    pub blocks: u64,
    /// Records of the largest chart in the scaling table.
    pub largest_chart: u32,
    /// Records of the chart the memory test exports.
    pub export_records: u32,
}

impl Sizes {
    /// The full benchmark.
    pub const FULL: Sizes = Sizes {
        runs: 5,
        sequential: 50,
        pipelined: 1_000,
        blocks: 10_000,
        largest_chart: 1_000,
        export_records: 100,
    };
    /// A smoke run: every row, smaller counts.
    pub const QUICK: Sizes = Sizes {
        runs: 2,
        sequential: 10,
        pipelined: 100,
        blocks: 500,
        largest_chart: 100,
        export_records: 10,
    };
}
