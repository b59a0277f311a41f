//! One account acting on one patient's chart through one ehr contract: the value every
//! operation of the library is called on.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use ehr::{RecordId, VersionId};
use ehr_chain::{AccountId32, EhrContract, Signer};
use ehr_envelope::{Content, EncryptionSecret};
use zeroize::Zeroizing;

use crate::error::Result;
use crate::home::pending::{self, Pending};
use crate::progress::Progress;
use crate::records::chart::ChartVersion;
use crate::records::erase::Erased;
use crate::records::resume::Resumed;
use crate::records::shared::{Dropped, Shared};
use crate::records::upload::{Target, Uploaded};
use crate::records::{self};
use crate::trust::Trust;

/// The contract, the signer (and the secret its encryption key derives from), the patient
/// whose chart it acts on (itself, or a patient it is a doctor or guardian for), the home
/// directory and where progress goes.
pub struct Chart {
    contract: EhrContract,
    signer: Signer,
    secret_uri: Zeroizing<String>,
    patient: AccountId32,
    home: PathBuf,
    progress: Arc<dyn Progress>,
}

impl Chart {
    /// `secret_uri` signs (`Signer::from_uri`) and derives the signer's encryption key.
    pub fn new(
        contract: EhrContract,
        secret_uri: Zeroizing<String>,
        patient: Option<AccountId32>,
        home: PathBuf,
        progress: Arc<dyn Progress>,
    ) -> Result<Self> {
        let signer = Signer::from_uri(&secret_uri)?;
        let patient = patient.unwrap_or_else(|| signer.account_id());
        Ok(Self {
            contract,
            signer,
            secret_uri,
            patient,
            home,
            progress,
        })
    }

    pub fn contract(&self) -> &EhrContract {
        &self.contract
    }

    pub fn signer(&self) -> &Signer {
        &self.signer
    }

    /// The signer's account.
    pub fn me(&self) -> AccountId32 {
        self.signer.account_id()
    }

    /// The patient whose chart this is.
    pub fn patient(&self) -> &AccountId32 {
        &self.patient
    }

    pub fn home(&self) -> &Path {
        &self.home
    }

    pub fn progress(&self) -> &dyn Progress {
        self.progress.as_ref()
    }

    /// An account written in the chain's form or the generic one (as the journal keeps them).
    pub fn account(&self, address: &str) -> Result<AccountId32> {
        Ok(self.contract.client().address_format().parse(address)?)
    }

    /// The key pins of this chain and contract.
    pub fn trust(&self) -> Result<Trust> {
        Trust::load(&self.home, &self.contract, self.progress.clone())
    }

    /// The signer's own encryption secret, once the chain is seen to hold its public key.
    pub async fn own_secret(&self) -> Result<EncryptionSecret> {
        crate::trust::own_secret(&self.contract, &self.me(), &self.secret_uri).await
    }

    /// Registers the signer as a patient, with the encryption key its secret derives.
    pub async fn register_patient(&self) -> Result<ehr_chain::Inclusion> {
        let key = EncryptionSecret::from_secret_uri(&self.secret_uri)?.public_key();
        let msg = self.contract.register_patient(key);
        let _busy = self.progress.busy("registering patient");
        Ok(self.contract.execute(&self.signer, &msg).await?.1)
    }

    /// Seals `content` for every reader who may read it and uploads it as a new record or the
    /// next version of one (see `records::upload`).
    pub async fn upload(&self, target: Target, content: &Content) -> Result<Uploaded> {
        let own_key = self.own_secret().await?.public_key();
        records::upload::upload(self, own_key, target, content).await
    }

    /// The signer's journaled, unfinished uploads to this contract.
    pub fn pending_uploads(&self) -> Result<Vec<Pending>> {
        pending::of(&self.home, &self.contract, &self.me())
    }

    /// Finishes a journaled upload (see `records::resume`).
    pub async fn resume(&self, pending: &Pending) -> Result<Resumed> {
        records::resume::resume(self, pending).await
    }

    /// A record of the chart, the number of its version `version` (`None`: the latest) and
    /// that version's metadata.
    pub async fn locate(
        &self,
        record: RecordId,
        version: Option<VersionId>,
    ) -> Result<(ehr::Record, VersionId, ehr::Version)> {
        records::download::locate(&self.contract, &self.me(), &self.patient, record, version).await
    }

    /// A version's ciphertext, checked against its hash.
    pub async fn download(
        &self,
        record: RecordId,
        version: VersionId,
        info: &ehr::Version,
    ) -> Result<Vec<u8>> {
        let me = self.me();
        records::download::download(
            self.progress(),
            &self.contract,
            &me,
            &self.patient,
            record,
            version,
            info,
        )
        .await
    }

    /// Opens a version (`None`: the latest), the read logged first when the signer is not the
    /// patient (see `records::view`).
    pub async fn view(
        &self,
        record: RecordId,
        version: Option<VersionId>,
    ) -> Result<crate::records::view::Opened> {
        records::view::view(self, record, version).await
    }

    /// Every version of the chart, opened where the signer may (see `records::chart`).
    pub async fn read_all<E: From<crate::ClientError>>(
        &self,
        secret: &EncryptionSecret,
        visit: impl FnMut(ChartVersion) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        records::chart::read(self, secret, visit).await
    }

    /// Erases a version of the signer's own chart and frees its chunks.
    pub async fn erase(&self, record: RecordId, version: VersionId) -> Result<Erased> {
        records::erase::erase(self, record, version).await
    }

    /// Wraps the keys of every version each reader may read and lacks.
    pub async fn share_all(&self) -> Result<Shared> {
        records::sharing::share_all(self).await
    }

    /// Drops the keys of every reader of the signer's chart who may no longer read.
    pub async fn prune(&self) -> Result<Vec<Dropped>> {
        records::sharing::prune(self).await
    }
}
