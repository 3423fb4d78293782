"""Upgrade settings files with modoboa-settings, then load each under the real Modoboa.

Run by ./run with the python of a virtualenv that has modoboa==TARGET installed. The inputs are
the repository's fixtures and Modoboa's own deploy templates, rendered the way each release's
`modoboa-admin.py deploy` rendered them. For each input, a case directory under
target/real-modoboa/work/ gets an `instance` package (the input as settings.py, the target's
urls.py) and the `.env` of the OIDC key; the tool upgrades settings.py in place, and
load_instance.py loads it in a fresh interpreter. One line per input, then the totals.
"""

import argparse
import fnmatch
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
ROOT = REPO / "target" / "real-modoboa"
WORK = ROOT / "work"
DIST = ROOT / "dist"
TIMEOUT = 60  # seconds, for the tool and for loading the instance
WORKERS = 2  # the machine has 2 cores

FIXTURE_DIRS = ["generated", "generated/variants", "releases", "variants", "series_1_6"]

# The releases at which modoboa/core/commands/templates/settings.py.tpl changed: the template
# of every release on PyPI from 1.2.0 on was extracted and compared with the previous
# release's, and each release where it differed is listed. Only the releases up to the target
# are used (the tool refuses a file newer than its target).
TEMPLATE_RELEASES = """
    1.2.0 1.2.2 1.3.0 1.3.2 1.3.5 1.4.1 1.4.3 1.5.0 1.5.1 1.6.0 1.6.2 1.7.0 1.7.2 1.7.4 1.8.0
    1.8.3 1.10.0 1.13.0 1.15.0 1.16.0 1.16.1 1.17.0 2.0.0 2.0.3 2.0.4 2.0.5 2.1.0 2.2.0 2.2.3
    2.3.0 2.3.3 2.4.0 2.4.1 2.4.2 2.5.1 2.6.0 2.6.1 2.6.3 2.7.0 2.8.0 2.9.0 2.9.1 2.9.3
    2.10.1 2.11.0 2.11.1 2.12.0
""".split()

# The hand-edited fixtures name their administrators' own apps and routers (and third-party
# apps they added): these packages stand in for them (load_instance.py puts them last on
# sys.path). Their middleware and context processors are never imported by `check`.
ROUTER = "class {}:\n    pass  # no opinion on any database: Django asks the next router\n"
SITE_CODE = {
    "quota_report": "", "django_extensions": "", "debug_toolbar": "", "mysite": "",
    "mysite.extension": "", "mailops.quota_report": "", "myorg.audit": "",
    "exampleorg.branding": "", "exampleorg.healthcheck": "", "example.reports": "",
    "example.routers": ROUTER.format("ReportsRouter"), "edu": "",
    "edu.dbrouters": ROUTER.format("ReplicaRouter"),
}
STUBS = ROOT / "site-stubs"

HOST = "mail.example.com"
SECRET_KEY = "t3st-0nly-k3y-9vQm2Lx7Rb4Nc8Hd1Zp6Wf5Sj0Ky3Ga7Ue2Io"  # nothing to HTML-escape
# 1.2.0 to 2.3.x wrote the realpath of modoboa/bower_components of the installation.
BOWER_DIR = "/srv/modoboa/env/lib/python3/site-packages/modoboa/bower_components"


def vt(release):
    return tuple(int(part) for part in release.split("."))


