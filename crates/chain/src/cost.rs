//! What a transaction is expected to cost its signer, in planck: a plain value, known before
//! anything is signed, that errors and results both carry.

use serde::Serialize;

/// A transaction's expected cost, in planck.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Cost {
    /// The fee quoted for the signed transaction (its weight, length and tip).
    pub fee: u128,
    /// The storage deposit the dry run charged (refunded when the storage is freed).
    pub deposit: u128,
    /// What the transaction moves to another account (a transfer's amount).
    pub value: u128,
}

impl Cost {
    /// All the signer's free balance must cover.
    pub fn total(&self) -> u128 {
        self.fee
            .saturating_add(self.deposit)
            .saturating_add(self.value)
    }
}
