//! Measurement 3: records per second for one patient account, one at a time and with
//! pipelined nonces, next to the ceiling the block weight limits imply.

use super::chain::{call_payload, submit_pipelined, Limits, Rpc};
use ehr::RecordType;
use ehr_chain::{AccountId32, EhrContract, Message, Signer, Weight};
use serde::Serialize;
use std::time::{Duration, Instant};

/// The record every throughput transaction adds: as in the load test, 64 bytes of ciphertext
/// and one wrapped key (the patient's).
pub fn small_record(c: &EhrContract, patient: &AccountId32, id: u32) -> Message<ehr::Result<u32>> {
    c.add_record(
        patient,
        id,
        RecordType::ClinicalLaboratory,
        ehr_chain::new_version(
            [id as u8; 32],
            64,
            vec![7; 64],
            vec![(patient.clone(), vec![5; 85])],
        ),
    )
}

/// A count over a time.
#[derive(Debug, Serialize)]
pub struct Rate {
    pub records: u32,
    pub seconds: f64,
    pub per_second: f64,
    /// Blocks the records took (pipelined only; instant seal makes a block per pool import).
    pub blocks: Option<u64>,
}

impl Rate {
    fn new(records: u32, elapsed: Duration, blocks: Option<u64>) -> Rate {
        Rate {
            records,
            seconds: elapsed.as_secs_f64(),
            per_second: f64::from(records) / elapsed.as_secs_f64(),
            blocks,
        }
    }
}

/// The throughput table.
#[derive(Debug, Serialize)]
pub struct Throughput {
    pub sequential: Rate,
    pub pipelined: Rate,
    /// One add_record's dry-run `gas_required`.
    pub record_weight: Weight,
    /// add_records one block could hold: normal-class `max_total` ÷ (record weight +
    /// `base_extrinsic`), the smaller of the ref_time and proof_size dimensions.
    pub ceiling_per_block: u64,
    /// Which dimension binds.
    pub ceiling_dimension: String,
    /// Seconds of execution a full block stands for (`max_block.ref_time` ÷ 10^12 ps).
    pub block_seconds: f64,
    /// `ceiling_per_block ÷ block_seconds`: the most records per second the weight limits allow.
    pub ceiling_per_second: f64,
    pub pipelined_vs_ceiling: f64,
    pub pipelined_vs_sequential: f64,
}

/// Adds `n` small records to `patient`'s chart with pipelined nonces and waits until the
/// contract holds all of them. Returns the elapsed time, the blocks they took and how many
/// times the rest had to be sent again.
///
/// On a dev node every transaction lands. On a parachain a retracted block takes some with it,
/// and a block author then drops the ones after them as invalid (their nonces are ahead of the
/// chain): once the pool is empty with records missing, the missing ones are signed again from
/// the account's next nonce (a record id can only be taken once, so none lands twice).
pub async fn pipeline_records(
    c: &EhrContract,
    rpc: &Rpc,
    patient: &Signer,
    n: u32,
) -> (Duration, u64, u32) {
    let p = patient.account_id();
    let count = || async {
        c.query(&p, &c.patient(&p))
            .await
            .expect("query the patient")
            .expect("a registered patient")
            .record_count
    };
    let start_count = count().await;
    let first = small_record(c, &p, start_count + 1);
    let dry = c.dry_run(&p, &first).await.expect("dry-run add_record");
    assert!(
        dry.value.is_ok(),
        "add_record would be refused: {:?}",
        dry.value
    );
    let gas = dry.gas_required.with_margin(10);
    let deposit = dry.storage_deposit.charge() * 2;
    let payloads: Vec<_> = (1..=n)
        .map(|i| {
            let msg = small_record(c, &p, start_count + i);
            call_payload(c.address(), msg.data(), gas, deposit)
        })
        .collect();
    let first_block = rpc.best_number().await;
    let started = Instant::now();
    submit_pipelined(c.client(), rpc, patient, &payloads).await;
    let target = start_count + n;
    let mut resent = 0;
    loop {
        let now = count().await;
        if now >= target {
            break;
        }
        if rpc.pending().await == 0 {
            let now = count().await;
            assert!(
                resent < MAX_RESENDS,
                "the pool is empty but only {} of {n} records landed, after sending the rest again {resent} times",
                now - start_count
            );
            let missing = (now - start_count) as usize;
            submit_pipelined(c.client(), rpc, patient, &payloads[missing..]).await;
            resent += 1;
        }
        assert!(
            started.elapsed() < Duration::from_secs(900),
            "pipeline timed out"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let elapsed = started.elapsed();
    (elapsed, rpc.best_number().await - first_block, resent)
}

/// How many times `pipeline_records` sends the missing records again before it gives up.
const MAX_RESENDS: u32 = 20;

/// add_records of `record_weight` one block could hold by its normal-class weight limit (each
/// with the base extrinsic weight), and the dimension that binds.
pub fn ceiling(limits: &Limits, record_weight: Weight) -> (u64, &'static str) {
    let per = |max: u64, used: u64, base: u64| max / used.saturating_add(base).max(1);
    let by_time = per(
        limits.normal_max_total.ref_time,
        record_weight.ref_time,
        limits.base_extrinsic.ref_time,
    );
    let by_proof = per(
        limits.normal_max_total.proof_size,
        record_weight.proof_size,
        limits.base_extrinsic.proof_size,
    );
    if by_time <= by_proof {
        (by_time, "ref_time")
    } else {
        (by_proof, "proof_size")
    }
}

/// Sequential on `seq` (registered here), pipelined on `piped` (registered here).
pub async fn measure(
    c: &EhrContract,
    rpc: &Rpc,
    limits: &Limits,
    seq: &Signer,
    piped: &Signer,
    sizes: super::Sizes,
) -> Throughput {
    for who in [seq, piped] {
        ehr_e2e_tests::ok(c, who, c.register_patient([1; 32])).await;
    }
    let s = seq.account_id();
    let record_weight = c
        .dry_run(&s, &small_record(c, &s, 1))
        .await
        .expect("dry-run add_record")
        .gas_required;
    let started = Instant::now();
    for id in 1..=sizes.sequential {
        ehr_e2e_tests::ok(c, seq, small_record(c, &s, id)).await;
    }
    let sequential = Rate::new(sizes.sequential, started.elapsed(), None);
    let (elapsed, blocks, _) = pipeline_records(c, rpc, piped, sizes.pipelined).await;
    let pipelined = Rate::new(sizes.pipelined, elapsed, Some(blocks));

    let (ceiling_per_block, ceiling_dimension) = ceiling(limits, record_weight);
    let block_seconds = limits.max_block.ref_time as f64 / 1e12;
    let ceiling_per_second = ceiling_per_block as f64 / block_seconds;
    Throughput {
        pipelined_vs_ceiling: pipelined.per_second / ceiling_per_second,
        pipelined_vs_sequential: pipelined.per_second / sequential.per_second,
        sequential,
        pipelined,
        record_weight,
        ceiling_per_block,
        ceiling_dimension: ceiling_dimension.into(),
        block_seconds,
        ceiling_per_second,
    }
}
