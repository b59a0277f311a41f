//! `ehr transfer`: moves funds to an account, so a new account can pay for its transactions
//! and deposits.

use crate::context::Context;
use anyhow::Result;
use clap::Args;

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
    let (where_text, where_json) = super::inclusion_summary(&inclusion);
    let balance = client.free_balance(&to).await?;
    ctx.out.result(
        format!(
            "transferred {} to {to}\n  {where_text}\n  {to} now has {}",
            token.format(amount),
            token.format(balance)
        ),
        serde_json::json!({
            "to": to.to_string(),
            "amount": amount.to_string(),
            "amount_text": token.format(amount),
            "balance": balance.to_string(),
            "inclusion": where_json,
        }),
    );
    Ok(())
}
