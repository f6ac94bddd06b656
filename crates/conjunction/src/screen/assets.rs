//! Assets-vs-catalog screening without a catalog-wide index: the pair filters of
//! [`sieve`](super::sieve) give, for each (asset, object) pair, the spans of time in which the
//! two can come within the threshold; only there are the two sampled and given the same
//! straight-line test on the same interpolated states and margins as the spatial index of
//! all-vs-all screening applies (stage 2 of the module notes), so the refinement that follows
//! sees the same flagged grid intervals wherever an approach under the threshold can be.
//!
//! Failures are found as all-vs-all finds them (every sample over the whole window) for the
//! assets and for every object the filters do not vouch for: mean elements that fail somewhere
//! in the window, or a model perigee below 300 km, where drag ends element sets within days
//! and stale ones run away. A test checks on the whole bundled catalog that no other object
//! fails within a week.

use rayon::prelude::*;

use super::grid::{self, Candidate};
use super::sample::{self, Object, MU_KM3_S2};
use super::sieve::{self, Track};
use super::{floor_i64, FailureReason, ScreenConfig, ScreenStats};

/// Model perigee radius below which an object is sampled over the whole window to find where
/// it fails, km (6378 km + 300 km).
pub(crate) const AT_RISK_PERIGEE_KM: f64 = 6678.0;

/// What the assets path hands back to the common refinement.
pub(crate) struct Found {
    pub candidates: Vec<Candidate>,
    /// (object, first bad sample time, last good sample time, why), times in s.
    pub failures: Vec<(usize, f64, f64, FailureReason)>,
}

/// One asset's kept pairs (other object, spans) and its filter counts.
type PairSpans = (Vec<(usize, Vec<sieve::Span>)>, SieveStats);

/// Counts of the pair filters, for benchmarks.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SieveStats {
    /// (asset, object) pairs considered.
    pub pairs: u64,
    /// Pairs kept whole because one of the two is not filtered.
    pub unfiltered: u64,
    /// Pairs the radius bands remove.
    pub band_removed: u64,
    /// Pairs the node geometry and timing remove (no span left).
    pub path_timing_removed: u64,
    /// Pairs left with spans, and the total length of their spans, s.
    pub kept: u64,
    pub kept_span_s: f64,
}

/// One object's samples on its own time grid: all of them (assets), or computed on demand.
struct Samples<'a> {
    o: &'a Object,
    m_lo: i64,
    m_hi: i64,
    /// Every sample, when precomputed: the state where it is a plausible one (SGP4
    /// succeeded, bound orbit).
    all: Vec<Option<[f64; 6]>>,
    cache: std::collections::HashMap<i64, Option<[f64; 6]>>,
    propagations: u64,
}

