//! Measurement 2: CLI latency, process start to exit, of `ehr` next to `cargo contract call`
//! sending the same contract message to the same node.
//!
//! A small harness instead of hyperfine: the add_record comparison needs a fresh record id per
//! run (the contract refuses any id but the next), and a grant needs the previous one revoked
//! first, which the harness does in-process between runs, outside the timed part.

use super::timing::{time, Stats};
use ehr::Scope;
use ehr_chain::{AccountId32, EhrContract, Signer};
use ehr_e2e_tests::chunked::sealed;
use ehr_e2e_tests::signer;
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

/// One command on both tools.
#[derive(Debug, Serialize)]
pub struct Pair {
    pub command: String,
    /// ehr with its runtime metadata cache filled (every call after a chain's first).
    pub ehr: Stats,
    /// ehr with an empty metadata cache (a chain's first call, or after a runtime upgrade).
    pub ehr_cold: Stats,
    /// Where one cached ehr run's time went (`EHR_TIMINGS`), steps in order, in ms.
    pub steps: Vec<Step>,
    pub cargo_contract: Stats,
    /// ehr mean ÷ cargo-contract mean (target ≤ 0.5).
    pub ratio: f64,
}

/// One step of an ehr run and its time (steps of the same name added up).
#[derive(Debug, Clone, Serialize)]
pub struct Step {
    pub what: String,
    pub count: usize,
    pub ms: f64,
}

/// The latency table.
#[derive(Debug, Serialize)]
pub struct Latency {
    pub pairs: Vec<Pair>,
}

/// The release `ehr` binary: `EHR_BENCH_CLI`, or `$CARGO_TARGET_DIR/release/ehr`.
pub fn ehr_release() -> PathBuf {
    let path = std::env::var_os("EHR_BENCH_CLI")
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("CARGO_TARGET_DIR").map(|d| PathBuf::from(d).join("release/ehr"))
        })
        .expect("set CARGO_TARGET_DIR (source scripts/env) or EHR_BENCH_CLI");
    assert!(
        path.is_file(),
        "{} missing: cargo build --release -p ehr-cli",
        path.display()
    );
    path
}

/// The CLI and cargo-contract pointed at one node and contract.
pub struct Tools {
    pub url: String,
    pub contract: EhrContract,
    pub home: PathBuf,
    bundle: PathBuf,
}

impl Tools {
    /// Both tools for `contract` on the node at `url`; the CLI keeps its state in `home`.
    pub fn new(url: String, contract: EhrContract, home: &Path) -> Tools {
        let bundle = std::env::var_os("CARGO_TARGET_DIR")
            .map(|d| PathBuf::from(d).join("ink/ehr/ehr.contract"))
            .expect("CARGO_TARGET_DIR");
        assert!(bundle.is_file(), "{} missing", bundle.display());
        Tools {
            url,
            contract,
            home: home.to_path_buf(),
            bundle,
        }
    }

    /// `ehr <args> --suri <suri>` against this node and contract.
    pub fn ehr(&self, suri: &str, args: &[&str]) -> Command {
        let mut cmd = Command::new(ehr_release());
        cmd.args(args)
            .args(["--suri", suri, "--quiet"])
            .env("EHR_URL", &self.url)
            .env("EHR_HOME", &self.home)
            .env("EHR_CONTRACT", self.contract.address().to_string())
            .env_remove("EHR_ACCOUNT");
        cmd
    }

    /// `cargo contract call` of `message` with `args` (the binary itself, without cargo's
    /// dispatch in front: the comparison is with cargo-contract's own work).
    pub fn cargo_contract(
        &self,
        suri: &str,
        message: &str,
        args: &[String],
        exec: bool,
    ) -> Command {
        let mut cmd = Command::new("cargo-contract");
        // The bundle first: `--args` takes every value after it.
        cmd.args(["contract", "call"])
            .arg(&self.bundle)
            .arg("--contract")
            .arg(self.contract.address().to_string())
            .args(["--message", message, "--suri", suri, "--url", &self.url]);
        if !args.is_empty() {
            cmd.arg("--args").args(args);
        }
        if exec {
            cmd.args(["--execute", "--skip-confirm"]);
        }
        cmd
    }
}

