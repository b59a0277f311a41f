//! The library's progress on the terminal: notices as lines on stderr (above a spinner when one
//! is shown), counted steps as a bar, a wait on one transaction as a spinner; none of it with
//! `--json` or `-q`.

use crate::output::Output;
use ehr_client::progress::{Busy, Notice, Progress, Steps};

/// Progress shown as `Output` shows it.
pub struct Shown(pub Output);

impl Progress for Shown {
    fn notice(&self, notice: Notice) {
        self.0.note(notice);
    }

    fn steps(&self, what: &'static str, len: u64) -> Box<dyn Steps> {
        Box::new(Bar(self.0.progress(len, what)))
    }

    fn busy(&self, what: &str) -> Box<dyn Busy> {
        Box::new(self.0.spinner(what))
    }
}

struct Bar(indicatif::ProgressBar);

impl Steps for Bar {
    fn advance(&self, n: u64) {
        self.0.inc(n);
    }
}

impl Drop for Bar {
    fn drop(&mut self) {
        self.0.finish_and_clear();
    }
}

impl Busy for crate::output::Spinner {}
