//! Command-line grammar: global options and the command tree.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

mod options;
pub use options::*;

/// Patient-owned electronic health records on a Substrate contracts chain.
#[derive(Debug, Parser)]
#[command(name = "ehr", version, about)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalOpts,
    #[command(subcommand)]
    pub command: Command,
}

/// Options every command takes: where ehr keeps its state and how it prints (listed last in
/// each command's help, after its own).
#[derive(Debug, Args)]
pub struct GlobalOpts {
    /// Where ehr keeps its state (remembered deployments, keystore, key pins, caches).
    #[arg(long, global = true, display_order = 900, env = "EHR_HOME")]
    pub home: Option<PathBuf>,
    /// Address form to print: the chain's own (`System::SS58Prefix`) or `generic` (prefix 42).
    /// Input is accepted in both.
    #[arg(long, global = true, display_order = 900, env = "EHR_SS58", value_enum, default_value_t = Ss58::Chain)]
    pub ss58: Ss58,
    /// Print machine-readable JSON instead of text.
    #[arg(long, global = true, display_order = 900)]
    pub json: bool,
    /// Print only results and errors.
    #[arg(short, long, global = true, display_order = 900)]
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

    /// Parses `args` and returns the options the command takes from them.
    fn options(args: &[&str]) -> Result<Options, clap::Error> {
        Cli::try_parse_from(args).map(|cli| crate::commands::options(&cli.command))
    }

    #[test]
    fn for_patient_is_accepted_by_the_chart_commands_works() {
        let alice = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";
        for args in [
            vec![
                "ehr", "access", "grant", alice, "--kind", "read", "--for", alice,
            ],
            vec!["ehr", "history", "--for", alice],
            vec!["ehr", "record", "list", "--for", alice],
            vec!["ehr", "guardian", "remove", "--for", alice],
        ] {
            let options = options(&args).unwrap();
            assert_eq!(options.for_patient.as_deref(), Some(alice), "{args:?}");
        }
    }

    #[test]
    fn for_is_refused_by_the_patients_own_commands_works() {
        let alice = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";
        // appointing a guardian is the patient's own act: `--for` (or EHR_FOR) is taken only
        // to be refused when the command runs
        let args = [
            "ehr", "guardian", "add", alice, "--level", "view", "--for", alice,
        ];
        let options = options(&args).unwrap();
        assert_eq!(options.refused_for.as_deref(), Some(alice));
        assert_eq!(options.for_patient, None);
    }

    #[test]
    fn options_are_refused_where_they_do_not_belong_works() {
        let alice = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";
        for args in [
            // nothing is signed
            vec!["ehr", "doctor", "search", "--suri", "//Alice"],
            vec!["ehr", "registrar", "show", alice, "--account", "clinic"],
            // nothing is sent
            vec!["ehr", "access", "list", "--dry-run"],
            vec!["ehr", "history", "--wait", "best"],
            // no chain at all
            vec!["ehr", "account", "list", "--url", "ws://x:1"],
            vec!["ehr", "account", "fingerprint", "--contract", alice],
            // no contract
            vec!["ehr", "transfer", alice, "1", "--contract", alice],
            // options before the command are global ones only
            vec!["ehr", "--suri", "//Alice", "patient", "register"],
        ] {
            let refused = options(&args).expect_err(&format!("{args:?} was accepted"));
            assert_eq!(
                refused.kind(),
                clap::error::ErrorKind::UnknownArgument,
                "{args:?}"
            );
        }
    }

    /// Every command with the options it takes, as a snapshot: a new command, or an option
    /// moved, changes it.
    #[test]
    fn options_of_every_command_works() {
        fn walk(cmd: &clap::Command, path: &str, out: &mut Vec<String>) {
            let path = format!("{path} {}", cmd.get_name()).trim().to_string();
            if cmd.has_subcommands() {
                for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
                    walk(sub, &path, out);
                }
                return;
            }
            // the options every command takes (`GlobalOpts`) and clap's own are left out
            let everywhere = ["home", "ss58", "json", "quiet", "help"];
            let options: Vec<String> = cmd
                .get_arguments()
                .filter(|a| !a.is_positional() && !a.is_hide_set())
                .filter(|a| !everywhere.contains(&a.get_id().as_str()))
                .filter_map(|a| a.get_long().map(|l| format!("--{l}")))
                .collect();
            out.push(format!("{path}: {}", options.join(" ")));
        }
        let mut cmd = Cli::command();
        cmd.build();
        let mut lines = Vec::new();
        walk(&cmd, "", &mut lines);
        insta::assert_snapshot!(lines.join("\n"));
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
            ..
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
