//! `ehr node start|stop|status`: a local `substrate-contracts-node --dev` with a persistent base
//! path, for trying ehr on one machine.

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{bail, Context as _, Result};
use clap::{Args, Subcommand};
use serde::Serialize;

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
                ctx.out
                    .show(&NodeState::running(Outcome::AlreadyRunning, pid, url));
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
            ctx.out.show(&NodeState {
                dir: Some(dir.display().to_string()),
                ..NodeState::running(Outcome::Started, pid, url)
            });
        }
        NodeCommand::Stop => {
            let Some(pid) = running_pid(&dir) else {
                ctx.out.show(&NodeState::stopped(Outcome::NotRunning, None));
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
            ctx.out
                .show(&NodeState::stopped(Outcome::Stopped, Some(pid)));
        }
        NodeCommand::Status => match running_pid(&dir) {
            Some(pid) => ctx
                .out
                .show(&NodeState::running(Outcome::Running, pid, url)),
            None => bail!("node not running; start it with `ehr node start`"),
        },
    }
    Ok(())
}

/// `ehr node start/stop/status`'s result: whether the node runs, and what this command did.
/// What does not apply (no pid for a node not running) is left out rather than `null`.
#[derive(Debug, Serialize)]
pub struct NodeState {
    pub running: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pid: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Where a node just started keeps its chain, log and pid file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dir: Option<String>,
    pub outcome: Outcome,
}

/// What `ehr node` found or did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Started,
    AlreadyRunning,
    Running,
    Stopped,
    NotRunning,
}

impl NodeState {
    fn running(outcome: Outcome, pid: u32, url: String) -> Self {
        Self {
            running: true,
            pid: Some(pid),
            url: Some(url),
            dir: None,
            outcome,
        }
    }

    fn stopped(outcome: Outcome, pid: Option<u32>) -> Self {
        Self {
            running: false,
            pid,
            url: None,
            dir: None,
            outcome,
        }
    }
}

impl std::fmt::Display for NodeState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self.outcome {
            Outcome::Started => "node started",
            Outcome::AlreadyRunning => "node already running",
            Outcome::Running => "node running",
            Outcome::Stopped => "node stopped",
            Outcome::NotRunning => "node not running",
        })?;
        if let Some(pid) = self.pid {
            write!(f, " (pid {pid})")?;
        }
        if let Some(url) = &self.url {
            write!(f, " on {url}")?;
        }
        if let Some(dir) = &self.dir {
            let chain = Path::new(dir).join("chain");
            write!(f, "\n  chain data in {}", chain.display())?;
        }
        Ok(())
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    const URL: &str = "ws://127.0.0.1:9944";

    #[test]
    fn node_results_as_text_work() {
        insta::assert_snapshot!(results()
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n---\n"));
    }

    #[test]
    fn node_results_as_json_work() {
        insta::assert_json_snapshot!(results());
    }

    fn results() -> Vec<NodeState> {
        vec![
            NodeState {
                dir: Some("/home/me/.local/share/ehr/node".into()),
                ..NodeState::running(Outcome::Started, 4242, URL.into())
            },
            NodeState::running(Outcome::AlreadyRunning, 4242, URL.into()),
            NodeState::running(Outcome::Running, 4242, URL.into()),
            NodeState::stopped(Outcome::Stopped, Some(4242)),
            NodeState::stopped(Outcome::NotRunning, None),
        ]
    }
}
