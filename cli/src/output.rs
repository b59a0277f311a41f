//! Human and JSON output, progress spinners and error printing.

use crate::address::localize;
use crate::landed::Landed;
use indicatif::{ProgressBar, ProgressStyle};
use serde::Serialize;
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
    /// Prints a command's result: its `Display` as text, or itself as JSON with `--json`; one
    /// value, so the two can never disagree. JSON keys come in the order the type declares.
    pub fn show<T: Serialize + std::fmt::Display>(&self, result: &T) {
        let shown = if self.json {
            serde_json::to_string(result).unwrap_or_else(|e| {
                serde_json::to_string(&Unserializable {
                    error: format!("cannot show the result as JSON: {e}"),
                })
                .unwrap_or_default()
            })
        } else {
            result.to_string()
        };
        println!("{}", localize(&shown));
    }

    /// Runs `fut` while showing a spinner with `message` on stderr (text mode, on a terminal).
    pub async fn wait<T>(&self, message: &str, fut: impl Future<Output = T>) -> T {
        let _spinner = self.spinner(message);
        fut.await
    }

    /// A spinner with `message` on stderr (text mode) until the value is dropped.
    pub fn spinner(&self, message: &str) -> Spinner {
        if self.json || self.quiet {
            return Spinner(None);
        }
        let spinner = ProgressBar::new_spinner();
        spinner.set_style(
            ProgressStyle::with_template("{spinner} {msg} ({elapsed})")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        spinner.set_message(message.to_string());
        spinner.enable_steady_tick(Duration::from_millis(100));
        set_spinner(Some(spinner.clone()));
        Spinner(Some(spinner))
    }
}

/// A spinner on screen; dropping it clears it.
pub struct Spinner(Option<ProgressBar>);

impl Drop for Spinner {
    fn drop(&mut self) {
        if let Some(spinner) = self.0.take() {
            set_spinner(None);
            spinner.finish_and_clear();
        }
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

/// What `--json` prints in place of a result that cannot be serialized: a JSON value all the
/// same, so a script reading stdout sees the problem instead of choking.
#[derive(Serialize)]
struct Unserializable {
    error: String,
}

/// Prints an error with its causes, as text or as `{"error": ...}`, and what the run had already
/// put on chain before it failed.
pub fn print_error(err: &anyhow::Error, json: bool, landed: &[Landed]) {
    let failure = Failure::new(err, landed);
    if json {
        // On stdout, where `--json` results go: a script reads one JSON value either way.
        let text = serde_json::to_string(&failure).unwrap_or_default();
        println!("{}", localize(&text));
    } else {
        eprintln!("{}", localize(&failure.to_string()));
    }
}

/// A failed run as `print_error` shows it: the error in words, its causes, the exit code, and
/// the transactions that landed before it failed (their fees are paid, their data public).
#[derive(Debug, Serialize)]
pub struct Failure {
    pub error: String,
    pub causes: Vec<String>,
    pub exit_code: u8,
    pub landed: Vec<Landed>,
}

impl Failure {
    pub fn new(err: &anyhow::Error, landed: &[Landed]) -> Self {
        Self {
            error: crate::explain::message(err),
            causes: err.chain().skip(1).map(crate::explain::describe).collect(),
            exit_code: crate::explain::exit_code_after(err, landed),
            landed: landed.to_vec(),
        }
    }
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "error: {}", self.error)?;
        for cause in &self.causes {
            write!(f, "\n  caused by: {cause}")?;
        }
        if !self.landed.is_empty() {
            write!(
                f,
                "\n  already on chain before this failed (fees paid, public): {}",
                crate::landed::words(&self.landed)
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn failure(landed: Vec<Landed>) -> Failure {
        Failure {
            error: "cannot share the keys of record 2 v1".into(),
            causes: vec!["the node stopped answering: connection closed".into()],
            exit_code: 4,
            landed,
        }
    }

    fn landed() -> Vec<Landed> {
        vec![
            Landed {
                what: "grant_access",
                block: 12,
                index: Some(1),
            },
            Landed {
                what: "add_wraps",
                block: 13,
                index: None,
            },
        ]
    }

    #[test]
    fn failures_as_text_work() {
        insta::assert_snapshot!(format!("{}\n---\n{}", failure(vec![]), failure(landed())));
    }

    #[test]
    fn failures_as_json_work() {
        insta::assert_json_snapshot!((failure(vec![]), failure(landed())));
    }
}
