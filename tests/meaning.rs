//! The meaning of the file upgraded (#24): the tool's output is executed with python3 (a stub
//! stands in for django-environ) and every setting of the input keeps its value; a step that
//! would use a name above its definition or delete a setting still read is skipped whole.
//! Skipped where python3 is missing, saying so.

use std::fs;
use std::path::Path;
use std::process::Command;

use assert_cmd::Command as Bin;

/// Run the settings file at `path` with python3 and print its settings (upper-case globals),
/// as `NAME=repr` lines; None where python3 is missing. Panics when the file does not load.
fn settings_of(path: &Path) -> Option<Vec<String>> {
    let script = r#"
import sys, types
env = types.ModuleType('environ')
class Env:
    def __init__(self, **kw): pass
    @staticmethod
    def read_env(*a, **kw): pass
    def str(self, name, default='', **kw): return default
    def bool(self, name, default=False): return default
env.Env = Env
sys.modules['environ'] = env
path = sys.argv[1]
g = {'__file__': path, '__name__': 'settings'}
exec(compile(open(path).read(), path, 'exec'), g)
for k in sorted(g):
    if k.isupper():
        print('%s=%r' % (k, g[k]))
"#;
    let out = match Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(path)
        .env_remove("PYTHONPATH")
        .output()
    {
        Ok(o) => o,
        Err(_) => {
            eprintln!("python3 not found: meaning not checked");
            return None;
        }
    };
    assert!(
        out.status.success(),
        "{} does not load:\n{}\n{}",
        path.display(),
        fs::read_to_string(path).unwrap(),
        String::from_utf8_lossy(&out.stderr)
    );
    Some(
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .map(String::from)
            .collect(),
    )
}

/// Upgrade `src` with `args` and `--write`; the exit code, stderr and the file written.
fn upgrade(src: &str, args: &[&str]) -> (tempfile::TempDir, i32, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("settings.py");
    fs::write(&path, src).unwrap();
    let out = Bin::cargo_bin("modoboa-settings")
        .unwrap()
        .env_remove("NO_COLOR")
        .env_remove("MODOBOA_SETTINGS_HOSTNAME")
        .env_remove("MODOBOA_SETTINGS_MAIL_DOMAIN")
        .env_remove("MODOBOA_SETTINGS_DOVECOT_PATH")
        .args(["upgrade", "--write", "--color", "never"])
        .args([
            "--hostname",
            "mail.example.com",
            "--mail-domain",
            "example.com",
        ])
        .args(args)
        .arg(&path)
        .output()
        .unwrap();
    let written = fs::read_to_string(&path).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    (dir, out.status.code().unwrap(), stderr, written)
}

/// The file upgraded loads, and every setting the input has keeps its value.
fn keeps_meaning(src: &str, args: &[&str], skipped: &str, reason: &str) {
    let (dir, code, stderr, written) = upgrade(src, args);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains(&format!("skipped {skipped}")) && stderr.contains(reason),
        "{stderr}"
    );
    assert_eq!(written, src, "a skipped step writes nothing:\n{stderr}");
    let input = dir.path().join("input.py");
    fs::write(&input, src).unwrap();
    let Some(before) = settings_of(&input) else {
        return;
    };
    let after = settings_of(&dir.path().join("settings.py")).unwrap();
    for s in &before {
        assert!(after.contains(s), "{s} lost:\n{written}");
    }
}

#[test]
fn templates_do_not_use_a_debug_flag_defined_below() {
    keeps_meaning(
        "TEMPLATE_CONTEXT_PROCESSORS = (\n    'django.contrib.auth.context_processors.auth',\n)\nSITE_DEBUG = True\nTEMPLATE_DEBUG = SITE_DEBUG\n",
        &["--from", "1.6.2", "--to", "1.7.0", "--only", "1.7.0/templates"],
        "1.7.0/templates (line 4)",
        "it would use SITE_DEBUG above the line that defines it",
    );
}

#[test]
fn template_debug_read_later_is_not_deleted() {
    keeps_meaning(
        "TEMPLATE_DEBUG = False\nTEMPLATE_CONTEXT_PROCESSORS = (\n    'django.contrib.auth.context_processors.auth',\n)\nif TEMPLATE_DEBUG:\n    EXTRA = 1\n",
        &["--from", "1.6.2", "--to", "1.7.0", "--only", "1.7.0/templates"],
        "1.7.0/templates (line 5)",
        "it would delete TEMPLATE_DEBUG, which the file still reads at this line",
    );
}

