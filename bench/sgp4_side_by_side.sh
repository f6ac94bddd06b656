#!/usr/bin/env bash
# SGP4 speed, side by side in one run on the same catalog and times:
#   python-sgp4 SatrecArray (Vallado's C++ behind numpy, one thread),
#   the `sgp4` Rust crate (scalar, one thread),
#   uitkijk bench sgp4 (one thread, then all cores).
# Prints each JSON line and the ratios. python-sgp4 is installed in bench/.venv on first use.
#
# usage: bench/sgp4_side_by_side.sh [CATALOG] [MINUTES] [STEP_MIN]
set -euo pipefail
cd "$(dirname "$0")/.."
CATALOG=${1:-data/catalog/full_catalog_3le_2022-01-22_ODAP.txt.gz}
MINUTES=${2:-1440}
STEP=${3:-10}

if [ ! -x bench/.venv/bin/python ]; then
    python3 -m venv bench/.venv
    bench/.venv/bin/pip install --quiet sgp4 numpy
fi
cargo build --release --quiet -p uitkijk
cargo build --release --quiet -p uitkijk-propagate --example sgp4_crate_bench

py=$(bench/.venv/bin/python bench/sgp4_python.py "$CATALOG" --minutes "$MINUTES" --step-min "$STEP")
crate=$(target/release/examples/sgp4_crate_bench "$CATALOG" "$MINUTES" "$STEP")
ours1=$(target/release/uitkijk bench sgp4 "$CATALOG" --minutes "$MINUTES" --step-min "$STEP" --threads 1)
oursn=$(target/release/uitkijk bench sgp4 "$CATALOG" --minutes "$MINUTES" --step-min "$STEP")
echo "python-sgp4:  $py"
echo "sgp4 crate:   $crate"
echo "uitkijk x1:   $ours1"
echo "uitkijk all:  $oursn"
rate() { python3 -c 'import json,sys; print(json.loads(sys.argv[1])["props_per_s"])' "$1"; }
python3 - "$(rate "$py")" "$(rate "$crate")" "$(rate "$ours1")" "$(rate "$oursn")" <<'PY'
import sys
py, crate, one, alln = map(float, sys.argv[1:])
print(f"one thread: uitkijk / python-sgp4 SatrecArray = {one / py:.2f}x (target >= 10x)")
print(f"one thread: uitkijk / sgp4 crate             = {one / crate:.2f}x (target >= 1.5x)")
print(f"all cores / one thread                      = {alln / one:.2f}x")
PY
