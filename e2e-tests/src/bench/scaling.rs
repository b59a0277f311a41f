//! Measurement 4: how reading a chart scales with its size, on a chain with many blocks:
//! the access-log query (`history`, paged) and the CLI's `history` and `record list`.

use super::chain::{funded, remark, Rpc};
use super::latency::Tools;
use super::throughput::pipeline_records;
use super::timing::{time, Stats};
use ehr_chain::{Client, EhrContract, Signer};
use serde::Serialize;
use std::time::{Duration, Instant};

/// One chart size.
#[derive(Debug, Serialize)]
pub struct Point {
    pub records: u32,
    pub log_entries: u64,
    /// One `history` page of 50 (the newest), in-process dry run.
    pub history_page: Stats,
    /// Every entry, in pages of 50, in-process.
    pub history_all: Stats,
    /// `ehr history --limit 50 --json`: process start to exit.
    pub cli_history: Stats,
    /// `ehr record list --json` (every record): process start to exit.
    pub cli_record_list: Stats,
}

/// The scaling table.
#[derive(Debug, Serialize)]
pub struct Scaling {
    pub blocks_target: u64,
    /// The best block number when the queries ran.
    pub blocks: u64,
    /// Seconds spent making blocks (one remark per block, each waited for).
    pub fill_seconds: f64,
    pub points: Vec<Point>,
}

/// Sends remarks one at a time (each in its own block) until the chain has `target` blocks.
pub async fn fill_blocks(client: &Client, rpc: &Rpc, target: u64) -> Duration {
    let alice = ehr_e2e_tests::signer("//Alice");
    let started = Instant::now();
    let mut best = rpc.best_number().await;
    while best < target {
        let inclusion = client.submit(&remark(), &alice).await.expect("remark");
        best = inclusion.block_number;
        if best % 1000 == 0 {
            eprintln!(
                "  block {best} of {target} ({:.0} s)",
                started.elapsed().as_secs_f64()
            );
        }
    }
    started.elapsed()
}

/// Reads every history entry of `patient` the way the CLI does (`EhrContract::query_pages`:
/// the log's length, then its pages of 50 side by side); returns how many there were.
async fn read_all(c: &EhrContract, patient: &Signer) -> u64 {
    let p = patient.account_id();
    let len = c
        .query(&p, &c.patient(&p))
        .await
        .expect("patient query")
        .expect("a registered patient")
        .log_len;
    let all = c
        .query_pages(&p, 0, len, |from, limit| c.history(&p, from, limit))
        .await
        .expect("history pages");
    all.len() as u64
}

async fn point(t: &Tools, patient: &Signer, uri: &str, records: u32, runs: usize) -> Point {
    let c = &t.contract;
    let p = patient.account_id();
    let mut page = Vec::new();
    let mut all = Vec::new();
    let mut log_entries = 0;
    for _ in 0..runs.max(3) {
        let total = read_all(c, patient).await;
        let from = total.saturating_sub(u64::from(ehr::limits::MAX_PAGE));
        let started = Instant::now();
        c.query(&p, &c.history(&p, from, ehr::limits::MAX_PAGE))
            .await
            .expect("history page")
            .expect("history answered");
        page.push(started.elapsed());
        let started = Instant::now();
        log_entries = read_all(c, patient).await;
        all.push(started.elapsed());
    }
    let cli = |args: &[&str]| {
        let samples: Vec<Duration> = (0..runs.max(3))
            .map(|_| time(&mut t.ehr(uri, args)))
            .collect();
        Stats::of(&samples)
    };
    Point {
        records,
        log_entries,
        history_page: Stats::of(&page),
        history_all: Stats::of(&all),
        cli_history: cli(&["history", "--limit", "50", "--json"]),
        cli_record_list: cli(&["record", "list", "--json"]),
    }
}

/// Charts of 10 and 100 records (made here) and `largest` (the throughput test's pipelined
/// patient, `largest_uri`), queried after the chain reached `blocks` blocks.
pub async fn measure(
    t: &Tools,
    rpc: &Rpc,
    largest: (&Signer, &str, u32),
    blocks: u64,
    runs: usize,
) -> Scaling {
    let c = &t.contract;
    let mut charts = Vec::new();
    for n in [10u32, 100] {
        let uri = format!("//Chart{n}");
        let who = funded(c.client(), &uri).await;
        ehr_e2e_tests::ok(c, &who, c.register_patient([1; 32])).await;
        pipeline_records(c, rpc, &who, n).await;
        charts.push((who, uri, n));
    }
    eprintln!("  filling the chain to {blocks} blocks");
    let fill = fill_blocks(c.client(), rpc, blocks).await;
    let mut points = Vec::new();
    for (who, uri, n) in &charts {
        points.push(point(t, who, uri, *n, runs).await);
    }
    points.push(point(t, largest.0, largest.1, largest.2, runs).await);
    Scaling {
        blocks_target: blocks,
        blocks: rpc.best_number().await,
        fill_seconds: fill.as_secs_f64(),
        points,
    }
}
