//! The record context every ciphertext and wrapped key is bound to (the AEAD associated data).

/// Where a record version lives. Encrypting under one context and decrypting under another fails,
/// so a ciphertext or wrapped key moved to another record, version, patient, contract or chain is
/// rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RecordContext {
    /// The chain's genesis block hash.
    pub genesis_hash: [u8; 32],
    /// The contract's account id.
    pub contract: [u8; 32],
    /// The patient's account id (whose chart holds the record).
    pub patient: [u8; 32],
    /// The record's id within the chart.
    pub record_id: u32,
    /// The record version.
    pub version: u32,
    /// The record type, as the contract's `RecordType` index.
    pub record_type: u8,
}

/// Domain-separation label that starts the encoded context.
pub const CONTEXT_LABEL: &[u8; 14] = b"ehr/v2/context";

/// Length of [`RecordContext::encode`]'s output.
pub const CONTEXT_LEN: usize = CONTEXT_LABEL.len() + 32 * 3 + 4 + 4 + 1;

impl RecordContext {
    /// The canonical encoding: label, genesis hash, contract, patient, record id (u32 big-endian),
    /// version (u32 big-endian), record type (one byte).
    pub fn encode(&self) -> [u8; CONTEXT_LEN] {
        let mut out = [0u8; CONTEXT_LEN];
        let parts: [&[u8]; 7] = [
            CONTEXT_LABEL,
            &self.genesis_hash,
            &self.contract,
            &self.patient,
            &self.record_id.to_be_bytes(),
            &self.version.to_be_bytes(),
            &[self.record_type],
        ];
        let mut at = 0;
        for part in parts {
            out[at..at + part.len()].copy_from_slice(part);
            at += part.len();
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encoding_is_fixed_layout_works() {
        // given a context with distinct bytes in every field
        let ctx = RecordContext {
            genesis_hash: [1; 32],
            contract: [2; 32],
            patient: [3; 32],
            record_id: 0x0102_0304,
            version: 7,
            record_type: 5,
        };
        // when encoded, then every field sits at its documented offset
        let e = ctx.encode();
        assert_eq!(e.len(), 119);
        assert_eq!(&e[..14], b"ehr/v2/context");
        assert_eq!(&e[14..46], &[1; 32]);
        assert_eq!(&e[46..78], &[2; 32]);
        assert_eq!(&e[78..110], &[3; 32]);
        assert_eq!(&e[110..114], &[1, 2, 3, 4]);
        assert_eq!(&e[114..118], &[0, 0, 0, 7]);
        assert_eq!(e[118], 5);
    }
}
