//! What a command needs from the global options: output, the node, the signer, the contract.

use crate::cli::GlobalOpts;
use crate::output::Output;
use crate::state::{self, Deployments};
use anyhow::Result;
use ehr_chain::{parse_account, AccountId32, ChainError, Client, EhrContract, Signer};
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

    /// The ehr contract: `--contract`, or the deployment remembered for this chain. Before
    /// anything is sent to it, its code must be the ehr contract this CLI was built for, or code
    /// its user deployed or accepted on this chain (`ehr deploy`): an address that runs other
    /// code (an impostor answering ehr's messages included) is refused.
    pub async fn contract(&self) -> Result<EhrContract> {
        let client = self.client().await?;
        let deployments = Deployments::load(&self.home()?)?;
        let genesis = format!("{:?}", client.genesis_hash());
        let remembered = deployments.get(&genesis);
        let address = match (&self.opts.contract, remembered) {
            (Some(address), _) => parse_account(address)?,
            (None, Some(d)) => parse_account(&d.address)?,
            (None, None) => anyhow::bail!(
                "no ehr contract is known on the chain at {} (genesis {genesis}): run `ehr deploy`, or pass --contract",
                client.url()
            ),
        };
        let code = client
            .contract_code_hash(&address)
            .await?
            .ok_or_else(|| ChainError::NotEhr(format!("there is no contract at {address}")))?;
        let code = format!("{code:?}");
        let trusted = crate::trust::BUILT_FOR == Some(code.as_str())
            || remembered.is_some_and(|d| d.code_hash.as_deref() == Some(code.as_str()));
        if !trusted {
            return Err(ChainError::NotEhr(format!(
                "the contract at {address} is not an ehr contract this CLI trusts: it runs code {code}, not the ehr contract this ehr was built for ({}) nor one you deployed or accepted on this chain. Nothing was sent. If you trust that code, accept the contract with `ehr deploy --existing {address}`",
                crate::trust::BUILT_FOR.unwrap_or("none compiled in")
            ))
            .into());
        }
        Ok(EhrContract::at(client, address))
    }

    /// The key pins of `contract`'s chain.
    pub fn trust(&self, contract: &EhrContract) -> Result<crate::trust::Trust> {
        crate::trust::Trust::load(&self.home()?, contract, self.out)
    }

    /// The signer's own encryption secret, checked against the chain (see `trust::own_secret`).
    pub async fn own_secret(
        &self,
        contract: &EhrContract,
    ) -> Result<ehr_envelope::EncryptionSecret> {
        let me = self.signer()?.account_id();
        crate::trust::own_secret(contract, &me, self.suri()?).await
    }
}
