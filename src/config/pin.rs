//! The `modoboa` version pinned beside or above a settings file: an exact `modoboa==X` in a
//! `requirements*.txt`, a `constraints*.txt` or the `[project] dependencies` of a
//! `pyproject.toml`, the nearest directory first, up to the root of the repository. Without
//! `--to` (or its variable or table), it is the target of the file ([`super::values_for`]).

use std::path::{Path, PathBuf};

use super::{ConfigError, Finder};

impl Finder {
    /// The `modoboa` version pinned beside or above the settings file at `file`: the nearest
    /// directory with a pin wins, up to the root of the repository (a directory holding
    /// `.git`) or of the file system.
    pub fn pin_for(&mut self, file: &Path) -> Result<Option<Pin>, ConfigError> {
        let start = start_dir(file);
        for dir in start.ancestors() {
            let found = match self.pins.get(dir) {
                Some(known) => known.clone(),
                None => {
                    let found = pin_in_dir(dir);
                    self.pins.insert(dir.to_path_buf(), found.clone());
                    found
                }
            };
            if !matches!(found, Ok(None)) || dir.join(".git").exists() {
                return found;
            }
        }
        Ok(None)
    }
}

/// The directory a settings file's configuration is looked for from (its own).
fn start_dir(file: &Path) -> PathBuf {
    let abs = if file.is_absolute() {
        file.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|d| d.join(file))
            .unwrap_or_else(|_| file.to_path_buf())
    };
    if abs.is_dir() {
        abs
    } else {
        abs.parent().map(Path::to_path_buf).unwrap_or_default()
    }
}

/// A `modoboa==X` pin and the file it is in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pin {
    pub version: String,
    pub path: PathBuf,
}

/// The pin of one directory: its `requirements*.txt`, then `constraints*.txt` (each in name
/// order), then `pyproject.toml`'s `[project] dependencies`; the first that pins `modoboa`.
pub fn pin_in_dir(dir: &Path) -> Result<Option<Pin>, ConfigError> {
    let mut texts: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| {
                    let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
                    (name.starts_with("requirements") || name.starts_with("constraints"))
                        && name.ends_with(".txt")
                        && p.is_file()
                })
                .collect()
        })
        .unwrap_or_default();
    // requirements before constraints, each in name order.
    texts.sort_by_key(|p| {
        let name = p.file_name().map(|n| n.to_string_lossy().into_owned());
        (
            name.as_deref()
                .is_some_and(|n| n.starts_with("constraints")),
            name,
        )
    });
    for p in texts {
        let text = std::fs::read_to_string(&p).map_err(|e| ConfigError {
            origin: p.display().to_string(),
            message: e.to_string(),
        })?;
        if let Some(version) = text.lines().find_map(pinned_version) {
            return Ok(Some(Pin { version, path: p }));
        }
    }
    let pyproject = dir.join("pyproject.toml");
    if pyproject.is_file() {
        let text = std::fs::read_to_string(&pyproject).map_err(|e| ConfigError {
            origin: pyproject.display().to_string(),
            message: e.to_string(),
        })?;
        if let Some(version) = pyproject_pin(&pyproject, &text)? {
            return Ok(Some(Pin {
                version,
                path: pyproject,
            }));
        }
    }
    Ok(None)
}

/// The version of an exact `modoboa` pin in one requirement (`modoboa==2.4.1`, with extras,
/// spaces, an environment marker or a comment); None for anything else (another package, a
/// range, an option line).
pub fn pinned_version(requirement: &str) -> Option<String> {
    let req = requirement.split('#').next()?.split(';').next()?.trim();
    let (name, version) = req.split_once("==")?;
    let name = name.split('[').next()?.trim();
    let version = version.trim();
    let normal = name.to_ascii_lowercase().replace(['_', '.'], "-");
    (normal == "modoboa"
        && !version.is_empty()
        && version.bytes().all(|b| b.is_ascii_digit() || b == b'.'))
    .then(|| version.to_string())
}

/// The `modoboa` pin of `[project] dependencies` in a `pyproject.toml`.
fn pyproject_pin(path: &Path, text: &str) -> Result<Option<String>, ConfigError> {
    let doc: toml_edit::Document<&str> =
        toml_edit::Document::parse(text).map_err(|e| ConfigError {
            origin: path.display().to_string(),
            message: e.message().to_string(),
        })?;
    let deps = doc
        .get("project")
        .and_then(|p| p.get("dependencies"))
        .and_then(|d| d.as_array());
    Ok(deps.and_then(|a| a.iter().filter_map(|v| v.as_str()).find_map(pinned_version)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_modoboa_pin_is_an_exact_requirement_of_modoboa_itself() {
        let pin = |r: &str| pinned_version(r);
        assert_eq!(pin("modoboa==2.4.1"), Some("2.4.1".into()));
        assert_eq!(
            pin("  Modoboa == 2.4.1  # the server"),
            Some("2.4.1".into())
        );
        assert_eq!(
            pin("modoboa[ldap]==2.9.3 ; python_version >= '3.10'"),
            Some("2.9.3".into())
        );
        assert_eq!(pin("modoboa>=2.4"), None);
        assert_eq!(pin("modoboa-amavis==1.0.0"), None);
        assert_eq!(pin("# modoboa==2.0.0"), None);
        assert_eq!(pin("-c constraints.txt"), None);
    }

    #[test]
    fn the_nearest_pin_wins_and_the_repository_root_ends_the_search() {
        let root = tempfile::tempdir().expect("temp dir");
        let repo = root.path().join("repo");
        let deep = repo.join("instance").join("instance");
        std::fs::create_dir_all(&deep).expect("dirs");
        std::fs::create_dir(repo.join(".git")).expect(".git");
        // Above the repository: not looked at.
        std::fs::write(root.path().join("requirements.txt"), "modoboa==1.0.0\n").expect("w");
        let file = deep.join("settings.py");
        let mut finder = Finder::default();
        assert_eq!(finder.pin_for(&file), Ok(None));
        std::fs::write(
            repo.join("pyproject.toml"),
            "[project]\nname = \"x\"\ndependencies = [\"django\", \"modoboa==2.3.0\"]\n",
        )
        .expect("w");
        let pin = Finder::default()
            .pin_for(&file)
            .expect("ok")
            .expect("a pin");
        assert_eq!(
            (pin.version.as_str(), pin.path),
            ("2.3.0", repo.join("pyproject.toml"))
        );
        // requirements*.txt before pyproject.toml in one directory; the nearest directory wins.
        std::fs::write(repo.join("requirements-prod.txt"), "modoboa==2.4.1\n").expect("w");
        let pin = Finder::default()
            .pin_for(&file)
            .expect("ok")
            .expect("a pin");
        assert_eq!(pin.version, "2.4.1");
        std::fs::write(
            deep.parent().unwrap().join("constraints.txt"),
            "modoboa == 2.5.0\n",
        )
        .expect("w");
        let pin = Finder::default()
            .pin_for(&file)
            .expect("ok")
            .expect("a pin");
        assert_eq!(pin.version, "2.5.0");
    }
}
