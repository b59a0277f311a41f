//! Harness for ehr's end-to-end tests: a real `substrate-contracts-node --dev` on free ports
//! in a temporary directory, the contract artifact cargo-contract built, and the real `ehr`
//! binary driven as a user would.
//!
//! Nothing here is skipped quietly: a missing node, artifact or CLI fails the test with a
//! message that says how to get it.

use std::io::Write;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

pub mod chunked;
pub mod network;
pub mod pipeline;
pub mod rpc;

/// How long a node may take to answer RPC after it starts.
const NODE_START_TIMEOUT: Duration = Duration::from_secs(60);

/// A running dev node, killed on drop.
pub struct Node {
    child: Child,
    port: u16,
    extra: Vec<String>,
    _dir: tempfile::TempDir,
}

/// A local TCP port nobody listens on right now (it may be taken by the time it is used: for
/// a command that must be given a port; nodes of this harness pick their own).
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("no free local port")
}

/// The node binary: `EHR_NODE_BIN`, or `substrate-contracts-node` on PATH.
pub fn node_binary() -> PathBuf {
    if let Some(bin) = std::env::var_os("EHR_NODE_BIN") {
        return PathBuf::from(bin);
    }
    let cache = std::env::var_os("HOME")
        .map(|h| PathBuf::from(h).join(".cache/ehr/bin/substrate-contracts-node"));
    match cache {
        Some(p) if p.is_file() => p,
        _ => panic!(
            "substrate-contracts-node not found: set EHR_NODE_BIN or run scripts/setup (the e2e tests need a real node)"
        ),
    }
}

impl Node {
    /// Starts a fresh dev chain and waits until its RPC answers. The node binds an RPC port
    /// the system picks (read back from its log), so no other test can take it between a
    /// choice and the bind.
    pub fn start() -> Self {
        Self::start_with(&[])
    }

    /// Starts a fresh dev chain with `extra` node options (e.g. `--finalize-delay-sec 5`, so
    /// finality lags the best block as on a live chain); a restart keeps them.
    pub fn start_with(extra: &[&str]) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let extra: Vec<String> = extra.iter().map(|s| s.to_string()).collect();
        let child = spawn_node(dir.path(), 0, &extra);
        let mut node = Node {
            child,
            port: 0,
            extra,
            _dir: dir,
        };
        node.wait_ready();
        node
    }

    /// Stops the node (SIGKILL: as abrupt as a crash) and waits until it is gone.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Starts the node again on the same chain data and the same RPC port (clients keep their
    /// URL), and waits until it answers. The port was this node's own since its first start:
    /// the system does not hand a port another process just bound to a new `bind(0)`.
    pub fn restart(&mut self) {
        self.kill();
        self.child = spawn_node(self._dir.path(), self.port, &self.extra);
        self.wait_ready();
    }

    fn wait_ready(&mut self) {
        let start = Instant::now();
        while start.elapsed() < NODE_START_TIMEOUT {
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("node exited with {status}: {}", self.log_tail());
            }
            if self.port == 0 {
                self.port = self.rpc_port_from_log().unwrap_or(0);
            }
            if self.port != 0 && rpc::answers(self.port) {
                return;
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        panic!(
            "node did not answer RPC within {NODE_START_TIMEOUT:?}: {}",
            self.log_tail()
        );
    }

    /// The port of the node's latest "Running JSON-RPC server: addr=127.0.0.1:PORT" line.
    fn rpc_port_from_log(&self) -> Option<u16> {
        let log = std::fs::read_to_string(self._dir.path().join("node.log")).ok()?;
        let line = log
            .lines()
            .rev()
            .find(|l| l.contains("Running JSON-RPC server"))?;
        let after = line.split("addr=127.0.0.1:").nth(1)?;
        after
            .split(|c: char| !c.is_ascii_digit())
            .next()?
            .parse()
            .ok()
    }

    fn log_tail(&self) -> String {
        let log = std::fs::read_to_string(self._dir.path().join("node.log")).unwrap_or_default();
        let lines: Vec<&str> = log.lines().collect();
        lines[lines.len().saturating_sub(20)..].join("\n")
    }

    /// The node's WebSocket URL.
    pub fn url(&self) -> String {
        format!("ws://127.0.0.1:{}", self.port)
    }
}

