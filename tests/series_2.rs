//! Releases 2.0.0 to 2.9.3: the generated shapes of the 2.x series (and hand-edited variants)
//! upgraded from 1.17.0 (the release before the series) or from their own release to 2.9.3
//! hold the guide's values, keep the administrator's own entries, and converge.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::{json, Value};

use modoboa_settings::detect::detect;
use modoboa_settings::engine::{self, Request, Upgrade};
use modoboa_settings::model::{values, SettingsFile};
use modoboa_settings::release::{self, Options};
use modoboa_settings::{report, text::encoding};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &Path) -> String {
    let bytes = fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    encoding::decode(&bytes).expect("decodes").text
}

fn options() -> Options {
    Options {
        hostname: Some("mail.example.com".into()),
        mail_domain: Some("example.com".into()),
        ..Options::default()
    }
}

fn run(text: &str, from: Option<&str>, to: &str) -> Upgrade {
    let file = SettingsFile::parse(text.to_string()).expect("fixture parses");
    let from = match from {
        Some(v) => release::find(v).expect("known release"),
        None => detect(&file).release.expect("a Modoboa file"),
    };
    let req = Request {
        from,
        to: release::find(to).expect("known release"),
        options: options(),
        only: Vec::new(),
        skip: Vec::new(),
    };
    engine::upgrade(file, &req).expect("no internal error")
}

/// The shapes of the series: 1.17.0 (upgraded from 1.17.0), every generated 2.x file and the
/// 2.x variants (upgraded from their detected release).
fn shapes() -> Vec<(PathBuf, Option<&'static str>)> {
    let mut out = vec![(root().join("fixtures/generated/1.17.0.py"), Some("1.17.0"))];
    for dir in ["fixtures/generated", "fixtures/generated/variants"] {
        let mut files: Vec<PathBuf> = fs::read_dir(root().join(dir))
            .expect("fixture dir")
            .flatten()
            .map(|e| e.path())
            .filter(|p| {
                p.extension().is_some_and(|x| x == "py")
                    && p.file_name()
                        .is_some_and(|n| n.to_string_lossy().starts_with("2."))
            })
            .collect();
        files.sort();
        out.extend(files.into_iter().map(|p| (p, None)));
    }
    assert!(out.len() >= 20, "{} shapes", out.len());
    out
}

fn settings(text: &str) -> serde_json::Map<String, Value> {
    values::settings(&SettingsFile::parse(text.to_string()).expect("output parses"))
}

fn strings(v: Option<&Value>) -> Vec<String> {
    v.and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

const MIDDLEWARE: [&str; 12] = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "x_forwarded_for.middleware.XForwardedForMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "modoboa.core.middleware.LocalConfigMiddleware",
    "modoboa.lib.middleware.CommonExceptionCatcher",
    "modoboa.lib.middleware.RequestCatcherMiddleware",
];

