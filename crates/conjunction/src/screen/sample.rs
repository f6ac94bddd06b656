//! Stage 1: batched SGP4 samples on each object's own time grid, interpolated to the common
//! grid times, with the error bounds the spatial index needs.

use super::grid::{self, Candidate, StepStates};
use super::{floor_i64, FailureReason, ScreenConfig};
use uitkijk_formats::ElementSet;
use uitkijk_propagate::{Sgp4, Sgp4Batch};
use uitkijk_time::Epoch;

/// WGS-72 gravitational parameter, km³/s², as SGP4 uses.
pub(crate) const MU_KM3_S2: f64 = 398_600.8;
/// Bound on the acceleration of any SGP4 trajectory at or above the Earth's surface, km/s²:
/// 1.2 × μ/R⊕² (R⊕ = 6378.135 km gives 0.0098 km/s²), the 20 % covering J2 and the model's
/// own terms.
pub(crate) const ACCEL_BOUND_KM_S2: f64 = 0.012;
/// Largest own-sample step, s. Near-circular LEO at 120 s interpolates within ~10 m.
const MAX_SAMPLE_STEP_S: f64 = 120.0;
/// Smallest own-sample step, s (highly eccentric orbits with a low perigee).
const MIN_SAMPLE_STEP_S: f64 = 7.5;
/// The interpolation bound (position, plus velocity over half a grid step) a sample step is
/// chosen to meet, km.
const INTERPOLATION_TARGET_KM: f64 = 0.1;
/// Objects whose epochs lie within this many seconds share one batch (one time grid).
const EPOCH_GROUP_S: f64 = 600.0;
/// Grid times per chunk of work: about an hour at the default step.
const CHUNK_S: f64 = 3600.0;
/// The SDP4 switch of the lunar-solar periodics (Lyddane form below it), rad.
const LYDDANE_SWITCH_RAD: f64 = 0.2;
/// Extra margin for deep-space objects whose inclination can cross the switch, km: covers
/// jumps too small to show in the acceleration check.
const SWITCH_MARGIN_KM: f64 = 1.0;
/// Margin for every object, km: SGP4's drag polynomial (t²…t⁴ terms, large for decaying
/// high-drag element sets days past epoch) is not Keplerian motion, and its interpolation can
/// leave tens of metres beyond the Keplerian bound (the catalog-wide test shows the margin).
const INTERPOLATION_FLOOR_KM: f64 = 0.05;
/// Margin for every deep-space object, km: the resonance integrator's Taylor step switches
/// every 720 min, a discontinuity of metres.
const DEEP_SPACE_MARGIN_KM: f64 = 0.05;

/// One screened object.
#[derive(Debug, Clone)]
pub(crate) struct Object {
    /// Index of its element set.
    pub index: usize,
    pub sgp4: Sgp4,
    /// Element epoch minus window start, s.
    pub offset_s: f64,
    /// Own-sample step, s.
    pub h_s: f64,
    /// Bound on |r⁗|, km/s⁴.
    pub d4_bound: f64,
    /// Radius beyond which the SGP4 state is taken as running away, km.
    pub radius_limit_km: f64,
    pub deep_space: bool,
    /// Deep space with an inclination near the 0.2 rad switch.
    pub near_switch: bool,
}

