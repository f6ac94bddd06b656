"""TEME states from python-sgp4 (Vallado's C++ SGP4, WGS-72, improved mode) for the
`uitkijk serve` state-endpoint test: serve_cli.rs asks /api/v1/objects/{id}/state?frame=teme
at these times and compares within 1 mm and 1 mm/s.

Run from crates/cli:  python3 tests/data/serve/state_reference.py > tests/data/serve/state_reference.csv
(needs `pip install sgp4==2.24`)."""
import gzip
import sys

from sgp4.api import Satrec, jday

ISS_CSS = "tests/data/screen/iss_css_neighbourhood.3le"
CATALOG = "../../data/catalog/full_catalog_3le_2022-01-22_ODAP.txt.gz"
IDS = [25544, 48274, 13552]  # ISS, CSS (Tianhe), COSMOS 1408 (its whole launch is ingested)
TIMES = ["2022-01-22T12:00:00.000", "2022-01-23T00:00:00.000", "2022-01-25T06:30:00.500"]


def tles(lines):
    out = {}
    for i in range(len(lines) - 1):
        if lines[i].startswith("1 ") and lines[i + 1].startswith("2 "):
            field = lines[i][2:7]
            if field.strip().isdigit():  # Alpha-5 numbers (T0000) are not needed here
                out[int(field)] = (lines[i], lines[i + 1])
    return out


def main():
    sets = tles(open(ISS_CSS).read().splitlines())
    sets.update(tles(gzip.open(CATALOG, "rt").read().splitlines()))
    w = sys.stdout
    w.write("norad_id,utc,x_km,y_km,z_km,vx_km_s,vy_km_s,vz_km_s\n")
    for n in IDS:
        sat = Satrec.twoline2rv(*sets[n])
        for t in TIMES:
            date, clock = t.split("T")
            y, mo, d = (int(x) for x in date.split("-"))
            h, mi, s = clock.split(":")
            jd, fr = jday(y, mo, d, int(h), int(mi), float(s))
            e, r, v = sat.sgp4(jd, fr)
            assert e == 0, (n, t, e)
            w.write(f"{n},{t}Z," + ",".join(f"{x:.9f}" for x in (*r, *v)) + "\n")


main()
