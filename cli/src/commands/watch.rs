//! `ehr watch`: the contract's events that concern you, live, block by block.
//!
//! Blocks are read in order by number, each exactly once: the last block printed is the only
//! state, so after the node goes away the command reconnects (with backoff) and resumes at the
//! next block, with no gap and no duplicate.

use crate::context::Context;
use anyhow::{Context as _, Result};
use clap::Args;
use ehr_chain::{AccountId32, ChainError, EhrContract};
use std::time::Duration;

mod printed;
use printed::{first_retracted, Printed};

/// Longest pause between two reconnection attempts.
const MAX_BACKOFF: Duration = Duration::from_secs(30);

#[derive(Debug, Args)]
pub struct WatchArgs {
    /// Follow best blocks instead of finalized ones: sooner, but an event printed may belong to
    /// a block that is later retracted. When the best chain reorganises, the blocks of the new
    /// fork are read again from where it forked (up to 64 blocks deep), with a warning.
    #[arg(long)]
    pub best: bool,
    /// Replay from this block on, then follow (default: from the next block).
    #[arg(long, value_name = "BLOCK")]
    pub from: Option<u64>,
    /// Stop after this block (default: follow until interrupted).
    #[arg(long, value_name = "BLOCK")]
    pub until: Option<u64>,
    #[command(flatten)]
    pub on: crate::cli::Watches,
}

pub async fn run(ctx: &Context, args: WatchArgs) -> Result<()> {
    let me = ctx.signer()?.account_id();
    let contract = ctx.contract().await?;
    let account = ctx.patient(&me)?;
    let finalized = !args.best;
    let mut next = match args.from {
        Some(block) => block,
        None => contract.client().head(finalized).await? + 1,
    };
    ctx.out.note(format!(
        "watching {}'s events from block #{next} ({} blocks); Ctrl-C to stop",
        account,
        if finalized { "finalized" } else { "best" }
    ));
    let mut contract = Some(contract);
    let mut printed = Printed::default();
    let mut backoff = Duration::from_secs(1);
    loop {
        let current = match contract.take() {
            Some(c) => Ok(c),
            None => ctx.contract().await,
        };
        let before = next;
        let outcome = match current {
            Ok(c) => {
                let at = Position {
                    next: &mut next,
                    printed: &mut printed,
                };
                follow(ctx, &c, &account, finalized, at, args.until).await
            }
            Err(e) => Err(e),
        };
        // A connection that got somewhere earns a quick reconnect next time.
        if next > before {
            backoff = Duration::from_secs(1);
        }
        match outcome {
            Ok(()) => return Ok(()),
            Err(e) if !worth_retrying(&e) => return Err(e),
            Err(e) => {
                ctx.out.warn(format!(
                    "lost the node ({}); reconnecting in {}s, then resuming at block #{next}",
                    crate::explain::chain_text(e.as_ref()),
                    backoff.as_secs()
                ));
                tokio::time::sleep(backoff).await;
                backoff = (backoff * 2).min(MAX_BACKOFF);
            }
        }
    }
}

/// Where watching stands: the first block not yet printed, and (following best blocks) the
/// last ones printed.
struct Position<'a> {
    next: &'a mut u64,
    printed: &'a mut Printed,
}

