"""All-vs-all close-approach screening with python-sgp4 + scipy: a peer for `uitkijk screen`.

Same contract as `uitkijk screen` (DESIGN.md): one row per local minimum of the distance
between the SGP4 positions (TEME) under the threshold, per pair, strictly inside the window,
primary_id < secondary_id, sorted by TCA; pairs sharing one identical element set are
co-located, not events; an object is screened up to its first SGP4 error or runaway (radius
beyond 2 x the apogee radius of its mean elements + 1000 km).

Method: every object is propagated on a grid of STEP seconds with SatrecArray (Vallado's C++,
improved mode, WGS-72). At each sample a KD-tree (scipy cKDTree) gives the pairs closer than
threshold + V*STEP/2 + 1 km, where V = 22.4 km/s bounds the relative speed of two bound orbits:
the true minimum lies within STEP/2 of a sample and the range changes by at most V per second,
so the sampled local minimum next to it is inside that radius. A sampled minimum is refined only
when the straight-line relative motion from it, within one step either side, comes closer than
threshold + A*STEP^2/2 (A = 2 mu / Re^2 bounds the relative acceleration), which it must for a
true minimum under the threshold within that step. Each bracket is scanned every 0.05 s first
and cut where SGP4's position jumps (deep-space Lyddane switch at 0.2 rad inclination), so that a
minimum sharing its bracket with a jump is refined on its own; a minimum that exists only at a
jump is not an event. The TCA of each sampled local minimum is
the root of the range-rate (SGP4 positions and velocities) between its two neighbouring samples,
found with scipy's brentq to 1e-7 s; where the ends do not bracket a root, the minimum of the range
from scipy's bounded Brent minimiser.

Prints the events as CSV (pc columns empty) on stdout or -o FILE, and one JSON line with the
wall time on stderr. With --compare FILE, also matches the events against another screen's CSV
(same pair, |dTCA| <= 1 ms, |dmiss| <= 1 m) and prints what is missing on either side.

usage: python screen_python.py CATALOG [--start ISO] [--days D] [--threshold-km K]
                               [--step-s S] [-o FILE] [--compare FILE]
"""
import argparse
import csv
import datetime as dt
import gzip
import json
import sys
import time

import numpy as np
from scipy.optimize import brentq, minimize_scalar
from scipy.spatial import cKDTree
from sgp4.api import WGS72, Satrec, SatrecArray, jday

RE_KM = 6378.135  # WGS-72
MAX_REL_SPEED_KM_S = 2 * 11.2
FINE_S = 0.05  # scan of each candidate bracket before refinement (s)
# Bound on the relative acceleration of two objects above the Earth's surface: 2 mu / Re^2.
MAX_REL_ACCEL_KM_S2 = 2 * 398600.8 / RE_KM**2
HEADER = ("primary_id,secondary_id,tca_utc,miss_km,rel_speed_km_s,radial_km,in_track_km,"
          "cross_track_km,pc,pc_method,max_pc")
UNIX_JD = 2440587.5


