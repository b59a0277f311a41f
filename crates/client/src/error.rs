//! What went wrong in the client, typed: each variant says what failed in the protocol's
//! terms (and, where it matters, what it leaves behind: nothing sent, a public transaction, a
//! journaled upload), and maps to one exit code that every front end and the tests share.

use ehr::{RecordId, VersionId};
use ehr_chain::{AccountId32, ChainError};
use std::path::PathBuf;

/// Exit code: success.
pub const EXIT_OK: u8 = 0;
/// Exit code: anything not below (bad input, an unreadable file, a key that does not open).
/// Usage errors exit 2 (the argument parser's own code).
pub const EXIT_OTHER: u8 = 1;
/// Exit code: the arguments could not be parsed.
pub const EXIT_USAGE: u8 = 2;
/// Exit code: the contract refused (a rule said no).
pub const EXIT_REFUSED: u8 = 3;
/// Exit code: the node could not be reached or failed.
pub const EXIT_NODE: u8 = 4;
/// Exit code: a transaction of the command landed (fees paid, public), then a later step failed.
pub const EXIT_PARTIAL: u8 = 5;

/// Why a client operation failed.
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    /// The chain client failed: the node, the transaction or the contract's refusal.
    #[error(transparent)]
    Chain(#[from] ChainError),
    /// The record crypto failed (a key that does not open, a bad keystore passphrase).
    #[error(transparent)]
    Envelope(#[from] ehr_envelope::EnvelopeError),
    /// A secret URI from which no encryption key derives.
    #[error(transparent)]
    Key(#[from] ehr_envelope::KeyError),
    /// A keystore file could not be opened (a wrong passphrase, a damaged file).
    #[error(transparent)]
    Keystore(#[from] ehr_envelope::keystore::KeystoreError),
    /// The chain shows a key for an account that differs from the one pinned for it.
    #[error(transparent)]
    KeyChanged(#[from] crate::trust::KeyChanged),
    /// A file could not be read, written, created or removed.
    #[error("cannot {action} {}", path.display())]
    File {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A file of the home directory does not hold what ehr wrote there.
    #[error("{} {advice}", path.display())]
    Invalid {
        path: PathBuf,
        advice: &'static str,
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// A value could not be written as JSON.
    #[error("cannot write JSON: {0}")]
    Json(#[from] serde_json::Error),
    /// There is no home directory to use.
    #[error("HOME is not set; pass --home or set EHR_HOME")]
    NoHome,
    /// A keystore account name that cannot name a file.
    #[error("account names are 1 to 32 letters, digits, '-' or '_' (got {0:?})")]
    AccountName(String),
    /// Content refused before it was sealed (nothing was sent).
    #[error("{0}")]
    Content(String),
    /// The FHIR content does not validate (nothing was sealed or sent).
    #[error("the record was not sealed; nothing was sent. Fix the FHIR resource, or add it with --no-validate (it is then sealed as it is)")]
    Fhir(#[source] crate::fhir::validate::Invalid),
    /// One version holds at most 4 MiB of ciphertext.
    #[error("the file is {bytes} bytes; one record version holds at most {max} (4 MiB of ciphertext, less its encrypted {description}-byte description). Split it into several records. Nothing was sent")]
    TooLarge {
        bytes: usize,
        max: usize,
        description: usize,
    },
    /// A reader's registered key is a low-order point.
    #[error("the encryption key registered for {0} is invalid (a low-order point: anyone could open what is wrapped to it); nothing was sent")]
    LowOrderKey(String),
    /// The account is registered as neither patient nor doctor, so nothing is encrypted for it.
    #[error("{0} is not registered, so nothing is encrypted for it: register with `ehr patient register` or `ehr doctor register`")]
    OwnKeyUnregistered(AccountId32),
    /// The key the chain holds for the signer is not the one its secret derives.
    #[error("the encryption key registered for your account {account} (fingerprint {registered}) is not the one your secret derives ({derived}): what is wrapped to the registered key cannot be opened here, and nothing was sent. If you registered with an earlier ehr (it derived keys differently), publish this key with `ehr account rotate-key` (versions sealed for the old key stay unreadable). If you did not register that key, someone else holds this account's secret")]
    OwnKeyMismatch {
        account: AccountId32,
        registered: String,
        derived: String,
    },
    /// An account (a reader, a guardian, a custodian) has no encryption key on chain.
    #[error("{0} is neither a registered patient nor a registered doctor, so it has no encryption key (it registers with `ehr patient register` or `ehr doctor register`)")]
    NoEncryptionKey(AccountId32),
    /// A lookup of something the operation needs failed (e.g. the patient is not registered).
    #[error("{what}")]
    Lookup {
        what: String,
        #[source]
        source: Box<ClientError>,
    },
    /// A pin in the known-keys file is not a key.
    #[error("{} holds a bad key for {who}", path.display())]
    BadPin { path: PathBuf, who: String },
    /// No ehr contract is known on the connected chain.
    #[error("no ehr contract is known on the chain at {url} (genesis {genesis}): run `ehr deploy`, `ehr contract use <address>`, or pass --contract")]
    NoContract { url: String, genesis: String },
    /// A version cannot be downloaded: erased, or not complete yet.
    #[error("record {record} version {version} was erased by the patient")]
    Erased {
        record: RecordId,
        version: VersionId,
    },
    #[error("record {record} version {version} is still being uploaded ({stored} of {length} bytes); try again when its author has finished (its author finishes a cut-off upload with `ehr record resume`)")]
    Incomplete {
        record: RecordId,
        version: VersionId,
        stored: u32,
        length: u32,
    },
    /// The stored ciphertext does not match the hash its author recorded.
    #[error("record {record} version {version} failed its integrity check: the stored ciphertext does not match the hash its author recorded. Nothing was decrypted")]
    IntegrityFailed {
        record: RecordId,
        version: VersionId,
    },
    /// A version's key is the patient's emergency key, and a custodian's share is missing.
    #[error("this record's key is the patient's emergency key, and its custodians have not both released their shares to you yet: ask them to run `ehr emergency release --patient {patient} --doctor {doctor}`. Nothing was sent")]
    SharesMissing {
        patient: AccountId32,
        doctor: AccountId32,
    },
    /// A released share of the emergency key does not open.
    #[error("a released share of the emergency key does not open with your key")]
    ShareDoesNotOpen(#[source] ehr_envelope::EnvelopeError),
    /// The joined emergency key does not open the version.
    #[error("the emergency key does not open this record")]
    EmergencyKeyDoesNotOpen(#[source] ehr_envelope::EnvelopeError),
    /// The signer holds no key for a version it was to share.
    #[error("you hold no key for it")]
    NoOwnKey(#[source] Box<ClientError>),
    /// The signer's key does not open a version it was to share.
    #[error("your key does not open it")]
    OwnKeyDoesNotOpen(#[source] ehr_envelope::EnvelopeError),
    /// A journal entry that cannot be sent as it is.
    #[error("the journal {0}")]
    Journal(&'static str),
    /// An upload failed; what it leaves on chain and on disk (the journal entry, which
    /// `resume` sends from, is kept where something may be on chain).
    #[error("{}", upload_text(*record, *version, left, journal))]
    Upload {
        record: RecordId,
        version: VersionId,
        left: UploadLeft,
        journal: PathBuf,
        #[source]
        source: Box<ClientError>,
    },
    /// A resumed upload landed but could not be read back to check it.
    #[error("record {record} v{version} is stored, but could not be read back to check it; run `ehr record resume` again")]
    ReadBack {
        record: RecordId,
        version: VersionId,
        #[source]
        source: Box<ClientError>,
    },
    /// An erase landed but chunks are left to free.
    #[error("record {record} v{version} is erased (nobody can open it again), but {left} of its chunks are still stored: run `ehr record erase {record} --version {version}` again to free them")]
    ChunksLeft {
        record: RecordId,
        version: VersionId,
        left: u32,
        #[source]
        source: Box<ClientError>,
    },
}

/// What a failed upload leaves behind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UploadLeft {
    /// Refused in the dry run or before signing: nothing left this machine.
    NothingSent,
    /// Refused in its block: nothing was stored, but the transaction is public.
    PublicNotStored,
    /// Sent, and then the node went quiet: it may land yet; the journal keeps it.
    Unknown,
    /// Part of it is on chain; the journal keeps the rest.
    Incomplete,
}

fn upload_text(
    record: RecordId,
    version: VersionId,
    left: &UploadLeft,
    journal: &std::path::Path,
) -> String {
    match left {
        UploadLeft::NothingSent => "nothing was sent".to_string(),
        UploadLeft::PublicNotStored => format!(
            "record {record} v{version} was not stored; the transaction that carried its ciphertext and wrapped keys is public in its block (only the readers it was wrapped for can open it)"
        ),
        UploadLeft::Unknown => format!(
            "record {record} v{version} may or may not be stored: its transaction was sent, and where it went is not known yet. \
             The encrypted upload is kept in {}: run `ehr record resume` (through a node that answers), which finds it stored or sends what is missing, never twice",
            journal.display()
        ),
        UploadLeft::Incomplete => format!(
            "record {record} v{version} is not complete on chain, and cannot be read until it is. \
             The encrypted upload is kept in {}: when the node answers again, run `ehr record resume`",
            journal.display()
        ),
    }
}

/// Result of a client operation.
pub type Result<T> = core::result::Result<T, ClientError>;

impl ClientError {
    /// The chain client's error at the root of this one, if that is what it is.
    pub fn chain(&self) -> Option<&ChainError> {
        match self {
            ClientError::Chain(e) => Some(e),
            ClientError::Lookup { source, .. }
            | ClientError::NoOwnKey(source)
            | ClientError::Upload { source, .. }
            | ClientError::ReadBack { source, .. }
            | ClientError::ChunksLeft { source, .. } => source.chain(),
            _ => None,
        }
    }

    /// The exit code a front end ends with for this error (before anything landed: see
    /// [`exit_code_after`]).
    pub fn exit_code(&self) -> u8 {
        self.chain().map_or(EXIT_OTHER, chain_exit_code)
    }

    /// True for a failure that is not one version's: the node or the connection, a transaction
    /// not on the chain, funds, or a dry run asked for; going on with the next version would
    /// stop the same way.
    pub fn stops_the_round(&self) -> bool {
        self.chain().is_some_and(|e| {
            e.is_node_failure()
                || matches!(
                    e,
                    ChainError::CannotPay(_)
                        | ChainError::CannotPayDeposit { .. }
                        | ChainError::DryRunOnly(_)
                )
        })
    }

    /// A lookup of `what` that failed with `source`.
    pub(crate) fn lookup(what: String, source: impl Into<ClientError>) -> Self {
        ClientError::Lookup {
            what,
            source: Box::new(source.into()),
        }
    }

    /// `action` ("read", "write", ...) of `path` failed with `source`.
    pub(crate) fn file(
        action: &'static str,
        path: &std::path::Path,
        source: std::io::Error,
    ) -> Self {
        ClientError::File {
            action,
            path: path.to_path_buf(),
            source,
        }
    }
}

/// The exit code for a chain client's error.
pub fn chain_exit_code(e: &ChainError) -> u8 {
    if e.is_contract_refusal() {
        EXIT_REFUSED
    } else if e.is_node_failure() {
        EXIT_NODE
    } else {
        EXIT_OTHER
    }
}

/// The exit code for an error after `landed` transactions of the same run: a node failure stays
/// 4, and anything else is 5, never a code that says nothing was sent.
pub fn exit_code_after(code: u8, landed: usize) -> u8 {
    if landed == 0 || code == EXIT_NODE {
        code
    } else {
        EXIT_PARTIAL
    }
}

/// The chain client's error in an error chain link, whether the link is the chain client's
/// error itself or a client error holding it.
pub fn chain_error_of<'a>(link: &'a (dyn std::error::Error + 'static)) -> Option<&'a ChainError> {
    link.downcast_ref::<ChainError>().or_else(|| {
        link.downcast_ref::<ClientError>().and_then(|e| match e {
            ClientError::Chain(c) => Some(c),
            _ => None,
        })
    })
}
