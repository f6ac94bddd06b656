#!/usr/bin/env python3
"""Independent reference accelerations of the bundled EGM96 field.

Method (deliberately unlike the Rust code's Cunningham V/W recursion in Cartesian form): the
potential U = GM/r * sum_n (R/r)^n sum_m Pbar_nm(sin phi) (C cos m lam + S sin m lam) in
spherical coordinates, with the fully normalised Legendre functions of sin(latitude) by the
standard forward-column recursion (Heiskanen & Moritz 1967; Holmes & Featherstone 2002 eq. 11-12)
checked against mpmath's hypergeometric `legenp` at low degree, all at 40 significant digits;
the acceleration is the potential's gradient by central differences in x, y, z (h = 1e-6 km,
truncation ~1e-20 relative).
satkit's `gravity()` (Montenbruck-Gill, unnormalised recursion, EGM96 to 70) is printed
alongside as a second, independent double-precision check.

Run:  python3 bench/numerical/gravity_reference.py > crates/propagate/tests/data/numerical/egm96_accel_reference.csv
Needs: mpmath (and satkit + satkit-data for the cross-check column).
"""
import gzip
import sys
from pathlib import Path

import mpmath as mp

mp.mp.dps = 40
ROOT = Path(__file__).resolve().parents[2]
GFC = ROOT / "crates/propagate/data/EGM96_deg90.gfc.gz"


def load(max_deg):
    gm = r = None
    C, S = {}, {}
    head = True
    for line in gzip.open(GFC, "rt"):
        p = line.split()
        if head:
            if p and p[0] == "earth_gravity_constant":
                gm = mp.mpf(p[1]) / 10**9
            if p and p[0] == "radius":
                r = mp.mpf(p[1]) / 10**3
            if p and p[0] == "end_of_head":
                head = False
            continue
        if p and p[0] == "gfc":
            n, m = int(p[1]), int(p[2])
            if n <= max_deg:
                C[(n, m)] = mp.mpf(p[3])
                S[(n, m)] = mp.mpf(p[4])
    return gm, r, C, S


def pbar(n, m, x):
    # mpmath's legenp carries the Condon-Shortley phase (-1)^m; geodesy's Pbar does not.
    p = mp.legenp(n, m, x) * (-1) ** m
    norm = mp.sqrt((2 if m else 1) * (2 * n + 1) * mp.factorial(n - m) / mp.factorial(n + m))
    return norm * p


def pbar_table(deg, t):
    """Pbar_nm(t) for n <= deg by the forward-column recursion."""
    u = mp.sqrt(1 - t * t)
    P = {(0, 0): mp.mpf(1)}
    for m in range(0, deg + 1):
        if m == 1:
            P[(1, 1)] = mp.sqrt(3) * u
        elif m >= 2:
            P[(m, m)] = mp.sqrt(mp.mpf(2 * m + 1) / (2 * m)) * u * P[(m - 1, m - 1)]
        for n in range(m + 1, deg + 1):
            a = mp.sqrt(mp.mpf((2 * n - 1) * (2 * n + 1)) / ((n - m) * (n + m)))
            b = mp.sqrt(mp.mpf((2 * n + 1) * (n + m - 1) * (n - m - 1)) / ((2 * n - 3) * (n + m) * (n - m))) if n >= m + 2 else 0
            P[(n, m)] = a * t * P[(n - 1, m)] - (b * P[(n - 2, m)] if n >= m + 2 else 0)
    return P


def check_against_legenp():
    t = mp.mpf("0.3712")
    P = pbar_table(8, t)
    for n in range(9):
        for m in range(n + 1):
            assert abs(P[(n, m)] - pbar(n, m, t)) < mp.mpf("1e-30"), (n, m)


def potential(x, y, z, gm, re, C, S, deg, order):
    r = mp.sqrt(x * x + y * y + z * z)
    sphi = z / r
    lam = mp.atan2(y, x)
    P = pbar_table(deg, sphi)
    total = mp.mpf(0)
    for n in range(0, deg + 1):
        inner = mp.mpf(0)
        for m in range(0, min(n, order) + 1):
            c, s = C.get((n, m), 0), S.get((n, m), 0)
            if c == 0 and s == 0:
                continue
            inner += P[(n, m)] * (c * mp.cos(m * lam) + s * mp.sin(m * lam))
        total += (re / r) ** n * inner
    return gm / r * total


def accel(pos, gm, re, C, S, deg, order):
    h = mp.mpf("1e-6")
    out = []
    for k in range(3):
        p1 = [mp.mpf(v) for v in pos]
        p2 = list(p1)
        p1[k] += h
        p2[k] -= h
        out.append((potential(*p1, gm, re, C, S, deg, order) - potential(*p2, gm, re, C, S, deg, order)) / (2 * h))
    return out


POINTS = [
    ("leo_equator", [6778.137, 0.0, 0.0]),
    ("leo_midlat", [3000.0, -4000.0, 4400.0]),
    ("leo_near_pole", [12.5, -30.25, 6770.0]),
    ("leo_south", [-2100.5, 1500.25, -6300.75]),
    ("meo_gps", [15000.0, 18000.0, 9000.0]),
    ("geo", [-30000.0, 28000.0, 150.0]),
]
CASES = [(70, 70), (20, 20), (10, 0), (0, 0)]


def main():
    check_against_legenp()
    gm, re, C, S = load(70)
    try:
        import numpy as np
        import satkit as sk
    except ImportError:
        sk = None
    print("case,degree,order,x_km,y_km,z_km,ax_km_s2,ay_km_s2,az_km_s2,satkit_ax_km_s2,satkit_ay_km_s2,satkit_az_km_s2")
    for deg, order in CASES:
        for name, pos in POINTS:
            a = accel(pos, gm, re, C, S, deg, order)
            if sk is not None and deg > 0:
                b = sk.gravity(np.array(pos) * 1e3, model=sk.gravmodel.egm96, degree=deg, order=order) * 1e-3
                sat = [f"{v:.17e}" for v in b]
            else:
                sat = ["", "", ""]
            row = [name, str(deg), str(order)] + [repr(v) for v in pos] + [mp.nstr(v, 20, min_fixed=0, max_fixed=0) for v in a] + sat
            print(",".join(row))
            sys.stdout.flush()


if __name__ == "__main__":
    main()
