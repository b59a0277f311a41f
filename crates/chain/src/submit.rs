//! Signing, paying and waiting: a transaction is checked against the signer's funds, signed
//! with the pool's next nonce, submitted, and followed until it is in a best block or a
//! finalized one, as the caller asked.

use crate::client::Client;
use crate::cost::Cost;
use crate::error::{ChainError, Result};
use crate::runtime;
use crate::signer::Signer;
use subxt::blocks::ExtrinsicEvents;
use subxt::config::polkadot::PolkadotExtrinsicParamsBuilder;
use subxt::tx::{Payload, SubmittableExtrinsic, TxInBlock, TxStatus};
use subxt::utils::H256;
use subxt::{OnlineClient, PolkadotConfig};

/// How many times `submit` signs a transaction whose nonce another client took first.
const NONCE_ATTEMPTS: u32 = 4;

/// How long a signed transaction stays valid, in blocks.
const MORTALITY: u64 = 64;

/// How many times `submit` sends the same signed transaction again after a node's pool
/// declared it invalid before any block (see `Next::Invalid`).
const RESENDS: u32 = 3;

/// How long `submit` waits before sending it again: the pool puts back the transactions of a
/// retracted block as it imports the new best one, just after.
const RESEND_DELAY: std::time::Duration = std::time::Duration::from_secs(1);

/// How far a transaction must get before `submit` returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wait {
    /// In a best block: fast, but a reorganisation may still drop it.
    Best,
    /// In a finalized block: it is there for good.
    Finalized,
}

/// Where a transaction is, told to the caller's progress function while `submit` waits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// In best block `number`; waiting for it to be finalized.
    InBlock { number: u64, hash: H256 },
    /// The block that carried it left the best chain; waiting for it to be included again.
    Retracted { number: u64 },
    /// The runtime was upgraded under the transaction; signing it again for the new runtime.
    RuntimeUpgraded { spec_version: u32 },
    /// A transaction landed (its fee is paid and it is public), whatever comes after it.
    Landed {
        what: &'static str,
        block: u64,
        /// Its index in the block, when known.
        index: Option<u32>,
    },
    /// A step of a call took this long (for `EHR_TIMINGS`: where a command's time goes).
    Step {
        what: &'static str,
        took: std::time::Duration,
    },
}

/// Where and how a transaction landed.
#[derive(Debug)]
pub struct Inclusion {
    /// The block that carries it.
    pub block_hash: H256,
    /// That block's number.
    pub block_number: u64,
    /// True when that block is finalized (`Wait::Finalized`).
    pub finalized: bool,
    /// Its index in the block.
    pub extrinsic_index: u32,
    /// The transaction's hash.
    pub extrinsic_hash: H256,
    /// The events it emitted.
    pub events: ExtrinsicEvents<PolkadotConfig>,
    /// How many times it was signed: more than once when another client of the same account
    /// took its nonce first.
    pub attempts: u32,
    /// What it was expected to cost before it was signed.
    pub cost: Cost,
}

/// A failed attempt at a transaction, and whether signing it again is safe (see
/// `submit_inner`).
pub(crate) struct Attempt {
    error: ChainError,
    resign_safe: bool,
    /// Declared invalid before any block: the same signed bytes may be sent again.
    resend: bool,
    /// The last block the signed transaction is valid in (its birth block plus its
    /// mortality), once it was signed.
    valid_until: Option<u64>,
}

impl Attempt {
    /// Nothing reached the pool, or the pool refused or dropped it before any block.
    fn safe(error: ChainError) -> Self {
        Self {
            error,
            resign_safe: true,
            resend: false,
            valid_until: None,
        }
    }

    /// The pool held it, or it was in a block: it may execute, so it is never signed again.
    fn unsafe_(error: ChainError) -> Self {
        Self {
            error,
            resign_safe: false,
            resend: false,
            valid_until: None,
        }
    }

    /// A node's pool declared it invalid before any block. Another node's pool may still hold
    /// it, so it is never signed again with a new nonce; the same signed bytes can only ever
    /// execute once, so they may be sent again.
    fn resend(error: ChainError) -> Self {
        Self {
            error,
            resign_safe: false,
            resend: true,
            valid_until: None,
        }
    }

