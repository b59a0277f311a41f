//! What sharing data keys with readers did, as the commands that share report it.

use ehr::{RecordId, VersionId};
use ehr_chain::AccountId32;
use ehr_client::records::shared::{Dropped, Shared};

/// The versions shared with readers other than the one a command was about, in words.
pub fn others_text(others: usize) -> String {
    if others == 0 {
        String::new()
    } else {
        format!("; shared {others} more with other readers who lacked them")
    }
}

/// What this round did for one new `reader`, counted.
pub fn counts_for(shared: &Shared, reader: &AccountId32) -> SharedCounts {
    let (shared_versions, shared_with_others) = shared.split_for(reader);
    SharedCounts {
        shared_versions,
        shared_with_others,
        failed_versions: failed_versions(shared),
    }
}

/// Every key wrapped, as results show it.
pub fn shared_versions(shared: &Shared) -> Vec<SharedVersion> {
    shared.done.iter().map(SharedVersion::from).collect()
}

/// Every version that could not be shared, as results show it.
pub fn failed_versions(shared: &Shared) -> Vec<UnsharedVersion> {
    shared
        .failed
        .iter()
        .map(|(d, r, v, why)| UnsharedVersion {
            reader: d.to_string(),
            record: *r,
            version: *v,
            error: crate::explain::chain_text(why),
        })
        .collect()
}

/// What one round of sharing did for one new reader (a guardian, an emergency key), counted:
/// the versions it got, those other readers got in the same round, and those that could not be
/// shared.
#[derive(Debug, serde::Serialize)]
pub struct SharedCounts {
    pub shared_versions: usize,
    pub shared_with_others: usize,
    pub failed_versions: Vec<UnsharedVersion>,
}

impl SharedCounts {
    /// The round's others and failures in words, after the new reader's own count.
    pub fn rest_text(&self) -> String {
        others_text(self.shared_with_others) + &failures_text(&self.failed_versions)
    }
}

/// What one round of sharing did, as results show it: the keys wrapped for readers, and the
/// versions it could not share.
#[derive(Debug, Default, serde::Serialize)]
pub struct SharedKeys {
    pub shared_versions: Vec<SharedVersion>,
    pub failed_versions: Vec<UnsharedVersion>,
}

impl From<&Shared> for SharedKeys {
    fn from(shared: &Shared) -> Self {
        Self {
            shared_versions: shared_versions(shared),
            failed_versions: failed_versions(shared),
        }
    }
}

/// A version whose data key was wrapped for a reader (or dropped from one).
#[derive(Debug, Clone, serde::Serialize)]
pub struct SharedVersion {
    pub reader: String,
    pub record: RecordId,
    pub version: VersionId,
}

impl From<&Dropped> for SharedVersion {
    fn from((reader, record, version): &Dropped) -> Self {
        Self {
            reader: reader.to_string(),
            record: *record,
            version: *version,
        }
    }
}

/// A version that could not be shared with a reader, and why.
#[derive(Debug, Clone, serde::Serialize)]
pub struct UnsharedVersion {
    pub reader: String,
    pub record: RecordId,
    pub version: VersionId,
    pub error: String,
}

impl std::fmt::Display for UnsharedVersion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "could not share record {} v{} with {}: {}",
            self.record, self.version, self.reader, self.error
        )
    }
}

/// One indented line per version that could not be shared, each after a newline, for the text
/// output (empty when all were shared).
pub fn failures_text(failed: &[UnsharedVersion]) -> String {
    failed.iter().map(|u| format!("\n  {u}")).collect()
}
