//! What the numbers were measured on: the machine, the date, the node and cargo-contract.

use serde::Serialize;
use std::process::Command;

/// The machine and tool versions of one run.
#[derive(Debug, Serialize)]
pub struct Machine {
    /// UTC date of the run (YYYY-MM-DD).
    pub date: String,
    pub cpu: String,
    pub cores: usize,
    pub memory_gib: u64,
    pub os: String,
    pub node: String,
    pub cargo_contract: String,
}

/// Reads the machine's description from /proc and /etc and asks the tools for their versions.
pub fn describe() -> Machine {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let cpu = field(&cpuinfo, "model name").unwrap_or("unknown CPU");
    let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
    let mem_kib: u64 = field(&meminfo, "MemTotal")
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let os_release = std::fs::read_to_string("/etc/os-release").unwrap_or_default();
    let os = os_release
        .lines()
        .find_map(|l| l.strip_prefix("PRETTY_NAME="))
        .unwrap_or("unknown OS")
        .trim_matches('"');
    Machine {
        date: first_line(Command::new("date").args(["-u", "+%F"])),
        cpu: cpu.to_string(),
        cores: std::thread::available_parallelism().map_or(0, |n| n.get()),
        memory_gib: (mem_kib as f64 / 1024.0 / 1024.0).round() as u64,
        os: os.to_string(),
        node: first_line(Command::new(ehr_e2e_tests::node_binary()).arg("--version")),
        cargo_contract: first_line(Command::new("cargo-contract").arg("--version")),
    }
}

/// The value of `key: value` in a /proc file.
fn field<'a>(text: &'a str, key: &str) -> Option<&'a str> {
    text.lines()
        .find(|l| l.starts_with(key))
        .and_then(|l| l.split_once(':'))
        .map(|(_, v)| v.trim())
}

/// The first line a command prints, or "unknown".
fn first_line(cmd: &mut Command) -> String {
    cmd.output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .and_then(|s| s.lines().next().map(str::to_string))
        .unwrap_or_else(|| "unknown".into())
}
