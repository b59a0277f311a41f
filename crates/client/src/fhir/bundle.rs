//! A whole chart as one FHIR R4 Bundle (type `collection`), for the next clinic to import:
//! each FHIR record as its resource, each other file as a DocumentReference whose content is a
//! Binary, each erased version as an entered-in-error DocumentReference without content. Every
//! entry says where it came from on chain (an extension on its `meta`), its record type (a
//! `meta.tag`) and its version (`meta.versionId`, `meta.lastUpdated`).
//!
//! Written with fhirkit's JSON, which keeps numbers exactly as written (FHIR decimals keep
//! their precision: `72.50` stays `72.50`) and keys in document order.

use base64::Engine as _;
use fhirkit::Json;
use serde_json::{json, Value};
use sha1::Digest as _;

pub use super::entry::Entry;
use super::reserved;

/// `meta.tag` system of the ehr record type (`lab`, `cardiac`, ...).
pub const RECORD_TYPE_SYSTEM: &str = "urn:ehr:record-type";
/// `meta.extension` url of where a version came from on chain.
pub const PROVENANCE_URL: &str = "urn:ehr:fhir:chain-provenance";

/// Where a version came from on chain.
#[derive(Debug, Clone)]
pub struct Provenance {
    pub record: u32,
    pub version: u32,
    pub record_type: &'static str,
    /// The block that stored it, and its time (milliseconds since the epoch).
    pub block: u32,
    pub created_at: u64,
    pub author: String,
    /// SHA-256 of the ciphertext, as the chain holds it.
    pub ciphertext_sha256: String,
}

/// What an export removed from one writer's resource because it used ehr's own names (see
/// `reserved`): shown to the patient, since it may be a forgery.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Removed {
    pub record: u32,
    pub version: u32,
    /// Each element removed, by its path and the name it used.
    pub what: Vec<String>,
}

/// The Bundle of `entries` (each with its provenance) of `patient`'s chart, made at `now`
/// (milliseconds since the epoch). Every entry's id is ehr's (`r{record}-v{version}`); a
/// writer's own id is kept in the entry's provenance (`writerId`). A resource must come without
/// ehr's own names (`reserved::strip`).
pub fn bundle(patient: &str, entries: Vec<(Provenance, Entry)>, now: u64) -> Json {
    let mut out = Vec::new();
    for (p, entry) in entries {
        let id = format!("r{}-v{}", p.record, p.version);
        match entry {
            Entry::Resource {
                mut resource,
                sha256,
            } => {
                let writer_id = reserved::take_id(&mut resource);
                set(&mut resource, "id", Json::String(id));
                stamp(&mut resource, &p, Some(&sha256), writer_id.as_deref());
                out.push(entry_of(&p, resource));
            }
            Entry::File {
                bytes,
                media_type,
                file_name,
            } => {
                let binary_url = urn(&p, "binary");
                let binary = json!({
                    "resourceType": "Binary",
                    "id": format!("{id}-content"),
                    "contentType": media_type,
                    "data": base64::engine::general_purpose::STANDARD.encode(&bytes),
                });
                let sha256 = hex::encode(sha2::Sha256::digest(&bytes));
                let mut attachment = json!({
                    "contentType": media_type,
                    "url": binary_url,
                    "size": bytes.len(),
                    // FHIR's Attachment.hash is SHA-1 (base64); the SHA-256 is in the provenance.
                    "hash": base64::engine::general_purpose::STANDARD.encode(sha1::Sha1::digest(&bytes)),
                });
                if let Some(name) = &file_name {
                    attachment["title"] = json!(name);
                }
                let mut document = exact(&document(&id, &p, "current", attachment));
                stamp(&mut document, &p, Some(&sha256), None);
                out.push(entry_of(&p, document));
                let mut binary = exact(&binary);
                stamp(&mut binary, &p, Some(&sha256), None);
                out.push(Json::Object(vec![
                    ("fullUrl".into(), Json::String(binary_url)),
                    ("resource".into(), binary),
                ]));
            }
            Entry::Erased => {
                let attachment = json!({
                    "title": "erased: the content was removed from the chain (crypto-shredded)"
                });
                let mut document = exact(&document(&id, &p, "entered-in-error", attachment));
                stamp(&mut document, &p, None, None);
                out.push(entry_of(&p, document));
            }
        }
    }
    Json::Object(vec![
        ("resourceType".into(), Json::String("Bundle".into())),
        (
            "meta".into(),
            exact(&json!({ "tag": [{ "system": "urn:ehr:patient", "code": patient }] })),
        ),
        ("type".into(), Json::String("collection".into())),
        ("timestamp".into(), Json::String(instant(now))),
        ("entry".into(), Json::Array(out)),
    ])
}

/// A JSON value built here, as fhirkit's JSON, `resourceType` first where there is one.
fn exact(value: &Value) -> Json {
    match value {
        Value::Null => Json::Null,
        Value::Bool(b) => Json::Bool(*b),
        Value::Number(n) => Json::Number(n.to_string()),
        Value::String(s) => Json::String(s.clone()),
        Value::Array(items) => Json::Array(items.iter().map(exact).collect()),
        Value::Object(fields) => {
            let mut fields: Vec<(String, Json)> =
                fields.iter().map(|(k, v)| (k.clone(), exact(v))).collect();
            fields.sort_by_key(|(k, _)| k != "resourceType");
            Json::Object(fields)
        }
    }
}

