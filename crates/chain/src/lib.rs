//! The ehr chain client.
//!
//! Talks to any chain that runs pallet-contracts through subxt: dry-runs every call through the
//! `ContractsApi` runtime API (to estimate weight and deposit and to catch contract errors before
//! anything is signed), then checks the signer can pay, signs, submits and waits for a best or finalized block. Contract call data and
//! return types come from the contract crate itself (`ink-as-dependency`), so the client and the
//! contract cannot drift apart.

mod address;
mod blocks;
mod client;
mod contracts_api;
mod cost;
mod dispatch;
mod ehr_contract;
mod ehr_events;
mod ehr_messages;
mod error;
mod extrinsics;
mod fees;
mod message;
mod metadata_cache;
mod runtime;
mod signer;
mod token;
mod transport;
mod tx;

pub use address::{decode as decode_address, AddressFormat, GENERIC_PREFIX};
pub use blocks::Heads;
pub use client::{Client, ProgressFn, ReadAt};
pub use contracts_api::{DryRun, StorageDeposit, Weight};
pub use cost::Cost;
pub use dispatch::DispatchFailure;
pub use ehr_contract::{ink_account, instantiate, Deployed, EhrContract};
pub use ehr_events::{ContractEvent, EhrEvent};
pub use ehr_messages::{new_version, to_account32, Wrap};
pub use error::{ChainError, Result, Shortfall};
pub use message::Message;
pub use metadata_cache::{ChainInfo, MetadataCache, RuntimeKey};
pub use signer::Signer;
pub use subxt::utils::{AccountId32, H256};
pub use subxt::Error as SubxtError;
pub use token::Token;
pub use tx::{Inclusion, Progress, Wait};
