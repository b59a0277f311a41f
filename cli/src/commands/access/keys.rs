//! Data keys handed to readers or taken back, as the consent commands show them: `access
//! sync` and `prune`, and the sharing that follows a grant, an approval or a new guardian.

use crate::shared_keys::{failures_text, SharedKeys, SharedVersion};
use crate::table::Table;
use serde::Serialize;

/// Keys as a table: reader, record, version.
pub fn table(keys: &[SharedVersion]) -> Table {
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
        f.write_str(&failures_text(&self.0.failed_versions))
    }
}

/// `ehr access prune`'s result: the keys dropped, as a JSON array or a table.
#[derive(Debug, Serialize)]
pub struct Dropped(pub Vec<SharedVersion>);

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
