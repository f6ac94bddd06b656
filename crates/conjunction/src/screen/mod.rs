//! Screening a catalog for close approaches on SGP4 states: all-vs-all or assets-vs-catalog.
//!
//! # The method, and why it misses nothing
//!
//! A close approach is a local minimum of the distance between two SGP4 positions, strictly
//! inside the window, below the threshold `T` (DESIGN.md, `screen`). The screener works in
//! three stages; each keeps every pair/time that could hold such a minimum.
//!
//! 1. **Sampling.** Each object is propagated with the batched SGP4 every `h` seconds of its
//!    own time since epoch (`h` = 120 s for near-circular orbits, less for eccentric ones,
//!    chosen per object so that the interpolation bound below stays under 0.1 km), and its
//!    state at the common grid times `t_k = k·Δt` is the cubic Hermite interpolant of the two
//!    samples around `t_k`. The interpolation error is bounded by `h⁴/384·max|r⁗|` in position
//!    and `√3/216·h³·max|r⁗|` in velocity (the classical Hermite remainder), with
//!    `max|r⁗| ≤ 8·r_p·ω_p⁴` (`ω_p = v_p/r_p` at perigee; exact `r·ω⁴` for a circle, the factor
//!    8 covers eccentric arcs and is checked on the whole bundled catalog by a test).
//! 2. **Spatial index per grid time.** Over `|τ| ≤ Δt/2` around `t_k`, an object's true
//!    position departs from the straight line `p + v·τ` by at most `A·τ²/2` with
//!    `A = 0.012 km/s²` (1.2 × μ/R⊕², above any gravitational acceleration at or above the
//!    Earth's surface, with room for J2 and the SGP4 model's own terms), plus the interpolation
//!    bounds. Two objects can come within `T` in that interval only if the straight-line
//!    relative motion does within `T + mᵢ + mⱼ` (`m` the sum of those margins), which needs
//!    `|Δp| ≤ ρᵢ + ρⱼ` with `ρ = |v|·Δt/2 + m + T/2`. A hash grid with cells of side
//!    `2·max ρ` finds every such pair among the 27 neighbouring cells; each pair then takes the
//!    exact straight-line test. The intervals tile the whole window, so every instant at which
//!    a pair is within `T` lies in a flagged interval.
//! 3. **Refinement.** Flagged intervals of a pair are merged into windows; on each window the
//!    range-rate `ρ̇ = Δr·Δv` is sampled with the exact scalar SGP4 every ≤ 5 s, and every
//!    sign change from − to + is refined to 1 µs (bisection with secant steps). Each root
//!    whose range is below `T`, strictly inside the window, is one close approach; a pair that
//!    meets several times gives one per minimum.
//!
//! **Assets against the catalog** adds pair filters before stages 1 and 2 (`sieve.rs`): from
//! SGP4's own mean elements, with a bound on the periodic terms they leave out, each (asset,
//! object) pair gets the spans of time in which the two can be within the threshold — radius
//! bands (apogee/perigee), then per 12-hour sub-window the orbit planes' mutual nodes, the radii
//! there (orbit path) and the spells in which both objects pass the same node. Only those spans
//! are sampled, and there each pair takes the straight-line test of stage 2 on the same
//! interpolated states and margins (`assets.rs`), so refinement finds the same minima as with
//! every object indexed over the whole window (`ScreenConfig::sieve = false`, which a test
//! compares on real-catalog subsets). Failures are found by sampling the assets and every
//! object the filters do not vouch for over the whole window, as stage 1 does.
//!
//! Traps of real catalogs (DESIGN.md) are met knowingly:
//! - objects that share one identical element set (docked vehicles) are screened once, reported
//!   as a co-located group, and their events with third objects are given for each member;
//! - an SGP4 error, or a radius beyond twice the apogee radius of the mean elements plus
//!   1000 km (stale high-drag element sets run away to 10⁵–10⁸ km with no error code), ends an
//!   object's screening at its last good sample; it is reported, never silently dropped;
//! - SDP4 switches the lunar-solar periodics at 0.2 rad inclination and the position can jump.
//!   A jump shows as a mismatch between the Hermite interpolant's acceleration at the samples
//!   and gravity; where it exceeds what smooth motion gives, the interval's margin grows by a
//!   bound on the jump, so no approach is lost across it; deep-space objects within 0.05 rad of
//!   the switch carry 1 km more margin for jumps too small to detect.

