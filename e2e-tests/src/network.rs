//! The multi-node network `scripts/network up` starts from `network/zombienet.json`: a relay
//! chain and the contracts parachain with two collators. Tests find its nodes by the RPC ports
//! of that file, stop a collator as abruptly as a crash, and start it again on its own data.
//!
//! Nothing here starts the network: a test that needs it fails, saying how to start it, when
//! it does not answer (`scripts/test-network` starts it first).

use crate::rpc;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// How long a restarted collator may take to answer RPC again.
const RESTART_TIMEOUT: Duration = Duration::from_secs(120);

/// The running network.
pub struct Network {
    /// The relay chain's validators.
    pub relay: Vec<Member>,
    /// The parachain's collators, in the network file's order: the first is "collator A".
    pub collators: Vec<Member>,
}

/// One node of the network.
#[derive(Debug, Clone)]
pub struct Member {
    pub name: String,
    pub port: u16,
}

/// A collator stopped by [`Member::kill`]: what it takes to start it again. Dropped without
/// [`Stopped::restart`] (a test that failed on the way), it starts the node anyway, so the
/// network stays whole for the next test.
pub struct Stopped {
    member: Member,
    argv: Vec<OsString>,
    started: bool,
}

/// The network file in the repository.
pub fn spec_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root")
        .join("network/zombienet.json")
}

/// Where the network keeps its nodes' data and logs (`EHR_NETWORK_DIR`, as `scripts/network`).
pub fn network_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("EHR_NETWORK_DIR") {
        return PathBuf::from(dir);
    }
    let cache = std::env::var_os("EHR_CACHE")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache/ehr")))
        .expect("HOME is set");
    cache.join("network")
}

impl Network {
    /// The network of `network/zombienet.json`, every node of which answers RPC.
    pub fn running() -> Self {
        let spec: serde_json::Value = serde_json::from_slice(
            &std::fs::read(spec_path()).expect("network/zombienet.json is in the repository"),
        )
        .expect("network/zombienet.json is JSON");
        let members = |nodes: &serde_json::Value| -> Vec<Member> {
            nodes
                .as_array()
                .expect("a list of nodes")
                .iter()
                .map(|n| Member {
                    name: n["name"].as_str().expect("a node name").to_string(),
                    port: n["rpc_port"].as_u64().expect("an rpc_port") as u16,
                })
                .collect()
        };
        let network = Network {
            relay: members(&spec["relaychain"]["nodes"]),
            collators: members(&spec["parachains"][0]["collators"]),
        };
        for m in network.relay.iter().chain(&network.collators) {
            assert!(
                rpc::answers(m.port),
                "network node {} does not answer on port {}: start the network with `scripts/network up` \
                 (it needs `scripts/setup --network`), or run `scripts/test-network`, which does both",
                m.name,
                m.port
            );
        }
        network
    }

    /// Collator A (the network file's first): where the tests send.
    pub fn a(&self) -> &Member {
        &self.collators[0]
    }

    /// Collator B (the second): where the tests read, and the one they stop.
    pub fn b(&self) -> &Member {
        &self.collators[1]
    }
}

impl Member {
    /// The node's WebSocket URL.
    pub fn url(&self) -> String {
        format!("ws://127.0.0.1:{}", self.port)
    }

    /// Its best and finalized block numbers, when it answers.
    pub fn heads(&self) -> Option<(u64, u64)> {
        rpc::heads(self.port)
    }

    /// Waits until this node has finalized block `number` (a write sent through another node
    /// is read through this one only once it knows the block), at most `timeout`.
    pub fn wait_finalized(&self, number: u64, timeout: Duration) {
        let start = Instant::now();
        loop {
            let heads = self.heads();
            if heads.is_some_and(|(_, finalized)| finalized >= number) {
                return;
            }
            assert!(
                start.elapsed() < timeout,
                "{} did not finalize block #{number} within {timeout:?} (best, finalized: {heads:?})",
                self.name
            );
            std::thread::sleep(Duration::from_millis(250));
        }
    }

    /// The node's process id and command line, found by its `--rpc-port`.
    fn process(&self) -> Option<(u32, Vec<OsString>)> {
        let port = self.port.to_string();
        for entry in std::fs::read_dir("/proc").ok()?.flatten() {
            let Some(pid) = entry
                .file_name()
                .to_str()
                .and_then(|s| s.parse::<u32>().ok())
            else {
                continue;
            };
            let Ok(raw) = std::fs::read(entry.path().join("cmdline")) else {
                continue;
            };
            let argv: Vec<OsString> = raw
                .split(|b| *b == 0)
                .filter(|a| !a.is_empty())
                .map(|a| OsString::from(String::from_utf8_lossy(a).into_owned()))
                .collect();
            let is_node = argv.first().is_some_and(|a| {
                let a = a.to_string_lossy();
                a.ends_with("substrate-contracts-node") || a.ends_with("polkadot")
            });
            let on_port = argv
                .windows(2)
                .any(|w| w[0] == "--rpc-port" && w[1] == port.as_str());
            if is_node && on_port {
                // The binary itself: zombienet started it by name, through its own PATH.
                let mut argv = argv;
                if let Ok(exe) = std::fs::read_link(entry.path().join("exe")) {
                    argv[0] = exe.into_os_string();
                }
                return Some((pid, argv));
            }
        }
        None
    }

    /// Stops the node with SIGKILL (as abrupt as a crash) and waits until its RPC is gone.
    pub fn kill(&self) -> Stopped {
        let (pid, argv) = self
            .process()
            .unwrap_or_else(|| panic!("no process of {} (--rpc-port {})", self.name, self.port));
        let status = Command::new("kill")
            .args(["-KILL", &pid.to_string()])
            .status()
            .expect("run kill");
        assert!(status.success(), "kill -KILL {pid} failed");
        let start = Instant::now();
        while rpc::answers(self.port) {
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "{} still answers",
                self.name
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        Stopped {
            member: self.clone(),
            argv,
            started: false,
        }
    }
}

impl Stopped {
    /// Starts the node again with its command line, on its own data, appending to its log;
    /// it runs on after the test (`scripts/network down` stops it with the rest). Waits until
    /// it answers RPC.
    pub fn restart(mut self) -> Member {
        let log_path = self.start();
        let start = Instant::now();
        while !rpc::answers(self.member.port) {
            assert!(
                start.elapsed() < RESTART_TIMEOUT,
                "{} did not answer within {RESTART_TIMEOUT:?} of its restart (log: {})",
                self.member.name,
                log_path.display()
            );
            std::thread::sleep(Duration::from_millis(250));
        }
        self.member.clone()
    }

    /// Starts the node, appending to its log (returned). Started by a shell that does not wait
    /// for it: the node is nobody's child, so it runs on after the test and init reaps it.
    fn start(&mut self) -> PathBuf {
        self.started = true;
        let log_path = network_dir().join(format!("{}.log", self.member.name));
        let status = Command::new("sh")
            .arg("-c")
            .arg(r#""$0" "$@" </dev/null >>"$EHR_NODE_LOG" 2>&1 &"#)
            .args(&self.argv)
            .env("EHR_NODE_LOG", &log_path)
            .status()
            .unwrap_or_else(|e| panic!("could not start {} again: {e}", self.member.name));
        assert!(
            status.success(),
            "could not start {} again",
            self.member.name
        );
        log_path
    }
}

impl Drop for Stopped {
    fn drop(&mut self) {
        if !self.started {
            let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.start()));
        }
    }
}
