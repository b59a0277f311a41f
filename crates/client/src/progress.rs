//! What a long operation tells its front end while it works, instead of printing: notices worth
//! showing as they happen, counted steps (chunks uploaded, keys wrapped) and waits on one
//! transaction. A front end shows them as it likes (a spinner and a bar on a terminal, a
//! server-sent event in a browser); [`Silent`] shows nothing.

/// Something the user should know as it happens, in words (`Display`) and typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    /// An account's encryption key was used for the first time and pinned.
    KeyPinned { who: String, fingerprint: String },
}

impl std::fmt::Display for Notice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Notice::KeyPinned { who, fingerprint } => write!(
                f,
                "first use of {who}'s encryption key: fingerprint {fingerprint} (pinned; compare it with theirs, `ehr account fingerprint`)"
            ),
        }
    }
}

/// Counted work under way; dropped when the work ends (done or not).
pub trait Steps: Send {
    /// `n` more steps are done.
    fn advance(&self, n: u64);
}

/// A wait on one thing (a transaction); dropped when the wait ends.
pub trait Busy: Send {}

/// Where an operation's progress goes.
pub trait Progress: Send + Sync {
    /// Something worth showing now.
    fn notice(&self, notice: Notice) {
        let _ = notice;
    }

    /// Work of `len` steps of `what` (e.g. "uploading chunks") begins.
    fn steps(&self, what: &'static str, len: u64) -> Box<dyn Steps> {
        let _ = (what, len);
        Box::new(Nothing)
    }

    /// A wait on `what` (e.g. "adding record") begins.
    fn busy(&self, what: &str) -> Box<dyn Busy> {
        let _ = what;
        Box::new(Nothing)
    }
}

/// Progress nobody sees.
#[derive(Debug, Clone, Copy, Default)]
pub struct Silent;

impl Progress for Silent {}

struct Nothing;

impl Steps for Nothing {
    fn advance(&self, _: u64) {}
}

impl Busy for Nothing {}