pub mod assess;
mod assets;
mod grid;
mod refine;
mod sample;
mod sieve;

use rayon::prelude::*;
use uitkijk_formats::ElementSet;
use uitkijk_propagate::{Sgp4, Sgp4Error};
use uitkijk_time::{Duration, Epoch};

pub use assets::SieveStats;
pub use refine::Encounter;

/// What to screen and how.
#[derive(Debug, Clone)]
pub struct ScreenConfig {
    /// Start of the window.
    pub start: Epoch,
    /// Length of the window, in seconds.
    pub duration_s: f64,
    /// Largest miss distance reported, in km.
    pub threshold_km: f64,
    /// Step of the spatial-index grid, in seconds (see the module notes); 30 s by default.
    pub grid_step_s: f64,
    /// Indices (into the element sets given to [`screen`]) of the assets; `None` screens all
    /// against all.
    pub assets: Option<Vec<usize>>,
    /// With assets: screen only where the pair filters leave time. Off by default until it
    /// meets its speed target and reports failures exactly as the full path does (see
    /// `sieve.rs`); off, every object is sampled and indexed over the whole window.
    pub sieve: bool,
}

impl ScreenConfig {
    /// All-vs-all over `duration_s` from `start`, with the default grid step.
    pub fn new(start: Epoch, duration_s: f64, threshold_km: f64) -> ScreenConfig {
        ScreenConfig {
            start,
            duration_s,
            threshold_km,
            grid_step_s: 30.0,
            assets: None,
            sieve: false,
        }
    }
}

/// Why a configuration cannot be screened.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ScreenError {
    #[error("the window length must be a positive number of seconds, got {0}")]
    Duration(f64),
    #[error("the threshold must be a positive number of km, got {0}")]
    Threshold(f64),
    #[error("the grid step must be a positive number of seconds, got {0}")]
    GridStep(f64),
    #[error("asset index {0} is not one of the {1} element sets")]
    Asset(usize, usize),
}

/// One close approach between two element sets (indices into the slice given to [`screen`]).
#[derive(Debug, Clone, PartialEq)]
pub struct CloseApproach {
    /// Index of the primary (the asset, or the lower catalog number).
    pub primary: usize,
    /// Index of the secondary.
    pub secondary: usize,
    /// Time of closest approach.
    pub tca: Epoch,
    /// The geometry at TCA (TEME states, miss, relative speed, RIC).
    pub encounter: Encounter,
}

/// Why an object's screening ended early.
#[derive(Debug, Clone, PartialEq)]
pub enum FailureReason {
    /// SGP4 refused the element set (at initialisation) or failed at a time.
    Sgp4(Sgp4Error),
    /// The SGP4 state left what a bound orbit can be: a radius past twice the apogee of the
    /// mean elements plus 1000 km, or a speed above the local escape speed (stale high-drag
    /// element sets run away so, with no SGP4 error code).
    Implausible {
        radius_km: f64,
        radius_limit_km: f64,
        speed_km_s: f64,
        escape_speed_km_s: f64,
    },
    /// Consecutive SGP4 samples further apart than the object's speed can carry it: the
    /// element set has decayed past what the theory can follow (very low, high-drag orbits)
    /// and the positions are no longer a trajectory.
    Inconsistent {
        moved_km: f64,
        speed_km_s: f64,
        step_s: f64,
    },
}

