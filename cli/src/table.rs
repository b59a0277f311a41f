//! Aligned text tables and human-readable values for text output.

use std::fmt::Write as _;
use std::time::{Duration, UNIX_EPOCH};

/// A table whose columns are padded to their widest cell.
#[derive(Debug, Default)]
pub struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    pub fn new<I: IntoIterator<Item = S>, S: Into<String>>(header: I) -> Self {
        Self {
            header: header.into_iter().map(Into::into).collect(),
            rows: Vec::new(),
        }
    }

    /// Adds a row; control characters in its cells are shown escaped (see `printable`).
    pub fn row<I: IntoIterator<Item = S>, S: Into<String>>(&mut self, cells: I) {
        self.rows
            .push(cells.into_iter().map(|c| printable(&c.into())).collect());
    }
}

impl std::fmt::Display for Table {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let columns = self.header.len();
        let mut widths: Vec<usize> = self.header.iter().map(|h| h.chars().count()).collect();
        for row in &self.rows {
            for (i, cell) in row.iter().enumerate().take(columns) {
                widths[i] = widths[i].max(cell.chars().count());
            }
        }
        let mut out = String::new();
        for (r, row) in std::iter::once(&self.header).chain(&self.rows).enumerate() {
            if r > 0 {
                out.push('\n');
            }
            let mut line = String::new();
            for (i, cell) in row.iter().enumerate().take(columns) {
                if i + 1 == columns {
                    line.push_str(cell);
                } else {
                    let _ = write!(line, "{cell:<width$}  ", width = widths[i]);
                }
            }
            out.push_str(line.trim_end());
        }
        f.write_str(&out)
    }
}

/// Text from the chain made safe for a terminal: control characters (escape sequences that
/// could recolour, hide or rewrite what the user sees, newlines that could fake lines of
/// output) and bidirectional formatting characters (which could show `exe.pdf` for
/// `fdp.exe`) are shown escaped, e.g. `\u{1b}`.
pub fn printable(text: &str) -> String {
    escaped(text, |_| false)
}

/// Another party's content for a terminal, as `printable` but keeping its lines and tabs (a
/// text record is read as text); `None` for bytes that are not UTF-8 text, which only go to a
/// file or a pipe.
pub fn for_terminal(bytes: &[u8]) -> Option<String> {
    let text = std::str::from_utf8(bytes).ok()?;
    Some(escaped(text, |c| c == '\n' || c == '\t'))
}

/// True for the characters that reorder how text is shown: the embeddings, overrides and
/// isolates, and the implicit marks.
pub fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
    )
}

fn escaped(text: &str, keep: impl Fn(char) -> bool) -> String {
    text.chars()
        .map(|c| {
            if (c.is_control() || is_bidi_control(c)) && !keep(c) {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// A block timestamp (ms since the Unix epoch) as `YYYY-MM-DD HH:MM:SS UTC`.
pub fn time(ms: u64) -> String {
    let t = UNIX_EPOCH + Duration::from_millis(ms);
    let s = humantime::format_rfc3339_seconds(t).to_string();
    s.replacen('T', " ", 1).replace('Z', " UTC")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_aligns_columns_works() {
        // given a table with cells of different widths
        let mut t = Table::new(["id", "type"]);
        t.row(["PAT001REC1", "Cardiac"]);
        t.row(["R2", "Other"]);
        // when printed, then columns line up and no line has trailing spaces
        assert_eq!(
            t.to_string(),
            "id          type\nPAT001REC1  Cardiac\nR2          Other"
        );
    }

    #[test]
    fn control_characters_are_escaped_works() {
        // given a doctor profile that tries to rewrite the terminal
        let name = "Dr \u{1b}[2J\u{1b}[31mEvil\rVerified\nfake line";
        // then no control character reaches the terminal, the text stays readable
        let shown = printable(name);
        assert!(!shown.chars().any(char::is_control), "{shown:?}");
        assert_eq!(shown, "Dr \\u{1b}[2J\\u{1b}[31mEvil\\rVerified\\nfake line");
        let mut t = Table::new(["name"]);
        t.row([name]);
        assert!(!t.to_string().contains('\u{1b}'));
        assert_eq!(printable("Dr Émile Ø"), "Dr Émile Ø");
    }

    #[test]
    fn bidi_controls_are_escaped_works() {
        // an override that would show "exe.pdf" for "fdp.exe", and the isolates
        for c in [
            '\u{202e}', '\u{202a}', '\u{2066}', '\u{2069}', '\u{200f}', '\u{61c}',
        ] {
            let shown = printable(&format!("a{c}b"));
            assert!(!shown.contains(c), "{shown:?}");
            assert!(shown.starts_with("a\\u{"), "{shown:?}");
        }
    }

    #[test]
    fn content_for_a_terminal_keeps_lines_and_escapes_the_rest_works() {
        // text with an OSC title change, a CSI sequence, a carriage return and a bidi override
        let text = "ECG\tsinus\r\n\u{1b}]0;pwned\u{7}\u{1b}[31mred\u{202e}cod.exe\n";
        let shown = for_terminal(text.as_bytes()).unwrap();
        assert!(
            !shown
                .chars()
                .any(|c| (c.is_control() && c != '\n' && c != '\t') || is_bidi_control(c)),
            "{shown:?}"
        );
        assert_eq!(shown.lines().count(), 2, "{shown:?}");
        assert!(shown.starts_with("ECG\tsinus"));
        // bytes that are no text are not shown at all
        assert_eq!(for_terminal(b"%PDF\xff\x00"), None);
    }

    #[test]
    fn time_formats_utc_works() {
        assert_eq!(time(0), "1970-01-01 00:00:00 UTC");
        assert_eq!(time(1_700_000_000_123), "2023-11-14 22:13:20 UTC");
    }
}
