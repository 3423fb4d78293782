#!/usr/bin/env python3
"""The meaning oracle: settings the tool does not govern keep their value and their text.

Each case takes a settings file of the project's fixtures, puts canary settings between its
top-level statements (literals of every kind, names that look like the governed ones, canaries
that read other canaries), upgrades a copy with `--write` to a random later release, and checks:

- every canary assignment is still in the output, byte for byte, in the same order;
- the output compiles under Python 3 when the target is 1.15.0 or later (the Python 3 releases);
- where the output compiles, it is executed (imports the machine lacks are stubs, nothing is
  read from or written to disk) and every canary has the value its literal gives;
- a second run to the same target writes nothing.

Usage: oracle.py --bin PATH [--cases N] [--seed S] [--root DIR]. Prints one line per failure
and a total; exits 1 when a case fails.
"""

import argparse
import ast
import builtins
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import types

HOST = "mail.example.com"
DOMAIN = "example.com"

# Names close to the governed ones, so that a step matching a prefix or a substring shows.
NAMES = [
    "CANARY_{k}",
    "MIDDLEWARE_CLASSES_EXTRA_{k}",
    "INSTALLED_APPS_LOCAL_{k}",
    "BASE_DIR_BACKUP_{k}",
    "REDIS_HOST_{k}",
    "LOGGING_LEVEL_{k}",
    "TEMPLATE_DEBUG_{k}",
    "MODOBOA_APPS_{k}",
]

VALUES = [
    "{n}",
    "-{n}",
    "{n}.5",
    "'plain {n}'",
    '"double {n} \\"quoted\\""',
    "'tab\\t{n}'",
    "r'C:\\\\raw\\\\{n}'",
    "('modoboa_amavis', 'south', {n})",
    "['django.middleware.common.CommonMiddleware', 'x{n}']",
    "{{'ENGINE': 'django.db.backends.sqlite3', 'N': {n}}}",
    "{{'handlers': {{'syslog': {{'class': 'x'}}}}, 'n': {n}}}",
    "True",
    "None",
    "frozenset({{'a', 'b'}})",
    "(\n    'one',\n    'two {n}',\n)",
]


def version_key(v):
    return tuple(int(p) for p in v.split("."))


def releases(binary):
    out = subprocess.run(
        [binary, "transforms", "--format", "json", "--color", "never"],
        capture_output=True, text=True, check=True,
    ).stdout
    return [r["version"] for r in json.loads(out)["releases"]]


def detected(binary, path):
    out = subprocess.run(
        [binary, "detect", "--format", "json", "--color", "never", path],
        capture_output=True, text=True,
    ).stdout
    try:
        v = json.loads(out)
    except ValueError:
        return None
    files = v.get("files", [v]) if isinstance(v, dict) else v
    for f in files:
        ver = f.get("detected") or f.get("version")
        if ver:
            return ver
    return None


def top_level_starts(text):
    """Offsets where a new top-level statement may go: the start of a line that begins a
    top-level statement (column 0, not a comment, not inside brackets or strings), per the
    Python tokenizer. Returns [] when the file does not tokenize as Python 3."""
    import io
    import tokenize

    starts = []
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(text).readline))
    except (tokenize.TokenError, SyntaxError, IndentationError):
        return []
    line_offsets = [0]
    for line in text.splitlines(keepends=True):
        line_offsets.append(line_offsets[-1] + len(line))
    depth = 0
    indent = 0
    prev_ends_stmt = True
    for tok in tokens:
        if tok.type == tokenize.INDENT:
            indent += 1
        elif tok.type == tokenize.DEDENT:
            indent -= 1
        elif tok.type == tokenize.OP and tok.string in "([{":
            depth += 1
        elif tok.type == tokenize.OP and tok.string in ")]}":
            depth -= 1
        if tok.type in (tokenize.NEWLINE,):
            prev_ends_stmt = True
            continue
        if tok.type in (tokenize.NL, tokenize.COMMENT, tokenize.INDENT, tokenize.DEDENT):
            continue
        if prev_ends_stmt and depth == 0 and indent == 0 and tok.start[1] == 0:
            # A statement that continues with `else:`/`except:` is not a place to cut.
            if tok.string not in ("else", "elif", "except", "finally"):
                starts.append(line_offsets[tok.start[0] - 1])
        prev_ends_stmt = False
    starts.append(len(text))
    # (`from __future__` imports must come first: nothing goes above the last of them.)
    future = [m.end() for m in re.finditer(r"^from __future__ import[^\n]*\n", text, re.M)]
    return sorted(set(s for s in starts if not future or s >= future[-1]))


def canaries(rng, count, newline):
    out = []
    for k in range(count):
        name = rng.choice(NAMES).format(k=k)
        if out and rng.random() < 0.2:
            # A canary that reads an earlier one.
            prev = out[rng.randrange(len(out))][0]
            value = f"{prev}"
        else:
            value = rng.choice(VALUES).format(n=rng.randrange(1000))
        source = f"{name} = {value}".replace("\n", newline)
        out.append((name, value, source))
    return out


def expected_values(cans):
    env = {}
    for name, value, _ in cans:
        if re.fullmatch(r"[A-Z_][A-Z_0-9]*", value):
            env[name] = env[value]
        else:
            env[name] = eval(compile(ast.parse(value, mode="eval"), "<canary>", "eval"),
                             {"frozenset": frozenset})
    return env


