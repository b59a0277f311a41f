//! Opening a version: with the reader's own key or, for a doctor whose break-glass is in
//! force and whose custodians both released their shares, with the patient's emergency key.

use ehr_chain::{AccountId32, EhrContract};
use ehr_envelope::{EncryptionSecret, RecordContext};

use crate::error::{ClientError, Result};
use crate::query::ask;

/// Decrypts a version with the reader's own key or, for a doctor whose break-glass is in force
/// and whose custodians both released their shares, with the patient's emergency key.
pub async fn open_version(
    contract: &EhrContract,
    me: &AccountId32,
    secret: &EncryptionSecret,
    patient: &AccountId32,
    rctx: &RecordContext,
    body: &[u8],
    wrap: &[u8],
) -> Result<ehr_envelope::Content> {
    let own_err = match ehr_envelope::open(rctx, body, wrap, secret) {
        Ok(plaintext) => return Ok(plaintext),
        Err(e) => e,
    };
    let Some(emergency) = emergency_shares(contract, me, patient).await? else {
        return Err(own_err.into());
    };
    let mut shares = Vec::with_capacity(2);
    for (index, wrapped) in emergency.released.iter().enumerate() {
        let ctx = emergency_share_context(contract, patient, emergency.generation, index as u8);
        shares.push(
            ehr_envelope::unwrap_share(&ctx, wrapped, secret)
                .map_err(ClientError::ShareDoesNotOpen)?,
        );
    }
    // The contract holds exactly two shares per break-glass.
    let [first, second]: [ehr_envelope::KeyShare; 2] =
        shares.try_into().map_err(|_| ClientError::SharesMissing {
            patient: patient.clone(),
            doctor: me.clone(),
        })?;
    let key = ehr_envelope::join_shares(&[first, second]);
    ehr_envelope::open(rctx, body, wrap, &key).map_err(ClientError::EmergencyKeyDoesNotOpen)
}

/// Whether `me` can open a version wrapped as `wrap` before anything about it is logged: with
/// its own key, or as a doctor whose break-glass is in force and whose custodians both released
/// their shares. Refuses (nothing sent) when the shares are not both there yet.
pub async fn ensure_can_open(
    contract: &EhrContract,
    me: &AccountId32,
    secret: &EncryptionSecret,
    patient: &AccountId32,
    rctx: &RecordContext,
    wrap: &[u8],
) -> Result<()> {
    if ehr_envelope::unwrap_key(rctx, wrap, secret).is_ok() {
        return Ok(());
    }
    emergency_shares(contract, me, patient).await?;
    Ok(())
}

/// `me`'s break-glass on `patient` with both shares released (`None`: no break-glass in force);
/// an error when one share is still missing.
async fn emergency_shares(
    contract: &EhrContract,
    me: &AccountId32,
    patient: &AccountId32,
) -> Result<Option<ehr::Emergency>> {
    let Ok(emergency) = ask(contract, me, contract.emergency(patient, me)).await else {
        return Ok(None);
    };
    if emergency.released.iter().any(Vec::is_empty) {
        return Err(ClientError::SharesMissing {
            patient: patient.clone(),
            doctor: me.clone(),
        });
    }
    Ok(Some(emergency))
}

/// The context a share of `patient`'s emergency key is wrapped under on this chain and contract.
pub fn emergency_share_context(
    contract: &EhrContract,
    patient: &AccountId32,
    generation: u32,
    index: u8,
) -> RecordContext {
    ehr_envelope::share_context(
        contract.client().genesis_hash().0,
        contract.address().0,
        patient.0,
        generation,
        index,
    )
}
