//! What a transaction that ended without certainty becomes. Only the chain can say where a
//! transaction went once the node stopped reporting on it: on the finalized chain (done), its
//! block no longer the chain's (`Retracted`), still only in a best block (`Unsettled`), or
//! maybe passed on before any block (`Unconfirmed`); and one the pool let go stays valid for
//! the rest of its mortality (`MayLand`). Never "not included" while it could still be.

use super::attempt::{is_nonce_clash, Attempt};
use super::Inclusion;
use crate::client::Client;
use crate::cost::Cost;
use crate::error::{ChainError, Result};
use subxt::utils::H256;

/// The error to report once nothing more will be tried: a transaction the pool let go
/// without its taking effect is still valid for the rest of its mortality, so until then its
/// outcome is unknown (`MayLand`), never "not included". Only one whose nonce another
/// transaction took can never land.
pub(super) fn outcome(failed: Attempt) -> ChainError {
    match (failed.error, failed.valid_until) {
        (e @ (ChainError::NotIncluded(_) | ChainError::Retracted { .. }), Some(until))
            if !is_nonce_clash(&e) =>
        {
            ChainError::MayLand {
                until,
                message: e.to_string(),
            }
        }
        (e, _) => e,
    }
}

/// What a broken connection means for a transaction the pool held: in a best block (`last`)
/// that may yet be finalized, or in no block yet and maybe passed on to other nodes. Either way
/// the outcome is not known, never "not included".
pub(super) fn lost(last: Option<(H256, u64)>, error: ChainError) -> ChainError {
    let message = match error {
        ChainError::Node(inner) => inner.to_string(),
        other => other.to_string(),
    };
    match last {
        Some((_, block)) => ChainError::Unsettled { block, message },
        None => ChainError::Unconfirmed { message },
    }
}

/// A failure to ask the node where a transaction ended up (it went away while the transaction
/// was in block `last`) is an outcome not known, like [`lost`]; any other error stands.
pub(super) fn unreachable_is_lost(last: Option<(H256, u64)>, error: ChainError) -> ChainError {
    match error {
        e @ ChainError::Node(_) => lost(last, e),
        other => other,
    }
}

/// The outcome of a transaction that was in block `last` when the node stopped reporting on
/// it (`message`): on the finalized chain (its events read again), retracted (that block is
/// no longer the chain's at its height), or not known yet (still only in a best block).
pub(super) async fn settle(
    client: &Client,
    last: Option<(H256, u64)>,
    message: String,
    extrinsic_hash: H256,
    cost: Cost,
) -> Result<Inclusion> {
    let Some((hash, number)) = last else {
        return Err(ChainError::NotIncluded(message));
    };
    let canonical = client.block_hash(number).await?;
    if canonical != Some(hash) {
        return Err(ChainError::Retracted {
            block: number,
            message,
        });
    }
    let finalized = client.head(true).await?;
    if number > finalized {
        return Err(ChainError::Unsettled {
            block: number,
            message,
        });
    }
    let Some((extrinsic_index, events)) = client.extrinsic_in(hash, extrinsic_hash).await? else {
        return Err(ChainError::decode(
            "the finalized block",
            "the transaction is not in it",
        ));
    };
    let failed = events
        .iter()
        .flatten()
        .any(|e| e.pallet_name() == "System" && e.variant_name() == "ExtrinsicFailed");
    if failed {
        return Err(ChainError::decode(
            "the transaction's outcome",
            format!("it failed in block #{number}"),
        ));
    }
    Ok(Inclusion {
        block_hash: hash,
        block_number: number,
        finalized: true,
        extrinsic_index,
        extrinsic_hash,
        events,
        attempts: 1,
        cost,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: H256 = H256([1; 32]);

    #[test]
    fn a_transaction_let_go_is_unknown_until_its_mortality_ends_works() {
        let signed = |error| Attempt::resign(error).signed(70);
        // dropped before any block, or in a block that was retracted: it may still land
        for error in [
            ChainError::NotIncluded("dropped".into()),
            ChainError::Retracted {
                block: 7,
                message: "dropped".into(),
            },
        ] {
            let outcome = outcome(signed(error));
            assert!(
                matches!(&outcome, ChainError::MayLand { until: 70, .. }),
                "{outcome:?}"
            );
            assert!(outcome.to_string().contains("valid until block #70"));
        }
        // its nonce taken by another transaction: it can never land
        let clash = ChainError::NotIncluded("Transaction is outdated".into());
        assert!(matches!(outcome(signed(clash)), ChainError::NotIncluded(_)));
        // never signed: nothing can land
        assert!(matches!(
            outcome(Attempt::resign(ChainError::NotIncluded("x".into()))),
            ChainError::NotIncluded(_)
        ));
    }

    #[test]
    fn a_broken_connection_is_an_unknown_outcome_works() {
        let broken = || ChainError::NotIncluded("connection reset".into());
        // in no block yet: it may still be included by another node
        let unconfirmed = lost(None, broken());
        assert!(
            matches!(&unconfirmed, ChainError::Unconfirmed { message } if message.contains("connection reset")),
            "{unconfirmed:?}"
        );
        assert!(unconfirmed.to_string().contains("may still include it"));
        // a node that cannot be asked about the block is the same unknown
        let gone = subxt::Error::Other("connection closed".into());
        assert!(matches!(
            unreachable_is_lost(Some((A, 7)), ChainError::Node(Box::new(gone))),
            ChainError::Unsettled { block: 7, .. }
        ));
        let retracted = ChainError::Retracted {
            block: 7,
            message: "dropped".into(),
        };
        assert!(matches!(
            unreachable_is_lost(Some((A, 7)), retracted),
            ChainError::Retracted { .. }
        ));
        // in a best block: that block may still be finalized
        let unsettled = lost(Some((A, 7)), broken());
        assert!(
            matches!(unsettled, ChainError::Unsettled { block: 7, .. }),
            "{unsettled:?}"
        );
    }
}
