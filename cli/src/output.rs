//! Human and JSON output, progress spinners and error printing.

use crate::address::localize;
use indicatif::{ProgressBar, ProgressStyle};
use serde_json::Value;
use std::future::Future;
use std::sync::Mutex;
use std::time::Duration;

/// The spinner on screen, if any: progress lines are printed above it instead of through it.
static SPINNER: Mutex<Option<ProgressBar>> = Mutex::new(None);

/// How results are printed.
#[derive(Debug, Clone, Copy)]
pub struct Output {
    pub json: bool,
    pub quiet: bool,
}

impl Output {
    /// Prints a result: `human` as text, or `json` when `--json` was given.
    pub fn result(&self, human: impl std::fmt::Display, json: Value) {
        if self.json {
            println!("{}", localize(&json.to_string()));
        } else {
            println!("{}", localize(&human.to_string()));
        }
    }

    /// Prints a command's result: its `Display` as text, or itself as JSON with `--json`; one
    /// value, so the two can never disagree.
    pub fn show<T: serde::Serialize + std::fmt::Display>(&self, result: &T) {
        let json = serde_json::to_value(result).unwrap_or_else(
            |e| serde_json::json!({ "error": format!("cannot show the result as JSON: {e}") }),
        );
        self.result(result, json);
    }

    /// Runs `fut` while showing a spinner with `message` on stderr (text mode, on a terminal).
    pub async fn wait<T>(&self, message: &str, fut: impl Future<Output = T>) -> T {
        if self.json || self.quiet {
            return fut.await;
        }
        let spinner = ProgressBar::new_spinner();
        spinner.set_style(
            ProgressStyle::with_template("{spinner} {msg} ({elapsed})")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        spinner.set_message(message.to_string());
        spinner.enable_steady_tick(Duration::from_millis(100));
        set_spinner(Some(spinner.clone()));
        let out = fut.await;
        set_spinner(None);
        spinner.finish_and_clear();
        out
    }
}

impl Output {
    /// A progress bar on stderr for `len` steps (hidden with `--json`, `-q`, or nothing to do).
    pub fn progress(&self, len: u64, message: &str) -> ProgressBar {
        if self.json || self.quiet || len == 0 {
            return ProgressBar::hidden();
        }
        let bar = ProgressBar::new(len);
        bar.set_style(
            ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} ({elapsed})")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
        );
        bar.set_message(message.to_string());
        bar
    }

    /// A line on stderr that matters in JSON mode too (stdout stays JSON): e.g. a lost
    /// connection a long-running command recovers from. Silent with `-q`.
    pub fn warn(&self, line: impl std::fmt::Display) {
        if !self.quiet {
            eprintln!("{}", localize(&line.to_string()));
        }
    }

    /// A line of progress on stderr (text mode only), above the spinner when one is shown.
    pub fn note(&self, line: impl std::fmt::Display) {
        if self.json || self.quiet {
            return;
        }
        let line = localize(&line.to_string()).into_owned();
        let shown = SPINNER.lock().ok().and_then(|s| s.clone());
        match shown {
            Some(spinner) if !spinner.is_hidden() => spinner.println(line),
            _ => eprintln!("{line}"),
        }
    }
}

fn set_spinner(spinner: Option<ProgressBar>) {
    if let Ok(mut slot) = SPINNER.lock() {
        *slot = spinner;
    }
}

/// Prints an error with its causes, as text or as `{"error": ...}`, and what the run had already
/// put on chain before it failed.
pub fn print_error(err: &anyhow::Error, json: bool, landed: &[crate::landed::Landed]) {
    let code = crate::explain::exit_code_after(err, landed);
    if json {
        let causes: Vec<String> = err.chain().skip(1).map(crate::explain::describe).collect();
        let landed: Vec<serde_json::Value> = landed
            .iter()
            .map(|l| serde_json::json!({ "what": l.what, "block_number": l.block, "extrinsic_index": l.index }))
            .collect();
        let json = serde_json::json!({
            "error": crate::explain::message(err),
            "causes": causes,
            "exit_code": code,
            "landed": landed,
        });
        println!("{}", localize(&json.to_string()));
    } else {
        eprintln!("error: {}", localize(&crate::explain::message(err)));
        for cause in err.chain().skip(1) {
            eprintln!(
                "  caused by: {}",
                localize(&crate::explain::describe(cause))
            );
        }
        if !landed.is_empty() {
            eprintln!(
                "  already on chain before this failed (fees paid, public): {}",
                crate::landed::words(landed)
            );
        }
    }
}
