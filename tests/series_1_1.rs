//! Releases 1.1.2 to 1.5.0 end to end: the files of 1.1.0 and 1.1.1 and the generated shapes
//! of the releases in between go from 1.1.1 to 1.5.0 through the whole engine.
//!
//! Each run must parse, converge (a second run changes nothing), skip nothing and wait for
//! nothing; the settings these releases govern must hold the guide's values; a copy of a shape
//! carrying a user's own entries must keep them; the diffs are reviewed snapshots.

use std::fs;
use std::path::{Path, PathBuf};

use modoboa_settings::engine::{self, Request, Upgrade};
use modoboa_settings::model::{values, SettingsFile};
use modoboa_settings::release::{self, Options};
use modoboa_settings::report;
use modoboa_settings::text::encoding;
use serde_json::{json, Value};

const FROM: &str = "1.1.1";
const TO: &str = "1.5.0";

/// The start shapes: the release before the range, then the generated shapes inside it.
const SHAPES: &[&str] = &[
    "fixtures/generated/1.1.0.py",
    "fixtures/releases/1.1.1.py",
    "fixtures/generated/variants/1.1.1-commented-dovecot.py",
    "fixtures/generated/1.1.2.py",
    "fixtures/generated/1.2.0.py",
    "fixtures/generated/1.3.0.py",
    "fixtures/generated/1.3.2.py",
    "fixtures/generated/1.3.5.py",
    "fixtures/generated/1.4.0.py",
    "fixtures/generated/1.5.0.py",
    "fixtures/generated/variants/1.2.0-hand-upgraded.py",
    "fixtures/generated/variants/1.3.2-amavis.py",
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &Path) -> String {
    let bytes = fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    encoding::decode(&bytes).expect("decodes").text
}