/// Sets `key` of an object (replacing it, or adding it at the end).
fn set(object: &mut Json, key: &str, value: Json) {
    if let Json::Object(fields) = object {
        match fields.iter_mut().find(|(k, _)| k == key) {
            Some((_, slot)) => *slot = value,
            None => fields.push((key.into(), value)),
        }
    }
}

/// Appends `item` to the array at `key` of an object (made when missing; a non-array there is
/// replaced, as R4 allows only an array).
fn push(object: &mut Json, key: &str, item: Json) {
    if let Json::Object(fields) = object {
        match fields.iter_mut().find(|(k, _)| k == key) {
            Some((_, Json::Array(list))) => list.push(item),
            Some((_, slot)) => *slot = Json::Array(vec![item]),
            None => fields.push((key.into(), Json::Array(vec![item]))),
        }
    }
}

/// A FHIR instant for milliseconds since the epoch.
fn instant(ms: u64) -> String {
    let at = std::time::UNIX_EPOCH + std::time::Duration::from_millis(ms);
    humantime::format_rfc3339_millis(at).to_string()
}

/// A URN naming one version's entry, stable across exports of the same chart.
fn urn(p: &Provenance, part: &str) -> String {
    let suffix = if part.is_empty() {
        String::new()
    } else {
        format!(":{part}")
    };
    format!("urn:ehr:record:{}:version:{}{suffix}", p.record, p.version)
}

fn entry_of(p: &Provenance, resource: Json) -> Json {
    Json::Object(vec![
        ("fullUrl".into(), Json::String(urn(p, ""))),
        ("resource".into(), resource),
    ])
}

/// A DocumentReference for a non-FHIR or erased version.
fn document(id: &str, p: &Provenance, status: &str, attachment: Value) -> Value {
    json!({
        "resourceType": "DocumentReference",
        "id": id,
        "status": status,
        "category": [{ "coding": [{ "system": RECORD_TYPE_SYSTEM, "code": p.record_type }] }],
        "date": instant(p.created_at),
        "content": [{ "attachment": attachment }],
    })
}

