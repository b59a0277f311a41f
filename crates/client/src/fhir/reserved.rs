//! ehr's own names in a writer's resource. An export adds ehr's provenance extension, record
//! type tag and entry ids; a writer who sealed a resource that already used those names could
//! otherwise make an importer read forged provenance (another author, block or hash) or take
//! one entry for another. So before ehr stamps a resource, everything in it that uses ehr's
//! URLs or systems is removed, and the writer's own `id` moves into ehr's provenance.

use fhirkit::Json;

/// The prefix of every URL and system ehr itself writes into an export.
pub const EHR_URN_PREFIX: &str = "urn:ehr:";

/// Removes from `resource` every element of a list (at any depth) whose `url` or `system` is
/// one of ehr's: an extension, a modifier extension, a tag, a security label, a coding, an
/// identifier. The lists and objects this leaves empty go too (R4 allows neither). Returns the
/// path of each element removed, e.g. `meta.extension[0] (urn:ehr:fhir:chain-provenance)`.
/// What is left may no longer be valid R4 (a required coding removed): the caller checks.
pub fn strip(resource: &mut Json) -> Vec<String> {
    let mut removed = Vec::new();
    strip_at(resource, "", &mut removed);
    removed
}

/// Takes the writer's `id` out of `resource` (ehr names every entry itself, so no two collide).
pub fn take_id(resource: &mut Json) -> Option<String> {
    let Json::Object(fields) = resource else {
        return None;
    };
    let at = fields.iter().position(|(k, _)| k == "id")?;
    match fields.remove(at).1 {
        Json::String(id) => Some(id),
        _ => None,
    }
}

fn strip_at(value: &mut Json, path: &str, removed: &mut Vec<String>) {
    match value {
        Json::Object(fields) => {
            for (key, child) in fields.iter_mut() {
                let child_path = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                strip_at(child, &child_path, removed);
            }
            fields.retain(|(_, child)| !is_empty(child));
        }
        Json::Array(items) => {
            // Paths name positions as the writer wrote them, before anything was removed.
            for (i, item) in items.iter_mut().enumerate() {
                match ehr_name(item) {
                    Some(name) => removed.push(format!("{path}[{i}] ({name})")),
                    None => strip_at(item, &format!("{path}[{i}]"), removed),
                }
            }
            items.retain(|item| ehr_name(item).is_none());
        }
        _ => {}
    }
}

fn is_empty(value: &Json) -> bool {
    match value {
        Json::Array(items) => items.is_empty(),
        Json::Object(fields) => fields.is_empty(),
        _ => false,
    }
}

/// The ehr URL or system an element names, if it names one.
fn ehr_name(item: &Json) -> Option<&str> {
    let Json::Object(fields) = item else {
        return None;
    };
    fields
        .iter()
        .find_map(|(key, value)| match (key.as_str(), value) {
            ("url" | "system", Json::String(name)) if is_ehr_name(name) => Some(name.as_str()),
            _ => None,
        })
}

fn is_ehr_name(name: &str) -> bool {
    name.len() >= EHR_URN_PREFIX.len()
        && name[..EHR_URN_PREFIX.len()].eq_ignore_ascii_case(EHR_URN_PREFIX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Json {
        Json::parse(text).unwrap()
    }

    #[test]
    fn ehr_names_are_stripped_at_any_depth_works() {
        let mut r = parse(
            r#"{"resourceType":"Observation","id":"r9-v9",
            "meta":{"tag":[{"system":"URN:EHR:record-type","code":"x"}],"security":[{"system":"http://x","code":"N"}]},
            "code":{"coding":[{"system":"urn:ehr:record-type","code":"lab"},{"system":"http://loinc.org","code":"1"}]},
            "component":[{"extension":[{"url":"urn:ehr:fhir:chain-provenance"}],"code":{"text":"x"}}],
            "_status":{"extension":[{"url":"urn:ehr:x"}]},
            "identifier":[{"system":"urn:ehr:writer","value":"1"}]}"#,
        );
        let removed = strip(&mut r);
        assert_eq!(removed.len(), 5, "{removed:?}");
        assert!(removed.contains(&"meta.tag[0] (URN:EHR:record-type)".to_string()));
        assert!(removed
            .contains(&"component[0].extension[0] (urn:ehr:fhir:chain-provenance)".to_string()));
        let text = r.to_pretty();
        assert!(!text.to_ascii_lowercase().contains("urn:ehr:"), "{text}");
        // lists and objects left empty are dropped; what is not ehr's stays
        assert!(!text.contains("_status"), "{text}");
        assert!(
            !text.contains("\"tag\"") && !text.contains("\"identifier\""),
            "{text}"
        );
        assert!(text.contains("http://loinc.org") && text.contains("\"security\""));
        assert_eq!(take_id(&mut r).as_deref(), Some("r9-v9"));
        assert_eq!(take_id(&mut r), None);
    }

    #[test]
    fn resource_without_ehr_names_is_unchanged_works() {
        let text = r#"{"resourceType":"Observation","status":"final","code":{"text":"HR"},"valueQuantity":{"value":72.50}}"#;
        let mut r = parse(text);
        assert!(strip(&mut r).is_empty());
        assert_eq!(r.to_pretty(), parse(text).to_pretty());
    }
}