#[test]
fn password_min_length_read_later_is_not_deleted() {
    keeps_meaning(
        "PASSWORD_MIN_LENGTH = 8\nSIGNUP_HINT = 'at least %d characters' % PASSWORD_MIN_LENGTH\n",
        &[
            "--from",
            "1.7.2",
            "--to",
            "1.8.0",
            "--only",
            "1.8.0/password-validators",
        ],
        "1.8.0/password-validators (line 2)",
        "it would delete PASSWORD_MIN_LENGTH",
    );
}

#[test]
fn redis_url_is_not_built_from_a_host_defined_below() {
    keeps_meaning(
        "REDIS_PORT = 6380\n\nMODOBOA_API_URL = 'https://api.modoboa.org/1/'\n",
        &[
            "--from",
            "1.15.0",
            "--to",
            "1.16.0",
            "--only",
            "1.16.0/redis",
        ],
        "1.16.0/redis",
        "it would use REDIS_HOST above the line that defines it",
    );
}

#[test]
fn environ_does_not_take_an_env_of_the_file_nor_write_half() {
    keeps_meaning(
        "import os\n\nenv = os.environ\nBASE_DIR = os.path.dirname(os.path.abspath(__file__))\nSECRET_KEY = env.get('SECRET_KEY', 'x')\n",
        &["--from", "2.2.3", "--to", "2.3.0", "--only", "2.3.0/environ"],
        "2.3.0/environ (line 3)",
        "env is your own (`env = os.environ`)",
    );
    // Skipped for `os`, which the file lacks: the `import environ` of the same step is not
    // written either (all or nothing).
    keeps_meaning(
        "from pathlib import Path\n\nBASE_DIR = Path(__file__).resolve().parent.parent\nSECRET_KEY = 'x'\n",
        &["--from", "2.2.3", "--to", "2.3.0", "--only", "2.3.0/environ"],
        "2.3.0/environ",
        "would use os, which the file does not define",
    );
}

