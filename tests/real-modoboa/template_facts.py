"""What a fresh Modoboa deploy's settings.py declares, release by release, as JSON facts.

    target/real-modoboa/venv-2.9.3/bin/python tests/real-modoboa/template_facts.py \
        --git <clone of github.com/modoboa/modoboa> --output src/release/template_facts.json

For the `drift` command (how a user's file differs from a fresh install of its release) the tool
needs what each release's `modoboa-admin.py deploy` wrote, not the template text: the names it
assigns or leaves commented out, the apps, middleware, context processors, queues, log handlers,
and the source of the short settings. Each template is rendered the way that release's deploy
did (oracle.render_templates for 1.2.0 on, read from the archives oracle.py downloads into
target/real-modoboa/dist/; the 0.9.3 to 1.1.x templates from the git tags, with --git), then
parsed with `ast`. Needs Django (the venv that ./run builds has it); stdlib otherwise.
Per-release counts go to stderr.
"""

import argparse
import ast
import json
import re
import subprocess
import sys

import oracle  # this directory is sys.path[0] when run as a script

NAME, HOST, SERVER_DOMAIN, PASSWORD = "instance", oracle.HOST, "example.com", "Pg-pass-42"
# Deploy-time inputs that a setting's source may hold: such a setting is no fact of the release.
PRIVATE = (oracle.SECRET_KEY, PASSWORD, HOST, SERVER_DOMAIN, oracle.BOWER_DIR)
SKIPPED = {"SECRET_KEY", "DATABASES", "ALLOWED_HOSTS"}

# The releases before 1.2.0 (the first archive oracle.py reads) whose deploy template changed,
# from the git tags: deploy appeared in 0.9.3 and the template's blob differs from the previous
# tag's at each of these (0.9.5, 1.0.1, 1.1.3-1.1.5 and 1.1.7 have their predecessor's; the
# deploy.py changes between them touch only the DATABASES entry). Its path moved twice.
GIT_RELEASES = "0.9.3 0.9.4 1.0.0 1.1.0 1.1.1 1.1.2 1.1.6".split()
# 1.4.0 has a git tag but is not on PyPI (so not in TEMPLATE_RELEASES); its template changed
# from 1.3.5's, and its template and deploy.py are 1.4.1's, so it gets 1.4.1's facts.
GIT_ALIASES = {"1.4.0": "1.4.1"}
GIT_PATHS = ["modoboa/core/commands/templates/settings.py.tpl",
             "modoboa/core/templates/settings.py.tpl", "modoboa/core/templates/settings.py"]


def same_files(repo, tag, other):
    paths = [GIT_PATHS[0], "modoboa/core/commands/deploy.py"]
    blobs = [subprocess.run(["git", "-C", repo, "rev-parse", f"{t}:{p}"], capture_output=True,
                            text=True, check=True).stdout for t in (tag, other) for p in paths]
    return blobs[:2] == blobs[2:]


def git_show(repo, tag, path):
    done = subprocess.run(["git", "-C", repo, "show", f"{tag}:{path}"], capture_output=True)
    return done.stdout.decode("utf-8") if done.returncode == 0 else None


def render_git(repo, tag):
    """The default render of a 0.9.3 to 1.1.x deploy (no amavis; Django >= 1.4, so the
    `django14` parts are in), as that tag's deploy.py did it. Returns (text, path)."""
    from django.template import Context, Template

    path = next(p for p in GIT_PATHS if git_show(repo, tag, p) is not None)
    deploy = git_show(repo, tag, "modoboa/core/commands/deploy.py")
    conn = re.search(r'dbconn_tpl = """(.*?)"""', deploy, re.S | re.I).group(1)
    # The keys of both generations of the connection snippet (0.9.x asked for dbtype...,
    # 1.1.0 took dj_database_url's ENGINE...).
    engine = "django.db.backends.postgresql_psycopg2"
    default_conn = Template(conn).render(Context({
        "conn_name": "default", "dbtype": "postgresql_psycopg2", "dbhost": "localhost",
        "dbname": "modoboa", "username": "modoboa", "password": PASSWORD,
        "ENGINE": engine, "NAME": "modoboa", "USER": "modoboa", "PASSWORD": PASSWORD,
        "HOST": "localhost", "PORT": ""}))
    text = Template(git_show(repo, tag, path)).render(Context({
        "name": NAME, "default_conn": default_conn, "amavis_conn": None,
        "secret_key": oracle.SECRET_KEY, "django14": True, "allowed_host": HOST}))
    # 1.1's deploy uncommented 'south' after the first syncdb (oracle.py does the same to 1.2).
    return re.sub(r"^#(\s+'south)", r"\1", text, flags=re.M), path


