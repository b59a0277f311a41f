//! A chart's records on chain, through the envelope: what a new version is (`content`), who
//! reads it (`readers`), sealing and uploading it (`upload`) or finishing a cut-off upload
//! (`resume`), downloading and checking one (`download`), opening it (`open`), wrapping
//! existing versions for readers and taking keys back (`sharing`, `shared`), reading a whole
//! chart (`chart`), reading one version (`view`) and erasing one (`erase`).

pub mod chart;
pub mod content;
pub mod download;
pub mod erase;
pub mod open;
pub mod readers;
pub mod resume;
mod send;
pub mod shared;
pub mod sharing;
pub mod upload;
pub mod view;

use ehr::limits::MAX_RECORD_BYTES;
use ehr::{RecordId, RecordType, VersionId};
use ehr_chain::{AccountId32, EhrContract};
use ehr_envelope::{format::sealed_len, RecordContext};

/// Largest plaintext that fits in one record version once encrypted.
pub fn max_plaintext_bytes() -> usize {
    let cap = MAX_RECORD_BYTES as usize;
    // sealed_len is monotonic: step down from the cap by the chunk overhead.
    let mut len = cap;
    while sealed_len(len) > cap {
        len -= sealed_len(len) - cap;
    }
    len
}

/// The envelope context of a record version on this chain and contract.
pub fn record_context(
    contract: &EhrContract,
    patient: &AccountId32,
    record: RecordId,
    version: VersionId,
    record_type: RecordType,
) -> RecordContext {
    RecordContext {
        genesis_hash: contract.client().genesis_hash().0,
        contract: contract.address().0,
        patient: patient.0,
        record_id: record,
        version,
        record_type: record_type as u8,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn max_plaintext_fits_works() {
        let max = max_plaintext_bytes();
        assert!(sealed_len(max) <= MAX_RECORD_BYTES as usize);
        assert!(sealed_len(max + 1) > MAX_RECORD_BYTES as usize);
    }
}
