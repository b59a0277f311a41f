//! JSON-RPC over plain HTTP to a node on a local port: enough to see whether a node answers and
//! where its chain is, without a client library (and without one's reconnect logic).

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

/// The `result` of calling `method` with `params` (a JSON list) on the node at `port`, or
/// `None` when it does not answer or answers with an error.
pub fn call(port: u16, method: &str, params: serde_json::Value) -> Option<serde_json::Value> {
    let body = serde_json::json!({"jsonrpc": "2.0", "id": 1, "method": method, "params": params})
        .to_string();
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(3))).ok()?;
    let request = format!(
        "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).ok()?;
    let mut response = String::new();
    let _ = stream.read_to_string(&mut response);
    let (_, json) = response.split_once("\r\n\r\n")?;
    let mut answer: serde_json::Value = serde_json::from_str(json.trim()).ok()?;
    answer.get_mut("result").map(serde_json::Value::take)
}

/// True when the node at `port` answers `system_health`.
pub fn answers(port: u16) -> bool {
    call(port, "system_health", serde_json::json!([])).is_some()
}

/// The node's best and finalized block numbers.
pub fn heads(port: u16) -> Option<(u64, u64)> {
    let number = |header: serde_json::Value| {
        let hex = header["number"]
            .as_str()?
            .trim_start_matches("0x")
            .to_string();
        u64::from_str_radix(&hex, 16).ok()
    };
    let best = number(call(port, "chain_getHeader", serde_json::json!([]))?)?;
    let hash = call(port, "chain_getFinalizedHead", serde_json::json!([]))?;
    let finalized = number(call(port, "chain_getHeader", serde_json::json!([hash]))?)?;
    Some((best, finalized))
}
