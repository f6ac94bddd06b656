// Property checks of the test's own TLE readers (they are the browser tests' reference, so
// they must be right): random catalog numbers and elements written in the fixed TLE columns
// and read back.
import { catalogNumber, elementSets } from './catalog.mjs';

const LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ';

/** Seeded generator (mulberry32), so a failure reproduces. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function alpha5(n) {
  return n < 100000 ? String(n).padStart(5, ' ') : `${LETTERS[Math.floor(n / 10000) - 10]}${String(n % 10000).padStart(4, '0')}`;
}

export function runUnit() {
  const rand = rng(20220122);
  const failures = [];
  for (let k = 0; k < 2000; k++) {
    const n = Math.floor(rand() * 340000);
    const inc = Math.round(rand() * 180e4) / 1e4;
    const mm = Math.round(rand() * 17e8) / 1e8;
    const yy = Math.floor(rand() * 100);
    const launch = String(1 + Math.floor(rand() * 300)).padStart(3, '0');
    const id = alpha5(n);
    const l1 = `1 ${id}U ${String(yy).padStart(2, '0')}${launch}A   22022.55771106  .00000105  00000-0  15609-3 0  9990`;
    const l2 = `2 ${id} ${inc.toFixed(4).padStart(8, ' ')} 228.9165 1843365 100.8944 280.3452 ${mm.toFixed(8).padStart(11, ' ')}268693`;
    const [s] = elementSets(`0 OBJECT ${k}\n${l1}\n${l2}\n`);
    const cospar = `${yy < 57 ? 2000 + yy : 1900 + yy}-${launch}A`;
    if (catalogNumber(id) !== n || s?.norad !== n || s.inclination_deg !== inc || s.mean_motion !== mm || s.cospar !== cospar || s.name !== `OBJECT ${k}`) {
      failures.push(`case ${k}: ${JSON.stringify({ n, inc, mm, cospar, got: s })}`);
      if (failures.length > 5) break;
    }
  }
  return failures;
}