/// Owned copies of command-line arguments.
fn strings(args: &[&str]) -> Vec<String> {
    args.iter().map(|a| a.to_string()).collect()
}

fn hex(bytes: &[u8]) -> String {
    let digits: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!("0x{digits}")
}

/// Times `runs` runs (after one warm-up) of the command `make` builds, calling `prepare` (not
/// timed) before each.
async fn bench<P, F>(runs: usize, mut prepare: P, mut make: impl FnMut(usize) -> Command) -> Stats
where
    P: FnMut() -> F,
    F: std::future::Future<Output = ()>,
{
    let mut samples: Vec<Duration> = Vec::new();
    for i in 0..=runs {
        prepare().await;
        let d = time(&mut make(i));
        if i > 0 {
            samples.push(d);
        }
    }
    Stats::of(&samples)
}

async fn revoke(c: &EhrContract, patient: &Signer, doctor: &AccountId32) {
    let p = patient.account_id();
    let _ = c
        .execute(patient, &c.revoke_access(&p, doctor, Scope::Chart))
        .await;
}

async fn next_record(c: &EhrContract, patient: &AccountId32) -> u32 {
    c.query(patient, &c.patient(patient))
        .await
        .expect("query patient")
        .expect("a registered patient")
        .record_count
        + 1
}

fn pair(
    command: &str,
    (ehr, ehr_cold, steps): (Stats, Stats, Vec<Step>),
    cargo_contract: Stats,
) -> Pair {
    Pair {
        command: command.into(),
        ratio: ehr.mean_ms / cargo_contract.mean_ms,
        ehr,
        ehr_cold,
        steps,
        cargo_contract,
    }
}

/// Runs `cmd` once with `EHR_TIMINGS` set and sums the steps it reports by name; the time
/// between process start and exit no step accounts for is the last step ("process, crypto,
/// files, output").
fn steps(cmd: &mut Command) -> Vec<Step> {
    cmd.env("EHR_TIMINGS", "1")
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let start = std::time::Instant::now();
    let out = cmd.output().expect("run ehr with EHR_TIMINGS");
    let total = start.elapsed().as_secs_f64() * 1e3;
    let mut steps: Vec<Step> = Vec::new();
    for line in String::from_utf8_lossy(&out.stderr).lines() {
        let Some(rest) = line.strip_prefix("timing: ") else {
            continue;
        };
        let Some((what, ms)) = rest.trim_end_matches(" ms").rsplit_once(' ') else {
            continue;
        };
        let ms: f64 = ms.parse().unwrap_or(0.0);
        match steps.iter_mut().find(|s| s.what == what) {
            Some(step) => {
                step.count += 1;
                step.ms += ms;
            }
            None => steps.push(Step {
                what: what.to_string(),
                count: 1,
                ms,
            }),
        }
    }
    let accounted: f64 = steps.iter().map(|s| s.ms).sum();
    steps.push(Step {
        what: "process start, crypto, files, output".into(),
        count: 1,
        ms: (total - accounted).max(0.0),
    });
    steps
}

/// Empties the CLI's runtime metadata cache, so the next call fetches the metadata.
fn drop_cache(home: &Path) {
    let _ = std::fs::remove_dir_all(home.join("cache"));
}

/// Times the ehr command `make` builds with the metadata cache warm, then cold, and breaks one
/// more warm run into its steps; `prepare` runs (untimed) before each run.
async fn warm_and_cold<P, F>(
    t: &Tools,
    runs: usize,
    mut prepare: P,
    mut make: impl FnMut(usize) -> Command,
) -> (Stats, Stats, Vec<Step>)
where
    P: FnMut() -> F,
    F: std::future::Future<Output = ()>,
{
    let warm = bench(runs, &mut prepare, &mut make).await;
    prepare().await;
    let steps = steps(&mut make(runs + 1));
    let cold = bench(
        runs,
        || {
            drop_cache(&t.home);
            prepare()
        },
        &mut make,
    )
    .await;
    (warm, cold, steps)
}

