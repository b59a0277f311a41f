//! What can go wrong reading or opening an envelope.

/// Why an envelope could not be read or opened.
///
/// Every authentication failure is the one [`EnvelopeError::DecryptFailed`]: the error never says
/// which part (key, header, chunk, tag, context) did not match, so it is no oracle.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EnvelopeError {
    /// The bytes are not a well-formed envelope of a version this crate reads. Checked before any
    /// decryption is tried.
    #[error("not a valid ehr {what}: {reason}")]
    Malformed {
        what: &'static str,
        reason: &'static str,
    },
    /// The envelope names a format version this build does not read.
    #[error("{}", unsupported(what, *version, *newest))]
    UnsupportedVersion {
        what: &'static str,
        version: u8,
        /// The newest version of this kind this build reads.
        newest: u8,
    },
    /// Authentication failed: wrong key, or the data was altered, truncated or moved to another
    /// record, version, patient, contract or chain.
    #[error("could not decrypt: the key is not for this record version, or the data was altered or moved")]
    DecryptFailed,
    /// The recipient's public key is a low-order point: any shared secret with it is known to all.
    #[error("the recipient's encryption key is invalid (a low-order point); they must register a real key")]
    LowOrderKey,
}

pub(crate) fn malformed(what: &'static str, reason: &'static str) -> EnvelopeError {
    EnvelopeError::Malformed { what, reason }
}

/// Why a version is not read: a retired one (add the record again with this ehr) or a newer one
/// (upgrade ehr).
fn unsupported(what: &str, version: u8, newest: u8) -> String {
    if version < newest {
        format!(
            "this {what} is in ehr envelope format {version}, which this ehr no longer reads (format 2 and later commit to their key; format {version} did not): the writer must add it again with this ehr"
        )
    } else {
        format!(
            "this {what} is in ehr envelope format {version}, newer than this ehr reads (format {newest}): upgrade ehr"
        )
    }
}
