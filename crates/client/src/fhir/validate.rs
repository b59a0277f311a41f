//! Is this valid FHIR R4? Every problem with its path, before anything is sealed.

use fhirkit::r4::Resource;
use fhirkit::Severity;
use serde::Serialize;

/// How many problems an error message lists (all are in `--json`).
const SHOWN: usize = 5;

/// One thing wrong with a FHIR document, and where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// FHIR path of the element: `Observation.valueQuantity`, `Bundle.entry[0].resource.status`.
    pub path: String,
    pub message: String,
}

/// A document that is not valid FHIR R4.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", describe(.problems))]
pub struct Invalid {
    pub problems: Vec<Problem>,
}

fn describe(problems: &[Problem]) -> String {
    let mut text = format!("not valid FHIR R4: {} problem(s)", problems.len());
    for p in problems.iter().take(SHOWN) {
        text += &format!("\n    at {}: {}", p.path, p.message);
    }
    if problems.len() > SHOWN {
        text += &format!("\n    ... and {} more", problems.len() - SHOWN);
    }
    text
}

/// Checks `bytes` as one FHIR R4 resource (a Bundle is one resource, its entries checked too)
/// and returns its resource type.
pub fn check(bytes: &[u8]) -> Result<String, Invalid> {
    let text = std::str::from_utf8(without_bom(bytes))
        .map_err(|e| invalid("(document)", format!("not UTF-8 ({e})")))?;
    let (resource, issues) = fhirkit::from_json::<Resource>(text)
        .map_err(|e| invalid("(document)", format!("not JSON: {e}")))?;
    let problems: Vec<Problem> = issues
        .into_iter()
        .filter(|i| i.severity == Severity::Error)
        .map(|i| Problem {
            path: i.path,
            message: i.message,
        })
        .collect();
    match resource {
        Some(r) if problems.is_empty() => Ok(r.resource_type().to_string()),
        Some(_) => Err(Invalid { problems }),
        None if problems.is_empty() => Err(invalid("(document)", "not a FHIR resource".into())),
        None => Err(Invalid { problems }),
    }
}

fn invalid(path: &str, message: String) -> Invalid {
    Invalid {
        problems: vec![Problem {
            path: path.into(),
            message,
        }],
    }
}

/// The `resourceType` a JSON document names, if it is a JSON object naming one: what makes
/// content FHIR whatever its file is called.
pub fn resource_type(bytes: &[u8]) -> Option<String> {
    let value: serde_json::Value = serde_json::from_slice(without_bom(bytes)).ok()?;
    value.get("resourceType")?.as_str().map(str::to_string)
}

/// `bytes` without a leading UTF-8 byte-order mark (some editors write one into JSON).
pub fn without_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEART_RATE: &str = r#"{"resourceType":"Observation","status":"final","code":{"text":"Heart rate"},"effectiveDateTime":"2026-11-30","valueQuantity":{"value":72,"unit":"/min"}}"#;

    fn paths(bytes: &str) -> Vec<String> {
        check(bytes.as_bytes())
            .unwrap_err()
            .problems
            .into_iter()
            .map(|p| p.path)
            .collect()
    }

    #[test]
    fn valid_observation_works() {
        assert_eq!(check(HEART_RATE.as_bytes()).unwrap(), "Observation");
    }

    #[test]
    fn problems_come_with_their_paths_works() {
        assert_eq!(
            paths(r#"{"resourceType":"Observation","code":{"text":"x"}}"#),
            ["Observation.status"]
        );
        assert_eq!(
            paths(
                r#"{"resourceType":"Observation","status":"final","code":{"text":"x"},"valueQuantity":"72"}"#
            ),
            ["Observation.valueQuantity"]
        );
        assert_eq!(paths(r#"{"resourceType":"Foo"}"#), ["Foo"]);
        assert_eq!(
            paths(
                r#"{"resourceType":"Bundle","type":"collection","entry":[{"resource":{"resourceType":"Observation","code":{"text":"x"}}}]}"#
            ),
            ["Bundle.entry[0].resource.status"]
        );
        assert_eq!(paths("not json"), ["(document)"]);
    }

    #[test]
    fn message_lists_the_first_few_works() {
        let many = Invalid {
            problems: (0..7)
                .map(|i| Problem {
                    path: format!("X.a{i}"),
                    message: "wrong".into(),
                })
                .collect(),
        };
        let text = many.to_string();
        assert!(
            text.starts_with("not valid FHIR R4: 7 problem(s)"),
            "{text}"
        );
        assert!(
            text.contains("at X.a4: wrong") && !text.contains("X.a5"),
            "{text}"
        );
        assert!(text.ends_with("... and 2 more"), "{text}");
    }

    /// The hand-written examples the e2e tests and the demo use are what they say they are.
    #[test]
    fn fixtures_are_valid_or_invalid_as_named_works() {
        let dir =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../e2e-tests/fixtures/fhir");
        let read = |name: &str| std::fs::read(dir.join(name)).unwrap();
        for (name, kind) in [
            ("observation-heart-rate.json", "Observation"),
            ("condition-diabetes.json", "Condition"),
            ("allergy-penicillin.json", "AllergyIntolerance"),
            ("bundle-lipid-panel.json", "Bundle"),
        ] {
            assert_eq!(check(&read(name)).as_deref(), Ok(kind), "{name}");
        }
        for (name, path) in [
            ("invalid-missing-status.json", "Observation.status"),
            ("invalid-value-quantity.json", "Observation.valueQuantity"),
            ("invalid-unknown-type.json", "VitalSigns"),
        ] {
            let problems = check(&read(name)).unwrap_err().problems;
            assert_eq!(problems[0].path, path, "{name}: {problems:?}");
        }
    }

    #[test]
    fn resource_type_is_read_from_json_works() {
        assert_eq!(
            resource_type(HEART_RATE.as_bytes()).as_deref(),
            Some("Observation")
        );
        assert_eq!(resource_type(b"{\"a\":1}"), None);
        assert_eq!(resource_type(b"%PDF-1.7"), None);
    }
}
