#!/usr/bin/env python3
"""Generate benchmark inputs for benches/compare.sh (standard library only).

    gen_settings.py [--dense] SIZE [OUT]   a 0.7-era settings file of exactly SIZE bytes
                                      (on stdout, or in OUT); SIZE may end in K or M
                                      (binary: 1M = 1048576), e.g. 10M
    gen_settings.py --copies N DIR    N copies of fixtures/releases/0.9.4.py in DIR,
                                      named settings_001.py ... (the pre-commit hook's
                                      pattern is settings*.py)

The large file has the shape of `large_settings` in benches/engine.rs: the 0.7 fixture with
many `'site.appN',` entries inserted at the top of INSTALLED_APPS and many assignments
`SITE_SETTING_N = {'name': 'valueN', 'items': ('a', 'b', N)}  # note N` appended, cut at a
whole line and padded with one comment line so that the file is exactly SIZE bytes.
"""

import argparse
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
RELEASES = os.path.join(HERE, os.pardir, "fixtures", "releases")
BASE = os.path.join(RELEASES, "0.7.py")
TYPICAL = os.path.join(RELEASES, "0.9.4.py")
ANCHOR = b"INSTALLED_APPS = (\n"


def parse_size(text):
    units = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}
    text = text.strip().upper().removesuffix("B")
    if text and text[-1] in units:
        return int(float(text[:-1]) * units[text[-1]])
    return int(text)


def large_settings(size, dense=False):
    """A 0.7-era settings file of exactly `size` bytes (at least the fixture's size).

    The appended assignments are plain ones (strings, numbers, a comment line now and then),
    the shape of a real settings file; `dense` makes each a dict holding a tuple, the worst case
    for the parser."""
    with open(BASE, "rb") as f:
        base = f.read()
    at = base.find(ANCHOR)
    if at < 0:
        raise SystemExit(f"{BASE}: no {ANCHOR!r} to grow")
    at += len(ANCHOR)
    if size < len(base):
        raise SystemExit(f"size {size} is below the base file's {len(base)} bytes")

    apps, extra = [], []
    total = len(base)
    i = 0
    while True:
        app = b"    'site.app%d',\n" % i
        if dense:
            setting = (
                b"SITE_SETTING_%d = {'name': 'value%d', 'items': ('a', 'b', %d)}  # note %d\n"
                % (i, i, i, i)
            )
        elif i % 4:
            setting = b"SITE_SETTING_%d = 'value%d'\n" % (i, i)
        else:
            setting = b"# Setting group %d\nSITE_LIMIT_%d = %d\n" % (i, i, i)
        grown = total + len(app) + len(setting)
        # Stop when the pair does not fit, leaving room for a padding line ("#\n" at least).
        if grown > size or size - grown == 1:
            break
        apps.append(app)
        extra.append(setting)
        total = grown
        i += 1
    rest = size - total  # 0, or 2 and more: fewer bytes than one more pair
    if rest == 1:
        raise SystemExit(f"size {size}: one byte over the base file cannot be padded")
    tail = b"" if rest == 0 else b"#" + b"-" * (rest - 2) + b"\n"
    out = b"".join([base[:at], *apps, base[at:], *extra, tail])
    assert len(out) == size, (len(out), size)
    return out


def copies(n, directory):
    with open(TYPICAL, "rb") as f:
        text = f.read()
    os.makedirs(directory, exist_ok=True)
    width = max(3, len(str(n)))
    for k in range(1, n + 1):
        with open(os.path.join(directory, f"settings_{k:0{width}d}.py"), "wb") as f:
            f.write(text)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--copies", type=int, metavar="N", help="write N copies of 0.9.4.py into DIR")
    p.add_argument("target", help="SIZE in bytes (K/M suffixes allowed), or DIR with --copies")
    p.add_argument("out", nargs="?", help="output file (default: stdout)")
    p.add_argument("--dense", action="store_true", help="dict-and-tuple assignments (parser's worst case)")
    args = p.parse_args(argv)
    if args.copies is not None:
        if args.out:
            p.error("--copies takes one DIR")
        copies(args.copies, args.target)
        return
    data = large_settings(parse_size(args.target), dense=args.dense)
    if args.out:
        with open(args.out, "wb") as f:
            f.write(data)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()


if __name__ == "__main__":
    main()
