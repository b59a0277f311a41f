//! A connection to a node: dry runs through the runtime API, signing and submission.

use crate::contracts_api::{self, CallArgs, DryRun, InstantiateArgs};
use crate::error::{ChainError, Result};
use crate::signer::Signer;
use parity_scale_codec::{Decode, Encode};
use subxt::backend::legacy::LegacyRpcMethods;
use subxt::backend::rpc::RpcClient;
use subxt::blocks::ExtrinsicEvents;
use subxt::config::polkadot::PolkadotExtrinsicParamsBuilder;
use subxt::tx::{Payload, TxStatus};
use subxt::utils::{AccountId32, H256};
use subxt::{OnlineClient, PolkadotConfig};

/// How many times `submit` signs a transaction whose nonce another client took first.
const NONCE_ATTEMPTS: u32 = 4;

/// True when the pool refused a transaction because its nonce was already used or taken by a
/// transaction in the pool: signing again with a fresh nonce is safe, nothing was executed.
fn is_nonce_clash(e: &ChainError) -> bool {
    let text = match e {
        ChainError::Node(inner) => inner.to_string(),
        ChainError::NotIncluded(message) => message.clone(),
        _ => return false,
    };
    ["Priority is too low", "Transaction is outdated"]
        .iter()
        .any(|needle| text.contains(needle))
}

/// Where and how a transaction landed.
#[derive(Debug)]
pub struct Inclusion {
    /// The block that carries it.
    pub block_hash: H256,
    /// That block's number.
    pub block_number: u64,
    /// Its index in the block.
    pub extrinsic_index: u32,
    /// The transaction's hash.
    pub extrinsic_hash: H256,
    /// The events it emitted.
    pub events: ExtrinsicEvents<PolkadotConfig>,
    /// How many times it was signed: more than once when another client of the same account
    /// took its nonce first.
    pub attempts: u32,
}

/// A connection to a node that runs pallet-contracts.
#[derive(Clone)]
pub struct Client {
    api: OnlineClient<PolkadotConfig>,
    rpc: LegacyRpcMethods<PolkadotConfig>,
    url: String,
}

impl Client {
    /// Connects to a node (`ws://` or `wss://`).
    pub async fn connect(url: &str) -> Result<Self> {
        let connect_err = |source| ChainError::Connect {
            url: url.to_string(),
            source: Box::new(source),
        };
        let rpc_client = RpcClient::from_insecure_url(url)
            .await
            .map_err(connect_err)?;
        let api = OnlineClient::<PolkadotConfig>::from_rpc_client(rpc_client.clone())
            .await
            .map_err(connect_err)?;
        Ok(Self {
            api,
            rpc: LegacyRpcMethods::new(rpc_client),
            url: url.to_string(),
        })
    }

    /// The node's URL.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The chain's genesis hash: what identifies the chain.
    pub fn genesis_hash(&self) -> H256 {
        self.api.genesis_hash()
    }

    /// The subxt client, for queries this crate does not wrap.
    pub fn api(&self) -> &OnlineClient<PolkadotConfig> {
        &self.api
    }

    /// Moves `amount` (planck) from the signer to `to` with `Balances::transfer_keep_alive`:
    /// how a new account gets the funds its first transaction and deposits need.
    pub async fn transfer(
        &self,
        signer: &Signer,
        to: &AccountId32,
        amount: u128,
    ) -> Result<Inclusion> {
        use subxt::dynamic::Value;
        let tx = subxt::dynamic::tx(
            "Balances",
            "transfer_keep_alive",
            vec![
                Value::unnamed_variant("Id", [Value::from_bytes(to.0)]),
                Value::u128(amount),
            ],
        );
        self.submit(&tx, signer).await
    }

    /// Dry-runs a contract call at the best block.
    pub(crate) async fn dry_run_call(
        &self,
        origin: &AccountId32,
        dest: &AccountId32,
        data: &[u8],
    ) -> Result<DryRun<contracts_api::ExecReturnValue>> {
        let args = CallArgs {
            origin,
            dest,
            value: 0,
            gas_limit: None,
            storage_deposit_limit: None,
            input_data: data,
        };
        self.runtime_api("ContractsApi_call", &args.encode()).await
    }

    /// Dry-runs an instantiation with code at the best block.
    pub(crate) async fn dry_run_instantiate(
        &self,
        origin: &AccountId32,
        code: &[u8],
        data: &[u8],
        salt: &[u8],
    ) -> Result<DryRun<contracts_api::InstantiateReturnValue>> {
        let args = InstantiateArgs {
            origin,
            value: 0,
            gas_limit: None,
            storage_deposit_limit: None,
            code: contracts_api::Code::Upload(code),
            data,
            salt,
        };
        self.runtime_api("ContractsApi_instantiate", &args.encode())
            .await
    }

    async fn runtime_api<T: Decode>(&self, method: &str, args: &[u8]) -> Result<DryRun<T>> {
        let best = self.best_block_hash().await?;
        let bytes = self.rpc.state_call(method, Some(args), Some(best)).await?;
        contracts_api::decode_result(&bytes, &self.api.metadata())
    }

