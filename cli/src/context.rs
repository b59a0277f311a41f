//! What a command needs from the global options: output, the node, the signer, the contract.

use crate::cli::GlobalOpts;
use crate::output::Output;
use crate::state::{self, Deployments};
use anyhow::{Context as _, Result};
use ehr_chain::{parse_account, AccountId32, Client, EhrContract, Signer};
use std::path::PathBuf;

/// Resolved global options.
pub struct Context {
    pub out: Output,
    opts: GlobalOpts,
}

impl Context {
    pub fn new(opts: GlobalOpts) -> Self {
        let out = Output {
            json: opts.json,
            quiet: opts.quiet,
        };
        Self { out, opts }
    }

    /// The ehr home directory.
    pub fn home(&self) -> Result<PathBuf> {
        match &self.opts.home {
            Some(home) => Ok(home.clone()),
            None => state::default_home(),
        }
    }

    /// The signing account; an error that says how to give one when there is none.
    pub fn signer(&self) -> Result<Signer> {
        let suri = self.opts.suri.as_deref().context(
            "this command signs a transaction: pass --suri (e.g. --suri //Alice on a dev chain) or set EHR_SURI",
        )?;
        Ok(Signer::from_uri(suri)?)
    }

    /// The secret URI of the signer (for deriving encryption keys).
    pub fn suri(&self) -> Result<&str> {
        self.opts
            .suri
            .as_deref()
            .context("pass --suri (e.g. --suri //Alice on a dev chain) or set EHR_SURI")
    }

    /// Connects to the node.
    pub async fn client(&self) -> Result<Client> {
        let url = &self.opts.url;
        let client = self
            .out
            .wait(&format!("connecting to {url}"), Client::connect(url))
            .await?;
        Ok(client)
    }

    /// The ehr contract: `--contract`, or the deployment remembered for this chain.
    pub async fn contract(&self) -> Result<EhrContract> {
        let client = self.client().await?;
        let address = match &self.opts.contract {
            Some(address) => parse_account(address)?,
            None => self.remembered_contract(&client)?,
        };
        Ok(EhrContract::at(client, address))
    }

    fn remembered_contract(&self, client: &Client) -> Result<AccountId32> {
        let home = self.home()?;
        let genesis = format!("{:?}", client.genesis_hash());
        let deployments = Deployments::load(&home)?;
        let deployment = deployments.get(&genesis).with_context(|| {
            format!(
                "no ehr contract is known on the chain at {} (genesis {genesis}): run `ehr deploy`, or pass --contract",
                client.url()
            )
        })?;
        Ok(parse_account(&deployment.address)?)
    }
}
