//! Sealing and sending a record version: the first chunk and keys with the new version, the rest
//! in further transactions, journaled (see `pending`) so an upload cut off halfway can be
//! finished with `ehr record resume`.

use std::collections::BTreeSet;
use std::path::Path;

use crate::address::parse as parse_account;
use anyhow::{bail, Context as _, Result};
use ehr::limits::{MAX_CHUNK_BYTES, MAX_WRAPS_PER_CALL};
use ehr::{RecordId, RecordType, VersionId};
use ehr_chain::{to_account32, AccountId32, ChainError, EhrContract, Inclusion, Signer, Wrap};
use parity_scale_codec::Decode;

use crate::ops::readers::readers_of;
use crate::ops::records::{ask, max_plaintext_bytes, record_context};
use crate::output::Output;
use crate::pending::Pending;
use crate::trust::Trust;
use ehr_envelope::Content;

/// Who writes a version, and where its upload is journaled: the writer's output, contract,
/// key pins, signer, own encryption key (derived locally and checked against the chain) and
/// ehr home.
#[derive(Clone, Copy)]
pub struct Writer<'a> {
    pub out: &'a Output,
    pub contract: &'a EhrContract,
    pub trust: &'a Trust,
    pub signer: &'a Signer,
    pub own_key: [u8; 32],
    pub home: &'a Path,
}

/// Where a new version goes.
pub enum Target {
    /// A new record of this type.
    New(RecordType),
    /// The next version of an existing record.
    Next(RecordId),
}

/// A version that reached the chain.
pub struct Uploaded {
    pub record: RecordId,
    pub version: VersionId,
    pub record_type: RecordType,
    pub length: usize,
    pub hash: [u8; 32],
    pub readers: Vec<AccountId32>,
    /// Every transaction it took, first the one that created the version.
    pub inclusions: Vec<Inclusion>,
    /// How many times it was sealed: more than once when another writer took its id first.
    pub id_attempts: u32,
}

/// How many times `upload` seals a version again when another writer took its id first.
const ID_ATTEMPTS: u32 = 5;

/// Another writer took the record or version id this upload was sealed for; nothing of it is
/// stored (refused in the dry run, or in its block before any other transaction).
#[derive(Debug, thiserror::Error)]
#[error("another writer took the id first")]
struct IdTaken;

/// Encrypts `content` for the patient, the writer and the other readers (`readers_of`),
/// journals it under the writer's home, then uploads it.
///
/// The record and version ids are bound into the ciphertext, so when another writer takes the
/// id first (two uploads to one chart at once), the version is sealed again for the next id
/// and sent again, up to `ID_ATTEMPTS` times: both uploads land, as a user would expect.
pub async fn upload(
    writer: &Writer<'_>,
    patient: &AccountId32,
    target: Target,
    content: &Content,
) -> Result<Uploaded> {
    if content.plaintext_len() > max_plaintext_bytes() {
        let description = content.plaintext_len() - content.bytes().len();
        bail!(
            "the file is {} bytes; one record version holds at most {} (4 MiB of ciphertext, less its encrypted {description}-byte description). Split it into several records. Nothing was sent",
            content.bytes().len(),
            max_plaintext_bytes().saturating_sub(description)
        );
    }
    let mut attempt = 1;
    loop {
        let tried = upload_once(writer, patient, &target, content).await;
        match tried {
            Err(e) if e.downcast_ref::<IdTaken>().is_some() && attempt < ID_ATTEMPTS => {
                attempt += 1;
            }
            Err(e) => return Err(e),
            Ok(uploaded) => {
                return Ok(Uploaded {
                    id_attempts: attempt,
                    ..uploaded
                })
            }
        }
    }
}