def deploy_extensions(release):
    """The extensions `deploy --extensions` could enable at `release`, and those that ship a
    settings.py (the deploy command writes a loader block for these at the end of the file).

    From 1.3.0 to 2.4.x the extensions were packages of their own; the packages (and which of
    them a release could use) follow their requirements and release dates on PyPI:
    modoboa_admin, _admin_limits and _admin_relaydomains were merged into Modoboa in 1.4.0;
    stats into maillog in 1.16.0; pdfcredentials, dmarc and imap_migration in 2.1.0;
    postfix_autoreply and sievefilters in 2.3.0; webmail, contacts, radicale (calendars) and
    rspamd in 2.4.0; amavis in 2.5.0, after which `--extensions modoboa.amavis` sets
    amavis_enabled. contacts needs Modoboa >= 1.7.3, dmarc appeared after 1.4.x (2016-03),
    rspamd needs Modoboa >= 2.2.0.
    """
    v = vt(release)
    if v >= (2, 5):
        # `__import__("modoboa.amavis")` returns `modoboa`, which has no settings.py.
        return ["modoboa.amavis"], []
    exts = []
    if v < (1, 4):
        exts += ["modoboa_admin", "modoboa_admin_limits", "modoboa_admin_relaydomains"]
    exts.append("modoboa_amavis")
    if v < (2, 3):
        exts += ["modoboa_postfix_autoreply", "modoboa_sievefilters"]
    if v < (1, 16):
        exts.append("modoboa_stats")
    if v < (2, 4):
        exts += ["modoboa_webmail", "modoboa_radicale"]
        if v >= (1, 7, 4):
            exts.append("modoboa_contacts")
    if v < (2, 1):
        exts += ["modoboa_pdfcredentials", "modoboa_imap_migration"]
        if v >= (1, 5):
            exts.append("modoboa_dmarc")
    if (2, 2) <= v < (2, 4):
        exts.append("modoboa_rspamd")
    # Found by `pip download --no-deps` of early and late versions of every extension and
    # looking for <package>/settings.py: amavis (every version: the router) and contacts
    # (every version) have one; radicale from 1.3.0 (2018-03, for Modoboa 1.10), imap_migration
    # from 1.3.0 (2019-03, so the templates of 1.15.0 on); admin*, dmarc, pdfcredentials,
    # postfix_autoreply, rspamd, sievefilters, stats and webmail never.
    with_settings = {"modoboa_amavis", "modoboa_contacts"}
    if v >= (1, 10):
        with_settings.add("modoboa_radicale")
    if v >= (1, 15):
        with_settings.add("modoboa_imap_migration")
    return exts, [ext for ext in exts if ext in with_settings]


def archive_member(release, path):
    """The text of `path` in the release's wheel, or under its sdist's top folder."""
    (archive,) = [p for p in (DIST / release).iterdir() if p.suffix in (".whl", ".gz")]
    if archive.suffix == ".whl":
        with zipfile.ZipFile(archive) as zf:
            return zf.read(path).decode("utf-8")
    with tarfile.open(archive) as tf:
        (member,) = [m for m in tf.getmembers() if m.name.split("/", 1)[1:] == [path]]
        return tf.extractfile(member).read().decode("utf-8")


