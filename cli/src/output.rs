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

/// Prints an error with its causes, as text or as `{"error": ...}`.
pub fn print_error(err: &anyhow::Error, json: bool) {
    if json {
        let causes: Vec<String> = err.chain().skip(1).map(|c| c.to_string()).collect();
        println!(
            "{}",
            serde_json::json!({ "error": err.to_string(), "causes": causes })
        );
    } else {
        eprintln!("error: {err}");
        for cause in err.chain().skip(1) {
            eprintln!("  caused by: {cause}");
        }
    }
}
