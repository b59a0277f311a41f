//! What a run has put on chain so far: when a later step fails, the error must not read as if
//! nothing was sent. Filled from the chain client's progress reports, one setting for the run.

use std::sync::Mutex;

/// One transaction that landed: the message, its block and its index there (also the
/// `landed` entries of a failed run's JSON).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Landed {
    pub what: &'static str,
    #[serde(rename = "block_number")]
    pub block: u64,
    #[serde(rename = "extrinsic_index")]
    pub index: Option<u32>,
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
        .map(|l| match l.index {
            Some(i) => format!(
                "{} in block #{} (extrinsic {}-{i})",
                l.what, l.block, l.block
            ),
            None => format!("{} in block #{}", l.what, l.block),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Where a transaction landed and what it cost: the `inclusion` part of every write's result.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Landing {
    pub block_number: u64,
    pub block_hash: String,
    pub finalized: bool,
    pub extrinsic_index: u32,
    pub extrinsic_hash: String,
    /// Times it was signed (more than once when another client took its nonce first).
    pub attempts: u32,
    pub cost: CostView,
}

/// A cost in planck (as strings: they can exceed JSON's safe integers) and in the chain's token.
#[derive(Debug, Clone, serde::Serialize)]
pub struct CostView {
    pub fee: String,
    pub deposit: String,
    pub total: String,
    pub token: String,
    pub decimals: u8,
    pub fee_text: String,
    pub deposit_text: String,
}

impl From<&ehr_chain::Cost> for CostView {
    fn from(cost: &ehr_chain::Cost) -> Self {
        let token = crate::units::token();
        Self {
            fee: cost.fee.to_string(),
            deposit: cost.deposit.to_string(),
            total: cost.total().to_string(),
            fee_text: token.format(cost.fee),
            deposit_text: token.format(cost.deposit),
            token: token.symbol,
            decimals: token.decimals,
        }
    }
}

impl From<&ehr_chain::Inclusion> for Landing {
    fn from(i: &ehr_chain::Inclusion) -> Self {
        Self {
            block_number: i.block_number,
            block_hash: format!("{:?}", i.block_hash),
            finalized: i.finalized,
            extrinsic_index: i.extrinsic_index,
            extrinsic_hash: format!("{:?}", i.extrinsic_hash),
            attempts: i.attempts,
            cost: (&i.cost).into(),
        }
    }
}

impl std::fmt::Display for Landing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "in block #{} ({}), extrinsic {}-{}, {}; fee {}",
            self.block_number,
            self.block_hash,
            self.block_number,
            self.extrinsic_index,
            if self.finalized {
                "finalized"
            } else {
                "best block, not waited for finality"
            },
            self.cost.fee_text
        )?;
        if self.cost.deposit != "0" {
            write!(f, ", deposit {}", self.cost.deposit_text)?;
        }
        Ok(())
    }
}