class Stub(types.ModuleType):
    """A module or value the machine lacks: every attribute, call and item is another stub."""

    def __init__(self, name="stub"):
        super().__init__(name)
        self.__path__ = []

    def __getattr__(self, name):
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(name)
        return Stub(name)

    def __call__(self, *a, **k):
        return Stub("call")

    def __getitem__(self, k):
        return Stub("item")

    def __iter__(self):
        return iter(())

    def __add__(self, other):
        return other

    __radd__ = __add__

    def __str__(self):
        return "stub"

    def __fspath__(self):
        return "/nonexistent/stub"


def execute(text, path):
    """Run a settings text with imports the machine lacks replaced by stubs; its namespace."""
    real_import = builtins.__import__

    def importer(name, globals=None, locals=None, fromlist=(), level=0):
        if level == 0 and name.split(".")[0] in ("os", "sys", "re", "logging", "pathlib",
                                                  "socket", "json", "datetime"):
            return real_import(name, globals, locals, fromlist, level)
        return Stub(name)

    safe = dict(vars(builtins))
    safe["__import__"] = importer
    safe["open"] = lambda *a, **k: (_ for _ in ()).throw(OSError("no files in the oracle"))
    safe["exec"] = lambda *a, **k: None
    ns = {"__builtins__": safe, "__file__": path, "__name__": "settings"}
    exec(compile(text, path, "exec"), ns)
    return ns


def run_case(binary, rng, fixture, versions, tmp):
    text = open(fixture, encoding="utf-8", newline="").read()
    newline = "\r\n" if "\r\n" in text else "\n"
    starts = top_level_starts(text)
    if len(starts) < 2:
        return None, "skipped: does not tokenize"
    cans = canaries(rng, rng.randint(3, 10), newline)
    # Put the canaries at random places, in order (a canary that reads another comes later).
    places = sorted(rng.choice(starts) for _ in cans)
    out, last = [], 0
    for (name, value, source), at in zip(cans, places):
        out.append(text[last:at])
        sep = "" if at == 0 or text[:at].endswith(("\n", "\r")) else newline
        out.append(sep + source + newline)
        last = at
    out.append(text[last:])
    given = "".join(out)
    path = os.path.join(tmp, "settings.py")
    for name in (path, os.path.join(tmp, "given.py")):
        with open(name, "w", encoding="utf-8", newline="") as f:
            f.write(given)
    at = detected(binary, path)
    if at is None or at not in versions:
        return None, f"skipped: detected {at}"
    later = [v for v in versions if version_key(v) > version_key(at)]
    if not later:
        return None, "skipped: at the newest release"
    target = rng.choice(later)
    args = [binary, "upgrade", "--write", "--to", target, "--hostname", HOST,
            "--mail-domain", DOMAIN, "--color", "never", "--format", "json"]
    first = subprocess.run(args + [path], capture_output=True, text=True)
    label = f"{os.path.basename(fixture)} -> {target}"
    if first.returncode not in (0, 1):
        return label, f"exit {first.returncode}: {first.stderr.strip()[:300]}"
    written = open(path, encoding="utf-8", newline="").read()
    # (Python reads a file's BOM as an encoding mark, not as text: so does the oracle.)
    runnable = written.removeprefix("\ufeff")
    failures = []
    # Every canary's text, in order.
    pos = 0
    for name, _, source in cans:
        i = written.find(source, pos)
        if i < 0:
            failures.append(f"{name}: its text is gone or moved before another canary")
        else:
            pos = i + len(source)
    python3 = version_key(target) >= version_key("1.15.0")
    try:
        code_ok = compile(runnable, path, "exec") is not None
    except SyntaxError as e:
        code_ok = False
        if python3:
            failures.append(f"the output does not compile under Python 3: {e}")
    if code_ok:
        try:
            ns = execute(runnable, path)
        except Exception as e:  # noqa: BLE001 - any failure of the output is the finding
            # An input that fails the same way is not the tool's doing.
            try:
                execute(given.removeprefix("\ufeff"), path)
                failures.append(f"the output fails to run: {type(e).__name__}: {e}")
            except Exception:  # noqa: BLE001
                pass
            ns = None
        if ns is not None:
            for name, want in expected_values(cans).items():
                if ns.get(name, "<missing>") != want:
                    failures.append(f"{name} = {ns.get(name, '<missing>')!r}, want {want!r}")
    second = subprocess.run(args + [path], capture_output=True, text=True)
    again = open(path, encoding="utf-8", newline="").read()
    if again != written:
        failures.append("a second run changed the file")
    if second.returncode not in (0, 1):
        failures.append(f"second run exit {second.returncode}")
    return label, "; ".join(failures) if failures else None


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--bin", required=True)
    p.add_argument("--cases", type=int, default=60)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--root", default=os.path.join(os.path.dirname(__file__), "..", ".."))
    p.add_argument("--keep", help="copy the files of failing cases into this directory")
    a = p.parse_args()
    rng = random.Random(a.seed)
    versions = releases(a.bin)
    gen = os.path.join(a.root, "fixtures", "generated")
    fixtures = sorted(
        os.path.join(d, f)
        for d in (gen, os.path.join(gen, "variants"), os.path.join(a.root, "fixtures", "variants"))
        for f in os.listdir(d)
        if f.endswith(".py")
    )
    ran = failed = 0
    for case in range(a.cases):
        fixture = rng.choice(fixtures)
        tmp = tempfile.mkdtemp(prefix="meaning-")
        try:
            label, problem = run_case(a.bin, rng, fixture, versions, tmp)
            if problem and label and a.keep:
                shutil.copytree(tmp, os.path.join(a.keep, f"case-{case}"), dirs_exist_ok=True)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        if label is None:
            continue
        ran += 1
        if problem:
            failed += 1
            print(f"FAIL case {case} ({label}): {problem}")
    print(f"meaning oracle: {ran} cases run, {failed} failed (seed {a.seed})")
    return 1 if failed or ran == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
