//! Command-line grammar: global options and the command tree.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// Patient-owned electronic health records on a Substrate contracts chain.
#[derive(Debug, Parser)]
#[command(name = "ehr", version, about)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalOpts,
    #[command(subcommand)]
    pub command: Command,
}

/// Options every command takes.
#[derive(Debug, Args)]
pub struct GlobalOpts {
    /// Node WebSocket URL.
    #[arg(
        long,
        global = true,
        env = "EHR_URL",
        default_value = "ws://127.0.0.1:9944"
    )]
    pub url: String,
    /// Signing account as a secret URI (`//Alice` on a dev chain, or a mnemonic).
    #[arg(long, global = true, env = "EHR_SURI", hide_env_values = true)]
    pub suri: Option<String>,
    /// Signing account from the keystore, by name (see `ehr account`); the passphrase is asked
    /// for, or read from EHR_PASSPHRASE.
    #[arg(long, global = true, env = "EHR_ACCOUNT", conflicts_with = "suri")]
    pub account: Option<String>,
    /// ehr contract address (default: the one `ehr deploy` remembered for this chain).
    #[arg(long, global = true, env = "EHR_CONTRACT")]
    pub contract: Option<String>,
    /// Where ehr keeps its state (remembered deployments).
    #[arg(long, global = true, env = "EHR_HOME")]
    pub home: Option<PathBuf>,
    /// Act for this patient (SS58 address) as their guardian: patient commands then work on
    /// their chart instead of yours (see `ehr guardian`).
    #[arg(long = "for", global = true, env = "EHR_FOR", value_name = "PATIENT")]
    pub for_patient: Option<String>,
    /// How far a transaction must get before a command reports it: `finalized` (there for
    /// good) or `best` (in a best block, faster, may still be undone by a reorganisation).
    /// Default: finalized, but best on a development chain.
    #[arg(long, global = true, env = "EHR_WAIT", value_enum)]
    pub wait: Option<WaitFor>,
    /// Which block queries read: `best` (newest) or `finalized` (will not change).
    #[arg(long, global = true, env = "EHR_AT", value_enum, default_value_t = ReadFrom::Best)]
    pub at: ReadFrom,
    /// Address form to print: the chain's own (`System::SS58Prefix`) or `generic` (prefix 42).
    /// Input is accepted in both.
    #[arg(long, global = true, env = "EHR_SS58", value_enum, default_value_t = Ss58::Chain)]
    pub ss58: Ss58,
    /// Check a state-changing command's transaction (its dry run, its fee and deposit against
    /// the signer's balance) and print what it would cost, without signing or sending it.
    #[arg(long, global = true)]
    pub dry_run: bool,
    /// Print machine-readable JSON instead of text.
    #[arg(long, global = true)]
    pub json: bool,
    /// Print only results and errors.
    #[arg(short, long, global = true)]
    pub quiet: bool,
}

/// `--wait`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum WaitFor {
    Best,
    Finalized,
}

/// `--at`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReadFrom {
    Best,
    Finalized,
}

/// `--ss58`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Ss58 {
    Chain,
    Generic,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Accounts: create, import, list, show (kept encrypted in the keystore).
    #[command(subcommand)]
    Account(crate::commands::account::AccountCommand),
    /// Print a shell completion script, e.g. `ehr completions bash > ~/.local/share/bash-completion/completions/ehr`.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// A local development node: start, stop, status.
    Node(crate::commands::node::NodeArgs),
    /// Upload and instantiate the ehr contract, and remember its address for this chain.
    Deploy(crate::commands::deploy::DeployArgs),
    /// The ehr contract in use on this chain: use one by address (e.g. your clinic's), show.
    #[command(subcommand)]
    Contract(crate::commands::contract::ContractCommand),
    /// Move funds to an account (e.g. a new one, so it can pay for its transactions).
    Transfer(crate::commands::transfer::TransferArgs),
    /// Follow the chain and print, live, every event that concerns you (or the patient given
    /// with --for): grants, requests, reads, break-glass alerts, new versions, erases.
    Watch(crate::commands::watch::WatchArgs),
    /// Consent: grant, revoke, list, and decide on doctors' requests (as the patient).
    #[command(subcommand)]
    Access(crate::commands::access::AccessCommand),
    /// Your access history as a patient: who did what to which record, newest first.
    History(crate::commands::history::HistoryArgs),
    /// Health records: add, update, list, view, verify, erase (encrypted on this machine).
    #[command(subcommand)]
    Record(crate::commands::record::RecordCommand),
    /// Patient commands.
    #[command(subcommand)]
    Patient(crate::commands::patient::PatientCommand),
    /// Doctor commands.
    #[command(subcommand)]
    Doctor(crate::commands::doctor::DoctorCommand),
    /// Registrar (licensing authority) commands.
    #[command(subcommand)]
    Registrar(crate::commands::registrar::RegistrarCommand),
    /// Guardians: people who read, write or manage consent for a patient (`--for`).
    #[command(subcommand)]
    Guardian(crate::commands::guardian::GuardianCommand),
    /// Emergency (break-glass) access: opt in or out, break the glass, release keys, review.
    #[command(subcommand)]
    Emergency(crate::commands::emergency::EmergencyCommand),
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn command_tree_is_consistent_works() {
        // clap's own checks: unique names, valid defaults, no conflicting flags
        Cli::command().debug_assert();
    }

    #[test]
    fn for_patient_is_accepted_after_any_command_works() {
        let alice = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";
        for args in [
            vec![
                "ehr", "access", "grant", alice, "--kind", "read", "--for", alice,
            ],
            vec!["ehr", "--for", alice, "history"],
            vec!["ehr", "record", "list", "--for", alice],
            vec!["ehr", "guardian", "remove", "--for", alice],
        ] {
            let cli = Cli::try_parse_from(&args).unwrap();
            assert_eq!(cli.global.for_patient.as_deref(), Some(alice), "{args:?}");
        }
    }

    #[test]
    fn emergency_enable_takes_types_and_two_custodians_works() {
        let cli = Cli::try_parse_from([
            "ehr",
            "emergency",
            "enable",
            "--type",
            "cardiac,lab",
            "--custodian",
            "a",
            "--custodian",
            "b",
        ])
        .unwrap();
        let Command::Emergency(crate::commands::emergency::EmergencyCommand::Enable {
            types,
            custodians,
            window,
        }) = cli.command
        else {
            panic!("not emergency enable");
        };
        assert_eq!((types.len(), custodians.len()), (2, 2));
        assert_eq!(window, std::time::Duration::from_secs(12 * 3600));
    }

    #[test]
    fn record_view_takes_a_version_works() {
        let cli = Cli::try_parse_from(["ehr", "record", "view", "3", "--version", "2"]).unwrap();
        assert!(matches!(
            cli.command,
            Command::Record(crate::commands::record::RecordCommand::View {
                record: 3,
                version: Some(2),
                ..
            })
        ));
    }
}
