//! What goes into a signed transaction besides its call: the signer's next nonce, the block its
//! mortality counts from, and for a contract call the storage deposit limit.

use crate::client::Client;
use crate::error::{ChainError, Result};
use crate::signer::Signer;
use subxt::config::polkadot::PolkadotExtrinsicParamsBuilder;
use subxt::tx::{Payload, SubmittableExtrinsic};
use subxt::{OnlineClient, PolkadotConfig};

/// How long a signed transaction stays valid, in blocks.
const MORTALITY: u64 = 64;

/// A transaction ready to submit: signed, or the fee quote's copy without a signature.
pub(super) type Tx = SubmittableExtrinsic<PolkadotConfig, OnlineClient<PolkadotConfig>>;

type Header = <PolkadotConfig as subxt::Config>::Header;

type Params =
    <subxt::config::DefaultExtrinsicParams<PolkadotConfig> as subxt::config::ExtrinsicParams<
        PolkadotConfig,
    >>::Params;

/// Where a transaction is signed: with the signer's next nonce, mortal from a block.
pub(super) struct SignAt {
    nonce: u64,
    birth: Header,
}

impl SignAt {
    /// The signer's next nonce (the pool's view) and the header the transaction's mortality
    /// counts from (see [`birth_block`]).
    pub(super) async fn next(client: &Client, signer: &Signer) -> Result<Self> {
        let account = signer.account_id();
        let finalized = async {
            let hash = client.rpc.chain_get_finalized_head().await?;
            client.rpc.chain_get_header(Some(hash)).await
        };
        let (nonce, best, finalized) = subxt::ext::futures::future::join3(
            client.rpc.system_account_next_index(&account),
            client.rpc.chain_get_header(None),
            finalized,
        )
        .await;
        let none = |what| ChainError::decode(what, "node returned none");
        let best = best?.ok_or_else(|| none("the best block header"))?;
        let finalized = finalized?.ok_or_else(|| none("the finalized block header"))?;
        Ok(Self {
            nonce: nonce?,
            birth: birth_block(best, finalized),
        })
    }

    /// The last block a transaction signed here is valid in (its birth block plus its
    /// mortality).
    pub(super) fn valid_until(&self) -> u64 {
        u64::from(self.birth.number).saturating_add(MORTALITY)
    }

    /// The transaction as it will be signed, with a signature of zeros in place of the
    /// signer's: what the fee quote needs (its length and weight), and no transaction anyone
    /// could submit, so a refusal or a dry run really sends nothing the node could use.
    pub(super) fn unsigned_copy<P: Payload>(
        &self,
        client: &Client,
        payload: &P,
        signer: &Signer,
    ) -> Result<Tx> {
        let partial = client
            .api
            .tx()
            .create_partial_signed_offline(payload, self.params())?;
        Ok(partial.sign_with_address_and_signature(
            &subxt::utils::MultiAddress::Id(signer.account_id()),
            &subxt::utils::MultiSignature::Sr25519([0; 64]),
        ))
    }

    /// The transaction signed by `signer`.
    pub(super) fn sign<P: Payload>(
        &self,
        client: &Client,
        payload: &P,
        signer: &Signer,
    ) -> Result<Tx> {
        Ok(client
            .api
            .tx()
            .create_signed_offline(payload, signer.keypair(), self.params())?)
    }

    /// Signing parameters for this nonce, mortal from the birth block.
    fn params(&self) -> Params {
        PolkadotExtrinsicParamsBuilder::new()
            .nonce(self.nonce)
            .mortal(&self.birth, MORTALITY)
            .build()
    }
}

/// The transaction signed by `signer` with `nonce` as the caller picked it, immortal: for
/// queueing many transactions of one account at once (see `Client::submit_with_nonce`).
#[cfg(feature = "pipeline")]
pub(super) fn sign_with_nonce<P: Payload>(
    client: &Client,
    payload: &P,
    signer: &Signer,
    nonce: u64,
) -> Result<Tx> {
    let params = PolkadotExtrinsicParamsBuilder::new().nonce(nonce).build();
    Ok(client
        .api
        .tx()
        .create_signed_offline(payload, signer.keypair(), params)?)
}

/// The block a transaction's mortality counts from: the finalized head, which no
/// reorganisation can take away (a best block can leave the chain, as parachain blocks that
/// are never backed do, and every transaction born in it then turns invalid). When finality
/// lags so far that a transaction born there would have little life left, the best block.
fn birth_block<H: subxt::config::Header>(best: H, finalized: H) -> H {
    let lag = best
        .number()
        .into()
        .saturating_sub(finalized.number().into());
    if lag < MORTALITY / 2 {
        finalized
    } else {
        best
    }
}

/// A storage deposit charge and a tenth more: room for the chain to change between the dry run
/// and the block.
pub(super) fn margin(charge: u128) -> u128 {
    charge.saturating_add(charge / 10)
}

/// The deposit limit to sign: the charge with its margin when the signer has `room` for it,
/// else the charge alone. The chain checks the limit against the origin's balance before
/// running the call, so a limit the signer cannot hold fails in the block with the fee paid;
/// the exact charge is what the dry run proved enough.
pub(super) fn deposit_limit(charge: u128, room: u128) -> u128 {
    if room >= margin(charge) {
        margin(charge)
    } else {
        charge
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use subxt::utils::H256;

    #[test]
    fn mortality_counts_from_the_finalized_block_works() {
        use subxt::config::substrate::{Digest, SubstrateHeader};
        let header = |number: u32| SubstrateHeader::<u32, subxt::config::substrate::BlakeTwo256> {
            parent_hash: H256::zero(),
            number,
            state_root: H256::zero(),
            extrinsics_root: H256::zero(),
            digest: Digest::default(),
        };
        // finality a few blocks behind, as on a parachain: born in the finalized block
        assert_eq!(birth_block(header(105), header(100)).number, 100);
        assert_eq!(birth_block(header(100), header(100)).number, 100);
        // finality stalled for half the transaction's life: born in the best block
        assert_eq!(birth_block(header(132), header(100)).number, 132);
    }

    #[test]
    fn deposit_limit_never_exceeds_the_room_works() {
        // a tenth of margin when the signer has it
        assert_eq!(deposit_limit(1_000, 10_000), 1_100);
        // the charge alone when the margin does not fit in what the signer can hold
        assert_eq!(deposit_limit(1_000, 1_050), 1_000);
        // and never below it (the fee check refuses that case before signing)
        assert_eq!(deposit_limit(1_000, 500), 1_000);
        assert_eq!(deposit_limit(0, 0), 0);
    }
}
