//! Never lose the file: atomic replacement of `settings.py`.
//!
//! The new bytes go to a temporary file in the target's own directory (the resolved target when
//! the path is a symlink, so the link stays a link), are flushed and fsynced, get the old file's
//! permission bits (and owner/group when allowed), and are renamed over the target, but only if
//! the target still holds the bytes that were read. An optional backup keeps the previous file.

use std::ffi::OsString;
use std::fmt;
use std::fs::{self, File, Metadata};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// How [`replace_file`] writes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WriteOptions {
    /// Keep the previous file as `<target><suffix>` (e.g. `.orig`).
    pub backup_suffix: Option<String>,
}

#[derive(Debug)]
pub enum WriteError {
    /// The file no longer holds the bytes it was read with (or is gone): not overwritten.
    ChangedOnDisk { path: PathBuf },
    /// An I/O operation on `path` failed; the original file is unchanged.
    Io { path: PathBuf, source: io::Error },
}

impl fmt::Display for WriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WriteError::ChangedOnDisk { path } => write!(
                f,
                "{} changed on disk since it was read; not overwritten",
                path.display()
            ),
            WriteError::Io { path, source } => write!(
                f,
                "cannot write {}: {source}; the original file was left unchanged",
                path.display()
            ),
        }
    }
}

impl std::error::Error for WriteError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            WriteError::ChangedOnDisk { .. } => None,
            WriteError::Io { source, .. } => Some(source),
        }
    }
}

fn io_err(path: &Path) -> impl FnOnce(io::Error) -> WriteError + '_ {
    move |source| WriteError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Replace the file at `path` with `new_bytes`, atomically: temp file in the same directory
