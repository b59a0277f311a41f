//! Records, their versions, the versions' chunks of ciphertext, and the data key wrapped for
//! each reader of a version (with the version's list of readers, its length kept in the
//! version).

use super::slot_list::SlotList;
use crate::errors::{Error, Result};
use crate::limits::MAX_READERS_PER_VERSION;
use crate::types::{Record, RecordId, Version, VersionId};
use ink::prelude::vec::Vec;
use ink::primitives::AccountId;
use ink::storage::Mapping;

/// (patient, record, version): one version.
pub type VersionKey = (AccountId, RecordId, VersionId);
/// A wrapped data key for one reader.
pub type Wrap = (AccountId, Vec<u8>);
/// A stored wrap: (the reader's slot in the version's reader list, wrapped data key).
type StoredWrap = (u32, Vec<u8>);
/// (patient, record, version, chunk index): one chunk.
type ChunkKey = (AccountId, RecordId, VersionId, u32);
/// (patient, record, version, reader): one wrap.
type WrapKey = (AccountId, RecordId, VersionId, AccountId);

#[ink::storage_item]
#[derive(Default)]
#[cfg_attr(test, derive(Debug))]
pub struct Records {
    records: Mapping<(AccountId, RecordId), Record>,
    versions: Mapping<VersionKey, Version>,
    /// (patient, record, version, index) -> chunk.
    chunks: Mapping<ChunkKey, Vec<u8>>,
    /// (patient, record, version, reader) -> wrap. Never replaced: only dropped.
    wraps: Mapping<WrapKey, StoredWrap>,
    /// The version's readers (length: `Version::reader_count`).
    readers: SlotList<VersionKey, AccountId>,
}

impl Records {
    pub fn record(&self, patient: AccountId, record: RecordId) -> Result<Record> {
        self.records
            .get((patient, record))
            .ok_or(Error::RecordNotFound)
    }

    pub fn set_record(&mut self, patient: AccountId, record: RecordId, value: &Record) {
        self.records.insert((patient, record), value);
    }

    /// A version and its record.
    pub fn version(&self, (patient, record, version): VersionKey) -> Result<(Record, Version)> {
        let r = self.record(patient, record)?;
        let v = self
            .versions
            .get((patient, record, version))
            .ok_or(Error::VersionNotFound)?;
        Ok((r, v))
    }

    pub fn set_version(&mut self, key: VersionKey, version: &Version) {
        self.versions.insert(key, version);
    }

    /// Stores chunk `index` of a version (its size checked by the caller).
    pub fn put_chunk(
        &mut self,
        (patient, record, version): VersionKey,
        index: u32,
        chunk: Vec<u8>,
    ) {
        self.chunks
            .insert((patient, record, version, index), &chunk);
    }

    pub fn chunk(&self, (patient, record, version): VersionKey, index: u32) -> Result<Vec<u8>> {
        self.chunks
            .get((patient, record, version, index))
            .ok_or(Error::InvalidChunk)
    }

    pub fn has_wrap(&self, (patient, record, version): VersionKey, reader: AccountId) -> bool {
        self.wraps.contains((patient, record, version, reader))
    }

    pub fn wrap(
        &self,
        (patient, record, version): VersionKey,
        reader: AccountId,
    ) -> Option<Vec<u8>> {
        self.wraps
            .get((patient, record, version, reader))
            .map(|(_, wrap)| wrap)
    }

    /// Stores wraps for new readers, each in a new reader slot of `version` (checked by the
    /// caller: readers with access and no wrap yet, within `MAX_READERS_PER_VERSION`).
    pub fn add_wraps(
        &mut self,
        key: VersionKey,
        version: &mut Version,
        wraps: Vec<Wrap>,
    ) -> Result<()> {
        let (patient, record, v) = key;
        for (reader, wrap) in wraps {
            let slot = self
                .readers
                .push_in(key, &mut version.reader_count, &reader)?;
            self.wraps
                .insert((patient, record, v, reader), &(slot, wrap));
        }
        Ok(())
    }

    /// Room for `count` more readers on a version with `readers` already.
    pub fn ensure_reader_room(readers: u32, count: u32) -> Result<()> {
        if readers.checked_add(count).ok_or(Error::Overflow)? > MAX_READERS_PER_VERSION {
            return Err(Error::TooManyReaders);
        }
        Ok(())
    }

    /// Drops `reader`'s wrap and frees its reader slot.
    pub fn drop_wrap(
        &mut self,
        key: VersionKey,
        version: &mut Version,
        reader: AccountId,
    ) -> Result<()> {
        let (patient, record, v) = key;
        let (slot, _) = self
            .wraps
            .take((patient, record, v, reader))
            .ok_or(Error::WrapNotFound)?;
        if let Some(moved) = self
            .readers
            .swap_remove_in(key, slot, &mut version.reader_count)?
        {
            let moved_key = (patient, record, v, moved);
            if let Some((_, wrap)) = self.wraps.get(moved_key) {
                self.wraps.insert(moved_key, &(slot, wrap));
            }
        }
        Ok(())
    }

    /// Removes a version's chunks and wraps (bounded: chunk_count ≤ `MAX_CHUNKS_PER_VERSION`,
    /// reader_count ≤ `MAX_READERS_PER_VERSION`) and marks it erased.
    pub fn erase(&mut self, key: VersionKey, version: &mut Version) {
        let (patient, record, v) = key;
        for index in 0..version.chunk_count {
            self.chunks.remove((patient, record, v, index));
        }
        for slot in 0..version.reader_count {
            if let Some(reader) = self.readers.take_in(key, slot) {
                self.wraps.remove((patient, record, v, reader));
            }
        }
        version.erased = true;
        version.reader_count = 0;
        self.versions.insert(key, version);
    }

    /// A page of a version's readers.
    pub fn readers(
        &self,
        key: VersionKey,
        version: &Version,
        from: u32,
        limit: u32,
    ) -> Result<Vec<AccountId>> {
        crate::validate::page(limit)?;
        Ok(self.readers.read_in(key, version.reader_count, from, limit))
    }
}