def read_catalog(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt") as f:
        lines = [l.rstrip("\n\r") for l in f]
    latest = {}
    for i in range(len(lines) - 1):
        if lines[i].startswith("1 ") and lines[i + 1].startswith("2 "):
            sat = Satrec.twoline2rv(lines[i], lines[i + 1], WGS72)
            old = latest.get(sat.satnum)
            if old is None or sat.jdsatepoch + sat.jdsatepochF >= old.jdsatepoch + old.jdsatepochF:
                latest[sat.satnum] = sat
    return [latest[k] for k in sorted(latest)]


def element_key(s):
    return (s.jdsatepoch, s.jdsatepochF, s.ndot, s.nddot, s.bstar, s.inclo, s.nodeo, s.ecco,
            s.argpo, s.mo, s.no_kozai)


def iso_ms(unix_s):
    ms = int(round(unix_s * 1000.0))
    t = dt.datetime(1970, 1, 1) + dt.timedelta(milliseconds=ms)
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{ms % 1000:03d}Z"


def parse_iso(s):
    s = s.rstrip("Z")
    date, tod = s.split("T")
    y, m, d = map(int, date.split("-"))
    hh, mm, ss = tod.split(":")
    return jday(y, m, d, int(hh), int(mm), float(ss))


class Window:
    def __init__(self, jd, fr, days):
        # Keep the whole day apart from the fraction, as SGP4's reference does with epochs.
        whole = np.floor(fr)
        self.jd, self.fr = jd + whole, fr - whole
        self.duration_s = days * 86400.0

    def jd_fr(self, t_s):
        t = np.asarray(t_s, dtype=float)
        return np.full(t.shape, self.jd), self.fr + t / 86400.0

    def unix(self, t_s):
        return (self.jd - UNIX_JD) * 86400.0 + self.fr * 86400.0 + t_s


def screen(sats, win, threshold_km, step_s):
    n = len(sats)
    limit = np.array([2 * s.a * (1 + s.ecco) * RE_KM + 1000.0 for s in sats])
    times = np.arange(0.0, win.duration_s - 1e-9, step_s)
    times = np.append(times, win.duration_s)
    n_t = len(times)
    arr = SatrecArray(sats)
    keys = [element_key(s) for s in sats]
    radius = threshold_km + MAX_REL_SPEED_KM_S * step_s / 2 + 1.0

    valid = np.full(n, n_t)  # first failing sample
    candidates = set()
    chunk = max(16, min(2048, int(1e7 / max(n, 1))))  # bounds the memory of the samples
    c0 = 0
    while True:
        c1 = min(c0 + chunk, n_t - 1)
        jd, fr = win.jd_fr(times[c0:c1 + 1])
        e, r, v = arr.sgp4(jd, fr)
        rad = np.linalg.norm(r, axis=2)
        bad = (e != 0) | ~(rad <= limit[:, None])
        for i in np.where(bad.any(axis=1))[0]:
            valid[i] = min(valid[i], c0 + int(np.argmax(bad[i])))
        for kk in range(1, c1 - c0):
            k = c0 + kk
            ok = np.where(valid > k + 1)[0]
            if len(ok) < 2:
                continue
            pairs = cKDTree(r[ok, kk]).query_pairs(radius, output_type="ndarray")
            if len(pairs) == 0:
                continue
            i, j = ok[pairs[:, 0]], ok[pairs[:, 1]]
            rho = [np.linalg.norm(r[j, kk + d] - r[i, kk + d], axis=1) for d in (-1, 0, 1)]
            is_min = (rho[1] < rho[0]) & (rho[1] <= rho[2])
            i, j = i[is_min], j[is_min]
            d = r[j, kk] - r[i, kk]
            w = v[j, kk] - v[i, kk]
            ww = np.maximum(np.einsum("ij,ij->i", w, w), 1e-30)
            tau = np.clip(-np.einsum("ij,ij->i", d, w) / ww, -step_s, step_s)
            linear = np.linalg.norm(d + w * tau[:, None], axis=1)
            near = linear - 0.5 * MAX_REL_ACCEL_KM_S2 * step_s**2 < threshold_km
            for a, b in zip(i[near], j[near]):
                a, b = min(a, b), max(a, b)
                if keys[a] != keys[b]:
                    candidates.add((a, b, k))
        if c1 == n_t - 1:
            break
        c0 = c1 - 1

    def state(s, t):
        jd1, fr1 = win.jd_fr(t)
        err, rr, vv = s.sgp4(float(jd1), float(fr1))
        return err, np.array(rr), np.array(vv)

    events = []
    for a, b, k in sorted(candidates):
        t0 = times[k - 1]
        width = times[k + 1] - t0

        def rng(u):
            ea, ra, _ = state(sats[a], t0 + u)
            eb, rb, _ = state(sats[b], t0 + u)
            return np.linalg.norm(rb - ra) if ea == 0 and eb == 0 else np.inf

        def rdot(u):
            _, ra, va = state(sats[a], t0 + u)
            _, rb, vb = state(sats[b], t0 + u)
            d = rb - ra
            return d @ (vb - va) / np.linalg.norm(d)

        # The bracket is scanned every FINE_S first: where SGP4's position jumps (deep-space
        # Lyddane switch at 0.2 rad inclination) a smooth minimum can share the bracket with the
        # jump, so the bracket is cut at each jump (a step of the relative position that its
        # velocity does not explain) and every piece is refined on its own. A minimum that
        # exists only at a jump is then not refined.
        us = np.linspace(0.0, width, int(np.ceil(width / FINE_S)) + 1)
        jd2, fr2 = win.jd_fr(t0 + us)
        e2, r2, v2 = SatrecArray([sats[a], sats[b]]).sgp4(jd2, fr2)
        dr, dv = r2[1] - r2[0], v2[1] - v2[0]
        step = dr[1:] - dr[:-1] - 0.5 * (us[1:] - us[:-1])[:, None] * (dv[1:] + dv[:-1])
        cut = np.where(np.linalg.norm(step, axis=1) > 1e-3)[0]
        if len(cut) == 0 or (e2 != 0).any():
            pieces = [(0.0, width, True)]
        else:
            ends = [0] + [c for m in cut for c in (m, m + 1)] + [len(us) - 1]
            pieces = [(us[ends[n]], us[ends[n + 1]], False) for n in range(0, len(ends), 2)]
        for lo, hi, whole in pieces:
            if hi - lo <= 0.0:
                continue
            # SGP4's velocity is not exactly the derivative of its position (cm/s in the SDP4
            # periodics): in a slow encounter the root of the range-rate can sit seconds
            # outside the sampled bracket, so widen it outward before giving up on it.
            if whole:
                span = hi - lo
                for _ in range(8):
                    if rdot(lo) < 0.0 < rdot(hi):
                        break
                    if rdot(lo) >= 0.0:
                        lo -= span
                    if rdot(hi) <= 0.0:
                        hi += span
            if rdot(lo) < 0.0 < rdot(hi):
                u = brentq(rdot, lo, hi, xtol=1e-7)
            elif whole:
                u = minimize_scalar(rng, bounds=(lo, hi), method="bounded",
                                    options={"xatol": 1e-7}).x
            else:
                continue
            t = t0 + u
            if not (rng(u) < threshold_km and 0.0 < t < win.duration_s):
                continue
            _, r1, v1 = state(sats[a], t)
            _, r2_, v2_ = state(sats[b], t)
            d = r2_ - r1
            rh = r1 / np.linalg.norm(r1)
            ch = np.cross(r1, v1)
            ch /= np.linalg.norm(ch)
            ih = np.cross(ch, rh)
            events.append((t, sats[a].satnum, sats[b].satnum, np.linalg.norm(d),
                           np.linalg.norm(v2_ - v1), d @ rh, d @ ih, d @ ch))
    # Neighbouring brackets overlap: one event per pair and millisecond.
    events.sort(key=lambda e: (e[1], e[2], e[0]))
    events = [e for n, e in enumerate(events) if n == 0 or (e[1], e[2]) != events[n - 1][1:3]
              or e[0] - events[n - 1][0] >= 1e-3]
    events.sort()
    failed = [(sats[i].satnum, float(times[valid[i]])) for i in range(n) if valid[i] < n_t]
    return events, failed, len(candidates)


def read_events(path):
    with open(path) as f:
        rows = list(csv.DictReader(f))
    out = []
    for row in rows:
        t = dt.datetime.strptime(row["tca_utc"], "%Y-%m-%dT%H:%M:%S.%fZ")
        unix = (t - dt.datetime(1970, 1, 1)).total_seconds()
        out.append((int(row["primary_id"]), int(row["secondary_id"]), unix, float(row["miss_km"]),
                    float(row["rel_speed_km_s"])))
    return out


def tca_tol_s(miss_km, rel_speed_km_s, sgp4_tol_km=1e-6):
    """1 ms, plus the time the range stays within SGP4's 1 mm of its minimum and the shift 1 mm
    along the relative velocity gives: slow encounters (GEO neighbours drifting at m/s) have no
    TCA sharper than that (same rule as crates/cli/tests/screen_bruteforce.rs)."""
    v = max(rel_speed_km_s, 1e-9)
    return 1e-3 + (np.sqrt(2 * miss_km * sgp4_tol_km) + sgp4_tol_km) / v


def compare(mine, other, miss_tol_km=1e-3):
    """Events of `mine` missing from `other` and the reverse, matched one to one; TCAs printed
    to the millisecond may differ by another 0.5 ms."""
    def unmatched(xs, ys):
        used = set()
        missing = []
        for p, s, t, m, v in xs:
            tol = tca_tol_s(m, v) + 5e-4
            hit = next((n for n, (p2, s2, t2, m2, _) in enumerate(ys) if n not in used and p2 == p
                        and s2 == s and abs(t2 - t) <= tol
                        and abs(m2 - m) <= miss_tol_km), None)
            if hit is None:
                missing.append((p, s, iso_ms(t), m))
            else:
                used.add(hit)
        return missing
    return unmatched(mine, other), unmatched(other, mine)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("catalog")
    ap.add_argument("--start")
    ap.add_argument("--days", type=float, default=7.0)
    ap.add_argument("--threshold-km", type=float, default=5.0)
    ap.add_argument("--step-s", type=float, default=10.0)
    ap.add_argument("-o", "--output")
    ap.add_argument("--compare")
    a = ap.parse_args()
    sats = read_catalog(a.catalog)
    if a.start:
        jd, fr = parse_iso(a.start)
    else:
        newest = max(sats, key=lambda s: s.jdsatepoch + s.jdsatepochF)
        jd, fr = newest.jdsatepoch, newest.jdsatepochF
    win = Window(jd, fr, a.days)
    t = time.perf_counter()
    events, failed, n_cand = screen(sats, win, a.threshold_km, a.step_s)
    seconds = time.perf_counter() - t
    out = open(a.output, "w") if a.output else sys.stdout
    out.write(HEADER + "\n")
    for tca, p, s, miss, vrel, rr, ii, cc in events:
        out.write(f"{p},{s},{iso_ms(win.unix(tca))},{miss:.6f},{vrel:.6f},{rr:.6f},{ii:.6f},"
                  f"{cc:.6f},,,\n")
    if a.output:
        out.close()
    print(json.dumps({"command": "screen", "path": "python-sgp4 SatrecArray + cKDTree",
                      "objects": len(sats), "events": len(events), "candidates": n_cand,
                      "failed": failed, "step_s": a.step_s, "threads": 1,
                      "seconds": round(seconds, 3)}), file=sys.stderr)
    if a.compare:
        mine = [(p, s, win.unix(t), m, v) for t, p, s, m, v, *_ in events]
        missing_there, missing_here = compare(mine, read_events(a.compare))
        print(f"compare: {len(events)} here; {len(missing_there)} missing from {a.compare}, "
              f"{len(missing_here)} there but not here", file=sys.stderr)
        for e in missing_there:
            print(f"  missing there: {e}", file=sys.stderr)
        for e in missing_here:
            print(f"  missing here:  {e}", file=sys.stderr)
        sys.exit(1 if missing_there or missing_here else 0)


if __name__ == "__main__":
    main()
