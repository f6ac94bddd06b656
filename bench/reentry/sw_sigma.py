#!/usr/bin/env python3
"""How much the solar flux of the coming days can differ from what is known today.

For every observed day of CelesTrak's SW-All record, compare the mean observed F10.7 over the
next TAU days with the 81-day trailing mean known on that day, and print the spread of
ln(ratio) per horizon, plus the spread of the daily Ap average (geomagnetic storms). The
re-entry ensemble (crates/sda/src/reentry) draws its density factor from these figures.

Usage: python3 bench/reentry/sw_sigma.py SW-All.csv[.gz]
"""
import csv, gzip, math, statistics, sys

path = sys.argv[1]
opener = gzip.open if path.endswith(".gz") else open
rows = []
with opener(path, "rt") as f:
    for r in csv.DictReader(f):
        if r["F10.7_DATA_TYPE"] != "OBS" or not r["F10.7_OBS"] or not r["F10.7_OBS_LAST81"]:
            continue
        rows.append((float(r["F10.7_OBS"]), float(r["F10.7_OBS_LAST81"]), float(r["AP_AVG"] or 0)))
print(f"{len(rows)} observed days")
for tau in (1, 3, 10, 30, 100, 365):
    logs = []
    for i in range(81, len(rows) - tau):
        future = sum(rows[j][0] for j in range(i + 1, i + 1 + tau)) / tau
        logs.append(math.log(future / rows[i][1]))
    logs.sort()
    q = lambda p: logs[int(p * (len(logs) - 1))]
    sd = statistics.pstdev(logs)
    # Robust sigma from the 5-95 % range (the tails are what the window must cover).
    print(f"tau {tau:4d} d: sd {sd:.3f}  q05 {q(0.05):+.3f}  q95 {q(0.95):+.3f}  sigma_robust {(q(0.95)-q(0.05))/3.29:.3f}")
aps = [r[2] for r in rows]
print(f"Ap daily: median {statistics.median(aps):.0f}, p95 {sorted(aps)[int(0.95*len(aps))]:.0f}")
