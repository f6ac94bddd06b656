//! Stage 2: a spatial index of the objects at one grid time, and the straight-line pair test.
//!
//! Written here rather than taken from a k-d tree crate: the index is rebuilt some 30,000 times
//! per screening. Space is cut into (x, y) columns of side ρ_typ; objects are radix-sorted by
//! column and, within a column, by z (quantised to ρ_typ/8), so that as the sorted objects are
//! walked in order, the z-ranges searched in the neighbouring columns only move forward: every
//! neighbour search is a sequential scan with pointers that never go back, with no hashing
//! and no random memory access, over a volume about twice the search sphere's.

use super::floor_i64;

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

/// Cell keys: coordinates offset by a padding (so that neighbours up to the padding away stay
/// in range) and packed x-major, so that integer order is (x, y, z) order and a column (x, y)
/// is one key range. Coordinates beyond the padding are clamped to the edge: a query then
/// scans more than it needs, never less.
#[derive(Clone, Copy)]
struct Packing {
    min: [i64; 3],
    pad: [i64; 3],
    top: [i64; 3],
    shift_y: u32,
    shift_x: u32,
    bits: u32,
}

impl Packing {
    fn new(cells: &[[i64; 3]], pad: [i64; 3]) -> Packing {
        let mut min = [i64::MAX; 3];
        let mut max = [i64::MIN; 3];
        for c in cells {
            for a in 0..3 {
                min[a] = min[a].min(c[a]);
                max[a] = max[a].max(c[a]);
            }
        }
        let top = [0, 1, 2].map(|a| max[a] - min[a] + 2 * pad[a]);
        let width = |a: usize| 64 - (top[a] as u64 + 1).leading_zeros();
        let (bx, by, bz) = (width(0), width(1), width(2));
        Packing {
            min,
            pad,
            top,
            shift_y: bz,
            shift_x: by + bz,
            bits: bx + by + bz,
        }
    }