/// Prints blocks `next..` as the chain reaches them; returns after `until`, or with the error
/// that broke the connection (`next` then names the first block not yet printed).
async fn follow(
    ctx: &Context,
    contract: &EhrContract,
    account: &AccountId32,
    finalized: bool,
    at: Position<'_>,
    until: Option<u64>,
) -> Result<()> {
    let Position { next, printed } = at;
    let client = contract.client();
    let mut heads = client.subscribe_heads(finalized).await?;
    let mut head = client.head(finalized).await?;
    loop {
        if !finalized {
            reread_retracted(ctx, contract, next, printed).await?;
        }
        while *next <= head {
            if until.is_some_and(|u| *next > u) {
                return Ok(());
            }
            // Not there (yet): a best chain that reorganised to a shorter one, or a node
            // behind another; the next head says when.
            let Some(hash) = client.block_hash(*next).await? else {
                break;
            };
            // A block that does not follow the one printed before it: the best chain
            // reorganised while this was reading it.
            if !finalized {
                let parent = client.parent_hash(hash).await?.map(|h| h.0);
                if parent.is_some_and(|p| !printed.follows(*next, p))
                    && reread_retracted(ctx, contract, next, printed).await?
                {
                    continue;
                }
            }
            print_block(ctx, contract, account, *next, hash).await?;
            if !finalized {
                printed.push(*next, hash.0);
            }
            *next += 1;
        }
        if until.is_some_and(|u| *next > u) {
            return Ok(());
        }
        head = match heads.next().await {
            Some(number) => number?,
            None => return Err(SubscriptionEnded.into()),
        };
        // Events of a new runtime's blocks decode only with its metadata: reconnecting
        // loads it.
        if client.runtime_changed().await? {
            return Err(RuntimeChanged.into());
        }
    }
}

/// When the best chain no longer holds the newest block printed, goes back to the block after
/// the newest one it still holds, so the new fork's blocks are printed too.
/// True when it went back.
async fn reread_retracted(
    ctx: &Context,
    contract: &EhrContract,
    next: &mut u64,
    printed: &mut Printed,
) -> Result<bool> {
    let mut checked = Vec::new();
    for (number, hash) in printed.newest_first() {
        let now = contract.client().block_hash(number).await?.map(|h| h.0);
        checked.push(((number, hash), now));
        if now == Some(hash) {
            break;
        }
    }
    if let Some(from) = first_retracted(checked) {
        ctx.out.warn(format!(
            "the best chain reorganised: blocks from #{from} on were replaced, so what was printed for them may not have happened; reading the new blocks from #{from}"
        ));
        printed.retract_from(from);
        *next = from;
        return Ok(true);
    }
    Ok(false)
}

/// The chain's runtime was upgraded while following it.
#[derive(Debug, thiserror::Error)]
#[error("the chain's runtime was upgraded")]
struct RuntimeChanged;

/// The node ended the head subscription (it is shutting down, or dropped the connection).
#[derive(Debug, thiserror::Error)]
#[error("the node closed the subscription")]
struct SubscriptionEnded;

/// True for a lost or refused connection, which reconnecting may cure; false for what it will
/// not (a block whose state the node has pruned, a contract that is not there).
fn worth_retrying(e: &anyhow::Error) -> bool {
    match e.downcast_ref::<ChainError>() {
        Some(ChainError::Connect { .. }) => true,
        // Only what went wrong on the wire: events that do not decode (a block of an earlier
        // runtime, replayed) would fail again after every reconnect.
        Some(ChainError::Node(inner)) => match inner.as_ref() {
            ehr_chain::SubxtError::Rpc(_) | ehr_chain::SubxtError::Io(_) => {
                let text = inner.to_string();
                !(text.contains("discarded") || text.contains("pruned"))
            }
            _ => false,
        },
        _ => {
            e.downcast_ref::<SubscriptionEnded>().is_some()
                || e.downcast_ref::<RuntimeChanged>().is_some()
        }
    }
}

/// Prints what block `number` (`hash`) holds for `account`.
async fn print_block(
    ctx: &Context,
    contract: &EhrContract,
    account: &AccountId32,
    number: u64,
    hash: ehr_chain::H256,
) -> Result<()> {
    let client = contract.client();
    let events = client
        .contract_events(hash, contract.address())
        .await
        .with_context(|| {
            format!("cannot read the events of block #{number}; a node that prunes state (by default it keeps the last 256 blocks) cannot replay older ones: ask an archive node (`--state-pruning archive`), or start later with --from")
        })?;
    for e in events {
        if !e.concerns(account) {
            continue;
        }
        ctx.out.show(&crate::events_text::Watched {
            block: number,
            block_hash: format!("{hash:?}"),
            event: (&e.event).into(),
        });
    }
    Ok(())
}
