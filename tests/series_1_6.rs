//! Releases 1.6.0 to 1.9.0 through the whole engine: the generated shapes of 1.5.0 to 1.8.3
//! (and hand-edited 1.5.0 files in `fixtures/series_1_6/`) upgraded to 1.9.0.
//!
//! - the output parses, a second run changes nothing, no step is pending or skipped;
//! - the settings these releases govern hold the values of the 1.8.3 generated file
//!   (apps, middleware, backends, TEMPLATES, REST_FRAMEWORK, AUTH_PASSWORD_VALIDATORS,
//!   CKEDITOR_*, BASE_DIR, MODOBOA_API_URL), and the settings they delete are gone;
//! - a user's own entries survive (apps, middleware, backends, context processors, template
//!   directories, REST_FRAMEWORK keys, password rules);
//! - the diff of the 1.5.0 shapes to 1.9.0 is a reviewed snapshot.

use std::fs;
use std::path::{Path, PathBuf};

use modoboa_settings::engine::{self, Request, Upgrade};
use modoboa_settings::model::{values, SettingsFile};
use modoboa_settings::release::{self, Options};
use modoboa_settings::{report, text::encoding};
use serde_json::{json, Value};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &Path) -> String {
    let bytes = fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    encoding::decode(&bytes).expect("decodes").text
}

fn run(text: &str, from: &str, to: &str) -> Upgrade {
    let file = SettingsFile::parse(text.to_string()).expect("fixture parses");
    let req = Request {
        from: release::find(from).expect("known release"),
        to: release::find(to).expect("known release"),
        options: Options {
            hostname: Some("mail.example.com".into()),
            ..Options::default()
        },
        only: Vec::new(),
        skip: Vec::new(),
    };
    engine::upgrade(file, &req).expect("no internal error")
}

/// The settings the releases of the range set, compared with the 1.8.3 generated file.
const GOVERNED: &[&str] = &[
    "INSTALLED_APPS",
    "MIDDLEWARE_CLASSES",
    "TEMPLATES",
    "REST_FRAMEWORK",
    "AUTH_PASSWORD_VALIDATORS",
    "CKEDITOR_UPLOAD_PATH",
    "CKEDITOR_IMAGE_BACKEND",
    "CKEDITOR_RESTRICT_BY_USER",
    "CKEDITOR_BROWSE_SHOW_DIRS",
    "CKEDITOR_ALLOW_NONIMAGE_FILES",
    "CKEDITOR_CONFIGS",
    "BASE_DIR",
    "MODOBOA_API_URL",
];

/// The settings the range deletes.
const GONE: &[&str] = &[
    "SWAGGER_SETTINGS",
    "PASSWORD_MIN_LENGTH",
    "PASSWORD_COMPLEXITY",
    "TEMPLATE_CONTEXT_PROCESSORS",
    "TEMPLATE_DIRS",
    "TEMPLATE_LOADERS",
    "TEMPLATE_DEBUG",
    "global_settings",
];

/// Upgrade `text` from `from` to 1.9.0 and check the common properties; the output's values.
fn upgrade_checked(name: &str, text: &str, from: &str) -> (String, serde_json::Map<String, Value>) {
    let up = run(text, from, "1.9.0");
    assert!(up.pending.is_empty(), "{name}: pending {:?}", up.pending);
    assert!(up.skipped.is_empty(), "{name}: skipped {:?}", up.skipped);
    let out = SettingsFile::parse(up.output.clone()).expect("output parses");
    let again = run(&up.output, from, "1.9.0");
    assert_eq!(
        again.output, up.output,
        "{name}: a second run changes the file"
    );
    assert!(again.applied.is_empty(), "{name}: {:?}", again.applied);
    for n in GONE {
        assert!(out.bindings(n).is_empty(), "{name}: {n} should be gone");
    }
    (up.output, values::settings(&out))
}

fn generated(v: &str) -> String {
    read(&root().join(format!("fixtures/generated/{v}.py")))
}

fn variant(n: &str) -> String {
    read(&root().join(format!("fixtures/series_1_6/{n}.py")))
}

#[test]
fn generated_shapes_reach_the_values_of_the_1_8_3_file() {
    let want = values::settings(&SettingsFile::parse(generated("1.8.3")).unwrap());
    for v in ["1.5.0", "1.6.0", "1.7.0", "1.7.2", "1.8.0", "1.8.3"] {
        let (_, got) = upgrade_checked(v, &generated(v), v);
        for n in GOVERNED {
            assert_eq!(got.get(*n), want.get(*n), "{v}: {n}");
        }
        assert_eq!(
            got["MODOBOA_APPS"], want["MODOBOA_APPS"],
            "{v}: MODOBOA_APPS"
        );
        // The 1.7.0 template's comments aside, the backends are Django's ModelBackend.
        assert_eq!(
            got["AUTHENTICATION_BACKENDS"],
            json!(["django.contrib.auth.backends.ModelBackend"]),
            "{v}"
        );
    }
}

#[test]
fn generated_shapes_in_the_range_are_left_alone_where_they_are_done() {
    // A 1.8.3 file has every change of the range: nothing to do.
    let src = generated("1.8.3");
    let up = run(&src, "1.8.3", "1.9.0");
    assert_eq!(up.output, src);
    // A 1.7.2 file from 1.7.0: only 1.8.0 and 1.8.3 have work (the 1.7.2 steps find it done).
    let up = run(&generated("1.7.2"), "1.7.0", "1.9.0");
    let ids: Vec<&str> = up.applied.iter().map(|a| a.id).collect();
    assert_eq!(ids, ["1.8.0/password-validators", "1.8.3/base-dir"]);
}

