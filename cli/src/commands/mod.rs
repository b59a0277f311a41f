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
    let ctx = Context::new(cli.global);
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

/// Sends `msg` (see `ops::send`) and returns the contract's answer and where it landed, as text
/// and as JSON fields.
pub async fn send<T: parity_scale_codec::Decode>(
    ctx: &Context,
    contract: &ehr_chain::EhrContract,
    signer: &ehr_chain::Signer,
    msg: &ehr_chain::Message<ehr::Result<T>>,
) -> Result<(T, String, serde_json::Value)> {
    let (value, inclusion) =
        crate::ops::send::send(&ctx.out, msg.name, contract, signer, msg).await?;
    let (text, json) = inclusion_summary(&inclusion);
    Ok((value, text, json))
}

/// The block and extrinsic that carried a change, whether that block is final, and what the
/// transaction was expected to cost, as text and as JSON fields.
pub fn inclusion_summary(inclusion: &ehr_chain::Inclusion) -> (String, serde_json::Value) {
    let landing = crate::landed::Landing::from(inclusion);
    let json = serde_json::to_value(&landing).unwrap_or_default();
    (landing.to_string(), json)
}
