//! Blocks as the client looks them up: by number, by parent, the newest heads as they come,
//! the ehr events a block holds, and one transaction's place and events in a block.

use crate::client::Client;
use crate::ehr_events::ContractEvent;
use crate::error::{ChainError, Result};
use subxt::blocks::ExtrinsicEvents;
use subxt::utils::{AccountId32, H256};
use subxt::PolkadotConfig;

/// Block numbers of new heads, as the node announces them.
pub struct Heads(std::pin::Pin<Box<dyn subxt::ext::futures::Stream<Item = Result<u64>> + Send>>);

impl Heads {
    /// The next head's number; `None` when the node ended the subscription.
    pub async fn next(&mut self) -> Option<Result<u64>> {
        use subxt::ext::futures::StreamExt;
        self.0.next().await
    }
}

impl Client {
    /// The hash of block `number` on the chain queries read (`None`: no such block yet).
    pub async fn block_hash(&self, number: u64) -> Result<Option<H256>> {
        use subxt::backend::legacy::rpc_methods::{BlockNumber, NumberOrHex};
        Ok(self
            .rpc
            .chain_get_block_hash(Some(BlockNumber::from(NumberOrHex::Number(number))))
            .await?)
    }

    /// The number of block `hash`.
    pub(crate) async fn block_number(&self, hash: H256) -> Result<u64> {
        let header = self
            .rpc
            .chain_get_header(Some(hash))
            .await?
            .ok_or_else(|| ChainError::decode("a block header", "node returned none"))?;
        Ok(header.number.into())
    }

    /// The hash of the parent of block `hash` (`None`: the node does not have that block).
    pub async fn parent_hash(&self, hash: H256) -> Result<Option<H256>> {
        Ok(self
            .rpc
            .chain_get_header(Some(hash))
            .await?
            .map(|header| header.parent_hash))
    }

    /// The number of the newest block: the finalized one, or the best one.
    pub async fn head(&self, finalized: bool) -> Result<u64> {
        let hash = if finalized {
            Some(self.rpc.chain_get_finalized_head().await?)
        } else {
            None
        };
        let header = self
            .rpc
            .chain_get_header(hash)
            .await?
            .ok_or_else(|| ChainError::decode("the head block", "node returned none"))?;
        Ok(header.number.into())
    }

    /// The numbers of new finalized (or best) heads as they come; the node may skip some, so a
    /// reader goes by number up to each.
    pub async fn subscribe_heads(&self, finalized: bool) -> Result<Heads> {
        use subxt::ext::futures::StreamExt;
        let subscription = if finalized {
            self.rpc.chain_subscribe_finalized_heads().await?
        } else {
            self.rpc.chain_subscribe_new_heads().await?
        };
        Ok(Heads(Box::pin(subscription.map(|header| {
            header
                .map(|h| u64::from(h.number))
                .map_err(ChainError::from)
        }))))
    }

    /// The events `contract` emitted in block `hash`, in order.
    pub async fn contract_events(
        &self,
        hash: H256,
        contract: &AccountId32,
    ) -> Result<Vec<ContractEvent>> {
        let events = self.api.events().at(hash).await?;
        let mut out = Vec::new();
        for details in events.iter() {
            let details = details.map_err(subxt::Error::from)?;
            if let Some(event) = ContractEvent::from_details(&details, contract)? {
                out.push(event);
            }
        }
        Ok(out)
    }

    /// Where transaction `extrinsic` is in block `block` (its index) and the events it emitted
    /// there; `None` when the block does not carry it.
    pub(crate) async fn extrinsic_in(
        &self,
        block: H256,
        extrinsic: H256,
    ) -> Result<Option<(u32, ExtrinsicEvents<PolkadotConfig>)>> {
        let block = self.api.blocks().at(block).await?;
        let extrinsics = block.extrinsics().await?;
        let Some(details) = extrinsics.iter().find(|e| e.hash() == extrinsic) else {
            return Ok(None);
        };
        let events = details.events().await?;
        Ok(Some((details.index(), events)))
    }
}
