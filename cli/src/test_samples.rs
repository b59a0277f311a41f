//! Fixed sample values for the snapshot tests of command results: no chain needed, and the same
//! accounts and landing everywhere, so snapshots read alike.

use crate::landed::Landing;

pub const ALICE: &str = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";
pub const BOB: &str = "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty";

/// A write that landed in block 7, finalized, with a fee and a storage deposit.
pub fn landing() -> Landing {
    landing_with(cost().deposit)
}

/// A write that landed in block 7, finalized, with a fee and `deposit`.
pub fn landing_with(deposit: u128) -> Landing {
    Landing {
        block_number: 7,
        block_hash: format!("0x{}", "cd".repeat(32)),
        finalized: true,
        extrinsic_index: 1,
        extrinsic_hash: format!("0x{}", "ef".repeat(32)),
        attempts: 1,
        cost: (&ehr_chain::Cost { deposit, ..cost() }).into(),
    }
}

/// A fee and a storage deposit, in planck.
pub fn cost() -> ehr_chain::Cost {
    ehr_chain::Cost {
        fee: 2_452_976_428,
        deposit: 300_525_000_000,
        value: 0,
    }
}
