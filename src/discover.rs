//! `upgrade DIR`: the `settings.py` files below a directory, for fleets that keep many
//! instances in one repository.
//!
//! The walk skips what never holds an instance's settings: hidden directories (`.git`, `.venv`,
//! `.tox`), virtual environments under any name (a directory holding `pyvenv.cfg`),
//! `node_modules`, `__pycache__` and `site-packages`. Symbolic links to directories are not
//! followed (no loops). The files come out sorted, so that reports are stable.

use std::io;
use std::path::{Path, PathBuf};

/// The file name looked for.
pub const SETTINGS_NAME: &str = "settings.py";

/// Directory names never entered.
const SKIPPED_DIRS: [&str; 3] = ["node_modules", "__pycache__", "site-packages"];

fn skipped_dir(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    name.starts_with('.') || SKIPPED_DIRS.contains(&name) || path.join("pyvenv.cfg").is_file()
}

/// Every `settings.py` below `root`, sorted. Unreadable subdirectories are passed over; an
/// unreadable `root` is an error.
pub fn settings_files(root: &Path) -> io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    let mut first = true;
    while let Some(dir) = stack.pop() {
        let entries = match std::fs::read_dir(&dir) {
            Ok(e) => e,
            Err(e) if first => return Err(e),
            Err(_) => continue,
        };
        first = false;
        for entry in entries.flatten() {
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            let path = entry.path();
            if kind.is_dir() {
                if !skipped_dir(&path) {
                    stack.push(path);
                }
            } else if entry.file_name() == SETTINGS_NAME && (kind.is_file() || path.is_file()) {
                out.push(path);
            }
        }
    }
    out.sort();
    Ok(out)
}

/// One path to upgrade: as given, or found below a directory given.
#[derive(Debug, Clone)]
pub struct Target {
    pub path: String,
    /// Found by walking a directory: upgraded only when it is Modoboa's, listed as ignored
    /// otherwise.
    pub found: bool,
    /// A directory given that cannot be walked or holds no settings file: why.
    pub problem: Option<String>,
}

/// The paths given, with each directory replaced by the `settings.py` files below it.
pub fn targets(paths: &[String]) -> Vec<Target> {
    let mut out = Vec::new();
    for p in paths {
        let given = |problem| Target {
            path: p.clone(),
            found: false,
            problem,
        };
        if p == "-" || !Path::new(p).is_dir() {
            out.push(given(None));
            continue;
        }
        match settings_files(Path::new(p)) {
            Err(e) => out.push(given(Some(format!("it is a directory, and {e}")))),
            Ok(found) if found.is_empty() => out.push(given(Some(format!(
                "it is a directory with no {SETTINGS_NAME} below it"
            )))),
            Ok(found) => out.extend(found.into_iter().map(|f| Target {
                path: f.to_string_lossy().into_owned(),
                found: true,
                problem: None,
            })),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_settings_below_and_skips_git_venvs_and_node_modules() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path();
        for p in [
            "a/settings.py",
            "b/instance/settings.py",
            "b/instance/other.py",
            ".git/settings.py",
            "venv-any-name/lib/settings.py",
            "node_modules/x/settings.py",
            ".venv/settings.py",
        ] {
            let p = root.join(p);
            std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
            std::fs::write(&p, "X = 1\n").expect("write");
        }
        std::fs::write(root.join("venv-any-name/pyvenv.cfg"), "home = /usr\n").expect("write");
        let found = settings_files(root).expect("walk");
        let rel: Vec<_> = found
            .iter()
            .map(|p| p.strip_prefix(root).expect("below root").to_path_buf())
            .collect();
        assert_eq!(
            rel,
            vec![
                PathBuf::from("a/settings.py"),
                PathBuf::from("b/instance/settings.py")
            ]
        );
    }
}
