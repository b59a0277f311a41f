//! `ehr emergency ...`: break-glass access. The patient opts in (`enable`) naming two custodian
//! registrars; a verified doctor breaks the glass (`break-glass`); each custodian releases its
//! share of the emergency key to that doctor (`release`); the patient reviews it (`list`).

use crate::address::parse as parse_account;
use crate::context::Context;
use crate::words::reason_text;
use crate::words::Type;
use anyhow::{bail, Context as _, Result};
use clap::{Subcommand, ValueEnum};
use ehr::limits::MAX_EMERGENCY_WINDOW_MS;
use ehr::{emergency_reader, RecordType};
use ehr_chain::{to_account32, AccountId32, EhrContract};
use ehr_client::query::ask;
use ehr_client::records::open::emergency_share_context;
use sha2::{Digest, Sha256};

mod list;
mod shown;
use shown::{Disabled, Enabled, GlassBroken, Released, Status};

/// Why a doctor breaks the glass (stored as a one-byte code).
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Reason {
    /// 1: the patient is unconscious or cannot consent.
    Unconscious = 1,
    /// 2: life-threatening emergency.
    LifeThreatening = 2,
    /// 3: urgent treatment needs the history (allergies, medication).
    UrgentTreatment = 3,
    /// 4: anything else (explain in --note).
    Other = 4,
}

#[derive(Debug, Subcommand)]
pub enum EmergencyCommand {
    /// Opt in: a verified doctor may then read the chosen record types for `--window` after
    /// breaking the glass, once your two custodians release the emergency key. Run again to
    /// change the policy or to make a new emergency key (do so after every break-glass).
    ///
    /// Example: ehr emergency enable --type cardiac,prescription --window 12h
    ///          --custodian 5Grw... --custodian 5FHn... --suri //Alice
    Enable {
        /// Record types covered (comma-separated).
        #[arg(long = "type", value_enum, value_delimiter = ',', required = true)]
        types: Vec<Type>,
        /// How long one break-glass lasts (at most 24h).
        #[arg(long, value_parser = humantime::parse_duration, default_value = "12h")]
        window: std::time::Duration,
        /// A registrar holding one share of the emergency key; give exactly two, distinct.
        #[arg(long = "custodian", required = true)]
        custodians: Vec<String>,
        #[command(flatten)]
        on: crate::cli::SendsOwn,
    },
    /// Opt out: no new break-glass; any in force ends now.
    Disable {
        #[command(flatten)]
        on: crate::cli::SendsOwn,
    },
    /// Show your emergency policy (or, with `--for`, the patient's).
    Status {
        #[command(flatten)]
        on: crate::cli::ReadsFor,
    },
    /// As a verified doctor, break the glass on a patient's chart: time-limited read access to
    /// the covered records. The patient is alerted and it is in their history.
    BreakGlass {
        #[arg(long)]
        patient: String,
        #[arg(long, value_enum)]
        reason: Reason,
        /// Free-text reason; only its SHA-256 goes on chain, so keep the text in your notes.
        #[arg(long)]
        note: String,
        #[command(flatten)]
        on: crate::cli::Sends,
    },
    /// As a custodian registrar, release your share of a patient's emergency key to the doctor
    /// whose break-glass is in force. Logged in the patient's history.
    Release {
        #[arg(long)]
        patient: String,
        #[arg(long)]
        doctor: String,
        #[command(flatten)]
        on: crate::cli::Sends,
    },
    /// Review every emergency event on your chart (or, with `--for`, the patient's): opt-ins,
    /// break-glass, key releases, and what those doctors opened.
    List {
        #[command(flatten)]
        on: crate::cli::ReadsFor,
    },
}

crate::cli::options_of!(EmergencyCommand: Enable, Disable, Status, BreakGlass, Release, List);

fn custodian_names(policy: &ehr::EmergencyPolicy) -> Vec<String> {
    policy
        .custodians
        .iter()
        .map(|c| to_account32(*c).to_string())
        .collect()
}

fn types_of(mask: u8) -> Vec<&'static str> {
    (0u8..8)
        .filter(|bit| mask & (1 << bit) != 0)
        .filter_map(|bit| {
            use parity_scale_codec::Decode;
            RecordType::decode(&mut &[bit][..]).ok()
        })
        .map(crate::words::type_text)
        .collect()
}

