//! Lists kept in a `Mapping` as slots `(owner, 0..len)`: O(1) push, O(1) swap-remove, paged
//! reads. The length lives with the owner (e.g. `Patient::grant_count`).

use crate::errors::{Error, Result};
use crate::limits::MAX_PAGE;
use ink::prelude::vec::Vec;
use ink::storage::traits::{Packed, StorageKey};
use ink::storage::Mapping;
use parity_scale_codec::{Encode, EncodeLike};

/// Appends `item` at slot `*len` and returns that slot.
pub fn push<O, T, KT>(
    list: &mut Mapping<(O, u32), T, KT>,
    owner: O,
    len: &mut u32,
    item: &T,
) -> Result<u32>
where
    O: Encode + EncodeLike + Copy,
    T: Packed + EncodeLike,
    KT: StorageKey,
{
    let slot = *len;
    let new_len = slot.checked_add(1).ok_or(Error::Overflow)?;
    list.insert((owner, slot), item);
    *len = new_len;
    Ok(slot)
}

/// Removes `slot` by moving the last item into it. Returns the moved item, now at `slot`,
/// so the caller can update its back-reference.
pub fn swap_remove<O, T, KT>(
    list: &mut Mapping<(O, u32), T, KT>,
    owner: O,
    slot: u32,
    len: &mut u32,
) -> Result<Option<T>>
where
    O: Encode + EncodeLike + Copy,
    T: Packed + EncodeLike,
    KT: StorageKey,
{
    let last = len.checked_sub(1).ok_or(Error::Overflow)?;
    let moved = if slot == last {
        list.remove((owner, slot));
        None
    } else {
        let item = list.take((owner, last)).ok_or(Error::Overflow)?;
        list.insert((owner, slot), &item);
        Some(item)
    };
    *len = last;
    Ok(moved)
}

/// Changes the value at `key` in place, when there is one: how a caller fixes the
/// back-reference of the item `swap_remove` moved.
pub fn update<K, V, KT>(map: &mut Mapping<K, V, KT>, key: K, change: impl FnOnce(&mut V))
where
    K: Encode + EncodeLike + Copy,
    V: Packed + EncodeLike,
    KT: StorageKey,
{
    if let Some(mut value) = map.get(key) {
        change(&mut value);
        map.insert(key, &value);
    }
}

/// Reads at most `limit` (≤ `MAX_PAGE`) items from slot `from` on.
pub fn page<O, T, KT>(
    list: &Mapping<(O, u32), T, KT>,
    owner: O,
    len: u32,
    from: u32,
    limit: u32,
) -> Result<Vec<T>>
where
    O: Encode + EncodeLike + Copy,
    T: Packed + EncodeLike,
    KT: StorageKey,
{
    ensure_page(limit)?;
    Ok(read(list, owner, len, from, limit))
}

/// Reads at most `limit` items from slot `from` on. Callers bound `limit` by a constant.
pub fn read<O, T, KT>(
    list: &Mapping<(O, u32), T, KT>,
    owner: O,
    len: u32,
    from: u32,
    limit: u32,
) -> Vec<T>
where
    O: Encode + EncodeLike + Copy,
    T: Packed + EncodeLike,
    KT: StorageKey,
{
    let end = from.saturating_add(limit).min(len);
    (from..end).filter_map(|i| list.get((owner, i))).collect()
}

/// Refuses pages larger than `MAX_PAGE`.
pub fn ensure_page(limit: u32) -> Result<()> {
    if limit > MAX_PAGE {
        return Err(Error::PageTooLarge);
    }
    Ok(())
}