    /// The error to report once nothing more will be tried: a transaction the pool let go
    /// without its taking effect is still valid for the rest of its mortality, so until then
    /// its outcome is unknown (`MayLand`), never "not included". Only one whose nonce another
    /// transaction took can never land.
    fn outcome(self) -> ChainError {
        match (self.error, self.valid_until) {
            (e @ (ChainError::NotIncluded(_) | ChainError::Retracted { .. }), Some(until))
                if !is_nonce_clash(&e) =>
            {
                ChainError::MayLand {
                    until,
                    message: e.to_string(),
                }
            }
            (e, _) => e,
        }
    }
}

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

/// What a broken connection means for a transaction the pool held: in a best block (`last`)
/// that may yet be finalized, or in no block yet and maybe passed on to other nodes. Either way
/// the outcome is not known, never "not included".
fn lost(last: Option<(H256, u64)>, error: ChainError) -> ChainError {
    let message = match error {
        ChainError::Node(inner) => inner.to_string(),
        other => other.to_string(),
    };
    match last {
        Some((_, block)) => ChainError::Unsettled { block, message },
        None => ChainError::Unconfirmed { message },
    }
}

/// A failure to ask the node where a transaction ended up (it went away while the transaction
/// was in block `last`) is an outcome not known, like [`lost`]; any other error stands.
fn unreachable_is_lost(last: Option<(H256, u64)>, error: ChainError) -> ChainError {
    match error {
        e @ ChainError::Node(_) => lost(last, e),
        other => other,
    }
}

/// A storage deposit charge and a tenth more: room for the chain to change between the dry run
/// and the block.
fn margin(charge: u128) -> u128 {
    charge.saturating_add(charge / 10)
}

/// The deposit limit to sign: the charge with its margin when the signer has `room` for it,
/// else the charge alone. The chain checks the limit against the origin's balance before
/// running the call, so a limit the signer cannot hold fails in the block with the fee paid;
/// the exact charge is what the dry run proved enough.
fn deposit_limit(charge: u128, room: u128) -> u128 {
    if room >= margin(charge) {
        margin(charge)
    } else {
        charge
    }
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

/// Signing parameters for nonce `at.0`, mortal from block `at.1`.
fn params(
    (nonce, header): &(u64, <PolkadotConfig as subxt::Config>::Header),
) -> <subxt::config::DefaultExtrinsicParams<PolkadotConfig> as subxt::config::ExtrinsicParams<
    PolkadotConfig,
>>::Params {
    PolkadotExtrinsicParamsBuilder::new()
        .nonce(*nonce)
        .mortal(header, MORTALITY)
        .build()
}

/// A transaction's status as the waiting rule sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Status {
    /// In the pool, broadcast, or anything that is not an end.
    Pending,
    InBestBlock(H256),
    NoLongerInBestBlock,
    InFinalizedBlock(H256),
    /// Dropped, usurped, finality timed out: the pool gave up on it.
    Gone(String),
    /// The pool declared it invalid.
    Invalid(String),
}

/// What to do after a status.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Next {
    /// Keep waiting.
    Wait,
    /// Tell the caller it is in this best block, then keep waiting for finality.
    ReportInBlock(H256),
    /// Tell the caller its block was retracted, then keep waiting.
    ReportRetracted,
    /// It is where the caller wanted it: in this block (finalized or not).
    Done { block: H256, finalized: bool },
    /// It was in a block once but is on no chain now.
    Retracted(String),
    /// It never reached a block.
    NotIncluded(String),
    /// The pool declared it invalid. On a parachain this happens when the block that carried
    /// the signer's previous transaction is retracted (and with it, maybe, this one's block):
    /// the block author finds the nonce ahead of the chain and drops the transaction as
    /// invalid, though it turns valid again once the previous one is included again.
    Invalid(String),
}