/// What every file holds at 2.9.3, whatever the 2.x shape it started from.
fn check_2_9_3(name: &str, s: &serde_json::Map<String, Value>, failures: &mut Vec<String>) {
    let mut fail = |what: &str| failures.push(format!("{name}: {what}"));
    let installed = strings(s.get("INSTALLED_APPS"));
    for app in [
        "oauth2_provider",
        "corsheaders",
        "rest_framework",
        "rest_framework.authtoken",
        "drf_spectacular",
        "phonenumber_field",
        "django_rename_app",
        "django_rq",
    ] {
        if !installed.iter().any(|a| a == app) {
            fail(&format!("INSTALLED_APPS lacks {app}"));
        }
    }
    for gone in ["ckeditor", "ckeditor_uploader"] {
        if installed.iter().any(|a| a == gone) {
            fail(&format!("INSTALLED_APPS still has {gone}"));
        }
    }
    let apps = strings(s.get("MODOBOA_APPS"));
    for app in [
        "modoboa.autoconfig",
        "modoboa.dmarc",
        "modoboa.pdfcredentials",
        "modoboa.imap_migration",
        "modoboa.autoreply",
    ] {
        if !apps.iter().any(|a| a == app) {
            fail(&format!("MODOBOA_APPS lacks {app}"));
        }
    }
    if apps
        .iter()
        .any(|a| a.starts_with("modoboa_") || a == "modoboa.postfix_autoreply")
    {
        fail(&format!("MODOBOA_APPS keeps a plugin name: {apps:?}"));
    }
    // The guide's middleware, in its order (the administrator's own aside).
    let mw: Vec<String> = strings(s.get("MIDDLEWARE"))
        .into_iter()
        .filter(|m| !m.starts_with("mailops."))
        .collect();
    if mw != MIDDLEWARE {
        fail(&format!("MIDDLEWARE {mw:?}"));
    }
    if !strings(s.get("AUTHENTICATION_BACKENDS"))
        .contains(&"modoboa.imap_migration.auth_backends.IMAPBackend".to_string())
    {
        fail("AUTHENTICATION_BACKENDS lacks IMAPBackend");
    }
    let processors = strings(s.pointer_value("TEMPLATES/0/OPTIONS/context_processors"));
    if processors.last().map(String::as_str) != Some("modoboa.core.context_processors.theme")
        || processors
            .iter()
            .any(|p| p.ends_with("top_notifications") || p.ends_with("new_admin_url"))
    {
        fail(&format!("context processors {processors:?}"));
    }
    let rf = s.get("REST_FRAMEWORK").cloned().unwrap_or_default();
    if strings(rf.get("DEFAULT_AUTHENTICATION_CLASSES"))
        != [
            "oauth2_provider.contrib.rest_framework.OAuth2Authentication",
            "rest_framework.authentication.TokenAuthentication",
        ]
    {
        fail(&format!("authentication classes {rf}"));
    }
    if rf.get("DEFAULT_SCHEMA_CLASS") != Some(&json!("drf_spectacular.openapi.AutoSchema")) {
        fail("REST_FRAMEWORK schema class");
    }
    let rates = rf
        .get("DEFAULT_THROTTLE_RATES")
        .and_then(Value::as_object)
        .map(|m| m.keys().cloned().collect::<Vec<_>>())
        .unwrap_or_default();
    if rates.len() != 7 {
        fail(&format!("throttle rates {rates:?}"));
    }
    let queues = s
        .get("RQ_QUEUES")
        .and_then(Value::as_object)
        .map(|m| m.keys().cloned().collect::<Vec<_>>())
        .unwrap_or_default();
    for q in ["dkim", "modoboa", "dovecot", "privileged"] {
        if !queues.iter().any(|k| k == q) {
            fail(&format!("RQ_QUEUES lacks {q}"));
        }
    }
    if s.pointer_value("SPECTACULAR_SETTINGS/SERVE_PERMISSIONS")
        != Some(&json!(["rest_framework.permissions.AllowAny"]))
    {
        fail("SERVE_PERMISSIONS");
    }
    // The generated 2.6.0 and later files were rendered without a mail domain: the hosts are
    // added by the 2.6.0 step only (see `allowed_hosts_gain_the_autoconfig_names`).
    let hosts = strings(s.get("ALLOWED_HOSTS"));
    if !hosts.iter().any(|x| x == "mail.example.com") {
        fail("ALLOWED_HOSTS lost the host name");
    }
    if s.pointer_value("EMAIL_CLIENT_CONNECTION_SETTINGS/imap/HOSTNAME")
        != Some(&json!("mail.example.com"))
    {
        fail("EMAIL_CLIENT_CONNECTION_SETTINGS");
    }
    if s.pointer_value("LOGGING/handlers/syslog-auth/address") != Some(&json!("/dev/log")) {
        fail("syslog-auth address");
    }
    if s.pointer_value("LOGGING/handlers/syslog/facility")
        != Some(&json!("SysLogHandler.LOG_SYSLOG"))
        || s.pointer_value("LOGGING/loggers/modoboa.dns/handlers") != Some(&json!(["syslog"]))
    {
        fail("LOGGING syslog handler / modoboa.dns logger");
    }
    for name in ["OAUTH2_PROVIDER", "CACHES", "PID_FILE_STORAGE_PATH", "env"] {
        if !s.contains_key(name) {
            fail(&format!("{name} missing"));
        }
    }
    if s.get("DEFAULT_AUTO_FIELD") != Some(&json!("django.db.models.AutoField")) {
        fail("DEFAULT_AUTO_FIELD");
    }
    for name in s.keys() {
        if name.starts_with("CKEDITOR_") || name == "STATICFILES_DIRS" || name == "NEW_ADMIN_URL" {
            fail(&format!("{name} still there"));
        }
    }
    if strings(s.get("SILENCED_SYSTEM_CHECKS")).contains(&"ckeditor.W001".to_string()) {
        fail("ckeditor.W001 still silenced");
    }
}

