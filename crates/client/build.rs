//! Compiles in the code hash of the ehr contract built next to this CLI (when it has been
//! built), so the CLI can refuse a contract address that runs any other code.
//!
//! The artifact is `$EHR_CONTRACT_WASM`, else `<target dir>/ink/ehr/ehr.wasm` (what
//! `scripts/build-contract` writes). Without it, the CLI trusts only code its user pinned with
//! `ehr deploy`. The artifact's path is compiled in too, for `ehr deploy` to find it.

use blake2::digest::consts::U32;
use blake2::{Blake2b, Digest};
use std::path::PathBuf;

fn main() {
    println!("cargo:rerun-if-env-changed=EHR_CONTRACT_WASM");
    println!("cargo:rerun-if-env-changed=CARGO_TARGET_DIR");
    let wasm = std::env::var_os("EHR_CONTRACT_WASM")
        .map(PathBuf::from)
        .or_else(|| target_dir().map(|t| t.join("ink/ehr/ehr.wasm")));
    let Some(wasm) = wasm else { return };
    println!("cargo:rerun-if-changed={}", wasm.display());
    match std::fs::read(&wasm) {
        // pallet-contracts names code by its BLAKE2b-256 hash.
        Ok(code) => {
            let hash: [u8; 32] = Blake2b::<U32>::digest(&code).into();
            let hex: String = hash.iter().map(|b| format!("{b:02x}")).collect();
            println!("cargo:rustc-env=EHR_CONTRACT_CODE_HASH=0x{hex}");
            // Where `ehr deploy` looks first: an `ehr` installed elsewhere (`cargo install`)
            // still finds the contract it was built next to.
            // Absolute: a relative CARGO_TARGET_DIR is relative to where cargo ran, not to
            // where `ehr deploy` will.
            if let Ok(absolute) = wasm.canonicalize() {
                println!("cargo:rustc-env=EHR_CONTRACT_ARTIFACT={}", absolute.display());
            }
        }
        Err(_) => println!(
            "cargo:warning=no ehr contract at {} yet: this ehr trusts only contracts its user deploys (build it with scripts/build-contract first)",
            wasm.display()
        ),
    }
}

/// `CARGO_TARGET_DIR`, else the directory four levels above `OUT_DIR`
/// (`<target>/<profile>/build/<crate>-<hash>/out`).
fn target_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("CARGO_TARGET_DIR") {
        return Some(PathBuf::from(dir));
    }
    let out = PathBuf::from(std::env::var_os("OUT_DIR")?);
    out.ancestors().nth(4).map(PathBuf::from)
}
