// Independent readers of the test's input files (TLE/3LE text, optionally gzipped): the
// browser tests count and compare against these, not against the server's own answers.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

export function readText(path) {
  const raw = readFileSync(path);
  return (path.endsWith('.gz') ? gunzipSync(raw) : raw).toString('latin1');
}

/**
 * Element sets of a TLE/3LE file: [{norad, cospar, epoch_key, inclination_deg, mean_motion, name}].
 * Columns per the Space-Track TLE format (CelesTrak, "NORAD Two-Line Element Set Format"):
 * line 1 cols 3-7 catalog number, 10-17 international designator (YYNNNPPP), 19-32 epoch
 * (YYDDD.DDDDDDDD); line 2 cols 9-16 inclination, 53-63 mean motion.
 */
/**
 * A catalog number from TLE columns 3-7, Alpha-5 included (Space-Track: a leading letter A-Z,
 * less I and O, stands for 10-33, so T0001 is 270001).
 */
export function catalogNumber(field) {
  const f = field.trim();
  if (/^[A-HJ-NP-Z]\d{4}$/.test(f)) {
    const letters = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
    return (letters.indexOf(f[0]) + 10) * 10000 + Number(f.slice(1));
  }
  return Number(f);
}

export function elementSets(text) {
  const lines = text.split(/\r?\n/);
  const out = [];
  for (let i = 0; i < lines.length; i++) {
    const l1 = lines[i];
    const l2 = lines[i + 1] ?? '';
    if (!(l1.startsWith('1 ') && l2.startsWith('2 '))) continue;
    const prev = lines[i - 1] ?? '';
    const name = prev.startsWith('0 ') ? prev.slice(2).trim() : null;
    const yy = Number(l1.slice(9, 11));
    const launch = l1.slice(11, 14);
    const piece = l1.slice(14, 17).trim();
    out.push({
      norad: catalogNumber(l1.slice(2, 7)),
      cospar: l1.slice(9, 11).trim() ? `${yy < 57 ? 2000 + yy : 1900 + yy}-${launch}${piece}` : '',
      epoch_key: l1.slice(18, 32).trim(),
      inclination_deg: Number(l2.slice(8, 16)),
      mean_motion: Number(l2.slice(52, 63)),
      name,
    });
    i += 1;
  }
  return out;
}
