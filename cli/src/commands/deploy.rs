//! `ehr deploy`: upload and instantiate the ehr contract, and remember its address.

use crate::context::Context;
use crate::landed::Landing;
use anyhow::{bail, Context as _, Result};
use clap::Args;
use ehr_chain::EhrContract;
use ehr_client::home::deployments::{Deployment, Deployments};
use serde::Serialize;
use std::path::PathBuf;

/// Where the contract artifact is looked for when `--wasm` is not given, relative to the
/// directory of the `ehr` executable and to the current directory.
const ARTIFACT: &str = "ink/ehr/ehr.wasm";

#[derive(Debug, Args)]
pub struct DeployArgs {
    /// The contract's wasm (default: the one this ehr was built next to,
    /// `$CARGO_TARGET_DIR/ink/ehr/ehr.wasm`, or `target/ink/ehr/ehr.wasm` beside the binary).
    #[arg(long, env = "EHR_CONTRACT_WASM")]
    pub wasm: Option<PathBuf>,
    /// Salt for the contract address (deploying the same code twice needs different salts).
    #[arg(long)]
    pub salt: Option<String>,
    /// Deploy nothing: accept the ehr contract someone else deployed at this address, and
    /// use it (and trust its code) on this chain. Check its code hash with whoever deployed it
    /// first. (`--wasm` and `--salt` are not used then.)
    #[arg(long, value_name = "ADDRESS", conflicts_with = "dry_run")]
    pub existing: Option<String>,
    /// Use the new contract on this chain even when another one is remembered there (that one
    /// is kept; `ehr contract use` switches back). Without it, a second deployment is kept
    /// alongside and the one in use stays.
    #[arg(long, conflicts_with = "existing")]
    pub replace: bool,
    #[command(flatten)]
    pub on: crate::cli::Signs,
}

pub async fn run(ctx: &Context, args: DeployArgs) -> Result<()> {
    if let Some(address) = args.existing {
        return accept(ctx, &address).await;
    }
    let wasm_path = match args.wasm {
        Some(path) => path,
        None => find_artifact()?,
    };
    let wasm = std::fs::read(&wasm_path)
        .with_context(|| format!("cannot read the contract at {}", wasm_path.display()))?;
    if !wasm.starts_with(b"\0asm") {
        bail!("{} is not a wasm module", wasm_path.display());
    }
    let signer = ctx.signer()?;
    let client = ctx.client().await?;
    let salt = match args.salt {
        Some(salt) => salt.into_bytes(),
        None => std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos().to_le_bytes().to_vec())
            .unwrap_or_default(),
    };
    let deployed = ctx
        .out
        .wait(
            &format!("deploying {} ({} bytes)", wasm_path.display(), wasm.len()),
            EhrContract::deploy(&client, &signer, &wasm, &salt),
        )
        .await?;
    let code_hash = code_hash_at(&client, &deployed.address).await?;
    let genesis = format!("{:?}", client.genesis_hash());
    let address = deployed.address.to_string();
    let deployment = Deployment {
        address: address.clone(),
        block: deployed.inclusion.block_number,
        code_hash: Some(code_hash.clone()),
    };
    // A remembered contract the chain no longer holds (a dev chain started afresh has the
    // same genesis hash) is no reason to keep the new one out of use.
    let stale = match Deployments::load(&ctx.home()?)?.get(&genesis) {
        Some(d) => match crate::address::parse(&d.address) {
            Ok(a) => client.contract_code_hash(&a).await?.is_none(),
            Err(_) => true,
        },
        None => false,
    };
    let in_use = ehr_client::home::deployments::remember(
        &ctx.home()?,
        &genesis,
        deployment,
        args.replace || stale,
    )?;
    let in_use = in_use.filter(|_| !stale);
    let deposit = deployed.storage_deposit.charge();
    ctx.out.show(&Deployed {
        contract: address,
        in_use: in_use.is_none() || args.replace,
        other_in_use: if args.replace { None } else { in_use.clone() },
        replaced: if args.replace { in_use } else { None },
        code_hash,
        genesis_hash: genesis,
        code_size: wasm.len(),
        gas_required: deployed.gas_required,
        storage_deposit: deposit.to_string(),
        storage_deposit_text: crate::units::show(deposit),
        inclusion: (&deployed.inclusion).into(),
    });
    Ok(())
}

/// `ehr deploy`'s result: the new contract, and whether commands on this chain use it now.
#[derive(Debug, Serialize)]
pub struct Deployed {
    pub contract: String,
    pub in_use: bool,
    /// The contract commands on this chain still use (the new one is only remembered).
    pub other_in_use: Option<String>,
    /// The contract the new one replaced in use (`--replace`; it stays remembered).
    pub replaced: Option<String>,
    pub code_hash: String,
    pub genesis_hash: String,
    /// Bytes of wasm uploaded.
    pub code_size: usize,
    pub gas_required: ehr_chain::Weight,
    /// In planck (a string: it can exceed JSON's safe integers), and in the chain's token.
    pub storage_deposit: String,
    pub storage_deposit_text: String,
    pub inclusion: Landing,
}

