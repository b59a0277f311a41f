//! A connection to a node: what it is (chain, runtime, address format, token), dry runs
//! through the runtime API, reads at the block the caller asked for, and what the caller is
//! told while it waits.

use crate::address::AddressFormat;
use crate::contracts_api::{self, CallArgs, DryRun, InstantiateArgs};
use crate::error::{ChainError, Result};
use crate::metadata_cache::MetadataCache;
use crate::runtime;
use crate::token::Token;
use crate::tx::{Inclusion, Progress, Wait};
use parity_scale_codec::{Decode, Encode};
use std::sync::Arc;
use subxt::backend::legacy::LegacyRpcMethods;
use subxt::utils::{AccountId32, H256};
use subxt::{OnlineClient, PolkadotConfig};

/// Which block queries and dry runs read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ReadAt {
    /// The best block: the newest state, which a reorganisation may still undo.
    #[default]
    Best,
    /// The newest finalized block: state that will not change.
    Finalized,
}

/// What a client is told of how the caller wants to wait and watch.
pub type ProgressFn = Arc<dyn Fn(Progress) + Send + Sync>;

/// A connection to a node that runs pallet-contracts.
#[derive(Clone)]
pub struct Client {
    pub(crate) api: OnlineClient<PolkadotConfig>,
    pub(crate) rpc: LegacyRpcMethods<PolkadotConfig>,
    cache: Option<MetadataCache>,
    progress: Option<ProgressFn>,
    pub(crate) wait: Wait,
    pub(crate) dry_run_only: bool,
    url: String,
    read_at: ReadAt,
    address_format: AddressFormat,
    token: Token,
    metadata_cached: bool,
}

impl Client {
    /// Connects to a node (`ws://` or `wss://`), fetching the runtime metadata from it.
    pub async fn connect(url: &str) -> Result<Self> {
        Self::connect_with(url, None).await
    }

    /// Connects to a node, taking the runtime metadata from `cache` when it holds the metadata
    /// of the node's current runtime (and storing it there when not).
    pub async fn connect_with(url: &str, cache: Option<MetadataCache>) -> Result<Self> {
        let connect_err = |source| ChainError::Connect {
            url: url.to_string(),
            source: Box::new(source),
        };
        let rpc_client = crate::transport::connect(url).await.map_err(connect_err)?;
        let rpc = LegacyRpcMethods::<PolkadotConfig>::new(rpc_client.clone());
        let to_connect_err = |e| match e {
            ChainError::Node(source) => ChainError::Connect {
                url: url.to_string(),
                source,
            },
            other => other,
        };
        let runtime = runtime::load(&rpc, cache.as_ref())
            .await
            .map_err(to_connect_err)?;
        let chain = runtime::chain_info(&rpc, &rpc_client, &runtime.genesis, cache.as_ref())
            .await
            .map_err(to_connect_err)?;
        let api = OnlineClient::from_rpc_client_with(
            runtime.genesis,
            runtime.version,
            runtime.metadata,
            rpc_client,
        )
        .map_err(connect_err)?;
        let prefix = api
            .constants()
            .at(&subxt::dynamic::constant("System", "SS58Prefix"))
            .ok()
            .and_then(|c| c.as_type::<u16>().ok())
            .unwrap_or(crate::address::GENERIC_PREFIX);
        let dev_chain = chain.chain_type == "Development";
        Ok(Self {
            api,
            rpc,
            cache,
            progress: None,
            wait: if dev_chain {
                Wait::Best
            } else {
                Wait::Finalized
            },
            dry_run_only: false,
            url: url.to_string(),
            read_at: ReadAt::Best,
            address_format: AddressFormat::new(prefix),
            token: Token::from_properties(&chain.properties),
            metadata_cached: runtime.cached,
        })
    }

    /// Waits for transactions as `wait` says (the default: finalized, but best on a
    /// development chain, whose state is thrown away anyway).
    pub fn with_wait(mut self, wait: Wait) -> Self {
        self.wait = wait;
        self
    }

    /// Stops every transaction after its dry run and fee check, before it is signed, with
    /// [`ChainError::DryRunOnly`] carrying what it would cost.
    pub fn with_dry_run_only(mut self, only: bool) -> Self {
        self.dry_run_only = only;
        self
    }

    /// Reads queries and dry runs at `at`.
    pub fn with_read_at(mut self, at: ReadAt) -> Self {
        self.read_at = at;
        self
    }