impl Object {
    pub fn new(index: usize, set: &ElementSet, sgp4: Sgp4, start: Epoch) -> Object {
        let n_rad_s = set.mean_motion_rev_day * std::f64::consts::TAU / 86_400.0;
        let e = set.eccentricity.clamp(0.0, 0.999);
        let a_km = (MU_KM3_S2 / (n_rad_s * n_rad_s)).cbrt();
        // Perigee, lowered for decay within the window and floored at the surface (SGP4
        // stops below it).
        let rp_km = (a_km * (1.0 - e) - 50.0).max(6_378.0);
        let vp2 = (MU_KM3_S2 * (2.0 / rp_km - 1.0 / a_km.max(rp_km))).max(MU_KM3_S2 / rp_km);
        let omega_p = vp2.sqrt() / rp_km;
        // 8·r_p·ω_p⁴, grown by (1 + e)⁴ for the sharper turn of an eccentric perigee (the
        // catalog-wide test shows the margin left).
        let d4_bound = 8.0 * rp_km * omega_p.powi(4) * (1.0 + e).powi(4);
        let mut h_s = MAX_SAMPLE_STEP_S;
        while h_s > MIN_SAMPLE_STEP_S
            && interpolation_bound_km(d4_bound, h_s, h_s / 2.0) > INTERPOLATION_TARGET_KM
        {
            h_s /= 2.0;
        }
        let inclination_rad = set.inclination_deg.to_radians();
        let deep_space = sgp4.is_deep_space();
        Object {
            index,
            offset_s: (sgp4.epoch() - start).to_seconds(),
            sgp4,
            h_s,
            d4_bound,
            radius_limit_km: 2.0 * a_km * (1.0 + e) + 1_000.0,
            deep_space,
            near_switch: deep_space && (inclination_rad - LYDDANE_SWITCH_RAD).abs() < 0.05,
        }
    }

    /// Margin of this object's straight-line motion over half a grid step `hg_s`, km, for
    /// smooth motion.
    pub fn base_margin_km(&self, hg_s: f64) -> f64 {
        let mut m = interpolation_bound_km(self.d4_bound, self.h_s, hg_s)
            + INTERPOLATION_FLOOR_KM
            + 0.5 * ACCEL_BOUND_KM_S2 * hg_s * hg_s;
        if self.deep_space {
            m += DEEP_SPACE_MARGIN_KM;
        }
        if self.near_switch {
            m += SWITCH_MARGIN_KM;
        }
        m
    }
}

/// Cubic Hermite bounds: position h⁴/384·M₄, velocity √3/216·h³·M₄ carried over `hg_s`.
fn interpolation_bound_km(d4: f64, h_s: f64, hg_s: f64) -> f64 {
    let h3 = h_s * h_s * h_s;
    d4 * h3 * h_s / 384.0 + d4 * h3 * (3f64.sqrt() / 216.0) * hg_s
}

/// Objects that share a time grid.
struct Group {
    members: Vec<usize>,
    h_s: f64,
    offset_min_s: f64,
    offset_max_s: f64,
    batch: Sgp4Batch,
}

/// A run of grid times `[k0, k1)`.
pub(crate) struct Chunk {
    k0: u64,
    k1: u64,
}

/// The sampling plan of a screening.
pub(crate) struct Plan {
    groups: Vec<Group>,
    pub chunks: Vec<Chunk>,
    dt_s: f64,
}

/// What a chunk found.
pub(crate) struct ChunkResult {
    pub candidates: Vec<Candidate>,
    /// (object, first bad sample time, last good sample time before it, why), times in s.
    pub failures: Vec<(usize, f64, f64, FailureReason)>,
    pub propagations: u64,
    pub grid_times: u64,
}

/// One object's samples in a chunk.
struct Samples {
    m_lo: i64,
    states: Vec<[f64; 6]>,
    ok: Vec<bool>,
}

impl Plan {
    pub fn new(objects: &[Object], config: &ScreenConfig) -> Plan {
        let mut order: Vec<usize> = (0..objects.len()).collect();
        order.sort_by(|&a, &b| {
            objects[b]
                .h_s
                .total_cmp(&objects[a].h_s)
                .then(objects[a].offset_s.total_cmp(&objects[b].offset_s))
        });
        let mut groups = Vec::new();
        let mut i = 0;
        while i < order.len() {
            let first = &objects[order[i]];
            let mut j = i + 1;
            while j < order.len()
                && objects[order[j]].h_s == first.h_s
                && objects[order[j]].offset_s - first.offset_s <= EPOCH_GROUP_S
            {
                j += 1;
            }
            let members: Vec<usize> = order[i..j].to_vec();
            let sgp4: Vec<Sgp4> = members.iter().map(|&m| objects[m].sgp4.clone()).collect();
            groups.push(Group {
                h_s: first.h_s,
                offset_min_s: first.offset_s,
                offset_max_s: objects[order[j - 1]].offset_s,
                batch: Sgp4Batch::new(&sgp4),
                members,
            });
            i = j;
        }
        let dt_s = config.grid_step_s;
        let k_last = (config.duration_s / dt_s).ceil() as u64;
        let per_chunk = ((CHUNK_S / dt_s).round() as u64).max(1);
        let chunks = (0..=k_last)
            .step_by(per_chunk as usize)
            .map(|k0| Chunk {
                k0,
                k1: (k0 + per_chunk).min(k_last + 1),
            })
            .collect();
        Plan {
            groups,
            chunks,
            dt_s,
        }
    }

