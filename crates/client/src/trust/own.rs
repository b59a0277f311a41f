//! The signer's own key: derived from its secret, never taken from the chain, and checked
//! against what the chain holds for the account before anything is wrapped or unwrapped.

use ehr_chain::{AccountId32, EhrContract};
use ehr_envelope::EncryptionSecret;

use super::fingerprint;
use crate::error::{ClientError, Result};
use crate::query::ask;

/// The signer's encryption secret, derived from `suri`, once the chain is seen to hold the same
/// key for the account (as patient and as doctor, where it is registered as either).
pub async fn own_secret(
    contract: &EhrContract,
    me: &AccountId32,
    suri: &str,
) -> Result<EncryptionSecret> {
    let secret = EncryptionSecret::from_secret_uri(suri)?;
    let own = secret.public_key();
    let as_patient = ask(contract, me, contract.patient(me))
        .await
        .ok()
        .map(|p| p.encryption_key);
    let as_doctor = ask(contract, me, contract.doctor(me))
        .await
        .ok()
        .map(|d| d.encryption_key);
    if as_patient.is_none() && as_doctor.is_none() {
        return Err(ClientError::OwnKeyUnregistered(me.clone()));
    }
    if let Some(chain) = [as_patient, as_doctor]
        .into_iter()
        .flatten()
        .find(|k| *k != own)
    {
        return Err(ClientError::OwnKeyMismatch {
            account: me.clone(),
            registered: fingerprint(&chain),
            derived: fingerprint(&own),
        });
    }
    Ok(secret)
}
