//! `SlotList`: push, swap-remove of the first, a middle, the last and the only item, pages and
//! their bounds, lengths per owner, and the records that remember slots kept pointing right.

use super::common::account;
use crate::errors::Error;
use crate::limits::MAX_PAGE;
use crate::store::slot_list::SlotList;
use ink::primitives::AccountId;
use ink::storage::Mapping;

type List = SlotList<AccountId, u32>;

/// `owner`'s list with the items `0..n`.
fn filled(n: u32) -> (List, AccountId) {
    let mut list = List::default();
    let owner = account(1);
    for item in 0..n {
        assert_eq!(list.push(owner, &item), Ok(item));
    }
    (list, owner)
}

fn items(list: &List, owner: AccountId) -> Vec<u32> {
    list.page(owner, 0, MAX_PAGE).unwrap()
}

#[ink::test]
fn push_and_len_per_owner_works() {
    let (mut list, owner) = filled(3);
    assert_eq!(list.len(owner), 3);
    assert_eq!(items(&list, owner), [0, 1, 2]);
    // another owner's list is its own
    let other = account(2);
    assert_eq!(list.len(other), 0);
    assert_eq!(list.push(other, &7), Ok(0));
    assert_eq!((list.len(owner), list.len(other)), (3, 1));
}

#[ink::test]
fn swap_remove_moves_the_last_into_the_gap_works() {
    // the first: the last moves into slot 0
    let (mut list, owner) = filled(4);
    assert_eq!(list.swap_remove(owner, 0), Ok(Some(3)));
    assert_eq!(items(&list, owner), [3, 1, 2]);
    // a middle one
    assert_eq!(list.swap_remove(owner, 1), Ok(Some(2)));
    assert_eq!(items(&list, owner), [3, 2]);
    // the last: nothing moves
    assert_eq!(list.swap_remove(owner, 1), Ok(None));
    assert_eq!(items(&list, owner), [3]);
    // the only one: the list is empty, its length gone
    assert_eq!(list.swap_remove(owner, 0), Ok(None));
    assert_eq!((list.len(owner), items(&list, owner)), (0, vec![]));
    // and nothing to remove from an empty list
    assert_eq!(list.swap_remove(owner, 0), Err(Error::Overflow));
}

#[ink::test]
fn remove_linked_points_the_moved_record_at_its_slot_works() {
    // given records that remember their slot: item i is at slot i
    let (mut list, owner) = filled(3);
    let mut slots: Mapping<u32, u32> = Mapping::default();
    for item in 0..3 {
        slots.insert(item, &item);
    }
    // when slot 0 is removed, then item 2 moved there, and its record says so
    list.remove_linked(
        owner,
        0,
        &mut slots,
        |moved| *moved,
        |slot, new| *slot = new,
    )
    .unwrap();
    slots.remove(0);
    assert_eq!(items(&list, owner), [2, 1]);
    assert_eq!((slots.get(2), slots.get(1)), (Some(0), Some(1)));
    // and removing the last moves nothing
    list.remove_linked(
        owner,
        1,
        &mut slots,
        |moved| *moved,
        |slot, new| *slot = new,
    )
    .unwrap();
    assert_eq!(items(&list, owner), [2]);
    assert_eq!(slots.get(2), Some(0));
}

#[ink::test]
fn page_bounds_work() {
    let (list, owner) = filled(5);
    assert_eq!(list.page(owner, 1, 2), Ok(vec![1, 2]));
    assert_eq!(list.page(owner, 3, 10), Ok(vec![3, 4]));
    assert_eq!(list.page(owner, 5, 10), Ok(vec![]));
    assert_eq!(list.page(owner, u32::MAX, MAX_PAGE), Ok(vec![]));
    assert_eq!(list.page(owner, 0, 0), Ok(vec![]));
    assert_eq!(list.page(owner, 0, MAX_PAGE + 1), Err(Error::PageTooLarge));
    assert_eq!(list.all(owner, 3), vec![0, 1, 2]);
}

#[ink::test]
fn lists_with_their_length_in_the_owner_work() {
    let mut list = List::default();
    let owner = account(1);
    let mut len = 0;
    for item in [10, 11, 12] {
        list.push_in(owner, &mut len, &item).unwrap();
    }
    assert_eq!(len, 3);
    assert_eq!(list.read_in(owner, len, 0, MAX_PAGE), [10, 11, 12]);
    assert_eq!(list.swap_remove_in(owner, 0, &mut len), Ok(Some(12)));
    assert_eq!(
        (len, list.read_in(owner, len, 0, MAX_PAGE)),
        (2, vec![12, 11])
    );
    // the list keeps no length of its own for such an owner
    assert_eq!(list.len(owner), 0);
}

#[ink::test]
fn remove_linked_in_keeps_the_owner_length_and_the_moved_record_works() {
    // given three items in a list whose owner keeps the length, each record knowing its slot
    let mut list = List::default();
    let owner = account(1);
    let mut len = 0;
    let mut slots: Mapping<u32, u32> = Mapping::default();
    for item in [10, 11, 12] {
        let slot = list.push_in(owner, &mut len, &item).unwrap();
        slots.insert(item, &slot);
    }
    // when the first is removed, then the last moved into slot 0 and its record says so
    list.remove_linked_in(
        (owner, 0),
        &mut len,
        &mut slots,
        |moved| *moved,
        |slot, new| *slot = new,
    )
    .unwrap();
    assert_eq!(len, 2);
    assert_eq!(list.read_in(owner, len, 0, MAX_PAGE), [12, 11]);
    assert_eq!((slots.get(12), slots.get(11)), (Some(0), Some(1)));
    // and nothing is removed from an empty list
    let mut empty = 0;
    assert_eq!(
        list.remove_linked_in((owner, 0), &mut empty, &mut slots, |m| *m, |s, n| *s = n),
        Err(Error::Overflow)
    );
}
