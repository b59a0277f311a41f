//! One attempt at a transaction, from its submission to its block: the node's statuses go
//! through the waiting rule (`follow`), and what ends without certainty goes to `settle`.

use super::attempt::Attempt;
use super::follow::{status_of, Follow, Next};
use super::settle::{lost, settle, unreachable_is_lost};
use super::sign::Tx;
use super::{Inclusion, Progress};
use crate::client::Client;
use crate::cost::Cost;
use crate::dispatch::DispatchFailure;
use crate::error::{ChainError, Result};
use subxt::tx::{TxInBlock, TxStatus};
use subxt::utils::H256;
use subxt::{OnlineClient, PolkadotConfig};

/// Submits `tx` and follows it as the client's `Wait` asks. `resent`: the same signed bytes
/// were sent before and declared invalid, so another node may have included them meanwhile.
pub(super) async fn watch(
    client: &Client,
    tx: Tx,
    cost: Cost,
    resent: bool,
) -> core::result::Result<Inclusion, Attempt> {
    let extrinsic_hash = tx.hash();
    let started = std::time::Instant::now();
    // Refused at submission: the pool never held it, unless it was sent before (its nonce
    // may be used up by this very transaction, included through another node).
    let mut progress = tx.submit_and_watch().await.map_err(|e| {
        if resent {
            Attempt::never(ChainError::Unconfirmed {
                message: format!("the node declared it invalid, and sending it again failed: {e}"),
            })
        } else {
            Attempt::resign(e.into())
        }
    })?;
    let mut follow = Follow::new(client.wait);
    let mut last_block: Option<(H256, u64)> = None;
    while let Some(status) = progress.next().await {
        // The connection broke while the pool may hold it: never signed again, and
        // reported as an outcome not known yet.
        let status = status.map_err(|e| Attempt::never(lost(last_block, e.into())))?;
        let next = follow.step(status_of(&status));
        match next {
            Next::Wait => {}
            Next::ReportInBlock(hash) => {
                client.step("submit until in a best block", started);
                let number = client
                    .block_number(hash)
                    .await
                    .map_err(|e| Attempt::never(lost(last_block, e)))?;
                last_block = Some((hash, number));
                client.report(Progress::InBlock { number, hash });
            }
            Next::ReportRetracted => client.report(Progress::Retracted {
                number: last_block.map(|(_, n)| n).unwrap_or_default(),
            }),
            Next::Done { block, finalized } => {
                client.step(
                    if finalized {
                        "submit until finalized"
                    } else {
                        "submit until in a best block"
                    },
                    started,
                );
                let in_block = match status {
                    TxStatus::InBestBlock(b) | TxStatus::InFinalizedBlock(b) => b,
                    _ => unreachable_in_block().map_err(Attempt::never)?,
                };
                return landed(client, in_block, block, finalized, extrinsic_hash, cost)
                    .await
                    .map_err(Attempt::never);
            }
            // Given up on after a block: whether it stands is the chain's to say.
            Next::Retracted(message) => {
                return settle(client, last_block, message, extrinsic_hash, cost)
                    .await
                    .map_err(|e| Attempt::never(unreachable_is_lost(last_block, e)));
            }
            // Dropped or invalid before any block: not executed, and not to be.
            Next::NotIncluded(message) => {
                return Err(Attempt::resign(ChainError::NotIncluded(message)))
            }
            // Where it was in a block, the chain says whether that block stands; if it left
            // the chain, or there was none, the same bytes may go again.
            Next::Invalid(message) => {
                return match settle(client, last_block, message, extrinsic_hash, cost).await {
                    Err(e @ (ChainError::Retracted { .. } | ChainError::NotIncluded(_))) => {
                        Err(Attempt::resend(e))
                    }
                    other => other.map_err(|e| Attempt::never(unreachable_is_lost(last_block, e))),
                };
            }
        }
    }
    match follow.ended() {
        Next::Retracted(message) => settle(client, last_block, message, extrinsic_hash, cost)
            .await
            .map_err(|e| Attempt::never(unreachable_is_lost(last_block, e))),
        _ => Err(Attempt::never(ChainError::Unconfirmed {
            message: "the node closed the subscription".into(),
        })),
    }
}

/// The transaction in the block the caller waited for: its events once it succeeded there.
async fn landed(
    client: &Client,
    in_block: TxInBlock<PolkadotConfig, OnlineClient<PolkadotConfig>>,
    block_hash: H256,
    finalized: bool,
    extrinsic_hash: H256,
    cost: Cost,
) -> Result<Inclusion> {
    let started = std::time::Instant::now();
    let events = match in_block.wait_for_success().await {
        Ok(events) => events,
        Err(subxt::Error::Runtime(err)) => {
            // It failed, but in a block: its fee is paid and it is public.
            if let Ok(block) = client.block_number(block_hash).await {
                client.report(Progress::Landed {
                    what: "a transaction that failed in its block",
                    block,
                    index: None,
                });
            }
            return Err(ChainError::Dispatch(DispatchFailure::from_subxt(&err)));
        }
        Err(other) => return Err(other.into()),
    };
    let block_number = client.block_number(block_hash).await?;
    client.step("events and block number", started);
    Ok(Inclusion {
        block_hash,
        block_number,
        finalized,
        extrinsic_index: events.extrinsic_index(),
        extrinsic_hash,
        events,
        attempts: 1,
        cost,
    })
}

fn unreachable_in_block<T>() -> Result<T> {
    Err(ChainError::decode(
        "the transaction status",
        "done without a block",
    ))
}
