//! A record added and read back through the library alone, as a clinic's own tool would:
//! connect, deploy ehr (or use a deployment), register a patient, seal and upload a FHIR
//! Observation for them, then open it again and check it is what was sealed.
//!
//! `cargo run -p ehr-client --example add_and_read -- [URL] [CONTRACT.wasm]`
//!
//! URL defaults to a local dev node (`ws://127.0.0.1:9944`), the artifact to the contract this
//! library was built next to (`scripts/build-contract`). The patient is `//Alice` of a dev chain.

use std::sync::Arc;

use ehr::RecordType;
use ehr_chain::{Client, EhrContract, Signer};
use ehr_client::records::content::{describe, Describe};
use ehr_client::records::upload::Target;
use ehr_client::{Chart, Silent};
use zeroize::Zeroizing;

const OBSERVATION: &str = r#"{"resourceType":"Observation","status":"final","code":{"text":"Heart rate"},"valueQuantity":{"value":72,"unit":"/min"}}"#;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let url = args.next().unwrap_or_else(|| "ws://127.0.0.1:9944".into());
    let wasm = args
        .next()
        .or_else(|| ehr_client::trust::code::ARTIFACT.map(str::to_string))
        .ok_or("give the contract artifact (scripts/build-contract builds it)")?;
    let home = tempfile::tempdir()?;

    // A contract of our own on the chain, deployed by the patient.
    let client = Client::connect(&url).await?;
    let secret = Zeroizing::new("//Alice".to_string());
    let deployer = Signer::from_uri(&secret)?;
    let salt = std::process::id().to_le_bytes();
    let deployed = EhrContract::deploy(&client, &deployer, &std::fs::read(&wasm)?, &salt).await?;
    let contract = EhrContract::at(client, deployed.address);
    let chart = Chart::new(
        contract,
        secret,
        None,
        home.path().to_path_buf(),
        Arc::new(Silent),
    )?;

    // The patient registers and adds a record: sealed here, only ciphertext on chain.
    chart.register_patient().await?;
    let how = Describe {
        media_type: None,
        validate: true,
    };
    let content = describe(OBSERVATION.as_bytes().to_vec(), None, &how)?;
    let added = chart
        .upload(Target::New(RecordType::Cardiac), &content)
        .await?;
    println!(
        "added record {} v{}: {} bytes of ciphertext, readable by {} account(s)",
        added.record,
        added.version,
        added.length,
        added.readers.len()
    );

    // Read back through the same library: downloaded, hash-checked and opened.
    let opened = chart.view(added.record, None).await?;
    if opened.content.bytes() != OBSERVATION.as_bytes() {
        return Err("the record read back is not the one added".into());
    }
    println!(
        "read back record {} v{}: {} ({} bytes), as sealed",
        added.record,
        opened.version,
        opened
            .content
            .info()
            .and_then(|i| i.fhir_type())
            .unwrap_or("no FHIR type"),
        opened.content.bytes().len()
    );
    Ok(())
}
