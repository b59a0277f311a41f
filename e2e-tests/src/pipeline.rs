//! Many transactions from one account at once: each signed with the next nonce and handed to
//! the pool without waiting for the one before it, as the benchmark measures throughput and as
//! a large upload reaches a parachain in minutes rather than a block per chunk.

use ehr_chain::{AccountId32, Client, Signer, Weight};
use subxt::backend::legacy::LegacyRpcMethods;
use subxt::backend::rpc::{rpc_params, RpcClient};
use subxt::dynamic::Value;
use subxt::PolkadotConfig;

/// A `Contracts::call` transaction: `data` to `dest` with the given gas and deposit limits.
pub fn call_payload(
    dest: &AccountId32,
    data: &[u8],
    gas: Weight,
    deposit_limit: u128,
) -> subxt::tx::DynamicPayload {
    subxt::dynamic::tx(
        "Contracts",
        "call",
        vec![
            Value::unnamed_variant("Id", [Value::from_bytes(dest.0)]),
            Value::u128(0),
            Value::named_composite([
                ("ref_time", Value::u128(gas.ref_time.into())),
                ("proof_size", Value::u128(gas.proof_size.into())),
            ]),
            Value::unnamed_variant("Some", [Value::u128(deposit_limit)]),
            Value::from_bytes(data),
        ],
    )
}

/// Raw RPC next to the client: best block number and the pool's queue.
pub struct Rpc {
    raw: RpcClient,
    legacy: LegacyRpcMethods<PolkadotConfig>,
}

impl Rpc {
    /// Connects to the node at `url`.
    pub async fn connect(url: &str) -> Rpc {
        let raw = RpcClient::from_insecure_url(url)
            .await
            .expect("connect RPC");
        Rpc {
            legacy: LegacyRpcMethods::new(raw.clone()),
            raw,
        }
    }

    /// The best block's number.
    pub async fn best_number(&self) -> u64 {
        self.legacy
            .chain_get_header(None)
            .await
            .expect("chain_getHeader")
            .expect("a best block")
            .number
            .into()
    }

    /// Transactions waiting in the node's pool.
    pub async fn pending(&self) -> usize {
        self.raw
            .request::<Vec<String>>("author_pendingExtrinsics", rpc_params![])
            .await
            .expect("author_pendingExtrinsics")
            .len()
    }

    /// The account's next nonce as the pool sees it.
    pub async fn next_nonce(&self, account: &AccountId32) -> u64 {
        self.legacy
            .system_account_next_index(account)
            .await
            .expect("system_accountNextIndex")
    }
}

/// Signs every payload with consecutive nonces from the account's next one and hands them all
/// to the pool without waiting for any.
pub async fn submit_pipelined(
    client: &Client,
    rpc: &Rpc,
    signer: &Signer,
    payloads: &[subxt::tx::DynamicPayload],
) {
    let first = rpc.next_nonce(&signer.account_id()).await;
    for (i, payload) in payloads.iter().enumerate() {
        client
            .submit_with_nonce(payload, signer, first + i as u64)
            .await
            .unwrap_or_else(|e| panic!("submitting transaction {i} of the pipeline: {e}"));
    }
}
