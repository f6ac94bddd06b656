"""Independent reference for the NL overflight test (crates/sda/tests/reentry_overflight.rs).

ISS element set of 2024-03-01 propagated with python-sgp4 (Vallado's SGP4, WGS-72) every
10 s for 3 days; TEME -> Earth-fixed by GMST (sgp4.propagation.gstime, IAU-82, UT1 = UTC);
geodetic latitude on WGS-84 by fixed-point iteration; inside-test with shapely against the
European polygons (outer ring lon > -30) of "Netherlands" (id 528) in world-atlas 2.0.2
countries-50m.json, decoded here from the TopoJSON independently of the Rust decoder.
Prints the passes (first and last inside sample, seconds after the epoch).

    python3 -m venv /tmp/rvenv && /tmp/rvenv/bin/pip install sgp4 shapely
    /tmp/rvenv/bin/python bench/reentry/overflight_reference.py crates/sda/data/regions/countries-50m.json.gz
"""
import gzip, json, math, sys
from sgp4.api import Satrec, WGS72
from sgp4.propagation import gstime
from shapely.geometry import Point, Polygon, MultiPolygon
from shapely.prepared import prep

L1 = "1 25544U 98067A   24061.50000000  .00016717  00000-0  30178-3 0  9992"
L2 = "2 25544  51.6416 247.4627 0006703 130.5360 325.0288 15.49815308441002"

topo = json.load(gzip.open(sys.argv[1]))
sx, sy = topo["transform"]["scale"]; tx, ty = topo["transform"]["translate"]
arcs = []
for a in topo["arcs"]:
    x = y = 0; pts = []
    for dx, dy in a:
        x += dx; y += dy; pts.append((x * sx + tx, y * sy + ty))
    arcs.append(pts)
def ring(idx):
    out = []
    for i in idx:
        pts = arcs[~i][::-1] if i < 0 else arcs[i]
        out.extend(pts if not out else pts[1:])
    return out
nl = [g for g in topo["objects"]["countries"]["geometries"] if g.get("id") == "528"][0]
polys = []
for p in nl["arcs"]:
    rings = [ring(r) for r in p]
    if rings[0][0][0] > -30:
        polys.append(Polygon(rings[0], rings[1:]))
region = prep(MultiPolygon(polys))

sat = Satrec.twoline2rv(L1, L2, WGS72)
a, f = 6378.137, 1 / 298.257223563
e2 = f * (2 - f)
inside_prev, passes = False, []
for k in range(0, 3 * 86400 // 10 + 1):
    t = k * 10.0
    jd, fr = sat.jdsatepoch, sat.jdsatepochF + t / 86400.0
    err, r, v = sat.sgp4(jd, fr)
    th = gstime(jd + fr)
    x = math.cos(th) * r[0] + math.sin(th) * r[1]
    y = -math.sin(th) * r[0] + math.cos(th) * r[1]
    z = r[2]
    lon = math.degrees(math.atan2(y, x)); p = math.hypot(x, y)
    lat = math.atan2(z, p * (1 - e2))
    for _ in range(10):
        n = a / math.sqrt(1 - e2 * math.sin(lat) ** 2)
        h = p / math.cos(lat) - n
        lat = math.atan2(z, p * (1 - e2 * n / (n + h)))
    inside = region.contains(Point(lon, math.degrees(lat)))
    if inside and not inside_prev:
        passes.append([t, t])
    if inside:
        passes[-1][1] = t
    inside_prev = inside
print(len(passes), "passes")
for s, e in passes:
    print(f"inside from {s:.0f} s to {e:.0f} s after the epoch")
