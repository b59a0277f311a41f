//! The messages' steps, on `Ehr` itself: those several messages share, and the lookups a
//! message names rather than spells out. Unlike the stores, these read the caller and the block
//! and emit events. One file per concern, as in `store/` and `types/`.

mod accounts;
mod audit;
mod caller;
mod care;
mod consent;
mod records;

pub(crate) use audit::About;
