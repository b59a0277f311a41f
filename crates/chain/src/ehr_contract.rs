//! The ehr contract as the client sees it: deploy, typed messages, dry-run-then-submit.

use crate::client::Client;
use crate::contracts_api::{DryRun, StorageDeposit, Weight};
use crate::cost::Cost;
use crate::dispatch::DispatchFailure;
use crate::error::{ChainError, Result};
use crate::extrinsics::{CallTx, InstantiateWithCodeTx, Instantiated};
use crate::message::{contract_result, Message};
use crate::signer::Signer;
use crate::tx::Inclusion;
use ehr::EhrRef;
use ink::env::call::FromAccountId;
use parity_scale_codec::{Compact, Decode};
use subxt::utils::{AccountId32, MultiAddress};

/// Extra weight and deposit on top of the dry run's figures, in percent.
const MARGIN_PERCENT: u64 = 10;

/// A deployed contract.
#[derive(Debug)]
pub struct Deployed {
    /// The new contract's address.
    pub address: AccountId32,
    /// Where the instantiation landed.
    pub inclusion: Inclusion,
    /// The dry run's weight and deposit.
    pub gas_required: Weight,
    /// Deposit charged for code and storage.
    pub storage_deposit: StorageDeposit,
}

/// The ehr contract at an address.
#[derive(Clone)]
pub struct EhrContract {
    client: Client,
    address: AccountId32,
}

/// Converts a subxt account id to the contract's.
pub fn ink_account(a: &AccountId32) -> ink::primitives::AccountId {
    ink::primitives::AccountId::from(a.0)
}

impl EhrContract {
    /// The contract at `address`.
    pub fn at(client: Client, address: AccountId32) -> Self {
        Self { client, address }
    }

    /// The contract's address.
    pub fn address(&self) -> &AccountId32 {
        &self.address
    }

    /// The client this contract talks through.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// Uploads `wasm` and instantiates it with the `new` constructor.
    pub async fn deploy(
        client: &Client,
        signer: &Signer,
        wasm: &[u8],
        salt: &[u8],
    ) -> Result<Deployed> {
        let ctor = EhrRef::new()
            .code_hash(Default::default())
            .endowment(0)
            .salt_bytes(Vec::<u8>::new())
            .params();
        let data = parity_scale_codec::Encode::encode(ctor.exec_input());
        instantiate(client, signer, wasm, &data, salt).await
    }

    /// Checks that the address holds an ehr contract: asks it a question only ehr answers
    /// (`is_registrar`), so a wrong address fails here, before anything is signed.
    pub async fn ensure_ehr(&self) -> Result<()> {
        let probe = self.is_registrar(&AccountId32([0; 32]));
        match self.query(&self.address, &probe).await {
            Ok(_) => Ok(()),
            Err(ChainError::Dispatch(e)) if e.is_contracts(&["ContractTrapped"]) => {
                Err(ChainError::NotEhr(format!(
                    "the contract at {} is not an ehr contract (it trapped on ehr's messages)",
                    self.address
                )))
            }
            Err(ChainError::Lang(_) | ChainError::Reverted(_) | ChainError::Decode { .. }) => {
                Err(ChainError::NotEhr(format!(
                    "the contract at {} is not an ehr contract (it does not answer ehr's messages)",
                    self.address
                )))
            }
            Err(e) => Err(e),
        }
    }

    /// The contract's ink!-generated call builder, at this address.
    pub(crate) fn builder(&self) -> EhrRef {
        <EhrRef as FromAccountId<ink::env::DefaultEnvironment>>::from_account_id(ink_account(
            &self.address,
        ))
    }

