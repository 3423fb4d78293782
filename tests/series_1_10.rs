//! Releases 1.10.0 to 1.17.0: the generated shapes of the range (and of 1.8.3, the shape a 1.9.0
//! installation has) upgraded to 1.17.0 through the engine. The output parses, a second run
//! changes nothing, no step is skipped or pending on a generated shape, and the settings the
//! range governs hold the guide's values; a user's own entries survive; Python 2-only syntax is
//! rewritten from 1.15.0 on, whatever release the file is at.

mod common;

use std::fs;
use std::path::PathBuf;

use modoboa_settings::detect::detect;
use modoboa_settings::engine::{self, Request, Upgrade};
use modoboa_settings::model::{values, SettingsFile};
use modoboa_settings::release::{self, Options};
use modoboa_settings::report;
use serde_json::{json, Value};

const TO: &str = "1.17.0";

fn generated(v: &str) -> String {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("fixtures/generated/{v}.py"));
    fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn run_with(text: &str, from: Option<&str>, to: &str, hostname: Option<&str>) -> Upgrade {
    let file = SettingsFile::parse(text.to_string()).expect("input parses");
    let from = match from {
        Some(v) => release::find(v).expect("known release"),
        None => detect(&file).release.expect("a Modoboa file"),
    };
    let req = Request {
        from,
        to: release::find(to).expect("known release"),
        options: Options {
            hostname: hostname.map(str::to_string),
            ..Options::default()
        },
        only: Vec::new(),
        skip: Vec::new(),
    };
    engine::upgrade(file, &req).expect("no internal error")
}

fn run(text: &str, from: Option<&str>) -> Upgrade {
    run_with(text, from, TO, Some("mail.example.com"))
}

/// Upgrade, check the output parses, that nothing was skipped or left pending, and that a
/// second run (from the release the output is detected at) changes nothing.
fn upgrade_clean(text: &str, from: Option<&str>) -> (Upgrade, serde_json::Map<String, Value>) {
    let up = run(text, from);
    assert!(up.skipped.is_empty(), "skipped: {:?}", up.skipped);
    assert!(up.pending.is_empty(), "pending: {:?}", up.pending);
    let out = SettingsFile::parse(up.output.clone()).expect("output parses");
    let detected = detect(&out).release.expect("still a Modoboa file");
    assert_eq!(detected.version, TO, "the output is detected at {TO}");
    let again = run(&up.output, None);
    assert_eq!(again.output, up.output, "a second run changed the file");
    assert!(
        again.applied.is_empty(),
        "second run applied {:?}",
        again.applied
    );
    let settings = values::settings(&out);
    (up, settings)
}

fn list(settings: &serde_json::Map<String, Value>, name: &str) -> Vec<String> {
    settings
        .get(name)
        .unwrap_or_else(|| panic!("{name} missing"))
        .as_array()
        .unwrap_or_else(|| panic!("{name} is not a sequence"))
        .iter()
        .map(|v| v.as_str().expect("strings").to_string())
        .collect()
}

/// The settings 1.10.0 to 1.17.0 govern hold the guide's values.
fn assert_guide_values(s: &serde_json::Map<String, Value>) {
    let apps = list(s, "MODOBOA_APPS");
    let core: Vec<&str> = apps
        .iter()
        .map(String::as_str)
        .filter(|a| *a == "modoboa" || a.starts_with("modoboa."))
        .collect();
    assert_eq!(
        core,
        [
            "modoboa",
            "modoboa.core",
            "modoboa.lib",
            "modoboa.admin",
            "modoboa.transport",
            "modoboa.relaydomains",
            "modoboa.limits",
            "modoboa.parameters",
            "modoboa.dnstools",
            "modoboa.policyd",
            "modoboa.maillog",
        ]
    );
    assert!(!apps.iter().any(|a| a == "modoboa_stats"), "{apps:?}");
    let installed = list(s, "INSTALLED_APPS");
    let otp: Vec<&str> = installed
        .iter()
        .map(String::as_str)
        .filter(|a| a.starts_with("django_otp"))
        .collect();
    assert_eq!(
        otp,
        [
            "django_otp",
            "django_otp.plugins.otp_totp",
            "django_otp.plugins.otp_static"
        ]
    );
    assert!(!s.contains_key("MIDDLEWARE_CLASSES"));
    assert_eq!(
        list(s, "MIDDLEWARE"),
        [
            "x_forwarded_for.middleware.XForwardedForMiddleware",
            "django.contrib.sessions.middleware.SessionMiddleware",
            "django.middleware.locale.LocaleMiddleware",
            "django.middleware.common.CommonMiddleware",
            "django.middleware.csrf.CsrfViewMiddleware",
            "django.contrib.auth.middleware.AuthenticationMiddleware",
            "django_otp.middleware.OTPMiddleware",
            "modoboa.core.middleware.TwoFAMiddleware",
            "django.contrib.messages.middleware.MessageMiddleware",
            "django.middleware.clickjacking.XFrameOptionsMiddleware",
            "modoboa.core.middleware.LocalConfigMiddleware",
            "modoboa.lib.middleware.AjaxLoginRedirect",
            "modoboa.lib.middleware.CommonExceptionCatcher",
            "modoboa.lib.middleware.RequestCatcherMiddleware",
        ]
    );
    for (name, want) in [
        ("CSRF_COOKIE_SECURE", json!(true)),
        ("SESSION_COOKIE_SECURE", json!(true)),
        ("DISABLE_DASHBOARD_EXTERNAL_QUERIES", json!(false)),
        ("REDIS_HOST", json!("localhost")),
        ("REDIS_PORT", json!(6379)),
        ("REDIS_QUOTA_DB", json!(0)),
        ("OTP_TOTP_ISSUER", json!("mail.example.com")),
    ] {
        assert_eq!(s.get(name), Some(&want), "{name}");
    }
    assert!(s.contains_key("REDIS_URL"));
}