/// Charlie (patient) and Dave (doctor), registered through the CLI so the CLI's keys are
/// theirs; then each command on both tools.
pub async fn measure(t: &Tools, runs: usize) -> Latency {
    let c = &t.contract;
    let (charlie, dave) = (signer("//Charlie"), signer("//Dave"));
    let (ch, dv) = (charlie.account_id(), dave.account_id());
    time(&mut t.ehr("//Charlie", &["patient", "register"]));
    time(&mut t.ehr(
        "//Dave",
        &[
            "doctor",
            "register",
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
    ));
    let (chs, dvs) = (ch.to_string(), dv.to_string());
    let mut pairs = Vec::new();

    // grant: the previous grant revoked before each run (not timed)
    let ehr = warm_and_cold(
        t,
        runs,
        || revoke(c, &charlie, &dv),
        |_| t.ehr("//Charlie", &["access", "grant", &dvs, "--kind", "read"]),
    )
    .await;
    let args = strings(&[&chs, &dvs, "Chart", "Read", "None"]);
    let cc = bench(
        runs,
        || revoke(c, &charlie, &dv),
        |_| t.cargo_contract("//Charlie", "grant_access", &args, true),
    )
    .await;
    pairs.push(pair("access grant (grant_access)", ehr, cc));

    // record add, 1 KiB: the CLI seals it for Charlie and Dave; cargo-contract sends a
    // ciphertext of the same size with the same two wraps
    let file = t.home.join("one-kib.bin");
    std::fs::write(&file, vec![0x42u8; 1024]).expect("write the 1 KiB file");
    let path = file.display().to_string();
    let ehr = warm_and_cold(
        t,
        runs,
        || async {},
        |_| t.ehr("//Charlie", &["record", "add", "--type", "lab", &path]),
    )
    .await;
    let keys = [(ch.clone(), [1u8; 32]), (dv.clone(), [2u8; 32])];
    let mut cc_samples = Vec::new();
    for i in 0..=runs {
        let id = next_record(c, &ch).await;
        let (body, hash, wraps) = sealed(c, &ch, (id, 1), 1024, &keys);
        let wraps_arg = format!(
            "[{}]",
            wraps
                .iter()
                .map(|(a, w)| format!("({a}, {})", hex(w)))
                .collect::<Vec<_>>()
                .join(", ")
        );
        let version = format!(
            "NewVersion {{ hash: {}, length: {}, chunk: {}, wraps: {wraps_arg} }}",
            hex(&hash),
            body.len(),
            hex(&body),
        );
        let args = vec![
            chs.clone(),
            id.to_string(),
            "GeneralInformation".into(),
            version,
        ];
        let d = time(&mut t.cargo_contract("//Charlie", "add_record", &args, true));
        if i > 0 {
            cc_samples.push(d);
        }
    }
    pairs.push(pair(
        "record add, 1 KiB (add_record)",
        ehr,
        Stats::of(&cc_samples),
    ));

    // record view by the doctor: the audited read (open_record), then fetch and decrypt
    let out = t.home.join("view.out");
    let out_path = out.display().to_string();
    let ehr = warm_and_cold(
        t,
        runs,
        || {
            let _ = std::fs::remove_file(&out);
            async {}
        },
        |_| {
            t.ehr(
                "//Dave",
                &["record", "view", "1", "--patient", &chs, "--out", &out_path],
            )
        },
    )
    .await;
    let args = strings(&[&chs, "1", "1"]);
    let cc = bench(
        runs,
        || async {},
        |_| t.cargo_contract("//Dave", "open_record", &args, true),
    )
    .await;
    pairs.push(pair("record view (open_record + decrypt)", ehr, cc));

    // history: one page of 20, a query (nothing signed)
    let ehr = warm_and_cold(t, runs, || async {}, |_| t.ehr("//Charlie", &["history"])).await;
    let args = strings(&[&chs, "0", "20"]);
    let cc = bench(
        runs,
        || async {},
        |_| t.cargo_contract("//Charlie", "history", &args, false),
    )
    .await;
    pairs.push(pair("history (one page of 20)", ehr, cc));
    Latency { pairs }
}
