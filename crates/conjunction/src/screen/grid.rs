//! Stage 2: a spatial index of the objects at one grid time, and the straight-line pair test.
//!
//! Written here rather than taken from a k-d tree crate: the index is rebuilt some 30,000 times
//! per screening. Objects are radix-sorted by cell in x-major order, so that the cells of one
//! (x, y) column are contiguous and, as the sorted objects are walked in order, the ranges of
//! the neighbouring columns only move forward: every neighbour search is a sequential scan
//! with pointers that never go back, with no hashing and no random memory access.

/// A pair of objects (`a < b`, indices into the screened objects) whose straight-line relative
/// motion comes within the threshold plus margins around grid time `k`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Candidate {
    pub a: u32,
    pub b: u32,
    pub k: u32,
}

/// One object at one grid time, in one cache line: what the pair test reads.
#[derive(Debug, Clone, Copy, Default)]
#[repr(C, align(64))]
struct Entry {
    pos: [f64; 3],
    /// Speed (km/s) in [`StepStates`]; reach (km) once sorted.
    reach: f64,
    vel: [f64; 3],
    margin: f64,
}

/// The interpolated states of the objects present at one grid time.
pub(crate) struct StepStates {
    object: Vec<u32>,
    entries: Vec<Entry>,
}

impl StepStates {
    pub fn with_capacity(n: usize) -> StepStates {
        StepStates {
            object: Vec::with_capacity(n),
            entries: Vec::with_capacity(n),
        }
    }

    pub fn clear(&mut self) {
        self.object.clear();
        self.entries.clear();
    }

    pub fn push(&mut self, object: usize, p: [f64; 3], v: [f64; 3], margin_km: f64) {
        self.object.push(object as u32);
        self.entries.push(Entry {
            pos: p,
            reach: (v[0] * v[0] + v[1] * v[1] + v[2] * v[2]).sqrt(),
            vel: v,
            margin: margin_km,
        });
    }

    fn len(&self) -> usize {
        self.object.len()
    }
}

/// Buffers reused from one grid time to the next.
#[derive(Default)]
pub(crate) struct Scratch {
    reach: Vec<f64>,
    typical: Vec<f64>,
    cell: Vec<[i64; 3]>,
    pairs: Vec<(u64, u32)>,
    pairs_tmp: Vec<(u64, u32)>,
    /// Sorted copies.
    s_key: Vec<u64>,
    s_index: Vec<u32>,
    s_entry: Vec<Entry>,
    s_cell: Vec<[i64; 3]>,
}

/// LSD radix sort of (key, payload) by the low `bits` bits of the key, 11 bits a pass.
fn radix_sort(v: &mut Vec<(u64, u32)>, tmp: &mut Vec<(u64, u32)>, bits: u32) {
    const DIGIT: u32 = 11;
    let mut shift = 0;
    tmp.resize(v.len(), (0, 0));
    let mut count = vec![0usize; 1 << DIGIT];
    while shift < bits {
        count.iter_mut().for_each(|c| *c = 0);
        for e in v.iter() {
            count[((e.0 >> shift) & ((1 << DIGIT) - 1)) as usize] += 1;
        }
        let mut sum = 0;
        for c in count.iter_mut() {
            let x = *c;
            *c = sum;
            sum += x;
        }
        for e in v.iter() {
            let d = ((e.0 >> shift) & ((1 << DIGIT) - 1)) as usize;
            tmp[count[d]] = *e;
            count[d] += 1;
        }
        std::mem::swap(v, tmp);
        shift += DIGIT;
    }
}

/// Cell keys: coordinates offset to start at 1 (neighbours stay non-negative) and packed
/// x-major, so that integer order is (x, y, z) order and a column (x, y) is one key range.
#[derive(Clone, Copy)]
struct Packing {
    min: [i64; 3],
    shift_y: u32,
    shift_x: u32,
    bits: u32,
}

impl Packing {
    fn new(cells: &[[i64; 3]]) -> Packing {
        let mut min = [i64::MAX; 3];
        let mut max = [i64::MIN; 3];
        for c in cells {
            for a in 0..3 {
                min[a] = min[a].min(c[a]);
                max[a] = max[a].max(c[a]);
            }
        }
        let width = |a: usize| 64 - ((max[a] - min[a] + 3) as u64).leading_zeros();
        let (bx, by, bz) = (width(0), width(1), width(2));
        Packing {
            min,
            shift_y: bz,
            shift_x: by + bz,
            bits: bx + by + bz,
        }
    }

