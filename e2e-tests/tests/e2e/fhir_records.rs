//! Records as FHIR through the CLI on a real node: valid R4 is sealed with its description and
//! read back by a granted doctor as a summary or as the resource; invalid R4 is refused with the
//! path of its problem and nothing reaches the chain; a chart of FHIR, a PDF and an erased
//! version exports as one R4 Bundle whose every content hash matches what was added.

use base64::Engine as _;
use ehr_e2e_tests::{Ehr, Node, ALICE, BOB};
use sha2::Digest as _;

fn fixture(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
}

fn sha256(bytes: &[u8]) -> String {
    hex::encode(sha2::Sha256::digest(bytes))
}

fn add(ehr: &Ehr, kind: &str, path: &std::path::Path) -> serde_json::Value {
    ehr.as_user(
        "//Alice",
        &["record", "add", "--type", kind, path.to_str().unwrap()],
    )
    .ok_json()
}

/// Alice exports her chart as FHIR: the Bundle's path, and the command's JSON result.
fn export_fhir(ehr: &Ehr) -> (std::path::PathBuf, serde_json::Value) {
    let out = ehr.dir().join("chart.json");
    let exported = ehr
        .as_user(
            "//Alice",
            &["record", "export", "--fhir", out.to_str().unwrap()],
        )
        .ok_json();
    (out, exported)
}

#[test]
fn fhir_observation_is_validated_sealed_and_summarised_works() {
    // given Alice a patient and Bob a doctor she grants read access
    let node = Node::start();
    let ehr = Ehr::with_clinic(&node, &[("//Bob", "Cardiology")]);
    ehr.as_user("//Alice", &["access", "grant", BOB, "--kind", "read"])
        .ok_json();

    // when Alice adds a valid FHIR Observation
    add(
        &ehr,
        "cardiac",
        &fixture("fhir/observation-heart-rate.json"),
    );

    // then Bob reads it as the resource, described as FHIR (never on chain: inside the seal)
    let viewed = ehr.view("//Bob", "1", &["--patient", ALICE]).ok_json();
    assert_eq!(viewed["media_type"], "application/fhir+json", "{viewed}");
    assert_eq!(viewed["fhir_type"], "Observation");
    assert_eq!(viewed["file_name"], "observation-heart-rate.json");
    assert_eq!(viewed["resource"]["valueQuantity"]["value"], 72);
    // and as a summary a person reads
    let summary = ehr.run([
        "record",
        "view",
        "1",
        "--patient",
        ALICE,
        "--summary",
        "--suri",
        "//Bob",
    ]);
    assert!(summary.success, "{summary:?}");
    assert!(
        summary
            .stdout
            .contains("Observation — Heart rate 72 /min, 2026-11-30, final"),
        "{summary:?}"
    );
    // and `--raw` gives the bytes as they were added
    let raw = ehr.run([
        "record",
        "view",
        "1",
        "--patient",
        ALICE,
        "--raw",
        "--suri",
        "//Bob",
    ]);
    let added = std::fs::read_to_string(fixture("fhir/observation-heart-rate.json")).unwrap();
    assert_eq!(raw.stdout, added);
}

#[test]
fn invalid_fhir_is_refused_with_its_path_and_nothing_lands_works() {
    // given Alice a patient
    let node = Node::start();
    let ehr = Ehr::with_clinic(&node, &[]);
    let before = ehr.chart("//Alice");

    // when she adds each invalid resource, then each is refused before sealing, naming where
    for (file, path) in [
        ("invalid-missing-status.json", "Observation.status"),
        ("invalid-value-quantity.json", "Observation.valueQuantity"),
        ("invalid-unknown-type.json", "VitalSigns"),
    ] {
        let run = ehr.run([
            "record",
            "add",
            "--type",
            "lab",
            fixture(&format!("fhir/{file}")).to_str().unwrap(),
            "--suri",
            "//Alice",
        ]);
        assert_eq!(run.code, Some(1), "{file}: {run:?}");
        assert!(
            run.stderr.contains(path) && run.stderr.contains("nothing was sent"),
            "{file}: {}",
            run.stderr
        );
    }
    // and nothing reached the chain: no record, no log entry, no fee
    assert_eq!(ehr.chart("//Alice"), before);

    // unless she insists: --no-validate seals it as it is, and says so
    let run = ehr.run([
        "record",
        "add",
        "--type",
        "lab",
        "--no-validate",
        fixture("fhir/invalid-missing-status.json")
            .to_str()
            .unwrap(),
        "--suri",
        "//Alice",
        "--json",
    ]);
    assert!(run.success, "{run:?}");
    assert!(run.stderr.contains("--no-validate"), "{run:?}");
    // and an export still makes a valid Bundle: the unvalidated resource goes in as a document
    let (_, exported) = export_fhir(&ehr);
    assert_eq!(
        (&exported["resources"], &exported["documents"]),
        (&0.into(), &1.into()),
        "{exported}"
    );
}

