//! Human and JSON output, progress spinners and error printing.

use indicatif::{ProgressBar, ProgressStyle};
use serde_json::Value;
use std::future::Future;
use std::time::Duration;

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
            println!("{json}");
        } else {
            println!("{human}");
        }
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
        let out = fut.await;
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

    /// A line of progress on stderr (text mode only).
    pub fn note(&self, line: impl std::fmt::Display) {
        if !self.json && !self.quiet {
            eprintln!("{line}");
        }
    }
}

/// Prints an error with its causes, as text or as `{"error": ...}`.
pub fn print_error(err: &anyhow::Error, json: bool) {
    if json {
        let causes: Vec<String> = err.chain().skip(1).map(crate::explain::describe).collect();
        println!(
            "{}",
            serde_json::json!({
                "error": crate::explain::message(err),
                "causes": causes,
                "exit_code": crate::explain::exit_code(err),
            })
        );
    } else {
        eprintln!("error: {}", crate::explain::message(err));
        for cause in err.chain().skip(1) {
            eprintln!("  caused by: {}", crate::explain::describe(cause));
        }
    }
}