impl std::fmt::Display for FailureReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FailureReason::Sgp4(e) => write!(f, "SGP4 {} ({})", e.name(), e),
            FailureReason::Implausible {
                radius_km,
                radius_limit_km,
                speed_km_s,
                escape_speed_km_s,
            } => write!(
                f,
                "SGP4 state implausible for a bound orbit (radius {radius_km:.0} km, limit {radius_limit_km:.0} km; speed {speed_km_s:.2} km/s, escape {escape_speed_km_s:.2} km/s): stale element set running away"
            ),
            FailureReason::Inconsistent {
                moved_km,
                speed_km_s,
                step_s,
            } => write!(
                f,
                "SGP4 positions {moved_km:.0} km apart in {step_s} s at a speed of {speed_km_s:.2} km/s: no longer a trajectory (decaying element set)"
            ),
        }
    }
}

/// An object screened only up to some time.
#[derive(Debug, Clone, PartialEq)]
pub struct ScreenFailure {
    /// Index of the element set.
    pub object: usize,
    /// First sample time at which it failed (the window start when it could not be
    /// initialised).
    pub at: Epoch,
    /// Screened up to this time (the last good sample; the window start when none).
    pub screened_until: Epoch,
    pub reason: FailureReason,
}

/// Everything a screening run found.
#[derive(Debug, Clone, Default)]
pub struct ScreenOutcome {
    /// Close approaches, sorted by TCA, then primary and secondary catalog number.
    pub events: Vec<CloseApproach>,
    /// Objects screened only partly or not at all.
    pub failures: Vec<ScreenFailure>,
    /// Groups of element sets that are identical but for their identity (docked vehicles):
    /// indices, lowest catalog number first.
    pub colocated: Vec<Vec<usize>>,
    /// Work done, for benchmarks and the summary line.
    pub stats: ScreenStats,
}

/// Counts of the work done.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ScreenStats {
    /// Objects screened (one per co-located group).
    pub objects: usize,
    /// SGP4 propagations on the sampling grid.
    pub sample_propagations: u64,
    /// Grid times.
    pub grid_times: u64,
    /// Pair-interval candidates that passed the straight-line test.
    pub candidates: u64,
    /// Refinement windows.
    pub windows: u64,
    /// Scalar SGP4 evaluations in refinement.
    pub refine_propagations: u64,
    /// What the pair filters of assets screening removed (zero otherwise).
    pub sieve: SieveStats,
}

/// Progress reports: called with (done, total) units of work from any thread.
pub type Progress<'a> = &'a (dyn Fn(u64, u64) + Sync);

