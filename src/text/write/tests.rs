//! Unit tests of the atomic, locked writes ([`super`]).

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
    // A second run keeps the first backup and takes the next free name.
    let w = replace_file(&path, b"NEW = 1\n", b"NEWER = 1\n", &opts).unwrap();
    let second = dir.path().join("settings.py.orig.1");
    assert_eq!(w.backup.as_deref(), Some(second.as_path()));
    assert_eq!(fs::read(&backup).unwrap(), b"OLD = 1\n");
    assert_eq!(fs::read(&second).unwrap(), b"NEW = 1\n");
    no_temp_files(dir.path());
}

#[test]
fn a_change_made_after_the_backup_is_not_lost() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("settings.py");
    fs::write(&path, b"A = 1\n").unwrap();
    let opts = WriteOptions {
        backup_suffix: Some(".orig".into()),
    };
    let edit = || fs::write(&path, b"A = 1\nB = 2  # edited meanwhile\n").unwrap();
    let err = replace_file_with_hook(&path, b"A = 1\n", b"A = 2\n", &opts, &edit).unwrap_err();
    assert!(matches!(err, WriteError::ChangedOnDisk { .. }), "{err:?}");
    assert_eq!(
        fs::read(&path).unwrap(),
        b"A = 1\nB = 2  # edited meanwhile\n"
    );
    // The backup made for the refused write is gone, and no temp file is left.
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn hard_links_are_reported_and_the_other_names_keep_the_old_content() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("settings.py");
    let other = dir.path().join("other.py");
    fs::write(&path, b"A = 1\n").unwrap();
    fs::hard_link(&path, &other).unwrap();
    let w = replace_file(&path, b"A = 1\n", b"A = 2\n", &WriteOptions::default()).unwrap();
    assert_eq!(w.hard_links, Some(2));
    assert_eq!(fs::read(&path).unwrap(), b"A = 2\n");
    assert_eq!(fs::read(&other).unwrap(), b"A = 1\n");
}

#[test]
fn the_lock_removes_stale_temp_files_of_this_tool_only() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("settings.py");
    fs::write(&path, b"A = 1\n").unwrap();
    let stale = dir.path().join(".settings.py.modoboa-settings.Ab3xYz.tmp");
    let foreign = dir.path().join(".settings.py.Ab3xYz.tmp");
    fs::write(&stale, b"half").unwrap();
    fs::write(&foreign, b"someone else's").unwrap();
    let lock = lock(&path).unwrap();
    assert_eq!(lock.removed_temps, vec![stale.clone()]);
    assert!(!stale.exists());
    assert!(foreign.exists());
}

#[test]
fn a_second_lock_waits_for_the_first() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("settings.py");
    fs::write(&path, b"A = 1\n").unwrap();
    let first = lock(&path).unwrap();
    let err = lock_with_timeout(&path, Duration::from_millis(100)).unwrap_err();
    assert!(matches!(err, WriteError::Locked { .. }), "{err:?}");
    assert!(
        err.to_string().contains("another modoboa-settings run"),
        "{err}"
    );
    drop(first);
    assert!(lock_with_timeout(&path, Duration::from_millis(100)).is_ok());
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
