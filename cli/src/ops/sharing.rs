//! Sharing data keys with readers: the one step behind `access sync`, grant, approve,
//! guardian add and emergency enable.

use crate::context::Context;
use crate::ops::readers::{emergency_reader, grant_readers, guardian_readers};
use crate::ops::records::Shared;
use anyhow::Result;
use ehr_chain::{AccountId32, EhrContract, Signer};

/// Wraps the keys of every version each reader may read and lacks: doctors whose grant lasts,
/// the patient's guardians and the current emergency key of a patient who opted in. The one
/// sharing step of `access sync`, grant, approve, guardian add and emergency enable, so a new
/// reader gets its keys and every other reader what it lacked (e.g. a version another doctor
/// wrote since). A version that cannot be shared is reported and the rest are shared.
pub async fn share_all(
    ctx: &Context,
    contract: &EhrContract,
    signer: &Signer,
    patient: &AccountId32,
) -> Result<Shared> {
    let me = signer.account_id();
    let secret = ctx.own_secret(contract).await?;
    let trust = ctx.trust(contract)?;
    let mut readers = grant_readers(contract, &trust, &me, patient, None).await?;
    readers.extend(guardian_readers(contract, &trust, &me, patient).await?);
    readers.extend(emergency_reader(contract, &trust, &me, patient).await?);
    let mut shared = Shared::default();
    for reader in &readers {
        crate::ops::records::share_with(
            &ctx.out,
            contract,
            signer,
            &secret,
            patient,
            reader,
            &mut shared,
        )
        .await?;
    }
    Ok(shared)
}
