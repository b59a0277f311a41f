//! Data keys handed to readers or taken back, as the consent commands show them: `access
//! sync` and `prune`, and the sharing that follows a grant, an approval or a new guardian.

use crate::ops::records::Shared;
use crate::table::Table;
use ehr::{RecordId, VersionId};
use serde::Serialize;

/// One version's key, held by one reader.
#[derive(Debug, Clone, Serialize)]
pub struct VersionKey {
    pub reader: String,
    pub record: RecordId,
    pub version: VersionId,
}

/// A version whose key could not be shared with a reader, and why; the others were shared.
#[derive(Debug, Clone, Serialize)]
pub struct FailedShare {
    pub reader: String,
    pub record: RecordId,
    pub version: VersionId,
    pub error: String,
}

/// What one round of sharing did: the keys wrapped for readers, and the versions it could not
/// share.
#[derive(Debug, Default, Serialize)]
pub struct SharedKeys {
    pub shared_versions: Vec<VersionKey>,
    pub failed_versions: Vec<FailedShare>,
}

impl From<&Shared> for SharedKeys {
    fn from(shared: &Shared) -> Self {
        Self {
            shared_versions: shared
                .done
                .iter()
                .map(|(reader, record, version)| VersionKey {
                    reader: reader.to_string(),
                    record: *record,
                    version: *version,
                })
                .collect(),
            failed_versions: failures(shared),
        }
    }
}

/// The versions sharing could not hand out.
pub fn failures(shared: &Shared) -> Vec<FailedShare> {
    shared
        .failed
        .iter()
        .map(|(reader, record, version, why)| FailedShare {
            reader: reader.to_string(),
            record: *record,
            version: *version,
            error: why.clone(),
        })
        .collect()
}

/// Lines naming every version that could not be shared (each starts a new line).
pub struct FailuresText<'a>(pub &'a [FailedShare]);

impl std::fmt::Display for FailuresText<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for s in self.0 {
            write!(
                f,
                "\n  could not share record {} v{} with {}: {}",
                s.record, s.version, s.reader, s.error
            )?;
        }
        Ok(())
    }
}

/// Keys as a table: reader, record, version.
pub fn table(keys: &[VersionKey]) -> Table {
    let mut table = Table::new(["reader", "record", "version"]);
    for k in keys {
        table.row([
            k.reader.clone(),
            k.record.to_string(),
            format!("v{}", k.version),
        ]);
    }
    table
}

/// `ehr access sync`'s result: a table of the keys shared, or that none was missing.
#[derive(Debug, Serialize)]
pub struct Synced(pub SharedKeys);

impl std::fmt::Display for Synced {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let keys = &self.0.shared_versions;
        if keys.is_empty() {
            f.write_str(
                "every doctor, guardian and emergency key with access already holds the keys it needs",
            )?;
        } else {
            write!(f, "shared {} record versions:\n{}", keys.len(), table(keys))?;
        }
        write!(f, "{}", FailuresText(&self.0.failed_versions))
    }
}

/// `ehr access prune`'s result: the keys dropped, as a JSON array or a table.
#[derive(Debug, Serialize)]
pub struct Dropped(pub Vec<VersionKey>);

impl std::fmt::Display for Dropped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.0.is_empty() {
            return f.write_str(
                "every key on your chart belongs to a reader with access; nothing to drop",
            );
        }
        write!(
            f,
            "dropped {} keys of readers without access:\n{}",
            self.0.len(),
            table(&self.0)
        )
    }
}
