//! `ehr`: patient-owned electronic health records from the command line.

mod address;
mod cli;
mod commands;
mod context;
mod events_text;
mod explain;
mod keys;
mod output;
mod pending;
mod private_file;
mod readers;
mod records;
mod state;
mod table;
mod trust;
mod units;
mod upload;
mod verified;

use clap::Parser;
use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    let json = cli.global.json;
    match commands::run(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            output::print_error(&err, json);
            ExitCode::from(explain::exit_code(&err))
        }
    }
}
