//! One module per command.

pub mod access;
pub mod account;
pub mod contract;
pub mod deploy;
pub mod doctor;
pub mod emergency;
pub mod guardian;
pub mod history;
pub mod node;
pub mod patient;
pub mod record;
pub mod registrar;
pub mod transfer;
pub mod watch;

use crate::cli::{Cli, Command};
use crate::context::Context;
use anyhow::Result;

/// Runs the parsed command line.
pub async fn run(cli: Cli) -> Result<()> {
    let options = options(&cli.command);
    if let Some(patient) = &options.refused_for {
        anyhow::bail!(
            "this command is the patient's alone and works on your own chart; it does not act for {patient} (drop --for, or unset EHR_FOR)"
        );
    }
    let ctx = Context::new(cli.global, options);
    match cli.command {
        Command::Account(cmd) => account::run(&ctx, cmd).await,
        Command::Deploy(args) => deploy::run(&ctx, args).await,
        Command::Contract(cmd) => contract::run(&ctx, cmd).await,
        Command::Transfer(args) => transfer::run(&ctx, args).await,
        Command::Watch(args) => watch::run(&ctx, args).await,
        Command::Node(args) => node::run(&ctx, args).await,
        Command::Completions { shell } => {
            use clap::CommandFactory;
            clap_complete::generate(shell, &mut Cli::command(), "ehr", &mut std::io::stdout());
            Ok(())
        }
        Command::Access(cmd) => access::run(&ctx, cmd).await,
        Command::History(args) => history::run(&ctx, args).await,
        Command::Patient(cmd) => patient::run(&ctx, cmd).await,
        Command::Record(cmd) => record::run(&ctx, cmd).await,
        Command::Doctor(cmd) => doctor::run(&ctx, cmd).await,
        Command::Registrar(cmd) => registrar::run(&ctx, cmd).await,
        Command::Guardian(cmd) => guardian::run(&ctx, cmd).await,
        Command::Emergency(cmd) => emergency::run(&ctx, cmd).await,
    }
}

/// The options of the command given, from the option groups it takes.
pub(crate) fn options(command: &Command) -> crate::cli::Options {
    use crate::cli::{Options, Uses};
    match command {
        Command::Account(cmd) => cmd.options(),
        Command::Deploy(args) => args.on.options(),
        Command::Contract(cmd) => cmd.options(),
        Command::Transfer(args) => args.on.options(),
        Command::Watch(args) => args.on.options(),
        Command::Node(_) | Command::Completions { .. } => Options::default(),
        Command::Access(cmd) => cmd.options(),
        Command::History(args) => args.on.options(),
        Command::Patient(cmd) => cmd.options(),
        Command::Record(cmd) => cmd.options(),
        Command::Doctor(cmd) => cmd.options(),
        Command::Registrar(cmd) => cmd.options(),
        Command::Guardian(cmd) => cmd.options(),
        Command::Emergency(cmd) => cmd.options(),
    }
}