impl Drop for Node {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `substrate-contracts-node --dev` with its chain under `dir` and RPC on `port` (0:
/// one the system picks). It listens for peers on loopback only, on a port the system picks,
/// and looks for none, so nodes of parallel tests never clash.
fn spawn_node(dir: &Path, port: u16, extra: &[String]) -> Child {
    let log = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(dir.join("node.log"))
        .expect("node log");
    Command::new(node_binary())
        .args(["--dev", "--no-prometheus", "--no-telemetry", "--no-mdns"])
        .arg("--base-path")
        .arg(dir.join("chain"))
        .args(["--rpc-port", &port.to_string()])
        .args(["--listen-addr", "/ip4/127.0.0.1/tcp/0"])
        .args(extra)
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .expect("could not start substrate-contracts-node")
}

/// The contract artifact: `EHR_CONTRACT_WASM`, or `target/ink/ehr/ehr.wasm` in the workspace.
pub fn contract_wasm() -> PathBuf {
    let path = std::env::var_os("EHR_CONTRACT_WASM")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_target().join("ink/ehr/ehr.wasm"));
    assert!(
        path.is_file(),
        "contract artifact {} missing: run scripts/build-contract",
        path.display()
    );
    path
}

/// The test fixture contract (contracts/proxy), built by `scripts/build-contract --with-fixtures`.
pub fn proxy_wasm() -> PathBuf {
    let path = workspace_target().join("ink/ehr_proxy/ehr_proxy.wasm");
    assert!(
        path.is_file(),
        "fixture artifact {} missing: run scripts/build-contract --with-fixtures",
        path.display()
    );
    path
}

/// `CARGO_TARGET_DIR`, or the workspace's `target`.
fn workspace_target() -> PathBuf {
    if let Some(dir) = std::env::var_os("CARGO_TARGET_DIR") {
        return PathBuf::from(dir);
    }
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root")
        .join("target")
}

/// The `ehr` binary of this workspace (debug build).
pub fn ehr_binary() -> PathBuf {
    built("ehr", "cargo build -p ehr-cli")
}

/// The library's example `name` (debug build).
pub fn example_binary(name: &str) -> PathBuf {
    built(
        &format!("examples/{name}"),
        "cargo build -p ehr-client --examples",
    )
}

/// `rel` under the debug build directory this test runs from, built by `how`.
fn built(rel: &str, how: &str) -> PathBuf {
    let exe = std::env::current_exe().expect("test executable path");
    // target/debug/deps/<test> -> target/debug/<rel>
    let path = exe
        .parent()
        .and_then(Path::parent)
        .map(|d| d.join(rel))
        .expect("target dir");
    assert!(
        path.is_file(),
        "{} missing: run `{how}` first (scripts/test does)",
        path.display()
    );
    path
}

/// Dev accounts' addresses (the same on every dev chain).
pub const ALICE: &str = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";
pub const BOB: &str = "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty";
pub const CHARLIE: &str = "5FLSigC9HGRKVhB9FiEo4Y3koPsNmBmLJbpXg2mp1hXcS59Y";
pub const DAVE: &str = "5DAAnrj7VHTznn2AWBemMuyBwZWs6FNFjdyVXUeYum3PTXFy";
pub const EVE: &str = "5HGjWAeFDfFCWPsjFQdVV2Msvz2XtMktvgocEZcCj68kUMaw";
pub const FERDIE: &str = "5CiPPseXPECbkjWCa6MnjNokrgYjMqmKndv2rSnekmSK2DjL";

/// Exit codes of the CLI (the library's, which every front end ends with), as a process
/// status.
pub const EXIT_OTHER: i32 = ehr_client::error::EXIT_OTHER as i32;
pub const EXIT_REFUSED: i32 = ehr_client::error::EXIT_REFUSED as i32;
pub const EXIT_NODE: i32 = ehr_client::error::EXIT_NODE as i32;
/// A transaction of the command landed, then a later step failed.
pub const EXIT_PARTIAL: i32 = ehr_client::error::EXIT_PARTIAL as i32;

/// Milliseconds since the epoch (what block timestamps follow on a dev node).
pub fn now_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("a clock after 1970")
        .as_millis() as u64
}