/// `a/b/c` inside a settings map.
trait Pointer {
    fn pointer_value(&self, p: &str) -> Option<&Value>;
}

impl Pointer for serde_json::Map<String, Value> {
    fn pointer_value(&self, p: &str) -> Option<&Value> {
        let (first, rest) = p.split_once('/').unwrap_or((p, ""));
        let v = self.get(first)?;
        if rest.is_empty() {
            return Some(v);
        }
        let escaped: Vec<String> = rest
            .split('/')
            .map(|k| k.replace('~', "~0").replace('/', "~1"))
            .collect();
        v.pointer(&format!("/{}", escaped.join("/")))
    }
}

#[test]
fn series_2_shapes_reach_the_newest_release_with_the_guide_values_and_converge() {
    let mut failures = Vec::new();
    for (path, from) in shapes() {
        let name = path.strip_prefix(root()).unwrap().display().to_string();
        let src = read(&path);
        let up = run(&src, from, "latest");
        if !up.pending.is_empty() || !up.skipped.is_empty() {
            failures.push(format!(
                "{name}: pending {:?}, skipped {:?}",
                up.pending, up.skipped
            ));
        }
        let s = settings(&up.output);
        check_2_9_3(&name, &s, &mut failures);
        let again = run(&up.output, from, "latest");
        if again.output != up.output || !again.applied.is_empty() {
            let d = report::diff(&name, &up.output, &again.output, report::Colors(false));
            failures.push(format!("{name}: second run changed the file:\n{d}"));
        }
        let after = detect(&SettingsFile::parse(up.output.clone()).unwrap());
        if after.version().is_none_or(|v| {
            release::index_of(release::find(v).unwrap())
                < release::index_of(release::find("2.9.0").unwrap())
        }) {
            failures.push(format!(
                "{name}: detected {:?} after the upgrade",
                after.version()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn allowed_hosts_gain_the_autoconfig_names() {
    for (path, from) in shapes() {
        let src = read(&path);
        let at = from.unwrap_or_else(|| {
            detect(&SettingsFile::parse(src.clone()).unwrap())
                .version()
                .unwrap()
        });
        if release::version_key(at) >= release::version_key("2.6.0") {
            continue;
        }
        let up = run(&src, from, "latest");
        let hosts = strings(settings(&up.output).get("ALLOWED_HOSTS"));
        for h in ["autoconfig.example.com", "autodiscover.example.com"] {
            assert!(
                hosts.iter().any(|x| x == h),
                "{}: {hosts:?}",
                path.display()
            );
        }
    }
}

#[test]
fn the_administrators_entries_survive_in_a_hand_edited_2_2_3_file() {
    let path = root().join("fixtures/generated/variants/2.2.3-hand-edited.py");
    let src = read(&path);
    let file = SettingsFile::parse(src.clone()).unwrap();
    assert_eq!(detect(&file).version(), Some("2.2.3"));
    let up = run(&src, None, "latest");
    let s = settings(&up.output);
    let mw = strings(s.get("MIDDLEWARE"));
    let at = |m: &str| mw.iter().position(|x| x == m);
    assert_eq!(
        at("mailops.middleware.MaintenanceBannerMiddleware"),
        at("modoboa.core.middleware.LocalConfigMiddleware").map(|i| i + 1),
        "{mw:?}"
    );
    let apps = strings(s.get("MODOBOA_APPS"));
    assert!(apps.contains(&"mailops.quota_report".to_string()));
    assert!(apps.contains(&"modoboa.contacts".to_string()));
    // The plugin the administrator disabled stays disabled, under its new name.
    assert!(!apps.contains(&"modoboa.sievefilters".to_string()));
    assert!(up
        .output
        .contains("    # 'modoboa.sievefilters',  # LOCAL: filters are managed"));
    assert_eq!(
        s.pointer_value("LOGGING/handlers/sync-file/filename"),
        Some(&json!("/var/log/mailops/sync.log"))
    );
    assert_eq!(
        s.pointer_value("LOGGING/loggers/mailops.sync/handlers"),
        Some(&json!(["sync-file"]))
    );
    assert_eq!(
        s.pointer_value("REST_FRAMEWORK/DEFAULT_RENDERER_CLASSES"),
        Some(&json!(["rest_framework.renderers.JSONRenderer"]))
    );
    assert_eq!(
        s.pointer_value("REST_FRAMEWORK/DEFAULT_THROTTLE_RATES/login"),
        Some(&json!("5/minute"))
    );
    // The contacts plugin's block is gone; the administrator's own import stays.
    assert!(!up.output.contains("modoboa_contacts"));
    assert!(up.output.contains("from .local_settings import *  # noqa"));
    let mut failures = Vec::new();
    check_2_9_3("2.2.3-hand-edited", &s, &mut failures);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_disabled_core_app_stays_disabled_from_2_4_0() {
    let path = root().join("fixtures/generated/variants/2.4.0-plugin-disabled.py");
    let up = run(&read(&path), None, "latest");
    let s = settings(&up.output);
    assert!(!strings(s.get("MODOBOA_APPS")).contains(&"modoboa.contacts".to_string()));
    assert!(up.output.contains("# 'modoboa.contacts',"));
    assert!(strings(s.get("MODOBOA_APPS")).contains(&"modoboa.webmail".to_string()));
}

/// Nothing changes; the one thing said is that the autoconfig host names (owed from 2.6.0
/// wherever modoboa.autoconfig is enabled, fresh deploys included) wait for --mail-domain.
#[test]
fn files_at_2_9_3_are_left_alone() {
    for f in ["2.9.3.py", "variants/2.9.3-hand-edited.py"] {
        let path = root().join("fixtures/generated").join(f);
        let mut c = Command::cargo_bin("modoboa-settings").unwrap();
        for v in common::foreign_env() {
            c.env_remove(v);
        }
        let out = c
            .args([
                "upgrade", "--check", "--to", "2.9.3", "--color", "never", "--format", "json",
            ])
            .arg(&path)
            .output()
            .unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let file = &v["files"][0];
        assert_eq!(file["changed"], false, "{file:#}");
        assert!(file["applied"].as_array().unwrap().is_empty(), "{file:#}");
        assert!(file["skipped"].as_array().unwrap().is_empty(), "{file:#}");
        let pending = file["pending"].as_array().unwrap();
        let hosts = fs::read_to_string(&path).unwrap().contains("'autoconfig.");
        assert_eq!(pending.len(), usize::from(!hosts), "{file:#}");
        assert_eq!(out.status.code(), Some(i32::from(!hosts)));
        for p in pending {
            assert_eq!(p["id"], "2.6.0/allowed-hosts");
            assert_eq!(p["owed"], true);
        }
    }
}

#[test]
fn without_the_options_the_2_6_0_values_are_pending() {
    let src = read(&root().join("fixtures/generated/2.5.0.py"));
    let file = SettingsFile::parse(src).unwrap();
    let req = Request {
        from: release::find("2.5.0").unwrap(),
        to: release::find("latest").unwrap(),
        options: Options::default(),
        only: Vec::new(),
        skip: Vec::new(),
    };
    let up = engine::upgrade(file, &req).unwrap();
    let ids: Vec<&str> = up.pending.iter().map(|p| p.id).collect();
    assert_eq!(
        ids,
        ["2.6.0/allowed-hosts", "2.6.0/email-client-settings"],
        "{:?}",
        up.pending
    );
}

#[test]
fn series_2_diff_snapshots() {
    for (file, from) in [
        ("fixtures/generated/1.17.0.py", Some("1.17.0")),
        ("fixtures/generated/variants/2.2.3-hand-edited.py", None),
        ("fixtures/generated/2.5.0.py", None),
    ] {
        let src = read(&root().join(file));
        let up = run(&src, from, "2.9.3");
        let diff = report::diff_kept(
            "settings.py",
            &src,
            &up.output,
            &up.kept,
            report::Colors(false),
        );
        let stem = Path::new(file).file_stem().unwrap().to_string_lossy();
        insta::assert_snapshot!(format!("series_2_{stem}_to_2.9.3"), diff);
    }
}

#[test]
fn email_client_settings_stay_owed_until_the_host_name_is_given() {
    let src = read(&root().join("fixtures/generated/2.7.0.py"));
    let start = src.find("# What the autoconfig").expect("the block");
    let end = start + src[start..].find("}\n\n").expect("its end") + 3;
    let without = format!("{}{}", &src[..start], &src[end..]);
    let file = SettingsFile::parse(without.clone()).unwrap();
    let req = Request {
        from: release::find("2.7.0").unwrap(),
        to: release::find("latest").unwrap(),
        options: Options::default(),
        only: Vec::new(),
        skip: Vec::new(),
    };
    let up = engine::upgrade(file, &req).unwrap();
    let ids: Vec<&str> = up.pending.iter().map(|p| p.id).collect();
    assert_eq!(ids, ["2.6.0/allowed-hosts", "2.6.0/email-client-settings"]);
    assert!(up.pending.iter().all(|p| p.owed && p.release == "2.6.0"));
    let up = run(&without, Some("2.7.0"), "latest");
    assert!(up.pending.is_empty(), "{:?}", up.pending);
    assert_eq!(
        settings(&up.output).pointer_value("EMAIL_CLIENT_CONNECTION_SETTINGS/smtp/PORT"),
        Some(&json!(587))
    );
}

/// The 2.8.0 to 2.9.1 templates wrote the public-schema permission under
/// 'SERVE_AUTHENTICATION'; 2.9.3 puts it back under 'SERVE_PERMISSIONS', as the 2.8.0 note asks.
#[test]
fn a_2_8_0_template_serve_authentication_becomes_serve_permissions() {
    let src = read(&root().join("fixtures/generated/2.8.0.py"))
        .replace("'SERVE_PERMISSIONS'", "'SERVE_AUTHENTICATION'");
    let file = SettingsFile::parse(src.clone()).unwrap();
    assert_eq!(detect(&file).version(), Some("2.8.0"));
    let up = run(&src, None, "latest");
    let s = settings(&up.output);
    assert_eq!(
        s.pointer_value("SPECTACULAR_SETTINGS/SERVE_PERMISSIONS"),
        Some(&json!(["rest_framework.permissions.AllowAny"]))
    );
    assert_eq!(
        s.pointer_value("SPECTACULAR_SETTINGS/SERVE_AUTHENTICATION"),
        None
    );
    // 2.6.1's empty SERVE_AUTHENTICATION (no authentication for the schema) stays.
    let src = read(&root().join("fixtures/generated/2.6.3.py")).replace(
        "    'SERVE_PERMISSIONS': ['rest_framework.permissions.IsAuthenticated'],\n",
        "    'SERVE_AUTHENTICATION': [],\n",
    );
    let up = run(&src, Some("2.6.3"), "latest");
    let s = settings(&up.output);
    assert_eq!(
        s.pointer_value("SPECTACULAR_SETTINGS/SERVE_AUTHENTICATION"),
        Some(&json!([]))
    );
    assert_eq!(
        s.pointer_value("SPECTACULAR_SETTINGS/SERVE_PERMISSIONS"),
        Some(&json!(["rest_framework.permissions.AllowAny"]))
    );
}