#[test]
fn a_1_9_installation_reaches_1_17_with_the_guide_values() {
    let (up, s) = upgrade_clean(&generated("1.8.3"), Some("1.9.0"));
    assert_guide_values(&s);
    assert!(up.output.contains(
        "REDIS_URL = 'redis://{}:{}/{}'.format(REDIS_HOST, REDIS_PORT, REDIS_QUOTA_DB)\n"
    ));
}

#[test]
fn every_generated_shape_of_the_range_reaches_1_17_with_the_guide_values() {
    for v in ["1.10.0", "1.13.0", "1.15.0", "1.16.0"] {
        let src = generated(v);
        let file = SettingsFile::parse(src.clone()).unwrap();
        assert_eq!(detect(&file).release.map(|r| r.version), Some(v), "{v}");
        let (_, s) = upgrade_clean(&src, None);
        assert_guide_values(&s);
    }
    // A 1.17.0 file is at the end of the range: nothing to do.
    let src = generated("1.17.0");
    let up = run(&src, None);
    assert_eq!(up.output, src);
    assert!(up.skipped.is_empty() && up.pending.is_empty());
}

/// A 1.9 file with a user's middleware and application, amavis with its old settings import,
/// and a Python 2 octal: all of the user's survives, the loader and the literal are rewritten.
fn user_copy() -> String {
    generated("1.8.3")
        .replacen(
            "    'modoboa.lib.middleware.RequestCatcherMiddleware',\n",
            "    'modoboa.lib.middleware.RequestCatcherMiddleware',\n    'mysite.middleware.AuditMiddleware',\n",
            1,
        )
        .replacen(
            "    'modoboa_webmail',\n",
            "    'modoboa_webmail',\n    'modoboa_amavis',\n    # 'modoboa_radicale',\n    'mysite.reports',\n",
            1,
        )
        .replacen(
            "# Settings added by extensions\n",
            "# Settings added by extensions\ntry:\n    from modoboa_amavis.settings import *\nexcept ImportError:\n    pass\n\nFILE_UPLOAD_PERMISSIONS = 0644\n",
            1,
        )
}

#[test]
fn a_users_entries_survive_and_amavis_and_python2_are_rewritten() {
    let src = user_copy();
    let (up, s) = upgrade_clean(&src, Some("1.9.0"));
    let apps = list(&s, "MODOBOA_APPS");
    assert!(
        apps.ends_with(&["modoboa_amavis".into(), "mysite.reports".into()]),
        "{apps:?}"
    );
    assert!(up.output.contains("    # 'modoboa_radicale',\n"));
    assert_eq!(
        list(&s, "MIDDLEWARE").last().map(String::as_str),
        Some("mysite.middleware.AuditMiddleware")
    );
    assert!(up.output.contains(
        "try:\n    from modoboa_amavis import settings as modoboa_amavis_settings\n    modoboa_amavis_settings.apply(globals())\nexcept ImportError:\n"
    ));
    assert!(up.output.contains("FILE_UPLOAD_PERMISSIONS = 0o644\n"));
    assert_eq!(s.get("FILE_UPLOAD_PERMISSIONS"), Some(&json!(420)));
    let ids: Vec<&str> = up.applied.iter().map(|a| a.id).collect();
    assert!(ids.contains(&"1.10.0/amavis-settings"), "{ids:?}");
    assert!(ids.contains(&"1.15.0/python3-syntax"), "{ids:?}");
    assert!(up
        .manual
        .iter()
        .any(|m| m.text.contains("pip install 'modoboa-amavis>=1.2.0'")));
    assert!(!up
        .manual
        .iter()
        .any(|m| m.text.contains("modoboa-radicale")));
}

