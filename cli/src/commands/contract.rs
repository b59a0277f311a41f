//! `ehr contract use|show`: which ehr contract commands use on the connected chain.

use crate::context::Context;
use crate::state::{Deployment, Deployments};
use anyhow::{Context as _, Result};
use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum ContractCommand {
    /// Use the ehr contract at ADDRESS on this chain from now on (e.g. the one your clinic
    /// deployed): it must run the ehr code this CLI was built for, or code you accepted with
    /// `ehr deploy --existing`. The one used before is kept.
    Use {
        /// The contract's address (the chain's own SS58 form, the generic one, or 0x-hex).
        address: String,
        #[command(flatten)]
        on: crate::cli::Connects,
    },
    /// The contract in use on this chain, and the others remembered there.
    Show {
        #[command(flatten)]
        on: crate::cli::Connects,
    },
}

impl ContractCommand {
    /// The options of the command given (each takes only the option groups it uses).
    pub fn options(&self) -> crate::cli::Options {
        use crate::cli::Uses;
        match self {
            Self::Use { on, .. } => on.options(),
            Self::Show { on, .. } => on.options(),
        }
    }
}

pub async fn run(ctx: &Context, cmd: ContractCommand) -> Result<()> {
    match cmd {
        ContractCommand::Use { address, .. } => use_contract(ctx, &address).await,
        ContractCommand::Show { .. } => show(ctx).await,
    }
}

async fn use_contract(ctx: &Context, address: &str) -> Result<()> {
    let client = ctx.client().await?;
    let account = crate::address::parse(address)?;
    // The same check every command makes before sending anything to a contract.
    let contract = ctx.contract_at(client.clone(), account.clone()).await?;
    let genesis = format!("{:?}", client.genesis_hash());
    let code_hash = client
        .contract_code_hash(contract.address())
        .await?
        .map(|h| format!("{h:?}"));
    let known = Deployments::load(&ctx.home()?)?
        .all(&genesis)
        .find(|d| d.address == account.to_string())
        .cloned();
    let deployment = Deployment {
        address: account.to_string(),
        block: known.map_or(0, |d| d.block),
        code_hash,
    };
    let before = crate::state::remember(&ctx.home()?, &genesis, deployment, true)?;
    let was = before
        .as_ref()
        .map(|b| format!(" (instead of {b}, which is kept)"))
        .unwrap_or_default();
    ctx.out.result(
        format!("using ehr contract {account} on chain {genesis}{was}"),
        serde_json::json!({ "contract": account.to_string(), "genesis_hash": genesis, "replaced": before }),
    );
    Ok(())
}

async fn show(ctx: &Context) -> Result<()> {
    let client = ctx.client().await?;
    let genesis = format!("{:?}", client.genesis_hash());
    let deployments = Deployments::load(&ctx.home()?)?;
    let current = deployments.get(&genesis).with_context(|| {
        format!("no ehr contract is remembered for the chain at {} (genesis {genesis}): run `ehr deploy`, or `ehr contract use <address>`", client.url())
    })?;
    let line = |d: &Deployment| {
        format!(
            "{}  code hash {}{}",
            d.address,
            d.code_hash.as_deref().unwrap_or("unknown"),
            if d.block > 0 {
                format!(", deployed in block #{}", d.block)
            } else {
                ", accepted".to_string()
            }
        )
    };
    let mut human = format!(
        "chain {genesis} ({})\n  in use: {}",
        client.url(),
        line(current)
    );
    for other in deployments.others(&genesis) {
        human += &format!("\n  kept:   {}", line(other));
    }
    ctx.out.result(
        human,
        serde_json::json!({
            "genesis_hash": genesis,
            "in_use": current,
            "others": deployments.others(&genesis),
        }),
    );
    Ok(())
}
