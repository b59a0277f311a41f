//! Timing a process from start to exit, and summarising repeated samples.

use serde::Serialize;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Mean, spread and range of repeated measurements, in milliseconds.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Stats {
    pub runs: usize,
    pub mean_ms: f64,
    pub stddev_ms: f64,
    pub min_ms: f64,
    pub max_ms: f64,
}

impl Stats {
    /// Summarises `samples` (at least one).
    pub fn of(samples: &[Duration]) -> Stats {
        let ms: Vec<f64> = samples.iter().map(|d| d.as_secs_f64() * 1e3).collect();
        let n = ms.len().max(1) as f64;
        let mean = ms.iter().sum::<f64>() / n;
        let var = ms.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / n;
        Stats {
            runs: ms.len(),
            mean_ms: mean,
            stddev_ms: var.sqrt(),
            min_ms: ms.iter().copied().fold(f64::INFINITY, f64::min),
            max_ms: ms.iter().copied().fold(0.0, f64::max),
        }
    }
}

/// Runs `cmd` to completion and returns how long it took from spawn to exit. Panics (with the
/// command's output) when it fails: a failed run is not a measurement.
pub fn time(cmd: &mut Command) -> Duration {
    cmd.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let start = Instant::now();
    let out = cmd
        .output()
        .expect("could not start the benchmarked command");
    let elapsed = start.elapsed();
    assert!(
        out.status.success(),
        "{cmd:?} failed: {}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    elapsed
}
