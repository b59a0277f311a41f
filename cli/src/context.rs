//! What a command needs from its options: output, the node, the signer, the contract.

use crate::address::parse as parse_account;
use crate::cli::{GlobalOpts, Options, ReadFrom, Ss58, WaitFor};
use crate::output::Output;
use anyhow::Result;
use ehr_chain::{AccountId32, Client, EhrContract, MetadataCache, Progress, ReadAt, Signer, Wait};
use ehr_client::home::deployments::Deployments;
use ehr_client::Chart;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};
use zeroize::Zeroizing;

/// A command's resolved options: the global ones and those of the groups it takes.
pub struct Context {
    pub out: Output,
    global: GlobalOpts,
    opts: Options,
    /// The signer's secret URI, once resolved (a keystore is opened at most once per run).
    secret: OnceLock<Zeroizing<String>>,
}

impl Context {
    pub fn new(global: GlobalOpts, opts: Options) -> Self {
        let out = Output {
            json: global.json,
            quiet: global.quiet,
        };
        Self {
            out,
            global,
            opts,
            secret: OnceLock::new(),
        }
    }

    /// The ehr home directory.
    pub fn home(&self) -> Result<PathBuf> {
        match &self.global.home {
            Some(home) => Ok(home.clone()),
            None => Ok(ehr_client::home::default_home()?),
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
                let home = self.home()?;
                let path = ehr_client::home::keystore::keystore_path(&home, name)?;
                if !path.is_file() {
                    anyhow::bail!(
                        "no account named {name:?} in the keystore ({}); see `ehr account list`",
                        path.display()
                    );
                }
                let passphrase = crate::keystore::passphrase(&format!(
                    "passphrase for account {name}: "
                ))?;
                ehr_client::home::keystore::open(&home, name, &passphrase)?
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

    /// Connects to the node, with the runtime metadata cached in `$EHR_HOME/cache`, the
    /// chain's address format set for the whole run, and transactions waited for and queries
    /// read as `--wait` and `--at` say.
    pub async fn client(&self) -> Result<Client> {
        let url = self.opts.url.as_deref().unwrap_or(crate::cli::DEFAULT_URL);
        let cache = self
            .home()
            .ok()
            .map(|h| MetadataCache::new(h.join("cache")));
        let started = std::time::Instant::now();
        let client = self
            .out
            .wait(
                &format!("connecting to {url}"),
                Client::connect_with(url, cache),
            )
            .await?;
        let timings = std::env::var_os("EHR_TIMINGS").is_some();
        if timings {
            // Asked for explicitly, so printed even with -q and --json (on stderr).
            eprintln!(
                "timing: connect (metadata {}) {:.1} ms",
                if client.metadata_was_cached() {
                    "cached"
                } else {
                    "downloaded"
                },
                started.elapsed().as_secs_f64() * 1e3
            );
        }
        let mut format = client.address_format();
        format.show_generic = self.global.ss58 == Ss58::Generic;
        crate::address::set(format);
        crate::units::set(client.token().clone());
        let out = self.out;
        let client = client
            .with_dry_run_only(self.opts.dry_run)
            .with_read_at(match self.opts.at {
                Some(ReadFrom::Finalized) => ReadAt::Finalized,
                Some(ReadFrom::Best) | None => ReadAt::Best,
            })
            .with_progress(Arc::new(move |p| match p {
                Progress::Step { what, took } if timings => {
                    eprintln!("timing: {what} {:.1} ms", took.as_secs_f64() * 1e3)
                }
                Progress::Step { .. } => {}
                Progress::Landed { what, block, index } => {
                    crate::landed::record(crate::landed::Landed { what, block, index })
                }
                other => out.note(describe_progress(other)),
            }));
        Ok(match self.opts.wait {
            Some(WaitFor::Best) => client.with_wait(Wait::Best),
            Some(WaitFor::Finalized) => client.with_wait(Wait::Finalized),
            None => client,
        })
    }

    /// The ehr contract: `--contract`, or the deployment remembered for this chain. Before
    /// anything is sent to it, its code must be the ehr contract this CLI was built for, or code
    /// its user deployed or accepted on this chain (`ehr deploy`): an address that runs other
    /// code (an impostor answering ehr's messages included) is refused.
    pub async fn contract(&self) -> Result<EhrContract> {
        let client = self.client().await?;
        let deployments = Deployments::load(&self.home()?)?;
        let genesis = format!("{:?}", client.genesis_hash());
        let address = match (&self.opts.contract, deployments.get(&genesis)) {
            (Some(address), _) => parse_account(address)?,
            (None, Some(d)) => parse_account(&d.address)?,
            (None, None) => anyhow::bail!(
                "no ehr contract is known on the chain at {} (genesis {genesis}): run `ehr deploy`, `ehr contract use <address>`, or pass --contract",
                client.url()
            ),
        };
        self.contract_at(client, address).await
    }

    /// The ehr contract at `address`, once its code is shown to be one this CLI trusts (see
    /// [`Context::contract`]).
    pub async fn contract_at(&self, client: Client, address: AccountId32) -> Result<EhrContract> {
        Ok(ehr_client::trust::code::trusted_contract(&self.home()?, client, address).await?)
    }

    /// The library's view of what this command acts on: `contract`, the signer, and the chart
    /// of the patient `--for` names (or the signer's own).
    pub fn chart(&self, contract: &EhrContract) -> Result<Chart> {
        let signer = self.signer()?;
        let patient = self.patient(&signer.account_id())?;
        self.chart_of(contract, patient)
    }

    /// The library's view of `patient`'s chart through `contract`, as the signer.
    pub fn chart_of(&self, contract: &EhrContract, patient: AccountId32) -> Result<Chart> {
        Ok(Chart::new(
            contract.clone(),
            Zeroizing::new(self.suri()?.to_string()),
            Some(patient),
            self.home()?,
            Arc::new(crate::progress::Shown(self.out)),
        )?)
    }

    /// The key pins of `contract`'s chain.
    pub fn trust(&self, contract: &EhrContract) -> Result<ehr_client::trust::Trust> {
        Ok(ehr_client::trust::Trust::load(
            &self.home()?,
            contract,
            Arc::new(crate::progress::Shown(self.out)),
        )?)
    }

    /// The signer's own encryption secret, checked against the chain (see
    /// `ehr_client::trust::own_secret`).
    pub async fn own_secret(
        &self,
        contract: &EhrContract,
    ) -> Result<ehr_envelope::EncryptionSecret> {
        let me = self.signer()?.account_id();
        Ok(ehr_client::trust::own_secret(contract, &me, self.suri()?).await?)
    }
}

/// A progress line for a transaction the client is waiting for.
fn describe_progress(p: Progress) -> String {
    match p {
        Progress::InBlock { number, .. } => {
            format!("in block #{number}, waiting for finality…")
        }
        Progress::Retracted { number } => {
            format!(
                "block #{number} was retracted; waiting for the transaction to be included again…"
            )
        }
        Progress::Step { what, took } => format!("{what}: {took:?}"),
        Progress::Landed { what, block, .. } => format!("{what} landed in block #{block}"),
        Progress::RuntimeUpgraded { spec_version } => {
            format!(
                "the chain's runtime was upgraded (spec version {spec_version}); signing again…"
            )
        }
    }
}
