#!/usr/bin/env bash
# Run both fuzz targets with the project's fixtures as seed corpus, at the lowest priority.
#
#   fuzz/run.sh [FAST_SECONDS] [SLOW_SECONDS]      (defaults: 600 and 120; 0 skips a target)
#
# upgrade_fast: built like the release binary (no debug assertions, no sanitizer), for volume.
# upgrade:      debug assertions (the splice cross-check, overflow checks) and AddressSanitizer
#               (FUZZ_SANITIZER=none where its runtime is missing).
# libFuzzer prints "Done N runs in S second(s)" at the end of each: record N in fuzz/README.md.
# Findings land in fuzz/artifacts/<target>/; replay one with
#   cargo +nightly fuzz run -O -s none upgrade_fast fuzz/artifacts/upgrade_fast/crash-<hash>
set -euo pipefail
cd "$(dirname "$0")/.."
fast=${1:-600}
slow=${2:-120}
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
    echo "error: cargo fuzz (and a nightly toolchain) is needed: cargo install cargo-fuzz" >&2
    exit 2
fi
seeds=(fixtures/releases fixtures/variants fixtures/variants/py2 fixtures/hostile fixtures/ops
    fixtures/generated fixtures/generated/variants fixtures/generated/not-modoboa)
flags=(-rss_limit_mb=4096 -timeout=20 -print_final_stats=1 ${FUZZ_FLAGS:-})
mkdir -p fuzz/corpus/upgrade_fast
if [ "$fast" -gt 0 ]; then
    nice -n 19 cargo +nightly fuzz run -O -s none upgrade_fast fuzz/corpus/upgrade_fast \
        fuzz/corpus/upgrade "${seeds[@]}" -- -max_total_time="$fast" "${flags[@]}"
fi
if [ "$slow" -gt 0 ]; then
    # A target directory of its own: other flags, so that the fast build is not redone.
    nice -n 19 cargo +nightly fuzz run -a -s "${FUZZ_SANITIZER:-address}" \
        --target-dir fuzz/target/slow upgrade \
        fuzz/corpus/upgrade "${seeds[@]}" -- -max_total_time="$slow" "${flags[@]}"
fi
