//! What a record version holds: its content and a small description of it (media type, original
//! file name, FHIR resource type). From record format 3 the description is a header at the
//! start of the plaintext, so it is encrypted and authenticated with the content: the chain
//! never sees it. See `docs/envelope-format.md`, "Content header".

use crate::error::{malformed, EnvelopeError};

/// Largest content header (its fields, without the 2-byte length), in bytes.
pub const CONTENT_HEADER_MAX: usize = 1024;
/// Longest media type, file name or FHIR resource type, in bytes.
pub const FIELD_MAX: usize = 255;

/// Field tags. Tags below [`FIRST_OPTIONAL_TAG`] a reader must understand (it refuses a header
/// with one it does not know: it could not tell what the writer meant); tags from it up it may
/// skip.
const TAG_MEDIA_TYPE: u8 = 0x01;
const TAG_FILE_NAME: u8 = 0x02;
const TAG_FHIR_TYPE: u8 = 0x03;
const FIRST_OPTIONAL_TAG: u8 = 0x80;

const WHAT: &str = "record content header";

/// The description of a record's content, as its writer gave it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentInfo {
    media_type: String,
    file_name: Option<String>,
    fhir_type: Option<String>,
}

impl ContentInfo {
    /// A description, refused when a value is empty, too long, or not of its form: a media type
    /// is `type/subtype` (RFC 6838 characters, optional `; parameters`), a file name is one
    /// path component without control characters, a FHIR resource type is ASCII letters.
    pub fn new(
        media_type: &str,
        file_name: Option<&str>,
        fhir_type: Option<&str>,
    ) -> Result<Self, EnvelopeError> {
        check_media_type(media_type)?;
        if let Some(name) = file_name {
            check_file_name(name)?;
        }
        if let Some(t) = fhir_type {
            check_fhir_type(t)?;
        }
        Ok(Self {
            media_type: media_type.to_string(),
            file_name: file_name.map(str::to_string),
            fhir_type: fhir_type.map(str::to_string),
        })
    }

    /// Bytes of no known kind.
    pub fn octets() -> Self {
        Self {
            media_type: "application/octet-stream".into(),
            file_name: None,
            fhir_type: None,
        }
    }

    /// The media type, e.g. `application/fhir+json` or `application/pdf`.
    pub fn media_type(&self) -> &str {
        &self.media_type
    }

    /// The name of the file the content came from, if the writer gave one.
    pub fn file_name(&self) -> Option<&str> {
        self.file_name.as_deref()
    }

    /// The FHIR resource type (`Observation`, `Bundle`, ...) of FHIR content.
    pub fn fhir_type(&self) -> Option<&str> {
        self.fhir_type.as_deref()
    }

    /// The header that starts a format-3 plaintext: a 2-byte length, then the fields in
    /// ascending tag order.
    pub(crate) fn header(&self) -> Vec<u8> {
        let mut fields = Vec::new();
        let mut field = |tag: u8, value: &str| {
            fields.push(tag);
            fields.extend_from_slice(&(value.len() as u16).to_be_bytes());
            fields.extend_from_slice(value.as_bytes());
        };
        field(TAG_MEDIA_TYPE, &self.media_type);
        if let Some(name) = &self.file_name {
            field(TAG_FILE_NAME, name);
        }
        if let Some(t) = &self.fhir_type {
            field(TAG_FHIR_TYPE, t);
        }
        let mut header = (fields.len() as u16).to_be_bytes().to_vec();
        header.extend_from_slice(&fields);
        header
    }

    /// Reads the header at the start of `plaintext`; returns it and where the content starts.
    pub(crate) fn parse(plaintext: &[u8]) -> Result<(Self, usize), EnvelopeError> {
        let Some((len, rest)) = plaintext.split_first_chunk::<2>() else {
            return Err(malformed(WHAT, "too short for its length"));
        };
        let len = usize::from(u16::from_be_bytes(*len));
        if len > CONTENT_HEADER_MAX {
            return Err(malformed(WHAT, "longer than a header may be"));
        }
        let Some(mut fields) = rest.get(..len) else {
            return Err(malformed(WHAT, "cut short"));
        };
        let (mut media_type, mut file_name, mut fhir_type) = (None, None, None);
        let mut last_tag = 0u8;
        while let Some((&tag, rest)) = fields.split_first() {
            if tag <= last_tag {
                return Err(malformed(WHAT, "fields out of order or repeated"));
            }
            last_tag = tag;
            let Some((value_len, rest)) = rest.split_first_chunk::<2>() else {
                return Err(malformed(WHAT, "a field is cut short"));
            };
            let value_len = usize::from(u16::from_be_bytes(*value_len));
            let Some(value) = rest.get(..value_len) else {
                return Err(malformed(WHAT, "a field runs past the header"));
            };
            fields = &rest[value_len..];
            let text = || std::str::from_utf8(value).map_err(|_| malformed(WHAT, "not UTF-8"));
            match tag {
                TAG_MEDIA_TYPE => media_type = Some(text()?),
                TAG_FILE_NAME => file_name = Some(text()?),
                TAG_FHIR_TYPE => fhir_type = Some(text()?),
                t if t >= FIRST_OPTIONAL_TAG => {}
                _ => return Err(malformed(WHAT, "a field this ehr does not know and must")),
            }
        }
        let media_type = media_type.ok_or_else(|| malformed(WHAT, "no media type"))?;
        Ok((Self::new(media_type, file_name, fhir_type)?, 2 + len))
    }
}

