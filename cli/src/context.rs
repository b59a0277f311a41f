//! What a command needs from the global options: output, the node, the signer, the contract.

use crate::cli::GlobalOpts;
use crate::output::Output;
use crate::state::{self, Deployments};
use anyhow::{Context as _, Result};
use ehr_chain::{parse_account, AccountId32, Client, EhrContract, Signer};
use std::path::PathBuf;
use std::sync::OnceLock;
use zeroize::Zeroizing;

/// Resolved global options.
pub struct Context {
    pub out: Output,
    opts: GlobalOpts,
    /// The signer's secret URI, once resolved (a keystore is opened at most once per run).
    secret: OnceLock<Zeroizing<String>>,
}

impl Context {
    pub fn new(opts: GlobalOpts) -> Self {
        let out = Output {
            json: opts.json,
            quiet: opts.quiet,
        };
        Self {
            out,
            opts,
            secret: OnceLock::new(),
        }
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
        Ok(Signer::from_uri(self.suri()?)?)
    }

    /// The signer's secret URI (for deriving encryption keys): `--suri`, or the keystore
    /// account named by `--account`.
    pub fn suri(&self) -> Result<&str> {
        if let Some(secret) = self.secret.get() {
            return Ok(secret.as_str());
        }
        let secret = match (&self.opts.suri, &self.opts.account) {
            (Some(suri), _) => Zeroizing::new(suri.clone()),
            (None, Some(name)) => {
                let path = crate::commands::account::keystore_path(&self.home()?, name)?;
                if !path.is_file() {
                    anyhow::bail!(
                        "no account named {name:?} in the keystore ({}); see `ehr account list`",
                        path.display()
                    );
                }
                let passphrase = crate::commands::account::passphrase(&format!(
                    "passphrase for account {name}: "
                ))?;
                ehr_envelope::keystore::load(&path, &passphrase)?
            }
            (None, None) => anyhow::bail!(
                "this command needs an account: pass --suri (e.g. --suri //Alice on a dev chain), --account NAME (see `ehr account`), or set EHR_SURI / EHR_ACCOUNT"
            ),
        };
        Ok(self.secret.get_or_init(|| secret).as_str())
    }

    /// The patient a patient command works on: `--for` (the signer acting as guardian), or
    /// the signer.
    pub fn patient(&self, me: &AccountId32) -> Result<AccountId32> {
        match &self.opts.for_patient {
            Some(p) => Ok(parse_account(p)?),
            None => Ok(me.clone()),
        }
    }

    /// Refuses `--for`: `what` is the patient's alone (appointing guardians, the emergency
    /// opt-in), never a guardian's.
    pub fn ensure_own_chart(&self, what: &str) -> Result<()> {
        if self.opts.for_patient.is_some() {
            anyhow::bail!("only the patient {what} (drop --for)");
        }
        Ok(())
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
        let contract = EhrContract::at(client, address);
        contract.ensure_ehr().await?;
        Ok(contract)
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
