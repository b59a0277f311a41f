//! Lists kept in a `Mapping` as slots `(owner, 0..len)`: O(1) push, O(1) swap-remove, paged
//! reads, and each owner's length kept by the list (a small item of its own), so adding to a
//! list never rewrites the owner's record.
//!
//! Removing moves the last item into the freed slot. An item whose record remembers its slot
//! (a grant, a request, a guardian, a reader's wrap) is removed with [`SlotList::remove_linked`]
//! (or `remove_linked_in`), which points the moved item's record at its new slot: the one place
//! that bookkeeping is written.
//!
//! A list may instead keep its length in its owner's record (the `*_in` methods): a version's
//! readers keep theirs in the version, which is written with every reader anyway, and a storage
//! item of its own would cost every version a `DepositPerItem` (20,000 bytes' worth here).

use crate::errors::{Error, Result};
use crate::validate;
use ink::prelude::vec::Vec;
use ink::storage::traits::{AutoKey, Packed, StorageKey};
use ink::storage::Mapping;
use parity_scale_codec::{Encode, EncodeLike};

/// Items of type `T` in slots per owner `O`, with each owner's length.
#[ink::storage_item]
#[cfg_attr(test, derive(Debug))]
pub struct SlotList<O, T, KEY: StorageKey = AutoKey>
where
    O: Encode + EncodeLike + Copy + 'static,
    T: Packed + EncodeLike,
{
    items: Mapping<(O, u32), T>,
    lens: Mapping<O, u32>,
}

impl<O, T, KEY: StorageKey> Default for SlotList<O, T, KEY>
where
    O: Encode + EncodeLike + Copy + 'static,
    T: Packed + EncodeLike,
{
    fn default() -> Self {
        Self {
            items: Mapping::default(),
            lens: Mapping::default(),
        }
    }
}

impl<O, T, KEY: StorageKey> SlotList<O, T, KEY>
where
    O: Encode + EncodeLike + Copy + 'static,
    T: Packed + EncodeLike,
{
    /// How many items `owner` has.
    pub fn len(&self, owner: O) -> u32 {
        self.lens.get(owner).unwrap_or(0)
    }

    /// Appends `item` to `owner`'s list; returns its slot.
    pub fn push(&mut self, owner: O, item: &T) -> Result<u32> {
        self.push_within(owner, item, u32::MAX, Error::Overflow)
    }

    /// Appends `item` to `owner`'s list unless it holds `bound` items already (then `full`);
    /// returns its slot.
    pub fn push_within(&mut self, owner: O, item: &T, bound: u32, full: Error) -> Result<u32> {
        let mut len = self.len(owner);
        if len >= bound {
            return Err(full);
        }
        let slot = self.push_in(owner, &mut len, item)?;
        self.lens.insert(owner, &len);
        Ok(slot)
    }

    /// Removes `slot`, moving the last item into it; returns the moved item (now at `slot`).
    pub fn swap_remove(&mut self, owner: O, slot: u32) -> Result<Option<T>> {
        let mut len = self.len(owner);
        let moved = self.swap_remove_in(owner, slot, &mut len)?;
        if len == 0 {
            self.lens.remove(owner);
        } else {
            self.lens.insert(owner, &len);
        }
        Ok(moved)
    }

    /// Removes `slot` and points the record of the item moved into it, found in `records` at
    /// `key(moved)`, at its new slot with `set_slot`.
    pub fn remove_linked<K, R, RK>(
        &mut self,
        owner: O,
        slot: u32,
        records: &mut Mapping<K, R, RK>,
        key: impl FnOnce(&T) -> K,
        set_slot: impl FnOnce(&mut R, u32),
    ) -> Result<()>
    where
        K: Encode + EncodeLike + Copy,
        R: Packed + EncodeLike,
        RK: StorageKey,
    {
        let moved = self.swap_remove(owner, slot)?;
        relink(moved, slot, records, key, set_slot);
        Ok(())
    }

    /// `remove_linked` for a list whose length `len` its owner keeps.
    pub fn remove_linked_in<K, R, RK>(
        &mut self,
        (owner, slot): (O, u32),
        len: &mut u32,
        records: &mut Mapping<K, R, RK>,
        key: impl FnOnce(&T) -> K,
        set_slot: impl FnOnce(&mut R, u32),
    ) -> Result<()>
    where
        K: Encode + EncodeLike + Copy,
        R: Packed + EncodeLike,
        RK: StorageKey,
    {
        let moved = self.swap_remove_in(owner, slot, len)?;
        relink(moved, slot, records, key, set_slot);
        Ok(())
    }

    /// At most `limit` (≤ `MAX_PAGE`) items of `owner` from slot `from` on.
    pub fn page(&self, owner: O, from: u32, limit: u32) -> Result<Vec<T>> {
        validate::page(limit)?;
        Ok(self.read_in(owner, self.len(owner), from, limit))
    }

    /// Every item of `owner`, for lists the contract bounds by a constant `bound`.
    pub fn all(&self, owner: O, bound: u32) -> Vec<T> {
        self.read_in(owner, self.len(owner), 0, bound)
    }

    /// Appends `item` to a list whose length `len` its owner keeps; returns its slot.
    pub fn push_in(&mut self, owner: O, len: &mut u32, item: &T) -> Result<u32> {
        let slot = *len;
        *len = slot.checked_add(1).ok_or(Error::Overflow)?;
        self.items.insert((owner, slot), item);
        Ok(slot)
    }

    /// `swap_remove` for a list whose length `len` its owner keeps.
    pub fn swap_remove_in(&mut self, owner: O, slot: u32, len: &mut u32) -> Result<Option<T>> {
        let last = len.checked_sub(1).ok_or(Error::Overflow)?;
        let moved = if slot == last {
            self.items.remove((owner, slot));
            None
        } else {
            let item = self.items.take((owner, last)).ok_or(Error::Overflow)?;
            self.items.insert((owner, slot), &item);
            Some(item)
        };
        *len = last;
        Ok(moved)
    }

    /// Takes `owner`'s item at `slot` out, without moving others (for a list being emptied).
    pub fn take_in(&mut self, owner: O, slot: u32) -> Option<T> {
        self.items.take((owner, slot))
    }

    /// At most `limit` items from slot `from` on, of a list of length `len`.
    pub fn read_in(&self, owner: O, len: u32, from: u32, limit: u32) -> Vec<T> {
        let end = from.saturating_add(limit).min(len);
        let mut items = Vec::new();
        for slot in from..end {
            items.extend(self.items.get((owner, slot)));
        }
        items
    }
}

/// Points the record of `moved` (found in `records` at `key(moved)`), now at `slot`, at it.
fn relink<T, K, R, RK>(
    moved: Option<T>,
    slot: u32,
    records: &mut Mapping<K, R, RK>,
    key: impl FnOnce(&T) -> K,
    set_slot: impl FnOnce(&mut R, u32),
) where
    K: Encode + EncodeLike + Copy,
    R: Packed + EncodeLike,
    RK: StorageKey,
{
    if let Some(moved) = moved {
        let key = key(&moved);
        if let Some(mut record) = records.get(key) {
            set_slot(&mut record, slot);
            records.insert(key, &record);
        }
    }
}
