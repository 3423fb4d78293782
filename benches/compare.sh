#!/usr/bin/env bash
# Performance comparison of modoboa-settings against the floor (`cat`) and its peers
# (django-upgrade, a LibCST round trip), measured side by side in one run and printed as one
# markdown table of ratios. Not part of CI. Run from anywhere, as root on a Debian machine
# (hyperfine and GNU time come from Debian's packages when missing):
#
#     bash benches/compare.sh
#
# Every comparison is one hyperfine invocation (`-N`, medians, JSON exported), so the commands it
# compares run under the same load; the typical-file comparison is also measured as explicitly
# interleaved runs (the two commands alternate, ABBA, PAIRS times; median of each), which is the
# number its target is judged on. Machines here are shared and noisy: read ratios, not times.
#
# Knobs (environment):
#   RUNS=20          hyperfine runs for fast commands (slow ones get fewer, see BUDGET)
#   PAIRS=30         interleaved pairs for the typical file
#   BUDGET=120       seconds one hyperfine group of slow commands may take (sets its run count)
#   MAX_SECONDS=1800 a single run of the tool longer than this is killed and reported as a timeout
#   RESULTS=target/compare   where the JSON exports, the raw numbers and the table are kept
#   SIZE1=1000000 SIZE10=10000000   sizes in bytes of the two generated files (smaller for a
#                    quick try of the script; the targets assume the defaults)
#   SKIP_BUILD=1     use the release binaries as they are (no `cargo build --release`, no
#                    static build; the static rows appear only when that binary is not older)
#   KEEP=1           keep the temporary directory (inputs, virtualenv)
#   BASELINE_BIN=... an earlier release binary: `detect` on the typical file is compared with it
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RUNS=${RUNS:-20}
PAIRS=${PAIRS:-30}
BUDGET=${BUDGET:-120}
MAX_SECONDS=${MAX_SECONDS:-1800}
RESULTS=${RESULTS:-$ROOT/target/compare}
HOSTNAME_ARG=(--hostname mail.example.com --mail-domain example.com)
BUILT=$ROOT/target/release/modoboa-settings