/// Screens `sets` over the configured window. Element sets that SGP4 refuses are reported in
/// `failures`; everything else is screened as the module notes describe.
pub fn screen(
    sets: &[ElementSet],
    config: &ScreenConfig,
    progress: Progress<'_>,
) -> Result<ScreenOutcome, ScreenError> {
    if !(config.duration_s > 0.0 && config.duration_s.is_finite()) {
        return Err(ScreenError::Duration(config.duration_s));
    }
    if !(config.threshold_km > 0.0 && config.threshold_km.is_finite()) {
        return Err(ScreenError::Threshold(config.threshold_km));
    }
    if !(config.grid_step_s > 0.0 && config.grid_step_s.is_finite()) {
        return Err(ScreenError::GridStep(config.grid_step_s));
    }
    if let Some(assets) = &config.assets {
        if let Some(&bad) = assets.iter().find(|&&a| a >= sets.len()) {
            return Err(ScreenError::Asset(bad, sets.len()));
        }
    }
    let mut outcome = ScreenOutcome::default();

    // Co-located groups: screen one representative of each.
    let groups = colocated_groups(sets);
    let mut representative_of: Vec<usize> = (0..sets.len()).collect();
    let mut members_of: Vec<Vec<usize>> = (0..sets.len()).map(|i| vec![i]).collect();
    for g in &groups {
        for &m in &g[1..] {
            representative_of[m] = g[0];
            members_of[m].clear();
        }
        members_of[g[0]] = g.clone();
    }
    outcome.colocated = groups;

    // Initialise SGP4 for each representative.
    let mut objects: Vec<sample::Object> = Vec::new();
    for (i, set) in sets.iter().enumerate() {
        if representative_of[i] != i {
            continue;
        }
        match Sgp4::new(set) {
            Ok(sgp4) => objects.push(sample::Object::new(i, set, sgp4, config.start)),
            Err(e) => {
                for &m in &members_of[i] {
                    outcome.failures.push(ScreenFailure {
                        object: m,
                        at: config.start,
                        screened_until: config.start,
                        reason: FailureReason::Sgp4(e),
                    });
                }
            }
        }
    }
    let is_asset: Vec<bool> = match &config.assets {
        None => vec![true; objects.len()],
        Some(assets) => {
            let mut flag = vec![false; sets.len()];
            for &a in assets {
                flag[representative_of[a]] = true;
            }
            objects.iter().map(|o| flag[o.index]).collect()
        }
    };
    let all_vs_all = config.assets.is_none();
    outcome.stats.objects = objects.len();

    // Stages 1 and 2: chunk by chunk of grid times over every object, or with assets only
    // where the pair filters leave time.
    let mut first_bad: Vec<Option<(f64, f64, FailureReason)>> = vec![None; objects.len()];
    let mut candidates: Vec<grid::Candidate> = Vec::new();
    let mut failures_found: Vec<(usize, f64, f64, FailureReason)> = Vec::new();
    let total: u64 = 4;
    if config.assets.is_some() && config.sieve {
        let mut sieve_stats = SieveStats::default();
        let found = assets::candidates(
            &objects,
            &is_asset,
            config,
            &mut outcome.stats,
            &mut sieve_stats,
        );
        outcome.stats.sieve = sieve_stats;
        candidates = found.candidates;
        failures_found = found.failures;
        progress(total, total + total / 4);
    } else {
        let plan = sample::Plan::new(&objects, config);
        let total = plan.chunks.len() as u64;
        let done = std::sync::atomic::AtomicU64::new(0);
        let chunk_results: Vec<sample::ChunkResult> = plan
            .chunks
            .par_iter()
            .with_max_len(1)
            .map(|chunk| {
                let r = plan.run_chunk(&objects, chunk, config, &is_asset, all_vs_all, true);
                let d = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
                progress(d, total + total / 4);
                r
            })
            .collect();
        for r in chunk_results {
            outcome.stats.sample_propagations += r.propagations;
            outcome.stats.grid_times += r.grid_times;
            failures_found.extend(r.failures);
            candidates.extend(r.candidates);
        }
    }
    // Failures: the first bad sample of each object over the whole window.
    for (o, t_bad_s, t_good_s, reason) in failures_found {
        let slot = &mut first_bad[o];
        if slot.as_ref().is_none_or(|s| t_bad_s < s.0) {
            *slot = Some((t_bad_s, t_good_s, reason));
        }
    }
    outcome.stats.candidates = candidates.len() as u64;
    let until_s: Vec<f64> = first_bad
        .iter()
        .map(|f| f.as_ref().map_or(f64::INFINITY, |f| f.1))
        .collect();
    for (o, f) in first_bad.iter().enumerate() {
        if let Some((bad_s, good_s, reason)) = f {
            for &m in &members_of[objects[o].index] {
                outcome.failures.push(ScreenFailure {
                    object: m,
                    at: config.start + Duration::from_seconds(*bad_s),
                    screened_until: config.start + Duration::from_seconds(good_s.max(0.0)),
                    reason: reason.clone(),
                });
            }
        }
    }

    // Stage 3: windows and refinement.
    let windows = refine::windows(candidates, config, &until_s);
    outcome.stats.windows = windows.len() as u64;
    let found: Vec<(Vec<refine::Minimum>, u64)> = windows
        .par_iter()
        .map(|w| refine::minima(&objects[w.a], &objects[w.b], w, config))
        .collect();
    progress(1, 1);

    for (w, (minima, evaluations)) in windows.iter().zip(found) {
        outcome.stats.refine_propagations += evaluations;
        for m in minima {
            let (ia, ib) = (objects[w.a].index, objects[w.b].index);
            for &ma in &members_of[ia] {
                for &mb in &members_of[ib] {
                    let a_asset = config.assets.as_ref().is_none_or(|a| a.contains(&ma));
                    let b_asset = config.assets.as_ref().is_none_or(|a| a.contains(&mb));
                    if !(a_asset || b_asset) {
                        continue;
                    }
                    // Primary: the asset; among equals, the lower catalog number.
                    let a_first = match (a_asset, b_asset) {
                        (true, false) => true,
                        (false, true) => false,
                        _ => (sets[ma].norad_id, ma) < (sets[mb].norad_id, mb),
                    };
                    let (p, s, enc) = if a_first {
                        (ma, mb, m.encounter.clone())
                    } else {
                        (mb, ma, m.encounter.swapped())
                    };
                    outcome.events.push(CloseApproach {
                        primary: p,
                        secondary: s,
                        tca: config.start + Duration::from_seconds(m.t_s),
                        encounter: enc,
                    });
                }
            }
        }
    }
    outcome.events.sort_by(|x, y| {
        x.tca
            .cmp(&y.tca)
            .then(sets[x.primary].norad_id.cmp(&sets[y.primary].norad_id))
            .then(sets[x.secondary].norad_id.cmp(&sets[y.secondary].norad_id))
            .then(x.primary.cmp(&y.primary))
            .then(x.secondary.cmp(&y.secondary))
    });
    outcome.failures.sort_by(|x, y| {
        sets[x.object]
            .norad_id
            .cmp(&sets[y.object].norad_id)
            .then(x.object.cmp(&y.object))
    });
    Ok(outcome)
}

