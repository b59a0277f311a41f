//! `ehr`: patient-owned electronic health records from the command line.

mod address;
mod cli;
mod commands;
mod context;
mod events_text;
mod explain;
mod fhir_summary;
mod keys;
mod keystore;
mod landed;
mod output;
mod progress;
mod send;
mod shared_keys;
mod table;
#[cfg(test)]
mod test_samples;
mod units;
mod views;
mod words;

use clap::Parser;
use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    let json = cli.global.json;
    let out = output::Output {
        json,
        quiet: cli.global.quiet,
    };
    let result = commands::run(cli).await;
    // `--dry-run` stops the first transaction before it is signed: what it would cost is the
    // command's answer.
    if let Some(cost) = result.as_ref().err().and_then(dry_run_cost) {
        out.show(&DryRun {
            dry_run: true,
            cost: cost.into(),
        });
        return ExitCode::SUCCESS;
    }
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            let landed = landed::all();
            output::print_error(&err, json, &landed);
            ExitCode::from(explain::exit_code_after(&err, &landed))
        }
    }
}

/// The expected cost when `err` is the stop `--dry-run` asked for.
fn dry_run_cost(err: &anyhow::Error) -> Option<&ehr_chain::Cost> {
    match explain::chain_of(err) {
        Some(ehr_chain::ChainError::DryRunOnly(cost)) => Some(cost),
        _ => None,
    }
}

/// What `--dry-run` answers for any command that sends: the first transaction passed its dry
/// run, and what it would cost.
#[derive(Debug, serde::Serialize)]
struct DryRun {
    dry_run: bool,
    cost: landed::CostView,
}

impl std::fmt::Display for DryRun {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "dry run passed; nothing was signed or sent\n  expected cost: fee {}, deposit {} (held while the data is stored)",
            self.cost.fee_text, self.cost.deposit_text
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dry_run() -> DryRun {
        DryRun {
            dry_run: true,
            cost: (&test_samples::cost()).into(),
        }
    }

    #[test]
    fn dry_run_as_text_works() {
        insta::assert_snapshot!(dry_run().to_string());
    }

    #[test]
    fn dry_run_as_json_works() {
        insta::assert_json_snapshot!(dry_run());
    }
}