TMP=$(mktemp -d "${TMPDIR:-/tmp}/modoboa-compare.XXXXXX")
cleanup() { if [[ -n ${KEEP:-} ]]; then echo "kept $TMP" >&2; else rm -rf "$TMP"; fi; }
trap cleanup EXIT
mkdir -p "$RESULTS"
rm -f "$RESULTS"/*.json "$RESULTS"/*.txt "$RESULTS"/table.md

say() { printf '\n== %s\n' "$*" >&2; }

# --- tools -----------------------------------------------------------------------------------
need_deb() { # need_deb COMMAND PACKAGE
    command -v "$1" >/dev/null 2>&1 && return 0
    say "installing $2 from Debian's packages"
    if ! apt-get install -y -qq "$2" >/dev/null 2>&1; then
        apt-get update -qq >/dev/null
        apt-get install -y -qq "$2" >/dev/null
    fi
}
need_deb hyperfine hyperfine
[[ -x /usr/bin/time ]] || need_deb /usr/bin/time time
command -v python3 >/dev/null || { echo "python3 is needed" >&2; exit 2; }

# --- the release binary ----------------------------------------------------------------------
if [[ -z ${SKIP_BUILD:-} ]]; then
    say "cargo build --release"
    (cd "$ROOT" && cargo build --release)
fi
[[ -x $BUILT ]] || { echo "no release binary at $BUILT" >&2; exit 2; }
# Measure a copy: a rebuild in the work tree during a long run must not mix two binaries.
BIN=$TMP/modoboa-settings
cp "$BUILT" "$BIN"
binary_id() {
    printf '%s, built %s, tree %s%s' "$(sha256sum "$BIN" | cut -c1-12)" \
        "$(date -u -r "$BUILT" +%Y-%m-%dT%H:%M:%SZ)" \
        "$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')" \
        "$(git -C "$ROOT" status --porcelain -- src Cargo.toml Cargo.lock 2>/dev/null | grep -q . && echo ' + uncommitted changes' || true)"
}
BINARY_ID=$(binary_id)
echo "$BINARY_ID" >"$RESULTS/binary.txt"

# The static build that README.md recommends for deployment (glibc linked in: no shared
# libraries to load at start-up, which is most of what separates a small run from `cat`).
HOST=$(rustc -vV | sed -n 's/^host: //p')
STATIC_BUILT=$ROOT/target/$HOST/release/modoboa-settings
if [[ $HOST == *-linux-gnu && -z ${SKIP_BUILD:-} ]]; then
    say "static build: RUSTFLAGS='-C target-feature=+crt-static' cargo build --release --target $HOST"
    (cd "$ROOT" && RUSTFLAGS="-C target-feature=+crt-static" cargo build --release --target "$HOST")
fi
STATIC=
# (With SKIP_BUILD, a static binary older than the release binary is stale: left out.)
if [[ -x $STATIC_BUILT && ! $STATIC_BUILT -ot $BUILT ]]; then
    STATIC=$TMP/modoboa-settings-static
    cp "$STATIC_BUILT" "$STATIC"
fi

# --- inputs ----------------------------------------------------------------------------------
say "generating inputs in $TMP"
# The typical file: a hand-edited 0.7 installation of 269 lines (the issue asks for 200 to 450).
TYPICAL_SRC=$ROOT/fixtures/variants/0.7-typical-site.py
TYPICAL=$TMP/settings.py
cp "$TYPICAL_SRC" "$TYPICAL"
# The typical 2.x file: a hand-edited 2.2.3 site (amavis and contacts through their extension
# blocks, the admin's own apps, middleware, LOGGING handler and REST_FRAMEWORK keys).
TYPICAL2=$TMP/2x/settings.py
mkdir -p "$TMP/2x"
cp "$ROOT/fixtures/variants/2.2.3-typical-site.py" "$TYPICAL2"
# The newest release the tool automates (`latest`), for the labels.
LATEST=$("$BIN" plan --from 0.7 --format json | python3 -c 'import json,sys; print(json.load(sys.stdin)["to"])')
BIG1=$TMP/settings-1MB.py
BIG10=$TMP/settings-10MB.py
python3 "$ROOT/benches/gen_settings.py" "${SIZE1:-1000000}" "$BIG1"
python3 "$ROOT/benches/gen_settings.py" "${SIZE10:-10000000}" "$BIG10"
MANY_DIR=$TMP/many
MANY_N=300
python3 "$ROOT/benches/gen_settings.py" --copies "$MANY_N" "$MANY_DIR"
MANY=("$MANY_DIR"/settings_*.py)

# --- peers, in a throw-away virtualenv -------------------------------------------------------
say "installing django-upgrade and libcst into $TMP/venv"
python3 -m venv "$TMP/venv"
"$TMP/venv/bin/pip" install -q django-upgrade libcst
"$TMP/venv/bin/pip" list 2>/dev/null | grep -i -E '^(django-upgrade|libcst) ' \
    >"$RESULTS/peers-versions.txt" || true
DJU=$TMP/venv/bin/django-upgrade
VPY=$TMP/venv/bin/python
cat >"$TMP/cst_roundtrip.py" <<'EOF'
import libcst, sys
libcst.parse_module(open(sys.argv[1]).read()).code
EOF
# The brief's one-liner, kept as a file so that hyperfine -N needs no shell quoting:
#   python -c "import libcst,sys; libcst.parse_module(open(sys.argv[1]).read()).code" FILE
for f in "$TYPICAL" "$BIG1"; do
    "$VPY" "$TMP/cst_roundtrip.py" "$f" || { echo "LibCST cannot parse $f" >&2; exit 2; }
done

# --- helpers ---------------------------------------------------------------------------------
# seconds CMD...: wall time of one run (killed after MAX_SECONDS), printed as seconds.
seconds() {
    local t0 t1
    t0=$(date +%s%N)
    timeout "$MAX_SECONDS" "$@" >/dev/null 2>&1 || true
    t1=$(date +%s%N)
    python3 -c "print(round(($t1 - $t0) / 1e9, 3))"
}
# plan_runs ESTIMATE_SECONDS: runs of a group whose one round takes about that long.
plan_runs() {
    python3 - "$1" "$BUDGET" "$RUNS" <<'EOF'
import sys
est, budget, runs = float(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3])
print(max(1, min(runs, int(budget // max(est, 1e-3)))))
EOF
}
warmup_for() { # warmup_for RUNS ESTIMATE_SECONDS: no warm-up round for slow groups
    python3 -c "print(0 if $2 > 2 or $1 < 3 else 3 if $1 >= 10 else 1)"
}

UPGRADE=("$BIN" upgrade "${HOSTNAME_ARG[@]}" --color never)
CHECK=("$BIN" upgrade --check "${HOSTNAME_ARG[@]}")
# Peak memory: GNU time wraps the tool (its own cost is a fork and a wait) and writes its report
# over FILE at each run; timeout kills a run after MAX_SECONDS (time then reports exit 124).
memwrap() { echo /usr/bin/time -o "$1" -v timeout "$MAX_SECONDS"; }
hf() { hyperfine -N -i --style basic "$@" >&2; }

# --- 1. typical file vs cat, interleaved and with hyperfine ----------------------------------
say "typical file: upgrade with the diff vs cat (interleaved, $PAIRS pairs)"
cat >"$TMP/interleave.py" <<'EOF'
"""Alternate commands (ABBA...) PAIRS times after WARMUP rounds; stdout and stderr go to
/dev/null; wall time of spawn-to-exit per run; writes JSON with the samples and medians."""
import json, os, shlex, shutil, statistics, sys, time

out, pairs, warmup = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
cmds = [(sys.argv[i], shlex.split(sys.argv[i + 1])) for i in range(4, len(sys.argv), 2)]
for _, argv in cmds:
    argv[0] = shutil.which(argv[0]) or argv[0]
null = os.open(os.devnull, os.O_WRONLY)
actions = [(os.POSIX_SPAWN_DUP2, null, 1), (os.POSIX_SPAWN_DUP2, null, 2)]

def once(argv):
    t0 = time.perf_counter_ns()
    pid = os.posix_spawn(argv[0], argv, os.environ, file_actions=actions)
    _, status = os.waitpid(pid, 0)
    return (time.perf_counter_ns() - t0) / 1e9, os.waitstatus_to_exitcode(status)

for _ in range(warmup):
    for _, argv in cmds:
        once(argv)
samples = {name: [] for name, _ in cmds}
codes = {name: set() for name, _ in cmds}
for i in range(pairs):
    order = cmds if i % 2 == 0 else cmds[::-1]
    for name, argv in order:
        t, code = once(argv)
        samples[name].append(t)
        codes[name].add(code)
names = [name for name, _ in cmds]
a, b = names[0], names[1]
pair_ratios = [x / y for x, y in zip(samples[a], samples[b])]
res = {
    "pairs": pairs,
    "commands": {n: {"argv": argv, "median": statistics.median(samples[n]),
                     "mean": statistics.fmean(samples[n]), "min": min(samples[n]),
                     "times": samples[n], "exit_codes": sorted(codes[n])} for n, argv in cmds},
    "ratio_of_medians": statistics.median(samples[a]) / statistics.median(samples[b]),
    "median_of_pair_ratios": statistics.median(pair_ratios),
}
json.dump(res, open(out, "w"), indent=1)
for n in names:
    c = res["commands"][n]
    print(f"  {n}: median {c['median']*1e3:.2f} ms, min {c['min']*1e3:.2f} ms, "
          f"exit codes {c['exit_codes']}", file=sys.stderr)
print(f"  ratio of medians {res['ratio_of_medians']:.2f}, median of pair ratios "
      f"{res['median_of_pair_ratios']:.2f}", file=sys.stderr)
EOF
python3 "$TMP/interleave.py" "$RESULTS/typical-interleaved.json" "$PAIRS" 3 \
    ours "${UPGRADE[*]} $TYPICAL" cat "cat $TYPICAL"

# The same file to 1.17.0 (the end of the 1.x series), and the typical 2.x file to latest.
say "typical file to 1.17.0: upgrade with the diff vs cat (interleaved, $PAIRS pairs)"
python3 "$TMP/interleave.py" "$RESULTS/typical-1x-interleaved.json" "$PAIRS" 3 \
    ours "${UPGRADE[*]} --to 1.17.0 $TYPICAL" cat "cat $TYPICAL"
say "typical 2.x file: upgrade with the diff vs cat (interleaved, $PAIRS pairs)"
python3 "$TMP/interleave.py" "$RESULTS/typical-2x-interleaved.json" "$PAIRS" 3 \
    ours "${UPGRADE[*]} $TYPICAL2" cat "cat $TYPICAL2"

say "typical file: upgrade with the diff vs cat (hyperfine)"
hf --warmup 3 --runs "$RUNS" --export-json "$RESULTS/typical.json" \
    -n ours "${UPGRADE[*]} $TYPICAL" -n cat "cat $TYPICAL"

if [[ -n $STATIC ]]; then
    STATIC_UPGRADE=("$STATIC" upgrade "${HOSTNAME_ARG[@]}" --color never)
    say "typical file, static build: upgrade with the diff vs cat (interleaved, $PAIRS pairs)"
    python3 "$TMP/interleave.py" "$RESULTS/typical-static-interleaved.json" "$PAIRS" 3 \
        ours "${STATIC_UPGRADE[*]} $TYPICAL" cat "cat $TYPICAL"
    say "typical file, static build: upgrade with the diff vs cat (hyperfine)"
    hf --warmup 3 --runs "$RUNS" --export-json "$RESULTS/typical-static.json" \
        -n ours "${STATIC_UPGRADE[*]} $TYPICAL" -n cat "cat $TYPICAL"
fi

# Detection alone on the typical file, against `cat`, and against an earlier build when
# BASELINE_BIN names one (detection must stay as cheap as it was).
say "typical file: detect vs cat (interleaved, $PAIRS pairs)"
python3 "$TMP/interleave.py" "$RESULTS/detect-typical-interleaved.json" "$PAIRS" 3 \
    ours "$BIN detect $TYPICAL" cat "cat $TYPICAL"
if [[ -n ${BASELINE_BIN:-} ]]; then
    cp "$BASELINE_BIN" "$TMP/baseline-modoboa-settings"
    say "typical file: detect, this build vs $BASELINE_BIN (interleaved, $PAIRS pairs)"
    python3 "$TMP/interleave.py" "$RESULTS/detect-baseline-interleaved.json" "$PAIRS" 3 \
        ours "$BIN detect $TYPICAL" baseline "$TMP/baseline-modoboa-settings detect $TYPICAL"
fi

# --- 2. growth: 1 MB vs 10 MB, with the phases and peak memory -------------------------------
say "growth: probing one run of --check on the 1 MB file"
P1=$(seconds "${CHECK[@]}" "$BIG1")
EST=$(python3 -c "print($P1 * (1 + 10 * 1.3) + 1)") # 1 MB + 10 MB (a bit worse than linear) + detect, cat
GRUNS=$(plan_runs "$EST")
echo "  1 MB: ${P1} s once; one round of the growth group estimated at ${EST} s: $GRUNS run(s)" >&2
say "growth: cat, detect and upgrade --check on 10 MB; upgrade --check on 1 MB"
hf --warmup "$(warmup_for "$GRUNS" "$EST")" --runs "$GRUNS" --export-json "$RESULTS/growth.json" \
    -n cat-10MB "cat $BIG10" \
    -n detect-10MB "$BIN detect $BIG10" \
    -n check-1MB "$(memwrap "$RESULTS/mem-1MB.txt") ${CHECK[*]} $BIG1" \
    -n check-10MB "$(memwrap "$RESULTS/mem-10MB.txt") ${CHECK[*]} $BIG10"
# The ratio itself from interleaved pairs (10 MB, 1 MB, 1 MB, 10 MB, ...), so that both sizes run
# under the same load: hyperfine runs each command's batch in its own window of time, and on a
# shared machine the long 10 MB batch and the short 1 MB batch see different neighbours.
GPAIRS=$(python3 -c "print(max(3, min(${PAIRS}, int($BUDGET // max($EST, 1e-3)))))")
say "growth: upgrade --check 10 MB vs 1 MB (interleaved, $GPAIRS pairs)"
python3 "$TMP/interleave.py" "$RESULTS/growth-interleaved.json" "$GPAIRS" 1 \
    check-10MB "${CHECK[*]} $BIG10" check-1MB "${CHECK[*]} $BIG1"

# --- 3. many files in one invocation ---------------------------------------------------------
say "many files: upgrade --check over $MANY_N files"
PM=$(seconds "$BIN" upgrade --check "${MANY[@]}")
MEST=$(python3 -c "print($PM * 1.2)")
MRUNS=$(plan_runs "$MEST")
hf --warmup "$(warmup_for "$MRUNS" "$MEST")" --runs "$MRUNS" --export-json "$RESULTS/many.json" \
    -n ours "$BIN upgrade --check ${MANY[*]}" -n cat "cat ${MANY[*]}"

# --- 4. peers on the typical file and on the 1 MB file ---------------------------------------
# django-upgrade rewrites in place: each run works on a fresh copy (hyperfine --prepare, one per
# command; `true` for the others).
peers() { # peers NAME FILE OUR-COMMAND RUNS ESTIMATE_SECONDS
    local name=$1 file=$2 ours=$3 runs=$4 est=$5 copy=$TMP/dju-$1.py
    hf --warmup "$(warmup_for "$runs" "$est")" --runs "$runs" --export-json "$RESULTS/peers-$name.json" \
        --prepare true -n ours "$ours" \
        --prepare "cp $file $copy" -n django-upgrade "$DJU --target-version 1.11 $copy" \
        --prepare true -n libcst "$VPY $TMP/cst_roundtrip.py $file"
}
say "peers: typical file"
peers typical "$TYPICAL" "${UPGRADE[*]} $TYPICAL" "$RUNS" 0
say "peers: 1 MB file"
PP=$(python3 - "$RESULTS/growth.json" <<'EOF'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
print(r["check-1MB"]["median"])
EOF
)
PL=$(seconds "$VPY" "$TMP/cst_roundtrip.py" "$BIG1")
cp "$BIG1" "$TMP/probe.py"
PD=$(seconds "$DJU" --target-version 1.11 "$TMP/probe.py")
PEST=$(python3 -c "print($PP + $PL + $PD)")
PRUNS=$(plan_runs "$PEST")
echo "  one round estimated at $PEST s: $PRUNS run(s)" >&2
peers 1MB "$BIG1" "${UPGRADE[*]} $BIG1" "$PRUNS" "$PEST"

# --- the table -------------------------------------------------------------------------------
say "results in $RESULTS"
python3 - "$RESULTS" "$TYPICAL" "$BIG1" "$BIG10" "$MANY_N" "$MAX_SECONDS" "$TYPICAL2" "$LATEST" <<'EOF' | tee "$RESULTS/table.md"
import json, os, re, sys

res, typical, big1, big10, many_n, max_s, typical2, latest = sys.argv[1:9]
many_n, max_s = int(many_n), float(max_s)
size1, size10 = os.path.getsize(big1), os.path.getsize(big10)
lines = sum(1 for _ in open(typical, "rb"))
L1, L10 = f"{size1/1e6:g} MB", f"{size10/1e6:g} MB"

def hf(name):
    return {r["command"]: r for r in json.load(open(os.path.join(res, name)))["results"]}

def med(r):
    return r["median"]

def timed_out(r):
    return any(c == 124 for c in (r.get("exit_codes") or [])) or r["median"] >= max_s

def t(s):
    return f"{s*1e3:.2f} ms" if s < 1 else f"{s:.2f} s"

def verdict(ok):
    return "PASS" if ok else "FAIL"

def mem(name):
    text = open(os.path.join(res, name)).read()
    kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", text).group(1))
    code = int(re.search(r"Exit status: (\d+)", text).group(1))
    return kb * 1024, code

rows = []
il = il_dynamic = json.load(open(os.path.join(res, "typical-interleaved.json")))
o, c = il["commands"]["ours"]["median"], il["commands"]["cat"]["median"]
rows.append((f"typical file (0.7-typical-site.py, {lines} lines): upgrade 0.7→{latest} + diff vs `cat`, "
             f"interleaved {il['pairs']} pairs, medians", t(o), t(c), f"{o/c:.1f}x", "≤ 3x",
             verdict(o / c <= 3)))
ty = hf("typical.json")
o, c = med(ty["ours"]), med(ty["cat"])
rows.append(("same, hyperfine medians", t(o), t(c), f"{o/c:.1f}x", "≤ 3x", verdict(o / c <= 3)))
if os.path.exists(os.path.join(res, "typical-static-interleaved.json")):
    il = json.load(open(os.path.join(res, "typical-static-interleaved.json")))
    o, c = il["commands"]["ours"]["median"], il["commands"]["cat"]["median"]
    rows.append((f"same, static build (README's deployment build), interleaved {il['pairs']} pairs, "
                 "medians", t(o), t(c), f"{o/c:.1f}x", "≤ 3x", verdict(o / c <= 3)))
    ty = hf("typical-static.json")
    o, c = med(ty["ours"]), med(ty["cat"])
    rows.append(("same, static build, hyperfine medians", t(o), t(c), f"{o/c:.1f}x", "≤ 3x",
                 verdict(o / c <= 3)))

il1 = json.load(open(os.path.join(res, "typical-1x-interleaved.json")))
o, c = il1["commands"]["ours"]["median"], il1["commands"]["cat"]["median"]
rows.append((f"same file: upgrade 0.7→1.17.0 + diff vs `cat`, interleaved {il1['pairs']} pairs, medians",
             t(o), t(c), f"{o/c:.1f}x", "≤ 3x", verdict(o / c <= 3)))
il2 = json.load(open(os.path.join(res, "typical-2x-interleaved.json")))
o, c = il2["commands"]["ours"]["median"], il2["commands"]["cat"]["median"]
lines2 = sum(1 for _ in open(typical2, "rb"))
rows.append((f"typical 2.x file (2.2.3-typical-site.py, {lines2} lines): upgrade 2.2.3→{latest} + diff vs "
             f"`cat`, interleaved {il2['pairs']} pairs, medians", t(o), t(c), f"{o/c:.1f}x", "≤ 3x",
             verdict(o / c <= 3)))
il = json.load(open(os.path.join(res, "detect-typical-interleaved.json")))
o, c = il["commands"]["ours"]["median"], il["commands"]["cat"]["median"]
rows.append((f"`detect` on the typical file vs `cat`, interleaved {il['pairs']} pairs, medians",
             t(o), t(c), f"{o/c:.1f}x", "", "info"))
if os.path.exists(os.path.join(res, "detect-baseline-interleaved.json")):
    il = json.load(open(os.path.join(res, "detect-baseline-interleaved.json")))
    o, c = il["commands"]["ours"]["median"], il["commands"]["baseline"]["median"]
    rows.append((f"`detect` on the typical file vs the baseline build (BASELINE_BIN), interleaved "
                 f"{il['pairs']} pairs, medians", t(o), t(c), f"{o/c:.2f}x", "≤ 1.05x",
                 verdict(o / c <= 1.05)))

g = hf("growth.json")
g1, g10 = g["check-1MB"], g["check-10MB"]
to = timed_out(g10)
o, b = med(g10), med(g1)
more = "≥ " if to else ""
gi = json.load(open(os.path.join(res, "growth-interleaved.json")))
gio, gib = gi["commands"]["check-10MB"]["median"], gi["commands"]["check-1MB"]["median"]
gr = gi["median_of_pair_ratios"]
rows.append((f"growth: `upgrade --check` {L10} vs {L1}, interleaved {gi['pairs']} pairs, median of "
             "the pair ratios", more + t(gio), t(gib), f"{more}{gr:.1f}x", "≤ 14x",
             verdict(not to and gr <= 14)))
rows.append((f"same, hyperfine medians ({len(g10['times'])} run(s) each, in separate batches)",
             more + t(o), t(b), f"{more}{o/b:.1f}x", "≤ 14x", verdict(not to and o / b <= 14)))
mbps = size10 / 1e6 / o
rows.append((f"throughput, {L10} `upgrade --check` (end to end)", f"{'≤ ' if to else ''}{mbps:.2f} MB/s",
             "", "", "≥ 4 MB/s", verdict(not to and mbps >= 4)))
cat10, det10 = med(g["cat-10MB"]), med(g["detect-10MB"])
rows.append((f"phase: `detect` {L10} vs `cat` {L10} (diagnostic)", t(det10), t(cat10),
             f"{det10/cat10:.0f}x", "", "info"))
rows.append((f"phase: `upgrade --check` {L10} vs `detect` {L10} (diagnostic)", more + t(o), t(det10),
             f"{more}{o/det10:.1f}x", "", "info"))
for label, f, size in ((L10, "mem-10MB.txt", size10), (L1, "mem-1MB.txt", size1)):
    rss, code = mem(f)
    lb = "≥ " if code == 124 else ""
    rows.append((f"peak memory, `upgrade --check` {label} (max RSS / input size)",
                 f"{lb}{rss/2**20:.1f} MiB", f"{size/2**20:.2f} MiB", f"{lb}{rss/size:.1f}x",
                 "≤ 40x", verdict(code != 124 and rss / size <= 40)))

m = hf("many.json")
o, c = med(m["ours"]), med(m["cat"])
fps = many_n / o
rows.append((f"many files: `upgrade --check` over {many_n} copies of 0.9.4.py vs `cat` of them",
             f"{t(o)} = {fps:.0f} files/s", t(c), f"{o/c:.1f}x", "≥ 1000 files/s",
             verdict(fps >= 1000)))

for name, label in (("typical", f"typical file ({lines} lines)"), ("1MB", f"{L1} file")):
    p = hf(f"peers-{name}.json")
    o = med(p["ours"])
    for peer, what in (("django-upgrade", "django-upgrade --target-version 1.11"),
                       ("libcst", "LibCST parse + print")):
        b = med(p[peer])
        rows.append((f"peers, {label}: upgrade + diff vs {what}", t(o), t(b), f"{o/b:.2f}x",
                     "report", "faster" if o < b else "slower"))

print("| comparison | ours | baseline | ratio | target | verdict |")
print("|---|---|---|---:|---|---|")
for r in rows:
    print("| " + " | ".join(r) + " |")
print()
il = il_dynamic
print(f"Interleaved typical-file runs (default build): median of the {il['pairs']} per-pair ratios "
      f"{il['median_of_pair_ratios']:.1f}x; fastest runs {il['commands']['ours']['min']*1e3:.2f} ms "
      f"vs {il['commands']['cat']['min']*1e3:.2f} ms.")
print("Binary: " + open(os.path.join(res, "binary.txt")).read().strip().replace("\n", "; ") + ".")
print(f"Ratios are ours / baseline, medians of wall time; {L1} = {size1} bytes, {L10} = {size10} bytes; "
      f"MB/s counts 10^6 bytes. Peak memory: GNU time's maximum resident set size.")
EOF
