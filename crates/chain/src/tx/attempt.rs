//! A failed attempt at a transaction and what it leaves open: signing it again, sending the
//! same signed bytes again, or nothing. Whatever may have reached a block, or a pool that
//! could still pass it on, is never signed a second time: two signatures of one call could
//! both execute.

use crate::error::ChainError;

/// How many times `submit` signs a transaction whose nonce another client took first.
pub(super) const NONCE_ATTEMPTS: u32 = 4;

/// How many times `submit` sends the same signed transaction again after a node's pool
/// declared it invalid before any block (see `Next::Invalid`).
pub(super) const RESENDS: u32 = 3;

/// How long `submit` waits before sending it again: the pool puts back the transactions of a
/// retracted block as it imports the new best one, just after.
pub(super) const RESEND_DELAY: std::time::Duration = std::time::Duration::from_secs(1);

/// What may be tried again after a failed attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Retry {
    /// Nothing reached the pool, or the pool refused or dropped it before any block: it may be
    /// signed again. The next nonce is then the same one, so at most one of the two executes.
    Resign,
    /// A node's pool declared it invalid before any block. Another node's pool may still hold
    /// it, so it is never signed again with a new nonce; the same signed bytes can only ever
    /// execute once, so they may be sent again.
    Resend,
    /// The pool held it, or it was in a block: it may execute, so nothing is tried again.
    Never,
}

/// A failed attempt at a transaction.
pub(super) struct Attempt {
    pub(super) error: ChainError,
    pub(super) retry: Retry,
    /// The last block the signed transaction is valid in (its birth block plus its
    /// mortality), once it was signed.
    pub(super) valid_until: Option<u64>,
}

impl Attempt {
    /// Nothing reached the pool, or the pool refused or dropped it before any block.
    pub(super) fn resign(error: ChainError) -> Self {
        Self::new(error, Retry::Resign)
    }

    /// A node's pool declared it invalid before any block.
    pub(super) fn resend(error: ChainError) -> Self {
        Self::new(error, Retry::Resend)
    }

    /// The pool held it, or it was in a block.
    pub(super) fn never(error: ChainError) -> Self {
        Self::new(error, Retry::Never)
    }

    fn new(error: ChainError, retry: Retry) -> Self {
        Self {
            error,
            retry,
            valid_until: None,
        }
    }

    /// The attempt as its signing ends it: the signed transaction is valid until block
    /// `until`, and the resends it was allowed are spent.
    pub(super) fn signed(self, until: u64) -> Self {
        let retry = match self.retry {
            Retry::Resend => Retry::Never,
            other => other,
        };
        Self {
            retry,
            valid_until: Some(until),
            ..self
        }
    }

    /// True when it may be signed again because another transaction took its nonce: signed
    /// again, it gets the next one.
    pub(super) fn nonce_taken(&self) -> bool {
        self.retry == Retry::Resign && is_nonce_clash(&self.error)
    }

    /// True when it may be signed again and a runtime upgrade could be why it failed: a
    /// transaction signed for an older runtime is invalid in the new one, refused at
    /// submission or dropped by the pool.
    pub(super) fn runtime_may_be_stale(&self) -> bool {
        self.retry == Retry::Resign
            && matches!(self.error, ChainError::NotIncluded(_) | ChainError::Node(_))
    }
}

/// True when the pool refused a transaction because its nonce was already used or taken by a
/// transaction in the pool: signing again with a fresh nonce is safe, nothing was executed.
pub(super) fn is_nonce_clash(e: &ChainError) -> bool {
    let text = match e {
        ChainError::Node(inner) => inner.to_string(),
        ChainError::NotIncluded(message) => message.clone(),
        _ => return false,
    };
    ["Priority is too low", "Transaction is outdated"]
        .iter()
        .any(|needle| text.contains(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clash() -> ChainError {
        ChainError::NotIncluded("Priority is too low: (0 vs 0)".into())
    }

    #[test]
    fn only_what_may_be_signed_again_is_signed_again_works() {
        // refused or dropped before any block: a taken nonce, or maybe a runtime upgrade
        assert!(Attempt::resign(clash()).nonce_taken());
        assert!(Attempt::resign(clash()).runtime_may_be_stale());
        let dropped = Attempt::resign(ChainError::NotIncluded("dropped".into()));
        assert!(!dropped.nonce_taken() && dropped.runtime_may_be_stale());
        // a refusal that no new signature changes
        let broke = Attempt::resign(ChainError::decode("the fee quote", "short"));
        assert!(!broke.nonce_taken() && !broke.runtime_may_be_stale());
        // the pool may hold it, or another node's may: never signed again, whatever the error
        for held in [Attempt::never(clash()), Attempt::resend(clash())] {
            assert!(!held.nonce_taken() && !held.runtime_may_be_stale());
        }
    }

    #[test]
    fn signing_ends_the_resends_works() {
        let sent = Attempt::resend(ChainError::NotIncluded("Invalid".into())).signed(70);
        assert_eq!(sent.retry, Retry::Never);
        assert_eq!(sent.valid_until, Some(70));
        // and keeps what a resend did not decide
        assert_eq!(Attempt::resign(clash()).signed(70).retry, Retry::Resign);
        assert_eq!(Attempt::never(clash()).signed(70).retry, Retry::Never);
    }
}