/// The CLI, pointed at one node with its own state directory.
pub struct Ehr {
    url: String,
    home: std::sync::Arc<tempfile::TempDir>,
    /// Environment every run gets (e.g. `EHR_WAIT`), after the harness's own.
    env: Vec<(String, String)>,
}

/// What one CLI run did.
#[derive(Debug)]
pub struct Run {
    pub success: bool,
    /// The exit code (`None`: killed by a signal).
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl From<Output> for Run {
    fn from(output: Output) -> Self {
        Run {
            success: output.status.success(),
            code: output.status.code(),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }
}

impl Run {
    /// The `--json` output, parsed.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(self.stdout.trim())
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {self:?}"))
    }

    /// Asserts the run failed with exit `code` and `text` in its error output (stderr, or
    /// stdout under `--json`, where the error is a JSON object).
    pub fn fails_with(&self, code: i32, text: &str) {
        assert_eq!(self.code, Some(code), "{self:?}");
        assert!(
            self.stderr.contains(text) || self.stdout.contains(text),
            "{text:?} not in {self:?}"
        );
    }

    /// Asserts success and returns the `--json` output.
    pub fn ok_json(&self) -> serde_json::Value {
        assert!(self.success, "ehr failed: {self:?}");
        self.json()
    }
}

impl Ehr {
    /// A CLI for `node`, with a fresh home directory.
    pub fn new(node: &Node) -> Self {
        Self::at_url(node.url())
    }

    /// A CLI for the node at `url` (which may not be running yet), with a fresh home directory.
    pub fn at_url(url: String) -> Self {
        Self {
            url,
            home: std::sync::Arc::new(tempfile::tempdir().expect("temp dir")),
            env: Vec::new(),
        }
    }

    /// This CLI with the same state directory, talking to the node at `url`: another node of
    /// the same chain, to read through it what was sent through this one.
    pub fn through(&self, url: String) -> Self {
        Self {
            url,
            home: self.home.clone(),
            env: self.env.clone(),
        }
    }

    /// This CLI with `key=value` in every run's environment (e.g. `EHR_WAIT=finalized`).
    pub fn with_env(mut self, key: &str, value: &str) -> Self {
        self.env.push((key.to_string(), value.to_string()));
        self
    }

    /// The node URL this CLI talks to.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The state directory (for files a test hands to the CLI).
    pub fn dir(&self) -> &std::path::Path {
        self.home.path()
    }

