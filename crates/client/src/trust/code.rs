//! Which contract code the client trusts: the ehr contract this client was built for (its code
//! hash compiled in, see `build.rs`), or code its user deployed or accepted on that chain
//! (`ehr deploy`, remembered in the home's deployments), checked by code hash before anything
//! is sent to an address. An address that runs other code (an impostor answering ehr's
//! messages included) is refused.

use ehr_chain::{AccountId32, ChainError, Client, EhrContract};
use std::path::Path;

use crate::error::Result;
use crate::home::{deployments::Deployments, verified};

/// The code hash (`0x…`) of the ehr contract built next to this client, when there was one.
pub const BUILT_FOR: Option<&str> = option_env!("EHR_CONTRACT_CODE_HASH");

/// Where that contract's artifact was when this client was built (absolute), if it was.
pub const ARTIFACT: Option<&str> = option_env!("EHR_CONTRACT_ARTIFACT");

/// The ehr contract at `address`, once its code is shown to be one this client trusts. The
/// answer for the code it was built for is cached in `home` (it cannot change: see
/// `home::verified`); other accepted code is checked every time.
pub async fn trusted_contract(
    home: &Path,
    client: Client,
    address: AccountId32,
) -> Result<EhrContract> {
    let genesis = format!("{:?}", client.genesis_hash());
    let shown = address.to_string();
    if let Some(built_for) = BUILT_FOR {
        if verified::is_known(home, &genesis, &shown, built_for) {
            return Ok(EhrContract::at(client, address));
        }
    }
    let deployments = Deployments::load(home)?;
    let code = client
        .contract_code_hash(&address)
        .await?
        .ok_or_else(|| ChainError::NotEhr(format!("there is no contract at {address}")))?;
    let code = format!("{code:?}");
    let built_for = BUILT_FOR == Some(code.as_str());
    if built_for {
        verified::remember(home, &genesis, &shown, &code);
    }
    let trusted = built_for
        || deployments
            .all(&genesis)
            .any(|d| d.code_hash.as_deref() == Some(code.as_str()));
    if !trusted {
        return Err(ChainError::NotEhr(format!(
            "the contract at {address} is not an ehr contract this CLI trusts: it runs code {code}, not the ehr contract this ehr was built for ({}) nor one you deployed or accepted on this chain. Nothing was sent. If you trust that code, accept the contract with `ehr deploy --existing {address}`",
            BUILT_FOR.unwrap_or("none compiled in")
        ))
        .into());
    }
    Ok(EhrContract::at(client, address))
}
