//! The yardstick: the ink-examples-style ERC-20 of contracts/erc20, deployed on the same node.

use ehr_bench_erc20::{Erc20Ref, Error};
use ehr_chain::{AccountId32, Client, EhrContract, Message, Signer};
use ink::codegen::TraitCallBuilder;
use ink::env::call::FromAccountId;
use std::path::PathBuf;

/// The artifact `scripts/build-contract --with-fixtures` writes.
pub fn wasm() -> PathBuf {
    let dir = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .expect("CARGO_TARGET_DIR (source scripts/env)");
    let path = dir.join("ink/ehr_bench_erc20/ehr_bench_erc20.wasm");
    assert!(
        path.is_file(),
        "{} missing: run scripts/build-contract --with-fixtures",
        path.display()
    );
    path
}

/// Deploys the token with `supply` minted to `signer`. The returned handle only dry-runs
/// (`EhrContract::dry_run` works on any contract's messages).
pub async fn deploy(client: &Client, signer: &Signer, supply: u128) -> EhrContract {
    let ctor = Erc20Ref::new(supply)
        .code_hash(Default::default())
        .endowment(0)
        .salt_bytes(Vec::<u8>::new())
        .params();
    let data = parity_scale_codec::Encode::encode(ctor.exec_input());
    let code = std::fs::read(wasm()).expect("read the ERC-20 artifact");
    let deployed = ehr_chain::instantiate(client, signer, &code, &data, b"bench")
        .await
        .expect("deploy the ERC-20");
    EhrContract::at(client.clone(), deployed.address)
}

/// `transfer(to, value)` as a typed message.
pub fn transfer(token: &EhrContract, to: &AccountId32, value: u128) -> Message<Result<(), Error>> {
    let mut r = <Erc20Ref as FromAccountId<ink::env::DefaultEnvironment>>::from_account_id(
        ehr_chain::ink_account(token.address()),
    );
    Message::from_builder(
        "transfer",
        r.call_mut().transfer(ehr_chain::ink_account(to), value),
    )
}