    /// The contract address `ehr deploy` remembered (the first chain in deployments.json).
    pub fn contract_address(&self) -> String {
        let path = self.dir().join("deployments.json");
        let state: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&path).expect("ehr deploy ran first"))
                .expect("deployments.json is JSON");
        state["chains"]
            .as_object()
            .and_then(|chains| chains.values().next())
            .and_then(|d| d["address"].as_str())
            .expect("a remembered deployment")
            .to_string()
    }

    /// Writes `bytes` to a file `name` in the state directory and returns its path.
    pub fn file(&self, name: &str, bytes: &[u8]) -> String {
        let path = self.dir().join(name);
        std::fs::write(&path, bytes).expect("write a test file");
        path.display().to_string()
    }

    /// Everything the chain says about `suri`'s chart, as the patient sees it: the counters,
    /// the grants, the records and the whole access log. Two equal snapshots mean nothing
    /// changed.
    pub fn chart(&self, suri: &str) -> serde_json::Value {
        let ask = |args: &[&str]| {
            let mut all = args.to_vec();
            all.extend(["--suri", suri, "--json"]);
            self.run(all).ok_json()
        };
        serde_json::json!({
            "patient": ask(&["patient", "show"]),
            "grants": ask(&["access", "list"]),
            "requests": ask(&["access", "requests"]),
            "records": ask(&["record", "list"]),
            "history": ask(&["history", "--limit", "50"]),
        })
    }

    /// `ehr <args> --suri <suri> --json`.
    pub fn as_user(&self, suri: &str, args: &[&str]) -> Run {
        let mut all = args.to_vec();
        all.extend(["--suri", suri, "--json"]);
        self.run(all)
    }

    /// `suri` adds a record of `kind` holding `text` (`extra`: more options, e.g. `--patient`).
    pub fn add_record(
        &self,
        suri: &str,
        kind: &str,
        text: &str,
        extra: &[&str],
    ) -> serde_json::Value {
        let file = self.file(
            &format!("{kind}-{}-{}.txt", now_ms(), text.len()),
            text.as_bytes(),
        );
        let mut args = vec!["record", "add", "--type", kind];
        args.extend(extra);
        args.push(&file);
        self.as_user(suri, &args).ok_json()
    }

    /// `suri` views a record (`extra`: e.g. `--patient`, `--version`).
    pub fn view(&self, suri: &str, record: &str, extra: &[&str]) -> Run {
        let mut args = vec!["record", "view", record];
        args.extend(extra);
        self.as_user(suri, &args)
    }

    /// Registers Eve and Ferdie as patients (a custodian needs an encryption key to hold a
    /// share) and makes them registrars: Alice alone adds Eve, then Alice and Eve (a majority
    /// of two) add Ferdie.
    pub fn add_custodians(&self) {
        for suri in ["//Eve", "//Ferdie"] {
            self.as_user(suri, &["patient", "register"]).ok_json();
        }
        for (by, account, changed) in [
            ("//Alice", EVE, true),
            ("//Alice", FERDIE, false),
            ("//Eve", FERDIE, true),
        ] {
            let approved = self.as_user(by, &["registrar", "add", account]).ok_json();
            assert_eq!(
                approved["changed"], changed,
                "{by} adds {account}: {approved}"
            );
        }
    }

    /// `patient` opts in to emergency access for `types` (comma-separated) with `window`, Eve
    /// and Ferdie as custodians.
    pub fn opt_in(&self, patient: &str, types: &str, window: &str) -> Run {
        self.as_user(
            patient,
            &[
                "emergency",
                "enable",
                "--type",
                types,
                "--window",
                window,
                "--custodian",
                EVE,
                "--custodian",
                FERDIE,
            ],
        )
    }

    /// `doctor` breaks the glass on `patient`'s chart, giving `note` as the reason.
    pub fn break_glass(&self, doctor: &str, patient: &str, note: &str) -> Run {
        self.as_user(
            doctor,
            &[
                "emergency",
                "break-glass",
                "--patient",
                patient,
                "--reason",
                "unconscious",
                "--note",
                note,
            ],
        )
    }

    /// `custodian` releases its share of `patient`'s emergency key to `doctor`.
    pub fn release(&self, custodian: &str, patient: &str, doctor: &str) -> Run {
        self.as_user(
            custodian,
            &[
                "emergency",
                "release",
                "--patient",
                patient,
                "--doctor",
                doctor,
            ],
        )
    }

    /// Runs `ehr <args>` and captures what it printed.
    pub fn run<I, S>(&self, args: I) -> Run
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        self.run_with(args, &[], "")
    }

    /// Runs `ehr <args>` with extra environment variables and `stdin` as its input.
    pub fn run_with<I, S>(&self, args: I, env: &[(&str, &str)], stdin: &str) -> Run
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        let mut child = self.spawn_with(args, env);
        if let Some(mut input) = child.stdin.take() {
            // A command that does not read stdin may exit first: a broken pipe is fine.
            let _ = input.write_all(stdin.as_bytes());
        }
        Run::from(child.wait_with_output().expect("could not run ehr"))
    }

    /// Runs `ehr <args>` with its output on a terminal (a pseudo-terminal made by util-linux
    /// `script`, as a person at a terminal would see it): the run's stdout is what the terminal
    /// showed, stderr included.
    pub fn run_on_terminal(&self, args: &[&str]) -> Run {
        let quoted: Vec<String> = std::iter::once(ehr_binary().display().to_string())
            .chain(args.iter().map(|a| a.to_string()))
            .map(|a| format!("'{}'", a.replace('\'', "'\\''")))
            .collect();
        let output = Command::new("script")
            .args(["-q", "-e", "-c", &quoted.join(" "), "/dev/null"])
            .env("EHR_URL", &self.url)
            .env("EHR_HOME", self.home.path())
            .env_remove("EHR_SURI")
            .env_remove("EHR_ACCOUNT")
            .env_remove("EHR_CONTRACT")
            .envs(self.env.iter().map(|(k, v)| (k, v)))
            .stdin(Stdio::null())
            .output()
            .expect("util-linux `script` runs ehr on a pseudo-terminal");
        Run::from(output)
    }

    /// Starts `ehr <args>` in the background (stdin, stdout and stderr piped); finish it with
    /// `Run::from(child.wait_with_output())`.
    pub fn spawn<I, S>(&self, args: I) -> Child
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        self.spawn_with(args, &[])
    }

    fn spawn_with<I, S>(&self, args: I, env: &[(&str, &str)]) -> Child
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        Command::new(ehr_binary())
            .args(args)
            .env("EHR_URL", &self.url)
            .env("EHR_HOME", self.home.path())
            .env_remove("EHR_SURI")
            .env_remove("EHR_ACCOUNT")
            .env_remove("EHR_CONTRACT")
            .env_remove("EHR_PASSPHRASE")
            .env_remove("EHR_WAIT")
            .envs(self.env.iter().map(|(k, v)| (k, v)))
            .envs(env.iter().copied())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("could not run ehr")
    }

    /// A CLI for `node` with the contract deployed (by Alice, the first registrar), Alice
    /// registered as a patient and each `(suri, specialization)` as a doctor.
    pub fn with_clinic(node: &Node, doctors: &[(&str, &str)]) -> Self {
        let ehr = Self::new(node);
        ehr.deploy();
        ehr.run(["patient", "register", "--suri", "//Alice", "--json"])
            .ok_json();
        for (suri, specialization) in doctors {
            ehr.register_doctor(suri, specialization);
        }
        ehr
    }

    /// Registers the dev account `suri` as a doctor with a test profile.
    pub fn register_doctor(&self, suri: &str, specialization: &str) {
        self.register_doctor_named(suri, "Dr Test", specialization);
    }

    /// Registers the dev account `suri` as a doctor named `name`.
    pub fn register_doctor_named(&self, suri: &str, name: &str, specialization: &str) {
        self.run([
            "doctor",
            "register",
            "--suri",
            suri,
            "--json",
            "--name",
            name,
            "--specialization",
            specialization,
            "--clinic-address",
            "1 Main St",
            "--branch",
            "North",
            "--licence-number",
            "LIC-1",
        ])
        .ok_json();
    }

    /// The actions of `suri`'s history (its first page of 50), newest first.
    pub fn history_actions(&self, suri: &str) -> Vec<String> {
        self.as_user(suri, &["history", "--limit", "50"]).ok_json()["entries"]
            .as_array()
            .expect("history entries")
            .iter()
            .map(|e| e["action"].as_str().expect("an action").to_string())
            .collect()
    }

    /// Deploys the cargo-contract-built artifact and returns the contract address.
    pub fn deploy(&self) -> String {
        let wasm = contract_wasm();
        let out = self
            .run([
                "deploy".as_ref(),
                "--json".as_ref(),
                "--suri".as_ref(),
                "//Alice".as_ref(),
                "--wasm".as_ref(),
                wasm.as_os_str(),
            ])
            .ok_json();
        out["contract"]
            .as_str()
            .expect("deploy --json has a contract field")
            .to_string()
    }
}