    /// Dry-runs a message as `origin` and decodes its answer.
    pub async fn dry_run<R: Decode>(
        &self,
        origin: &AccountId32,
        msg: &Message<R>,
    ) -> Result<DryRun<R>> {
        let started = std::time::Instant::now();
        let dry = match self
            .client
            .dry_run_call(origin, &self.address, msg.data())
            .await
        {
            Err(ChainError::Dispatch(e)) if e.is_contracts(&["ContractNotFound"]) => {
                return Err(ChainError::NotEhr(format!(
                    "there is no contract at {}",
                    self.address
                )))
            }
            other => other?,
        };
        self.client.step("dry run", started);
        if dry.value.reverted() && dry.value.data.is_empty() {
            return Err(ChainError::Reverted(format!(" on `{}`", msg.name)));
        }
        let value = msg.decode_output(&dry.value.data)?;
        Ok(DryRun {
            gas_consumed: dry.gas_consumed,
            gas_required: dry.gas_required,
            storage_deposit: dry.storage_deposit,
            debug_message: dry.debug_message,
            value,
        })
    }

    /// Dry-runs a state-changing message (refusing it if the contract would), checks the
    /// signer can pay its fee and deposit, then signs, submits and waits (see `Client::submit`).
    pub async fn execute<T: Decode>(
        &self,
        signer: &Signer,
        msg: &Message<core::result::Result<T, ehr::Error>>,
    ) -> Result<(T, Inclusion)> {
        let origin = signer.account_id();
        let dry = match self.dry_run(&origin, msg).await {
            Err(ChainError::Dispatch(e)) if is_out_of_deposit(&e) => {
                return Err(self.client.cannot_pay_deposit(&origin).await)
            }
            other => other?,
        };
        let value = contract_result(dry.value)?;
        let tx = |deposit_limit: u128| {
            subxt::tx::DefaultPayload::new(
                "Contracts",
                "call",
                CallTx {
                    dest: MultiAddress::Id(self.address.clone()),
                    value: Compact(0),
                    gas_limit: dry.gas_required.with_margin(MARGIN_PERCENT).into(),
                    storage_deposit_limit: Some(Compact(deposit_limit)),
                    data: msg.data().to_vec(),
                },
            )
        };
        let cost = Cost {
            deposit: dry.storage_deposit.charge(),
            ..Cost::default()
        };
        match self.client.submit_with_deposit(tx, signer, cost).await {
            Ok(inclusion) => {
                self.client.report_landed(msg.name, &inclusion);
                Ok((value, inclusion))
            }
            // The chain changed between the dry run and the block (e.g. another client took the
            // record id): ask again to name the contract's reason instead of "reverted".
            Err(ChainError::Dispatch(failure)) if failure.is_contracts(&["ContractReverted"]) => {
                match self.dry_run(&signer.account_id(), msg).await?.value {
                    Err(e) => Err(ChainError::ContractInBlock(e)),
                    Ok(_) => Err(ChainError::Dispatch(failure)),
                }
            }
            Err(e) => Err(e),
        }
    }

    /// Reads through a dry run as `origin` (nothing is signed or stored).
    pub async fn query<R: Decode>(&self, origin: &AccountId32, msg: &Message<R>) -> Result<R> {
        Ok(self.dry_run(origin, msg).await?.value)
    }

    /// Reads a whole paged list whose length the chain does not say (e.g. the doctors'
    /// directory): page after page with `page(from, limit)` until one comes back short. Pages
    /// are read one at a time, since each says whether there is another.
    pub async fn query_all<T, F>(&self, origin: &AccountId32, page: F) -> Result<Vec<T>>
    where
        T: Decode,
        F: Fn(u32, u32) -> Message<core::result::Result<Vec<T>, ehr::Error>>,
    {
        let size = ehr::limits::MAX_PAGE;
        let mut all = Vec::new();
        let mut from = 0u32;
        loop {
            let items = contract_result(self.query(origin, &page(from, size)).await?)?;
            let full = items.len() >= size as usize;
            all.extend(items);
            if !full {
                return Ok(all);
            }
            from = from.saturating_add(size);
        }
    }

