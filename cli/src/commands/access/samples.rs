//! Fixed sample values for the result snapshots of the commands: no chain needed.

use crate::landed::Landing;

pub const ALICE: &str = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";
pub const BOB: &str = "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty";

/// Where a sample transaction landed: a finalized block, with a fee and, if given, a deposit.
pub fn landing(deposit: u128) -> Landing {
    Landing {
        block_number: 7,
        block_hash: format!("0x{}", "cd".repeat(32)),
        finalized: true,
        extrinsic_index: 1,
        extrinsic_hash: format!("0x{}", "ef".repeat(32)),
        attempts: 1,
        cost: (&ehr_chain::Cost {
            fee: 2_452_976_428,
            deposit,
            value: 0,
        })
            .into(),
    }
}