/// Deploys the cargo-contract-built artifact through the chain client (as `//Alice`).
pub async fn deploy_contract(node: &Node) -> ehr_chain::EhrContract {
    let client = ehr_chain::Client::connect(&node.url())
        .await
        .expect("connect to the node");
    let wasm = std::fs::read(contract_wasm()).expect("read the contract artifact");
    let alice = signer("//Alice");
    let deployed = ehr_chain::EhrContract::deploy(&client, &alice, &wasm, b"e2e")
        .await
        .expect("deploy the contract");
    ehr_chain::EhrContract::at(client, deployed.address)
}

/// Sends a dev-derived account that genesis did not endow (e.g. `//Doctor7`) the funds its
/// transactions and deposits need, from `//Alice`.
pub async fn fund(url: &str, suri: &str) {
    let client = ehr_chain::Client::connect(url)
        .await
        .expect("connect to the node");
    client
        .transfer(
            &signer("//Alice"),
            &signer(suri).account_id(),
            10u128.pow(15),
        )
        .await
        .unwrap_or_else(|e| panic!("funding {suri}: {e}"));
}

/// [`fund`], for a test that is not async.
pub fn fund_blocking(url: &str, suri: &str) {
    tokio::runtime::Runtime::new()
        .expect("a runtime")
        .block_on(fund(url, suri));
}

