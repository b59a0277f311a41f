//! The one way a command of the CLI's own puts a contract call on chain (the library's
//! operations send theirs, with their progress). `EhrContract::execute` dry-runs it
//! (refusing what the contract would refuse), checks the fee and deposit against the signer's
//! balance (or stops there under `--dry-run`), signs, submits and waits for the block; this adds
//! what the user sees while it waits.

use anyhow::Result;
use ehr_chain::{EhrContract, Inclusion, Message, Signer};
use parity_scale_codec::Decode;

use crate::output::Output;

/// Sends `msg` with a spinner saying `what` while it waits, and returns the contract's answer
/// and where the transaction landed.
pub async fn send<T: Decode>(
    out: &Output,
    what: &str,
    contract: &EhrContract,
    signer: &Signer,
    msg: &Message<ehr::Result<T>>,
) -> Result<(T, Inclusion)> {
    Ok(out.wait(what, contract.execute(signer, msg)).await?)
}
