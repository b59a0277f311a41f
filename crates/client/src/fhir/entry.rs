//! One version of a chart as the export Bundle carries it: FHIR as its resource (without what it
//! carries under ehr's own names), anything else as a document, an erased version as a listing.

use fhirkit::Json;

use super::reserved;

/// One version of the chart, as the Bundle carries it.
pub enum Entry {
    /// FHIR content: the resource it holds, exactly as written.
    Resource { resource: Json, sha256: String },
    /// Any other file, with what its writer said it is.
    File {
        bytes: Vec<u8>,
        media_type: String,
        file_name: Option<String>,
    },
    /// A version that was erased: listed, without content.
    Erased,
}

impl Entry {
    /// How `content` goes into the Bundle, and what of ehr's own names was removed from it. FHIR
    /// goes in as its resource, without what it carries under ehr's own names, when that is
    /// valid R4; FHIR sealed unvalidated (`--no-validate`) and invalid, or left invalid by the
    /// removal, goes in as a document, as does anything else, so the Bundle stays valid.
    pub fn of(content: &ehr_envelope::Content) -> (Entry, Vec<String>) {
        let info = content.info();
        let resource = info
            .and_then(|i| i.fhir_type())
            .and_then(|_| {
                let bytes = super::validate::without_bom(content.bytes());
                Json::parse(std::str::from_utf8(bytes).ok()?).ok()
            })
            .map(|mut resource| {
                let removed = reserved::strip(&mut resource);
                (resource, removed)
            })
            .filter(|(resource, _)| {
                super::validate::check(resource.to_pretty().as_bytes()).is_ok()
            });
        match resource {
            Some((resource, removed)) => (
                Entry::Resource {
                    resource,
                    sha256: hex::encode(ehr_envelope::body_hash(content.bytes())),
                },
                removed,
            ),
            None => (
                Entry::File {
                    bytes: content.bytes().to_vec(),
                    media_type: info
                        .map_or("application/octet-stream", |i| i.media_type())
                        .to_string(),
                    file_name: info.and_then(|i| i.file_name()).map(str::to_string),
                },
                Vec::new(),
            ),
        }
    }
}