    #[inline]
    fn key(&self, c: [i64; 3]) -> u64 {
        (((c[0] - self.min[0] + 1) as u64) << self.shift_x)
            | (((c[1] - self.min[1] + 1) as u64) << self.shift_y)
            | (c[2] - self.min[2] + 1) as u64
    }
}

/// First sorted position at or after `from` whose key is not below `key`.
#[inline]
fn advance(keys: &[u64], mut from: usize, key: u64) -> usize {
    while from < keys.len() && keys[from] < key {
        from += 1;
    }
    from
}

/// The half stencil as columns: (dx, dy, first dz). Column (0, 0) starts at the own cell
/// (the pairs within it are taken from the next sorted index on) and the rest take dz −1..1.
const HALF_COLUMNS: [(i64, i64); 5] = [(0, 0), (0, 1), (1, -1), (1, 0), (1, 1)];

/// Appends every pair present at grid time `k` that passes the straight-line test over
/// `|τ| ≤ hg_s`. With `all_vs_all` false, only pairs with an asset.
#[allow(clippy::too_many_arguments)]
pub(crate) fn candidates(
    step: &StepStates,
    k: u32,
    hg_s: f64,
    threshold_km: f64,
    is_asset: &[bool],
    all_vs_all: bool,
    sc: &mut Scratch,
    out: &mut Vec<Candidate>,
) {
    let n = step.len();
    if n < 2 {
        return;
    }
    // Reach ρ = |v|·hg + m + T/2: two objects farther apart than ρᵢ + ρⱼ cannot pass.
    sc.reach.clear();
    let mut reach_max: f64 = 0.0;
    for i in 0..n {
        let e = &step.entries[i];
        let r = e.reach * hg_s + e.margin + 0.5 * threshold_km;
        sc.reach.push(r);
        reach_max = reach_max.max(r);
    }
    // Cells of side 2ρ_typ (ρ_typ the 99th percentile of reach) hold every pair of ordinary
    // objects within neighbouring cells. The few with a larger reach (eccentric orbits at
    // perigee, jump margins) search a wider neighbourhood instead of blowing the cells up
    // for everyone.
    sc.typical.clear();
    sc.typical.extend_from_slice(&sc.reach);
    let at = (n * 99 / 100).min(n - 1);
    let (_, typ, _) = sc.typical.select_nth_unstable_by(at, |a, b| a.total_cmp(b));
    let typ = (*typ).min(reach_max);
    let cell_km = 2.0 * typ;

    sc.cell.clear();
    for e in &step.entries {
        let p = &e.pos;
        sc.cell.push([
            (p[0] / cell_km).floor() as i64,
            (p[1] / cell_km).floor() as i64,
            (p[2] / cell_km).floor() as i64,
        ]);
    }
    let pack = Packing::new(&sc.cell);
    sc.pairs.clear();
    for (i, c) in sc.cell.iter().enumerate() {
        sc.pairs.push((pack.key(*c), i as u32));
    }
    let (mut pairs, mut tmp) = (std::mem::take(&mut sc.pairs), std::mem::take(&mut sc.pairs_tmp));
    radix_sort(&mut pairs, &mut tmp, pack.bits);
    sc.s_key.clear();
    sc.s_index.clear();
    sc.s_entry.clear();
    sc.s_cell.clear();
    for &(key, i) in &pairs {
        let i = i as usize;
        sc.s_key.push(key);
        sc.s_index.push(step.object[i]);
        let mut e = step.entries[i];
        e.reach = sc.reach[i];
        sc.s_entry.push(e);
        sc.s_cell.push(sc.cell[i]);
    }
    sc.pairs = pairs;
    sc.pairs_tmp = tmp;

    let sc = &*sc;
    let test = |i: usize, j: usize| -> bool {
        let (ei, ej) = (&sc.s_entry[i], &sc.s_entry[j]);
        let (pi, pj) = (&ei.pos, &ej.pos);
        let dp = [pj[0] - pi[0], pj[1] - pi[1], pj[2] - pi[2]];
        let d2 = dp[0] * dp[0] + dp[1] * dp[1] + dp[2] * dp[2];
        let reach = ei.reach + ej.reach;
        if d2 > reach * reach {
            return false;
        }
        let (vi, vj) = (&ei.vel, &ej.vel);
        let dv = [vj[0] - vi[0], vj[1] - vi[1], vj[2] - vi[2]];
        let v2 = dv[0] * dv[0] + dv[1] * dv[1] + dv[2] * dv[2];
        let tau = if v2 > 0.0 {
            (-(dp[0] * dv[0] + dp[1] * dv[1] + dp[2] * dv[2]) / v2).clamp(-hg_s, hg_s)
        } else {
            0.0
        };
        let m = [dp[0] + dv[0] * tau, dp[1] + dv[1] * tau, dp[2] + dv[2] * tau];
        let limit = threshold_km + ei.margin + ej.margin;
        m[0] * m[0] + m[1] * m[1] + m[2] * m[2] <= limit * limit
    };
    let mut push = |i: usize, j: usize| {
        let (oi, oj) = (sc.s_index[i], sc.s_index[j]);
        out.push(Candidate {
            a: oi.min(oj),
            b: oi.max(oj),
            k,
        });
    };
    let keys = &sc.s_key[..];
    let asset = |i: usize| is_asset[sc.s_index[i] as usize];
    let big = |i: usize| sc.s_entry[i].reach > typ;
    // Sorted range of the cells (x, y, z0..=z1) by binary search.
    let column = |x: i64, y: i64, z0: i64, z1: i64| -> (usize, usize) {
        let lo = keys.partition_point(|&q| q < pack.key([x, y, z0]));
        let hi = keys.partition_point(|&q| q <= pack.key([x, y, z1]));
        (lo, hi.max(lo))
    };

    // Sliding column pointers of the half stencil (all-vs-all).
    let mut lo_ptr = [0usize; 5];
    let mut hi_ptr = [0usize; 5];
    for i in 0..n {
        let c = sc.s_cell[i];
        if big(i) {
            // Every object with a reach up to ρᵢ lies within 2ρᵢ: pairs with ordinary objects
            // from here, pairs of two big ones from the one with the larger reach.
            let span = (2.0 * sc.s_entry[i].reach / cell_km).ceil() as i64;
            let mine = |j: usize| !big(j) || (sc.s_entry[j].reach, j) < (sc.s_entry[i].reach, i);
            let wanted = |j: usize| all_vs_all || asset(i) || asset(j);
            for dx in -span..=span {
                for dy in -span..=span {
                    let (s, e) = column(c[0] + dx, c[1] + dy, c[2] - span, c[2] + span);
                    for j in s..e {
                        if j != i && mine(j) && wanted(j) && test(i, j) {
                            push(i, j);
                        }
                    }
                }
            }
            continue;
        }
        if all_vs_all {
            for (col, &(dx, dy)) in HALF_COLUMNS.iter().enumerate() {
                let z0 = if col == 0 { c[2] } else { c[2] - 1 };
                let key_lo = pack.key([c[0] + dx, c[1] + dy, z0]);
                let key_hi = pack.key([c[0] + dx, c[1] + dy, c[2] + 1]);
                lo_ptr[col] = advance(keys, lo_ptr[col], key_lo);
                hi_ptr[col] = advance(keys, hi_ptr[col].max(lo_ptr[col]), key_hi + 1);
                let s = if col == 0 { i + 1 } else { lo_ptr[col] };
                for j in s..hi_ptr[col] {
                    if !big(j) && test(i, j) {
                        push(i, j);
                    }
                }
            }
        } else if asset(i) {
            // The whole stencil from each asset; a pair of two assets from the lower index.
            for dx in -1..=1 {
                for dy in -1..=1 {
                    let (s, e) = column(c[0] + dx, c[1] + dy, c[2] - 1, c[2] + 1);
                    for j in s..e {
                        if j == i || big(j) || (asset(j) && j < i) {
                            continue;
                        }
                        if test(i, j) {
                            push(i, j);
                        }
                    }
                }
            }
        }
    }
}
