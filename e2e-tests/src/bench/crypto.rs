//! Measurement 5: envelope encryption next to raw AES-256-GCM, read from the results of
//! `cargo bench -p ehr-envelope --bench throughput` (criterion's `estimates.json`).

use serde::Serialize;
use std::path::Path;

/// The sizes the criterion bench runs, as it names them, and their bytes.
const SIZES: [(&str, u64); 4] = [
    ("1KiB", 1024),
    ("64KiB", 64 * 1024),
    ("1MiB", 1024 * 1024),
    ("16MiB", 16 * 1024 * 1024),
];

/// One size, both directions, in MiB/s.
#[derive(Debug, Serialize)]
pub struct Row {
    pub size: String,
    pub bytes: u64,
    pub encrypt_raw: f64,
    pub encrypt_envelope: f64,
    pub encrypt_ratio: f64,
    pub decrypt_raw: f64,
    pub decrypt_envelope: f64,
    pub decrypt_ratio: f64,
}

/// The crypto table.
#[derive(Debug, Serialize)]
pub struct Crypto {
    pub rows: Vec<Row>,
    /// The lowest envelope ÷ raw ratio at 1 MiB and above (target ≥ 0.7).
    pub min_ratio_large: f64,
}

/// MiB/s of one criterion benchmark (its mean time per iteration).
fn mib_per_s(criterion: &Path, op: &str, side: &str, size: &str, bytes: u64) -> Option<f64> {
    let path = criterion
        .join(format!("{op}_{size}"))
        .join(side)
        .join(size)
        .join("new/estimates.json");
    let text = std::fs::read_to_string(path).ok()?;
    let json: serde_json::Value = serde_json::from_str(&text).ok()?;
    let ns = json["mean"]["point_estimate"].as_f64()?;
    Some(bytes as f64 / (ns / 1e9) / (1024.0 * 1024.0))
}

/// Reads the results under `criterion` (`$CARGO_TARGET_DIR/criterion`); `None` when the
/// bench has not run.
pub fn read(criterion: &Path) -> Option<Crypto> {
    let mut rows = Vec::new();
    for (size, bytes) in SIZES {
        let get = |op, side| mib_per_s(criterion, op, side, size, bytes);
        let (er, ee) = (get("encrypt", "raw-aes-gcm")?, get("encrypt", "envelope")?);
        let (dr, de) = (get("decrypt", "raw-aes-gcm")?, get("decrypt", "envelope")?);
        rows.push(Row {
            size: size.replace("KiB", " KiB").replace("MiB", " MiB"),
            bytes,
            encrypt_raw: er,
            encrypt_envelope: ee,
            encrypt_ratio: ee / er,
            decrypt_raw: dr,
            decrypt_envelope: de,
            decrypt_ratio: de / dr,
        });
    }
    let min_ratio_large = rows
        .iter()
        .filter(|r| r.bytes >= 1024 * 1024)
        .flat_map(|r| [r.encrypt_ratio, r.decrypt_ratio])
        .fold(f64::INFINITY, f64::min);
    Some(Crypto {
        rows,
        min_ratio_large,
    })
}
