//! The ehr contract's events as they appear in blocks: told apart by their signature topic
//! (the first of the event record's topics, as ink! 5 emits them) and decoded with the
//! contract's own event types.

use crate::client::Client;
use crate::error::Result;
use crate::extrinsics::ContractEmitted;
use parity_scale_codec::Decode;
use subxt::utils::{AccountId32, H256};

macro_rules! ehr_events {
    ($($name:ident),* $(,)?) => {
        /// One event of the ehr contract.
        pub enum EhrEvent {
            $(
                #[allow(missing_docs)]
                $name(ehr::events::$name),
            )*
        }

        impl EhrEvent {
            /// The event's name, as the contract's metadata spells it.
            pub fn name(&self) -> &'static str {
                match self {
                    $(Self::$name(_) => stringify!($name),)*
                }
            }

            /// The event whose signature topic is `signature`, decoded from `data`; `None` for
            /// another contract's event or bytes that do not decode.
            pub fn decode(signature: &H256, data: &[u8]) -> Option<Self> {
                $(
                    if <ehr::events::$name as ink::env::Event>::SIGNATURE_TOPIC
                        == Some(signature.0)
                    {
                        return ehr::events::$name::decode(&mut &data[..]).ok().map(Self::$name);
                    }
                )*
                None
            }
        }
    };
}

ehr_events!(
    PatientRegistered,
    DoctorRegistered,
    KeyRotated,
    DoctorStatusChanged,
    RegistrarChanged,
    RegistrarChangeApproved,
    AccessGranted,
    AccessRevoked,
    AccessRequested,
    RequestDecided,
    RecordVersionAdded,
    ChunkUploaded,
    KeysWrapped,
    KeysDropped,
    RecordOpened,
    RecordErased,
    ChunksFreed,
    GuardianChanged,
    EmergencyPolicyChanged,
    EmergencyAccessInvoked,
    EmergencyShareReleased,
);

/// An ehr event in a block.
pub struct ContractEvent {
    /// Its position among the block's events.
    pub index: u32,
    /// The event.
    pub event: EhrEvent,
    /// Its topics after the signature: the accounts (and record) it concerns, each account as
    /// its 32 bytes (ink! uses a value of 32 bytes or less as its own topic).
    pub topics: Vec<H256>,
}

impl ContractEvent {
    /// True when `account` is one of the event's topics: the patient, the other party, the
    /// reader, the author or the custodian it names.
    pub fn concerns(&self, account: &AccountId32) -> bool {
        self.topics.iter().any(|t| t.0 == account.0)
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
        let header = self.rpc.chain_get_header(hash).await?.ok_or_else(|| {
            crate::error::ChainError::decode("the head block", "node returned none")
        })?;
        Ok(header.number.into())
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
            let Some(emitted) = details
                .as_event::<ContractEmitted>()
                .map_err(subxt::Error::from)?
            else {
                continue;
            };
            if &emitted.contract != contract {
                continue;
            }
            let topics = details.topics();
            let Some((signature, rest)) = topics.split_first() else {
                continue;
            };
            if let Some(event) = EhrEvent::decode(signature, &emitted.data) {
                out.push(ContractEvent {
                    index: details.index(),
                    event,
                    topics: rest.to_vec(),
                });
            }
        }
        Ok(out)
    }
}

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
                .map_err(crate::error::ChainError::from)
        }))))
    }
}

impl crate::submit::Inclusion {
    /// The events `contract` emitted in this transaction: what it did in its block (a dry
    /// run's answer can differ, e.g. an expiry computed from the block's time).
    pub fn ehr_events(&self, contract: &AccountId32) -> Vec<EhrEvent> {
        self.events
            .iter()
            .filter_map(|details| {
                let details = details.ok()?;
                let emitted = details.as_event::<ContractEmitted>().ok()??;
                let (signature, _) = details.topics().split_first()?;
                (&emitted.contract == contract)
                    .then(|| EhrEvent::decode(signature, &emitted.data))
                    .flatten()
            })
            .collect()
    }
}
