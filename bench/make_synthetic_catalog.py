"""Scaling inputs for the screening benchmarks: a synthetic 3LE catalog of any size built from
perturbed real element sets, or the first N objects of the real catalog.

Synthetic: object k is a copy of real object k mod M (M objects in the source catalog, in file
order) with its mean anomaly, right ascension of the node and argument of perigee shifted by
uniform random angles (seeded, so the output is the same for the same arguments). Shells,
inclinations, eccentricities, epochs and drag terms stay those of the real catalog, so the
density of objects by altitude and inclination scales like the real one. With --keep-originals
(default) the first M objects are the real ones, unchanged; the copies get new catalog numbers
from 100000 up, written in Alpha-5 (A0000 = 100000, letters I and O skipped), so every number
is unique and up to 339,999 fits a TLE. Checksums are recomputed.

usage:
  python make_synthetic_catalog.py OUT.3le --size 48000 [--seed 1] [--source CATALOG]
                                   [--max-shift-deg 180] [--no-keep-originals]
  python make_synthetic_catalog.py OUT.3le --real-first 6000 [--source CATALOG]

OUT may end in .gz. Nothing is written into the repository unless OUT says so.
"""
import argparse
import gzip
import os
import random
import sys

DEFAULT_SOURCE = os.path.join(os.path.dirname(__file__), "..", "data", "catalog",
                              "full_catalog_3le_2022-01-22_ODAP.txt.gz")
ALPHA5 = "ABCDEFGHJKLMNPQRSTUVWXYZ"  # 10..33; I and O are not used (Space-Track's Alpha-5)
MAX_ALPHA5 = 339_999


def read_records(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt") as f:
        lines = [l.rstrip("\n\r") for l in f]
    out = []
    for i in range(len(lines) - 1):
        if lines[i].startswith("1 ") and lines[i + 1].startswith("2 "):
            name = lines[i - 1] if i > 0 and lines[i - 1].startswith("0 ") else "0 UNKNOWN"
            out.append((name, lines[i][:69].ljust(69), lines[i + 1][:69].ljust(69)))
    return out


def checksum(line68):
    """TLE checksum: the sum of the digits, with 1 for each minus sign, modulo 10."""
    return sum(int(c) if c.isdigit() else 1 if c == "-" else 0 for c in line68) % 10


def with_checksum(line):
    return line[:68] + str(checksum(line[:68]))


def alpha5(number):
    if number < 100_000:
        return f"{number:05d}"
    if number > MAX_ALPHA5:
        raise ValueError(f"catalog number {number} does not fit Alpha-5")
    return ALPHA5[number // 10_000 - 10] + f"{number % 10_000:04d}"


def number_of(field):
    field = field.strip()
    if field[:1].isalpha():
        return (ALPHA5.index(field[0]) + 10) * 10_000 + int(field[1:])
    return int(field)


def shifted(text, shift_deg):
    """An angle field of line 2 (8 columns, 4 decimals) shifted and wrapped to [0, 360)."""
    value = (float(text) + shift_deg) % 360.0
    out = f"{value:8.4f}"
    return "  0.0000" if out == "360.0000" else out


def synthetic(records, size, seed, max_shift_deg, keep_originals):
    rng = random.Random(seed)
    m = len(records)
    # The real catalog already holds some Alpha-5 numbers (analyst objects T0xxx): skip them.
    used = {number_of(l1[2:7]) for _, l1, _ in records}
    next_number = 100_000
    for k in range(size):
        name, l1, l2 = records[k % m]
        if keep_originals and k < m:
            yield name, l1, l2
            continue
        while next_number in used:
            next_number += 1
        number = alpha5(next_number)
        next_number += 1
        d_raan, d_argp, d_ma = (rng.uniform(-max_shift_deg, max_shift_deg) for _ in range(3))
        # Line 1: catalog number in columns 3-7. Line 2: number, RAAN 18-25, argument of
        # perigee 35-42, mean anomaly 44-51 (1-based columns, Space-Track TLE format).
        n1 = l1[:2] + number + l1[7:]
        n2 = (l2[:2] + number + l2[7:17] + shifted(l2[17:25], d_raan) + l2[25:34]
              + shifted(l2[34:42], d_argp) + " " + shifted(l2[43:51], d_ma) + l2[51:])
        yield f"{name} SYN{k // m}", with_checksum(n1), with_checksum(n2)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("output")
    ap.add_argument("--source", default=DEFAULT_SOURCE)
    ap.add_argument("--size", type=int)
    ap.add_argument("--real-first", type=int)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--max-shift-deg", type=float, default=180.0)
    ap.add_argument("--no-keep-originals", action="store_true")
    a = ap.parse_args()
    if (a.size is None) == (a.real_first is None):
        ap.error("give exactly one of --size and --real-first")
    records = read_records(a.source)
    if a.real_first is not None:
        if a.real_first > len(records):
            ap.error(f"the source holds only {len(records)} objects")
        out = records[:a.real_first]
    else:
        copies = a.size - (0 if a.no_keep_originals else min(a.size, len(records)))
        if 100_000 + copies + len(records) > MAX_ALPHA5:
            ap.error(f"{copies} new catalog numbers may not fit Alpha-5 (about 215,000 at most)")
        out = list(synthetic(records, a.size, a.seed, a.max_shift_deg, not a.no_keep_originals))
    opener = gzip.open if a.output.endswith(".gz") else open
    with opener(a.output, "wt") as f:
        for name, l1, l2 in out:
            f.write(f"{name}\n{l1.rstrip()}\n{l2.rstrip()}\n")
    print(f"{a.output}: {len(out)} objects", file=sys.stderr)


if __name__ == "__main__":
    main()
