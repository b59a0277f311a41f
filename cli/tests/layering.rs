//! The CLI's layers hold: commands over operations over the chain client. No module outside
//! `commands/` uses a command (only `main.rs` and `cli.rs` wire them), and no command reaches
//! into another command (what two commands share lives below them: `words`, `sharing`,
//! `records`, `upload`, ...).

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read src") {
        let path = entry.expect("dir entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Code lines (comments dropped) of a file.
fn code(path: &Path) -> Vec<(usize, String)> {
    std::fs::read_to_string(path)
        .expect("read a source file")
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.split("//").next().unwrap_or("").to_string()))
        .collect()
}

#[test]
fn layering_holds_works() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut wrong = Vec::new();
    for file in &files {
        let rel = file
            .strip_prefix(&src)
            .unwrap()
            .to_string_lossy()
            .to_string();
        let in_commands = rel.starts_with("commands/");
        let wiring = rel == "main.rs" || rel == "cli.rs";
        // `commands/x.rs` sits in `commands`; `commands/x/y.rs` in command `x`, whose own
        // parts it may use: the path that leaves the command is one `super::` longer.
        let depth = rel.matches('/').count().saturating_sub(1);
        let up = "super::".repeat(depth + 1);
        for (n, line) in code(file) {
            let uses_commands = line.contains("crate::commands::");
            // `super::helper(` reaches the parent's shared helpers; `super::module::` reaches
            // into a sibling command.
            let reaches_sibling = in_commands
                && line.match_indices(up.as_str()).any(|(i, _)| {
                    let rest = &line[i + up.len()..];
                    let name: String = rest
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                        .collect();
                    rest[name.len()..].starts_with("::") && !name.is_empty()
                });
            if (uses_commands && !wiring) || reaches_sibling {
                wrong.push(format!("{rel}:{n}: {}", line.trim()));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "modules reaching into commands:\n{}",
        wrong.join("\n")
    );
}
