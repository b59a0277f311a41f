//! Measures what the main contract messages cost on a real node: weight (ref_time,
//! proof_size) from the dry run and the storage deposit charged. Prints a Markdown table
//! for BENCHMARKS.md.
//!
//! `cargo run -p ehr-e2e-tests --bin contract-costs` (needs the node and the built contract).

use ehr::{AccessKind, DoctorProfile, RecordType, Scope};
use ehr_chain::{EhrContract, Message, Signer};
use ehr_e2e_tests::{contract_wasm, deploy_contract, signer, Node};
use parity_scale_codec::Decode;

struct Row {
    message: &'static str,
    ref_time: u64,
    proof_size: u64,
    deposit: u128,
}

async fn measure<T: Decode>(
    contract: &EhrContract,
    who: &Signer,
    label: &'static str,
    msg: Message<ehr::Result<T>>,
) -> Row {
    let dry = contract
        .dry_run(&who.account_id(), &msg)
        .await
        .unwrap_or_else(|e| panic!("{label}: {e}"));
    contract
        .execute(who, &msg)
        .await
        .unwrap_or_else(|e| panic!("{label}: {e}"));
    Row {
        message: label,
        ref_time: dry.gas_required.ref_time,
        proof_size: dry.gas_required.proof_size,
        deposit: dry.storage_deposit.charge(),
    }
}

#[tokio::main]
async fn main() {
    let node = Node::start();
    let contract = deploy_contract(&node).await;
    let (alice, bob) = (signer("//Alice"), signer("//Bob"));
    let (a, b) = (alice.account_id(), bob.account_id());
    let profile = DoctorProfile {
        name: "Dr Bob".into(),
        specialization: "Cardiology".into(),
        clinic_address: "1 Heart St".into(),
        branch: "North".into(),
        licence_number: "LIC-42".into(),
    };
    let wrap = vec![7u8; 80];
    let mut rows = vec![
        measure(
            &contract,
            &alice,
            "register_patient",
            contract.register_patient([1; 32]),
        )
        .await,
        measure(
            &contract,
            &bob,
            "register_doctor",
            contract.register_doctor([2; 32], profile),
        )
        .await,
        measure(
            &contract,
            &alice,
            "grant_access (chart, read)",
            contract.grant_access(&a, &b, Scope::Chart, AccessKind::Read, None),
        )
        .await,
        measure(
            &contract,
            &alice,
            "add_record (1 KiB, 2 wraps)",
            contract.add_record(
                &a,
                1,
                RecordType::GeneralInformation,
                [9; 32],
                1024,
                vec![1; 1024],
                vec![(a.clone(), wrap.clone()), (b.clone(), wrap.clone())],
            ),
        )
        .await,
        measure(
            &contract,
            &bob,
            "open_record (audited read)",
            contract.open_record(&a, 1, 1),
        )
        .await,
        measure(
            &contract,
            &alice,
            "revoke_access",
            contract.revoke_access(&a, &b, Scope::Chart),
        )
        .await,
    ];
    rows.push(
        measure(
            &contract,
            &alice,
            "erase_version (1 KiB)",
            contract.erase_version(1, 1),
        )
        .await,
    );
    let wasm_size = std::fs::metadata(contract_wasm())
        .map(|m| m.len())
        .unwrap_or(0);
    println!("Contract wasm: {wasm_size} bytes\n");
    println!("| message | ref_time | proof_size | storage deposit (planck) |");
    println!("|---|---:|---:|---:|");
    for r in rows {
        println!(
            "| {} | {} | {} | {} |",
            r.message, r.ref_time, r.proof_size, r.deposit
        );
    }
}
