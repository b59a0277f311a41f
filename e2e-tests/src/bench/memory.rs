//! Measurement 6: the CLI's peak resident memory (`/usr/bin/time -f %M`) adding a 4 MiB record
//! and exporting a chart of many records.

use super::chain::funded;
use super::latency::{ehr_release, Tools};
use serde::Serialize;
use std::process::Command;

/// One command's peak RSS.
#[derive(Debug, Serialize)]
pub struct Row {
    pub command: String,
    pub peak_rss_kib: u64,
    pub seconds: f64,
}

/// The memory table.
#[derive(Debug, Serialize)]
pub struct Memory {
    pub rows: Vec<Row>,
}

/// Runs `ehr <args>` under `/usr/bin/time` and reads its peak RSS.
fn peak(t: &Tools, label: &str, uri: &str, args: &[&str]) -> Row {
    let report = t.home.join("rss.txt");
    let inner = t.ehr(uri, args);
    let mut cmd = Command::new("/usr/bin/time");
    cmd.args(["-f", "%M", "-o"]).arg(&report).arg(ehr_release());
    cmd.args(inner.get_args());
    for (k, v) in inner.get_envs() {
        match v {
            Some(v) => cmd.env(k, v),
            None => cmd.env_remove(k),
        };
    }
    let d = super::timing::time(&mut cmd);
    let text = std::fs::read_to_string(&report).expect("/usr/bin/time wrote its report");
    Row {
        command: label.into(),
        peak_rss_kib: text
            .trim()
            .lines()
            .last()
            .and_then(|l| l.parse().ok())
            .unwrap_or(0),
        seconds: d.as_secs_f64(),
    }
}

/// The largest file one version holds (4 MiB of ciphertext), as the CLI computes it: the
/// largest plaintext, less the content header the CLI seals with it (`media_type`, `name`).
fn max_file(media_type: &str, name: &str) -> usize {
    let info = ehr_envelope::ContentInfo::new(media_type, Some(name), None).expect("a description");
    ehr_e2e_tests::chunked::largest_content(info)
}

/// A baseline query, the 4 MiB add, and the export of a chart of `records` 1 KiB records
/// (added through the CLI first, so they are really encrypted for the patient).
pub async fn measure(t: &Tools, records: u32) -> Memory {
    let client = t.contract.client();
    let mut rows = Vec::new();
    funded(client, "//Memory").await;
    super::timing::time(&mut t.ehr("//Memory", &["patient", "register"]));
    rows.push(peak(
        t,
        "ehr history (baseline: one query)",
        "//Memory",
        &["history"],
    ));
    let big = t.home.join("four-mib.bin");
    // ASCII digits: sealed as text/plain.
    let size = max_file("text/plain", "four-mib.bin");
    std::fs::write(&big, vec![0x33u8; size]).expect("write the 4 MiB file");
    let label = format!("ehr record add, 4 MiB ({size} B file, 293 transactions)");
    rows.push(peak(
        t,
        &label,
        "//Memory",
        &[
            "record",
            "add",
            "--type",
            "imaging",
            &big.display().to_string(),
        ],
    ));

    funded(client, "//Export").await;
    super::timing::time(&mut t.ehr("//Export", &["patient", "register"]));
    let small = t.home.join("export-one-kib.bin");
    std::fs::write(&small, vec![0x44u8; 1024]).expect("write a 1 KiB file");
    let small = small.display().to_string();
    for _ in 0..records {
        super::timing::time(&mut t.ehr("//Export", &["record", "add", "--type", "lab", &small]));
    }
    let dir = t.home.join("export");
    rows.push(peak(
        t,
        &format!("ehr record export, {records} records of 1 KiB"),
        "//Export",
        &["record", "export", &dir.display().to_string()],
    ));
    Memory { rows }
}