#[test]
fn python2_syntax_is_owed_by_a_file_already_past_1_15() {
    let src = format!(
        "{}\nFILE_UPLOAD_PERMISSIONS = 0644\nprint \"loaded\"\n",
        generated("1.17.0")
    );
    let up = run(&src, None);
    assert!(up
        .output
        .ends_with("\nFILE_UPLOAD_PERMISSIONS = 0o644\nprint(\"loaded\")\n"));
    assert_eq!(
        up.applied.iter().map(|a| a.id).collect::<Vec<_>>(),
        ["1.15.0/python3-syntax"]
    );
    assert!(up.needs_attention(&src));
    // What the tool does not rewrite stays, reported with its line, at every run.
    let src = format!("{}\nexec \"X = 1\"\n", generated("1.16.0"));
    let up = run(&src, None);
    let line = src.lines().count();
    assert!(up.output.ends_with("\nexec \"X = 1\"\n"));
    assert_eq!(up.skipped.len(), 1, "{:?}", up.skipped);
    assert_eq!(up.skipped[0].id, "1.15.0/python3-syntax");
    assert_eq!(up.skipped[0].line, Some(line));
    let again = run(&up.output, None);
    assert_eq!(again.skipped.len(), 1);
    assert!(again.needs_attention(&up.output));
}

#[test]
fn without_a_hostname_the_totp_issuer_waits_and_stays_owed() {
    let up = run_with(&generated("1.16.0"), None, TO, None);
    assert_eq!(
        up.pending.iter().map(|p| p.id).collect::<Vec<_>>(),
        ["1.17.0/totp-issuer"]
    );
    // Detected at 1.17.0 afterwards (its apps and middleware are there): still owed.
    let again = run_with(&up.output, None, TO, None);
    assert_eq!(
        again.pending.iter().map(|p| p.id).collect::<Vec<_>>(),
        ["1.17.0/totp-issuer"]
    );
    let done = run_with(&up.output, None, TO, Some("mail.example.com"));
    assert!(done.pending.is_empty());
    assert!(done
        .output
        .contains("OTP_TOTP_ISSUER = 'mail.example.com'\n"));
}

fn diff_of(src: &str, up: &Upgrade) -> String {
    report::diff_kept(
        "settings.py",
        src,
        &up.output,
        &up.kept,
        report::Colors(false),
    )
}

#[test]
fn diff_snapshots() {
    let src = generated("1.8.3");
    let up = run(&src, Some("1.9.0"));
    insta::assert_snapshot!("generated_1.8.3_from_1.9.0_to_1.17.0", diff_of(&src, &up));
    let src = user_copy();
    let up = run(&src, Some("1.9.0"));
    insta::assert_snapshot!("user_copy_from_1.9.0_to_1.17.0", diff_of(&src, &up));
}

/// `upgrade --check` on a file at 1.17.0 that still holds Python 2-only syntax exits 1; once the
/// syntax is rewritten (by the tool or by hand), it exits 0.
#[test]
fn check_exits_1_on_python2_syntax_past_1_15() {
    let src = format!("{}\nFILE_UPLOAD_PERMISSIONS = 0644\n", generated("1.17.0"));
    let check = |text: &str| {
        let mut c = assert_cmd::Command::new(env!("CARGO_BIN_EXE_modoboa-settings"));
        for v in common::foreign_env() {
            c.env_remove(v);
        }
        c.args([
            "upgrade", "--check", "--to", "1.17.0", "--color", "never", "-",
        ])
        .write_stdin(text.to_string())
        .output()
        .unwrap()
    };
    let out = check(&src);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("1.15.0/python3-syntax"), "{err}");
    assert_eq!(check(&generated("1.17.0")).status.code(), Some(0));
    let fixed = src.replace("= 0644\n", "= 0o644\n");
    assert_eq!(check(&fixed).status.code(), Some(0));
}