impl<'a> Samples<'a> {
    fn new(o: &'a Object, m_lo: i64, m_hi: i64) -> Samples<'a> {
        Samples {
            o,
            m_lo,
            m_hi,
            all: Vec::new(),
            cache: std::collections::HashMap::new(),
            propagations: 0,
        }
    }

    /// With every sample computed up front.
    fn complete(o: &'a Object, m_lo: i64, m_hi: i64) -> Samples<'a> {
        let all: Vec<Option<[f64; 6]>> = (m_lo..=m_hi).map(|m| sample_at(o, m)).collect();
        Samples {
            o,
            m_lo,
            m_hi,
            propagations: all.len() as u64,
            all,
            cache: std::collections::HashMap::new(),
        }
    }

    fn get(&mut self, m: i64) -> Option<[f64; 6]> {
        if m < self.m_lo || m > self.m_hi {
            return None;
        }
        if !self.all.is_empty() {
            return self.all[(m - self.m_lo) as usize];
        }
        if let Some(s) = self.cache.get(&m) {
            return *s;
        }
        self.propagations += 1;
        let s = sample_at(self.o, m);
        self.cache.insert(m, s);
        s
    }
}

/// Sample `m` of an object's own grid, if SGP4 succeeds there with a bound-orbit state.
fn sample_at(o: &Object, m: i64) -> Option<[f64; 6]> {
    {
        {
            match o.sgp4.propagate(m as f64 * o.h_s / 60.0) {
                Ok((r, v)) => {
                    let radius2 = r[0] * r[0] + r[1] * r[1] + r[2] * r[2];
                    let speed2 = v[0] * v[0] + v[1] * v[1] + v[2] * v[2];
                    let bound = radius2 <= o.radius_limit_km * o.radius_limit_km
                        && speed2 * speed2 * radius2 <= 4.0 * MU_KM3_S2 * MU_KM3_S2;
                    bound.then_some([r[0], r[1], r[2], v[0], v[1], v[2]])
                }
                Err(_) => None,
            }
        }
    }
}

impl Samples<'_> {
    /// Interpolated position, velocity and margin at window time `t_s` (as stage 1 gives them
    /// to the index), or `None` where the object is absent there.
    fn at(
        &mut self,
        t_s: f64,
        base_margin_km: f64,
        hg_s: f64,
    ) -> Option<([f64; 3], [f64; 3], f64)> {
        let mf = floor_i64((t_s - self.o.offset_s) / self.o.h_s);
        let s0 = self.get(mf)?;
        let s1 = self.get(mf + 1)?;
        interpolate(self.o, &s0, &s1, mf, t_s, base_margin_km, hg_s)
    }

    /// As [`Samples::at`], on samples computed up front.
    fn at_ref(
        &self,
        t_s: f64,
        base_margin_km: f64,
        hg_s: f64,
    ) -> Option<([f64; 3], [f64; 3], f64)> {
        let mf = floor_i64((t_s - self.o.offset_s) / self.o.h_s);
        if mf < self.m_lo || mf + 1 > self.m_hi {
            return None;
        }
        let i = (mf - self.m_lo) as usize;
        let s0 = self.all[i]?;
        let s1 = self.all[i + 1]?;
        interpolate(self.o, &s0, &s1, mf, t_s, base_margin_km, hg_s)
    }
}

/// The state stage 1 gives the index at window time `t_s` from samples `mf` and `mf + 1`, with
/// its margin; `None` where the two samples are no trajectory.
fn interpolate(
    o: &Object,
    s0: &[f64; 6],
    s1: &[f64; 6],
    mf: i64,
    t_s: f64,
    base_margin_km: f64,
    hg_s: f64,
) -> Option<([f64; 3], [f64; 3], f64)> {
    let tau = t_s - o.offset_s;
    let moved2 = (s1[0] - s0[0]).powi(2) + (s1[1] - s0[1]).powi(2) + (s1[2] - s0[2]).powi(2);
    let speed2 = (s0[3] * s0[3] + s0[4] * s0[4] + s0[5] * s0[5])
        .max(s1[3] * s1[3] + s1[4] * s1[4] + s1[5] * s1[5]);
    if sample::inconsistent(moved2, speed2, o.h_s) {
        return None;
    }
    let u = (tau - mf as f64 * o.h_s) / o.h_s;
    let (p, v) = sample::hermite(s0, s1, o.h_s, u);
    let margin = base_margin_km + sample::consistency_margin_km(s0, s1, o, hg_s);
    Some((p, v, margin))
}

/// Sample-index range an object may need over the window.
fn sample_range(o: &Object, config: &ScreenConfig) -> (i64, i64) {
    let lo = ((-config.grid_step_s - o.offset_s) / o.h_s).floor() as i64 - 1;
    let hi = ((config.duration_s + config.grid_step_s - o.offset_s) / o.h_s).ceil() as i64 + 1;
    (lo, hi)
}

/// Candidates of every (asset, object) pair in the spans the filters leave, and the failures
/// of the assets and the at-risk objects.
pub(crate) fn candidates(
    objects: &[Object],
    is_asset: &[bool],
    config: &ScreenConfig,
    stats: &mut ScreenStats,
    sieve_stats: &mut SieveStats,
) -> Found {
    let duration = config.duration_s;
    let tracks: Vec<Track> = objects
        .par_iter()
        .map(|o| Track::new(o, duration))
        .collect();

    // Failures: the assets and the objects the filters do not vouch for, sampled as
    // all-vs-all samples them.
    let watched: Vec<usize> = (0..objects.len())
        .filter(|&i| is_asset[i] || !tracks[i].filtered || tracks[i].r_min_km < AT_RISK_PERIGEE_KM)
        .collect();
    let subset: Vec<Object> = watched.iter().map(|&i| objects[i].clone()).collect();
    let plan = sample::Plan::new(&subset, config);
    let none = vec![false; subset.len()];
    let results: Vec<sample::ChunkResult> = plan
        .chunks
        .par_iter()
        .map(|c| plan.run_chunk(&subset, c, config, &none, false, false))
        .collect();
    let mut failures = Vec::new();
    for r in results {
        stats.sample_propagations += r.propagations;
        for (o, bad, good, reason) in r.failures {
            failures.push((watched[o], bad, good, reason));
        }
    }

    // Spans of every pair: each asset against every object (a pair of two assets once).
    let assets: Vec<usize> = (0..objects.len()).filter(|&i| is_asset[i]).collect();
    let per_asset: Vec<PairSpans> = assets
        .par_iter()
        .map(|&a| {
            let mut st = SieveStats::default();
            let mut out = Vec::new();
            for j in 0..objects.len() {
                if j == a || (is_asset[j] && j < a) {
                    continue;
                }
                st.pairs += 1;
                let (ta, tj) = (&tracks[a], &tracks[j]);
                if !(ta.filtered && tj.filtered) {
                    st.unfiltered += 1;
                }
                let spans = sieve::pair_windows(ta, tj, config.threshold_km, duration);
                if spans.is_empty() {
                    let d = config.threshold_km + ta.delta_km + tj.delta_km;
                    if tj.r_min_km - ta.r_max_km > d || ta.r_min_km - tj.r_max_km > d {
                        st.band_removed += 1;
                    } else {
                        st.path_timing_removed += 1;
                    }
                    continue;
                }
                st.kept += 1;
                st.kept_span_s += spans.iter().map(|s| s.1 - s.0).sum::<f64>();
                out.push((j, spans));
            }
            (out, st)
        })
        .collect();

    // Group the spans by object, so that each object's samples are computed once.
    let mut by_object: Vec<Vec<(usize, Vec<sieve::Span>)>> = vec![Vec::new(); objects.len()];
    for (&a, (list, st)) in assets.iter().zip(per_asset) {
        sieve_stats.pairs += st.pairs;
        sieve_stats.unfiltered += st.unfiltered;
        sieve_stats.band_removed += st.band_removed;
        sieve_stats.path_timing_removed += st.path_timing_removed;
        sieve_stats.kept += st.kept;
        sieve_stats.kept_span_s += st.kept_span_s;
        for (j, spans) in list {
            by_object[j].push((a, spans));
        }
    }

    let dt = config.grid_step_s;
    let hg = dt / 2.0;
    let k_last = (duration / dt).ceil() as i64;
    let base: Vec<f64> = objects.iter().map(|o| o.base_margin_km(hg)).collect();
    let threshold = config.threshold_km;
    let asset_samples: Vec<Option<Samples>> = {
        let computed: Vec<(usize, Samples)> = assets
            .par_iter()
            .map(|&a| {
                let (lo, hi) = sample_range(&objects[a], config);
                (a, Samples::complete(&objects[a], lo, hi))
            })
            .collect();
        let mut v: Vec<Option<Samples>> = (0..objects.len()).map(|_| None).collect();
        for (a, s) in computed {
            stats.sample_propagations += s.propagations;
            v[a] = Some(s);
        }
        v
    };
    let evaluated: Vec<(Vec<Candidate>, u64)> = by_object
        .par_iter()
        .enumerate()
        .filter(|(_, l)| !l.is_empty())
        .map(|(j, list)| {
            let (lo, hi) = sample_range(&objects[j], config);
            let mut sj = Samples::new(&objects[j], lo, hi);
            let mut out = Vec::new();
            let mut props = 0u64;
            for (a, spans) in list {
                let sa = asset_samples[*a].as_ref().expect("asset samples");
                let mut last_k = -1i64;
                for &(t0, t1) in spans {
                    // Grid times whose interval [t − hg, t + hg] meets the span.
                    let k0 = (((t0 - hg) / dt).ceil() as i64).max(0).max(last_k + 1);
                    let k1 = (((t1 + hg) / dt).floor() as i64).min(k_last);
                    for k in k0..=k1 {
                        last_k = k;
                        let t = k as f64 * dt;
                        let Some((pa, va, ma)) = sa.at_ref(t, base[*a], hg) else {
                            continue;
                        };
                        let Some((pj, vj, mj)) = sj.at(t, base[j], hg) else {
                            continue;
                        };
                        if grid::straight_line_passes(pa, va, ma, pj, vj, mj, hg, threshold) {
                            out.push(Candidate {
                                a: (*a).min(j) as u32,
                                b: (*a).max(j) as u32,
                                k: k as u32,
                            });
                        }
                    }
                }
            }
            props += sj.propagations;
            (out, props)
        })
        .collect();
    let mut candidates = Vec::new();
    for (c, p) in evaluated {
        candidates.extend(c);
        stats.sample_propagations += p;
    }
    stats.grid_times = (k_last + 1) as u64;
    Found {
        candidates,
        failures,
    }
}
