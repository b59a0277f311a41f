//! The crate's modules import one another without a circle: every module can be read, and
//! changed, knowing only the modules below it. Errors sit at the bottom, using nothing but the
//! plain values they carry. (A type's `impl` blocks may sit in several modules; what this checks
//! is what each module names, through `crate::` and `super::` paths.)

use std::collections::{BTreeMap, BTreeSet};
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

/// `tx/sign.rs` → `tx::sign`, `tx/mod.rs` → `tx`, `lib.rs` → `` (the crate root).
fn module_of(rel: &Path) -> String {
    let mut parts: Vec<String> = rel
        .with_extension("")
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    if matches!(parts.last().map(String::as_str), Some("mod" | "lib")) {
        parts.pop();
    }
    parts.join("::")
}

/// The modules a line names: each `crate::a::b::Item` or `super::Item` path, resolved to the
/// deepest module it goes through.
fn named(line: &str, module: &str, modules: &BTreeSet<String>) -> Vec<String> {
    let mut out = Vec::new();
    for (start, prefix) in [("crate::", None), ("super::", Some(()))] {
        for (i, _) in line.match_indices(start) {
            let before = line[..i].chars().last();
            if before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':') {
                continue; // `$crate::` is the crate too; `foo::super::` is no path of ours
            }
            let path: String = line[i + start.len()..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == ':')
                .collect();
            let mut base: Vec<&str> = if prefix.is_some() {
                let mut m: Vec<&str> = module.split("::").collect();
                m.pop();
                m
            } else {
                Vec::new()
            };
            base.retain(|s| !s.is_empty());
            let mut deepest = base.join("::");
            for segment in path.split("::").filter(|s| !s.is_empty()) {
                base.push(segment);
                let candidate = base.join("::");
                if modules.contains(&candidate) {
                    deepest = candidate;
                } else {
                    break;
                }
            }
            out.push(deepest);
        }
    }
    out
}

/// Each module and the modules it names (itself and the crate root left out).
fn imports() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let modules: BTreeSet<String> = files
        .iter()
        .map(|f| module_of(f.strip_prefix(&src).unwrap()))
        .collect();
    let mut graph = BTreeMap::new();
    for file in &files {
        let module = module_of(file.strip_prefix(&src).unwrap());
        let text = std::fs::read_to_string(file).expect("read a source file");
        let mut deps = BTreeSet::new();
        // A file's own tests (`mod tests`, at its end) are not what the module uses.
        for line in text
            .lines()
            .take_while(|l| !l.trim_start().starts_with("mod tests"))
        {
            let code = line.split("//").next().unwrap_or("");
            for dep in named(code, &module, &modules) {
                assert!(
                    !dep.is_empty() || module.is_empty(),
                    "{module} names the crate root's re-export in `{}`: name the module that defines it",
                    line.trim()
                );
                if !dep.is_empty() && dep != module {
                    deps.insert(dep);
                }
            }
        }
        graph.insert(module, deps);
    }
    graph.remove("");
    graph
}

#[test]
fn module_imports_form_no_circle_works() {
    let graph = imports();
    assert!(graph.contains_key("tx::submit") && graph["tx::submit"].contains("client"));
    // depth-first: a module met again while still on the path closes a circle
    fn visit<'a>(
        m: &'a str,
        graph: &'a BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<&'a str>,
        done: &mut BTreeSet<&'a str>,
    ) {
        if let Some(at) = path.iter().position(|p| *p == m) {
            panic!("import circle: {} -> {m}", path[at..].join(" -> "));
        }
        if !done.insert(m) {
            return;
        }
        path.push(m);
        for dep in &graph[m] {
            visit(dep, graph, path, done);
        }
        path.pop();
    }
    let mut done = BTreeSet::new();
    for m in graph.keys() {
        visit(m, &graph, &mut Vec::new(), &mut done);
    }
}

#[test]
fn errors_use_only_leaves_works() {
    let graph = imports();
    for dep in &graph["error"] {
        assert!(
            graph[dep].is_empty(),
            "error uses {dep}, which uses {:?}: errors must depend on leaves only",
            graph[dep]
        );
    }
}