    /// Samples every object over the chunk and runs the spatial index at each grid time.
    pub fn run_chunk(
        &self,
        objects: &[Object],
        chunk: &Chunk,
        config: &ScreenConfig,
        is_asset: &[bool],
        all_vs_all: bool,
        index: bool,
    ) -> ChunkResult {
        let t_first = chunk.k0 as f64 * self.dt_s;
        let t_last = (chunk.k1 - 1) as f64 * self.dt_s;
        let mut samples: Vec<Option<Samples>> = (0..objects.len()).map(|_| None).collect();
        let mut failures = Vec::new();
        let mut propagations = 0u64;
        for g in &self.groups {
            let h = g.h_s;
            let m_lo = ((t_first - g.offset_max_s) / h).floor() as i64 - 1;
            let m_hi = ((t_last - g.offset_min_s) / h).ceil() as i64 + 1;
            let tsince_min: Vec<f64> = (m_lo..=m_hi).map(|m| m as f64 * h / 60.0).collect();
            propagations += (tsince_min.len() * g.members.len()) as u64;
            let rows = g.batch.map_objects(&tsince_min, |local, row| {
                let o = &objects[g.members[local]];
                let mut states = Vec::with_capacity(row.len());
                let mut ok = Vec::with_capacity(row.len());
                let mut failure = None;
                for (m, p) in (m_lo..).zip(row) {
                    let good = match p {
                        Ok((r, v)) => {
                            // Squares only: this runs for every sample (a square root per
                            // test was a measurable share of the sampling).
                            let radius2 = r[0] * r[0] + r[1] * r[1] + r[2] * r[2];
                            let speed2 = v[0] * v[0] + v[1] * v[1] + v[2] * v[2];
                            states.push([r[0], r[1], r[2], v[0], v[1], v[2]]);
                            // v² ≤ 2μ/r  ⇔  v⁴·r² ≤ 4μ².
                            let bound = radius2 <= o.radius_limit_km * o.radius_limit_km
                                && speed2 * speed2 * radius2 <= 4.0 * MU_KM3_S2 * MU_KM3_S2;
                            if bound {
                                true
                            } else {
                                if failure.is_none() {
                                    let radius = radius2.sqrt();
                                    failure = Some((
                                        m,
                                        FailureReason::Implausible {
                                            radius_km: radius,
                                            radius_limit_km: o.radius_limit_km,
                                            speed_km_s: speed2.sqrt(),
                                            escape_speed_km_s: (2.0 * MU_KM3_S2 / radius).sqrt(),
                                        },
                                    ));
                                }
                                false
                            }
                        }
                        Err(e) => {
                            states.push([0.0; 6]);
                            if failure.is_none() {
                                failure = Some((m, FailureReason::Sgp4(*e)));
                            }
                            false
                        }
                    };
                    // A trajectory cannot move further between samples than its speed carries it.
                    let last = states.len() - 1;
                    if good && last > 0 && ok[last - 1] {
                        let (a, b) = (&states[last - 1], &states[last]);
                        let moved2 =
                            (b[0] - a[0]).powi(2) + (b[1] - a[1]).powi(2) + (b[2] - a[2]).powi(2);
                        let speed2 = (a[3] * a[3] + a[4] * a[4] + a[5] * a[5])
                            .max(b[3] * b[3] + b[4] * b[4] + b[5] * b[5]);
                        if inconsistent(moved2, speed2, h) {
                            if failure.is_none() {
                                failure = Some((
                                    m,
                                    FailureReason::Inconsistent {
                                        moved_km: moved2.sqrt(),
                                        speed_km_s: speed2.sqrt(),
                                        step_s: h,
                                    },
                                ));
                            }
                            ok.push(false);
                            continue;
                        }
                    }
                    ok.push(good);
                }
                (Samples { m_lo, states, ok }, failure)
            });
            for (local, (s, failure)) in rows.into_iter().enumerate() {
                let o = g.members[local];
                if let Some((m, reason)) = failure {
                    let t_bad = objects[o].offset_s + m as f64 * h;
                    // Samples more than a step before the window serve no grid time.
                    if t_bad > -h {
                        failures.push((o, t_bad, t_bad - h, reason));
                    }
                }
                samples[o] = Some(s);
            }
        }

        if !index {
            return ChunkResult {
                candidates: Vec::new(),
                failures,
                propagations,
                grid_times: chunk.k1 - chunk.k0,
            };
        }
        let hg = self.dt_s / 2.0;
        let base_margin: Vec<f64> = objects.iter().map(|o| o.base_margin_km(hg)).collect();
        // Interpolate object by object over a run of grid times (each object's samples are
        // read in sequence), then index each grid time.
        const RUN: u64 = 24;
        let mut steps: Vec<StepStates> = (0..RUN)
            .map(|_| StepStates::with_capacity(objects.len()))
            .collect();
        let mut scratch = grid::Scratch::default();
        let mut candidates = Vec::new();
        let mut k_run = chunk.k0;
        while k_run < chunk.k1 {
            let k_end = (k_run + RUN).min(chunk.k1);
            for st in steps.iter_mut() {
                st.clear();
            }
            for (i, o) in objects.iter().enumerate() {
                let Some(s) = &samples[i] else { continue };
                // The margin belongs to the sample interval: computed once per interval.
                let mut interval_margin: Option<(usize, f64)> = None;
                for k in k_run..k_end {
                    let t = k as f64 * self.dt_s;
                    let tau = t - o.offset_s;
                    let mf = floor_i64(tau / o.h_s) as f64;
                    let idx = mf as i64 - s.m_lo;
                    if idx < 0 || idx as usize + 1 >= s.states.len() {
                        continue;
                    }
                    let idx = idx as usize;
                    if !(s.ok[idx] && s.ok[idx + 1]) {
                        continue;
                    }
                    let u = (tau - mf * o.h_s) / o.h_s;
                    let (p, v) = hermite(&s.states[idx], &s.states[idx + 1], o.h_s, u);
                    let extra = match interval_margin {
                        Some((at, m)) if at == idx => m,
                        _ => {
                            let m =
                                consistency_margin_km(&s.states[idx], &s.states[idx + 1], o, hg);
                            interval_margin = Some((idx, m));
                            m
                        }
                    };
                    let margin = base_margin[i] + extra;
                    steps[(k - k_run) as usize].push(i, p, v, margin);
                }
            }
            for k in k_run..k_end {
                grid::candidates(
                    &steps[(k - k_run) as usize],
                    k as u32,
                    hg,
                    config.threshold_km,
                    is_asset,
                    all_vs_all,
                    &mut scratch,
                    &mut candidates,
                );
            }
            k_run = k_end;
        }
        ChunkResult {
            candidates,
            failures,
            propagations,
            grid_times: chunk.k1 - chunk.k0,
        }
    }
}