/// One sealing and sending of a version for the ids the chain names next.
async fn upload_once(
    writer: &Writer<'_>,
    patient: &AccountId32,
    target: &Target,
    content: &Content,
) -> Result<Uploaded> {
    let Writer {
        out,
        contract,
        trust,
        signer,
        own_key,
        home,
    } = *writer;
    let me = signer.account_id();
    let p = ask(contract, &me, contract.patient(patient))
        .await
        .with_context(|| format!("{patient} is not a registered patient"))?;
    let (record, version, record_type) = match target {
        Target::New(t) => (p.record_count + 1, 1, *t),
        Target::Next(id) => {
            let id = *id;
            let r = ask(contract, &me, contract.record(patient, id)).await?;
            (id, r.version_count + 1, r.record_type)
        }
    };
    let patient_key = if me == *patient {
        own_key
    } else {
        trust.check(&patient.to_string(), p.encryption_key)?
    };
    let readers = readers_of(
        contract,
        trust,
        (&me, own_key),
        (patient, patient_key),
        record,
        record_type,
    )
    .await?;
    let ctx = record_context(contract, patient, record, version, record_type);
    let keys: Vec<[u8; 32]> = readers.iter().map(|(_, k)| *k).collect();
    let sealed = ehr_envelope::seal(&ctx, content, &keys, &mut rand_core::OsRng).map_err(
        |e| match e {
            // Name the reader whose registered key is unusable.
            ehr_envelope::EnvelopeError::LowOrderKey => {
                let bad = readers
                    .iter()
                    .find(|(_, k)| ehr::validate::is_low_order(k))
                    .map_or_else(|| "a reader".to_string(), |(a, _)| a.to_string());
                anyhow::anyhow!("the encryption key registered for {bad} is invalid (a low-order point: anyone could open what is wrapped to it); nothing was sent")
            }
            other => other.into(),
        },
    )?;
    let pending = Pending {
        genesis: hex::encode(contract.client().genesis_hash().0),
        contract: contract.address().to_string(),
        patient: patient.to_string(),
        author: me.to_string(),
        record,
        version,
        record_type: record_type as u8,
        hash: hex::encode(sealed.hash),
        wraps: readers
            .iter()
            .zip(&sealed.wraps)
            .map(|((account, _), (_, wrap))| (account.to_string(), hex::encode(wrap)))
            .collect(),
    };
    let journal = pending.save(home, &sealed.body)?;
    let mut inclusions = Vec::new();
    let sent = send(
        out,
        contract,
        signer,
        &pending,
        &sealed.body,
        OnChain::Nothing,
        &mut inclusions,
    )
    .await;
    if let Err(e) = sent {
        if inclusions.is_empty() {
            match e.downcast_ref::<ChainError>() {
                Some(
                    ChainError::Contract(ehr::Error::NotNextId)
                    | ChainError::ContractInBlock(ehr::Error::NotNextId),
                ) => {
                    pending.remove(home)?;
                    return Err(e.context(IdTaken));
                }
                Some(ChainError::DryRunOnly(_)) => {
                    pending.remove(home)?;
                    return Err(e);
                }
                // Refused in the dry run or before signing (or only a dry run was asked
                // for): nothing left this machine.
                Some(
                    ChainError::Contract(_)
                    | ChainError::CannotPay(_)
                    | ChainError::CannotPayDeposit { .. },
                ) => {
                    pending.remove(home)?;
                    return Err(e.context("nothing was sent"));
                }
                // Refused in its block: nothing was stored, but the transaction is public.
                Some(
                    ChainError::ContractInBlock(_)
                    | ChainError::Dispatch(_)
                    | ChainError::Reverted(_),
                ) => {
                    pending.remove(home)?;
                    return Err(e.context(format!(
                        "record {record} v{version} was not stored; the transaction that carried its ciphertext and wrapped keys is public in its block (only the readers it was wrapped for can open it)"
                    )));
                }
                // Sent, and then the node went quiet: it may land yet, on this node's
                // chain or through another.
                Some(
                    ChainError::Unconfirmed { .. }
                    | ChainError::Unsettled { .. }
                    | ChainError::MayLand { .. },
                ) => {
                    return Err(e.context(format!(
                        "record {record} v{version} may or may not be stored: its transaction was sent, and where it went is not known yet. \
                         The encrypted upload is kept in {}: run `ehr record resume` (through a node that answers), which finds it stored or sends what is missing, never twice",
                        journal.display()
                    )));
                }
                _ => {}
            }
        }
        return Err(e.context(format!(
            "record {record} v{version} is not complete on chain, and cannot be read until it is. \
             The encrypted upload is kept in {}: when the node answers again, run `ehr record resume`",
            journal.display()
        )));
    }
    pending.remove(home)?;
    Ok(Uploaded {
        record,
        version,
        record_type,
        length: sealed.body.len(),
        hash: sealed.hash,
        readers: readers.into_iter().map(|(a, _)| a).collect(),
        inclusions,
        id_attempts: 1,
    })
}

