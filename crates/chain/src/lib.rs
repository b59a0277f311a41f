//! The ehr chain client.
//!
//! Talks to any chain that runs pallet-contracts through subxt: dry-runs every call through the
//! `ContractsApi` runtime API (to estimate weight and deposit and to catch contract errors before
//! anything is signed), then signs, submits and waits for inclusion. Contract call data and
//! return types come from the contract crate itself (`ink-as-dependency`), so the client and the
//! contract cannot drift apart.

mod client;
mod contracts_api;
mod ehr_contract;
mod ehr_messages;
mod error;
mod extrinsics;
mod message;
mod signer;

pub use client::{Client, Inclusion};
pub use contracts_api::{DryRun, StorageDeposit, Weight};
pub use ehr_contract::{ink_account, instantiate, Deployed, EhrContract};
pub use ehr_messages::{new_version, to_account32, Wrap};
pub use error::{ChainError, Result};
pub use message::Message;
pub use signer::{parse_account, Signer};
pub use subxt::utils::AccountId32;
