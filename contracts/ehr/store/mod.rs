//! Where the contract keeps its state: one `#[ink::storage_item]` per concern, each holding its
//! `Mapping`s and the logic that keeps them consistent. Store modules never read the caller or
//! emit events; the messages in `lib.rs` authorise, call the stores, log and emit.

pub mod accounts;
pub mod audit;
pub mod care;
pub mod consent;
pub mod records;
pub mod slot_list;
