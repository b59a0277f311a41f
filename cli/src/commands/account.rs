//! `ehr account ...`: accounts in the local keystore (secret encrypted with a passphrase), and
//! what any account (keystore or `--suri`) looks like on chain.

use crate::keystore::passphrase;
use ehr_client::home::keystore::keystore_path;
use std::io::{BufRead, IsTerminal};
use std::path::PathBuf;

use anyhow::{bail, Context as _, Result};
use clap::Subcommand;
use ehr_chain::AccountId32;
use ehr_envelope::keystore;
use zeroize::Zeroizing;

use crate::context::Context;

mod shown;

use shown::{Accounts, Entry, Fingerprint, Rotated, Saved, Shown, Trusted};

#[derive(Debug, Subcommand)]
pub enum AccountCommand {
    /// Create an account: a new 12-word secret phrase, shown once, saved encrypted.
    ///
    /// Example: ehr account new --name clinic
    New {
        #[arg(long)]
        name: String,
        /// Words in the phrase.
        #[arg(long, default_value_t = 12, value_parser = clap::value_parser!(u16).range(12..=24))]
        words: u16,
    },
    /// Import an existing secret phrase or URI (read from the terminal without echo, or from
    /// stdin), saved encrypted.
    Import {
        #[arg(long)]
        name: String,
    },
    /// List the accounts in the keystore.
    List,
    /// Show the signing account (`--suri` or `--account`): its address and encryption key.
    Show {
        #[command(flatten)]
        on: crate::cli::Local,
    },
    /// Show the fingerprint of your encryption key, for others to compare with the one their
    /// ehr pinned for you (derived here from your secret, not read from the chain).
    Fingerprint {
        #[command(flatten)]
        on: crate::cli::Local,
    },
    /// Accept the encryption key the chain now shows for an account, replacing the one pinned
    /// when you first used it. Do this only after comparing its fingerprint with the owner's.
    ///
    /// Example: ehr account trust 5FHneW46... --fingerprint "3f2a 91c0 ..."
    Trust {
        account: String,
        /// The fingerprint the owner gave you: the key is accepted only if it matches.
        #[arg(long)]
        fingerprint: Option<String>,
        #[command(flatten)]
        on: crate::cli::Reads,
    },
    /// Publish your encryption key (derived from your secret) as the key of your registered
    /// account, as patient and as doctor. For an account registered with an earlier ehr, whose
    /// keys were derived differently; what was wrapped to the old key stays unreadable.
    RotateKey {
        #[command(flatten)]
        on: crate::cli::Sends,
    },
}

crate::cli::options_of!(AccountCommand: Show, Fingerprint, Trust, RotateKey; none: New, Import, List);

pub async fn run(ctx: &Context, cmd: AccountCommand) -> Result<()> {
    match cmd {
        AccountCommand::New { name, words } => new(ctx, &name, words),
        AccountCommand::Import { name } => import(ctx, &name),
        AccountCommand::List => list(ctx),
        AccountCommand::Show { .. } => show(ctx),
        AccountCommand::Fingerprint { .. } => fingerprint(ctx),
        AccountCommand::Trust {
            account,
            fingerprint,
            ..
        } => trust(ctx, &account, fingerprint.as_deref()).await,
        AccountCommand::RotateKey { .. } => rotate_key(ctx).await,
    }
}

/// A new passphrase, asked twice on a terminal.
fn new_passphrase() -> Result<Zeroizing<String>> {
    let first = passphrase("new passphrase: ")?;
    if std::env::var_os("EHR_PASSPHRASE").is_none() {
        let again = passphrase("repeat passphrase: ")?;
        if *again != *first {
            bail!("the passphrases differ; nothing was saved");
        }
    }
    if first.chars().count() < 8 {
        bail!("use a passphrase of at least 8 characters; nothing was saved");
    }
    Ok(first)
}

fn save(ctx: &Context, name: &str, secret_uri: &str) -> Result<(PathBuf, AccountId32)> {
    let path = keystore_path(&ctx.home()?, name)?;
    if path.exists() {
        bail!(
            "an account named {name:?} already exists ({}); pick another name",
            path.display()
        );
    }
    let public = ehr_envelope::account_public_key(secret_uri)?;
    let passphrase = new_passphrase()?;
    ctx.out.note("encrypting the secret (scrypt) ...");
    keystore::save(
        &path,
        secret_uri,
        &passphrase,
        keystore::DEFAULT_LOG_N,
        &mut rand_core::OsRng,
    )?;
    Ok((path, AccountId32(public)))
}

fn new(ctx: &Context, name: &str, words: u16) -> Result<()> {
    if words != 12 && words != 24 {
        bail!("a secret phrase has 12 or 24 words");
    }
    let mut entropy = Zeroizing::new([0u8; 32]);
    rand_core::RngCore::fill_bytes(&mut rand_core::OsRng, entropy.as_mut());
    let len = if words == 24 { 32 } else { 16 };
    let mnemonic = subxt_signer::bip39::Mnemonic::from_entropy(&entropy[..len])
        .context("cannot make a secret phrase")?;
    let phrase = Zeroizing::new(mnemonic.to_string());
    let (path, account) = save(ctx, name, &phrase)?;
    let encryption = crate::keys::encryption_public_key(&phrase)?;
    ctx.out.show(&Saved {
        name: name.to_string(),
        account: account.to_string(),
        encryption_key: hex::encode(encryption),
        keystore: path.display().to_string(),
        mnemonic: Some(phrase),
    });
    Ok(())
}

