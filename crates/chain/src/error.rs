//! Errors of the chain client, each saying what went wrong in the chain's terms; what to do
//! about it is for the program using the client to say (the CLI's `explain`).
//!
//! Errors sit below everything else in the crate: this module uses only the plain values it
//! carries (`cost`, `dispatch`), never the code that produces them.

use crate::cost::Cost;
use crate::dispatch::DispatchFailure;

/// Why a chain operation failed.
#[derive(Debug, thiserror::Error)]
pub enum ChainError {
    /// The node could not be reached.
    #[error("cannot reach a node at {url}: {source}")]
    Connect {
        url: String,
        #[source]
        source: Box<subxt::Error>,
    },
    /// The node answered with an error or the connection broke.
    #[error("node error: {0}")]
    Node(Box<subxt::Error>),
    /// The chain refused the transaction or the dry run (e.g. not enough funds, bad origin).
    #[error("the chain refused the call: {0}")]
    Dispatch(DispatchFailure),
    /// The contract's code trapped or reverted without an ehr error (often: not an ehr contract).
    #[error("the contract reverted{0} without an ehr error")]
    Reverted(String),
    /// The address holds no contract, or a contract that is not ehr.
    #[error("{0}")]
    NotEhr(String),
    /// The contract refused the call with one of its documented errors (in the dry run: nothing
    /// was sent).
    #[error("the contract refused the call: {0:?}")]
    Contract(ehr::Error),
    /// The dry run passed but the contract refused the call in its block (the chain changed in
    /// between): nothing was stored, but the transaction and its call data are public in that
    /// block.
    #[error("the contract refused the call in its block: {0:?}")]
    ContractInBlock(ehr::Error),
    /// The contract did not understand the message (wrong selector or arguments).
    #[error("the contract does not know this message ({0:?})")]
    Lang(ink::LangError),
    /// Bytes from the chain did not decode as expected.
    #[error("could not decode {what}: {detail}")]
    Decode { what: &'static str, detail: String },
    /// The transaction was dropped or declared invalid by the pool.
    #[error("the transaction was not included: {0}")]
    NotIncluded(String),
    /// The transaction was in a best block, but that block left the chain and the transaction
    /// is not on the finalized chain: nothing it did stands.
    #[error("the transaction was in block #{block}, but that block was retracted and the transaction was not included again ({message}); nothing it did is on the finalized chain")]
    Retracted { block: u64, message: String },
    /// The node's pool let the transaction go (dropped it, declared it invalid, or its block
    /// was retracted) with nothing of it on the chain, but it stays valid until block `until`
    /// (its mortality): another node's pool may still include it until then, so running the
    /// call again before that block is finalized could do it twice.
    #[error("{message}; but the signed transaction stays valid until block #{until}, and another node may still include it until then")]
    MayLand { until: u64, message: String },
    /// The transaction is in best block `block`, which is still the chain's, but the node
    /// stopped reporting on it before that block was finalized: it may yet be final.
    #[error("the transaction is in block #{block}, but the node stopped reporting on it ({message}) before that block was finalized; it may still be")]
    Unsettled { block: u64, message: String },
    /// The transaction was sent to the node, but the node stopped answering before it was in a
    /// block: the node may have passed it on to others, so it may still be included.
    #[error("the transaction was sent, but the node stopped answering ({message}) before it was in a block; another node may still include it")]
    Unconfirmed { message: String },
    /// The signer's free balance is below the storage deposit the call needs: the dry run ran
    /// out of it, so the deposit's size is unknown (nothing was sent).
    #[error(
        "account {account} has {has}, less than the storage deposit this call needs plus its fee"
    )]
    CannotPayDeposit { account: String, has: String },
    /// The signer's free balance cannot cover the fee, deposit and value (nothing was sent).
    #[error("{0}")]
    CannotPay(Box<Shortfall>),
    /// Asked for a dry run only: the transaction passed its dry run and fee check and was not
    /// signed or sent; what it would cost.
    #[error("dry run only: nothing was signed or sent (fee {} + deposit {} planck)", .0.fee, .0.deposit)]
    DryRunOnly(Cost),
    /// A signer or account string could not be parsed.
    #[error("invalid {what} {value:?}: {detail}")]
    InvalidInput {
        what: &'static str,
        value: String,
        detail: String,
    },
}

