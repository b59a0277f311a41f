//! What a transaction costs its signer, known before it is sent: the fee the runtime quotes for
//! the signed bytes (`TransactionPaymentApi_query_info`) and the storage deposit of the dry
//! run, held against the signer's free balance.

use crate::client::Client;
use crate::cost::Cost;
use crate::error::{ChainError, Result, Shortfall};
use crate::signer::Signer;
use parity_scale_codec::{Compact, Decode, Encode};
use subxt::tx::SubmittableExtrinsic;
use subxt::utils::AccountId32;
use subxt::{OnlineClient, PolkadotConfig};

/// `frame_system::AccountInfo<u32, pallet_balances::AccountData<u128>>`.
#[derive(Decode)]
struct AccountInfo {
    _nonce: u32,
    _consumers: u32,
    _providers: u32,
    _sufficients: u32,
    free: u128,
    _reserved: u128,
    _frozen: u128,
    _flags: u128,
}

/// The fields of `pallet_transaction_payment::RuntimeDispatchInfo` before the fee.
#[derive(Decode)]
struct DispatchInfo {
    _ref_time: Compact<u64>,
    _proof_size: Compact<u64>,
    _class: u8,
    partial_fee: u128,
}

impl Client {
    /// The free balance of `account` (planck) at the block queries read; 0 for an account the
    /// chain does not know.
    pub async fn free_balance(&self, account: &AccountId32) -> Result<u128> {
        let query = subxt::dynamic::storage(
            "System",
            "Account",
            vec![subxt::dynamic::Value::from_bytes(account.0)],
        );
        let key = self.api.storage().address_bytes(&query)?;
        let Some(bytes) = self.storage_raw(&key).await? else {
            return Ok(0);
        };
        let info = AccountInfo::decode(&mut &bytes[..])
            .map_err(|e| ChainError::decode("the account's balance", e))?;
        Ok(info.free)
    }

    /// The fee the runtime quotes for a signed transaction.
    async fn fee_of(
        &self,
        tx: &SubmittableExtrinsic<PolkadotConfig, OnlineClient<PolkadotConfig>>,
    ) -> Result<u128> {
        let bytes = tx.encoded();
        let len = u32::try_from(bytes.len()).unwrap_or(u32::MAX);
        let mut args = bytes.to_vec();
        len.encode_to(&mut args);
        let answer = self
            .rpc
            .state_call("TransactionPaymentApi_query_info", Some(&args), None)
            .await?;
        let info = DispatchInfo::decode(&mut &answer[..])
            .map_err(|e| ChainError::decode("the fee quote", e))?;
        Ok(info.partial_fee)
    }

    /// The error for an account that cannot pay a call's storage deposit, with its balance.
    pub(crate) async fn cannot_pay_deposit(&self, account: &AccountId32) -> ChainError {
        match self.free_balance(account).await {
            Ok(free) => ChainError::CannotPayDeposit {
                account: self.address_format().show(account),
                has: self.token().format(free),
            },
            Err(e) => e,
        }
    }

    /// The balance every account must keep (`Balances::ExistentialDeposit`).
    pub fn existential_deposit(&self) -> u128 {
        self.api
            .constants()
            .at(&subxt::dynamic::constant("Balances", "ExistentialDeposit"))
            .ok()
            .and_then(|c| c.as_type::<u128>().ok())
            .unwrap_or(0)
    }

    /// The cost of `tx` (its fee added to `cost`) and the room left for a storage deposit (the
    /// free balance less the fee, the value moved and the existential deposit); refuses (nothing
    /// sent) when the signer cannot pay it all.
    pub(crate) async fn ensure_can_pay(
        &self,
        tx: &SubmittableExtrinsic<PolkadotConfig, OnlineClient<PolkadotConfig>>,
        signer: &Signer,
        cost: Cost,
    ) -> Result<(Cost, u128)> {
        let account = signer.account_id();
        let (fee, free) =
            subxt::ext::futures::future::join(self.fee_of(tx), self.free_balance(&account)).await;
        let cost = Cost { fee: fee?, ..cost };
        let free = free?;
        let keep = self.existential_deposit();
        let needs = cost.total().saturating_add(keep);
        if free < needs {
            let token = self.token();
            return Err(ChainError::CannotPay(Box::new(Shortfall {
                account: self.address_format().show(&account),
                has: token.format(free),
                needs: token.format(needs),
                fee: token.format(cost.fee),
                deposit: token.format(cost.deposit),
                value: (cost.value > 0).then(|| token.format(cost.value)),
                keep: token.format(keep),
            })));
        }
        let room = free
            .saturating_sub(cost.fee)
            .saturating_sub(cost.value)
            .saturating_sub(keep);
        Ok((cost, room))
    }
}
