//! `ehr node start|stop|status`: a local `substrate-contracts-node --dev` with a persistent base
//! path, for trying ehr on one machine.

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{bail, Context as _, Result};
use clap::{Args, Subcommand};

use crate::context::Context;

#[derive(Debug, Args)]
pub struct NodeArgs {
    #[command(subcommand)]
    pub command: NodeCommand,
    /// Where the node keeps its chain, log and pid file.
    #[arg(long, env = "EHR_NODE_DIR", global = true)]
    pub dir: Option<PathBuf>,
    /// RPC port of the local node.
    #[arg(long, env = "EHR_NODE_PORT", default_value_t = 9944, global = true)]
    pub port: u16,
    /// The node binary (default: `substrate-contracts-node` on PATH or in ~/.cache/ehr/bin).
    #[arg(long, env = "EHR_NODE_BIN", global = true)]
    pub bin: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum NodeCommand {
    /// Start the local dev node in the background (chain data survives restarts).
    Start,
    /// Stop the local dev node.
    Stop,
    /// Is the local dev node running?
    Status,
}

fn default_dir() -> Result<PathBuf> {
    let home = std::env::var_os("HOME").context("HOME is not set; pass --dir")?;
    Ok(PathBuf::from(home).join(".local/share/ehr/node"))
}

fn find_binary(explicit: Option<PathBuf>) -> Result<PathBuf> {
    if let Some(bin) = explicit {
        return Ok(bin);
    }
    let name = "substrate-contracts-node";
    let mut candidates: Vec<PathBuf> = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).map(|d| d.join(name)).collect())
        .unwrap_or_default();
    if let Some(home) = std::env::var_os("HOME") {
        candidates.push(PathBuf::from(home).join(".cache/ehr/bin").join(name));
    }
    candidates.into_iter().find(|p| p.is_file()).with_context(|| {
        format!("{name} not found on PATH or in ~/.cache/ehr/bin: install it with scripts/setup, or pass --bin")
    })
}

/// The pid in the pid file, if that process is alive.
fn running_pid(dir: &Path) -> Option<u32> {
    let pid: u32 = std::fs::read_to_string(dir.join("node.pid"))
        .ok()?
        .trim()
        .parse()
        .ok()?;
    alive(pid).then_some(pid)
}

/// True while process `pid` runs (a zombie waiting to be reaped counts as gone).
fn alive(pid: u32) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        // The state is the first field after the command name, which is in parentheses.
        Ok(stat) => stat
            .rsplit_once(')')
            .and_then(|(_, rest)| rest.split_whitespace().next())
            .is_some_and(|state| state != "Z" && state != "X"),
        Err(_) => false,
    }
}

/// How long `stop` waits for the node to close its database and exit.
const STOP_TIMEOUT: Duration = Duration::from_secs(30);

pub async fn run(ctx: &Context, args: NodeArgs) -> Result<()> {
    let dir = match args.dir {
        Some(d) => d,
        None => default_dir()?,
    };
    let url = format!("ws://127.0.0.1:{}", args.port);
    match args.command {
        NodeCommand::Start => {
            if let Some(pid) = running_pid(&dir) {
                ctx.out.result(
                    format!("node already running (pid {pid}) on {url}"),
                    serde_json::json!({ "running": true, "pid": pid, "url": url }),
                );
                return Ok(());
            }
            let bin = find_binary(args.bin)?;
            std::fs::create_dir_all(&dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
            let log = std::fs::File::create(dir.join("node.log"))
                .with_context(|| format!("cannot write {}", dir.join("node.log").display()))?;
            let mut cmd = std::process::Command::new(&bin);
            cmd.arg("--dev")
                .arg("--base-path")
                .arg(dir.join("chain"))
                .args(["--rpc-port", &args.port.to_string()])
                // A dev node needs no peers: listen on a port the system picks, on loopback
                // only, and do not look for peers, so two dev nodes on one host never clash.
                .args(["--listen-addr", "/ip4/127.0.0.1/tcp/0", "--no-mdns"])
                .args(["--no-prometheus", "--no-telemetry"])
                .stdin(std::process::Stdio::null())
                .stdout(log.try_clone()?)
                .stderr(log);
            // Its own process group: the node outlives this command and its terminal's Ctrl-C.
            #[cfg(unix)]
            std::os::unix::process::CommandExt::process_group(&mut cmd, 0);
            let child = cmd
                .spawn()
                .with_context(|| format!("cannot start {}", bin.display()))?;
            let pid = child.id();
            std::fs::write(dir.join("node.pid"), pid.to_string())?;
            let ready = ctx
                .out
                .wait("starting the node", wait_ready(&url, &dir))
                .await;
            if let Err(e) = ready {
                bail!("{e}; see {}", dir.join("node.log").display());
            }
            ctx.out.result(
                format!(
                    "node started (pid {pid}) on {url}\n  chain data in {}",
                    dir.join("chain").display()
                ),
                serde_json::json!({ "running": true, "pid": pid, "url": url, "dir": dir.display().to_string() }),
            );
        }
        NodeCommand::Stop => {
            let Some(pid) = running_pid(&dir) else {
                ctx.out
                    .result("node not running", serde_json::json!({ "running": false }));
                return Ok(());
            };
            let status = std::process::Command::new("kill")
                .arg(pid.to_string())
                .status()
                .context("cannot run kill")?;
            if !status.success() {
                bail!("could not stop the node (pid {pid})");
            }
            let start = std::time::Instant::now();
            while alive(pid) {
                if start.elapsed() > STOP_TIMEOUT {
                    bail!("the node (pid {pid}) did not exit within {STOP_TIMEOUT:?}; check it with `ps {pid}`");
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            std::fs::remove_file(dir.join("node.pid")).ok();
            ctx.out.result(
                format!("node stopped (pid {pid})"),
                serde_json::json!({ "running": false, "pid": pid }),
            );
        }
        NodeCommand::Status => match running_pid(&dir) {
            Some(pid) => ctx.out.result(
                format!("node running (pid {pid}) on {url}"),
                serde_json::json!({ "running": true, "pid": pid, "url": url }),
            ),
            None => bail!("node not running; start it with `ehr node start`"),
        },
    }
    Ok(())
}

async fn wait_ready(url: &str, dir: &Path) -> Result<()> {
    for _ in 0..240 {
        if running_pid(dir).is_none() {
            bail!("the node exited");
        }
        if ehr_chain::Client::connect(url).await.is_ok() {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    bail!("the node did not answer on {url} within 60 s")
}