def download(release):
    """Cache the release's archive under dist/<release>/ (a partial download is redone)."""
    dest = DIST / release
    if dest.is_dir():
        return None
    partial = DIST / (release + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    # --no-build-isolation: pip prepares an sdist's metadata with this venv's setuptools and
    # wheel (before 1.10.0 the archives are sdists).
    cmd = [sys.executable, "-m", "pip", "download", "-q", "--disable-pip-version-check",
           "--no-deps", "--no-build-isolation", "-d", str(partial), f"modoboa=={release}"]
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode:
        return f"pip download modoboa=={release} failed: {done.stderr.strip()[-500:]}"
    partial.rename(dest)
    return None


def render_templates(release, server_domain=HOST):
    """The settings.py that `deploy` wrote at `release`: without extension, then with every
    extension it could enable (amavis with its own `amavis` connection). template_facts.py
    imports it and passes its own server domain."""
    from django.template import Context, Template

    tpl = Template(archive_member(release, "modoboa/core/commands/templates/settings.py.tpl"))
    deploy = archive_member(release, "modoboa/core/commands/deploy.py")
    # The connection snippet, the PostgreSQL engine name and the default language are the
    # deploy command's own (they changed over the releases).
    conn_tpl = Template(re.search(r'DBCONN_TPL = """(.*?)"""', deploy, re.S).group(1))
    engine = re.search(r"ENGINE['\"]\]\s*=\s*['\"](django\.db\.backends\.postgresql\w*)",
                       deploy).group(1)
    lang = re.search(r"--lang['\"],\s*type=str,\s*default=['\"]([^'\"]+)", deploy).group(1)

    def conn(name, db):
        # What dj_database_url gives for postgres://<db>:<password>@localhost/<db> with the
        # port left empty; OPTIONS is what 2.12's deploy adds for PostgreSQL (none).
        return conn_tpl.render(Context({
            "conn_name": name, "ENGINE": engine, "NAME": db, "USER": db,
            "PASSWORD": "Pg-pass-42", "HOST": "localhost", "PORT": "", "OPTIONS": ""}))

    for with_ext in (False, True):
        ctx = {"name": "instance", "secret_key": SECRET_KEY, "allowed_host": HOST,
               "server_domain": server_domain, "lang": lang, "timezone": "UTC", "devmode": False,
               "bower_components_dir": BOWER_DIR}
        if vt(release) < (1, 3):
            # 1.2.x: the extensions live in modoboa.extensions and are all listed; amavis is
            # uncommented, and its connection written, when deploy got --with-amavis.
            ctx["default_conn"] = conn("default", "modoboa")
            ctx["amavis_conn"] = conn("amavis", "amavis") if with_ext else None
        else:
            exts, extra = deploy_extensions(release) if with_ext else ([], [])
            conns = {"default": conn("default", "modoboa")}
            if {"modoboa_amavis", "modoboa.amavis"} & set(exts):
                conns["amavis"] = conn("amavis", "amavis")
            ctx.update(db_connections=conns, extensions=exts, extra_settings=extra,
                       amavis_enabled="modoboa.amavis" in exts)
        text = tpl.render(Context(ctx))
        if vt(release) < (1, 3):
            # 1.2's deploy ran syncdb, then uncommented 'south' with sed, as every install did.
            text = re.sub(r"^#(\s+'south)", r"\1", text, flags=re.M)
        yield f"template/{release}{'+ext' if with_ext else ''}", text.encode("utf-8")


def fixture_inputs():
    for sub in FIXTURE_DIRS:
        for path in sorted((REPO / "fixtures" / sub).glob("*.py")):
            yield f"{sub}/{path.stem}", path.read_bytes()


def clean_env(**extra):
    """An environment that does not depend on the caller's (no MODOBOA_SETTINGS_*, no
    DJANGO_SETTINGS_MODULE, no OIDC key that would win over .env, no colour)."""
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": os.environ.get("HOME", "/"),
           "LANG": "C.UTF-8", "NO_COLOR": "1", "COLUMNS": "200"}
    env.update(extra)
    return env


