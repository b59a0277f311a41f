//! Records in the clinic's language: FHIR R4 content recognised, validated before it is sealed,
//! and a whole chart gathered into one Bundle.
//!
//! Validation is fhirkit's model of R4 (4.0.1): every base resource and datatype, required
//! elements, element types, choice types, unknown elements and primitive formats, with the
//! path of each problem. Not checked: profiles, terminology (code values, also of required
//! bindings such as `Observation.status`), invariants (FHIRPath constraints), references.

pub mod bundle;
pub mod entry;
pub mod reserved;
pub mod validate;

/// The media type of FHIR JSON.
pub const FHIR_JSON: &str = "application/fhir+json";