/// The waiting rule: with `Wait::Best` a best block is enough; with `Wait::Finalized` only a
/// finalized block is, and a transaction that was in a block and then given up is reported as
/// retracted (it is not on the finalized chain), never as done.
#[derive(Debug)]
pub(crate) struct Follow {
    wait: Wait,
    seen_in_block: bool,
}

impl Follow {
    pub(crate) fn new(wait: Wait) -> Self {
        Self {
            wait,
            seen_in_block: false,
        }
    }

    pub(crate) fn step(&mut self, status: Status) -> Next {
        match status {
            Status::Pending => Next::Wait,
            Status::InBestBlock(block) if self.wait == Wait::Best => Next::Done {
                block,
                finalized: false,
            },
            Status::InBestBlock(block) => {
                self.seen_in_block = true;
                Next::ReportInBlock(block)
            }
            Status::NoLongerInBestBlock => Next::ReportRetracted,
            Status::InFinalizedBlock(block) => Next::Done {
                block,
                finalized: true,
            },
            Status::Gone(message) if self.seen_in_block => Next::Retracted(message),
            Status::Gone(message) => Next::NotIncluded(message),
            Status::Invalid(message) => Next::Invalid(message),
        }
    }

    /// The node closed the subscription before the end.
    pub(crate) fn ended(&self) -> Next {
        let message = "the node closed the subscription before the transaction was final".into();
        if self.seen_in_block {
            Next::Retracted(message)
        } else {
            Next::NotIncluded(message)
        }
    }
}

