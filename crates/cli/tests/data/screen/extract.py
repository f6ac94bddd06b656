"""Extracts the screening test subsets from the bundled 2022-01-22 catalog (verbatim 3LE
records, newest element set per object). Deterministic; rerun to regenerate.

usage: python extract.py CATALOG.txt.gz OUTDIR   (needs python-sgp4 and numpy)
"""
import gzip
import math
import random
import sys

import numpy as np
from sgp4.api import Satrec, WGS72, jday

RE_KM = 6378.135  # WGS-72 equatorial radius


def records(path):
    lines = [l.rstrip("\n\r") for l in gzip.open(path, "rt")]
    out = {}
    for i in range(len(lines) - 2):
        if lines[i].startswith("0 ") and lines[i + 1].startswith("1 ") and lines[i + 2].startswith("2 "):
            sat = Satrec.twoline2rv(lines[i + 1], lines[i + 2], WGS72)
            rec = (lines[i], lines[i + 1], lines[i + 2], sat)
            old = out.get(sat.satnum)
            if old is None or sat.jdsatepoch + sat.jdsatepochF >= old[3].jdsatepoch + old[3].jdsatepochF:
                out[sat.satnum] = rec
    return [out[k] for k in sorted(out)]


def perigee_apogee_km(sat):
    a = sat.a * RE_KM
    return a * (1 - sat.ecco) - RE_KM, a * (1 + sat.ecco) - RE_KM


def write(path, recs):
    recs = sorted(recs, key=lambda r: r[3].satnum)
    with open(path, "w") as f:
        for name, l1, l2, _ in recs:
            f.write(f"{name}\n{l1}\n{l2}\n")
    print(path, len(recs))


def east_longitude_deg(sat, jd, fr):
    e, r, _ = sat.sgp4(jd, fr)
    # GMST (IAU-82, Vallado eq. 3-47) is enough to group GEO objects by longitude.
    t = (jd - 2451545.0 + fr) / 36525.0
    gmst = (67310.54841 + (876600 * 3600 + 8640184.812866) * t + 0.093104 * t * t) % 86400 / 240.0
    return (math.degrees(math.atan2(r[1], r[0])) - gmst) % 360.0


def main():
    recs = records(sys.argv[1])
    out = sys.argv[2]
    byid = {r[3].satnum: r for r in recs}

    # Crowded LEO band: near-circular objects whose whole orbit lies in 770-795 km.
    band = [r for r in recs if r[3].ecco < 0.01 and 770 <= perigee_apogee_km(r[3])[0]
            and perigee_apogee_km(r[3])[1] <= 795]
    write(f"{out}/leo_band_770_795km.3le", band)

    # ISS and CSS neighbourhoods with their docked vehicles (identical element sets).
    def near(r, inc_deg, lo, hi):
        p, a = perigee_apogee_km(r[3])
        return abs(math.degrees(r[3].inclo) - inc_deg) < 0.15 and lo <= p and a <= hi
    iss = [r for r in recs if near(r, 51.64, 370, 440) or near(r, 41.47, 370, 420)]
    write(f"{out}/iss_css_neighbourhood.3le", iss)

    # GEO neighbours: 150 near-geostationary objects closest in longitude to Intelsat 10-02 /
    # MEV-2 (a docked pair sharing one element set).
    jd, fr = jday(2022, 1, 23, 0, 0, 0)
    geo = [r for r in recs if abs(2 * math.pi / r[3].no_kozai - 1436.1) < 8 and r[3].ecco < 0.01]
    lon0 = east_longitude_deg(byid[28358][3], jd, fr)
    geo.sort(key=lambda r: abs((east_longitude_deg(r[3], jd, fr) - lon0 + 180) % 360 - 180))
    write(f"{out}/geo_neighbours.3le", geo[:150])

    # Deep space (period >= 225 min) within 0.6 deg of 0.2 rad inclination, where SGP4's
    # deep-space periodics switch formulas (Lyddane).
    deep = [r for r in recs if 2 * math.pi / r[3].no_kozai >= 225
            and abs(math.degrees(r[3].inclo) - math.degrees(0.2)) < 0.6]
    write(f"{out}/deep_space_0p2rad.3le", deep)

    # Random picks, plus objects that decay or run away (no SGP4 error code) during
    # 2022-01-22..24.
    rng = random.Random(20220122)
    picks = rng.sample(recs, 150)
    extra = [31403, 50749, 45203, 34105, 49543, 50853, 50855]
    ids = {r[3].satnum for r in picks}
    picks += [byid[i] for i in extra if i not in ids]
    write(f"{out}/random_and_failing.3le", picks)


if __name__ == "__main__":
    main()
