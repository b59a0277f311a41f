//! Unit tests (`#[ink::test]`, off-chain): each rule's allowed path, and each wrong caller
//! refused with its error, no state change and no event.

mod accounts;
mod asking;
mod audit;
mod break_glass;
mod chunks;
mod common;
mod emergency;
mod erasing;
mod grant_lists;
mod grants;
mod guardians;
mod paging;
mod reader_slots;
mod reading;
mod records;
mod registrars;
mod requests;
mod slot_list;
mod storage_ops;
mod wraps;