    /// Tells `progress` where each transaction is while `submit` waits for it.
    pub fn with_progress(mut self, progress: ProgressFn) -> Self {
        self.progress = Some(progress);
        self
    }

    /// The node's URL.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// True when the runtime metadata came from the cache rather than the node.
    pub fn metadata_was_cached(&self) -> bool {
        self.metadata_cached
    }

    /// How this chain writes addresses (`System::SS58Prefix`).
    pub fn address_format(&self) -> AddressFormat {
        self.address_format
    }

    /// The chain's token: symbol and decimals (`system_properties`).
    pub fn token(&self) -> &Token {
        &self.token
    }

    /// The chain's token as the node says it now (the cached one may be older): for moving
    /// funds, where the decimals decide the amount.
    pub async fn token_now(&self) -> Result<Token> {
        Ok(Token::from_properties(&self.rpc.system_properties().await?))
    }

    /// The chain's genesis hash: what identifies the chain.
    pub fn genesis_hash(&self) -> H256 {
        self.api.genesis_hash()
    }

    /// The subxt client, for queries this crate does not wrap.
    pub fn api(&self) -> &OnlineClient<PolkadotConfig> {
        &self.api
    }

    /// True when the node runs another runtime version than the one the client was built for.
    pub async fn runtime_changed(&self) -> Result<bool> {
        Ok(runtime::current_version(&self.rpc).await? != self.api.runtime_version())
    }

    /// Compares the node's runtime version with the client's; on a change, loads the new
    /// runtime's metadata (from the cache or the node) into the client and says so.
    pub(crate) async fn runtime_upgraded(&self) -> Result<bool> {
        let now = runtime::current_version(&self.rpc).await?;
        if now == self.api.runtime_version() {
            return Ok(false);
        }
        let fresh = runtime::load(&self.rpc, self.cache.as_ref()).await?;
        self.api.set_metadata(fresh.metadata);
        self.api.set_runtime_version(fresh.version);
        self.report(Progress::RuntimeUpgraded {
            spec_version: fresh.version.spec_version,
        });
        Ok(true)
    }

    /// Reports that `what` landed with `inclusion`.
    pub(crate) fn report_landed(&self, what: &'static str, inclusion: &Inclusion) {
        self.report(Progress::Landed {
            what,
            block: inclusion.block_number,
            index: Some(inclusion.extrinsic_index),
        });
    }

    /// Reports how long a step since `started` took.
    pub(crate) fn step(&self, what: &'static str, started: std::time::Instant) {
        self.report(Progress::Step {
            what,
            took: started.elapsed(),
        });
    }

    pub(crate) fn report(&self, progress: Progress) {
        if let Some(report) = &self.progress {
            report(progress);
        }
    }

    /// Dry-runs a contract call at the block queries read.
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

    /// Dry-runs an instantiation with code at the block queries read.
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
        let at = self.read_block().await?;
        let bytes = self.rpc.state_call(method, Some(args), at).await?;
        contracts_api::decode_result(&bytes, &self.api.metadata())
    }

    /// The block to read at: `None` asks the node for its best block in the same round trip.
    async fn read_block(&self) -> Result<Option<H256>> {
        match self.read_at {
            ReadAt::Best => Ok(None),
            ReadAt::Finalized => Ok(Some(self.rpc.chain_get_finalized_head().await?)),
        }
    }

    /// The raw value of a storage entry at the block queries read.
    pub(crate) async fn storage_raw(&self, key: &[u8]) -> Result<Option<Vec<u8>>> {
        let at = self.read_block().await?;
        Ok(self.rpc.state_get_storage(key, at).await?)
    }

    /// The code hash of the contract at `address` (`None`: no contract there), read from
    /// `Contracts::ContractInfoOf` at the block queries read. `ContractInfo` starts with the contract's
    /// trie id (a byte vector) and then its code hash; only that prefix is decoded.
    pub async fn contract_code_hash(&self, address: &AccountId32) -> Result<Option<H256>> {
        let query = subxt::dynamic::storage(
            "Contracts",
            "ContractInfoOf",
            vec![subxt::dynamic::Value::from_bytes(address.0)],
        );
        let key = self.api.storage().address_bytes(&query)?;
        let Some(bytes) = self.storage_raw(&key).await? else {
            return Ok(None);
        };
        let (_trie_id, code_hash) = <(Vec<u8>, [u8; 32])>::decode(&mut &bytes[..])
            .map_err(|e| ChainError::decode("the contract's info", e))?;
        Ok(Some(H256(code_hash)))
    }
}
