//! Reading the contract: a query's answer, or the contract's refusal as an error.

use crate::error::Result;
use ehr_chain::{AccountId32, ChainError, EhrContract};

/// What a contract query answers, or the contract's refusal as an error.
pub async fn ask<R: parity_scale_codec::Decode>(
    contract: &EhrContract,
    origin: &AccountId32,
    msg: ehr_chain::Message<ehr::Result<R>>,
) -> Result<R> {
    Ok(contract
        .query(origin, &msg)
        .await?
        .map_err(ChainError::Contract)?)
}
