//! `ehr contract use|show`: which ehr contract commands use on the connected chain.

use crate::context::Context;
use anyhow::{Context as _, Result};
use clap::Subcommand;
use ehr_client::home::deployments::{Deployment, Deployments};
use serde::Serialize;

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

crate::cli::options_of!(ContractCommand: Use, Show);

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
    let before = ehr_client::home::deployments::remember(&ctx.home()?, &genesis, deployment, true)?;
    ctx.out.show(&Used {
        contract: account.to_string(),
        genesis_hash: genesis,
        replaced: before,
    });
    Ok(())
}

async fn show(ctx: &Context) -> Result<()> {
    let client = ctx.client().await?;
    let genesis = format!("{:?}", client.genesis_hash());
    let deployments = Deployments::load(&ctx.home()?)?;
    let current = deployments.get(&genesis).with_context(|| {
        format!("no ehr contract is remembered for the chain at {} (genesis {genesis}): run `ehr deploy`, or `ehr contract use <address>`", client.url())
    })?;
    ctx.out.show(&Shown {
        in_use: current.clone(),
        others: deployments.others(&genesis).to_vec(),
        genesis_hash: genesis,
        url: client.url().to_string(),
    });
    Ok(())
}

/// `ehr contract use`'s result: the contract now in use on the chain, and the one it replaced
/// (still remembered).
#[derive(Debug, Serialize)]
pub struct Used {
    pub contract: String,
    pub genesis_hash: String,
    pub replaced: Option<String>,
}

impl std::fmt::Display for Used {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "using ehr contract {} on chain {}",
            self.contract, self.genesis_hash
        )?;
        if let Some(before) = &self.replaced {
            write!(f, " (instead of {before}, which is kept)")?;
        }
        Ok(())
    }
}

/// `ehr contract show`'s result: the contract in use on the connected chain, and the others
/// remembered there.
#[derive(Debug, Serialize)]
pub struct Shown {
    pub genesis_hash: String,
    /// The node asked.
    pub url: String,
    pub in_use: Deployment,
    pub others: Vec<Deployment>,
}

/// A deployment on one line: address, code hash, and the block that deployed it.
struct Line<'a>(&'a Deployment);

impl std::fmt::Display for Line<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let d = self.0;
        write!(
            f,
            "{}  code hash {}",
            d.address,
            d.code_hash.as_deref().unwrap_or("unknown")
        )?;
        if d.block > 0 {
            write!(f, ", deployed in block #{}", d.block)
        } else {
            f.write_str(", accepted")
        }
    }
}

impl std::fmt::Display for Shown {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "chain {} ({})\n  in use: {}",
            self.genesis_hash,
            self.url,
            Line(&self.in_use)
        )?;
        for other in &self.others {
            write!(f, "\n  kept:   {}", Line(other))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_samples::{ALICE, BOB};

    fn genesis() -> String {
        format!("0x{}", "12".repeat(32))
    }

    fn used() -> Used {
        Used {
            contract: BOB.into(),
            genesis_hash: genesis(),
            replaced: Some(ALICE.into()),
        }
    }

    fn shown() -> Shown {
        Shown {
            genesis_hash: genesis(),
            url: "ws://127.0.0.1:9944".into(),
            in_use: Deployment {
                address: BOB.into(),
                block: 0,
                code_hash: Some(format!("0x{}", "34".repeat(32))),
            },
            others: vec![Deployment {
                address: ALICE.into(),
                block: 12,
                code_hash: None,
            }],
        }
    }

    #[test]
    fn contract_results_as_text_work() {
        insta::assert_snapshot!(format!("{}\n---\n{}", used(), shown()));
    }

    #[test]
    fn contract_results_as_json_work() {
        insta::assert_json_snapshot!((used(), shown()));
    }
}