/// Whether two samples `h_s` apart moved further (squared: `moved2`, km²) than 1.2 times the
/// larger speed (squared: `speed2`) carries an object, with 1 km of slack: no trajectory does.
#[inline]
pub(crate) fn inconsistent(moved2: f64, speed2: f64, h_s: f64) -> bool {
    moved2 > 1.44 * speed2 * h_s * h_s + 1.0
}

/// Cubic Hermite interpolation between two samples `h_s` apart, at fraction `u`.
#[inline]
pub(crate) fn hermite(s0: &[f64; 6], s1: &[f64; 6], h_s: f64, u: f64) -> ([f64; 3], [f64; 3]) {
    let u2 = u * u;
    let u3 = u2 * u;
    let h00 = 2.0 * u3 - 3.0 * u2 + 1.0;
    let h10 = (u3 - 2.0 * u2 + u) * h_s;
    let h01 = -2.0 * u3 + 3.0 * u2;
    let h11 = (u3 - u2) * h_s;
    let d00 = (6.0 * u2 - 6.0 * u) / h_s;
    let d10 = 3.0 * u2 - 4.0 * u + 1.0;
    let d11 = 3.0 * u2 - 2.0 * u;
    let mut p = [0.0; 3];
    let mut v = [0.0; 3];
    for c in 0..3 {
        p[c] = h00 * s0[c] + h10 * s0[c + 3] + h01 * s1[c] + h11 * s1[c + 3];
        v[c] = d00 * (s0[c] - s1[c]) + d10 * s0[c + 3] + d11 * s1[c + 3];
    }
    (p, v)
}

