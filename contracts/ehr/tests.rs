//! Unit tests (`#[ink::test]`, off-chain): each rule's allowed path, and each wrong caller
//! refused with its error, no state change and no event.

mod accounts;
mod audit;
mod common;
mod emergency;
mod grants;
mod guardians;
mod paging;
mod records;
mod registrars;
mod requests;
mod slot_list;
mod storage_ops;
mod wraps;