#[test]
fn chart_exports_as_one_fhir_bundle_with_every_hash_works() {
    // given Alice's chart: a FHIR Observation, a Bundle, a PDF, and a note whose first
    // version she erased
    let node = Node::start();
    let ehr = Ehr::with_clinic(&node, &[]);
    let observation = fixture("fhir/observation-heart-rate.json");
    let panel = fixture("fhir/bundle-lipid-panel.json");
    let pdf = fixture("ecg.pdf");
    add(&ehr, "cardiac", &observation);
    add(&ehr, "lab", &panel);
    add(&ehr, "cardiac", &pdf);
    let note = ehr.file("note.txt", b"felt dizzy after the new dose");
    add(&ehr, "general", std::path::Path::new(&note));
    let note2 = ehr.file("note.txt", b"dizziness gone");
    ehr.as_user("//Alice", &["record", "update", "4", &note2])
        .ok_json();
    ehr.as_user("//Alice", &["record", "erase", "4", "--version", "1"])
        .ok_json();

    // when she exports it as FHIR
    let (out, exported) = export_fhir(&ehr);
    assert_eq!(
        (
            &exported["resources"],
            &exported["documents"],
            &exported["erased"]
        ),
        (&2.into(), &2.into(), &1.into()),
        "{exported}"
    );

    // then the file is one R4 collection Bundle
    let bundle: serde_json::Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    assert_eq!(bundle["resourceType"], "Bundle");
    assert_eq!(bundle["type"], "collection");
    let entries = bundle["entry"].as_array().unwrap();
    let resources: Vec<&serde_json::Value> = entries.iter().map(|e| &e["resource"]).collect();
    let provenance = |r: &serde_json::Value, key: &str| -> serde_json::Value {
        r["meta"]["extension"][0]["extension"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["url"] == key)
            .map(|x| {
                x.as_object()
                    .unwrap()
                    .iter()
                    .find(|(k, _)| k.starts_with("value"))
                    .unwrap()
                    .1
                    .clone()
            })
            .unwrap_or(serde_json::Value::Null)
    };
    // and every FHIR record is its resource, carrying the hash of the bytes that were added
    let obs = resources
        .iter()
        .find(|r| r["resourceType"] == "Observation")
        .unwrap();
    assert_eq!(
        provenance(obs, "contentSha256"),
        sha256(&std::fs::read(&observation).unwrap())
    );
    assert_eq!(
        (provenance(obs, "record"), &obs["meta"]["versionId"]),
        (1.into(), &"1".into())
    );
    let inner = resources
        .iter()
        .find(|r| r["resourceType"] == "Bundle")
        .unwrap();
    assert_eq!(
        provenance(inner, "contentSha256"),
        sha256(&std::fs::read(&panel).unwrap())
    );
    // and every other file is a Binary whose data hashes to the file and to its provenance
    let binaries: Vec<&&serde_json::Value> = resources
        .iter()
        .filter(|r| r["resourceType"] == "Binary")
        .collect();
    assert_eq!(binaries.len(), 2);
    let mut added = vec![
        sha256(&std::fs::read(&pdf).unwrap()),
        sha256(b"dizziness gone"),
    ];
    added.sort();
    let mut found: Vec<String> = binaries
        .iter()
        .map(|b| {
            let data = base64::engine::general_purpose::STANDARD
                .decode(b["data"].as_str().unwrap())
                .unwrap();
            assert_eq!(provenance(b, "contentSha256"), sha256(&data));
            sha256(&data)
        })
        .collect();
    found.sort();
    assert_eq!(found, added);
    // and the erased version is listed, entered-in-error, without content
    let erased = resources
        .iter()
        .find(|r| r["status"] == "entered-in-error")
        .unwrap();
    assert_eq!(
        (provenance(erased, "record"), provenance(erased, "version")),
        (4.into(), 1.into())
    );
    assert!(erased["content"][0]["attachment"].get("data").is_none());
    assert!(erased["content"][0]["attachment"].get("url").is_none());
}
