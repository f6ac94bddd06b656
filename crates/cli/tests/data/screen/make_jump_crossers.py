"""Builds two synthetic objects that cross a real deep-space object seconds after its SGP4
position jumps (Lyddane switch at 0.2 rad inclination), so that a screener which brackets minima
coarsely has the jump and the minimum in one bracket.

99901 copies RADUGA 12 (13974) and 99902 copies ATLAS 5 CENTAUR DEB (46485), with the
inclination raised by 5 deg (well away from 0.2 rad, so the copy itself does not jump) and the
node, argument of perigee and mean anomaly solved (python-sgp4 + scipy least squares) so that the
copy passes through the original's position OFFSET_S after the jump; the mean anomaly is then
moved by MISS_KM along the track. Values are rounded to the TLE's 4 decimals and the result is
checked on the rounded element sets.

Prints the two real objects (verbatim) and their crossers.

usage: python make_jump_crossers.py deep_space_0p2rad.3le > jump_crossers.3le
"""
import math
import sys

import numpy as np
from scipy.optimize import least_squares
from sgp4.api import WGS72, Satrec, jday

JUMPS = {13974: "2022-01-30T21:12:40.087", 46485: "2022-01-30T21:02:42.095"}
NEW_ID = {13974: 99901, 46485: 99902}
OFFSET_S = {13974: 6.0, 46485: -4.0}
MISS_KM = {13974: 2.0, 46485: 3.0}


def checksum(line68):
    return sum(int(c) if c.isdigit() else 1 if c == "-" else 0 for c in line68) % 10


def field(value, width=8):
    return f"{value % 360.0:{width}.4f}"


def lines_with(l1, l2, new_id, inc, raan, argp, ma):
    n1 = l1[:2] + f"{new_id:05d}" + l1[7:68]
    n2 = (l2[:2] + f"{new_id:05d}" + l2[7:8] + field(inc) + " " + field(raan) + l2[25:34]
          + field(argp) + " " + field(ma) + l2[51:68])
    return n1 + str(checksum(n1)), n2 + str(checksum(n2))


def pos(sat, jd, fr):
    e, r, _ = sat.sgp4(jd, fr)
    assert e == 0
    return np.array(r)


def main():
    text = open(sys.argv[1]).read().splitlines()
    recs = {int(text[i + 1][2:7]): (text[i], text[i + 1], text[i + 2])
            for i in range(0, len(text), 3)}
    for obj, when in JUMPS.items():
        name, l1, l2 = recs[obj]
        print(f"{name}\n{l1}\n{l2}")
        date, tod = when.split("T")
        y, m, d = map(int, date.split("-"))
        hh, mm, ss = tod.split(":")
        jd, fr = jday(y, m, d, int(hh), int(mm), float(ss) + OFFSET_S[obj])
        target = pos(Satrec.twoline2rv(l1, l2, WGS72), jd, fr)
        inc = float(l2[8:16]) + 5.0
        raan0, argp0, ma0 = float(l2[17:25]), float(l2[34:42]), float(l2[43:51])

        own = Satrec.twoline2rv(l1, l2, WGS72)

        def miss(x):
            # Continuous elements (sgp4init) for the solve; the TLE's rounding comes after.
            sat = Satrec()
            sat.sgp4init(WGS72, "i", NEW_ID[obj], own.jdsatepoch + own.jdsatepochF - 2433281.5,
                         own.bstar, own.ndot, own.nddot, own.ecco, math.radians(x[1]),
                         math.radians(inc), math.radians(x[2]), own.no_kozai, math.radians(x[0]))
            return pos(sat, jd, fr) - target

        # Start from the original's plane rotated about its position: node and argument of
        # perigee shifted so the argument of latitude is unchanged.
        best = least_squares(miss, [raan0, argp0, ma0], xtol=1e-14, ftol=1e-14).x
        print(f"{obj}: solved to {np.linalg.norm(miss(best)):.2e} km", file=sys.stderr)
        a_km = np.linalg.norm(target)
        best[2] += math.degrees(MISS_KM[obj] / a_km)
        a, b = lines_with(l1, l2, NEW_ID[obj], inc, *best)
        print(f"0 SYNTHETIC CROSSER OF {obj}\n{a}\n{b}")
        sat = Satrec.twoline2rv(a, b, WGS72)
        ts = np.arange(-60.0, 60.0, 0.01)
        rng = [np.linalg.norm(pos(sat, jd, fr + (t - OFFSET_S[obj]) / 86400)
                              - pos(own, jd, fr + (t - OFFSET_S[obj]) / 86400)) for t in ts]
        minima = [f"{rng[k]:.3f} km at {ts[k]:+.2f} s" for k in range(1, len(ts) - 1)
                  if rng[k] < rng[k - 1] and rng[k] <= rng[k + 1]]
        print(f"{obj}: range minima within 60 s of the jump: {minima}", file=sys.stderr)


if __name__ == "__main__":
    main()
