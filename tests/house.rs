//! The shape of the code base, checked: layers that only import downwards and no circle
//! between modules, files short enough to read with an opening comment that says their job,
//! and a README whose release table is the table of `RELEASES`.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use modoboa_settings::release::RELEASES;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn all_sources() -> Vec<PathBuf> {
    let mut files = Vec::new();
    sources(&root().join("src"), &mut files);
    files.sort();
    files
}

/// The top-level module a source file belongs to (`src/ops/seq.rs` -> `ops`, `src/cli.rs` ->
/// `cli`, `src/lib.rs` -> `lib`).
fn module_of(path: &Path) -> String {
    let rel = path.strip_prefix(root().join("src")).unwrap();
    let first = rel.components().next().unwrap().as_os_str();
    let first = first.to_string_lossy();
    first.strip_suffix(".rs").unwrap_or(&first).to_string()
}

/// The layer of a top-level module, lowest first. The application modules share a layer
/// and must not form a circle among themselves; the command line sits on top of them all.
fn layer(module: &str) -> usize {
    match module {
        "text" => 1,
        "syntax" => 2,
        "model" => 3,
        "ops" => 4,
        "release" => 5,
        "cli" => 7,
        "lib" | "main" => 8,
        _ => 6,
    }
}

/// The top-level modules a file names through `crate::` in its code (comments, doc links
/// included, are not imports).
fn imports(text: &str) -> BTreeSet<String> {
    let code: String = text
        .lines()
        .map(|l| l.trim_start())
        .filter(|l| !l.starts_with("//"))
        .map(|l| l.split(" //").next().unwrap_or(l))
        .collect::<Vec<_>>()
        .join("\n");
    let ident = |s: &str| -> String {
        s.trim_start()
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect()
    };
    let mut out = BTreeSet::new();
    let mut rest = code.as_str();
    while let Some(i) = rest.find("crate::") {
        rest = &rest[i + "crate::".len()..];
        let Some(group) = rest.strip_prefix('{') else {
            out.insert(ident(rest));
            continue;
        };
        // `use crate::{a, b::{c, d}};`: the name that opens each item at the first depth.
        let mut depth = 0;
        let mut item_start = true;
        for (j, c) in group.char_indices() {
            match c {
                '{' => depth += 1,
                '}' if depth == 0 => {
                    rest = &group[j..];
                    break;
                }
                '}' => depth -= 1,
                ',' if depth == 0 => item_start = true,
                _ if item_start && !c.is_whitespace() => {
                    out.insert(ident(&group[j..]));
                    item_start = false;
                }
                _ => {}
            }
        }
    }
    out.retain(|n| !n.is_empty() && n != "self");
    out
}

#[test]
fn no_import_goes_up_a_layer_and_no_modules_import_each_other() {
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut upward = Vec::new();
    for path in all_sources() {
        let from = module_of(&path);
        let text = fs::read_to_string(&path).unwrap();
        for to in imports(&text) {
            if to == from || layer(&to) == 8 {
                continue;
            }
            if layer(&to) > layer(&from) {
                upward.push(format!(
                    "{} imports crate::{to} (layer {} above {})",
                    path.strip_prefix(root()).unwrap().display(),
                    layer(&to),
                    layer(&from)
                ));
            }
            graph.entry(from.clone()).or_default().insert(to);
        }
    }
    assert!(upward.is_empty(), "{}", upward.join("\n"));
    // No circle: a depth-first search finds no edge back to a module on the current path.
    fn visit(
        n: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(i) = path.iter().position(|p| p == n) {
            let mut circle = path[i..].to_vec();
            circle.push(n.to_string());
            return Some(circle);
        }
        if done.contains(n) {
            return None;
        }
        path.push(n.to_string());
        for m in graph.get(n).into_iter().flatten() {
            if let Some(c) = visit(m, graph, path, done) {
                return Some(c);
            }
        }
        path.pop();
        done.insert(n.to_string());
        None
    }
    let mut done = BTreeSet::new();
    for n in graph.keys() {
        if let Some(circle) = visit(n, &graph, &mut Vec::new(), &mut done) {
            panic!("modules import each other: {}", circle.join(" -> "));
        }
    }
}

#[test]
fn the_layer_check_sees_grouped_and_inline_imports() {
    let text = "//! doc [`crate::cli`]\nuse crate::{\n    model::SettingsFile,\n    ops::{Op, Target},\n};\nfn f() { crate::report::diff(); } // crate::engine\n";
    let found: Vec<String> = imports(text).into_iter().collect();
    assert_eq!(found, ["model", "ops", "report"]);
}

#[test]
fn every_source_file_is_short_and_says_its_job() {
    let mut failures = Vec::new();
    for path in all_sources() {
        let text = fs::read_to_string(&path).unwrap();
        let name = path.strip_prefix(root()).unwrap().display().to_string();
        let lines = text.lines().count();
        if lines >= 600 {
            failures.push(format!("{name}: {lines} lines (at most 599)"));
        }
        if !text.starts_with("//!") {
            failures.push(format!("{name}: no opening `//!` comment"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The README's table of supported releases names every release of `RELEASES` after 0.7,
/// once, in order, and says "nothing" exactly where a release has no steps.
#[test]
fn the_readme_release_table_is_the_release_table() {
    let readme = fs::read_to_string(root().join("README.md")).unwrap();
    let start = readme
        .find("| release | what the tool does to settings.py |")
        .expect("the release table");
    let mut listed = Vec::new();
    let mut failures = Vec::new();
    for row in readme[start..].lines().skip(2) {
        let Some(row) = row.strip_prefix("| ") else {
            break;
        };
        let (versions, what) = row.split_once(" | ").expect("two columns");
        let versions: Vec<&str> = versions.split(", ").collect();
        for v in &versions {
            let Some(r) = RELEASES.iter().find(|r| r.version == *v) else {
                failures.push(format!("{v}: not in RELEASES"));
                continue;
            };
            let says_nothing = what.starts_with("nothing");
            if says_nothing != r.steps.is_empty() {
                failures.push(format!(
                    "{v}: the README says {what:?}, the release has {} steps",
                    r.steps.len()
                ));
            }
            listed.push(*v);
        }
    }
    let expected: Vec<&str> = RELEASES[1..].iter().map(|r| r.version).collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(listed, expected, "the README's rows against RELEASES");
}