/// What the chain already holds of a journaled version.
enum OnChain {
    /// Not even the version: send it all.
    Nothing,
    /// The version with this many chunks and bytes, and keys for these readers.
    Partial {
        chunk_count: u32,
        bytes_stored: u32,
        wrapped: BTreeSet<AccountId32>,
    },
}

/// How resuming a journaled upload ended.
pub enum Resumed {
    /// Everything is on chain now, after this many transactions.
    Completed { transactions: usize },
    /// It can never complete (its id was taken, or the version was replaced or erased); the
    /// journal entry was dropped and the file should be added again.
    Abandoned { reason: String },
}

/// Sends what the chain lacks of a journaled upload, then drops the journal entry.
pub async fn resume(
    out: &Output,
    contract: &EhrContract,
    signer: &Signer,
    home: &Path,
    pending: &Pending,
) -> Result<Resumed> {
    let me = signer.account_id();
    let patient = parse_account(&pending.patient)?;
    let (record, version) = (pending.record, pending.version);
    let body = pending.body(home)?;
    let abandon = |reason: String| -> Result<Resumed> {
        pending.remove(home)?;
        Ok(Resumed::Abandoned { reason })
    };
    let on_chain = match contract
        .query(&me, &contract.version(&patient, record, version))
        .await?
    {
        Ok(v) if to_account32(v.author) != me || hex::encode(v.hash) != pending.hash => {
            return abandon(format!(
                "record {record} v{version} was written by another upload"
            ));
        }
        Ok(v) if v.erased => return abandon(format!("record {record} v{version} was erased")),
        Ok(v) => OnChain::Partial {
            chunk_count: v.chunk_count,
            bytes_stored: v.bytes_stored,
            wrapped: crate::ops::records::version_readers(contract, &me, &patient, record, version)
                .await?
                .into_iter()
                .collect(),
        },
        Err(ehr::Error::RecordNotFound | ehr::Error::VersionNotFound) => {
            let next = if version == 1 {
                ask(contract, &me, contract.patient(&patient))
                    .await?
                    .record_count
                    + 1
                    == record
            } else {
                ask(contract, &me, contract.record(&patient, record))
                    .await?
                    .version_count
                    + 1
                    == version
            };
            if !next {
                return abandon(format!(
                    "record {record} v{version} never reached the chain and its id was taken since"
                ));
            }
            OnChain::Nothing
        }
        Err(e) => return Err(ChainError::Contract(e).into()),
    };
    let mut inclusions = Vec::new();
    send(
        out,
        contract,
        signer,
        pending,
        &body,
        on_chain,
        &mut inclusions,
    )
    .await?;
    // What was stored before this resume came from a run whose end is unknown: the version is
    // complete only when what the chain holds is what was sealed. Only a mismatch abandons the
    // upload; any other failure of the read leaves the journal for the next resume.
    let info = ask(contract, &me, contract.version(&patient, record, version)).await?;
    let stored =
        crate::ops::records::download(out, contract, &me, &patient, record, version, &info).await;
    if let Err(e) = stored {
        if e.downcast_ref::<crate::ops::records::IntegrityFailed>()
            .is_none()
        {
            return Err(e.context(format!(
                "record {record} v{version} is stored, but could not be read back to check it; run `ehr record resume` again"
            )));
        }
        let who = if patient == me {
            format!("erase it with `ehr record erase {record} --version {version}`")
        } else {
            "ask the patient to erase it".to_string()
        };
        return abandon(format!(
            "record {record} v{version} is on chain but does not hold what was sealed; {who}, and add the file again"
        ));
    }
    pending.remove(home)?;
    Ok(Resumed::Completed {
        transactions: inclusions.len(),
    })
}

