//! The pallet-contracts calls and events the client uses, as typed subxt payloads.

use crate::contracts_api::{CompactBalance, Weight};
use subxt::ext::{scale_decode, scale_encode};
use subxt::utils::{AccountId32, MultiAddress};

/// `Contracts::call`.
#[derive(scale_encode::EncodeAsType)]
#[encode_as_type(crate_path = "subxt::ext::scale_encode")]
pub(crate) struct CallTx {
    pub dest: MultiAddress<AccountId32, ()>,
    pub value: CompactBalance,
    pub gas_limit: WeightArg,
    pub storage_deposit_limit: Option<CompactBalance>,
    pub data: Vec<u8>,
}

/// `Contracts::instantiate_with_code`.
#[derive(scale_encode::EncodeAsType)]
#[encode_as_type(crate_path = "subxt::ext::scale_encode")]
pub(crate) struct InstantiateWithCodeTx {
    pub value: CompactBalance,
    pub gas_limit: WeightArg,
    pub storage_deposit_limit: Option<CompactBalance>,
    pub code: Vec<u8>,
    pub data: Vec<u8>,
    pub salt: Vec<u8>,
}

/// `sp_weights::Weight` as a call argument.
#[derive(scale_encode::EncodeAsType)]
#[encode_as_type(crate_path = "subxt::ext::scale_encode")]
pub(crate) struct WeightArg {
    pub ref_time: u64,
    pub proof_size: u64,
}

impl From<Weight> for WeightArg {
    fn from(w: Weight) -> Self {
        Self {
            ref_time: w.ref_time,
            proof_size: w.proof_size,
        }
    }
}

/// `Contracts::Instantiated`.
#[derive(Debug, scale_decode::DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
pub(crate) struct Instantiated {
    #[allow(dead_code)]
    pub deployer: AccountId32,
    pub contract: AccountId32,
}

impl subxt::events::StaticEvent for Instantiated {
    const PALLET: &'static str = "Contracts";
    const EVENT: &'static str = "Instantiated";
}

/// `Contracts::ContractEmitted`: an event a contract emitted (its SCALE bytes).
#[derive(Debug, scale_decode::DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
pub(crate) struct ContractEmitted {
    pub contract: AccountId32,
    pub data: Vec<u8>,
}

impl subxt::events::StaticEvent for ContractEmitted {
    const PALLET: &'static str = "Contracts";
    const EVENT: &'static str = "ContractEmitted";
}