fn import(ctx: &Context, name: &str) -> Result<()> {
    let secret = if std::io::stdin().is_terminal() {
        Zeroizing::new(
            rpassword::prompt_password("secret phrase or URI: ")
                .context("cannot read the secret")?,
        )
    } else {
        let mut line = Zeroizing::new(String::new());
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .context("cannot read the secret from stdin")?;
        Zeroizing::new(line.trim().to_string())
    };
    let (path, account) = save(ctx, name, &secret)?;
    let encryption = crate::keys::encryption_public_key(&secret)?;
    ctx.out.show(&Saved {
        name: name.to_string(),
        account: account.to_string(),
        encryption_key: hex::encode(encryption),
        keystore: path.display().to_string(),
        mnemonic: None,
    });
    Ok(())
}

/// Lists the keystore's accounts; an entry that cannot be read is listed as such (with why),
/// so one broken file never hides the others.
fn list(ctx: &Context) -> Result<()> {
    let dir = ctx.home()?.join("keys");
    let mut accounts = Vec::new();
    if dir.is_dir() {
        for entry in
            std::fs::read_dir(&dir).with_context(|| format!("cannot read {}", dir.display()))?
        {
            let path = entry?.path();
            if path.extension().is_some_and(|e| e == "json") {
                let name = path
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let (account, error) = match keystore::public_key(&path) {
                    Ok(key) => (Some(AccountId32(key).to_string()), None),
                    Err(e) => (None, Some(e.to_string())),
                };
                accounts.push(Entry {
                    name,
                    account,
                    error,
                });
            }
        }
    }
    accounts.sort_by(|a, b| a.name.cmp(&b.name));
    ctx.out.show(&Accounts(accounts));
    Ok(())
}

fn show(ctx: &Context) -> Result<()> {
    let signer = ctx.signer()?;
    let encryption = crate::keys::encryption_public_key(ctx.suri()?)?;
    let account = signer.account_id();
    ctx.out.show(&Shown {
        account: account.to_string(),
        public_key: hex::encode(account.0),
        encryption_key: hex::encode(encryption),
    });
    Ok(())
}

fn fingerprint(ctx: &Context) -> Result<()> {
    let account = ctx.signer()?.account_id();
    let key = crate::keys::encryption_public_key(ctx.suri()?)?;
    ctx.out.show(&Fingerprint {
        account: account.to_string(),
        fingerprint: ehr_client::trust::fingerprint(&key),
        encryption_key: hex::encode(key),
    });
    Ok(())
}

async fn trust(ctx: &Context, account: &str, expected: Option<&str>) -> Result<()> {
    let contract = ctx.contract().await?;
    let account = crate::address::parse(account)?;
    let key = match ehr_client::query::ask(&contract, &account, contract.patient(&account)).await {
        Ok(p) => p.encryption_key,
        Err(_) => ehr_client::query::ask(&contract, &account, contract.doctor(&account))
            .await
            .map(|d| d.encryption_key)
            .with_context(|| {
                format!("{account} has no encryption key on chain (not registered)")
            })?,
    };
    let fp = ehr_client::trust::fingerprint(&key);
    if let Some(expected) = expected {
        let norm = |s: &str| {
            s.chars()
                .filter(|c| !c.is_whitespace())
                .collect::<String>()
                .to_lowercase()
        };
        if norm(expected) != norm(&fp) {
            bail!("the key the chain shows for {account} has fingerprint {fp}, not {expected}: nothing was accepted");
        }
    }
    let old = ctx.trust(&contract)?.accept(&account.to_string(), key)?;
    let was = old
        .as_deref()
        .and_then(|h| hex::decode(h).ok())
        .and_then(|b| <[u8; 32]>::try_from(b).ok())
        .map(|k| ehr_client::trust::fingerprint(&k));
    ctx.out.show(&Trusted {
        account: account.to_string(),
        fingerprint: fp,
        was,
    });
    Ok(())
}

async fn rotate_key(ctx: &Context) -> Result<()> {
    let signer = ctx.signer()?;
    let key = crate::keys::encryption_public_key(ctx.suri()?)?;
    let contract = ctx.contract().await?;
    let msg = contract.rotate_key(key);
    let ((), inclusion) =
        crate::send::send(&ctx.out, "publishing your key", &contract, &signer, &msg).await?;
    ctx.out.show(&Rotated {
        action: msg.name,
        fingerprint: ehr_client::trust::fingerprint(&key),
        encryption_key: hex::encode(key),
        inclusion: (&inclusion).into(),
    });
    Ok(())
}
