//! Which release a settings file is at, from the fingerprints of each release's steps.
//!
//! Releases are walked oldest first; the file is at the last release whose fingerprint holds
//! before the first one that does not. Fingerprints of later releases that hold anyway are
//! reported as evidence pointing further (a file half-way between two releases).

use crate::model::SettingsFile;
use crate::release::{Release, RELEASES};

#[derive(Debug, Clone)]
pub struct Detection {
    pub release: &'static Release,
    /// Why: the fingerprints that hold up to the detected release.
    pub evidence: Vec<String>,
    /// Fingerprints of later releases that hold too.
    pub ahead: Vec<String>,
}

pub fn detect(f: &SettingsFile) -> Detection {
    let mut release: &'static Release = RELEASES[0];
    let mut evidence = Vec::new();
    let mut ahead = Vec::new();
    let mut stopped = false;
    for rel in RELEASES.iter().copied() {
        let Some(fp) = rel.fingerprint else { continue };
        match fp(f) {
            Some(e) if !stopped => {
                release = rel;
                evidence.push(format!("{}: {e}", rel.version));
            }
            Some(e) => ahead.push(format!("{}: {e}", rel.version)),
            None => stopped = true,
        }
    }
    if evidence.is_empty() {
        evidence.push(format!(
            "{}: no fingerprint of a later release",
            release.version
        ));
    }
    Detection {
        release,
        evidence,
        ahead,
    }
}
