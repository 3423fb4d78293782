//! Never lose the file, nor an edit: atomic replacement of `settings.py`, under a lock.
//!
//! A run that writes first takes an advisory lock ([`lock`], `flock` on the file itself) and
//! keeps it until the file is replaced, so two runs on one file take turns and the second reads
//! what the first wrote. The new bytes go to a temporary file in the target's own directory
//! (the resolved target when the path is a symlink, so the link stays a link), named
//! `.<name>.modoboa-settings.XXXXXX.tmp` so that a run killed half-way leaves a file the next
//! run recognises and removes; they are flushed and fsynced, get the old file's permission bits
//! (and owner/group when allowed), and are renamed over the target. An optional backup keeps
//! the previous file under the next free name (`settings.py.orig`, `settings.py.orig.1`, ...).
//! The comparison with the bytes that were read comes last, right before the rename: a file
//! changed on disk meanwhile is not overwritten. The file replaced stays open through the
//! rename: a save made in place between the comparison and the rename is read back through
//! that descriptor afterwards and kept beside (`settings.py.conflict`), and the run fails.

use std::ffi::OsString;
use std::fmt;
use std::fs::{self, File, Metadata};
use std::io::{self, Read, Seek, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// How [`replace_file`] writes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WriteOptions {
    /// Keep the previous file as `<target><suffix>` (e.g. `.orig`), or the next free
    /// `<target><suffix>.N` when that exists.
    pub backup_suffix: Option<String>,
}

/// What [`replace_file`] did besides replacing the file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Written {
    /// Where the previous file was kept.
    pub backup: Option<PathBuf>,
    /// The file's number of hard links before the write, when more than one: the other names
    /// keep the previous content (the file was replaced, not edited in place).
    pub hard_links: Option<u64>,
}

#[derive(Debug)]
pub enum WriteError {
    /// The file no longer holds the bytes it was read with (or is gone): not overwritten.
    ChangedOnDisk { path: PathBuf },
    /// Another run holds the file's lock, and did not let go in time.
    Locked { path: PathBuf },
    /// The file was written in place between the last comparison and the rename: it was
    /// replaced, and what was written meanwhile is kept at `kept`.
    Conflict { path: PathBuf, kept: PathBuf },
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
            WriteError::Locked { path } => write!(
                f,
                "{} is being written by another modoboa-settings run (its lock was held for \
                 {} seconds); not overwritten, run again",
                path.display(),
                LOCK_TIMEOUT.as_secs()
            ),
            WriteError::Io { path, source } => write!(
                f,
                "cannot write {}: {source}; the original file was left unchanged",
                path.display()
            ),
            WriteError::Conflict { path, kept } => write!(
                f,
                "{} was changed on disk while it was being replaced; the upgraded file was \
                 written, and the change made meanwhile is kept in {}: compare the two",
                path.display(),
                kept.display()
            ),
        }
    }
}

impl std::error::Error for WriteError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            WriteError::ChangedOnDisk { .. }
            | WriteError::Locked { .. }
            | WriteError::Conflict { .. } => None,
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

/// How long [`lock`] waits for another run to let go of a file.
pub const LOCK_TIMEOUT: Duration = Duration::from_secs(30);

/// What names this tool's temporary files: `.<name>.modoboa-settings.XXXXXX.tmp`.
const TEMP_TAG: &str = ".modoboa-settings.";

/// An advisory lock on a settings file (`flock`, exclusive), released when dropped. Every
/// `--write` run takes it before reading the file and keeps it until the file is replaced.
#[derive(Debug)]
pub struct FileLock {
    _file: File,
    /// Temporary files of an earlier, interrupted run that were removed.
    pub removed_temps: Vec<PathBuf>,
}

/// Lock the file at `path` (through a symlink, its target), waiting up to [`LOCK_TIMEOUT`] for
/// another run to finish. When the file was replaced while waiting, the new file is locked.
/// Then stale temporary files of this tool beside the target, left by a run that was killed,
/// are removed (no other run can be writing them while the lock is held).
pub fn lock(path: &Path) -> Result<FileLock, WriteError> {
    lock_with_timeout(path, LOCK_TIMEOUT)
}

