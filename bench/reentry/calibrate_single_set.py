#!/usr/bin/env python3
"""Calibrate the single-set (ṅ) β uncertainty of the re-entry ensemble on one half of the
2013-10-23 catalog re-entries, check it on the other (BENCHMARKS.md, "Re-entry prediction").

Input: the stderr of `reentry_score snapshot` run with REENTRY_DETAIL=1 REENTRY_MEMBERS=1
(lines `norad actual_life_d nominal_life_d beta_source beta`). For the ṅ objects of each half:
the centre (median) and the 5–95 % spread of ln(actual / nominal life); the β log-sigma that,
added in quadrature to the space-weather term of the σ table at each object's horizon, makes
±1.645 σ hold 90 % of the even half (bias removed); and the coverage that σ gives on the odd half.

usage: calibrate_single_set.py DETAIL.err [ATMOSPHERE_TERM]
"""
import math
import sys

TABLE = [(1, 0.148), (3, 0.147), (10, 0.135), (30, 0.112), (100, 0.115), (365, 0.164)]


def solar(tau):
    t = min(max(tau, 1.0), 365.0)
    for (t0, s0), (t1, s1) in zip(TABLE, TABLE[1:]):
        if t <= t1:
            f = (math.log(t) - math.log(t0)) / (math.log(t1) - math.log(t0))
            return s0 + f * (s1 - s0)
    return TABLE[-1][1]


def main():
    atm_term = float(sys.argv[2]) if len(sys.argv) > 2 else 0.10
    rows = []
    for line in open(sys.argv[1]):
        p = line.split()
        if len(p) != 5 or not p[0].isdigit():
            continue
        nid, actual, nominal, src = int(p[0]), float(p[1]), float(p[2]), p[3]
        if src != "ndot" or not math.isfinite(nominal) or nominal <= 0:
            continue
        rows.append((nid, actual, nominal))
    halves = {"even": [r for r in rows if r[0] % 2 == 0], "odd": [r for r in rows if r[0] % 2 == 1]}

    def q(v, p):
        v = sorted(v)
        return v[round((len(v) - 1) * p)]

    def density(tau):
        s = solar(tau)
        return math.sqrt(s * s + 0.10 ** 2 + atm_term ** 2)

    def coverage(rs, bias, sb):
        hit = 0
        for _, a, n in rs:
            x = math.log(a / n) - bias
            hit += abs(x) <= 1.645 * math.sqrt(sb * sb + density(n) ** 2)
        return hit / len(rs)

    ev = halves["even"]
    bias = q([math.log(a / n) for _, a, n in ev], 0.5)
    # Smallest β sigma (0.01 steps) for which the even half is covered 90 %.
    sb = next(s / 100 for s in range(0, 200) if coverage(ev, bias, s / 100) >= 0.90)
    for name, rs in halves.items():
        x = [math.log(a / n) for _, a, n in rs]
        print(f"{name}: {len(rs)} ṅ objects, median ln(actual/nominal) {q(x, 0.5):+.3f}, "
              f"5–95 % {q(x, 0.05):+.3f}…{q(x, 0.95):+.3f}; coverage with bias {bias:+.3f}, "
              f"σβ {sb:.2f}: {100 * coverage(rs, bias, sb):.0f} %; without bias: "
              f"{100 * coverage(rs, 0.0, sb):.0f} %")
    print(f"calibrated on even: bias {bias:+.3f} (β × {math.exp(-bias):.3f}), σ_ln β {sb:.2f}, "
          f"atmosphere term {atm_term:.2f}")


main()
