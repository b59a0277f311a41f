//! FHIR content as a person reads it: one line per resource ("Observation — Heart rate 72 /min,
//! 2026-11-30, final"), a Bundle as its entries. Read from validated JSON, so every element
//! used has the type R4 gives it; anything missing is left out of the line.

use serde_json::Value;

use crate::table::printable;

/// The summary of FHIR JSON, or `None` when it is not a JSON object naming a resource type.
pub fn summary(bytes: &[u8]) -> Option<String> {
    let resource: Value = serde_json::from_slice(bytes).ok()?;
    resource.get("resourceType")?.as_str()?;
    Some(line(&resource, 0))
}

/// One resource's line; a Bundle's entries follow on lines of their own, indented.
fn line(r: &Value, depth: usize) -> String {
    let kind = str_at(r, "resourceType").unwrap_or("Resource");
    let parts: Vec<String> = match kind {
        "Observation" => vec![
            join(
                " ",
                [concept(r.get("code")), value(r)].into_iter().flatten(),
            ),
            date(r, &["effectiveDateTime", "effectiveInstant", "issued"]).unwrap_or_default(),
            str_at(r, "status").unwrap_or_default().to_string(),
        ],
        "Condition" => vec![
            concept(r.get("code")).unwrap_or_default(),
            concept(r.get("clinicalStatus")).unwrap_or_default(),
            date(r, &["onsetDateTime", "recordedDate"])
                .map(|d| format!("since {d}"))
                .unwrap_or_default(),
        ],
        "AllergyIntolerance" => vec![
            concept(r.get("code")).unwrap_or_default(),
            str_at(r, "criticality")
                .map(|c| format!("criticality {c}"))
                .unwrap_or_default(),
            concept(r.get("clinicalStatus")).unwrap_or_default(),
        ],
        "MedicationRequest" => vec![
            concept(r.get("medicationCodeableConcept"))
                .or_else(|| reference(r.get("medicationReference")))
                .unwrap_or_default(),
            r.pointer("/dosageInstruction/0/text")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string(),
            str_at(r, "status").unwrap_or_default().to_string(),
        ],
        "DiagnosticReport" => vec![
            concept(r.get("code")).unwrap_or_default(),
            date(r, &["effectiveDateTime", "issued"]).unwrap_or_default(),
            str_at(r, "status").unwrap_or_default().to_string(),
            str_at(r, "conclusion").unwrap_or_default().to_string(),
        ],
        "DocumentReference" => vec![
            str_at(r, "description")
                .map(str::to_string)
                .or_else(|| concept(r.get("type")))
                .unwrap_or_default(),
            r.pointer("/content/0/attachment/contentType")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string(),
            str_at(r, "status").unwrap_or_default().to_string(),
        ],
        "Patient" => vec![
            human_name(r.pointer("/name/0")).unwrap_or_default(),
            str_at(r, "birthDate")
                .map(|d| format!("born {d}"))
                .unwrap_or_default(),
        ],
        "Bundle" => {
            let entries: Vec<&Value> = r
                .get("entry")
                .and_then(Value::as_array)
                .map(|e| e.iter().filter_map(|e| e.get("resource")).collect())
                .unwrap_or_default();
            let mut text = format!(
                "Bundle ({}) — {} entries",
                printable(str_at(r, "type").unwrap_or("untyped")),
                entries.len()
            );
            for entry in entries {
                text += &format!("\n{}{}", "  ".repeat(depth + 1), line(entry, depth + 1));
            }
            return text;
        }
        _ => vec![str_at(r, "id")
            .map(|i| format!("id {i}"))
            .unwrap_or_default()],
    };
    // The writer's strings are escaped here, before the line is one of several: a newline in
    // one could otherwise forge a line of output.
    let kind = printable(kind);
    let detail = join(
        ", ",
        parts.iter().filter(|p| !p.is_empty()).map(|p| printable(p)),
    );
    if detail.is_empty() {
        kind
    } else {
        format!("{kind} — {detail}")
    }
}

fn str_at<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key)?.as_str()
}

fn join(sep: &str, parts: impl IntoIterator<Item = String>) -> String {
    parts.into_iter().collect::<Vec<_>>().join(sep)
}

/// A CodeableConcept in words: its text, else its first coding's display, else its code.
fn concept(c: Option<&Value>) -> Option<String> {
    let c = c?;
    str_at(c, "text")
        .or_else(|| c.pointer("/coding/0/display").and_then(Value::as_str))
        .or_else(|| c.pointer("/coding/0/code").and_then(Value::as_str))
        .map(str::to_string)
}

fn reference(r: Option<&Value>) -> Option<String> {
    let r = r?;
    str_at(r, "display")
        .or_else(|| str_at(r, "reference"))
        .map(str::to_string)
}