/// The SS58 address of a dev secret URI.
pub fn address_of(suri: &str) -> String {
    signer(suri).account_id().to_string()
}

/// The contract `ehr deploy` remembered, through the chain client: to act as a client other
/// than the CLI (an attacker's, or a faster setup).
pub async fn remembered_contract(ehr: &Ehr) -> ehr_chain::EhrContract {
    let client = ehr_chain::Client::connect(ehr.url())
        .await
        .expect("connect to the node");
    let address = ehr_chain::AddressFormat::default()
        .parse(&ehr.contract_address())
        .expect("an address");
    ehr_chain::EhrContract::at(client, address)
}

/// A doctor profile for tests that register doctors through the chain client.
pub fn test_profile() -> ehr::DoctorProfile {
    ehr::DoctorProfile {
        name: "Dr Test".into(),
        specialization: "Cardiology".into(),
        clinic_address: "1 Main St".into(),
        branch: "North".into(),
        licence_number: "LIC-1".into(),
    }
}

/// A dev account's signer (`//Alice`, `//Bob`, ...: funded on a dev chain).
pub fn signer(uri: &str) -> ehr_chain::Signer {
    ehr_chain::Signer::from_uri(uri).expect("dev secret URI")
}

/// Executes a contract message that must succeed, returning its value (panics with the
/// message name and the error otherwise).
pub async fn ok<T: parity_scale_codec::Decode>(
    contract: &ehr_chain::EhrContract,
    who: &ehr_chain::Signer,
    msg: ehr_chain::Message<ehr::Result<T>>,
) -> T {
    contract
        .execute(who, &msg)
        .await
        .unwrap_or_else(|e| panic!("{} failed: {e}", msg.name))
        .0
}

/// The contract's error from a call that must have been refused by the contract.
pub fn refused<T: std::fmt::Debug>(result: Result<T, ehr_chain::ChainError>) -> ehr::Error {
    match result {
        Err(ehr_chain::ChainError::Contract(e) | ehr_chain::ChainError::ContractInBlock(e)) => e,
        other => panic!("expected a contract refusal, got {other:?}"),
    }
}

/// An account from an address in the generic (dev chain) form or 0x-hex.
pub fn parse_account(s: &str) -> Result<ehr_chain::AccountId32, ehr_chain::ChainError> {
    ehr_chain::AddressFormat::default().parse(s)
}