/// `x.floor()` as an integer, without the libm call the baseline x86-64 target makes of it
/// (no SSE4.1): both hot loops of the screening take one per object and grid time.
#[inline(always)]
pub(crate) fn floor_i64(x: f64) -> i64 {
    let t = x as i64;
    if (t as f64) > x {
        t - 1
    } else {
        t
    }
}

/// Groups of element sets whose orbital elements are identical (same epoch, elements and drag
/// terms) but for their identity: docked vehicles carried on one element set. Each group is
/// sorted by catalog number; singletons are left out.
pub fn colocated_groups(sets: &[ElementSet]) -> Vec<Vec<usize>> {
    let key = |s: &ElementSet| {
        (
            s.epoch,
            [
                s.mean_motion_rev_day.to_bits(),
                s.eccentricity.to_bits(),
                s.inclination_deg.to_bits(),
                s.raan_deg.to_bits(),
                s.arg_perigee_deg.to_bits(),
                s.mean_anomaly_deg.to_bits(),
                s.mean_motion_dot_rev_day2.to_bits(),
                s.mean_motion_ddot_rev_day3.to_bits(),
                s.bstar_per_er.to_bits(),
            ],
        )
    };
    let mut order: Vec<usize> = (0..sets.len()).collect();
    order.sort_by(|&a, &b| {
        let (ka, kb) = (key(&sets[a]), key(&sets[b]));
        ka.0.cmp(&kb.0)
            .then(ka.1.cmp(&kb.1))
            .then(sets[a].norad_id.cmp(&sets[b].norad_id))
            .then(a.cmp(&b))
    });
    let mut groups = Vec::new();
    let mut i = 0;
    while i < order.len() {
        let mut j = i + 1;
        while j < order.len() && key(&sets[order[j]]) == key(&sets[order[i]]) {
            j += 1;
        }
        // The same catalog number twice is one object's duplicate, not a docked group.
        let mut g: Vec<usize> = order[i..j].to_vec();
        g.dedup_by_key(|&mut k| sets[k].norad_id);
        if g.len() > 1 {
            groups.push(g);
        }
        i = j;
    }
    groups.sort_by_key(|g| sets[g[0]].norad_id);
    groups
}
