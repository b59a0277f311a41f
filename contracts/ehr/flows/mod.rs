//! The parts of the messages that several messages share, on `Ehr` itself: unlike the stores,
//! these read the caller and the block and emit events. One file per concern, as in `store/`
//! and `types/`.

mod accounts;
mod audit;
mod caller;
mod consent;
mod records;

pub(crate) use audit::About;