def strings(node, value=lambda name: None):
    """The string elements of a list/tuple literal, through `a + b` and the names `value`
    resolves (MODOBOA_APPS), skipping other operands (global_settings.TEMPLATE_...)."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return strings(node.left, value) + strings(node.right, value)
    if isinstance(node, ast.Name):
        return strings(value(node.id), value)
    if isinstance(node, (ast.List, ast.Tuple)):
        return [e.value for e in node.elts
                if isinstance(e, ast.Constant) and isinstance(e.value, str)]
    return []


def get(node, key):
    """node[key] of a dict literal (str key) or list literal (int key), else None."""
    if isinstance(node, ast.Dict):
        for k, v in zip(node.keys, node.values):
            if isinstance(k, ast.Constant) and k.value == key:
                return v
    if isinstance(node, (ast.List, ast.Tuple)) and isinstance(key, int) and key < len(node.elts):
        return node.elts[key]
    return None


def keys(node):
    return [k.value for k in getattr(node, "keys", []) if isinstance(k, ast.Constant)]


def is_literal(node):
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        node = node.operand
    return isinstance(node, ast.Constant)


def facts(text, source):
    tree = ast.parse(text)
    lines = text.splitlines()
    names, imports, imported = [], [], set()
    values_of, added_to = {}, {}  # name -> its `NAME = ...`, its `NAME += ...` statements
    for stmt in tree.body:
        if isinstance(stmt, (ast.Import, ast.ImportFrom)):
            imports.append(ast.unparse(stmt))
            imported |= {a.asname or a.name.split(".")[0] for a in stmt.names}
        elif isinstance(stmt, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
            targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
            bound = [n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)]
            for name in bound:
                into = values_of if isinstance(stmt, ast.Assign) else added_to
                into.setdefault(name, []).append(stmt)
            names += [n for n in bound if n not in names]
        else:
            # No default render has a top-level `if`/`try` (only the extension loaders do).
            assert isinstance(stmt, ast.Expr), f"{source}: top-level {type(stmt).__name__}"
    defined = set(names) | imported | {"__file__"}  # BASE_DIR is built from __file__

    def value(name):  # the value of the last `NAME = ...` (what Django sees)
        return values_of[name][-1].value if name in values_of else None

    out = {"source": source, "imports": imports, "settings": names}
    commented = [m.group(1) for line in lines
                 if (m := re.match(r"# ?([A-Z][A-Z0-9_]*)\s*\+?=(?!=)", line))]
    out["commented"] = [n for n in dict.fromkeys(commented) if n not in defined]

    def elements(name):  # what Django sees: `NAME = ...` then each `NAME += ...`
        nodes = [value(name)] + [a.value for a in added_to.get(name, [])]
        return [e for node in nodes for e in strings(node, value)]

    # INSTALLED_APPS, MODOBOA_APPS (`INSTALLED_APPS += MODOBOA_APPS` from 1.0.0; 1.0.0 then
    # adds 'reversion').
    out["apps"] = elements("INSTALLED_APPS")
    out["middleware"] = elements("MIDDLEWARE") or elements("MIDDLEWARE_CLASSES")
    processors = get(get(get(value("TEMPLATES"), 0), "OPTIONS"), "context_processors")
    out["context_processors"] = strings(processors) or elements("TEMPLATE_CONTEXT_PROCESSORS")
    if "RQ_QUEUES" in values_of:
        out["rq_queues"] = keys(value("RQ_QUEUES"))
    handlers = get(value("LOGGING"), "handlers")
    out["logging_handlers"] = {}
    for name in keys(handlers):
        handler = get(handlers, name)
        cls, address = get(handler, "class"), get(handler, "address")
        out["logging_handlers"][name] = {
            "class": cls.value if isinstance(cls, ast.Constant) else ast.unparse(cls),
            "address": None if address is None else
            address.value if isinstance(address, ast.Constant) else ast.unparse(address)}
    if "SPECTACULAR_SETTINGS" in values_of:
        out["spectacular"] = keys(value("SPECTACULAR_SETTINGS"))

    # values: literals, and one-line expressions over the template's own names; comments: the
    # comment lines right above such a setting (why the template sets it).
    out["values"], out["comments"] = {}, {}
    for name in names:
        if name in SKIPPED or name not in values_of:
            continue
        stmt = values_of[name][-1]
        src = ast.get_source_segment(text, stmt.value)
        used = {n.id for n in ast.walk(stmt.value) if isinstance(n, ast.Name)}
        short = "\n" not in src and len(src) < 120 and used <= defined
        if any(p in src for p in PRIVATE) or not (is_literal(stmt.value) or short):
            continue
        out["values"][name] = src
        above, i = [], stmt.lineno - 2
        while i >= 0 and lines[i].lstrip().startswith("#"):
            above.insert(0, lines[i].strip())
            i -= 1
        if above:
            out["comments"][name] = above
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--git", help="a clone of github.com/modoboa/modoboa with its tags "
                        "(for 0.9.3 to 1.1.x; without it those releases are left out)")
    parser.add_argument("--output", help="write the JSON here (default: stdout)")
    opts = parser.parse_args()

    import django
    from django.conf import settings

    settings.configure(TEMPLATES=[{"BACKEND": "django.template.backends.django.DjangoTemplates"}])
    django.setup()

    releases = {}
    if opts.git:
        for tag in GIT_RELEASES:
            text, path = render_git(opts.git, tag)
            releases[tag] = facts(text, f"git tag {tag} ({path})")
    else:
        print("template_facts: no --git, so 0.9.3 to 1.1.x are left out", file=sys.stderr)
    oracle.DIST.mkdir(parents=True, exist_ok=True)
    for release in oracle.TEMPLATE_RELEASES:
        if error := oracle.download(release):
            sys.exit(error)
        # The first render is the default one (no extension).
        _, text = next(oracle.render_templates(release, server_domain=SERVER_DOMAIN))
        (archive,) = [p.name for p in (oracle.DIST / release).iterdir()]
        releases[release] = facts(text.decode("utf-8"), archive)
    for tag, release in GIT_ALIASES.items() if opts.git else ():
        assert same_files(opts.git, tag, release), f"{tag} no longer matches {release}"
        source = f"git tag {tag} (template and deploy.py as {release}'s)"
        releases[tag] = dict(releases[release], source=source)
    releases = dict(sorted(releases.items(), key=lambda item: oracle.vt(item[0])))

    doc = {
        "generated_by": "tests/real-modoboa/template_facts.py",
        "note": (
            "Facts of the settings.py that `modoboa-admin.py deploy` wrote by default (no "
            "extension, PostgreSQL default connection, instance name 'instance', allowed host "
            "'mail.example.com', server domain 'example.com', the deploy's default time zone "
            "and language), read from each release's deploy template. The keys are the "
            "releases whose template changed (and 1.4.1, the first of 1.4 on PyPI, which has "
            "1.4.0's); a release not listed shares the facts of the "
            "newest listed release at or before it. settings: top-level assigned names in order "
            "of first assignment; commented: '#NAME =' lines whose NAME is not assigned; apps, "
            "middleware, context_processors: the string elements in the order Django sees them "
            "(INSTALLED_APPS += MODOBOA_APPS expanded); values: "
            "source text of the last 'NAME =' for literals and short one-line expressions over "
            "the template's own names (never the secret key, databases, allowed hosts, or "
            "anything holding a password or host name); comments: the comment lines right above "
            "such a setting. rq_queues and spectacular appear only where the setting exists."),
        "releases": releases,
    }
    out = json.dumps(doc, indent=1, ensure_ascii=False) + "\n"
    if opts.output:
        with open(opts.output, "w", encoding="utf-8") as f:
            f.write(out)
    else:
        sys.stdout.write(out)
    for release, f in releases.items():
        print(f"{release:7} settings {len(f['settings']):3}  apps {len(f['apps']):2}  "
              f"middleware {len(f['middleware']):2}  handlers {len(f['logging_handlers'])}  "
              f"values {len(f['values']):2}  commented {len(f['commented'])}", file=sys.stderr)


if __name__ == "__main__":
    main()