/// Sets `meta.versionId` and `meta.lastUpdated` (the chain's), and adds the record-type tag
/// and the provenance extension (with the writer's own id, if it had one) to what the
/// resource's own `meta` says.
fn stamp(
    resource: &mut Json,
    p: &Provenance,
    content_sha256: Option<&str>,
    writer_id: Option<&str>,
) {
    let mut parts = vec![
        json!({ "url": "record", "valuePositiveInt": p.record }),
        json!({ "url": "version", "valuePositiveInt": p.version }),
        json!({ "url": "block", "valueUnsignedInt": p.block }),
        json!({ "url": "author", "valueString": p.author }),
        json!({ "url": "ciphertextSha256", "valueString": p.ciphertext_sha256 }),
    ];
    if let Some(sha) = content_sha256 {
        parts.push(json!({ "url": "contentSha256", "valueString": sha }));
    }
    if let Some(id) = writer_id {
        parts.push(json!({ "url": "writerId", "valueString": id }));
    }
    let Json::Object(fields) = resource else {
        return;
    };
    let meta = match fields.iter().position(|(k, _)| k == "meta") {
        Some(at) => &mut fields[at].1,
        None => {
            fields.push(("meta".into(), Json::Object(Vec::new())));
            &mut fields.last_mut().expect("just pushed").1
        }
    };
    if !matches!(meta, Json::Object(_)) {
        *meta = Json::Object(Vec::new());
    }
    set(meta, "versionId", Json::String(p.version.to_string()));
    set(meta, "lastUpdated", Json::String(instant(p.created_at)));
    let tag = json!({ "system": RECORD_TYPE_SYSTEM, "code": p.record_type });
    push(meta, "tag", exact(&tag));
    let provenance = json!({ "url": PROVENANCE_URL, "extension": parts });
    push(meta, "extension", exact(&provenance));
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The `contentSha256` a Bundle entry's provenance names, and for a Binary the SHA-256 of its
    /// decoded data: what a reader of the export checks its content against.
    fn content_hashes(entry: &Value) -> (Option<String>, Option<String>) {
        let resource = &entry["resource"];
        let named = resource["meta"]["extension"]
            .as_array()
            .and_then(|e| e.iter().find(|x| x["url"] == PROVENANCE_URL))
            .and_then(|p| p["extension"].as_array())
            .and_then(|parts| parts.iter().find(|x| x["url"] == "contentSha256"))
            .and_then(|x| x["valueString"].as_str())
            .map(str::to_string);
        let data = resource["data"]
            .as_str()
            .and_then(|d| base64::engine::general_purpose::STANDARD.decode(d).ok())
            .map(|bytes| hex::encode(sha2::Sha256::digest(bytes)));
        (named, data)
    }

    fn provenance(record: u32, version: u32) -> Provenance {
        Provenance {
            record,
            version,
            record_type: "lab",
            block: 12,
            created_at: 1_764_547_200_000,
            author: crate::samples::BOB.into(),
            ciphertext_sha256: "cd".repeat(32),
        }
    }

    /// A sample Bundle, as the text an export writes.
    fn sample() -> String {
        let observation = Json::parse(
            r#"{"resourceType":"Observation","status":"final","code":{"text":"Heart rate"},"valueQuantity":{"value":72.50,"unit":"/min"},"meta":{"tag":[{"code":"own"}]}}"#,
        )
        .unwrap();
        bundle(
            crate::samples::ALICE,
            vec![
                (
                    provenance(1, 1),
                    Entry::Resource {
                        resource: observation,
                        sha256: "ab".repeat(32),
                    },
                ),
                (
                    provenance(2, 1),
                    Entry::File {
                        bytes: b"%PDF-1.7 ecg".to_vec(),
                        media_type: "application/pdf".into(),
                        file_name: Some("ecg.pdf".into()),
                    },
                ),
                (provenance(2, 2), Entry::Erased),
            ],
            1_764_547_200_000,
        )
        .to_pretty()
    }

    #[test]
    fn bundle_is_valid_r4_works() {
        assert_eq!(
            super::super::validate::check(sample().as_bytes()).unwrap(),
            "Bundle"
        );
    }

    #[test]
    fn bundle_carries_versions_provenance_and_content_works() {
        // the resource keeps its decimal as written and its own tag, resourceType first
        let text = sample();
        assert!(text.contains("\"value\": 72.50"), "{text}");
        insta::assert_snapshot!(text);
    }

    #[test]
    fn forged_provenance_tags_and_ids_are_not_exported() {
        // given a writer who sealed an Observation carrying ehr's own provenance extension (with
        // another author), ehr's record-type tag, and the id of another entry of the Bundle
        let forged = format!(
            r#"{{"resourceType":"Observation","id":"r2-v1","status":"final","code":{{"text":"Heart rate"}},
            "meta":{{"tag":[{{"system":"{RECORD_TYPE_SYSTEM}","code":"cardiac"}},{{"code":"own"}}],
            "extension":[{{"url":"{PROVENANCE_URL}","extension":[{{"url":"author","valueString":"5Forger"}}]}}]}},
            "extension":[{{"url":"urn:ehr:anything","valueString":"x"}}]}}"#
        );
        let mut resource = Json::parse(&forged).unwrap();
        let removed = reserved::strip(&mut resource);
        let bundle = bundle(
            crate::samples::ALICE,
            vec![
                (
                    provenance(1, 1),
                    Entry::Resource {
                        resource,
                        sha256: "ab".repeat(32),
                    },
                ),
                (provenance(2, 1), Entry::Erased),
            ],
            1_764_547_200_000,
        );
        let b: Value = serde_json::from_str(&bundle.to_pretty()).unwrap();
        let entries = b["entry"].as_array().unwrap();
        let resource = &entries[0]["resource"];
        // then it carries exactly one provenance extension and one record-type tag, ehr's
        let provenances: Vec<&Value> = resource["meta"]["extension"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|x| x["url"] == PROVENANCE_URL)
            .collect();
        assert_eq!(provenances.len(), 1, "{resource}");
        assert!(provenances[0].to_string().contains(crate::samples::BOB));
        assert!(!resource.to_string().contains("5Forger"));
        let tags: Vec<&Value> = resource["meta"]["tag"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|t| t["system"] == RECORD_TYPE_SYSTEM)
            .collect();
        assert_eq!(tags.len(), 1);
        assert_eq!(tags[0]["code"], "lab");
        assert!(resource["extension"].is_null(), "{resource}");
        // the writer's own tag stays
        assert!(resource["meta"]["tag"].to_string().contains("own"));
        // and its id is ehr's (the writer's kept in the provenance), so no two entries collide
        assert_eq!(resource["id"], "r1-v1");
        assert!(provenances[0].to_string().contains("r2-v1"));
        let ids: std::collections::BTreeSet<&str> = entries
            .iter()
            .map(|e| e["resource"]["id"].as_str().unwrap())
            .collect();
        assert_eq!(ids.len(), entries.len());
        // and what was removed is told
        assert_eq!(removed.len(), 3, "{removed:?}");
        assert_eq!(
            super::super::validate::check(bundle.to_pretty().as_bytes()).unwrap(),
            "Bundle"
        );
    }

    #[test]
    fn content_hashes_are_read_back_works() {
        let b: Value = serde_json::from_str(&sample()).unwrap();
        let entries = b["entry"].as_array().unwrap();
        // the Binary: its data hashes to what its provenance names
        let (named, data) = content_hashes(&entries[2]);
        assert_eq!(named, data);
        assert_eq!(
            data.unwrap(),
            hex::encode(sha2::Sha256::digest(b"%PDF-1.7 ecg"))
        );
        // the Observation: the hash of the bytes it was sealed as
        assert_eq!(content_hashes(&entries[0]).0, Some("ab".repeat(32)));
    }
}
