#!/usr/bin/env python3
"""One-off transcription of the 53 CARA test CDMs (KVN) into cara_cdm_states.csv: per object
its EME2000 state (km, km/s) and the 21 lower-triangle RTN covariance terms (m², as in the
CDM). Not a CDM parser for the project (that is uitkijk_formats::cdm); it only copies numbers
so the Pc test does not depend on one. Run from this folder with the CDM folder as argument."""
import csv, glob, os, re, sys

KEYS = ["X", "Y", "Z", "X_DOT", "Y_DOT", "Z_DOT"]
COV = ["CR_R", "CT_R", "CT_T", "CN_R", "CN_T", "CN_N", "CRDOT_R", "CRDOT_T", "CRDOT_N",
       "CRDOT_RDOT", "CTDOT_R", "CTDOT_T", "CTDOT_N", "CTDOT_RDOT", "CTDOT_TDOT", "CNDOT_R",
       "CNDOT_T", "CNDOT_N", "CNDOT_RDOT", "CNDOT_TDOT", "CNDOT_NDOT"]

out = csv.writer(open("cara_cdm_states.csv", "w", newline=""))
out.writerow(["conjunction_id", "hbr_m", "object", "ref_frame"] + [k.lower() for k in KEYS] + [c.lower() for c in COV])
for path in sorted(glob.glob(os.path.join(sys.argv[1], "*.cdm"))):
    cid = os.path.splitext(os.path.basename(path))[0]
    hbr, objs, cur = None, [], None
    for line in open(path):
        m = re.match(r"\s*COMMENT\s+HBR\s*=\s*([-+0-9.eE]+)", line)
        if m:
            hbr = m.group(1)
            continue
        if "=" not in line or line.strip().startswith("COMMENT"):
            continue
        k, v = [s.strip() for s in line.split("=", 1)]
        v = v.split("[")[0].strip()
        if k == "OBJECT":
            cur = {"OBJECT": v}
            objs.append(cur)
        elif cur is not None:
            cur[k] = v
    for o in objs:
        out.writerow([cid, hbr, o["OBJECT"], o["REF_FRAME"]] + [o[k] for k in KEYS] + [o[c] for c in COV])