fn check_len(value: &str, what: &'static str) -> Result<(), EnvelopeError> {
    if value.is_empty() || value.len() > FIELD_MAX {
        return Err(malformed(what, "empty or longer than 255 bytes"));
    }
    Ok(())
}

/// `type/subtype` of RFC 6838 restricted-name characters, then optional `; name=value`
/// parameters of printable ASCII.
fn check_media_type(value: &str) -> Result<(), EnvelopeError> {
    const WHAT: &str = "media type";
    check_len(value, WHAT)?;
    let (essence, params) = value.split_once(';').unwrap_or((value, ""));
    let name_char = |c: char| c.is_ascii_alphanumeric() || "!#$&-^_.+".contains(c);
    let name = |s: &str| !s.is_empty() && s.len() <= 127 && s.chars().all(name_char);
    match essence.split_once('/') {
        Some((t, sub)) if name(t) && name(sub) => {}
        _ => return Err(malformed(WHAT, "not of the form type/subtype")),
    }
    // `; name=value` parameters, one space at most between them: a media type is also a FHIR
    // `code` (an export's contentType), which allows no leading, trailing or doubled space.
    let spaced = params.starts_with("  ") || params.ends_with(' ') || params.contains("  ");
    if spaced || !params.chars().all(|c| c.is_ascii_graphic() || c == ' ') {
        return Err(malformed(
            WHAT,
            "parameters outside printable ASCII, or spaced oddly",
        ));
    }
    Ok(())
}

/// One path component: no separators, no control characters, no bidirectional formatting
/// characters (which could show `exe.pdf` for `fdp.exe`), not `.` or `..`.
fn check_file_name(value: &str) -> Result<(), EnvelopeError> {
    const WHAT: &str = "file name";
    check_len(value, WHAT)?;
    let odd = |c: char| c.is_control() || c == '/' || c == '\\' || is_bidi_format(c);
    if value == "." || value == ".." || value.chars().any(odd) {
        return Err(malformed(WHAT, "not a plain file name"));
    }
    Ok(())
}

/// The Unicode bidirectional formatting characters (marks, embeddings, overrides, isolates).
fn is_bidi_format(c: char) -> bool {
    matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// A FHIR resource type name: ASCII letters, starting with a capital.
fn check_fhir_type(value: &str) -> Result<(), EnvelopeError> {
    const WHAT: &str = "FHIR resource type";
    check_len(value, WHAT)?;
    if !value.starts_with(|c: char| c.is_ascii_uppercase())
        || !value.chars().all(|c| c.is_ascii_alphabetic())
    {
        return Err(malformed(WHAT, "not a resource type name"));
    }
    Ok(())
}

/// A record version's content: its description and its bytes (never shown by `Debug`). The
/// bytes are not zeroized on drop: they are the record, not a key, and a 16 MiB wipe would
/// cost a third of the time it took to decrypt them.
#[derive(Clone)]
pub struct Content {
    info: Option<ContentInfo>,
    /// The plaintext as decrypted (or the content as given); the content starts at `start`.
    buffer: Vec<u8>,
    start: usize,
}

impl Content {
    /// Content described by `info`.
    pub fn new(info: ContentInfo, bytes: Vec<u8>) -> Self {
        Self {
            info: Some(info),
            buffer: bytes,
            start: 0,
        }
    }

    /// Content of a version written before records carried a description (format 2).
    pub(crate) fn undescribed(bytes: Vec<u8>) -> Self {
        Self {
            info: None,
            buffer: bytes,
            start: 0,
        }
    }

    /// What the writer said the content is; `None` for a version written before records
    /// carried a description.
    pub fn info(&self) -> Option<&ContentInfo> {
        self.info.as_ref()
    }

    /// The content itself.
    pub fn bytes(&self) -> &[u8] {
        &self.buffer[self.start..]
    }

    /// The content header that starts the plaintext (an undescribed content is sealed as
    /// octets).
    pub(crate) fn header(&self) -> Vec<u8> {
        self.info
            .as_ref()
            .map_or_else(|| ContentInfo::octets().header(), ContentInfo::header)
    }

    /// Length of the plaintext that is encrypted: the description's header and the content.
    pub fn plaintext_len(&self) -> usize {
        self.header().len() + self.bytes().len()
    }

    /// Splits a format-3 plaintext into description and content, without copying the content.
    pub(crate) fn from_plaintext(plaintext: Vec<u8>) -> Result<Self, EnvelopeError> {
        let (info, start) = ContentInfo::parse(&plaintext)?;
        Ok(Self {
            info: Some(info),
            buffer: plaintext,
            start,
        })
    }

    /// The plaintext: header, then content (tests of the layout).
    #[cfg(test)]
    fn plaintext(&self) -> Vec<u8> {
        let mut plaintext = self.header();
        plaintext.extend_from_slice(self.bytes());
        plaintext
    }
}

/// Two contents are equal when they say the same and hold the same bytes.
impl PartialEq for Content {
    fn eq(&self, other: &Self) -> bool {
        self.info == other.info && self.bytes() == other.bytes()
    }
}

impl Eq for Content {}

impl std::fmt::Debug for Content {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Content")
            .field("info", &self.info)
            .field("len", &self.bytes().len())
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests;