/// [`lock`] with another timeout.
pub fn lock_with_timeout(path: &Path, timeout: Duration) -> Result<FileLock, WriteError> {
    let deadline = Instant::now() + timeout;
    loop {
        let file = File::open(path).map_err(io_err(path))?;
        loop {
            match file.try_lock() {
                Ok(()) => break,
                Err(fs::TryLockError::WouldBlock) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(20));
                }
                Err(fs::TryLockError::WouldBlock) => {
                    return Err(WriteError::Locked {
                        path: path.to_path_buf(),
                    })
                }
                Err(fs::TryLockError::Error(e)) => return Err(io_err(path)(e)),
            }
        }
        // The run that held the lock replaced the file: lock the file the path names now.
        if same_file(&file, path).map_err(io_err(path))? {
            let removed_temps = remove_stale_temps(path);
            return Ok(FileLock {
                _file: file,
                removed_temps,
            });
        }
    }
}

#[cfg(unix)]
fn same_file(file: &File, path: &Path) -> io::Result<bool> {
    use std::os::unix::fs::MetadataExt;
    let (a, b) = (file.metadata()?, fs::metadata(path)?);
    Ok((a.dev(), a.ino()) == (b.dev(), b.ino()))
}

#[cfg(not(unix))]
fn same_file(_file: &File, _path: &Path) -> io::Result<bool> {
    Ok(true)
}

/// Remove `.<name>.modoboa-settings.*.tmp` beside the (resolved) target; returns what went.
fn remove_stale_temps(path: &Path) -> Vec<PathBuf> {
    let Ok(target) = fs::canonicalize(path) else {
        return Vec::new();
    };
    let (Some(dir), Some(name)) = (target.parent(), target.file_name()) else {
        return Vec::new();
    };
    let mut prefix = OsString::from(".");
    prefix.push(name);
    prefix.push(TEMP_TAG);
    let prefix = prefix.to_string_lossy().into_owned();
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut removed = Vec::new();
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let ours = file_name.starts_with(&prefix) && file_name.ends_with(".tmp");
        if ours && entry.file_type().is_ok_and(|t| t.is_file()) {
            let p = entry.path();
            if fs::remove_file(&p).is_ok() {
                removed.push(p);
            }
        }
    }
    removed.sort();
    removed
}

/// Replace the file at `path` with `new_bytes`, atomically: temp file in the same directory
/// (as the resolved target when `path` is a symlink: the link stays a link, its target is
/// updated), write + flush + fsync, copy permission bits (and owner/group when running as root,
/// ignore failure otherwise), keep a backup when asked (the next free name), then compare the
/// target with `original` and, when it still holds those bytes, rename over it. A file changed
/// meanwhile is refused with ChangedOnDisk (and the backup just made is removed). On any error
/// the original file is untouched and the temp file is removed. Callers that read the file
/// first hold its [`lock`] from before the read.
pub fn replace_file(
    path: &Path,
    original: &[u8],
    new_bytes: &[u8],
    opts: &WriteOptions,
) -> Result<Written, WriteError> {
    replace_file_with_hook(path, original, new_bytes, opts, &|| {})
}

/// [`replace_file`], calling `before_compare` after everything else (backup included) and right
/// before the comparison and the rename: tests change the file there.
pub fn replace_file_with_hook(
    path: &Path,
    original: &[u8],
    new_bytes: &[u8],
    opts: &WriteOptions,
    before_compare: &dyn Fn(),
) -> Result<Written, WriteError> {
    replace_file_with_hooks(path, original, new_bytes, opts, before_compare, &|| {})
}