/// (as the resolved target when `path` is a symlink: the link stays a link, its target is updated),
/// write + flush + fsync, copy permission bits (and owner/group when running as root, ignore failure otherwise),
/// then rename over the target. Before renaming, re-read the target and refuse with ChangedOnDisk
/// if its bytes differ from `original` (someone edited it meanwhile). With `backup_suffix`
/// (e.g. ".orig"), keep the previous file as `<target><suffix>` (a copy with the same permissions, written before the rename).
/// On any error the original file is untouched and the temp file is removed.
pub fn replace_file(
    path: &Path,
    original: &[u8],
    new_bytes: &[u8],
    opts: &WriteOptions,
) -> Result<(), WriteError> {
    let target = fs::canonicalize(path).map_err(io_err(path))?;
    let (dir, name) = match (target.parent(), target.file_name()) {
        (Some(dir), Some(name)) => (dir.to_path_buf(), name.to_os_string()),
        _ => {
            return Err(WriteError::Io {
                path: path.to_path_buf(),
                source: io::Error::new(io::ErrorKind::InvalidInput, "not a file path"),
            })
        }
    };
    let backup = match &opts.backup_suffix {
        None => None,
        Some(suffix) if suffix.is_empty() || suffix.contains('/') => {
            return Err(WriteError::Io {
                path: path.to_path_buf(),
                source: io::Error::new(
                    io::ErrorKind::InvalidInput,
                    format!("invalid backup suffix {suffix:?}"),
                ),
            })
        }
        Some(suffix) => {
            let mut backup_name = name.clone();
            backup_name.push(suffix);
            Some(dir.join(backup_name))
        }
    };
    let meta = fs::metadata(&target).map_err(io_err(path))?;

    // The new content, complete and on disk, under a temporary name.
    let tmp = write_temp(&dir, &name, new_bytes, &meta).map_err(io_err(path))?;

    // Refuse if someone changed the file since it was read.
    match fs::read(&target) {
        Ok(current) if current == original => {}
        Ok(_) => {
            return Err(WriteError::ChangedOnDisk {
                path: path.to_path_buf(),
            })
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            return Err(WriteError::ChangedOnDisk {
                path: path.to_path_buf(),
            })
        }
        Err(e) => return Err(io_err(path)(e)),
    }

    if let Some(backup) = &backup {
        let copy = write_temp(&dir, &name, original, &meta).map_err(io_err(backup))?;
        copy.persist(backup).map_err(|e| io_err(backup)(e.error))?;
    }

    tmp.persist(&target).map_err(|e| io_err(path)(e.error))?;
    // Make the rename itself durable; the file is already replaced, so a failure here is not
    // reported (the data was fsynced before the rename).
    if let Ok(d) = File::open(&dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// A temporary file `.<name>.XXXXXX.tmp` in `dir` holding `bytes`, fsynced, with the permission
/// bits (and, when allowed, the owner and group) of `meta`. Removed when dropped unpersisted.
fn write_temp(
    dir: &Path,
    name: &OsString,
    bytes: &[u8],
    meta: &Metadata,
) -> io::Result<tempfile::NamedTempFile> {
    let mut prefix = OsString::from(".");
    prefix.push(name);
    prefix.push(".");
    let mut tmp = tempfile::Builder::new()
        .prefix(&prefix)
        .suffix(".tmp")
        .tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.flush()?;
    copy_owner_and_mode(tmp.as_file(), meta)?;
    tmp.as_file().sync_all()?;
    Ok(tmp)
}

#[cfg(unix)]
fn copy_owner_and_mode(file: &File, meta: &Metadata) -> io::Result<()> {
    use std::os::unix::fs::{fchown, MetadataExt, PermissionsExt};
    // Only root may give a file away; for anyone else this fails (or is a no-op) and the new
    // file keeps the writer as its owner.
    let _ = fchown(file, Some(meta.uid()), Some(meta.gid()));
    // After chown, which may clear set-id bits.
    file.set_permissions(fs::Permissions::from_mode(meta.mode() & 0o7777))
}

#[cfg(not(unix))]
fn copy_owner_and_mode(file: &File, meta: &Metadata) -> io::Result<()> {
    file.set_permissions(meta.permissions())
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::{symlink, PermissionsExt};

    fn no_temp_files(dir: &Path) {
        let leftovers: Vec<_> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".tmp"))
            .collect();
        assert!(leftovers.is_empty(), "temp files left: {leftovers:?}");
    }

    fn mode(path: &Path) -> u32 {
        fs::metadata(path).unwrap().permissions().mode() & 0o7777
    }

    #[test]
    fn content_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("settings.py");
        fs::write(&path, b"DEBUG = True\n").unwrap();
        replace_file(
            &path,
            b"DEBUG = True\n",
            b"DEBUG = False\n",
            &WriteOptions::default(),
        )
        .unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"DEBUG = False\n");
        no_temp_files(dir.path());
        // Nothing but the file itself.
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn mode_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("settings.py");
        fs::write(&path, b"A = 1\n").unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
        replace_file(&path, b"A = 1\n", b"A = 2\n", &WriteOptions::default()).unwrap();
        assert_eq!(mode(&path), 0o640);
        assert_eq!(fs::read(&path).unwrap(), b"A = 2\n");
    }

    #[test]
    fn symlink_stays_a_symlink() {
        let real_dir = tempfile::tempdir().unwrap();
        let link_dir = tempfile::tempdir().unwrap();
        let real = real_dir.path().join("settings.py");
        let link = link_dir.path().join("settings.py");
        fs::write(&real, b"A = 1\n").unwrap();
        fs::set_permissions(&real, fs::Permissions::from_mode(0o600)).unwrap();
        symlink(&real, &link).unwrap();
        let opts = WriteOptions {
            backup_suffix: Some(".orig".into()),
        };
        replace_file(&link, b"A = 1\n", b"A = 2\n", &opts).unwrap();
        assert!(fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(fs::read_link(&link).unwrap(), real);
        assert_eq!(fs::read(&real).unwrap(), b"A = 2\n");
        assert_eq!(mode(&real), 0o600);
        // The backup sits next to the real file.
        assert_eq!(
            fs::read(real_dir.path().join("settings.py.orig")).unwrap(),
            b"A = 1\n"
        );
        assert_eq!(fs::read_dir(link_dir.path()).unwrap().count(), 1);
        no_temp_files(real_dir.path());
        no_temp_files(link_dir.path());
    }

    #[test]
    fn owner_and_group_kept_when_allowed() {
        use std::os::unix::fs::{chown, MetadataExt};
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("settings.py");
        fs::write(&path, b"A = 1\n").unwrap();
        // Only a privileged writer can give the file away; otherwise there is nothing to test.
        if chown(&path, Some(65534), Some(65534)).is_err() {
            eprintln!("skipped: cannot chown (not running as root)");
            return;
        }
        replace_file(&path, b"A = 1\n", b"A = 2\n", &WriteOptions::default()).unwrap();
        let meta = fs::metadata(&path).unwrap();
        assert_eq!((meta.uid(), meta.gid()), (65534, 65534));
        assert_eq!(fs::read(&path).unwrap(), b"A = 2\n");
    }

    #[test]
    fn changed_on_disk_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("settings.py");
        fs::write(&path, b"A = 1  # edited meanwhile\n").unwrap();
        let opts = WriteOptions {
            backup_suffix: Some(".orig".into()),
        };
        let err = replace_file(&path, b"A = 1\n", b"A = 2\n", &opts).unwrap_err();
        assert!(
            matches!(&err, WriteError::ChangedOnDisk { path: p } if p == &path),
            "{err:?}"
        );
        assert_eq!(
            err.to_string(),
            format!(
                "{} changed on disk since it was read; not overwritten",
                path.display()
            )
        );
        assert_eq!(fs::read(&path).unwrap(), b"A = 1  # edited meanwhile\n");
        // No backup either, and no temp file.
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn backup_keeps_old_content_and_mode() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("settings.py");
        fs::write(&path, b"OLD = 1\n").unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
        let opts = WriteOptions {
            backup_suffix: Some(".orig".into()),
        };
        replace_file(&path, b"OLD = 1\n", b"NEW = 1\n", &opts).unwrap();
        let backup = dir.path().join("settings.py.orig");
        assert_eq!(fs::read(&backup).unwrap(), b"OLD = 1\n");
        assert_eq!(mode(&backup), 0o640);
        assert_eq!(fs::read(&path).unwrap(), b"NEW = 1\n");
        no_temp_files(dir.path());
        // A second run replaces the backup with the then-previous file.
        replace_file(&path, b"NEW = 1\n", b"NEWER = 1\n", &opts).unwrap();
        assert_eq!(fs::read(&backup).unwrap(), b"NEW = 1\n");
        no_temp_files(dir.path());
    }

    #[test]
    fn invalid_backup_suffix_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("settings.py");
        fs::write(&path, b"A = 1\n").unwrap();
        for suffix in ["", "/x"] {
            let opts = WriteOptions {
                backup_suffix: Some(suffix.into()),
            };
            let err = replace_file(&path, b"A = 1\n", b"A = 2\n", &opts).unwrap_err();
            assert!(matches!(err, WriteError::Io { .. }), "{err:?}");
        }
        assert_eq!(fs::read(&path).unwrap(), b"A = 1\n");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn missing_file_is_an_io_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("settings.py");
        let err = replace_file(&path, b"", b"A = 1\n", &WriteOptions::default()).unwrap_err();
        match &err {
            WriteError::Io { path: p, source } => {
                assert_eq!(p, &path);
                assert_eq!(source.kind(), io::ErrorKind::NotFound);
            }
            other => panic!("{other:?}"),
        }
        assert!(err.to_string().starts_with("cannot write "), "{err}");
        assert!(std::error::Error::source(&err).is_some());
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn read_only_directory() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("settings.py");
        fs::write(&path, b"A = 1\n").unwrap();
        fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o555)).unwrap();
        // Root ignores directory permissions: then there is nothing to test.
        let probe = dir.path().join("probe");
        let privileged = fs::write(&probe, b"").is_ok();
        let result = (!privileged)
            .then(|| replace_file(&path, b"A = 1\n", b"A = 2\n", &WriteOptions::default()));
        fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o755)).unwrap();
        let Some(result) = result else {
            eprintln!("skipped: the directory is writable despite mode 0555 (running as root?)");
            return;
        };
        let err = result.unwrap_err();
        match &err {
            WriteError::Io { source, .. } => {
                assert_eq!(source.kind(), io::ErrorKind::PermissionDenied)
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(fs::read(&path).unwrap(), b"A = 1\n");
        no_temp_files(dir.path());
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