#[test]
fn legacy_interface_keeps_a_ckeditor_setting_still_read_and_own_static_dirs() {
    keeps_meaning(
        "import os\nINSTALLED_APPS = (\n    'django.contrib.staticfiles',\n    'ckeditor',\n)\nMEDIA_ROOT = '/srv/mysite/media'\nCKEDITOR_UPLOAD_PATH = 'uploads/'\nUPLOADS_DIR = os.path.join(MEDIA_ROOT, CKEDITOR_UPLOAD_PATH)\n",
        &["--from", "2.3.3", "--to", "2.4.0", "--only", "2.4.0/legacy-interface"],
        "2.4.0/legacy-interface (line 8)",
        "it would delete CKEDITOR_UPLOAD_PATH",
    );
    let src = "STATIC_URL = '/sitestatic/'\nSTATICFILES_DIRS = ('/srv/mysite/theme/static',)\n";
    let (_dir, code, stderr, written) = upgrade(
        src,
        &["--from", "2.3.3", "--to", "2.4.0", "--only", "2.4.0"],
    );
    assert_eq!((code, written.as_str()), (1, src), "{stderr}");
    assert!(
        stderr.contains("skipped 2.4.0/staticfiles-dirs (line 2): STATICFILES_DIRS lists a directory of your own"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("applied 2.4.0/staticfiles-dirs"),
        "{stderr}"
    );
}

#[test]
fn a_subscript_assignment_below_the_dict_is_the_value_python_keeps() {
    let src = "REST_FRAMEWORK = {\n    'DEFAULT_AUTHENTICATION_CLASSES': (\n        'modoboa.core.drf_authentication.JWTAuthenticationWith2FA',\n    ),\n}\nREST_FRAMEWORK['DEFAULT_AUTHENTICATION_CLASSES'] = (\n    'modoboa.core.drf_authentication.JWTAuthenticationWith2FA',\n    'rest_framework.authentication.SessionAuthentication',\n)\n";
    for (args, step) in [
        (
            [
                "--from",
                "2.2.3",
                "--to",
                "2.3.0",
                "--only",
                "2.3.0/rest-framework",
            ],
            "2.3.0/rest-framework (line 6)",
        ),
        (
            [
                "--from",
                "2.5.0",
                "--to",
                "2.6.0",
                "--only",
                "2.6.0/rest-framework",
            ],
            "2.6.0/rest-framework (line 6)",
        ),
        (
            [
                "--from",
                "1.17.0",
                "--to",
                "2.0.0",
                "--only",
                "2.0.0/rest-framework",
            ],
            "2.0.0/rest-framework (line 6)",
        ),
    ] {
        keeps_meaning(
            src,
            &args,
            step,
            "REST_FRAMEWORK['DEFAULT_AUTHENTICATION_CLASSES'] is changed again at this line",
        );
    }
}

#[test]
fn the_live_key_of_a_dict_with_duplicate_keys_is_edited() {
    let src = "REST_FRAMEWORK = {\n    'DEFAULT_AUTHENTICATION_CLASSES': ('rest_framework.authentication.BasicAuthentication',),\n    'DEFAULT_AUTHENTICATION_CLASSES': (\n        'modoboa.core.drf_authentication.JWTAuthenticationWith2FA',\n    ),\n}\n";
    let (dir, code, stderr, written) = upgrade(
        src,
        &[
            "--from",
            "2.2.3",
            "--to",
            "2.3.0",
            "--only",
            "2.3.0/rest-framework",
        ],
    );
    assert_eq!(code, 1, "{stderr}");
    assert!(written.contains("('rest_framework.authentication.BasicAuthentication',),\n"));
    assert!(
        written.contains(
            "(\n        'oauth2_provider.contrib.rest_framework.OAuth2Authentication',\n    ),"
        ),
        "{written}"
    );
    if let Some(after) = settings_of(&dir.path().join("settings.py")) {
        assert!(
            after.iter().any(|s| s.contains("OAuth2Authentication")),
            "{after:?}"
        );
    }
}

#[test]
fn processors_carried_into_templates_keep_their_source_and_comments() {
    let src = "TEMPLATE_CONTEXT_PROCESSORS = (\n    'django.contrib.auth.context_processors.auth',  # logins\n    u'caf\\u00e9.context_processors.menu',  # ours\n    \"mysite.context_processors.banner\",\n)\n";
    let (dir, code, stderr, written) = upgrade(
        src,
        &[
            "--from",
            "1.6.2",
            "--to",
            "1.7.0",
            "--only",
            "1.7.0/templates",
        ],
    );
    assert_eq!(code, 1, "{stderr}");
    for line in [
        "                'django.contrib.auth.context_processors.auth',  # logins\n",
        "                u'caf\\u00e9.context_processors.menu',  # ours\n",
        "                \"mysite.context_processors.banner\",\n",
    ] {
        assert!(written.contains(line), "{line:?} in\n{written}");
    }
    // Only ASCII: Python 2 reads it without a coding line.
    assert!(written.is_ascii(), "{written}");
    if let Some(after) = settings_of(&dir.path().join("settings.py")) {
        assert!(
            after
                .iter()
                .any(|s| s.contains("caf\\xe9.context_processors.menu")
                    || s.contains("café.context_processors.menu")),
            "{after:?}"
        );
    }
}

/// The file upgraded loads, every setting of the input keeps its value, and the settings
/// `added` (`NAME=repr` lines) are there.
fn applied_keeps_meaning(src: &str, args: &[&str], applied: &str, added: &[&str]) {
    let (dir, code, stderr, written) = upgrade(src, args);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains(&format!("applied {applied}")), "{stderr}");
    let input = dir.path().join("input.py");
    fs::write(&input, src).unwrap();
    let Some(before) = settings_of(&input) else {
        return;
    };
    let after = settings_of(&dir.path().join("settings.py")).unwrap();
    for s in before
        .iter()
        .map(String::as_str)
        .chain(added.iter().copied())
    {
        assert!(
            after.iter().any(|a| a == s),
            "{s} not in {after:?}:\n{written}"
        );
    }
}

#[test]
fn a_statement_added_goes_below_the_names_it_reads() {
    // RQ_QUEUES goes below REDIS_HOST, not right after REDIS_URL above it.
    applied_keeps_meaning(
        "REDIS_PORT = 6379\nREDIS_URL = 'redis://localhost:6379/0'\nREDIS_HOST = 'localhost'\n",
        &[
            "--from",
            "2.1.0",
            "--to",
            "2.2.0",
            "--only",
            "2.2.0/rq-queues",
        ],
        "2.2.0/rq-queues (line 4)",
        &["RQ_QUEUES={'dkim': {'HOST': 'localhost', 'PORT': 6379, 'DB': 0}}"],
    );
    // read_env goes below BASE_DIR, not right after the file's env above it.
    applied_keeps_meaning(
        "import os\nimport environ\n\nenv = environ.Env()\nSECRET_KEY = 'x'\nBASE_DIR = '/srv/mysite'\n",
        &["--from", "2.2.3", "--to", "2.3.0", "--only", "2.3.0/environ"],
        "2.3.0/environ (line 7)",
        &[],
    );
}
