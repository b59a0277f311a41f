//! What the benchmark needs from the chain beyond the ehr client: the runtime's deposit and
//! weight constants from the metadata, a cheap transaction to make blocks and funded accounts.
//! (Pipelined submission and the raw RPC it needs are the harness's: `ehr_e2e_tests::pipeline`.)

use ehr_chain::{Client, Signer, Weight};
pub use ehr_e2e_tests::pipeline::{call_payload, submit_pipelined, Rpc};
use serde::Serialize;
use subxt::dynamic::Value;
use subxt::ext::scale_value::{At, ValueDef};

/// The runtime constants the tables are measured against.
#[derive(Debug, Clone, Serialize)]
pub struct Limits {
    /// `Contracts::DepositPerByte` (planck per stored byte).
    pub deposit_per_byte: u128,
    /// `Contracts::DepositPerItem` (planck per storage item).
    pub deposit_per_item: u128,
    /// `System::BlockWeights.max_block`.
    pub max_block: Weight,
    /// `System::BlockWeights.per_class.normal.max_total` (`None` in a dimension: unlimited).
    pub normal_max_total: Weight,
    /// `System::BlockWeights.per_class.normal.max_extrinsic`.
    pub normal_max_extrinsic: Weight,
    /// `System::BlockWeights.per_class.normal.base_extrinsic`: every transaction's fixed cost.
    pub base_extrinsic: Weight,
    /// `System::BlockLength.max.normal` (bytes).
    pub normal_max_length: u64,
}

/// Reads the constants from the connected node's metadata.
pub fn limits(client: &Client) -> Limits {
    let weights = constant(client, "System", "BlockWeights");
    let normal = weights
        .at("per_class")
        .and_then(|c| c.at("normal"))
        .expect("BlockWeights.per_class.normal");
    let length = constant(client, "System", "BlockLength");
    Limits {
        deposit_per_byte: number(&constant(client, "Contracts", "DepositPerByte")),
        deposit_per_item: number(&constant(client, "Contracts", "DepositPerItem")),
        max_block: weight(weights.at("max_block")),
        normal_max_total: weight(normal.at("max_total")),
        normal_max_extrinsic: weight(normal.at("max_extrinsic")),
        base_extrinsic: weight(normal.at("base_extrinsic")),
        normal_max_length: length
            .at("max")
            .and_then(|m| m.at("normal"))
            .map(number)
            .unwrap_or(0) as u64,
    }
}

fn constant(client: &Client, pallet: &str, name: &str) -> Value<u32> {
    client
        .api()
        .constants()
        .at(&subxt::dynamic::constant(pallet, name))
        .map_err(|e| e.to_string())
        .and_then(|c| c.to_value().map_err(|e| e.to_string()))
        .unwrap_or_else(|e| panic!("metadata constant {pallet}::{name}: {e}"))
}

/// A number, looking through single-field wrappers.
fn number(v: &Value<u32>) -> u128 {
    v.as_u128()
        .or_else(|| v.at(0).map(number))
        .unwrap_or_else(|| panic!("not a number: {v}"))
}

/// A `Weight`, or an `Option<Weight>` (`None`: unlimited, shown as `u64::MAX`).
fn weight(v: Option<&Value<u32>>) -> Weight {
    let v = v.expect("a weight field");
    if let ValueDef::Variant(variant) = &v.value {
        return match variant.name.as_str() {
            "Some" => weight(v.at(0)),
            _ => Weight {
                ref_time: u64::MAX,
                proof_size: u64::MAX,
            },
        };
    }
    let field = |name: &str| v.at(name).map(number).expect("a weight dimension") as u64;
    Weight {
        ref_time: field("ref_time"),
        proof_size: field("proof_size"),
    }
}

/// A `System::remark` with an empty note: the cheapest transaction, to make blocks.
pub fn remark() -> subxt::tx::DynamicPayload {
    subxt::dynamic::tx("System", "remark", vec![Value::from_bytes([])])
}

/// Funds a fresh dev account (`//Name`) from Alice with enough for deposits.
pub async fn funded(client: &Client, uri: &str) -> Signer {
    let who = ehr_e2e_tests::signer(uri);
    client
        .transfer(
            &ehr_e2e_tests::signer("//Alice"),
            &who.account_id(),
            10u128.pow(17),
        )
        .await
        .expect("fund a bench account");
    who
}
