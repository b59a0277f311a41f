//! The ehr contract's events as they appear in blocks: told apart by their signature topic
//! (the first of the event record's topics, as ink! 5 emits them) and decoded with the
//! contract's own event types.

use crate::error::Result;
use crate::extrinsics::ContractEmitted;
use crate::tx::Inclusion;
use parity_scale_codec::Decode;
use subxt::events::EventDetails;
use subxt::utils::{AccountId32, H256};
use subxt::PolkadotConfig;

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

    /// The ehr event in `details` when `contract` emitted it; `None` for any other event (of
    /// the runtime, of another contract, or one that does not decode as ehr's).
    pub(crate) fn from_details(
        details: &EventDetails<PolkadotConfig>,
        contract: &AccountId32,
    ) -> Result<Option<Self>> {
        let Some(emitted) = details
            .as_event::<ContractEmitted>()
            .map_err(subxt::Error::from)?
        else {
            return Ok(None);
        };
        if &emitted.contract != contract {
            return Ok(None);
        }
        let topics = details.topics();
        let Some((signature, rest)) = topics.split_first() else {
            return Ok(None);
        };
        Ok(
            EhrEvent::decode(signature, &emitted.data).map(|event| ContractEvent {
                index: details.index(),
                event,
                topics: rest.to_vec(),
            }),
        )
    }
}

impl Inclusion {
    /// The events `contract` emitted in this transaction: what it did in its block (a dry
    /// run's answer can differ, e.g. an expiry computed from the block's time).
    pub fn ehr_events(&self, contract: &AccountId32) -> Vec<EhrEvent> {
        self.events
            .iter()
            .filter_map(|details| {
                let details = details.ok()?;
                ContractEvent::from_details(&details, contract).ok()?
            })
            .map(|e| e.event)
            .collect()
    }
}