/// Sends a version's transactions, skipping what `on_chain` says is there: the version with
/// its first chunk and first batch of keys, the other chunks in order, then the other keys.
/// Each landed transaction is pushed to `inclusions` as it lands.
async fn send(
    out: &Output,
    contract: &EhrContract,
    signer: &Signer,
    pending: &Pending,
    body: &[u8],
    on_chain: OnChain,
    inclusions: &mut Vec<Inclusion>,
) -> Result<()> {
    let patient = parse_account(&pending.patient)?;
    let (record, version) = (pending.record, pending.version);
    let mut wraps: Vec<Wrap> = Vec::with_capacity(pending.wraps.len());
    for (account, wrap) in &pending.wraps {
        wraps.push((parse_account(account)?, hex::decode(wrap)?));
    }
    let chunk = MAX_CHUNK_BYTES as usize;
    let (next, stored, wrapped) = match on_chain {
        OnChain::Nothing => {
            let first = body[..body.len().min(chunk)].to_vec();
            let first_wraps: Vec<Wrap> = wraps
                .iter()
                .take(MAX_WRAPS_PER_CALL as usize)
                .cloned()
                .collect();
            let hash = hex_hash(&pending.hash)?;
            let length = u32::try_from(body.len())?;
            let new = ehr_chain::new_version(hash, length, first.clone(), first_wraps.clone());
            let msg = if version == 1 {
                let record_type = RecordType::decode(&mut &[pending.record_type][..])
                    .context("the journal names an unknown record type")?;
                contract.add_record(&patient, record, record_type, new)
            } else {
                contract.update_record(&patient, record, version, new)
            };
            let what = if version == 1 {
                "adding record"
            } else {
                "adding version"
            };
            inclusions.push(
                crate::ops::send::send(out, what, contract, signer, &msg)
                    .await?
                    .1,
            );
            let wrapped = first_wraps.into_iter().map(|(a, _)| a).collect();
            (1, first.len(), wrapped)
        }
        OnChain::Partial {
            chunk_count,
            bytes_stored,
            wrapped,
        } => (chunk_count, bytes_stored as usize, wrapped),
    };
    let rest = &body[stored.min(body.len())..];
    let bar = out.progress(rest.chunks(chunk).count() as u64, "uploading chunks");
    // Each chunk names its index: one the chain already holds (a resend that landed after all)
    // is refused, never stored twice.
    for (index, piece) in (next..).zip(rest.chunks(chunk)) {
        let msg = contract.upload_chunk(&patient, record, version, index, piece.to_vec());
        inclusions.push(crate::ops::send::send_step(contract, signer, &msg).await?.1);
        bar.inc(1);
    }
    bar.finish_and_clear();
    let missing: Vec<Wrap> = wraps
        .into_iter()
        .filter(|(account, _)| !wrapped.contains(account))
        .collect();
    for batch in missing.chunks(MAX_WRAPS_PER_CALL as usize) {
        let msg = contract.add_wraps(&patient, record, version, batch.to_vec());
        inclusions.push(
            crate::ops::send::send(out, "wrapping keys", contract, signer, &msg)
                .await?
                .1,
        );
    }
    Ok(())
}

fn hex_hash(text: &str) -> Result<[u8; 32]> {
    hex::decode(text)?
        .try_into()
        .map_err(|_| anyhow::anyhow!("the journal's hash is not 32 bytes"))
}