    /// Reads a whole paged list whose length is known (`len` items from index `first`), page by
    /// page with `page(from, limit)`, `PARALLEL_PAGES` queries in flight at once; the pages are
    /// independent dry runs, so this is as fast as the node answers them side by side. Items
    /// come back in order.
    pub async fn query_pages<T, F>(
        &self,
        origin: &AccountId32,
        first: u64,
        len: u64,
        page: F,
    ) -> Result<Vec<T>>
    where
        T: Decode,
        F: Fn(u64, u32) -> Message<core::result::Result<Vec<T>, ehr::Error>>,
    {
        use subxt::ext::futures::{stream, StreamExt, TryStreamExt};
        let size = u64::from(ehr::limits::MAX_PAGE);
        let starts = (0..len.div_ceil(size)).map(|i| first + i * size);
        let end = first + len;
        let pages: Vec<Vec<T>> = stream::iter(starts)
            .map(|from| {
                let limit = u32::try_from((end - from).min(size)).unwrap_or(ehr::limits::MAX_PAGE);
                let msg = page(from, limit);
                async move { contract_result(self.query(origin, &msg).await?) }
            })
            .buffered(PARALLEL_PAGES)
            .try_collect()
            .await?;
        Ok(pages.into_iter().flatten().collect())
    }
}

/// Page queries `query_pages` keeps in flight.
const PARALLEL_PAGES: usize = 8;

/// Uploads `wasm` and instantiates it with the constructor call `data` (selector and arguments):
/// any ink! contract, e.g. a test fixture next to ehr. Dry-runs first.
pub async fn instantiate(
    client: &Client,
    signer: &Signer,
    wasm: &[u8],
    data: &[u8],
    salt: &[u8],
) -> Result<Deployed> {
    let origin = signer.account_id();
    let dry = match client.dry_run_instantiate(&origin, wasm, data, salt).await {
        Err(ChainError::Dispatch(e)) if is_out_of_deposit(&e) => {
            return Err(client.cannot_pay_deposit(&origin).await)
        }
        other => other?,
    };
    if dry.value.result.reverted() {
        return Err(ChainError::Reverted(" in its constructor".into()));
    }
    let gas = dry.gas_required.with_margin(MARGIN_PERCENT);
    let tx = |deposit_limit: u128| {
        subxt::tx::DefaultPayload::new(
            "Contracts",
            "instantiate_with_code",
            InstantiateWithCodeTx {
                value: Compact(0),
                gas_limit: gas.into(),
                storage_deposit_limit: Some(Compact(deposit_limit)),
                code: wasm.to_vec(),
                data: data.to_vec(),
                salt: salt.to_vec(),
            },
        )
    };
    let cost = Cost {
        deposit: dry.storage_deposit.charge(),
        ..Cost::default()
    };
    let inclusion = client.submit_with_deposit(tx, signer, cost).await?;
    client.report_landed("instantiate_with_code", &inclusion);
    let address = inclusion
        .events
        .find_first::<Instantiated>()?
        .map(|e| e.contract)
        .ok_or_else(|| ChainError::decode("the deployment", "no Contracts::Instantiated event"))?;
    Ok(Deployed {
        address,
        inclusion,
        gas_required: dry.gas_required,
        storage_deposit: dry.storage_deposit,
    })
}

/// True when a dry run failed because the origin cannot pay the storage deposit (the dry run's
/// deposit limit is the origin's balance).
fn is_out_of_deposit(failure: &DispatchFailure) -> bool {
    failure.is_contracts(&[
        "StorageDepositLimitExhausted",
        "StorageDepositNotEnoughFunds",
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contracts(variant: &str) -> DispatchFailure {
        DispatchFailure {
            module: Some(("Contracts".into(), variant.into())),
            text: variant.into(),
        }
    }

    #[test]
    fn out_of_deposit_errors_are_recognised_works() {
        assert!(is_out_of_deposit(&contracts(
            "StorageDepositLimitExhausted"
        )));
        assert!(is_out_of_deposit(&contracts(
            "StorageDepositNotEnoughFunds"
        )));
        assert!(!is_out_of_deposit(&contracts("ContractTrapped")));
    }
}
