//! What a client must know of a chain before it can talk to it: the genesis hash, the runtime
//! version and the runtime metadata; the metadata from the cache when the runtime is the one
//! cached.

use crate::error::{ChainError, Result};
use crate::metadata_cache::{ChainInfo, MetadataCache, RuntimeKey};
use parity_scale_codec::{Decode, Encode};
use subxt::backend::legacy::LegacyRpcMethods;
use subxt::client::RuntimeVersion;
use subxt::utils::H256;
use subxt::{Metadata, PolkadotConfig};

/// The newest metadata version subxt 0.38 reads.
const METADATA_VERSION: u32 = 15;

/// A chain's identity and its current runtime.
pub(crate) struct Runtime {
    pub genesis: H256,
    pub version: RuntimeVersion,
    pub metadata: Metadata,
    /// Whether the metadata came from the cache.
    pub cached: bool,
}

/// What the chain says of itself: from the cache, else asked (then stored).
pub(crate) async fn chain_info(
    rpc: &LegacyRpcMethods<PolkadotConfig>,
    rpc_client: &subxt::backend::rpc::RpcClient,
    genesis: &H256,
    cache: Option<&MetadataCache>,
) -> Result<ChainInfo> {
    if let Some(info) = cache.and_then(|c| c.load_chain(genesis)) {
        return Ok(info);
    }
    let chain_type: String = rpc_client
        .request("system_chainType", subxt::backend::rpc::rpc_params![])
        .await?;
    let properties = rpc.system_properties().await?;
    let info = ChainInfo {
        chain_type,
        properties,
    };
    if let Some(cache) = cache {
        cache.store_chain(genesis, &info);
    }
    Ok(info)
}

/// The runtime version the node runs now.
pub(crate) async fn current_version(
    rpc: &LegacyRpcMethods<PolkadotConfig>,
) -> Result<RuntimeVersion> {
    version_at(rpc, None).await
}

/// The runtime version at block `at` (`None`: the best block).
async fn version_at(
    rpc: &LegacyRpcMethods<PolkadotConfig>,
    at: Option<H256>,
) -> Result<RuntimeVersion> {
    let v = rpc.state_get_runtime_version(at).await?;
    Ok(RuntimeVersion {
        spec_version: v.spec_version,
        transaction_version: v.transaction_version,
    })
}

/// Asks the node for its genesis hash and runtime version (side by side) and takes the
/// metadata from `cache` when it holds this runtime's, else from the node (then stores it).
pub(crate) async fn load(
    rpc: &LegacyRpcMethods<PolkadotConfig>,
    cache: Option<&MetadataCache>,
) -> Result<Runtime> {
    let (genesis, version) =
        subxt::ext::futures::future::join(rpc.genesis_hash(), current_version(rpc)).await;
    let (genesis, version) = (genesis?, version?);
    let key = RuntimeKey {
        genesis,
        spec_version: version.spec_version,
        transaction_version: version.transaction_version,
    };
    if let Some(cache) = cache {
        if let Some(bytes) = cache.load(&key) {
            match Metadata::decode(&mut &bytes[..]) {
                Ok(metadata) => {
                    return Ok(Runtime {
                        genesis,
                        version,
                        metadata,
                        cached: true,
                    })
                }
                // A damaged file: fetch afresh and overwrite it.
                Err(_) => cache.remove(&key),
            }
        }
    }
    // The version and the metadata of one and the same block: read separately at "best", an
    // upgrade in between would pair the new version with the old metadata, and the cache would
    // keep that pair for good.
    let at = rpc
        .chain_get_block_hash(None)
        .await?
        .ok_or_else(|| ChainError::decode("the best block", "node returned no hash"))?;
    let version = version_at(rpc, Some(at)).await?;
    let key = RuntimeKey {
        spec_version: version.spec_version,
        transaction_version: version.transaction_version,
        ..key
    };
    let bytes = fetch_metadata(rpc, at).await?;
    let metadata = Metadata::decode(&mut &bytes[..])
        .map_err(|e| ChainError::decode("the runtime metadata", e))?;
    if let Some(cache) = cache {
        cache.store(&key, &bytes);
    }
    Ok(Runtime {
        genesis,
        version,
        metadata,
        cached: false,
    })
}

/// The metadata bytes (`RuntimeMetadataPrefixed`) of block `at`'s runtime: version 15 when
/// the runtime offers it, else the runtime's default (14).
async fn fetch_metadata(rpc: &LegacyRpcMethods<PolkadotConfig>, at: H256) -> Result<Vec<u8>> {
    let at_version = rpc
        .state_call(
            "Metadata_metadata_at_version",
            Some(&METADATA_VERSION.encode()),
            Some(at),
        )
        .await;
    if let Ok(bytes) = at_version {
        if let Ok(Some(opaque)) = Option::<Vec<u8>>::decode(&mut &bytes[..]) {
            return Ok(opaque);
        }
    }
    let bytes = rpc.state_call("Metadata_metadata", None, Some(at)).await?;
    Vec::<u8>::decode(&mut &bytes[..]).map_err(|e| ChainError::decode("the runtime metadata", e))
}