fn run(text: &str, from: &str, to: &str) -> Upgrade {
    let file = SettingsFile::parse(text.to_string()).expect("input parses");
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

/// The upgrade of `text` from 1.1.1 to 1.5.0, checked: it parses, converges, skips nothing and
/// waits for nothing. Returns the new text and its settings as values.
fn upgrade(name: &str, text: &str) -> (String, serde_json::Map<String, Value>) {
    let up = run(text, FROM, TO);
    assert!(up.skipped.is_empty(), "{name}: skipped {:?}", up.skipped);
    assert!(up.pending.is_empty(), "{name}: pending {:?}", up.pending);
    let out = SettingsFile::parse(up.output.clone())
        .unwrap_or_else(|e| panic!("{name}: the output does not parse: {e:?}"));
    let again = run(&up.output, FROM, TO);
    assert_eq!(
        again.output, up.output,
        "{name}: a second run changes the file"
    );
    assert!(again.applied.is_empty(), "{name}: {:?}", again.applied);
    (up.output, values::settings(&out))
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

/// The values the guide asks for at 1.5.0, for the settings releases 1.1.2 to 1.5.0 govern.
fn check_governed(name: &str, text: &str, s: &serde_json::Map<String, Value>) {
    let mw = strings(s.get("MIDDLEWARE_CLASSES"));
    for gone in [
        "reversion.middleware.RevisionMiddleware",
        "modoboa.lib.middleware.ExtControlMiddleware",
        "django.middleware.transaction.TransactionMiddleware",
    ] {
        assert!(
            !mw.iter().any(|m| m == gone),
            "{name}: {gone} still in {mw:?}"
        );
    }
    let catcher = "modoboa.lib.middleware.RequestCatcherMiddleware";
    assert_eq!(
        mw.iter().filter(|m| *m == catcher).count(),
        1,
        "{name}: {mw:?}"
    );

    let apps = strings(s.get("INSTALLED_APPS"));
    assert!(!apps.iter().any(|a| a == "south"), "{name}: {apps:?}");
    assert!(!text.contains("SOUTH_TESTS_MIGRATE"), "{name}");
    let token = apps.iter().position(|a| a == "rest_framework.authtoken");
    let swagger = apps.iter().position(|a| a == "rest_framework_swagger");
    assert!(token.is_some() && token < swagger, "{name}: {apps:?}");
    assert!(
        !apps.iter().any(|a| a == "rest_framework.swagger"),
        "{name}"
    );

    let modoboa = strings(s.get("MODOBOA_APPS"));
    assert!(
        modoboa.iter().any(|a| a == "modoboa.admin"),
        "{name}: {modoboa:?}"
    );
    for a in &modoboa {
        assert!(
            !a.starts_with("modoboa.extensions.") && !a.starts_with("modoboa_admin"),
            "{name}: {a} in MODOBOA_APPS"
        );
    }
    assert!(
        !text.contains("modoboa.extensions."),
        "{name}: an old extension name is left"
    );
    let amavis = modoboa.iter().any(|a| a == "modoboa_amavis");
    match s.get("DATABASE_ROUTERS") {
        Some(r) => {
            assert!(amavis, "{name}: a router without amavis: {r}");
            assert_eq!(strings(Some(r))[0], "modoboa_amavis.dbrouter.AmavisRouter");
        }
        None => assert!(!amavis, "{name}: amavis without its router"),
    }

    let dbs = s["DATABASES"].as_object().expect("DATABASES");
    for (conn, v) in dbs {
        assert_eq!(v["ATOMIC_REQUESTS"], json!(true), "{name}: {conn}");
    }

    assert_eq!(
        s["MODOBOA_API_URL"],
        json!("http://api.modoboa.org/1/"),
        "{name}"
    );
    assert_eq!(s["PASSWORD_MIN_LENGTH"], json!(8), "{name}");
    assert_eq!(
        s["PASSWORD_COMPLEXITY"],
        json!({"UPPER": 1, "LOWER": 1, "DIGITS": 1}),
        "{name}"
    );
    let rest = &s["REST_FRAMEWORK"];
    assert_eq!(
        rest["DEFAULT_AUTHENTICATION_CLASSES"],
        json!(["rest_framework.authentication.TokenAuthentication"]),
        "{name}"
    );
    assert_eq!(
        rest["DEFAULT_PERMISSION_CLASSES"],
        json!(["rest_framework.permissions.IsAuthenticated"]),
        "{name}"
    );
    let swagger = s["SWAGGER_SETTINGS"].as_object().expect("SWAGGER_SETTINGS");
    for key in [
        "is_authenticated",
        "api_version",
        "exclude_namespaces",
        "info",
    ] {
        assert!(
            swagger.contains_key(key),
            "{name}: SWAGGER_SETTINGS lacks {key}"
        );
    }
    assert!(
        text.find("REST_FRAMEWORK = ") < text.find("SWAGGER_SETTINGS = "),
        "{name}: SWAGGER_SETTINGS before REST_FRAMEWORK"
    );

    let top = "modoboa.core.context_processors.top_notifications";
    match s.get("TEMPLATE_CONTEXT_PROCESSORS") {
        Some(v) => {
            let src = v.as_str().expect("a sum, read as its source");
            assert!(
                src.starts_with("global_settings.TEMPLATE_CONTEXT_PROCESSORS + [")
                    && src.contains(top),
                "{name}: {src}"
            );
            assert!(
                text.contains("from django.conf import global_settings"),
                "{name}"
            );
        }
        None => {
            let t = &s["TEMPLATES"][0]["OPTIONS"]["context_processors"];
            assert!(strings(Some(t)).iter().any(|p| p == top), "{name}: {t}");
        }
    }
}

#[test]
fn every_shape_reaches_1_5_0_with_the_guides_values() {
    for shape in SHAPES {
        let text = read(&root().join(shape));
        let (out, settings) = upgrade(shape, &text);
        check_governed(shape, &out, &settings);
    }
}

/// A detected shape inside the range goes on from its own release, as the command line does.
#[test]
fn detected_shapes_go_on_from_their_release() {
    for shape in SHAPES {
        let text = read(&root().join(shape));
        let file = SettingsFile::parse(text.clone()).expect("parses");
        let from = modoboa_settings::detect::detect(&file)
            .release
            .expect("a Modoboa file");
        let up = run(&text, from.version, TO);
        if from.version == TO {
            // Detected at 1.5.0 (its template's `rest_framework.swagger` included): left alone.
            assert_eq!(up.output, text, "{shape}");
            continue;
        }
        assert!(up.skipped.is_empty(), "{shape}: {:?}", up.skipped);
        let out = SettingsFile::parse(up.output.clone()).expect("parses");
        check_governed(shape, &up.output, &values::settings(&out));
    }
}

/// The 1.1.2 shape with the user's own entries in every setting the range edits.
fn hand_edited() -> String {
    let text = read(&root().join("fixtures/generated/1.1.2.py"));
    let edits = [
        (
            "    'modoboa.lib.middleware.RequestCatcherMiddleware',\n",
            "    'modoboa.lib.middleware.RequestCatcherMiddleware',\n    'mysite.middleware.AuditMiddleware',  # mine\n",
        ),
        (
            "    #'modoboa.extensions.amavis',\n",
            "    'modoboa.extensions.amavis',\n    'mysite.reports',\n",
        ),
        (
            "    'reversion',\n)",
            "    'reversion',\n    'django_extensions',\n)",
        ),
        (
            "    # amavis quarantine (deploy --with-amavis fills this one in):\n",
            "    'amavis': {\n        'ENGINE': 'django.db.backends.postgresql_psycopg2',\n        'NAME': 'amavis',\n    },\n    'reports': {'ENGINE': 'django.db.backends.sqlite3', 'NAME': 'reports.db'},\n    # amavis quarantine (deploy --with-amavis fills this one in):\n",
        ),
        (
            "DATABASE_ROUTERS = [\"modoboa.extensions.amavis.dbrouter.AmavisRouter\"]",
            "DATABASE_ROUTERS = [\"modoboa.extensions.amavis.dbrouter.AmavisRouter\", \"mysite.routers.ReportsRouter\"]",
        ),
        (
            "AUTH_USER_MODEL = 'core.User'\n",
            "AUTH_USER_MODEL = 'core.User'\n\nREST_FRAMEWORK = {\n    'PAGE_SIZE': 50,\n}\n",
        ),
    ];
    let mut out = text;
    for (from, to) in edits {
        assert!(out.contains(from), "{from}");
        out = out.replacen(from, to, 1);
    }
    out
}

#[test]
fn a_users_own_entries_survive_the_range() {
    let (out, s) = upgrade("hand-edited 1.1.2", &hand_edited());
    check_governed("hand-edited 1.1.2", &out, &s);
    let mw = strings(s.get("MIDDLEWARE_CLASSES"));
    assert!(
        mw.iter().any(|m| m == "mysite.middleware.AuditMiddleware"),
        "{mw:?}"
    );
    assert!(out.contains("'mysite.middleware.AuditMiddleware',  # mine"));
    let modoboa = strings(s.get("MODOBOA_APPS"));
    assert!(modoboa.iter().any(|a| a == "mysite.reports"), "{modoboa:?}");
    assert!(modoboa.iter().any(|a| a == "modoboa_amavis"), "{modoboa:?}");
    assert!(strings(s.get("INSTALLED_APPS"))
        .iter()
        .any(|a| a == "django_extensions"));
    assert_eq!(
        strings(s.get("DATABASE_ROUTERS")),
        [
            "modoboa_amavis.dbrouter.AmavisRouter",
            "mysite.routers.ReportsRouter"
        ]
    );
    assert_eq!(s["DATABASES"]["reports"]["NAME"], json!("reports.db"));
    assert_eq!(s["REST_FRAMEWORK"]["PAGE_SIZE"], json!(50));
    // The user's REST_FRAMEWORK was kept where it stood: no comment block added for it.
    assert!(!out.contains("# Rest framework settings"));
}

#[test]
fn stops_and_procedures_of_the_range() {
    let stops: Vec<&str> = engine::stops_crossed(
        release::find(FROM).expect("1.1.1"),
        release::find(TO).expect("1.5.0"),
    )
    .iter()
    .map(|r| r.version)
    .collect();
    assert_eq!(stops, ["1.2.2", "1.3.5"]);
    for v in [
        "1.1.2", "1.1.6", "1.1.7", "1.2.0", "1.2.2", "1.3.0", "1.3.2", "1.3.5", "1.4.0", "1.4.3",
        "1.5.0",
    ] {
        assert!(release::find(v).is_some(), "{v}");
    }
    // The manual steps of a file with amavis and webmail: their packages, not radicale's.
    let up = run(&hand_edited(), FROM, TO);
    let texts: Vec<&str> = up.manual.iter().map(|m| m.text.as_str()).collect();
    for want in [
        "pip install modoboa-amavis",
        "pip install modoboa-webmail",
        "pip uninstall modoboa-admin modoboa-admin-limits modoboa-admin-relaydomains",
        "python manage.py migrate admin 0001 --fake",
        "STOP at 1.2.2: do not go further before these commands have run",
        "STOP at 1.3.5: do not go further before these commands have run",
    ] {
        assert!(texts.contains(&want), "{want} missing from {texts:#?}");
    }
    assert!(!texts.contains(&"pip install modoboa-radicale"));
}

#[test]
fn diff_snapshots_of_the_range() {
    for (snap, shape) in [
        ("1.1.1_to_1.5.0", "fixtures/releases/1.1.1.py"),
        ("generated_1.1.2_to_1.5.0", "fixtures/generated/1.1.2.py"),
    ] {
        let src = read(&root().join(shape));
        let up = run(&src, FROM, TO);
        let diff = report::diff_kept(
            "settings.py",
            &src,
            &up.output,
            &up.kept,
            report::Colors(false),
        );
        insta::assert_snapshot!(snap, diff);
    }
    let src = hand_edited();
    let up = run(&src, FROM, TO);
    let diff = report::diff_kept(
        "settings.py",
        &src,
        &up.output,
        &up.kept,
        report::Colors(false),
    );
    insta::assert_snapshot!("hand_edited_1.1.2_to_1.5.0", diff);
}

/// A user's own REST_FRAMEWORK (or 'rest_framework' app) in a file before 1.4.0 is no mark of
/// 1.4.0 (1.7.2): the file stays where its Modoboa marks place it, and 1.3.5 and 1.4.0 apply.
#[test]
fn a_users_own_rest_framework_before_1_4_0_does_not_place_the_file_at_1_4_0() {
    let text = read(&root().join("fixtures/generated/variants/1.3.2-amavis.py")).replace(
        "SESSION_ENGINE = ",
        "REST_FRAMEWORK = {\n    'PAGE_SIZE': 25,\n}\nSESSION_ENGINE = ",
    );
    let file = SettingsFile::parse(text).expect("parses");
    let got = modoboa_settings::detect::detect(&file)
        .release
        .map(|r| r.version);
    assert_eq!(got, Some("1.3.2"));
}