fn status_of(status: &TxStatus<PolkadotConfig, OnlineClient<PolkadotConfig>>) -> Status {
    match status {
        TxStatus::InBestBlock(b) => Status::InBestBlock(b.block_hash()),
        TxStatus::InFinalizedBlock(b) => Status::InFinalizedBlock(b.block_hash()),
        TxStatus::NoLongerInBestBlock => Status::NoLongerInBestBlock,
        TxStatus::Invalid { message } => Status::Invalid(message.clone()),
        TxStatus::Error { message } | TxStatus::Dropped { message } => {
            Status::Gone(message.clone())
        }
        TxStatus::Validated | TxStatus::Broadcasted { .. } => Status::Pending,
    }
}

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

    async fn submit_inner<P: Payload, B: Fn(u128) -> P>(
        &self,
        payload: &P,
        rebuild: Option<&B>,
        signer: &Signer,
        cost: Cost,
    ) -> Result<Inclusion> {
        let mut attempt = 1;
        let mut refreshed = false;
        loop {
            match self
                .sign_pay_and_watch(payload, rebuild, signer, cost)
                .await
            {
                Ok(inclusion) => {
                    return Ok(Inclusion {
                        attempts: attempt,
                        ..inclusion
                    })
                }
                // Signing again is safe only when the node refused this transaction outright or
                // dropped it before any block: the next nonce is then the same one, so at most one
                // of the two can execute. Once it was in a block, or the connection broke while
                // the pool held it, a new signature could execute the call twice.
                Err(a) if !a.resign_safe => return Err(a.outcome()),
                Err(Attempt { error, .. })
                    if attempt < NONCE_ATTEMPTS && is_nonce_clash(&error) =>
                {
                    attempt += 1
                }
                // A transaction signed for an older runtime is invalid in the new one.
                Err(
                    a @ Attempt {
                        error: ChainError::NotIncluded(_) | ChainError::Node(_),
                        ..
                    },
                ) if !refreshed => {
                    if !self.runtime_upgraded().await? {
                        return Err(a.outcome());
                    }
                    refreshed = true;
                }
                Err(a) => return Err(a.outcome()),
            }
        }
    }

    async fn sign_pay_and_watch<P: Payload, B: Fn(u128) -> P>(
        &self,
        payload: &P,
        rebuild: Option<&B>,
        signer: &Signer,
        cost: Cost,
    ) -> core::result::Result<Inclusion, Attempt> {
        let started = std::time::Instant::now();
        let at = self.nonce_and_header(signer).await.map_err(Attempt::safe)?;
        self.step("nonce and header", started);
        let started = std::time::Instant::now();
        let quote = self
            .unsigned_copy(payload, signer, &at)
            .map_err(Attempt::safe)?;
        let (cost, room) = self
            .ensure_can_pay(&quote, signer, cost)
            .await
            .map_err(Attempt::safe)?;
        self.step("fee and balance check", started);
        if self.dry_run_only {
            return Err(Attempt::safe(ChainError::DryRunOnly(cost)));
        }
        let tx = match rebuild {
            Some(build) if room < margin(cost.deposit) => self
                .sign(&build(deposit_limit(cost.deposit, room)), signer, &at)
                .map_err(Attempt::safe)?,
            _ => self.sign(payload, signer, &at).map_err(Attempt::safe)?,
        };
        let bytes = tx.encoded().to_vec();
        let valid_until = u64::from(at.1.number).saturating_add(MORTALITY);
        let mut result = self.watch(tx, cost, false).await;
        for _ in 0..RESENDS {
            if !matches!(&result, Err(Attempt { resend: true, .. })) {
                break;
            }
            tokio::time::sleep(RESEND_DELAY).await;
            let again = SubmittableExtrinsic::from_bytes(self.api.clone(), bytes.clone());
            result = self.watch(again, cost, true).await;
        }
        result.map_err(|a| Attempt {
            resend: false,
            valid_until: Some(valid_until),
            ..a
        })
    }

    /// The signer's next nonce (the pool's view) and the header the transaction's mortality
    /// counts from (see [`birth_block`]).
    async fn nonce_and_header(
        &self,
        signer: &Signer,
    ) -> Result<(u64, <PolkadotConfig as subxt::Config>::Header)> {
        let account = signer.account_id();
        let finalized = async {
            let hash = self.rpc.chain_get_finalized_head().await?;
            self.rpc.chain_get_header(Some(hash)).await
        };
        let (nonce, best, finalized) = subxt::ext::futures::future::join3(
            self.rpc.system_account_next_index(&account),
            self.rpc.chain_get_header(None),
            finalized,
        )
        .await;
        let none = |what| ChainError::decode(what, "node returned none");
        let best = best?.ok_or_else(|| none("the best block header"))?;
        let finalized = finalized?.ok_or_else(|| none("the finalized block header"))?;
        Ok((nonce?, birth_block(best, finalized)))
    }

    /// The transaction as it will be signed, with a signature of zeros in place of the
    /// signer's: what the fee quote needs (its length and weight), and no transaction anyone
    /// could submit, so a refusal or a dry run really sends nothing the node could use.
    fn unsigned_copy<P: Payload>(
        &self,
        payload: &P,
        signer: &Signer,
        at: &(u64, <PolkadotConfig as subxt::Config>::Header),
    ) -> Result<SubmittableExtrinsic<PolkadotConfig, OnlineClient<PolkadotConfig>>> {
        let partial = self
            .api
            .tx()
            .create_partial_signed_offline(payload, params(at))?;
        Ok(partial.sign_with_address_and_signature(
            &subxt::utils::MultiAddress::Id(signer.account_id()),
            &subxt::utils::MultiSignature::Sr25519([0; 64]),
        ))
    }

    fn sign<P: Payload>(
        &self,
        payload: &P,
        signer: &Signer,
        at: &(u64, <PolkadotConfig as subxt::Config>::Header),
    ) -> Result<SubmittableExtrinsic<PolkadotConfig, OnlineClient<PolkadotConfig>>> {
        Ok(self
            .api
            .tx()
            .create_signed_offline(payload, signer.keypair(), params(at))?)
    }

    /// True when the node runs another runtime version than the one the client was built for.
    pub async fn runtime_changed(&self) -> Result<bool> {
        Ok(runtime::current_version(&self.rpc).await? != self.api.runtime_version())
    }

    /// Compares the node's runtime version with the client's; on a change, loads the new
    /// runtime's metadata (from the cache or the node) into the client and says so.
    async fn runtime_upgraded(&self) -> Result<bool> {
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

    /// Submits `tx` and follows it as `Wait` asks. `resent`: the same signed bytes were sent
    /// before and declared invalid, so another node may have included them meanwhile.
    async fn watch(
        &self,
        tx: SubmittableExtrinsic<PolkadotConfig, OnlineClient<PolkadotConfig>>,
        cost: Cost,
        resent: bool,
    ) -> core::result::Result<Inclusion, Attempt> {
        let extrinsic_hash = tx.hash();
        let started = std::time::Instant::now();
        // Refused at submission: the pool never held it, unless it was sent before (its nonce
        // may be used up by this very transaction, included through another node).
        let mut progress = tx.submit_and_watch().await.map_err(|e| {
            if resent {
                Attempt::unsafe_(ChainError::Unconfirmed {
                    message: format!(
                        "the node declared it invalid, and sending it again failed: {e}"
                    ),
                })
            } else {
                Attempt::safe(e.into())
            }
        })?;
        let mut follow = Follow::new(self.wait);
        let mut last_block: Option<(H256, u64)> = None;
        while let Some(status) = progress.next().await {
            // The connection broke while the pool may hold it: never signed again, and
            // reported as an outcome not known yet.
            let status = status.map_err(|e| Attempt::unsafe_(lost(last_block, e.into())))?;
            let next = follow.step(status_of(&status));
            match next {
                Next::Wait => {}
                Next::ReportInBlock(hash) => {
                    self.step("submit until in a best block", started);
                    let number = self
                        .block_number(hash)
                        .await
                        .map_err(|e| Attempt::unsafe_(lost(last_block, e)))?;
                    last_block = Some((hash, number));
                    self.report(Progress::InBlock { number, hash });
                }
                Next::ReportRetracted => self.report(Progress::Retracted {
                    number: last_block.map(|(_, n)| n).unwrap_or_default(),
                }),
                Next::Done { block, finalized } => {
                    self.step(
                        if finalized {
                            "submit until finalized"
                        } else {
                            "submit until in a best block"
                        },
                        started,
                    );
                    let in_block = match status {
                        TxStatus::InBestBlock(b) | TxStatus::InFinalizedBlock(b) => b,
                        _ => unreachable_in_block().map_err(Attempt::unsafe_)?,
                    };
                    return self
                        .landed(in_block, block, finalized, extrinsic_hash, cost)
                        .await
                        .map_err(Attempt::unsafe_);
                }
                // Given up on after a block: whether it stands is the chain's to say.
                Next::Retracted(message) => {
                    return self
                        .settle(last_block, message, extrinsic_hash, cost)
                        .await
                        .map_err(|e| Attempt::unsafe_(unreachable_is_lost(last_block, e)));
                }
                // Dropped or invalid before any block: not executed, and not to be.
                Next::NotIncluded(message) => {
                    return Err(Attempt::safe(ChainError::NotIncluded(message)))
                }
                // Where it was in a block, the chain says whether that block stands; if it left
                // the chain, or there was none, the same bytes may go again.
                Next::Invalid(message) => {
                    return match self.settle(last_block, message, extrinsic_hash, cost).await {
                        Err(e @ (ChainError::Retracted { .. } | ChainError::NotIncluded(_))) => {
                            Err(Attempt::resend(e))
                        }
                        other => {
                            other.map_err(|e| Attempt::unsafe_(unreachable_is_lost(last_block, e)))
                        }
                    };
                }
            }
        }
        match follow.ended() {
            Next::Retracted(message) => self
                .settle(last_block, message, extrinsic_hash, cost)
                .await
                .map_err(|e| Attempt::unsafe_(unreachable_is_lost(last_block, e))),
            _ => Err(Attempt::unsafe_(ChainError::Unconfirmed {
                message: "the node closed the subscription".into(),
            })),
        }
    }

    /// The outcome of a transaction that was in block `last` when the node stopped reporting on
    /// it (`message`): on the finalized chain (its events read again), retracted (that block is
    /// no longer the chain's at its height), or not known yet (still only in a best block).
    async fn settle(
        &self,
        last: Option<(H256, u64)>,
        message: String,
        extrinsic_hash: H256,
        cost: Cost,
    ) -> Result<Inclusion> {
        let Some((hash, number)) = last else {
            return Err(ChainError::NotIncluded(message));
        };
        let canonical = self.block_hash(number).await?;
        if canonical != Some(hash) {
            return Err(ChainError::Retracted {
                block: number,
                message,
            });
        }
        let finalized = self.head(true).await?;
        if number > finalized {
            return Err(ChainError::Unsettled {
                block: number,
                message,
            });
        }
        let Some((extrinsic_index, events)) = self.extrinsic_in(hash, extrinsic_hash).await? else {
            return Err(ChainError::decode(
                "the finalized block",
                "the transaction is not in it",
            ));
        };
        let failed = events
            .iter()
            .flatten()
            .any(|e| e.pallet_name() == "System" && e.variant_name() == "ExtrinsicFailed");
        if failed {
            return Err(ChainError::decode(
                "the transaction's outcome",
                format!("it failed in block #{number}"),
            ));
        }
        Ok(Inclusion {
            block_hash: hash,
            block_number: number,
            finalized: true,
            extrinsic_index,
            extrinsic_hash,
            events,
            attempts: 1,
            cost,
        })
    }

    async fn landed(
        &self,
        in_block: TxInBlock<PolkadotConfig, OnlineClient<PolkadotConfig>>,
        block_hash: H256,
        finalized: bool,
        extrinsic_hash: H256,
        cost: Cost,
    ) -> Result<Inclusion> {
        let started = std::time::Instant::now();
        let events = match in_block.wait_for_success().await {
            Ok(events) => events,
            Err(subxt::Error::Runtime(err)) => {
                // It failed, but in a block: its fee is paid and it is public.
                if let Ok(block) = self.block_number(block_hash).await {
                    self.report(Progress::Landed {
                        what: "a transaction that failed in its block",
                        block,
                        index: None,
                    });
                }
                return Err(ChainError::Dispatch(
                    crate::dispatch::DispatchFailure::from_subxt(&err),
                ));
            }
            Err(other) => return Err(other.into()),
        };
        let block_number = self.block_number(block_hash).await?;
        self.step("events and block number", started);
        Ok(Inclusion {
            block_hash,
            block_number,
            finalized,
            extrinsic_index: events.extrinsic_index(),
            extrinsic_hash,
            events,
            attempts: 1,
            cost,
        })
    }
}