/// [`replace_file_with_hook`], also calling `before_rename` between the comparison and the
/// rename: tests write into the file there, as an editor saving in place would.
pub fn replace_file_with_hooks(
    path: &Path,
    original: &[u8],
    new_bytes: &[u8],
    opts: &WriteOptions,
    before_compare: &dyn Fn(),
    before_rename: &dyn Fn(),
) -> Result<Written, WriteError> {
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
    if let Some(suffix) = &opts.backup_suffix {
        if suffix.is_empty() || suffix.contains('/') {
            return Err(WriteError::Io {
                path: path.to_path_buf(),
                source: io::Error::new(
                    io::ErrorKind::InvalidInput,
                    format!("invalid backup suffix {suffix:?}"),
                ),
            });
        }
    }
    let meta = fs::metadata(&target).map_err(io_err(path))?;
    let mut written = Written {
        backup: None,
        hard_links: hard_links(&meta),
    };

    // The new content, complete and on disk, under a temporary name.
    let tmp = write_temp(&dir, &name, new_bytes, &meta).map_err(io_err(path))?;

    if let Some(suffix) = &opts.backup_suffix {
        written.backup = Some(write_backup(&dir, &name, suffix, original, &meta)?);
    }

    // Last, right before the rename: refuse if someone changed the file since it was read.
    // The file compared is kept open through the rename: what is written into it after the
    // comparison is read back through this descriptor once it is replaced.
    before_compare();
    let (held, changed) = match File::open(&target).and_then(|mut f| {
        let current = read_all(&mut f)?;
        Ok((f, current != original))
    }) {
        Ok((f, changed)) => (Some(f), changed),
        Err(e) if e.kind() == io::ErrorKind::NotFound => (None, true),
        Err(e) => {
            remove_backup(&written);
            return Err(io_err(path)(e));
        }
    };
    if changed {
        remove_backup(&written);
        return Err(WriteError::ChangedOnDisk {
            path: path.to_path_buf(),
        });
    }

    before_rename();
    if let Err(e) = tmp.persist(&target) {
        remove_backup(&written);
        return Err(io_err(path)(e.error));
    }
    // Make the rename itself durable; the file is already replaced, so a failure here is not
    // reported (the data was fsynced before the rename).
    if let Ok(d) = File::open(&dir) {
        let _ = d.sync_all();
    }
    // A save made in place after the comparison went into the file just replaced: read it
    // back through the descriptor still held, and keep it beside.
    if let Some(mut held) = held {
        let now = read_all(&mut held).map_err(io_err(path))?;
        if now != original {
            let meta = held.metadata().map_err(io_err(path))?;
            let kept = write_backup(&dir, &name, ".conflict", &now, &meta)?;
            return Err(WriteError::Conflict {
                path: path.to_path_buf(),
                kept,
            });
        }
    }
    Ok(written)
}

/// The whole content of `file`, from its start.
fn read_all(file: &mut File) -> io::Result<Vec<u8>> {
    file.rewind()?;
    let mut out = Vec::new();
    file.read_to_end(&mut out)?;
    Ok(out)
}

fn remove_backup(written: &Written) {
    if let Some(b) = &written.backup {
        let _ = fs::remove_file(b);
    }
}

/// Keep `original` as `<name><suffix>`, or the first free `<name><suffix>.N`: an earlier
/// backup is never overwritten.
fn write_backup(
    dir: &Path,
    name: &OsString,
    suffix: &str,
    original: &[u8],
    meta: &Metadata,
) -> Result<PathBuf, WriteError> {
    let mut base = name.clone();
    base.push(suffix);
    let mut copy = write_temp(dir, name, original, meta).map_err(io_err(&dir.join(&base)))?;
    for n in 0..10_000u32 {
        let mut candidate = base.clone();
        if n > 0 {
            candidate.push(format!(".{n}"));
        }
        let candidate = dir.join(candidate);
        if fs::symlink_metadata(&candidate).is_ok() {
            continue;
        }
        match copy.persist_noclobber(&candidate) {
            Ok(_) => return Ok(candidate),
            Err(e) if e.error.kind() == io::ErrorKind::AlreadyExists => copy = e.file,
            Err(e) => return Err(io_err(&candidate)(e.error)),
        }
    }
    Err(WriteError::Io {
        path: dir.join(&base),
        source: io::Error::new(io::ErrorKind::AlreadyExists, "no free backup name"),
    })
}

#[cfg(unix)]
fn hard_links(meta: &Metadata) -> Option<u64> {
    use std::os::unix::fs::MetadataExt;
    (meta.nlink() > 1).then_some(meta.nlink())
}

#[cfg(not(unix))]
fn hard_links(_meta: &Metadata) -> Option<u64> {
    None
}

/// A temporary file `.<name>.modoboa-settings.XXXXXX.tmp` in `dir` holding `bytes`, fsynced,
/// with the permission bits (and, when allowed, the owner and group) of `meta`. Removed when
/// dropped unpersisted; a run killed before that leaves it for the next run's [`lock`].
fn write_temp(
    dir: &Path,
    name: &OsString,
    bytes: &[u8],
    meta: &Metadata,
) -> io::Result<tempfile::NamedTempFile> {
    let mut prefix = OsString::from(".");
    prefix.push(name);
    prefix.push(TEMP_TAG);
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
mod tests;
