//! `ehr deploy`: upload and instantiate the ehr contract, and remember its address.

use crate::context::Context;
use crate::state::{Deployment, Deployments};
use anyhow::{bail, Context as _, Result};
use clap::Args;
use ehr_chain::EhrContract;
use std::path::PathBuf;

/// Where the contract artifact is looked for when `--wasm` is not given, relative to the
/// directory of the `ehr` executable and to the current directory.
const ARTIFACT: &str = "ink/ehr/ehr.wasm";

#[derive(Debug, Args)]
pub struct DeployArgs {
    /// The contract's wasm (default: the one built next to this ehr binary, `target/ink/ehr/ehr.wasm`).
    #[arg(long, env = "EHR_CONTRACT_WASM")]
    pub wasm: Option<PathBuf>,
    /// Salt for the contract address (deploying the same code twice needs different salts).
    #[arg(long)]
    pub salt: Option<String>,
    /// Deploy nothing: accept the ehr contract someone else deployed at this address, and
    /// use it (and trust its code) on this chain. Check its code hash with whoever deployed it
    /// first. (`--wasm` and `--salt` are not used then.)
    #[arg(long, value_name = "ADDRESS")]
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
    let in_use = crate::state::remember(&ctx.home()?, &genesis, deployment, args.replace || stale)?;
    let in_use = in_use.filter(|_| !stale);
    let (where_text, where_json) = super::inclusion_summary(&deployed.inclusion);
    let remembered = match (&in_use, args.replace) {
        (Some(other), false) => format!(
            "remembered for chain {genesis}, NOT in use: commands still use {other} there. Switch with `ehr contract use {address}` (or deploy with --replace)"
        ),
        (Some(other), true) => format!(
            "in use on chain {genesis} from now on, instead of {other} (kept; `ehr contract use {other}` switches back)"
        ),
        (None, _) => format!("in use on chain {genesis}"),
    };
    ctx.out.result(
        format!(
            "deployed ehr contract {address}\n  {where_text}\n  code {} bytes, code hash {code_hash}, storage deposit {}\n  {remembered}",
            wasm.len(),
            crate::units::show(deployed.storage_deposit.charge())
        ),
        serde_json::json!({
            "contract": address,
            "in_use": in_use.is_none() || args.replace,
            "other_in_use": if args.replace { None } else { in_use.clone() },
            "replaced": if args.replace { in_use.clone() } else { None },
            "code_hash": code_hash,
            "genesis_hash": genesis,
            "code_size": wasm.len(),
            "gas_required": deployed.gas_required,
            "storage_deposit": deployed.storage_deposit.charge().to_string(),
            "inclusion": where_json,
        }),
    );
    Ok(())
}

fn find_artifact() -> Result<PathBuf> {
    let mut candidates = Vec::new();
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
    let replaced = crate::state::remember(&ctx.home()?, &genesis, deployment, true)?;
    let instead = replaced
        .as_ref()
        .map(|o| format!(", instead of {o} (kept; `ehr contract use {o}` switches back)"))
        .unwrap_or_default();
    ctx.out.result(
        format!(
            "accepted ehr contract {address}, code hash {code_hash}\n  in use on chain {genesis}{instead}; compare the code hash with whoever deployed it"
        ),
        serde_json::json!({
            "contract": address.to_string(), "code_hash": code_hash, "genesis_hash": genesis,
            "replaced": replaced,
        }),
    );
    Ok(())
}
