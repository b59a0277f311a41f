//! Option groups: each command takes the groups it uses (`Sends`, `ReadsFor`, ...), and
//! [`Options`] gathers what they were given for the command's `Context`.

use super::{ReadFrom, WaitFor};
use clap::Args;

/// The node a command talks to unless told otherwise: a local dev node (`ehr node start`).
pub const DEFAULT_URL: &str = "ws://127.0.0.1:9944";

/// What a command may be told beyond the global options, gathered from the option groups it
/// takes (below). A command that takes no `--url` never connects, one without `--suri` never
/// signs, and so on: each group is on exactly the commands that use it.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub url: Option<String>,
    pub suri: Option<String>,
    pub account: Option<String>,
    pub contract: Option<String>,
    pub for_patient: Option<String>,
    pub wait: Option<WaitFor>,
    pub at: Option<ReadFrom>,
    pub dry_run: bool,
    /// A `--for` (or `EHR_FOR`) given to a command that only ever works on the signer's own
    /// chart: refused, never silently dropped.
    pub refused_for: Option<String>,
}

/// An option group's share of [`Options`].
pub trait Uses {
    fn apply(&self, options: &mut Options);

    /// The options this group (and only it) sets.
    fn options(&self) -> Options {
        let mut options = Options::default();
        self.apply(&mut options);
        options
    }
}

/// `--url`: commands that talk to a node.
#[derive(Debug, Clone, Args)]
pub struct NodeOpt {
    /// Node WebSocket URL.
    #[arg(long, env = "EHR_URL", default_value = DEFAULT_URL)]
    pub url: String,
}

impl Uses for NodeOpt {
    fn apply(&self, o: &mut Options) {
        o.url = Some(self.url.clone());
    }
}

/// `--suri` / `--account`: commands that act as an account (sign, or read as it).
#[derive(Debug, Clone, Args)]
pub struct AccountOpts {
    /// Signing account as a secret URI (`//Alice` on a dev chain, or a mnemonic).
    #[arg(long, env = "EHR_SURI", hide_env_values = true)]
    pub suri: Option<String>,
    /// Signing account from the keystore, by name (see `ehr account`); the passphrase is asked
    /// for, or read from EHR_PASSPHRASE.
    #[arg(
        long = "account",
        id = "keystore_account",
        value_name = "NAME",
        env = "EHR_ACCOUNT",
        conflicts_with = "suri"
    )]
    pub account: Option<String>,
}

impl Uses for AccountOpts {
    fn apply(&self, o: &mut Options) {
        o.suri.clone_from(&self.suri);
        o.account.clone_from(&self.account);
    }
}

/// `--contract`: commands that use the ehr contract.
#[derive(Debug, Clone, Args)]
pub struct ContractOpt {
    /// ehr contract address (default: the one `ehr deploy` or `ehr contract use` remembered for
    /// this chain).
    #[arg(long, env = "EHR_CONTRACT")]
    pub contract: Option<String>,
}

impl Uses for ContractOpt {
    fn apply(&self, o: &mut Options) {
        o.contract.clone_from(&self.contract);
    }
}

/// `--for`: the patient commands a guardian may run for a patient.
#[derive(Debug, Clone, Args)]
pub struct ForOpt {
    /// Act for this patient (SS58 address) as their guardian: the command then works on their
    /// chart instead of yours (see `ehr guardian`).
    #[arg(long = "for", env = "EHR_FOR", value_name = "PATIENT")]
    pub for_patient: Option<String>,
}

impl Uses for ForOpt {
    fn apply(&self, o: &mut Options) {
        o.for_patient.clone_from(&self.for_patient);
    }
}

/// A hidden `--for` on the commands that are the patient's alone (appointing guardians,
/// erasing, the emergency opt-in, ...): set, by flag or by `EHR_FOR`, it is refused, so a
/// guardian who exported `EHR_FOR` never acts on their own chart by mistake.
#[derive(Debug, Clone, Args)]
pub struct OwnChartOpt {
    #[arg(long = "for", env = "EHR_FOR", value_name = "PATIENT", hide = true)]
    pub for_patient: Option<String>,
}

impl Uses for OwnChartOpt {
    fn apply(&self, o: &mut Options) {
        o.refused_for.clone_from(&self.for_patient);
    }
}

