//! The pallet-contracts runtime API (`ContractsApi`, version 2): dry runs of calls and
//! instantiations. Argument and result layouts follow pallet-contracts 38 (polkadot-sdk stable2409).

use crate::dispatch::DispatchFailure;
use crate::error::{ChainError, Result};
use parity_scale_codec::{Compact, Decode, Encode};
use subxt::utils::AccountId32;

/// A weight: execution time and proof size.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Encode, Decode, serde::Serialize)]
pub struct Weight {
    /// Picoseconds of execution time.
    #[codec(compact)]
    pub ref_time: u64,
    /// Bytes of storage proof.
    #[codec(compact)]
    pub proof_size: u64,
}

impl Weight {
    /// The weight plus a safety margin (`percent` more), to cover state that changes between the
    /// dry run and inclusion.
    pub fn with_margin(self, percent: u64) -> Self {
        let add = |v: u64| v.saturating_add(v.saturating_mul(percent) / 100);
        Self {
            ref_time: add(self.ref_time),
            proof_size: add(self.proof_size),
        }
    }
}

/// The storage deposit a call charges or refunds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Encode, Decode, serde::Serialize)]
pub enum StorageDeposit {
    /// Deposit refunded to the caller.
    Refund(u128),
    /// Deposit charged from the caller.
    Charge(u128),
}

impl StorageDeposit {
    /// The amount charged (0 for a refund).
    pub fn charge(&self) -> u128 {
        match self {
            StorageDeposit::Charge(v) => *v,
            StorageDeposit::Refund(_) => 0,
        }
    }
}

/// What contract code returned.
#[derive(Debug, Clone, Decode)]
pub(crate) struct ExecReturnValue {
    pub flags: u32,
    pub data: Vec<u8>,
}

impl ExecReturnValue {
    /// `ReturnFlags::REVERT`.
    pub fn reverted(&self) -> bool {
        self.flags & 1 == 1
    }
}

#[derive(Debug, Decode)]
pub(crate) struct InstantiateReturnValue {
    pub result: ExecReturnValue,
    /// The address the contract would get; the real one comes from the `Instantiated` event.
    #[allow(dead_code)]
    pub account_id: AccountId32,
}

/// `ContractResult` up to and including `result`'s tag; the rest is decoded by hand because a
/// `DispatchError` needs the chain's metadata to decode.
#[derive(Debug, Decode)]
struct ResultHead {
    gas_consumed: Weight,
    gas_required: Weight,
    storage_deposit: StorageDeposit,
    debug_message: Vec<u8>,
}

/// The outcome of a dry run.
#[derive(Debug, Clone)]
pub struct DryRun<T> {
    /// Weight the call used.
    pub gas_consumed: Weight,
    /// Weight to give the real call so that it does not run out.
    pub gas_required: Weight,
    /// Storage deposit the call charges or refunds.
    pub storage_deposit: StorageDeposit,
    /// Contract debug output (only on nodes that enable it).
    pub debug_message: String,
    /// The returned value.
    pub value: T,
}

/// Arguments of `ContractsApi_call`.
#[derive(Encode)]
pub(crate) struct CallArgs<'a> {
    pub origin: &'a AccountId32,
    pub dest: &'a AccountId32,
    pub value: u128,
    pub gas_limit: Option<Weight>,
    pub storage_deposit_limit: Option<u128>,
    pub input_data: &'a [u8],
}

/// `pallet_contracts::Code`.
#[derive(Encode)]
pub(crate) enum Code<'a> {
    Upload(&'a [u8]),
    #[allow(dead_code)]
    Existing([u8; 32]),
}

/// Arguments of `ContractsApi_instantiate`.
#[derive(Encode)]
pub(crate) struct InstantiateArgs<'a> {
    pub origin: &'a AccountId32,
    pub value: u128,
    pub gas_limit: Option<Weight>,
    pub storage_deposit_limit: Option<u128>,
    pub code: Code<'a>,
    pub data: &'a [u8],
    pub salt: &'a [u8],
}

/// Decodes a `ContractResult<Result<T, DispatchError>, Balance, EventRecord>`.
pub(crate) fn decode_result<T: Decode>(
    bytes: &[u8],
    metadata: &subxt::Metadata,
) -> Result<DryRun<T>> {
    let mut input = bytes;
    let head = ResultHead::decode(&mut input)
        .map_err(|e| ChainError::decode("the dry run's result", e))?;
    let tag = u8::decode(&mut input).map_err(|e| ChainError::decode("the dry run's result", e))?;
    let debug_message = String::from_utf8_lossy(&head.debug_message).into_owned();
    match tag {
        0 => {
            let value =
                T::decode(&mut input).map_err(|e| ChainError::decode("the dry run's value", e))?;
            Ok(DryRun {
                gas_consumed: head.gas_consumed,
                gas_required: head.gas_required,
                storage_deposit: head.storage_deposit,
                debug_message,
                value,
            })
        }
        1 => {
            let err = subxt::error::DispatchError::decode_from(input, metadata.clone())
                .map_err(|e| ChainError::decode("the dry run's dispatch error", e))?;
            Err(ChainError::Dispatch(
                DispatchFailure::from_subxt(&err).with_debug(&debug_message),
            ))
        }
        other => Err(ChainError::decode(
            "the dry run's result",
            format!("unexpected Result tag {other}"),
        )),
    }
}

/// `Compact` re-export for payloads.
pub(crate) type CompactBalance = Compact<u128>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weight_encodes_compact_works() {
        // given a small weight, when encoded, then both fields are compact (1 byte each)
        let w = Weight {
            ref_time: 1,
            proof_size: 2,
        };
        assert_eq!(w.encode(), vec![4, 8]);
    }

    #[test]
    fn with_margin_works() {
        let w = Weight {
            ref_time: 1000,
            proof_size: 200,
        }
        .with_margin(10);
        assert_eq!((w.ref_time, w.proof_size), (1100, 220));
    }

    #[test]
    fn with_margin_saturates_works() {
        let w = Weight {
            ref_time: u64::MAX,
            proof_size: u64::MAX / 2,
        }
        .with_margin(50);
        assert_eq!(w.ref_time, u64::MAX);
    }
}
