//! The client's transactions: any payload, a contract call with a storage deposit limit, a
//! transfer; each signed, paid for and followed by attempts until one lands or nothing more
//! may be tried.

use super::attempt::{Attempt, Retry, NONCE_ATTEMPTS, RESENDS, RESEND_DELAY};
use super::settle::outcome;
use super::sign::{deposit_limit, margin, SignAt};
use super::watch::watch;
use super::Inclusion;
use crate::client::Client;
use crate::cost::Cost;
use crate::error::{ChainError, Result};
use crate::signer::Signer;
use subxt::tx::{Payload, SubmittableExtrinsic};
use subxt::utils::AccountId32;

impl Client {
    /// Signs and submits a transaction that costs only its fee; see [`Client::submit_paying`].
    pub async fn submit<P: Payload>(&self, payload: &P, signer: &Signer) -> Result<Inclusion> {
        self.submit_paying(payload, signer, Cost::default()).await
    }

    /// Checks that the signer can pay the fee besides `cost`'s deposit and value (refusing
    /// before anything is sent when not), signs and submits the transaction, then waits until
    /// it is in a best or finalized block (`Wait`) and succeeded.
    ///
    /// The nonce comes from the node's pool view (`system_accountNextIndex`), so transactions
    /// sent one after another do not reuse a nonce while earlier ones await finality. When
    /// another client of the same account took that nonce first (the pool answers "priority
    /// is too low" or "outdated"), it signs again with the next nonce, up to
    /// `NONCE_ATTEMPTS` times. When the runtime was upgraded since the client connected, it
    /// loads the new runtime's metadata and signs again, once.
    pub async fn submit_paying<P: Payload>(
        &self,
        payload: &P,
        signer: &Signer,
        cost: Cost,
    ) -> Result<Inclusion> {
        self.submit_inner(payload, None::<&fn(u128) -> P>, signer, cost)
            .await
    }

    /// As [`Client::submit_paying`] for a contract call whose payload carries a storage deposit
    /// limit: `build(limit)` makes it. The limit is the dry run's charge (`cost.deposit`) and a
    /// tenth more, but no more than the signer can hold after the fee and the existential
    /// deposit: a limit above that fails in the block, with the fee paid.
    pub async fn submit_with_deposit<P: Payload>(
        &self,
        build: impl Fn(u128) -> P,
        signer: &Signer,
        cost: Cost,
    ) -> Result<Inclusion> {
        self.submit_inner(&build(margin(cost.deposit)), Some(&build), signer, cost)
            .await
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
        let cost = Cost {
            value: amount,
            ..Cost::default()
        };
        let inclusion = self.submit_paying(&tx, signer, cost).await?;
        self.report_landed("transfer_keep_alive", &inclusion);
        Ok(inclusion)
    }

    /// Signs a transaction with an explicit `nonce` and hands it to the node's pool without
    /// waiting for it: returns its hash as soon as the pool accepted it.
    ///
    /// For pipelining (the benchmark queues many transactions of one account with consecutive
    /// nonces, then watches blocks for the last one). Nothing here checks that the transaction
    /// lands or succeeds, and a nonce already used is refused by the pool: ordinary callers
    /// want [`Client::submit`].
    #[cfg(feature = "pipeline")]
    pub async fn submit_with_nonce<P: Payload>(
        &self,
        payload: &P,
        signer: &Signer,
        nonce: u64,
    ) -> Result<subxt::utils::H256> {
        let tx = super::sign::sign_with_nonce(self, payload, signer, nonce)?;
        Ok(tx.submit().await?)
    }

    async fn submit_inner<P: Payload, B: Fn(u128) -> P>(
        &self,
        payload: &P,
        rebuild: Option<&B>,
        signer: &Signer,
        cost: Cost,
    ) -> Result<Inclusion> {
        let mut signed = 1;
        let mut refreshed = false;
        loop {
            match self
                .sign_pay_and_watch(payload, rebuild, signer, cost)
                .await
            {
                Ok(inclusion) => {
                    return Ok(Inclusion {
                        attempts: signed,
                        ..inclusion
                    })
                }
                // Another client of the account took the nonce: the next one is free.
                Err(failed) if failed.nonce_taken() && signed < NONCE_ATTEMPTS => signed += 1,
                // A transaction signed for an older runtime is invalid in the new one.
                Err(failed) if failed.runtime_may_be_stale() && !refreshed => {
                    if !self.runtime_upgraded().await? {
                        return Err(outcome(failed));
                    }
                    refreshed = true;
                }
                Err(failed) => return Err(outcome(failed)),
            }
        }
    }

    /// One signature of the transaction: its fee and the signer's funds checked, signed,
    /// submitted and followed; sent again, the same bytes, while a node's pool declares it
    /// invalid before any block (up to `RESENDS` times).
    async fn sign_pay_and_watch<P: Payload, B: Fn(u128) -> P>(
        &self,
        payload: &P,
        rebuild: Option<&B>,
        signer: &Signer,
        cost: Cost,
    ) -> core::result::Result<Inclusion, Attempt> {
        let started = std::time::Instant::now();
        let at = SignAt::next(self, signer).await.map_err(Attempt::resign)?;
        self.step("nonce and header", started);
        let started = std::time::Instant::now();
        let quote = at
            .unsigned_copy(self, payload, signer)
            .map_err(Attempt::resign)?;
        let (cost, room) = self
            .ensure_can_pay(&quote, signer, cost)
            .await
            .map_err(Attempt::resign)?;
        self.step("fee and balance check", started);
        if self.dry_run_only {
            return Err(Attempt::resign(ChainError::DryRunOnly(cost)));
        }
        let tx = match rebuild {
            Some(build) if room < margin(cost.deposit) => at
                .sign(self, &build(deposit_limit(cost.deposit, room)), signer)
                .map_err(Attempt::resign)?,
            _ => at.sign(self, payload, signer).map_err(Attempt::resign)?,
        };
        let bytes = tx.encoded().to_vec();
        let mut result = watch(self, tx, cost, false).await;
        for _ in 0..RESENDS {
            if !matches!(&result, Err(failed) if failed.retry == Retry::Resend) {
                break;
            }
            tokio::time::sleep(RESEND_DELAY).await;
            let again = SubmittableExtrinsic::from_bytes(self.api.clone(), bytes.clone());
            result = watch(self, again, cost, true).await;
        }
        result.map_err(|failed| failed.signed(at.valid_until()))
    }
}