/// Extra margin for one sample interval where the samples are not what smooth motion with
/// consistent velocities gives, km; zero (nearly) where they are.
///
/// - SGP4's velocity is not exactly the rate of its position: SDP4 leaves out the rate of the
///   lunar-solar terms (up to m/s for orbits far out), SGP4 some short-period rates (cm/s).
///   The mismatch shows as the chord velocity (p₁ − p₀)/h against the mean of the two
///   velocities, `D` (smooth motion leaves h²·|r⁗|·h/12, far below). Velocity errors δv move
///   the Hermite interpolant by at most 2·(4/27)·h·δv and the straight line by δv·hg.
/// - Deep space: the Hermite cubic's acceleration at each end is compared with gravity there.
///   Smooth motion keeps the difference under J2 (≤ 5e-5 km/s² at the surface) plus the
///   Hermite second-derivative error (≤ h²·M₄/12). A position jump Δ inside the interval (an
///   SDP4 branch switch) adds about 6Δ/h², a velocity jump δv about 2δv/h; so a mismatch
///   above the smooth bound means a jump of at most D·h²/4 in position (and the δv·h/2 it
///   carries over a grid half step ≤ h/2).
pub(crate) fn consistency_margin_km(s0: &[f64; 6], s1: &[f64; 6], o: &Object, hg_s: f64) -> f64 {
    let h = o.h_s;
    let mut chord2 = 0.0;
    for c in 0..3 {
        let d = (s1[c] - s0[c]) / h - 0.5 * (s0[c + 3] + s1[c + 3]);
        chord2 += d * d;
    }
    let mut margin = 2.0 * chord2.sqrt() * (0.3 * h + hg_s);
    if !o.deep_space {
        return margin;
    }
    let smooth = 5e-5 + h * h * o.d4_bound / 12.0;
    let mut worst: f64 = 0.0;
    for (end, s) in [(0, s0), (1, s1)] {
        let r = (s[0] * s[0] + s[1] * s[1] + s[2] * s[2]).sqrt();
        let g = -MU_KM3_S2 / (r * r * r);
        let mut d2 = 0.0;
        for c in 0..3 {
            let dp = s1[c] - s0[c];
            let acc = if end == 0 {
                6.0 * dp / (h * h) - (4.0 * s0[c + 3] + 2.0 * s1[c + 3]) / h
            } else {
                -6.0 * dp / (h * h) + (2.0 * s0[c + 3] + 4.0 * s1[c + 3]) / h
            };
            let diff = acc - g * s[c];
            d2 += diff * diff;
        }
        worst = worst.max(d2.sqrt());
    }
    if worst > smooth {
        margin += worst * h * h / 4.0 + 0.5;
    }
    margin
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;
    use uitkijk_catalog::Catalog;

    /// The bounds the spatial index rests on, checked on every object of the bundled catalog
    /// (2022-01, ~24k objects) at times spread over a week: the Hermite interpolation error
    /// stays under its bound (position, and velocity over half a grid step), and the straight
    /// line from a state departs from the trajectory by less than A·τ²/2.
    #[test]
    fn interpolation_and_straight_line_bounds_hold_on_the_whole_catalog() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../data/catalog/full_catalog_3le_2022-01-22_ODAP.txt.gz"
        );
        let mut text = String::new();
        flate2::read::GzDecoder::new(std::fs::File::open(path).unwrap())
            .read_to_string(&mut text)
            .unwrap();
        let catalog = Catalog::from_sets(uitkijk_formats::tle::read(&text).sets);
        let start = catalog.newest_epoch().unwrap();
        let hg = 15.0;
        let (mut checked, mut worst_ratio, mut worst_line) = (0usize, 0.0f64, 0.0f64);
        for (n, set) in catalog.latest_all().enumerate() {
            let Ok(sgp4) = Sgp4::new(set) else { continue };
            let o = Object::new(n, set, sgp4, start);
            let bound = interpolation_bound_km(o.d4_bound, o.h_s, hg);
            for k in 0..8 {
                // Spread over the week, different phase per object.
                let t0 = k as f64 * 75_600.0 + (n % 97) as f64 * 13.0;
                let tau0 = ((t0 - o.offset_s) / o.h_s).floor() * o.h_s;
                let at = |tau: f64| o.sgp4.propagate(tau / 60.0).ok();
                let (Some(a), Some(b)) = (at(tau0), at(tau0 + o.h_s)) else {
                    continue;
                };
                let s0 = [a.0[0], a.0[1], a.0[2], a.1[0], a.1[1], a.1[2]];
                let s1 = [b.0[0], b.0[1], b.0[2], b.1[0], b.1[1], b.1[2]];
                let ok = |s: &[f64; 6]| {
                    let r = (s[0] * s[0] + s[1] * s[1] + s[2] * s[2]).sqrt();
                    let v2 = s[3] * s[3] + s[4] * s[4] + s[5] * s[5];
                    r <= o.radius_limit_km && v2 <= 2.0 * MU_KM3_S2 / r
                };
                if !(ok(&s0) && ok(&s1)) || o.near_switch {
                    continue;
                }
                let moved2 =
                    (s1[0] - s0[0]).powi(2) + (s1[1] - s0[1]).powi(2) + (s1[2] - s0[2]).powi(2);
                let speed2 = (s0[3] * s0[3] + s0[4] * s0[4] + s0[5] * s0[5])
                    .max(s1[3] * s1[3] + s1[4] * s1[4] + s1[5] * s1[5]);
                if inconsistent(moved2, speed2, o.h_s) {
                    continue; // screened out as inconsistent
                }
                for u in [0.25, 0.5, 0.75] {
                    let (p, v) = hermite(&s0, &s1, o.h_s, u);
                    let Some((r, _)) = at(tau0 + u * o.h_s) else {
                        continue;
                    };
                    // Position error plus the velocity error carried over half a grid step,
                    // measured as the worst straight-line miss over ±hg.
                    let mut worst: f64 = 0.0;
                    for tau in [-hg, 0.0, hg] {
                        let Some((rt, _)) = at(tau0 + u * o.h_s + tau) else {
                            continue;
                        };
                        let e = (0..3)
                            .map(|c| (p[c] + v[c] * tau - rt[c]).powi(2))
                            .sum::<f64>()
                            .sqrt();
                        let line = 0.5 * ACCEL_BOUND_KM_S2 * tau * tau;
                        worst = worst.max(e - line);
                    }
                    let e0 = (0..3).map(|c| (p[c] - r[c]).powi(2)).sum::<f64>().sqrt();
                    // Deep space: the resonance integrator's restarts add metres, which the
                    // deep-space margin carries.
                    let extra = consistency_margin_km(&s0, &s1, &o, hg);
                    let allowed = bound
                        + extra
                        + INTERPOLATION_FLOOR_KM
                        + if o.deep_space {
                            DEEP_SPACE_MARGIN_KM
                        } else {
                            0.0
                        };
                    worst_ratio = worst_ratio.max(e0 / allowed);
                    worst_line = worst_line.max(worst / (bound + o.base_margin_km(hg) + extra));
                    assert!(
                        e0 <= allowed && worst <= bound + o.base_margin_km(hg) + extra,
                        "object {} ({}) at tsince {} s (u {u}): interpolation error {e0} km, straight-line excess {worst} km, bound {bound} km",
                        set.norad_id,
                        tau0,
                        set.object_name.as_deref().unwrap_or("")
                    );
                    checked += 1;
                }
            }
        }
        assert!(checked > 400_000, "only {checked} checks");
        eprintln!("{checked} checks: worst interpolation error / its margin {worst_ratio:.3}, worst straight-line excess / its margin {worst_line:.3}");
    }
}