/// An Observation's value[x] in words.
fn value(r: &Value) -> Option<String> {
    if let Some(q) = r.get("valueQuantity") {
        let number = q.get("value").map(Value::to_string).unwrap_or_default();
        let unit = str_at(q, "unit")
            .or_else(|| str_at(q, "code"))
            .unwrap_or("");
        return Some(format!("{number} {unit}").trim().to_string());
    }
    if let Some(c) = concept(r.get("valueCodeableConcept")) {
        return Some(c);
    }
    ["valueString", "valueDateTime", "valueTime"]
        .iter()
        .find_map(|k| str_at(r, k).map(str::to_string))
        .or_else(|| r.get("valueBoolean").map(Value::to_string))
        .or_else(|| r.get("valueInteger").map(Value::to_string))
}

/// The first of `keys` present, as the date part of a dateTime.
fn date(r: &Value, keys: &[&str]) -> Option<String> {
    keys.iter()
        .find_map(|k| str_at(r, k))
        .map(|d| d.split('T').next().unwrap_or(d).to_string())
}

fn human_name(n: Option<&Value>) -> Option<String> {
    let n = n?;
    if let Some(text) = str_at(n, "text") {
        return Some(text.to_string());
    }
    let given = n
        .get("given")
        .and_then(Value::as_array)
        .map(|g| {
            g.iter()
                .filter_map(Value::as_str)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .unwrap_or_default();
    let name = format!("{given} {}", str_at(n, "family").unwrap_or(""))
        .trim()
        .to_string();
    (!name.is_empty()).then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(json: &str) -> String {
        summary(json.as_bytes()).unwrap()
    }

    #[test]
    fn summaries_work() {
        insta::assert_snapshot!([
            of(r#"{"resourceType":"Observation","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"8867-4","display":"Heart rate"}]},"effectiveDateTime":"2026-11-30T08:15:00Z","valueQuantity":{"value":72,"unit":"/min"}}"#),
            of(r#"{"resourceType":"Condition","code":{"text":"Type 2 diabetes"},"clinicalStatus":{"coding":[{"code":"active"}]},"onsetDateTime":"2019-04"}"#),
            of(r#"{"resourceType":"AllergyIntolerance","code":{"text":"Penicillin"},"criticality":"high","patient":{"reference":"Patient/1"}}"#),
            of(r#"{"resourceType":"MedicationRequest","status":"active","intent":"order","medicationCodeableConcept":{"text":"Metformin 500 mg"},"dosageInstruction":[{"text":"twice daily with meals"}],"subject":{"reference":"Patient/1"}}"#),
            of(r#"{"resourceType":"DiagnosticReport","status":"final","code":{"text":"Lipid panel"},"effectiveDateTime":"2026-11-02","conclusion":"LDL slightly raised"}"#),
            of(r#"{"resourceType":"Patient","name":[{"given":["Alice"],"family":"Smith"}],"birthDate":"1980-02-29"}"#),
            of(r#"{"resourceType":"Bundle","type":"collection","entry":[{"resource":{"resourceType":"Observation","status":"final","code":{"text":"Weight"},"valueQuantity":{"value":72.5,"unit":"kg"}}},{"resource":{"resourceType":"Encounter","id":"e1","status":"finished","class":{"code":"AMB"}}}]}"#),
            of(r#"{"resourceType":"Observation","status":"preliminary","code":{"text":"Smoker"},"valueBoolean":false}"#),
        ]
        .join("\n"));
    }

    #[test]
    fn writer_strings_cannot_forge_lines_or_drive_the_terminal() {
        // a writer's string with a newline, an escape sequence and a bidi override
        let forged = of(
            r#"{"resourceType":"Observation","status":"final","code":{"text":"HR\n  read logged at block 1 \u001b[2J\u202etxt.exe"}}"#,
        );
        assert_eq!(forged.lines().count(), 1, "{forged}");
        assert!(
            !forged
                .chars()
                .any(|c| c.is_control() || crate::table::is_bidi_control(c)),
            "{forged:?}"
        );
        // a Bundle's entries still go on lines of their own
        let bundle = of(
            r#"{"resourceType":"Bundle","type":"collection","entry":[{"resource":{"resourceType":"Patient","name":[{"family":"A\nB"}]}}]}"#,
        );
        assert_eq!(bundle.lines().count(), 2, "{bundle}");
    }

    #[test]
    fn not_fhir_has_no_summary_works() {
        assert_eq!(summary(b"ECG: sinus rhythm"), None);
        assert_eq!(summary(b"{\"name\":\"x\"}"), None);
    }
}
