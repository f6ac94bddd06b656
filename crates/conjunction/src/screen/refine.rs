//! Stage 3: refinement windows from the flagged grid intervals, and every local minimum of the
//! exact SGP4 range in them.

use super::grid::Candidate;
use super::sample::Object;
use super::ScreenConfig;

/// Largest step at which the range-rate is sampled for sign changes, s. Two minima of one pair
/// closer in time than this would need relative motion turning within seconds, which no two
/// orbits do (minima of a pair are about half an orbit apart, or one long co-orbital one).
const RANGE_RATE_STEP_S: f64 = 5.0;
/// Width of the final bracket of a time of closest approach, s.
const TCA_TOLERANCE_S: f64 = 1e-6;
/// Padding of a window on each side, s, so that a minimum at the edge of a flagged interval is
/// bracketed.
const WINDOW_PAD_S: f64 = 1.0;

/// A span of time in which a pair may come within the threshold.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Window {
    pub a: usize,
    pub b: usize,
    pub t0_s: f64,
    pub t1_s: f64,
}

/// Merges the flagged grid intervals of each pair into windows, clipped to the screening
/// window and to the time each object is screened until.
pub(crate) fn windows(
    mut candidates: Vec<Candidate>,
    config: &ScreenConfig,
    until_s: &[f64],
) -> Vec<Window> {
    candidates.sort_unstable();
    candidates.dedup();
    let dt = config.grid_step_s;
    let hg = dt / 2.0;
    let mut out = Vec::new();
    let mut i = 0;
    while i < candidates.len() {
        let c = candidates[i];
        let mut last = c.k;
        let mut j = i + 1;
        while j < candidates.len()
            && candidates[j].a == c.a
            && candidates[j].b == c.b
            && candidates[j].k <= last + 1
        {
            last = candidates[j].k;
            j += 1;
        }
        let end = config
            .duration_s
            .min(until_s[c.a as usize])
            .min(until_s[c.b as usize]);
        let t0 = (c.k as f64 * dt - hg - WINDOW_PAD_S).max(0.0);
        let t1 = (last as f64 * dt + hg + WINDOW_PAD_S).min(end);
        if t1 > t0 {
            out.push(Window {
                a: c.a as usize,
                b: c.b as usize,
                t0_s: t0,
                t1_s: t1,
            });
        }
        i = j;
    }
    out
}

/// The geometry of two objects at one time (TEME).
#[derive(Debug, Clone, PartialEq)]
pub struct Encounter {
    /// Primary position and velocity, km and km/s.
    pub primary_position_km: [f64; 3],
    pub primary_velocity_km_s: [f64; 3],
    /// Secondary position and velocity, km and km/s.
    pub secondary_position_km: [f64; 3],
    pub secondary_velocity_km_s: [f64; 3],
    /// Distance between them, km.
    pub miss_km: f64,
    /// Relative speed, km/s.
    pub rel_speed_km_s: f64,
    /// Secondary minus primary in the primary's radial / in-track / cross-track axes
    /// (R = r/|r|, C = r×v/|r×v|, I = C×R), km.
    pub ric_km: [f64; 3],
}

impl Encounter {
    /// The geometry of `secondary` relative to `primary`.
    pub fn new(rp: [f64; 3], vp: [f64; 3], rs: [f64; 3], vs: [f64; 3]) -> Encounter {
        let d = sub(rs, rp);
        let dv = sub(vs, vp);
        let radial = unit(rp);
        let cross = unit(cross3(rp, vp));
        let in_track = cross3(cross, radial);
        Encounter {
            primary_position_km: rp,
            primary_velocity_km_s: vp,
            secondary_position_km: rs,
            secondary_velocity_km_s: vs,
            miss_km: norm(d),
            rel_speed_km_s: norm(dv),
            ric_km: [dot(d, radial), dot(d, in_track), dot(d, cross)],
        }
    }

    /// The same encounter seen from the secondary.
    pub fn swapped(&self) -> Encounter {
        Encounter::new(
            self.secondary_position_km,
            self.secondary_velocity_km_s,
            self.primary_position_km,
            self.primary_velocity_km_s,
        )
    }
}

/// One local minimum of range below the threshold.
#[derive(Debug, Clone)]
pub(crate) struct Minimum {
    /// Seconds from the window start.
    pub t_s: f64,
    /// Geometry with object `a` of the window as primary.
    pub encounter: Encounter,
}

