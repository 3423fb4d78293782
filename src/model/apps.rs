//! The applications a file enables: the one reading of INSTALLED_APPS and MODOBOA_APPS (with
//! their `+=`) that conditions, checklists, marks and the steps on Modoboa's applications share.

use crate::model::{Seq, SettingsFile, Unsafe};

/// Django's applications (and Modoboa's, before 1.0.0).
pub const INSTALLED_APPS: &str = "INSTALLED_APPS";
/// Modoboa's applications, from 1.0.0 on.
pub const MODOBOA_APPS: &str = "MODOBOA_APPS";
/// The settings that hold applications.
pub const APP_SETTINGS: &[&str] = &[INSTALLED_APPS, MODOBOA_APPS];

impl SettingsFile {
    /// The sequence of Modoboa's applications: MODOBOA_APPS from 1.0.0 on, INSTALLED_APPS
    /// before. None when the file has neither.
    pub fn modoboa_apps(&self) -> Result<Option<Seq<'_>>, Unsafe> {
        match self.seq(MODOBOA_APPS)? {
            Some(s) => Ok(Some(s)),
            None => self.seq(INSTALLED_APPS),
        }
    }

    /// True when `app` is listed (enabled, not commented out) in one of [`APP_SETTINGS`].
    pub fn enables(&self, app: &str) -> bool {
        // (The text first: most questions name an application the file never mentions, and
        // reading the sequences costs more.)
        self.text().contains(app)
            && APP_SETTINGS
                .iter()
                .any(|n| matches!(self.seq(n), Ok(Some(s)) if s.contains(app)))
    }

    /// Every application the file enables ([`SettingsFile::enables`] of each), read once: for
    /// a checklist that asks many conditions of one file.
    pub fn enabled_apps(&self) -> Vec<String> {
        let mut out = Vec::new();
        for n in APP_SETTINGS {
            if let Ok(Some(s)) = self.seq(n) {
                out.extend(s.items().iter().filter_map(|i| i.value).map(String::from));
                out.extend(s.extra.iter().cloned());
            }
        }
        out
    }
}

/// [`SettingsFile::enabled_apps`], as a function.
pub fn enabled_apps(f: &SettingsFile) -> Vec<String> {
    f.enabled_apps()
}