/// What an account has and what a call needs of it, each in the chain's token.
#[derive(Debug, thiserror::Error)]
#[error("account {account} has {has}; this needs about {needs} (fee {fee} + deposit {deposit}{} + {keep} every account must keep)", value.as_ref().map(|v| format!(" + amount {v}")).unwrap_or_default())]
pub struct Shortfall {
    pub account: String,
    pub has: String,
    pub needs: String,
    pub fee: String,
    pub deposit: String,
    /// What the call moves to another account, if anything.
    pub value: Option<String>,
    /// The existential deposit.
    pub keep: String,
}

/// Result of a chain operation.
pub type Result<T> = core::result::Result<T, ChainError>;

impl From<subxt::Error> for ChainError {
    fn from(e: subxt::Error) -> Self {
        ChainError::Node(Box::new(e))
    }
}

impl ChainError {
    /// True when the node or the chain failed the caller, whatever was asked of it: the node
    /// could not be reached or broke off (`Connect`, `Node`), a transaction was not included or
    /// its block left the chain (`NotIncluded`, `Retracted`), or where it went is not known yet
    /// (`Unsettled`, `Unconfirmed`, `MayLand`). None of these is the contract's answer or the
    /// caller's mistake; trying again through a node that answers may go otherwise (though for
    /// an outcome not known yet, only after checking it did not land).
    pub fn is_node_failure(&self) -> bool {
        matches!(
            self,
            ChainError::Connect { .. }
                | ChainError::Node(_)
                | ChainError::NotIncluded(_)
                | ChainError::Retracted { .. }
                | ChainError::Unsettled { .. }
                | ChainError::Unconfirmed { .. }
                | ChainError::MayLand { .. }
        )
    }

    /// True when the contract refused the call with one of its own errors: in the dry run
    /// (`Contract`, nothing was sent) or in its block (`ContractInBlock`, nothing was stored but
    /// the transaction is public). Sending the same call again is refused the same way until
    /// the chain's state changes.
    pub fn is_contract_refusal(&self) -> bool {
        matches!(
            self,
            ChainError::Contract(_) | ChainError::ContractInBlock(_)
        )
    }

    pub(crate) fn decode(what: &'static str, err: impl std::fmt::Display) -> Self {
        ChainError::Decode {
            what,
            detail: err.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn node_failures_and_refusals_are_told_apart_works() {
        let node = || Box::new(subxt::Error::Other("connection reset".into()));
        let message = || "dropped".to_string();
        let node_failures = [
            ChainError::Connect {
                url: "ws://127.0.0.1:9944".into(),
                source: node(),
            },
            ChainError::Node(node()),
            ChainError::NotIncluded(message()),
            ChainError::Retracted {
                block: 7,
                message: message(),
            },
            ChainError::Unsettled {
                block: 7,
                message: message(),
            },
            ChainError::Unconfirmed { message: message() },
            ChainError::MayLand {
                until: 70,
                message: message(),
            },
        ];
        for e in &node_failures {
            assert!(e.is_node_failure(), "{e:?}");
            assert!(!e.is_contract_refusal(), "{e:?}");
        }
        let refusals = [
            ChainError::Contract(ehr::Error::NotPatient),
            ChainError::ContractInBlock(ehr::Error::NotPatient),
        ];
        for e in &refusals {
            assert!(e.is_contract_refusal(), "{e:?}");
            assert!(!e.is_node_failure(), "{e:?}");
        }
        // the caller's or the runtime's doing: neither
        for e in [
            ChainError::DryRunOnly(Cost::default()),
            ChainError::Reverted(String::new()),
            ChainError::decode("a block header", "node returned none"),
        ] {
            assert!(!e.is_node_failure() && !e.is_contract_refusal(), "{e:?}");
        }
    }
}