pub async fn run(ctx: &Context, cmd: EmergencyCommand) -> Result<()> {
    let signer = ctx.signer()?;
    let me = signer.account_id();
    let contract = ctx.contract().await?;
    let patient = ctx.patient(&me)?;
    match cmd {
        EmergencyCommand::Enable {
            types,
            window,
            custodians,
            ..
        } => enable(ctx, &contract, &signer, types, window, custodians).await,
        EmergencyCommand::Disable { .. } => {
            let msg = contract.disable_emergency();
            let ((), inclusion) =
                crate::send::send(&ctx.out, "opting out", &contract, &signer, &msg).await?;
            ctx.out.show(&Disabled {
                action: msg.name,
                inclusion: (&inclusion).into(),
            });
            Ok(())
        }
        EmergencyCommand::Status { .. } => {
            let policy = ask(&contract, &me, contract.emergency_policy(&patient))
                .await
                .context(
                    "emergency access is off for this chart (opt in with `ehr emergency enable`)",
                )?;
            // A custodian the registrars removed can no longer release its share: with one
            // share, no break-glass can open anything.
            let mut lapsed = Vec::new();
            for custodian in &policy.custodians {
                let c = to_account32(*custodian);
                if !contract.query(&me, &contract.is_registrar(&c)).await? {
                    lapsed.push(c.to_string());
                }
            }
            ctx.out.show(&Status {
                enabled_at: policy.enabled_at,
                window_ms: policy.window,
                types: types_of(policy.covered),
                custodians: custodian_names(&policy),
                generation: policy.generation,
                custodians_not_registrars: lapsed,
            });
            Ok(())
        }
        EmergencyCommand::BreakGlass {
            patient,
            reason,
            note,
            ..
        } => {
            let p = parse_account(&patient)?;
            if note.trim().is_empty() {
                bail!("give the reason in words with --note (only its hash goes on chain)");
            }
            let (note_hash, salt) = salted_note_hash(&note);
            let msg = contract.break_glass(&p, reason as u8, note_hash);
            let (dry_run_expiry, inclusion) =
                crate::send::send(&ctx.out, "breaking the glass", &contract, &signer, &msg).await?;
            // The expiry counts from the block's time, which the dry run could only guess.
            let expires_at = inclusion
                .ehr_events(contract.address())
                .iter()
                .find_map(|e| match e {
                    ehr_chain::EhrEvent::EmergencyAccessInvoked(e) => Some(e.expires_at),
                    _ => None,
                })
                .unwrap_or(dry_run_expiry);
            let policy = ask(&contract, &me, contract.emergency_policy(&p)).await?;
            ctx.out.show(&GlassBroken {
                action: msg.name,
                patient: p.to_string(),
                doctor: me.to_string(),
                expires_at,
                reason: reason_text(reason as u8),
                note_sha256: hex::encode(note_hash),
                note_salt: hex::encode(salt),
                types: types_of(policy.covered),
                custodians: custodian_names(&policy),
                inclusion: (&inclusion).into(),
            });
            Ok(())
        }
        EmergencyCommand::Release {
            patient, doctor, ..
        } => release(ctx, &contract, &signer, &patient, &doctor).await,
        EmergencyCommand::List { .. } => list::run(ctx, &contract, &me, &patient).await,
    }
}

