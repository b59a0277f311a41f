//! What a run has put on chain so far: when a later step fails, the error must not read as if
//! nothing was sent. Filled from the chain client's progress reports, one setting for the run.

use std::sync::Mutex;

/// One transaction that landed: the message, its block and its index there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Landed {
    pub what: &'static str,
    pub block: u64,
    pub index: u32,
}

static LANDED: Mutex<Vec<Landed>> = Mutex::new(Vec::new());

/// Notes a landed transaction.
pub fn record(landed: Landed) {
    if let Ok(mut all) = LANDED.lock() {
        all.push(landed);
    }
}

/// Every transaction this run has landed, in order.
pub fn all() -> Vec<Landed> {
    LANDED.lock().map(|all| all.clone()).unwrap_or_default()
}

/// The transactions in words: `open_record in block #12 (extrinsic 12-1)`.
pub fn words(landed: &[Landed]) -> String {
    landed
        .iter()
        .map(|l| {
            format!(
                "{} in block #{} (extrinsic {}-{})",
                l.what, l.block, l.block, l.index
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}