#[test]
fn a_legacy_1_5_file_gets_one_templates_setting_and_keeps_its_own_entries() {
    let (_, got) = upgrade_checked("legacy", &variant("1.5.0-legacy-templates"), "1.5.0");
    let t = &got["TEMPLATES"][0];
    assert_eq!(
        t["BACKEND"],
        json!("django.template.backends.django.DjangoTemplates")
    );
    assert_eq!(t["APP_DIRS"], json!(true));
    assert_eq!(t["DIRS"], json!(["os.path.join(BASE_DIR, 'templates')"]));
    assert_eq!(t["OPTIONS"]["debug"], json!("DEBUG"));
    let cp = t["OPTIONS"]["context_processors"].as_array().unwrap();
    let want = [
        "django.template.context_processors.debug",
        "django.template.context_processors.request",
        "django.contrib.auth.context_processors.auth",
        "django.template.context_processors.i18n",
        "django.template.context_processors.media",
        "django.template.context_processors.static",
        "django.template.context_processors.tz",
        "django.contrib.messages.context_processors.messages",
        "modoboa.core.context_processors.top_notifications",
        "mysite.context_processors.branding",
    ];
    assert_eq!(cp, &want.iter().map(|s| json!(s)).collect::<Vec<_>>());
    let apps = got["INSTALLED_APPS"].as_array().unwrap();
    assert_eq!(apps.last(), Some(&json!("mysite")));
    let pos = |v: &str| apps.iter().position(|a| a == v).unwrap();
    assert!(pos("rest_framework") + 1 == pos("rest_framework.authtoken"));
    assert!(pos("reversion") < pos("ckeditor") && pos("ckeditor") < pos("ckeditor_uploader"));
    assert!(!apps.contains(&json!("rest_framework.swagger")));
    let mw = got["MIDDLEWARE_CLASSES"].as_array().unwrap();
    let mpos = |v: &str| mw.iter().position(|a| a == v).unwrap();
    assert_eq!(
        mpos("modoboa.core.middleware.LocalConfigMiddleware"),
        mpos("django.middleware.clickjacking.XFrameOptionsMiddleware") + 1
    );
    assert_eq!(mw.last(), Some(&json!("mysite.middleware.AuditMiddleware")));
    assert_eq!(
        got["AUTHENTICATION_BACKENDS"],
        json!([
            "modoboa.lib.authbackends.LDAPBackend",
            "django.contrib.auth.backends.ModelBackend"
        ])
    );
    assert_eq!(
        got["REST_FRAMEWORK"],
        json!({
            "DEFAULT_AUTHENTICATION_CLASSES": [
                "rest_framework.authentication.TokenAuthentication",
                "rest_framework.authentication.SessionAuthentication"
            ],
            "PAGE_SIZE": 50
        })
    );
    let v = got["AUTH_PASSWORD_VALIDATORS"].as_array().unwrap();
    assert_eq!(v[1]["OPTIONS"], json!({"min_length": 12}));
    assert_eq!(
        v[4]["OPTIONS"],
        json!({"upper": 1, "lower": 1, "digits": 2, "specials": 0})
    );
}

#[test]
fn a_user_edited_1_5_file_keeps_its_own_entries() {
    let (out, got) = upgrade_checked("user-edits", &variant("1.5.0-user-edits"), "1.5.0");
    let cp = got["TEMPLATES"][0]["OPTIONS"]["context_processors"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(
        cp.last(),
        Some(&json!("mysite.context_processors.branding"))
    );
    assert_eq!(cp.len(), 10);
    let apps = got["MODOBOA_APPS"].as_array().unwrap();
    assert_eq!(apps.last(), Some(&json!("mysite.extension")));
    assert!(out.contains("    # 'modoboa_amavis',\n"));
    assert!(out.contains("MODOBOA_API_URL = 'https://api.modoboa.org/1/'  # the public API\n"));
}

#[test]
fn diffs_of_the_1_5_shapes_to_1_9_0() {
    for (name, src) in [
        ("generated_1.5.0", generated("1.5.0")),
        ("legacy_1.5.0", variant("1.5.0-legacy-templates")),
    ] {
        let up = run(&src, "1.5.0", "1.9.0");
        let diff = report::diff_kept(
            "settings.py",
            &src,
            &up.output,
            &up.kept,
            report::Colors(false),
        );
        insta::assert_snapshot!(format!("upgrade_{name}_to_1.9.0"), diff);
    }
}

#[test]
fn crlf_files_get_the_same_changes_with_their_line_endings() {
    for src in [generated("1.5.0"), variant("1.5.0-legacy-templates")] {
        let lf = run(&src, "1.5.0", "1.9.0").output;
        let crlf = run(&src.replace('\n', "\r\n"), "1.5.0", "1.9.0").output;
        assert_eq!(crlf, lf.replace('\n', "\r\n"));
    }
}

#[test]
fn the_range_stops_at_1_7_0() {
    let from = release::find("1.5.0").unwrap();
    assert_eq!(release::next_stop(from).map(|r| r.version), Some("1.7.0"));
    let stops: Vec<&str> = release::between(from, release::find("1.9.0").unwrap())
        .iter()
        .filter(|r| r.migration_stop)
        .map(|r| r.version)
        .collect();
    assert_eq!(stops, ["1.7.0"]);
}
