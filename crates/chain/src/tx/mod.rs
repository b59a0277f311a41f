//! The transaction path: a transaction is checked against the signer's funds, signed with the
//! pool's next nonce, submitted, and followed until it is in a best block or a finalized one,
//! as the caller asked.
//!
//! - `submit`: the client's entry points and the loop over attempts;
//! - `sign`: what is signed (nonce, mortality and the block it counts from, deposit limit);
//! - `watch`: one attempt, from submission to its block, driving `follow`, the waiting rule;
//! - `attempt`: what a failed attempt leaves open (sign again, send again, or never);
//! - `settle`: what a transaction that ended without certainty becomes.
//!
//! This module holds only the values the rest of the crate and its callers see, so the
//! client can name them without depending on the path that produces them.

mod attempt;
mod follow;
mod settle;
mod sign;
mod submit;
mod watch;

use crate::cost::Cost;
use subxt::blocks::ExtrinsicEvents;
use subxt::utils::H256;
use subxt::PolkadotConfig;

/// How far a transaction must get before `submit` returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wait {
    /// In a best block: fast, but a reorganisation may still drop it.
    Best,
    /// In a finalized block: it is there for good.
    Finalized,
}

/// Where a transaction is, told to the caller's progress function while `submit` waits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// In best block `number`; waiting for it to be finalized.
    InBlock { number: u64, hash: H256 },
    /// The block that carried it left the best chain; waiting for it to be included again.
    Retracted { number: u64 },
    /// The runtime was upgraded under the transaction; signing it again for the new runtime.
    RuntimeUpgraded { spec_version: u32 },
    /// A transaction landed (its fee is paid and it is public), whatever comes after it.
    Landed {
        what: &'static str,
        block: u64,
        /// Its index in the block, when known.
        index: Option<u32>,
    },
    /// A step of a call took this long (for `EHR_TIMINGS`: where a command's time goes).
    Step {
        what: &'static str,
        took: std::time::Duration,
    },
}

/// Where and how a transaction landed.
#[derive(Debug)]
pub struct Inclusion {
    /// The block that carries it.
    pub block_hash: H256,
    /// That block's number.
    pub block_number: u64,
    /// True when that block is finalized (`Wait::Finalized`).
    pub finalized: bool,
    /// Its index in the block.
    pub extrinsic_index: u32,
    /// The transaction's hash.
    pub extrinsic_hash: H256,
    /// The events it emitted.
    pub events: ExtrinsicEvents<PolkadotConfig>,
    /// How many times it was signed: more than once when another client of the same account
    /// took its nonce first.
    pub attempts: u32,
    /// What it was expected to cost before it was signed.
    pub cost: Cost,
}
