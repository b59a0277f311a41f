//! The e2e tests against a real substrate-contracts-node (each test starts its own), the real
//! contract and the real `ehr` CLI: one test binary, a module per concern, so the suite links
//! once. Run by `scripts/test`.

mod adversarial_access;
mod adversarial_data;
mod adversarial_input;
mod cli_admin;
mod cli_consent;
mod cli_records;
mod contract_flow;
mod faults;
mod fhir_records;
mod guardians_emergency;
mod library_example;
mod live_chain;
mod load;
mod security_consent;
mod security_keys;
mod security_sharing;
mod skeleton;
