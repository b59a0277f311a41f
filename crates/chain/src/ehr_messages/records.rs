//! The messages of records: versions added and updated chunk by chunk, their wrapped keys,
//! audited reads, erasing, and reading back what the chain holds.

use super::{wraps, Wrap};
use crate::ehr_contract::{ink_account, EhrContract};
use crate::message::Message;
use ehr::{NewVersion, Record, RecordId, RecordType, Result, Version, VersionId};
use ink::primitives::AccountId;
use subxt::utils::AccountId32;

impl EhrContract {
    pub fn add_record(
        &self,
        patient: &AccountId32,
        record: RecordId,
        record_type: RecordType,
        version: NewVersion,
    ) -> Message<Result<RecordId>> {
        msg!(
            self,
            "add_record",
            call_mut.add_record(ink_account(patient), record, record_type, version)
        )
    }
    pub fn update_record(
        &self,
        patient: &AccountId32,
        record: RecordId,
        version_id: VersionId,
        version: NewVersion,
    ) -> Message<Result<VersionId>> {
        msg!(
            self,
            "update_record",
            call_mut.update_record(ink_account(patient), record, version_id, version)
        )
    }
    pub fn upload_chunk(
        &self,
        patient: &AccountId32,
        record: RecordId,
        version: VersionId,
        index: u32,
        chunk: Vec<u8>,
    ) -> Message<Result<()>> {
        msg!(
            self,
            "upload_chunk",
            call_mut.upload_chunk(ink_account(patient), record, version, index, chunk)
        )
    }
    pub fn add_wraps(
        &self,
        patient: &AccountId32,
        record: RecordId,
        version: VersionId,
        readers: Vec<Wrap>,
    ) -> Message<Result<()>> {
        msg!(
            self,
            "add_wraps",
            call_mut.add_wraps(ink_account(patient), record, version, wraps(readers))
        )
    }
    pub fn drop_wraps(
        &self,
        record: RecordId,
        version: VersionId,
        readers: &[AccountId32],
    ) -> Message<Result<()>> {
        let readers = readers.iter().map(ink_account).collect();
        msg!(
            self,
            "drop_wraps",
            call_mut.drop_wraps(record, version, readers)
        )
    }
    pub fn open_record(
        &self,
        patient: &AccountId32,
        record: RecordId,
        version: VersionId,
    ) -> Message<Result<()>> {
        msg!(
            self,
            "open_record",
            call_mut.open_record(ink_account(patient), record, version)
        )
    }
    pub fn erase_version(&self, record: RecordId, version: VersionId) -> Message<Result<()>> {
        msg!(
            self,
            "erase_version",
            call_mut.erase_version(record, version)
        )
    }
    pub fn free_chunks(&self, record: RecordId, version: VersionId) -> Message<Result<u32>> {
        msg!(self, "free_chunks", call_mut.free_chunks(record, version))
    }
    pub fn record(&self, patient: &AccountId32, record: RecordId) -> Message<Result<Record>> {
        msg!(
            self,
            "record",
            call_mut.record(ink_account(patient), record)
        )
    }
    pub fn records(
        &self,
        patient: &AccountId32,
        from: RecordId,
        limit: u32,
    ) -> Message<Result<Vec<(RecordId, Record)>>> {
        msg!(
            self,
            "records",
            call_mut.records(ink_account(patient), from, limit)
        )
    }
    pub fn version(
        &self,
        patient: &AccountId32,
        record: RecordId,
        version: VersionId,
    ) -> Message<Result<Version>> {
        msg!(
            self,
            "version",
            call_mut.version(ink_account(patient), record, version)
        )
    }
    pub fn chunk(
        &self,
        patient: &AccountId32,
        record: RecordId,
        version: VersionId,
        index: u32,
    ) -> Message<Result<Vec<u8>>> {
        msg!(
            self,
            "chunk",
            call_mut.chunk(ink_account(patient), record, version, index)
        )
    }
    pub fn wrapped_key(
        &self,
        patient: &AccountId32,
        record: RecordId,
        version: VersionId,
    ) -> Message<Result<Vec<u8>>> {
        msg!(
            self,
            "wrapped_key",
            call_mut.wrapped_key(ink_account(patient), record, version)
        )
    }
    pub fn readers(
        &self,
        patient: &AccountId32,
        record: RecordId,
        version: VersionId,
        from: u32,
        limit: u32,
    ) -> Message<Result<Vec<AccountId>>> {
        msg!(
            self,
            "readers",
            call_mut.readers(ink_account(patient), record, version, from, limit)
        )
    }
}
