#!/usr/bin/env bash
# Screening, side by side on the same catalog and window:
#   bench/screen_python.py (python-sgp4 SatrecArray + scipy cKDTree, one thread),
#   uitkijk screen (the whole command: parsing, screening, CSV),
#   uitkijk bench screen (the pure work, when the binary has it).
# Prints each timing, the time ratios, and whether python's events and uitkijk screen's agree
# (same pair, |dTCA| <= 1 ms, |dmiss| <= 1 m, one to one). Exit status 1 when they disagree.
#
# usage: bench/screen_side_by_side.sh [CATALOG] [DAYS] [THRESHOLD_KM] [START_ISO] [STEP_S]
#   defaults: the crowded LEO test subset, 1 day, 5 km, newest epoch, python step 10 s.
# Scaling inputs: bench/make_synthetic_catalog.py OUT --size 48000 | --real-first 6000.
set -euo pipefail
cd "$(dirname "$0")/.."
CATALOG=${1:-crates/cli/tests/data/screen/leo_band_770_795km.3le}
DAYS=${2:-1}
THRESHOLD=${3:-5}
START=${4:-}
STEP=${5:-10}
PY=${PYTHON:-bench/.venv/bin/python}

if [ ! -x "$PY" ]; then
    python3 -m venv bench/.venv
    bench/.venv/bin/pip install --quiet sgp4 numpy scipy
    PY=bench/.venv/bin/python
fi
# UITKIJK=path/to/uitkijk skips the build (e.g. to time another build).
BIN=${UITKIJK:-}
if [ -z "$BIN" ]; then
    cargo build --release --quiet -p uitkijk
    BIN=${CARGO_TARGET_DIR:-target}/release/uitkijk
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
start_args=()
if [ -n "$START" ]; then start_args=(--start "$START"); fi

now() { python3 -c 'import time; print(time.time())'; }

t0=$(now)
"$BIN" screen "$CATALOG" ${start_args[@]+"${start_args[@]}"} --days "$DAYS" \
    --threshold-km "$THRESHOLD" -o "$tmp/uitkijk.csv" 2>"$tmp/uitkijk.err"
t1=$(now)
ours_s=$(python3 -c "print(round($t1 - $t0, 3))")
echo "uitkijk screen: $ours_s s wall, $(($(wc -l <"$tmp/uitkijk.csv") - 1)) events; stderr: $(tail -1 "$tmp/uitkijk.err")"

bench_json=""
if "$BIN" bench screen --help >/dev/null 2>&1; then
    bench_json=$("$BIN" bench screen "$CATALOG" --days "$DAYS" 2>/dev/null | tail -1)
    echo "uitkijk bench screen: $bench_json"
fi

t0=$(now)
set +e
"$PY" bench/screen_python.py "$CATALOG" ${start_args[@]+"${start_args[@]}"} --days "$DAYS" \
    --threshold-km "$THRESHOLD" --step-s "$STEP" -o "$tmp/python.csv" \
    --compare "$tmp/uitkijk.csv" 2>"$tmp/python.err"
agree=$?
set -e
t1=$(now)
py_wall=$(python3 -c "print(round($t1 - $t0, 3))")
py_json=$(head -1 "$tmp/python.err")
echo "python-sgp4 + cKDTree: $py_wall s wall; $py_json"
tail -n +2 "$tmp/python.err" | head -40

python3 - "$py_json" "$py_wall" "$ours_s" "$bench_json" <<'PY'
import json, sys
py = json.loads(sys.argv[1])
py_wall, ours = float(sys.argv[2]), float(sys.argv[3])
print(f"wall: python / uitkijk screen = {py_wall / ours:.1f}x")
print(f"work: python screening {py['seconds']} s ({py['objects']} objects, step {py['step_s']} s)")
if sys.argv[4]:
    b = json.loads(sys.argv[4])
    if "seconds" in b and b["seconds"]:
        print(f"work: python / uitkijk bench screen = {py['seconds'] / b['seconds']:.1f}x "
              f"(bench window {b.get('days', '?')} d, threshold as its default)")
PY
if [ "$agree" -eq 0 ]; then
    echo "events: python and uitkijk screen agree"
else
    echo "events: DISAGREE (see above)"
fi
exit "$agree"
