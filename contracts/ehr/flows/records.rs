//! Record versions as the messages handle them: storing a new version with its first chunk and
//! wraps (adding and updating a record), and a version for a caller who may read it.

use crate::ehr::Ehr;
use crate::errors::{Error, Result};
use crate::events::*;
use crate::flows::About;
use crate::types::*;
use crate::validate;
use ink::codegen::Env as _;
use ink::primitives::AccountId;

impl Ehr {
    /// Checks and stores the next version of `record` with its first chunk and wraps.
    pub(crate) fn store_version(
        &mut self,
        patient: AccountId,
        record_id: RecordId,
        mut record: Record,
        action: Action,
        new: NewVersion,
    ) -> Result<VersionId> {
        let author = self.env().caller();
        validate::length(new.length)?;
        let version_id = record.version_count.checked_add(1).ok_or(Error::Overflow)?;
        if [patient, author]
            .iter()
            .any(|must| !new.wraps.iter().any(|(reader, _)| reader == must))
        {
            return Err(Error::WrapMissing);
        }
        let key = (patient, record_id, version_id);
        self.rules()
            .ensure_wraps(key, record.record_type, 0, &new.wraps)?;
        record.version_count = version_id;
        let mut version = Version {
            author,
            created_at: self.env().block_timestamp(),
            block: self.env().block_number(),
            hash: new.hash,
            length: new.length,
            chunk_count: 0,
            bytes_stored: 0,
            reader_count: 0,
            erased: false,
        };
        let readers = validate::wrap_count(new.wraps.len())?;
        self.records.append_chunk(key, &mut version, new.chunk)?;
        self.records.set_record(patient, record_id, &record);
        self.records.add_wraps(key, &mut version, new.wraps)?;
        self.records.set_version(key, &version);
        self.log_and_emit(
            patient,
            author,
            action,
            About::version(record_id, version_id),
            KeysWrapped {
                patient,
                by: author,
                record: record_id,
                version: version_id,
                readers,
            },
        )?;
        self.env().emit_event(RecordVersionAdded {
            patient,
            author,
            record: record_id,
            version: version_id,
            record_type: record.record_type,
            length: new.length,
            complete: version.complete(),
        });
        Ok(version_id)
    }

    /// A version, for a caller with read access to its record.
    pub(crate) fn readable_version(
        &self,
        patient: AccountId,
        record_id: RecordId,
        version_id: VersionId,
    ) -> Result<Version> {
        let (_, version) = self.records.version((patient, record_id, version_id))?;
        self.rules().ensure_access(
            patient,
            self.env().caller(),
            Some(record_id),
            AccessKind::Read,
        )?;
        Ok(version)
    }

    /// The indices below `upto` at which a chunk of the version is stored, for tests (an
    /// erased version's chunks are served to nobody).
    #[cfg(test)]
    pub fn stored_chunks(
        &self,
        key: crate::store::records::VersionKey,
        upto: u32,
    ) -> ink::prelude::vec::Vec<u32> {
        (0..upto)
            .filter(|i| self.records.chunk(key, *i).is_ok())
            .collect()
    }
}