fn state(o: &Object, t_s: f64) -> Option<([f64; 3], [f64; 3])> {
    o.sgp4.propagate((t_s - o.offset_s) / 60.0).ok()
}

/// Every local minimum of the exact SGP4 range of the window's pair below `threshold_km`,
/// strictly inside the window, and the number of SGP4 evaluations spent.
pub(crate) fn minima(
    a: &Object,
    b: &Object,
    w: &Window,
    config: &ScreenConfig,
) -> (Vec<Minimum>, u64) {
    let threshold_km = config.threshold_km;
    let evaluations = std::cell::Cell::new(0u64);
    let range_rate = |t: f64| -> Option<f64> {
        evaluations.set(evaluations.get() + 2);
        let (ra, va) = state(a, t)?;
        let (rb, vb) = state(b, t)?;
        Some(dot(sub(rb, ra), sub(vb, va)))
    };
    let mut found = Vec::new();
    let n = ((w.t1_s - w.t0_s) / RANGE_RATE_STEP_S).ceil().max(1.0) as usize;
    let at = |i: usize| w.t0_s + (w.t1_s - w.t0_s) * i as f64 / n as f64;
    let Some(mut f_prev) = range_rate(w.t0_s) else {
        return (found, evaluations.get());
    };
    let mut t_prev = w.t0_s;
    for i in 1..=n {
        let t = at(i);
        let Some(f) = range_rate(t) else { break };
        if f_prev < 0.0 && f >= 0.0 {
            // A minimum in (t_prev, t]: regula falsi with the Illinois rule (bisection after
            // a dozen steps), down to a microsecond.
            let (mut lo, mut hi, mut f_lo, mut f_hi) = (t_prev, t, f_prev, f);
            let mut side = 0i8;
            let mut ok = true;
            for iteration in 0..200 {
                if hi - lo <= TCA_TOLERANCE_S {
                    break;
                }
                let mut m = if iteration < 12 {
                    (lo * f_hi - hi * f_lo) / (f_hi - f_lo)
                } else {
                    0.5 * (lo + hi)
                };
                if !(m > lo && m < hi) {
                    m = 0.5 * (lo + hi);
                }
                // Never closer to an end than a quarter of the tolerance, so the bracket closes.
                m = m.clamp(lo + 0.25 * TCA_TOLERANCE_S, hi - 0.25 * TCA_TOLERANCE_S);
                let Some(fm) = range_rate(m) else {
                    ok = false;
                    break;
                };
                if fm < 0.0 {
                    lo = m;
                    f_lo = fm;
                    if side == -1 {
                        f_hi *= 0.5;
                    }
                    side = -1;
                } else {
                    hi = m;
                    f_hi = fm;
                    if side == 1 {
                        f_lo *= 0.5;
                    }
                    side = 1;
                }
            }
            if !ok {
                break;
            }
            let tca = 0.5 * (lo + hi);
            if tca > 0.0 && tca < config.duration_s {
                evaluations.set(evaluations.get() + 2);
                if let (Some((ra, va)), Some((rb, vb))) = (state(a, tca), state(b, tca)) {
                    let e = Encounter::new(ra, va, rb, vb);
                    if e.miss_km <= threshold_km {
                        found.push(Minimum {
                            t_s: tca,
                            encounter: e,
                        });
                    }
                }
            }
        }
        f_prev = f;
        t_prev = t;
    }
    (found, evaluations.get())
}

fn sub(a: [f64; 3], b: [f64; 3]) -> [f64; 3] {
    [a[0] - b[0], a[1] - b[1], a[2] - b[2]]
}
fn dot(a: [f64; 3], b: [f64; 3]) -> f64 {
    a[0] * b[0] + a[1] * b[1] + a[2] * b[2]
}
fn norm(a: [f64; 3]) -> f64 {
    dot(a, a).sqrt()
}
fn unit(a: [f64; 3]) -> [f64; 3] {
    let n = norm(a);
    [a[0] / n, a[1] / n, a[2] / n]
}
fn cross3(a: [f64; 3], b: [f64; 3]) -> [f64; 3] {
    [
        a[1] * b[2] - a[2] * b[1],
        a[2] * b[0] - a[0] * b[2],
        a[0] * b[1] - a[1] * b[0],
    ]
}
