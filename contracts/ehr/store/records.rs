//! Records, their versions, the versions' chunks of ciphertext, and the data key wrapped for
//! each reader of a version (with the version's list of readers, its length kept in the
//! version).

use super::slot_list::SlotList;
use crate::errors::{Error, Result};
use crate::limits::{MAX_CHUNKS_FREED_PER_CALL, MAX_READERS_PER_VERSION};
use crate::types::{Record, RecordId, Version, VersionId};
use crate::validate;
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

    /// Records `from` (1-based) to `from + limit` of a chart of `count`, only those of a type
    /// in `covered` when given.
    pub fn page(
        &self,
        patient: AccountId,
        (from, limit): (RecordId, u32),
        count: u32,
        covered: Option<u8>,
    ) -> Result<Vec<(RecordId, Record)>> {
        let start = from.max(1);
        let end = start.saturating_add(limit).min(count.saturating_add(1));
        let mut records = Vec::new();
        for id in start..end {
            let record = self.record(patient, id)?;
            if covered.is_none_or(|mask| record.record_type.in_mask(mask)) {
                records.push((id, record));
            }
        }
        Ok(records)
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

    /// Stores the next chunk of `version` (exactly what remains, up to `MAX_CHUNK_BYTES`) and
    /// counts it in `version`, which the caller stores; returns the chunk's index.
    pub fn append_chunk(
        &mut self,
        (patient, record, version_id): VersionKey,
        version: &mut Version,
        chunk: Vec<u8>,
    ) -> Result<u32> {
        let remaining = version
            .length
            .checked_sub(version.bytes_stored)
            .ok_or(Error::Overflow)?;
        let len = validate::chunk(&chunk, remaining)?;
        let index = version.chunk_count;
        self.chunks
            .insert((patient, record, version_id, index), &chunk);
        version.chunk_count = index.checked_add(1).ok_or(Error::Overflow)?;
        version.bytes_stored = version
            .bytes_stored
            .checked_add(len)
            .ok_or(Error::Overflow)?;
        Ok(index)
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
        self.readers.remove_linked_in(
            (key, slot),
            &mut version.reader_count,
            &mut self.wraps,
            |moved| (patient, record, v, *moved),
            |stored: &mut StoredWrap, slot| stored.0 = slot,
        )
    }

    /// Marks a version erased: its wraps are removed (bounded: reader_count ≤
    /// `MAX_READERS_PER_VERSION`), so nobody opens it again, and a first batch of its chunks is
    /// freed (the rest by `free_chunks`). Removing a wrap costs about what removing a chunk
    /// does, so the batch is `MAX_CHUNKS_FREED_PER_CALL` less one chunk per wrap removed: the
    /// erase of a version with the most readers frees no chunk and still fits a block.
    pub fn erase(&mut self, key: VersionKey, version: &mut Version) {
        let (patient, record, v) = key;
        let readers = version.reader_count;
        for slot in 0..readers {
            if let Some(reader) = self.readers.take_in(key, slot) {
                self.wraps.remove((patient, record, v, reader));
            }
        }
        version.erased = true;
        version.reader_count = 0;
        self.free_chunks(
            key,
            version,
            MAX_CHUNKS_FREED_PER_CALL.saturating_sub(readers),
        );
    }

    /// Frees up to `limit` (at most `MAX_CHUNKS_FREED_PER_CALL`) of an erased version's chunks,
    /// the last first: `chunk_count` then counts the chunks still stored. Returns how many were
    /// freed.
    pub fn free_chunks(
        &mut self,
        (patient, record, v): VersionKey,
        version: &mut Version,
        limit: u32,
    ) -> u32 {
        let keep = version
            .chunk_count
            .saturating_sub(limit.min(MAX_CHUNKS_FREED_PER_CALL));
        for index in keep..version.chunk_count {
            self.chunks.remove((patient, record, v, index));
        }
        let freed = version.chunk_count.saturating_sub(keep);
        version.chunk_count = keep;
        freed
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