async fn enable(
    ctx: &Context,
    contract: &EhrContract,
    signer: &ehr_chain::Signer,
    types: Vec<Type>,
    window: std::time::Duration,
    custodians: Vec<String>,
) -> Result<()> {
    let me = signer.account_id();
    let window_ms = u64::try_from(window.as_millis())?;
    if window_ms == 0 || window_ms > MAX_EMERGENCY_WINDOW_MS {
        bail!("--window must be more than 0 and at most 24h");
    }
    let [c0, c1]: [String; 2] = custodians.try_into().map_err(|_| {
        anyhow::anyhow!(
            "give exactly two --custodian registrars (neither alone can open your records)"
        )
    })?;
    let custodians = [parse_account(&c0)?, parse_account(&c1)?];
    let mut covered = 0u8;
    for t in types {
        covered |= 1 << RecordType::from(t) as u8;
    }
    // Before anything is sent: the caller's own key matches the chain's (the sharing below
    // opens versions with it).
    ctx.own_secret(contract).await?;
    let trust = ctx.trust(contract)?;
    // Generations only grow, also across an opt-out: the contract takes the next one only.
    let generation = ask(contract, &me, contract.patient(&me))
        .await?
        .emergency_generation
        + 1;
    let (public, shares) = ehr_envelope::new_emergency_key(&mut rand_core::OsRng);
    let mut wrapped = Vec::with_capacity(2);
    for (index, custodian) in custodians.iter().enumerate() {
        let key = trust
            .account_key(contract, &me, custodian)
            .await
            .with_context(|| {
                format!("custodian {custodian} needs an encryption key on chain to hold a share")
            })?;
        let sctx = emergency_share_context(contract, &me, generation, index as u8);
        wrapped.push(ehr_envelope::wrap_share(
            &sctx,
            &shares[index],
            &key,
            &mut rand_core::OsRng,
        )?);
    }
    let [w0, w1]: [Vec<u8>; 2] = wrapped
        .try_into()
        .map_err(|_| anyhow::anyhow!("two shares expected"))?;
    let msg = contract.enable_emergency(
        generation,
        window_ms,
        covered,
        public,
        [&custodians[0], &custodians[1]],
        [w0, w1],
    );
    let ((), inclusion) = crate::send::send(&ctx.out, "opting in", contract, signer, &msg).await?;
    trust.emergency_key(&me, generation, public)?;
    let shared = ctx.chart_of(contract, me.clone())?.share_all().await?;
    ctx.out.show(&Enabled {
        action: msg.name,
        window_ms,
        types: types_of(covered),
        custodians: custodians.iter().map(ToString::to_string).collect(),
        generation,
        shared: crate::shared_keys::counts_for(&shared, &AccountId32(emergency_reader(generation))),
        inclusion: (&inclusion).into(),
    });
    Ok(())
}

async fn release(
    ctx: &Context,
    contract: &EhrContract,
    signer: &ehr_chain::Signer,
    patient: &str,
    doctor: &str,
) -> Result<()> {
    let me = signer.account_id();
    let (p, d) = (parse_account(patient)?, parse_account(doctor)?);
    let policy = ask(contract, &me, contract.emergency_policy(&p)).await?;
    let index = policy
        .custodians
        .iter()
        .position(|c| to_account32(*c) == me)
        .with_context(|| format!("you are not one of {p}'s emergency custodians"))?;
    let emergency = ask(contract, &me, contract.emergency(&p, &d))
        .await
        .with_context(|| format!("{d} has not broken the glass on {p}'s chart"))?;
    if emergency.generation != policy.generation {
        bail!("{d}'s break-glass was under an emergency key {p} has since replaced; nothing to release");
    }
    let secret = ctx.own_secret(contract).await?;
    let doctor_key = ctx.trust(contract)?.doctor_key(contract, &me, &d).await?;
    let sctx = emergency_share_context(contract, &p, policy.generation, index as u8);
    let share = ehr_envelope::rewrap_share(
        &sctx,
        &policy.shares[index],
        &secret,
        &doctor_key,
        &mut rand_core::OsRng,
    )
    .context("your share does not open with your key")?;
    let msg = contract.release_emergency_share(&p, &d, share);
    let ((), inclusion) =
        crate::send::send(&ctx.out, "releasing the share", contract, signer, &msg).await?;
    ctx.out.show(&Released {
        action: msg.name,
        patient: p.to_string(),
        doctor: d.to_string(),
        expires_at: emergency.expires_at,
        inclusion: (&inclusion).into(),
    });
    Ok(())
}

/// The on-chain hash of a break-glass note, and its salt: SHA-256 of a label, 16 random bytes
/// and the note. Unsalted, a short note ("unconscious", a name) could be guessed from its hash.
fn salted_note_hash(note: &str) -> ([u8; 32], [u8; 16]) {
    let mut salt = [0u8; 16];
    rand_core::RngCore::fill_bytes(&mut rand_core::OsRng, &mut salt);
    let hash = Sha256::new()
        .chain_update(b"ehr/v1/break-glass-note")
        .chain_update(salt)
        .chain_update(note.as_bytes())
        .finalize()
        .into();
    (hash, salt)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn note_hash_is_salted_works() {
        // the same note twice: two salts, two hashes, neither the plain SHA-256 of the note
        let (a, salt_a) = salted_note_hash("unconscious");
        let (b, salt_b) = salted_note_hash("unconscious");
        assert_ne!(salt_a, salt_b);
        assert_ne!(a, b);
        assert_ne!(a, ehr_envelope::body_hash(b"unconscious"));
    }
}
