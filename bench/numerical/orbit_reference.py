#!/usr/bin/env python3
"""Reference trajectories and ephemerides from satkit (independent propagator, Apache-2.0,
PyPI `satkit` 0.24.1 with data package `satkit-data` 0.9.0: JPL DE440, EOP, EGM96).

satkit integrates GCRF states with a Verner 9(8) Runge-Kutta, evaluates the gravity field in
ITRF with the full IAU-2006/2000A (IERS 2010) rotation, and takes Sun and Moon from JPL DE440.
We switch off what our model does not have (solid tides, relativity, drag, SRP) so that the
force models match: gravity EGM96 70x70, with or without Sun and Moon third body.

Run:  python3 bench/numerical/orbit_reference.py > crates/propagate/tests/data/numerical/satkit_reference.csv
      python3 bench/numerical/orbit_reference.py --bodies > crates/propagate/tests/data/numerical/de440_sun_moon.csv
"""
import sys
import time as wall

import numpy as np
import satkit as sk

T0 = sk.time(2024, 3, 1, 0, 0, 0.0)  # UTC
CASES = [
    # name, position km, velocity km/s (GCRF), sun+moon
    ("leo_grav70", [6778.137, 0.0, 0.0], [0.0, 4.7601, 6.0128], False),
    ("leo_grav70_sunmoon", [6778.137, 0.0, 0.0], [0.0, 4.7601, 6.0128], True),
    ("sso_grav70", [-1200.0, 3500.0, 6000.0], [0.9, -6.6, 3.9], False),
    ("geo_grav70", [42164.0, 0.0, 0.0], [0.0, 3.0746, 0.0], False),
    ("geo_grav70_sunmoon", [42164.0, 0.0, 0.0], [0.0, 3.0746, 0.0], True),
]


def settings(sunmoon):
    return sk.propsettings(
        abs_error=1e-9,
        rel_error=1e-13,
        gravity_degree=70,
        gravity_order=70,
        gravity_model=sk.gravmodel.egm96,
        use_spaceweather=False,
        use_sun_gravity=sunmoon,
        use_moon_gravity=sunmoon,
        tide_model=sk.tidemodel.none,
        use_relativistic_correction=False,
        enable_interp=True,
    )


def orbits():
    print("case,t0_utc,dt_s,x_km,y_km,z_km,vx_km_s,vy_km_s,vz_km_s")
    for name, r, v, sunmoon in CASES:
        state = np.array(r + v) * 1e3
        t = wall.perf_counter()
        res = sk.propagate(state, T0, duration_days=1.0, propsettings=settings(sunmoon),
                           satproperties=sk.satproperties(cdaoverm=0.0, craoverm=0.0))
        sys.stderr.write(f"{name}: {wall.perf_counter() - t:.3f} s, {res.stats.num_eval} evaluations\n")
        for k in range(0, 25):
            dt = 3600.0 * k
            s = res.interp(T0 + sk.duration.from_seconds(dt)) if k else state
            s = np.asarray(s) * 1e-3
            print(f"{name},2024-03-01T00:00:00Z,{dt:.1f}," + ",".join(f"{x:.10f}" for x in s))


def bodies():
    print("t_utc,body,x_km,y_km,z_km")
    for k in range(0, 48):
        t = T0 + sk.duration.from_days(7.61 * k)
        for body, b in (("sun", sk.solarsystem.Sun), ("moon", sk.solarsystem.Moon)):
            p = sk.jplephem.geocentric_pos(b, t) * 1e-3
            print(f"{t.as_iso8601()},{body}," + ",".join(f"{x:.6f}" for x in p))


if __name__ == "__main__":
    if "--bodies" in sys.argv:
        bodies()
    else:
        orbits()