def oidc_env_file():
    """The .env that deploy (modoboa.core.utils.generate_rsa_private_key) writes: the PEM on
    one line, newlines escaped. One 2048-bit key per run, shared by the cases."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(encoding=serialization.Encoding.PEM,
                            format=serialization.PrivateFormat.TraditionalOpenSSL,
                            encryption_algorithm=serialization.NoEncryption())
    return b'OIDC_RSA_PRIVATE_KEY="' + pem.replace(b"\n", b"\\n") + b'"\n'


def first_line(text):
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    errors = [line for line in lines if line.lower().startswith("error")]
    return (errors or lines or ["(no output)"])[0]


def add_urlconf(case, settings_text, urls):
    """Give ROOT_URLCONF a module when it names one outside `instance` that does not exist
    (0.x files name their own project: 'mailng.urls', 'urls', ...)."""
    m = re.search(r"^ROOT_URLCONF\s*=\s*['\"]([\w.]+)['\"]", settings_text, re.M)
    if not m:
        return
    parts = m.group(1).split(".")
    if parts[0] == "instance" or importlib.util.find_spec(parts[0]) is not None:
        return
    package = case.joinpath(*parts[:-1])
    package.mkdir(parents=True, exist_ok=True)
    for depth in range(1, len(parts)):
        case.joinpath(*parts[:depth], "__init__.py").touch()
    (package / f"{parts[-1]}.py").write_bytes(urls)


def run_case(name, text, opts):
    case = WORK / name
    shutil.rmtree(case, ignore_errors=True)
    (case / "instance").mkdir(parents=True)
    (case / "input.py").write_bytes(text)  # the original, to diff against
    settings_py = case / "instance" / "settings.py"
    settings_py.write_bytes(text)
    (case / "instance" / "__init__.py").write_bytes(b"")
    (case / "instance" / "urls.py").write_bytes(opts.urls)
    # BASE_DIR is the case directory. The .env also holds the administrator's own variables
    # that the input reads (env.str('MODOBOA_DB_PASSWORD'), ...): those are not under test.
    own = set(re.findall(rb"env(?:\.\w+)?\(\s*['\"](\w+)['\"]", text))
    own.discard(b"OIDC_RSA_PRIVATE_KEY")
    (case / ".env").write_bytes(opts.env_file + b"".join(b"%s=1\n" % n for n in sorted(own)))

    # A fresh deploy of a release shows no drift against that release (where the tool knows
    # the release: it lists only those with settings changes).
    m = re.fullmatch(r"template/([0-9.]+)(\+ext)?", name)
    if m:
        drift = subprocess.run([opts.bin, "drift", "--strict", "--to", m.group(1), str(settings_py)],
                               capture_output=True, text=True, env=clean_env(), timeout=TIMEOUT)
        (case / "drift.log").write_text(drift.stdout + drift.stderr)
        if drift.returncode == 1:
            lines = drift.stdout.splitlines()
            return "FAIL", f"drift on the fresh template: {lines[1].strip() if len(lines) > 1 else ''}"
    values = ["--to", opts.version, "--hostname", HOST, "--mail-domain", "example.com"]
    cmd = [opts.bin, "upgrade", "--write", "--format", "json", *values, str(settings_py)]
    try:
        up = subprocess.run(cmd, capture_output=True, text=True, env=clean_env(),
                            timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        return "FAIL", f"modoboa-settings timed out after {TIMEOUT} s"
    (case / "upgrade.log").write_text(up.stdout + up.stderr)
    if up.returncode not in (0, 1):  # 1: something changed or is pending
        return "FAIL", f"modoboa-settings exited {up.returncode}: {first_line(up.stderr)}"
    skipped = [s["id"] for s in json.loads(up.stdout)["files"][0]["skipped"]]
    add_urlconf(case, settings_py.read_text(errors="replace"), opts.urls)
    # Run again on what was written: nothing is left to do. (Where steps were skipped, the
    # file is the administrator's to finish; a step a later one settled, like 1.17.0's
    # LocaleMiddleware on the 0.x order, has nothing left.)
    again = subprocess.run([opts.bin, "upgrade", "--check", *values, str(settings_py)],
                           capture_output=True, text=True, env=clean_env(), timeout=TIMEOUT)
    (case / "again.log").write_text(again.stdout + again.stderr)
    if again.returncode != 0 and not skipped:
        return "FAIL", (f"a second run (--check) exits {again.returncode}: "
                        f"{first_line(again.stderr)}")

    load = [sys.executable, "-I", str(HERE / "load_instance.py"), str(STUBS)]
    with open(case / "check.log", "wb") as log:
        try:
            env = clean_env(DJANGO_SETTINGS_MODULE="instance.settings")
            subprocess.run(load, cwd=case, env=env, stdout=log, stderr=subprocess.STDOUT,
                           stdin=subprocess.DEVNULL, timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            return "FAIL", f"loading the instance timed out after {TIMEOUT} s"
    result = case / "result"
    verdict = result.read_text().strip() if result.exists() else "no verdict (see check.log)"
    if verdict == "ok":
        if not opts.keep:
            shutil.rmtree(case)
        return "ok", ""
    if skipped:
        # The tool said which steps it could not make (a setting built dynamically): the file
        # is the administrator's to finish, and the report told them so.
        shown = ", ".join(skipped[:3]) + (f" and {len(skipped) - 3} more" if len(skipped) > 3 else "")
        return "held", f"{verdict} (the tool reported as skipped: {shown})"
    return "FAIL", verdict


def selected(name, patterns):
    if not patterns:
        return True
    return any(fnmatch.fnmatchcase(name, p) if any(c in p for c in "*?[") else p in name
               for p in patterns)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--version", required=True, help="the target Modoboa release")
    parser.add_argument("--bin", required=True, help="the modoboa-settings binary")
    parser.add_argument("--keep", action="store_true", help="keep passing cases' directories")
    parser.add_argument("patterns", nargs="*", help="substrings or globs of input names")
    opts = parser.parse_args()
    opts.bin = str(Path(opts.bin).resolve())

    import django
    from django.conf import settings

    settings.configure(TEMPLATES=[{"BACKEND": "django.template.backends.django.DjangoTemplates"}])
    django.setup()

    releases = [r for r in TEMPLATE_RELEASES if vt(r) <= vt(opts.version)]
    DIST.mkdir(parents=True, exist_ok=True)
    with ThreadPoolExecutor(WORKERS) as pool:
        errors = [e for e in pool.map(download, releases) if e]
    if errors:
        sys.exit("\n".join(errors))

    inputs = list(fixture_inputs())
    for release in releases:  # rendering takes a while: only what the patterns select
        if any(selected(f"template/{release}{s}", opts.patterns) for s in ("", "+ext")):
            inputs += render_templates(release)
    inputs = [(n, t) for n, t in inputs if selected(n, opts.patterns)]
    if not inputs:
        sys.exit(f"no input matches {' '.join(opts.patterns)}")

    if not opts.patterns:
        shutil.rmtree(WORK, ignore_errors=True)  # no stale case from an earlier run
    # The urls.py that the target's deploy writes (from the installed Modoboa).
    modoboa_dir = Path(importlib.util.find_spec("modoboa").submodule_search_locations[0])
    opts.urls = (modoboa_dir / "core/commands/templates/urls.py.tpl").read_bytes()
    opts.env_file = oidc_env_file()
    shutil.rmtree(STUBS, ignore_errors=True)
    for module, code in SITE_CODE.items():
        parts = module.split(".")
        STUBS.joinpath(*parts).mkdir(parents=True, exist_ok=True)
        for depth in range(1, len(parts)):
            STUBS.joinpath(*parts[:depth], "__init__.py").touch()
        STUBS.joinpath(*parts, "__init__.py").write_text(code)

    counts = {"ok": 0, "held": 0, "FAIL": 0}
    with ThreadPoolExecutor(WORKERS) as pool:
        # map() yields in input order while two cases run at a time.
        for (name, _), (verdict, reason) in zip(inputs,
                                                pool.map(lambda i: run_case(*i, opts), inputs)):
            print(f"{verdict:4} {name}" + (f": {reason}" if reason else ""), flush=True)
            counts[verdict] += 1
    if counts["FAIL"] or counts["held"]:
        print(f"logs: {WORK.relative_to(REPO)}/<input>/check.log, upgrade.log, again.log")
    print(f"real-modoboa {opts.version}: {len(inputs)} inputs, {counts['ok']} passed, "
          f"{counts['held']} held (steps the tool reported it could not make), "
          f"{counts['FAIL']} failed")
    return 1 if counts["FAIL"] else 0


if __name__ == "__main__":
    sys.exit(main())