    /// The code hash of the contract at `address` (`None`: no contract there), read from
    /// `Contracts::ContractInfoOf` at the best block. `ContractInfo` starts with the contract's
    /// trie id (a byte vector) and then its code hash; only that prefix is decoded.
    pub async fn contract_code_hash(&self, address: &AccountId32) -> Result<Option<H256>> {
        let query = subxt::dynamic::storage(
            "Contracts",
            "ContractInfoOf",
            vec![subxt::dynamic::Value::from_bytes(address.0)],
        );
        let key = self.api.storage().address_bytes(&query)?;
        let best = self.best_block_hash().await?;
        let Some(bytes) = self.api.storage().at(best).fetch_raw(key).await? else {
            return Ok(None);
        };
        let (_trie_id, code_hash) = <(Vec<u8>, [u8; 32])>::decode(&mut &bytes[..])
            .map_err(|e| ChainError::decode("the contract's info", e))?;
        Ok(Some(H256(code_hash)))
    }

    async fn best_block_hash(&self) -> Result<H256> {
        self.rpc
            .chain_get_block_hash(None)
            .await?
            .ok_or_else(|| ChainError::decode("the best block", "node returned no hash"))
    }

    /// Signs and submits a transaction, then waits until it is in a best block and succeeded.
    ///
    /// The nonce comes from the node's pool view (`system_accountNextIndex`), so transactions
    /// sent one after another do not reuse a nonce while earlier ones await finality. When
    /// another client of the same account took that nonce first (the pool answers "priority
    /// is too low" or "outdated"), it signs again with the next nonce, up to
    /// `NONCE_ATTEMPTS` times.
    pub async fn submit<P: Payload>(&self, payload: &P, signer: &Signer) -> Result<Inclusion> {
        let mut attempt = 1;
        loop {
            match self.submit_once(payload, signer).await {
                Err(e) if attempt < NONCE_ATTEMPTS && is_nonce_clash(&e) => attempt += 1,
                Ok(inclusion) => {
                    return Ok(Inclusion {
                        attempts: attempt,
                        ..inclusion
                    })
                }
                other => return other,
            }
        }
    }

    async fn submit_once<P: Payload>(&self, payload: &P, signer: &Signer) -> Result<Inclusion> {
        let account = signer.account_id();
        let nonce = self.rpc.system_account_next_index(&account).await?;
        let header = self
            .rpc
            .chain_get_header(None)
            .await?
            .ok_or_else(|| ChainError::decode("the best block header", "node returned none"))?;
        let params = PolkadotExtrinsicParamsBuilder::new()
            .nonce(nonce)
            .mortal(&header, 64)
            .build();
        let tx = self
            .api
            .tx()
            .create_signed_offline(payload, signer.keypair(), params)?;
        let extrinsic_hash = tx.hash();
        let mut progress = tx.submit_and_watch().await?;
        while let Some(status) = progress.next().await {
            match status? {
                TxStatus::InBestBlock(in_block) | TxStatus::InFinalizedBlock(in_block) => {
                    let block_hash = in_block.block_hash();
                    let events = in_block.wait_for_success().await.map_err(|e| match e {
                        subxt::Error::Runtime(err) => ChainError::Dispatch(err.to_string()),
                        other => ChainError::from(other),
                    })?;
                    let block = self.api.blocks().at(block_hash).await?;
                    return Ok(Inclusion {
                        block_hash,
                        block_number: block.number().into(),
                        extrinsic_index: events.extrinsic_index(),
                        extrinsic_hash,
                        events,
                        attempts: 1,
                    });
                }
                TxStatus::Error { message }
                | TxStatus::Invalid { message }
                | TxStatus::Dropped { message } => return Err(ChainError::NotIncluded(message)),
                TxStatus::Validated
                | TxStatus::Broadcasted { .. }
                | TxStatus::NoLongerInBestBlock => {}
            }
        }
        Err(ChainError::NotIncluded(
            "the node closed the subscription before inclusion".into(),
        ))
    }
}

impl Client {
    /// Signs a transaction with an explicit `nonce` and hands it to the node's pool without
    /// waiting for it: returns its hash as soon as the pool accepted it.
    ///
    /// For pipelining (the benchmark queues many transactions of one account with consecutive
    /// nonces, then watches blocks for the last one). Nothing here checks that the transaction
    /// lands or succeeds, and a nonce already used is refused by the pool: ordinary callers
    /// want [`Client::submit`].
    pub async fn submit_with_nonce<P: Payload>(
        &self,
        payload: &P,
        signer: &Signer,
        nonce: u64,
    ) -> Result<H256> {
        let params = PolkadotExtrinsicParamsBuilder::new().nonce(nonce).build();
        let tx = self
            .api
            .tx()
            .create_signed_offline(payload, signer.keypair(), params)?;
        Ok(tx.submit().await?)
    }
}
