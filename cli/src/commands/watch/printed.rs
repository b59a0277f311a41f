//! The blocks `ehr watch --best` printed last, with their hashes, so that a reorganisation of
//! the best chain is noticed: a block whose number now has another hash was retracted, and the
//! blocks from there on are read again (a break-glass included only on the new fork is shown).

use std::collections::VecDeque;

/// How many printed blocks are remembered: deeper reorganisations than this are not followed
/// (a best chain reorganises a few blocks deep; finality comes well before 64).
pub const REMEMBERED: usize = 64;

/// The last `REMEMBERED` printed blocks, oldest first.
#[derive(Debug, Default)]
pub struct Printed(VecDeque<(u64, [u8; 32])>);

impl Printed {
    /// Block `number` with `hash` was printed.
    pub fn push(&mut self, number: u64, hash: [u8; 32]) {
        if self.0.len() == REMEMBERED {
            self.0.pop_front();
        }
        self.0.push_back((number, hash));
    }

    /// True unless block `number - 1` was printed with another hash than `parent`: block
    /// `number` then belongs to another fork than what was printed.
    pub fn follows(&self, number: u64, parent: [u8; 32]) -> bool {
        match self.0.back() {
            Some(&(n, hash)) if n.checked_add(1) == Some(number) => hash == parent,
            _ => true,
        }
    }

    /// The printed blocks, newest first: where to look for the common ancestor.
    pub fn newest_first(&self) -> impl Iterator<Item = (u64, [u8; 32])> + '_ {
        self.0.iter().rev().copied()
    }

    /// Forgets the printed blocks from `number` on (they were retracted).
    pub fn retract_from(&mut self, number: u64) {
        self.0.retain(|(n, _)| *n < number);
    }
}

/// The first block to read again, given the printed blocks newest first, each with the hash
/// the chain has at its number now (`None`: no block there any more): the block after the
/// newest one still on the chain; `None` when the newest printed block is still on it.
pub fn first_retracted(
    checked: impl IntoIterator<Item = ((u64, [u8; 32]), Option<[u8; 32]>)>,
) -> Option<u64> {
    let mut first = None;
    for ((number, printed), now) in checked {
        if now == Some(printed) {
            break;
        }
        first = Some(number);
    }
    first
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reorganisation_is_read_again_from_the_fork_works() {
        let mut printed = Printed::default();
        for n in 10..=13 {
            printed.push(n, [n as u8; 32]);
        }
        // the newest printed block still there: nothing to read again
        let same = printed.newest_first().map(|p| (p, Some(p.1)));
        assert_eq!(first_retracted(same), None);
        // blocks 12 and 13 replaced by another fork (and 13 not there yet): read again from 12
        let forked = printed.newest_first().map(|(n, h)| {
            let now = match n {
                13 => None,
                12 => Some([99; 32]),
                _ => Some(h),
            };
            ((n, h), now)
        });
        assert_eq!(first_retracted(forked), Some(12));
        printed.retract_from(12);
        assert_eq!(printed.newest_first().next(), Some((11, [11; 32])));
        // the next block read follows block 11 as printed, or it does not
        assert!(printed.follows(12, [11; 32]));
        assert!(!printed.follows(12, [98; 32]));
        assert!(printed.follows(20, [0; 32]));
    }

    #[test]
    fn only_the_last_blocks_are_remembered_works() {
        let mut printed = Printed::default();
        for n in 0..(REMEMBERED as u64 + 10) {
            printed.push(n, [0; 32]);
        }
        assert_eq!(printed.newest_first().count(), REMEMBERED);
        assert_eq!(printed.newest_first().last().map(|(n, _)| n), Some(10));
    }
}