    #[inline]
    fn key(&self, c: [i64; 3]) -> u64 {
        let f = |a: usize| (c[a] - self.min[a] + self.pad[a]).clamp(0, self.top[a]) as u64;
        (f(0) << self.shift_x) | (f(1) << self.shift_y) | f(2)
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

/// The straight-line pair test of [`candidates`] for two objects given directly: whether their
/// relative straight-line motion over `|τ| ≤ hg_s` comes within the threshold plus both
/// margins (with the same reach pre-test, so that decisions agree with the index's).
#[allow(clippy::too_many_arguments)]
#[inline]
pub(crate) fn straight_line_passes(
    pi: [f64; 3],
    vi: [f64; 3],
    mi: f64,
    pj: [f64; 3],
    vj: [f64; 3],
    mj: f64,
    hg_s: f64,
    threshold_km: f64,
) -> bool {
    let speed = |v: [f64; 3]| (v[0] * v[0] + v[1] * v[1] + v[2] * v[2]).sqrt();
    let ri = speed(vi) * hg_s + mi + 0.5 * threshold_km;
    let rj = speed(vj) * hg_s + mj + 0.5 * threshold_km;
    let dp = [pj[0] - pi[0], pj[1] - pi[1], pj[2] - pi[2]];
    let d2 = dp[0] * dp[0] + dp[1] * dp[1] + dp[2] * dp[2];
    let reach = ri + rj;
    if d2 > reach * reach {
        return false;
    }
    let dv = [vj[0] - vi[0], vj[1] - vi[1], vj[2] - vi[2]];
    let v2 = dv[0] * dv[0] + dv[1] * dv[1] + dv[2] * dv[2];
    let tau = if v2 > 0.0 {
        (-(dp[0] * dv[0] + dp[1] * dv[1] + dp[2] * dv[2]) / v2).clamp(-hg_s, hg_s)
    } else {
        0.0
    };
    let m = [
        dp[0] + dv[0] * tau,
        dp[1] + dv[1] * tau,
        dp[2] + dv[2] * tau,
    ];
    let limit = threshold_km + mi + mj;
    m[0] * m[0] + m[1] * m[1] + m[2] * m[2] <= limit * limit
}

/// The half stencil of columns: the own column (pairs within it taken from the next sorted
/// index on) and the 4 after it in (x, y) order.
const HALF_COLUMNS: [(i64, i64); 5] = [(0, 0), (0, 1), (1, -1), (1, 0), (1, 1)];

/// z quanta per column side.
const Z_PER_CELL: f64 = 8.0;
/// Column side over the reach of ordinary pairs (2ρ_typ): neighbours lie within one column.
const COLUMN_OVER_REACH: f64 = 1.0;

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
    // Columns of side 2ρ_typ (ρ_typ the 99th percentile of reach): two ordinary objects
    // (ρ ≤ ρ_typ) that can pass are within 2ρ_typ, so in neighbouring columns and within
    // 2ρ_typ in z. The few with a
    // larger reach (eccentric orbits at perigee, jump margins) search a wider neighbourhood
    // instead of blowing the columns up for everyone.
    sc.typical.clear();
    sc.typical.extend_from_slice(&sc.reach);
    let at = (n * 99 / 100).min(n - 1);
    let (_, typ, _) = sc.typical.select_nth_unstable_by(at, |a, b| a.total_cmp(b));
    let typ = (*typ).min(reach_max);
    let cell_km = 2.0 * typ * COLUMN_OVER_REACH;
    let z_km = cell_km / Z_PER_CELL;
    // z quanta spanning 2ρ_typ, rounded up, plus one for the quantisation of each end.
    let zr = (2.0 * typ / z_km).ceil() as i64 + 1;

    sc.cell.clear();
    for e in &step.entries {
        let p = &e.pos;
        sc.cell.push([
            floor_i64(p[0] / cell_km),
            floor_i64(p[1] / cell_km),
            floor_i64(p[2] / z_km),
        ]);
    }
    let pack = Packing::new(&sc.cell, [1, 1, zr + 1]);
    sc.pairs.clear();
    for (i, c) in sc.cell.iter().enumerate() {
        sc.pairs.push((pack.key(*c), i as u32));
    }
    let (mut pairs, mut tmp) = (
        std::mem::take(&mut sc.pairs),
        std::mem::take(&mut sc.pairs_tmp),
    );
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
        let m = [
            dp[0] + dv[0] * tau,
            dp[1] + dv[1] * tau,
            dp[2] + dv[2] * tau,
        ];
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
    let mut lo_ptr = [0usize; HALF_COLUMNS.len()];
    let mut hi_ptr = [0usize; HALF_COLUMNS.len()];
    let reach2 = 2.0 * typ;
    let column_offset = |dx: i64, dy: i64, dz: i64| -> u64 {
        ((dx << pack.shift_x) + (dy << pack.shift_y) + dz) as u64
    };
    let offset_lo: [u64; HALF_COLUMNS.len()] = std::array::from_fn(|col| {
        let (dx, dy) = HALF_COLUMNS[col];
        column_offset(dx, dy, if col == 0 { 0 } else { -zr })
    });
    let offset_hi: [u64; HALF_COLUMNS.len()] = std::array::from_fn(|col| {
        let (dx, dy) = HALF_COLUMNS[col];
        column_offset(dx, dy, zr)
    });
    for i in 0..n {
        let c = sc.s_cell[i];
        if big(i) {
            // Every object with a reach up to ρᵢ lies within 2ρᵢ: pairs with ordinary objects
            // from here, pairs of two big ones from the one with the larger reach.
            let r = 2.0 * sc.s_entry[i].reach;
            let span = (r / cell_km).ceil() as i64;
            let zspan = (r / z_km).ceil() as i64 + 1;
            let mine = |j: usize| !big(j) || (sc.s_entry[j].reach, j) < (sc.s_entry[i].reach, i);
            let wanted = |j: usize| all_vs_all || asset(i) || asset(j);
            for dx in -span..=span {
                for dy in -span..=span {
                    let (s, e) = column(c[0] + dx, c[1] + dy, c[2] - zspan, c[2] + zspan);
                    for j in s..e {
                        if j != i && mine(j) && wanted(j) && test(i, j) {
                            push(i, j);
                        }
                    }
                }
            }
            continue;
        }
        let p = sc.s_entry[i].pos;
        // Distance in (x, y) from the object to a neighbouring column: columns wholly beyond
        // 2ρ_typ are skipped.
        let beyond = |dx: i64, dy: i64| -> bool {
            let gap = |d: i64, coord: f64, cell: i64| -> f64 {
                if d > 0 {
                    (cell + d) as f64 * cell_km - coord
                } else if d < 0 {
                    coord - (cell + d + 1) as f64 * cell_km
                } else {
                    0.0
                }
            };
            let (gx, gy) = (gap(dx, p[0], c[0]), gap(dy, p[1], c[1]));
            gx * gx + gy * gy > reach2 * reach2
        };
        if all_vs_all {
            let key_i = keys[i];
            for (col, &(dx, dy)) in HALF_COLUMNS.iter().enumerate() {
                // The pointers move on for every object, skipped column or not. Within the
                // padding, a neighbour's key is the object's key plus a fixed offset.
                let key_lo = key_i.wrapping_add(offset_lo[col]);
                let key_hi = key_i.wrapping_add(offset_hi[col]);
                lo_ptr[col] = advance(keys, lo_ptr[col], key_lo);
                hi_ptr[col] = advance(keys, hi_ptr[col].max(lo_ptr[col]), key_hi + 1);
                if col > 0 && beyond(dx, dy) {
                    continue;
                }
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
                    if beyond(dx, dy) {
                        continue;
                    }
                    let (s, e) = column(c[0] + dx, c[1] + dy, c[2] - zr, c[2] + zr);
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