fn unreachable_in_block<T>() -> Result<T> {
    Err(ChainError::decode(
        "the transaction status",
        "done without a block",
    ))
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

#[cfg(test)]
mod tests {
    use super::*;

    const A: H256 = H256([1; 32]);
    const B: H256 = H256([2; 32]);

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
    fn a_transaction_let_go_is_unknown_until_its_mortality_ends_works() {
        let signed = |error| Attempt {
            valid_until: Some(70),
            ..Attempt::safe(error)
        };
        // dropped before any block, or in a block that was retracted: it may still land
        for error in [
            ChainError::NotIncluded("dropped".into()),
            ChainError::Retracted {
                block: 7,
                message: "dropped".into(),
            },
        ] {
            let outcome = signed(error).outcome();
            assert!(
                matches!(&outcome, ChainError::MayLand { until: 70, .. }),
                "{outcome:?}"
            );
            assert!(outcome.to_string().contains("valid until block #70"));
        }
        // its nonce taken by another transaction: it can never land
        let clash = ChainError::NotIncluded("Transaction is outdated".into());
        assert!(matches!(
            signed(clash).outcome(),
            ChainError::NotIncluded(_)
        ));
        // never signed: nothing can land
        assert!(matches!(
            Attempt::safe(ChainError::NotIncluded("x".into())).outcome(),
            ChainError::NotIncluded(_)
        ));
    }

    #[test]
    fn a_broken_connection_is_an_unknown_outcome_works() {
        let broken = || ChainError::NotIncluded("connection reset".into());
        // in no block yet: it may still be included by another node
        let unconfirmed = lost(None, broken());
        assert!(
            matches!(&unconfirmed, ChainError::Unconfirmed { message } if message.contains("connection reset")),
            "{unconfirmed:?}"
        );
        assert!(unconfirmed.to_string().contains("may still include it"));
        // a node that cannot be asked about the block is the same unknown
        let gone = subxt::Error::Other("connection closed".into());
        assert!(matches!(
            unreachable_is_lost(Some((A, 7)), ChainError::Node(Box::new(gone))),
            ChainError::Unsettled { block: 7, .. }
        ));
        let retracted = ChainError::Retracted {
            block: 7,
            message: "dropped".into(),
        };
        assert!(matches!(
            unreachable_is_lost(Some((A, 7)), retracted),
            ChainError::Retracted { .. }
        ));
        // in a best block: that block may still be finalized
        let unsettled = lost(Some((A, 7)), broken());
        assert!(
            matches!(unsettled, ChainError::Unsettled { block: 7, .. }),
            "{unsettled:?}"
        );
    }

    fn run(wait: Wait, statuses: &[Status]) -> Vec<Next> {
        let mut follow = Follow::new(wait);
        statuses.iter().map(|s| follow.step(s.clone())).collect()
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

    #[test]
    fn best_block_is_enough_when_asked_works() {
        let steps = run(Wait::Best, &[Status::Pending, Status::InBestBlock(A)]);
        assert_eq!(
            steps.last(),
            Some(&Next::Done {
                block: A,
                finalized: false
            })
        );
    }

    #[test]
    fn finalized_waits_past_the_best_block_works() {
        let steps = run(
            Wait::Finalized,
            &[
                Status::Pending,
                Status::InBestBlock(A),
                Status::InFinalizedBlock(A),
            ],
        );
        assert_eq!(steps[1], Next::ReportInBlock(A));
        assert_eq!(
            steps[2],
            Next::Done {
                block: A,
                finalized: true
            }
        );
    }

    #[test]
    fn reincluded_after_retraction_works() {
        // in block A, A retracted, then in B and B finalized: done in B
        let steps = run(
            Wait::Finalized,
            &[
                Status::InBestBlock(A),
                Status::NoLongerInBestBlock,
                Status::InBestBlock(B),
                Status::InFinalizedBlock(B),
            ],
        );
        assert_eq!(steps[1], Next::ReportRetracted);
        assert_eq!(
            steps[3],
            Next::Done {
                block: B,
                finalized: true
            }
        );
    }

    #[test]
    fn retracted_and_dropped_is_never_done_fails() {
        // in block A, then the pool gives up on it: retracted, not stored
        let steps = run(
            Wait::Finalized,
            &[
                Status::InBestBlock(A),
                Status::NoLongerInBestBlock,
                Status::Gone("Transaction was dropped".into()),
            ],
        );
        assert_eq!(
            steps.last(),
            Some(&Next::Retracted("Transaction was dropped".into()))
        );
        // and a subscription that ends after a best block is not a finalized write either
        let mut follow = Follow::new(Wait::Finalized);
        follow.step(Status::InBestBlock(A));
        assert!(matches!(follow.ended(), Next::Retracted(_)));
    }

    #[test]
    fn declared_invalid_before_any_block_is_sent_again_works() {
        // a parachain's block author dropped it (its nonce ran ahead of a retracted block):
        // the same signed bytes may go again
        let steps = run(Wait::Finalized, &[Status::Invalid("Invalid".into())]);
        assert_eq!(steps, vec![Next::Invalid("Invalid".into())]);
        // and after a block too (that block may have left the chain: the chain is asked)
        let steps = run(
            Wait::Finalized,
            &[Status::InBestBlock(A), Status::Invalid("Invalid".into())],
        );
        assert_eq!(steps[1], Next::Invalid("Invalid".into()));
    }

    #[test]
    fn dropped_before_any_block_is_not_included_fails() {
        let steps = run(Wait::Finalized, &[Status::Gone("Dropped".into())]);
        assert_eq!(steps, vec![Next::NotIncluded("Dropped".into())]);
        assert!(matches!(
            Follow::new(Wait::Best).ended(),
            Next::NotIncluded(_)
        ));
    }
}
