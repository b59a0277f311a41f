//! The waiting rule, as a state machine over a transaction's statuses: what each status the
//! node reports means for a caller who waits for a best block or a finalized one. It only
//! decides; `watch` does what it says.

use super::Wait;
use subxt::tx::TxStatus;
use subxt::utils::H256;
use subxt::{OnlineClient, PolkadotConfig};

/// A transaction's status as the waiting rule sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Status {
    /// In the pool, broadcast, or anything that is not an end.
    Pending,
    InBestBlock(H256),
    NoLongerInBestBlock,
    InFinalizedBlock(H256),
    /// Dropped, usurped, finality timed out: the pool gave up on it.
    Gone(String),
    /// The pool declared it invalid.
    Invalid(String),
}

/// What to do after a status.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Next {
    /// Keep waiting.
    Wait,
    /// Tell the caller it is in this best block, then keep waiting for finality.
    ReportInBlock(H256),
    /// Tell the caller its block was retracted, then keep waiting.
    ReportRetracted,
    /// It is where the caller wanted it: in this block (finalized or not).
    Done { block: H256, finalized: bool },
    /// It was in a block once but is on no chain now.
    Retracted(String),
    /// It never reached a block.
    NotIncluded(String),
    /// The pool declared it invalid. On a parachain this happens when the block that carried
    /// the signer's previous transaction is retracted (and with it, maybe, this one's block):
    /// the block author finds the nonce ahead of the chain and drops the transaction as
    /// invalid, though it turns valid again once the previous one is included again.
    Invalid(String),
}

/// The waiting rule: with `Wait::Best` a best block is enough; with `Wait::Finalized` only a
/// finalized block is, and a transaction that was in a block and then given up is reported as
/// retracted (it is not on the finalized chain), never as done.
#[derive(Debug)]
pub(super) struct Follow {
    wait: Wait,
    seen_in_block: bool,
}

impl Follow {
    pub(super) fn new(wait: Wait) -> Self {
        Self {
            wait,
            seen_in_block: false,
        }
    }

    pub(super) fn step(&mut self, status: Status) -> Next {
        match status {
            Status::Pending => Next::Wait,
            Status::InBestBlock(block) if self.wait == Wait::Best => Next::Done {
                block,
                finalized: false,
            },
            Status::InBestBlock(block) => {
                self.seen_in_block = true;
                Next::ReportInBlock(block)
            }
            Status::NoLongerInBestBlock => Next::ReportRetracted,
            Status::InFinalizedBlock(block) => Next::Done {
                block,
                finalized: true,
            },
            Status::Gone(message) if self.seen_in_block => Next::Retracted(message),
            Status::Gone(message) => Next::NotIncluded(message),
            Status::Invalid(message) => Next::Invalid(message),
        }
    }

    /// The node closed the subscription before the end.
    pub(super) fn ended(&self) -> Next {
        let message = "the node closed the subscription before the transaction was final".into();
        if self.seen_in_block {
            Next::Retracted(message)
        } else {
            Next::NotIncluded(message)
        }
    }
}

/// The status as the waiting rule sees it.
pub(super) fn status_of(status: &TxStatus<PolkadotConfig, OnlineClient<PolkadotConfig>>) -> Status {
    match status {
        TxStatus::InBestBlock(b) => Status::InBestBlock(b.block_hash()),
        TxStatus::InFinalizedBlock(b) => Status::InFinalizedBlock(b.block_hash()),
        TxStatus::NoLongerInBestBlock => Status::NoLongerInBestBlock,
        TxStatus::Invalid { message } => Status::Invalid(message.clone()),
        TxStatus::Error { message } | TxStatus::Dropped { message } => {
            Status::Gone(message.clone())
        }
        TxStatus::Validated | TxStatus::Broadcasted { .. } => Status::Pending,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: H256 = H256([1; 32]);
    const B: H256 = H256([2; 32]);

    fn run(wait: Wait, statuses: &[Status]) -> Vec<Next> {
        let mut follow = Follow::new(wait);
        statuses.iter().map(|s| follow.step(s.clone())).collect()
    }

    #[test]
    fn best_block_is_enough_when_asked_works() {
        let steps = run(Wait::Best, &[Status::Pending, Status::InBestBlock(A)]);
        assert_eq!(
            steps.last(),
            Some(&Next::Done {
                block: A,
                finalized: false
            })
        );
    }

    #[test]
    fn finalized_waits_past_the_best_block_works() {
        let steps = run(
            Wait::Finalized,
            &[
                Status::Pending,
                Status::InBestBlock(A),
                Status::InFinalizedBlock(A),
            ],
        );
        assert_eq!(steps[1], Next::ReportInBlock(A));
        assert_eq!(
            steps[2],
            Next::Done {
                block: A,
                finalized: true
            }
        );
    }

    #[test]
    fn reincluded_after_retraction_works() {
        // in block A, A retracted, then in B and B finalized: done in B
        let steps = run(
            Wait::Finalized,
            &[
                Status::InBestBlock(A),
                Status::NoLongerInBestBlock,
                Status::InBestBlock(B),
                Status::InFinalizedBlock(B),
            ],
        );
        assert_eq!(steps[1], Next::ReportRetracted);
        assert_eq!(
            steps[3],
            Next::Done {
                block: B,
                finalized: true
            }
        );
    }

    #[test]
    fn retracted_and_dropped_is_never_done_fails() {
        // in block A, then the pool gives up on it: retracted, not stored
        let steps = run(
            Wait::Finalized,
            &[
                Status::InBestBlock(A),
                Status::NoLongerInBestBlock,
                Status::Gone("Transaction was dropped".into()),
            ],
        );
        assert_eq!(
            steps.last(),
            Some(&Next::Retracted("Transaction was dropped".into()))
        );
        // and a subscription that ends after a best block is not a finalized write either
        let mut follow = Follow::new(Wait::Finalized);
        follow.step(Status::InBestBlock(A));
        assert!(matches!(follow.ended(), Next::Retracted(_)));
    }

    #[test]
    fn declared_invalid_before_any_block_is_sent_again_works() {
        // a parachain's block author dropped it (its nonce ran ahead of a retracted block):
        // the same signed bytes may go again
        let steps = run(Wait::Finalized, &[Status::Invalid("Invalid".into())]);
        assert_eq!(steps, vec![Next::Invalid("Invalid".into())]);
        // and after a block too (that block may have left the chain: the chain is asked)
        let steps = run(
            Wait::Finalized,
            &[Status::InBestBlock(A), Status::Invalid("Invalid".into())],
        );
        assert_eq!(steps[1], Next::Invalid("Invalid".into()));
    }

    #[test]
    fn dropped_before_any_block_is_not_included_fails() {
        let steps = run(Wait::Finalized, &[Status::Gone("Dropped".into())]);
        assert_eq!(steps, vec![Next::NotIncluded("Dropped".into())]);
        assert!(matches!(
            Follow::new(Wait::Best).ended(),
            Next::NotIncluded(_)
        ));
    }
}
