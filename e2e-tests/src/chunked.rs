//! A record version of any size sealed and added the way the CLI does (the first chunk with
//! the version, then the others by index), for tests and measurements that need a large one
//! without a block's wait per chunk.

use crate::pipeline::{call_payload, submit_pipelined, Rpc};
use ehr::RecordType;
use ehr_chain::{AccountId32, EhrContract, Signer};
use ehr_envelope::RecordContext;
use std::time::{Duration, Instant};

/// How many times [`upload_pipelined`] sends the missing chunks again before it gives up.
const MAX_RESENDS: u32 = 20;

/// How long [`upload_pipelined`] waits for every chunk: a guard against a stuck pool, not a
/// speed target.
const UPLOAD_TIMEOUT: Duration = Duration::from_secs(1200);

/// Seals `size` bytes of no particular kind for `patient`'s record `record`, version
/// `version`, for the given readers (account and x25519 public key), and returns (body, hash,
/// wraps).
pub fn sealed(
    c: &EhrContract,
    patient: &AccountId32,
    (record, version): (u32, u32),
    size: usize,
    readers: &[(AccountId32, [u8; 32])],
) -> (Vec<u8>, [u8; 32], Vec<ehr_chain::Wrap>) {
    let ctx = RecordContext {
        genesis_hash: c.client().genesis_hash().0,
        contract: c.address().0,
        patient: patient.0,
        record_id: record,
        version,
        record_type: RecordType::GeneralInformation as u8,
    };
    let keys: Vec<[u8; 32]> = readers.iter().map(|(_, k)| *k).collect();
    let content = ehr_envelope::Content::new(ehr_envelope::ContentInfo::octets(), vec![0x5a; size]);
    let s =
        ehr_envelope::seal(&ctx, &content, &keys, &mut rand_core::OsRng).expect("seal a record");
    let wraps = readers
        .iter()
        .zip(s.wraps)
        .map(|((a, _), (_, w))| (a.clone(), w))
        .collect();
    (s.body, s.hash, wraps)
}

/// The most content bytes described by `info` that one version holds (4 MiB of ciphertext):
/// the largest plaintext the envelope seals within the cap, less the content header sealed
/// with them.
pub fn largest_content(info: ehr_envelope::ContentInfo) -> usize {
    let cap = ehr::limits::MAX_RECORD_BYTES as usize;
    let mut len = cap;
    while ehr_envelope::format::sealed_len(len) > cap {
        len -= ehr_envelope::format::sealed_len(len) - cap;
    }
    len - ehr_envelope::Content::new(info, Vec::new()).plaintext_len()
}

/// What [`upload_pipelined`] stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Uploaded {
    /// Ciphertext bytes.
    pub length: u32,
    pub chunks: u32,
    /// The sealed ciphertext's hash, as the version holds it.
    pub hash: [u8; 32],
    /// Times the chunks still missing were signed and sent again after the pool emptied.
    pub resent: u32,
}

/// Adds record `record` (the patient's next) holding `body` sealed as by [`sealed`]: the
/// version with its first chunk in one transaction, waited for; then every other chunk at
/// once, with consecutive nonces. The contract takes chunks only in order (each names its
/// index), so a chunk a retracted block took along is sent again from the version's own
/// count once the pool is empty, and none is stored twice. Returns once the best block holds
/// them all (finality is the caller's to wait for).
pub async fn upload_pipelined(
    c: &EhrContract,
    rpc: &Rpc,
    patient: &Signer,
    record: u32,
    (body, hash, wraps): (Vec<u8>, [u8; 32], Vec<ehr_chain::Wrap>),
) -> Uploaded {
    let p = patient.account_id();
    let mut chunks = body.chunks(ehr::limits::MAX_CHUNK_BYTES as usize);
    let first = chunks.next().expect("a non-empty body").to_vec();
    let length = u32::try_from(body.len()).expect("a version under 4 GiB");
    let add = c.add_record(
        &p,
        record,
        RecordType::GeneralInformation,
        ehr_chain::new_version(hash, length, first, wraps),
    );
    c.execute(patient, &add)
        .await
        .unwrap_or_else(|e| panic!("add record {record} with its first chunk: {e}"));
    let rest: Vec<Vec<u8>> = chunks.map(<[u8]>::to_vec).collect();
    let total = 1 + u32::try_from(rest.len()).expect("chunks fit a u32");
    let stored = || async {
        c.query(&p, &c.version(&p, record, 1))
            .await
            .expect("query the version")
            .expect("the version exists")
            .chunk_count
    };
    let mut resent = 0;
    if let Some(second) = rest.first() {
        // every full chunk costs the same; the last, shorter one no more
        let dry = c
            .dry_run(&p, &c.upload_chunk(&p, record, 1, 1, second.clone()))
            .await
            .expect("dry-run upload_chunk");
        assert!(
            dry.value.is_ok(),
            "upload_chunk would be refused: {:?}",
            dry.value
        );
        let gas = dry.gas_required.with_margin(10);
        let deposit = dry.storage_deposit.charge() * 2;
        let payloads: Vec<_> = (1..)
            .zip(&rest)
            .map(|(index, chunk)| {
                let msg = c.upload_chunk(&p, record, 1, index, chunk.clone());
                call_payload(c.address(), msg.data(), gas, deposit)
            })
            .collect();
        let started = Instant::now();
        submit_pipelined(c.client(), rpc, patient, &payloads).await;
        loop {
            let now = stored().await;
            if now == total {
                break;
            }
            if rpc.pending().await == 0 && stored().await < total {
                assert!(
                    resent < MAX_RESENDS,
                    "the pool is empty but only {now} of {total} chunks are stored, after sending the rest again {resent} times"
                );
                let next = stored().await as usize;
                submit_pipelined(c.client(), rpc, patient, &payloads[next - 1..]).await;
                resent += 1;
            }
            assert!(
                started.elapsed() < UPLOAD_TIMEOUT,
                "{now} of {total} chunks stored after {:?}",
                started.elapsed()
            );
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }
    Uploaded {
        length,
        chunks: total,
        hash,
        resent,
    }
}