/// `--wait` / `--dry-run`: commands that send a transaction.
#[derive(Debug, Clone, Args)]
pub struct SendOpts {
    /// How far a transaction must get before the command reports it: `finalized` (there for
    /// good) or `best` (in a best block, faster, may still be undone by a reorganisation).
    /// Default: finalized, but best on a development chain.
    #[arg(long, env = "EHR_WAIT", value_enum)]
    pub wait: Option<WaitFor>,
    /// Check the command's transaction (its dry run, its fee and deposit against the signer's
    /// balance) and print what it would cost, without signing or sending it.
    #[arg(long)]
    pub dry_run: bool,
}

impl Uses for SendOpts {
    fn apply(&self, o: &mut Options) {
        o.wait = self.wait;
        o.dry_run = self.dry_run;
    }
}

/// `--at`: commands that read the chain.
#[derive(Debug, Clone, Args)]
pub struct ReadOpts {
    /// Which block queries read: `best` (newest) or `finalized` (will not change).
    #[arg(long, env = "EHR_AT", value_enum, default_value_t = ReadFrom::Best)]
    pub at: ReadFrom,
}

impl Uses for ReadOpts {
    fn apply(&self, o: &mut Options) {
        o.at = Some(self.at);
    }
}

/// Declares an option set: the groups one kind of command takes, flattened into its options.
macro_rules! option_set {
    ($(#[$doc:meta])* $name:ident { $($part:ident: $group:ty),* $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Args)]
        pub struct $name {
            $(#[command(flatten)] pub $part: $group,)*
        }

        impl Uses for $name {
            fn apply(&self, o: &mut Options) {
                $(self.$part.apply(o);)*
            }
        }
    };
}

option_set!(
    /// A command that signs and sends a call to the contract, on the signer's own behalf.
    Sends { node: NodeOpt, account: AccountOpts, contract: ContractOpt, send: SendOpts }
);
option_set!(
    /// A command that signs and sends a call to the contract that only the patient makes, on
    /// their own chart.
    SendsOwn { node: NodeOpt, account: AccountOpts, contract: ContractOpt, send: SendOpts, own: OwnChartOpt }
);
option_set!(
    /// A command that signs and sends a call to the contract, on a patient's chart (the
    /// signer's, or one it is a guardian of).
    SendsFor { node: NodeOpt, account: AccountOpts, contract: ContractOpt, send: SendOpts, patient: ForOpt }
);
option_set!(
    /// A command that reads the contract as the signing account.
    Reads { node: NodeOpt, account: AccountOpts, contract: ContractOpt, read: ReadOpts }
);
option_set!(
    /// A command that reads a patient's chart (the signer's, or one it is a guardian of).
    ReadsFor { node: NodeOpt, account: AccountOpts, contract: ContractOpt, read: ReadOpts, patient: ForOpt }
);
option_set!(
    /// A read that may send a transaction first (a doctor's read is logged on chain).
    ReadsSendsFor { node: NodeOpt, account: AccountOpts, contract: ContractOpt, read: ReadOpts, send: SendOpts, patient: ForOpt }
);
option_set!(
    /// A command that reads the contract as nobody in particular.
    ReadsAnyone { node: NodeOpt, contract: ContractOpt, read: ReadOpts }
);
option_set!(
    /// A command that signs a transaction that is not a contract call.
    Signs { node: NodeOpt, account: AccountOpts, send: SendOpts }
);
option_set!(
    /// A command that talks to the node as nobody in particular, without the contract.
    Connects { node: NodeOpt }
);
option_set!(
    /// A command that follows a patient's chart (the signer's, or one it is a guardian of).
    Watches { node: NodeOpt, account: AccountOpts, contract: ContractOpt, patient: ForOpt }
);
option_set!(
    /// A command that needs the account's secret only (nothing is sent).
    Local { account: AccountOpts }
);

/// `options()` for a command enum: each variant before `;` gives the command's [`Options`] from
/// its `on` option set; those after `none:` talk to no chain and take none. The match is
/// exhaustive, so a new variant must be listed.
macro_rules! options_of {
    ($command:ty: $($variant:ident),+ $(; none: $($bare:ident),+)?) => {
        impl $command {
            /// The options of the command given (each takes only the option groups it uses).
            pub fn options(&self) -> $crate::cli::Options {
                use $crate::cli::Uses;
                match self {
                    $(Self::$variant { on, .. } => on.options(),)+
                    $($(Self::$bare { .. } => $crate::cli::Options::default(),)+)?
                }
            }
        }
    };
}
pub(crate) use options_of;
