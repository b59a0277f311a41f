//! The one way a command puts a contract call on chain. `EhrContract::execute` dry-runs it
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

/// Sends `msg` as one step of a longer run that shows its own progress (a bar, a count), so no
/// spinner of its own.
pub async fn send_step<T: Decode>(
    contract: &EhrContract,
    signer: &Signer,
    msg: &Message<ehr::Result<T>>,
) -> Result<(T, Inclusion)> {
    Ok(contract.execute(signer, msg).await?)
}
