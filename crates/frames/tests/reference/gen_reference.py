#!/usr/bin/env python3
"""Independent reference for uitkijk-frames: TEME states converted by astropy (ERFA inside).

What it writes: ``astropy_reference.csv`` beside this script, one row per TEME state (LEO, MEO,
GEO, HEO; epochs 2000-2027, one in the predicted part of the EOP table, two around the
2016-12-31 leap second) with astropy's GCRS, ITRS and WGS-84 geodetic results, and, for the
same epochs, the intermediate quantities ERFA computes (IAU 1980 nutation, GMST IAU 1982,
UT1-UTC and polar motion as astropy interpolated them).

EOP: astropy is given the same file Uitkijk bundles, ``data/eop/finals2000A.all.gz``
(astropy's IERS_A reader, Bulletin B values where present, else A; no automatic download).

Models on the astropy side (astropy >= 7):
  * TEME -> ITRS: GMST IAU 1982 with UT1, polar motion with s' (``erfa.pom00``). Velocities by
    astropy's finite differences, which include Earth rotation at the GMST rate.
  * ITRS -> GCRS: IAU 2006/2000A, CIO based (ERA, X/Y/s), dX/dY not applied.
So ITRS must agree with Uitkijk's TEME -> ITRF to millimetres, while GCRS differs from Uitkijk's
IAU-76/FK5 chain (without IERS corrections) by the FK5 model error: see
``tests/astropy_reference.rs``.

Rerun (from the repository root):
    python3 -m venv /tmp/astro && /tmp/astro/bin/pip install astropy
    /tmp/astro/bin/python crates/frames/tests/reference/gen_reference.py
Generated with astropy 8.0.2, pyerfa 2.0.1.5, numpy 2.4.6.
"""

import gzip
import math
import os
import random
import shutil
import tempfile

import numpy as np
import erfa
import astropy
import astropy.units as u
from astropy.coordinates import (
    GCRS,
    ITRS,
    TEME,
    CartesianDifferential,
    CartesianRepresentation,
)
from astropy.time import Time
from astropy.utils import iers

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", "..", ".."))
FINALS_GZ = os.path.join(ROOT, "data", "eop", "finals2000A.all.gz")


def load_eop():
    iers.conf.auto_download = False
    iers.conf.auto_max_age = None
    tmp = tempfile.NamedTemporaryFile(suffix=".all", delete=False)
    with gzip.open(FINALS_GZ, "rb") as src:
        shutil.copyfileobj(src, tmp)
    tmp.close()
    table = iers.IERS_A.open(tmp.name)
    iers.earth_orientation_table.set(table)
    return table


def states():
    rng = random.Random(20261129)
    rows = []
    kinds = ["LEO"] * 24 + ["MEO"] * 8 + ["GEO"] * 8 + ["HEO"] * 6
    for i, kind in enumerate(kinds):
        # Epochs spread over 2000-01 .. 2026-10 (observed EOP), microsecond resolution.
        mjd = 51544.0 + rng.uniform(0.0, 61339.0 - 51544.0)
        t = Time(mjd, format="mjd", scale="utc")
        iso = t.isot[:23] + f"{rng.randint(0, 999):03d}"
        rows.append((kind, iso, rng))
    # Predicted EOP (the bundled file is observed to 2026-11) and the 2016 leap second.
    rows.append(("LEO", "2027-03-15T06:30:00.250000", rng))
    rows.append(("LEO", "2016-12-31T23:59:59.500000", rng))
    rows.append(("GEO", "2017-01-01T00:00:00.500000", rng))
    rows.append(("LEO", "2004-04-06T07:51:28.386009", rng))
    out = []
    mu = 398600.4418
    for kind, iso, rng in rows:
        if kind == "LEO":
            r = rng.uniform(6650.0, 7800.0)
        elif kind == "MEO":
            r = rng.uniform(20000.0, 29600.0)
        elif kind == "GEO":
            r = rng.uniform(42100.0, 42250.0)
        else:
            r = rng.uniform(39000.0, 46000.0)
        inc = math.radians(rng.uniform(0.0, 100.0) if kind != "GEO" else rng.uniform(0.0, 15.0))
        raan = rng.uniform(0.0, 2 * math.pi)
        u_arg = rng.uniform(0.0, 2 * math.pi)
        # Circular speed, or apogee speed of a Molniya-like orbit for HEO.
        speed = math.sqrt(mu / r) * (0.55 if kind == "HEO" else 1.0)
        p = np.array([math.cos(u_arg), math.sin(u_arg), 0.0])
        q = np.array([-math.sin(u_arg), math.cos(u_arg), 0.0])
        ci, si, co, so = math.cos(inc), math.sin(inc), math.cos(raan), math.sin(raan)
        rot = np.array([[co, -so * ci, so * si], [so, co * ci, -co * si], [0.0, si, ci]])
        out.append((kind, iso, rot @ p * r, rot @ q * speed))
    return out


def main():
    load_eop()
    lines = [
        "kind,epoch_utc,"
        "teme_x_km,teme_y_km,teme_z_km,teme_vx_km_s,teme_vy_km_s,teme_vz_km_s,"
        "gcrf_x_km,gcrf_y_km,gcrf_z_km,gcrf_vx_km_s,gcrf_vy_km_s,gcrf_vz_km_s,"
        "itrf_x_km,itrf_y_km,itrf_z_km,itrf_vx_km_s,itrf_vy_km_s,itrf_vz_km_s,"
        "lat_deg,lon_deg,alt_km,"
        "ut1_utc_s,xp_arcsec,yp_arcsec,dpsi80_rad,deps80_rad,gmst82_rad"
    ]
    for kind, iso, r, v in states():
        t = Time(iso, scale="utc", precision=6)
        rep = CartesianRepresentation(
            r * u.km, differentials=CartesianDifferential(v * u.km / u.s)
        )
        teme = TEME(rep, obstime=t)
        itrs = teme.transform_to(ITRS(obstime=t))
        gcrs = teme.transform_to(GCRS(obstime=t))
        ri = itrs.cartesian.xyz.to_value(u.km)
        vi = itrs.velocity.d_xyz.to_value(u.km / u.s)
        rg = gcrs.cartesian.xyz.to_value(u.km)
        vg = gcrs.velocity.d_xyz.to_value(u.km / u.s)
        lon, lat, alt = erfa.gc2gd(1, ri * 1000.0)
        dut1 = t.delta_ut1_utc
        xp, yp = iers.earth_orientation_table.get().pm_xy(t)
        tt = t.tt
        dpsi, deps = erfa.nut80(tt.jd1, tt.jd2)
        ut1 = t.ut1
        gmst = erfa.gmst82(ut1.jd1, ut1.jd2)
        vals = list(r) + list(v) + list(rg) + list(vg) + list(ri) + list(vi)
        vals += [math.degrees(lat), math.degrees(lon), alt / 1000.0]
        vals += [float(dut1), xp.to_value(u.arcsec), yp.to_value(u.arcsec)]
        vals += [float(dpsi), float(deps), float(gmst)]
        lines.append(kind + "," + iso + "Z," + ",".join(f"{x:.12g}" if abs(x) < 1e-3 else f"{x:.15f}".rstrip("0") for x in vals))
    out = os.path.join(HERE, "astropy_reference.csv")
    with open(out, "w") as f:
        f.write(f"# generated by gen_reference.py with astropy {astropy.__version__}, "
                f"pyerfa {erfa.__version__}; EOP data/eop/finals2000A.all.gz\n")
        f.write("\n".join(lines) + "\n")
    print(f"wrote {len(lines) - 1} rows to {out}")


if __name__ == "__main__":
    main()