impl std::fmt::Display for Deployed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (address, genesis) = (&self.contract, &self.genesis_hash);
        write!(
            f,
            "deployed ehr contract {address}\n  {}\n  code {} bytes, code hash {}, storage deposit {}\n  ",
            self.inclusion, self.code_size, self.code_hash, self.storage_deposit_text
        )?;
        match (&self.other_in_use, &self.replaced) {
            (Some(other), _) => write!(
                f,
                "remembered for chain {genesis}, NOT in use: commands still use {other} there. Switch with `ehr contract use {address}` (or deploy with --replace)"
            ),
            (None, Some(other)) => write!(
                f,
                "in use on chain {genesis} from now on, instead of {other} (kept; `ehr contract use {other}` switches back)"
            ),
            (None, None) => write!(f, "in use on chain {genesis}"),
        }
    }
}

/// `ehr deploy --existing`'s result: someone else's contract, now in use on this chain.
#[derive(Debug, Serialize)]
pub struct Accepted {
    pub contract: String,
    pub code_hash: String,
    pub genesis_hash: String,
    /// The contract it replaced in use (it stays remembered).
    pub replaced: Option<String>,
}

impl std::fmt::Display for Accepted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "accepted ehr contract {}, code hash {}\n  in use on chain {}",
            self.contract, self.code_hash, self.genesis_hash
        )?;
        if let Some(o) = &self.replaced {
            write!(
                f,
                ", instead of {o} (kept; `ehr contract use {o}` switches back)"
            )?;
        }
        f.write_str("; compare the code hash with whoever deployed it")
    }
}

fn find_artifact() -> Result<PathBuf> {
    let mut candidates = Vec::new();
    // The contract this ehr was built next to (and whose code it trusts), wherever the binary
    // was installed since.
    if let Some(built) = ehr_client::trust::code::ARTIFACT {
        candidates.push(PathBuf::from(built));
    }
    if let Ok(exe) = std::env::current_exe() {
        // target/<profile>/ehr -> target/ink/ehr/ehr.wasm
        if let Some(target) = exe.parent().and_then(|p| p.parent()) {
            candidates.push(target.join(ARTIFACT));
        }
    }
    candidates.push(PathBuf::from("target").join(ARTIFACT));
    candidates
        .iter()
        .find(|p| p.is_file())
        .cloned()
        .with_context(|| {
            format!(
                "no contract artifact found (looked at {}); build it with `scripts/build-contract` or pass --wasm",
                candidates
                    .iter()
                    .map(|p| p.display().to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        })
}

/// The code hash the chain holds for the contract at `address`.
async fn code_hash_at(
    client: &ehr_chain::Client,
    address: &ehr_chain::AccountId32,
) -> Result<String> {
    let hash = client
        .contract_code_hash(address)
        .await?
        .with_context(|| format!("there is no contract at {address}"))?;
    Ok(format!("{hash:?}"))
}

/// `--existing`: remembers a contract someone else deployed, trusting the code it runs now.
async fn accept(ctx: &Context, address: &str) -> Result<()> {
    let client = ctx.client().await?;
    let address = crate::address::parse(address)?;
    let code_hash = code_hash_at(&client, &address).await?;
    let contract = EhrContract::at(client.clone(), address.clone());
    // An ehr contract answers ehr's questions; anything else is refused here.
    contract.ensure_ehr().await?;
    let genesis = format!("{:?}", client.genesis_hash());
    let deployment = Deployment {
        address: address.to_string(),
        block: 0,
        code_hash: Some(code_hash.clone()),
    };
    let replaced =
        ehr_client::home::deployments::remember(&ctx.home()?, &genesis, deployment, true)?;
    ctx.out.show(&Accepted {
        contract: address.to_string(),
        code_hash,
        genesis_hash: genesis,
        replaced,
    });
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_samples::{landing, ALICE, BOB};

    const GENESIS: &str = "0x1212121212121212121212121212121212121212121212121212121212121212";

    fn deployed(other_in_use: Option<&str>, replaced: Option<&str>) -> Deployed {
        Deployed {
            contract: ALICE.into(),
            in_use: other_in_use.is_none(),
            other_in_use: other_in_use.map(Into::into),
            replaced: replaced.map(Into::into),
            code_hash: format!("0x{}", "ab".repeat(32)),
            genesis_hash: GENESIS.into(),
            code_size: 61_440,
            gas_required: ehr_chain::Weight {
                ref_time: 1_234_567_890,
                proof_size: 45_678,
            },
            storage_deposit: "123456000000000".into(),
            storage_deposit_text: "123.456 UNIT".into(),
            inclusion: landing(),
        }
    }

    fn accepted(replaced: Option<&str>) -> Accepted {
        Accepted {
            contract: ALICE.into(),
            code_hash: format!("0x{}", "ab".repeat(32)),
            genesis_hash: GENESIS.into(),
            replaced: replaced.map(Into::into),
        }
    }

    #[test]
    fn deploy_results_as_text_work() {
        insta::assert_snapshot!([
            deployed(None, None).to_string(),
            deployed(Some(BOB), None).to_string(),
            deployed(None, Some(BOB)).to_string(),
            accepted(None).to_string(),
            accepted(Some(BOB)).to_string(),
        ]
        .join("\n---\n"));
    }

    #[test]
    fn deploy_results_as_json_work() {
        insta::assert_json_snapshot!((deployed(Some(BOB), None), accepted(Some(BOB))));
    }
}
