//! `ehr transfer`: moves funds to an account, so a new account can pay for its transactions
//! and deposits.

use crate::context::Context;
use crate::landed::Landing;
use anyhow::Result;
use clap::Args;
use serde::Serialize;

#[derive(Debug, Args)]
pub struct TransferArgs {
    /// The account to fund (the chain's SS58 form, the generic one, or 0x-hex).
    pub to: String,
    /// How much, in the chain's token (e.g. `1.5`; decimals from the chain's properties).
    pub amount: String,
    #[command(flatten)]
    pub on: crate::cli::Signs,
}

pub async fn run(ctx: &Context, args: TransferArgs) -> Result<()> {
    let signer = ctx.signer()?;
    let client = ctx.client().await?;
    let to = crate::address::parse(&args.to)?;
    // Asked afresh: the decimals decide how much moves.
    let token = client.token_now().await?;
    let amount = token
        .parse(&args.amount)
        .map_err(|e| anyhow::anyhow!("invalid amount: {e}"))?;
    if amount == 0 {
        anyhow::bail!("the amount must be more than 0");
    }
    let inclusion = ctx
        .out
        .wait(
            &format!("transferring {}", token.format(amount)),
            client.transfer(&signer, &to, amount),
        )
        .await?;
    let balance = client.free_balance(&to).await?;
    ctx.out.show(&Transferred {
        to: to.to_string(),
        amount: amount.to_string(),
        amount_text: token.format(amount),
        balance: balance.to_string(),
        balance_text: token.format(balance),
        inclusion: (&inclusion).into(),
    });
    Ok(())
}

/// `ehr transfer`'s result: what moved, and what the account holds now. Amounts in planck are
/// strings (they can exceed JSON's safe integers), with the same in the chain's token.
#[derive(Debug, Serialize)]
pub struct Transferred {
    pub to: String,
    pub amount: String,
    pub amount_text: String,
    /// The account's free balance after the transfer.
    pub balance: String,
    pub balance_text: String,
    pub inclusion: Landing,
}

impl std::fmt::Display for Transferred {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "transferred {} to {}\n  {}\n  {} now has {}",
            self.amount_text, self.to, self.inclusion, self.to, self.balance_text
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_samples::{landing_with, BOB};

    fn transferred() -> Transferred {
        Transferred {
            to: BOB.into(),
            amount: "1500000000000".into(),
            amount_text: "1.5 UNIT".into(),
            balance: "1803200000000".into(),
            balance_text: "1.8032 UNIT".into(),
            inclusion: landing_with(0),
        }
    }

    #[test]
    fn transfer_result_as_text_works() {
        insta::assert_snapshot!(transferred().to_string());
    }

    #[test]
    fn transfer_result_as_json_works() {
        insta::assert_json_snapshot!(transferred());
    }
}
