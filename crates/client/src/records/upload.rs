//! Sealing and sending a record version: the first chunk and keys with the new version, the rest
//! in further transactions, journaled (`home::pending`) so an upload cut off halfway can be
//! finished (`resume`).

use ehr::{RecordId, RecordType, VersionId};
use ehr_chain::{AccountId32, ChainError, Inclusion};
use ehr_envelope::Content;

use super::readers::readers_of;
use super::send::{send, OnChain};
use super::{max_plaintext_bytes, record_context};
use crate::chart::Chart;
use crate::error::{ClientError, Result, UploadLeft};
use crate::home::pending::Pending;
use crate::query::ask;

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

/// Encrypts `content` for the patient, the writer and the other readers (`readers_of`),
/// journals it under the writer's home, then uploads it.
///
/// The record and version ids are bound into the ciphertext, so when another writer takes the
/// id first (two uploads to one chart at once), the version is sealed again for the next id
/// and sent again, up to `ID_ATTEMPTS` times: both uploads land, as a user would expect.
pub async fn upload(
    chart: &Chart,
    own_key: [u8; 32],
    target: Target,
    content: &Content,
) -> Result<Uploaded> {
    if content.plaintext_len() > max_plaintext_bytes() {
        let description = content.plaintext_len() - content.bytes().len();
        return Err(ClientError::TooLarge {
            bytes: content.bytes().len(),
            max: max_plaintext_bytes().saturating_sub(description),
            description,
        });
    }
    let mut attempt = 1;
    loop {
        match upload_once(chart, own_key, &target, content).await? {
            Once::IdTaken(e) if attempt >= ID_ATTEMPTS => return Err(e),
            Once::IdTaken(_) => attempt += 1,
            Once::Uploaded(uploaded) => {
                return Ok(Uploaded {
                    id_attempts: attempt,
                    ..uploaded
                })
            }
        }
    }
}

/// How one sealing and sending ended, short of an error.
enum Once {
    Uploaded(Uploaded),
    /// Another writer took the record or version id this upload was sealed for; nothing of it
    /// is stored (refused in the dry run, or in its block before any other transaction).
    IdTaken(ClientError),
}

/// One sealing and sending of a version for the ids the chain names next.
async fn upload_once(
    chart: &Chart,
    own_key: [u8; 32],
    target: &Target,
    content: &Content,
) -> Result<Once> {
    let (contract, patient, home) = (chart.contract(), chart.patient(), chart.home());
    let trust = &chart.trust()?;
    let me = chart.me();
    let p = ask(contract, &me, contract.patient(patient))
        .await
        .map_err(|e| ClientError::lookup(format!("{patient} is not a registered patient"), e))?;
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
    let sealed =
        ehr_envelope::seal(&ctx, content, &keys, &mut rand_core::OsRng).map_err(|e| match e {
            // Name the reader whose registered key is unusable.
            ehr_envelope::EnvelopeError::LowOrderKey => {
                let bad = readers
                    .iter()
                    .find(|(_, k)| ehr::validate::is_low_order(k))
                    .map_or_else(|| "a reader".to_string(), |(a, _)| a.to_string());
                ClientError::LowOrderKey(bad)
            }
            other => other.into(),
        })?;
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
        chart,
        &pending,
        &sealed.body,
        OnChain::Nothing,
        &mut inclusions,
    )
    .await;
    if let Err(e) = sent {
        let failure = if inclusions.is_empty() {
            e.chain().map(first_failure)
        } else {
            None
        };
        let left = match failure {
            Some(First::IdTaken) => {
                pending.remove(home)?;
                return Ok(Once::IdTaken(e));
            }
            Some(First::DryRunOnly) => {
                pending.remove(home)?;
                return Err(e);
            }
            Some(First::Left(left)) => {
                if left != UploadLeft::Unknown {
                    pending.remove(home)?;
                }
                left
            }
            None => UploadLeft::Incomplete,
        };
        return Err(ClientError::Upload {
            record,
            version,
            left,
            journal,
            source: Box::new(e),
        });
    }
    pending.remove(home)?;
    Ok(Once::Uploaded(Uploaded {
        record,
        version,
        record_type,
        length: sealed.body.len(),
        hash: sealed.hash,
        readers: readers.into_iter().map(|(a, _)| a).collect(),
        inclusions,
        id_attempts: 1,
    }))
}

/// How the first transaction of an upload failed.
enum First {
    /// Another writer took the id first.
    IdTaken,
    /// Only a dry run was asked for.
    DryRunOnly,
    /// Anything else, and what it leaves.
    Left(UploadLeft),
}

fn first_failure(e: &ChainError) -> First {
    match e {
        ChainError::Contract(ehr::Error::NotNextId)
        | ChainError::ContractInBlock(ehr::Error::NotNextId) => First::IdTaken,
        ChainError::DryRunOnly(_) => First::DryRunOnly,
        // Refused in the dry run or before signing: nothing left this machine.
        ChainError::Contract(_)
        | ChainError::CannotPay(_)
        | ChainError::CannotPayDeposit { .. } => First::Left(UploadLeft::NothingSent),
        // Refused in its block: nothing was stored, but the transaction is public.
        ChainError::ContractInBlock(_) | ChainError::Dispatch(_) | ChainError::Reverted(_) => {
            First::Left(UploadLeft::PublicNotStored)
        }
        // Sent, and then the node went quiet: it may land yet, on this node's chain or through
        // another.
        ChainError::Unconfirmed { .. }
        | ChainError::Unsettled { .. }
        | ChainError::MayLand { .. } => First::Left(UploadLeft::Unknown),
        _ => First::Left(UploadLeft::Incomplete),
    }
}
