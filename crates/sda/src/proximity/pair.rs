//! One asset and one neighbour on the exact scalar SGP4: relative state in the asset's RIC
//! axes, the keep-out ellipsoid's test along a span of time, and the least range over a span.
//!
//! Times are seconds from a common origin (the watch window's start).

use uitkijk_conjunction::screen::Encounter;
use uitkijk_formats::ElementSet;
use uitkijk_propagate::Sgp4;
use uitkijk_time::Epoch;

use super::Ellipsoid;

/// Width of the final bracket of an entry, exit or closest-approach time, s.
pub(crate) const TIME_TOLERANCE_S: f64 = 1e-3;
/// Largest scan step, s. Bounds the step for slow (co-orbital, co-located) pairs, whose
/// relative geometry still turns with the orbit.
const MAX_STEP_S: f64 = 60.0;
/// Smallest scan step, s.
const MIN_STEP_S: f64 = 1e-3;
/// Step of the range-rate scan for least ranges, s. Extrema of the range of two orbits are
/// tens of minutes apart (about half an orbit for co-orbital pairs, see the screener's notes in
/// `uitkijk_conjunction::screen`), so a 30 s scan sees every sign change of the range-rate.
const RANGE_RATE_STEP_S: f64 = 30.0;

/// The scalar SGP4 of two objects on a common time origin.
pub(crate) struct Pair {
    asset: Sgp4,
    object: Sgp4,
    asset_offset_s: f64,
    object_offset_s: f64,
}

impl Pair {
    /// Both element sets on the time origin `origin`; `None` when SGP4 refuses either.
    pub fn new(asset: &ElementSet, object: &ElementSet, origin: Epoch) -> Option<Pair> {
        Some(Pair {
            asset: Sgp4::new(asset).ok()?,
            object: Sgp4::new(object).ok()?,
            asset_offset_s: (asset.epoch - origin).to_seconds(),
            object_offset_s: (object.epoch - origin).to_seconds(),
        })
    }

    /// The geometry at `t_s` (TEME; RIC of the object relative to the asset), or `None` when
    /// either propagation fails.
    pub fn at(&self, t_s: f64) -> Option<Encounter> {
        let (ra, va) = self
            .asset
            .propagate((t_s - self.asset_offset_s) / 60.0)
            .ok()?;
        let (ro, vo) = self
            .object
            .propagate((t_s - self.object_offset_s) / 60.0)
            .ok()?;
        Some(Encounter::new(ra, va, ro, vo))
    }

    /// Range-rate (km/s) at `t_s`.
    fn range_rate(&self, t_s: f64) -> Option<f64> {
        let e = self.at(t_s)?;
        let d = sub(e.secondary_position_km, e.primary_position_km);
        let dv = sub(e.secondary_velocity_km_s, e.primary_velocity_km_s);
        Some(dot(d, dv) / e.miss_km.max(1e-12))
    }

    /// The least range over `[t0_s, t1_s]`: every local minimum (range-rate from − to +,
    /// bisected to [`TIME_TOLERANCE_S`]) and both ends. `None` when nothing could be propagated.
    pub fn least_range(&self, t0_s: f64, t1_s: f64) -> Option<(f64, Encounter)> {
        let mut best: Option<(f64, Encounter)> = None;
        let mut keep = |t: f64, e: Encounter| {
            if best.as_ref().is_none_or(|b| e.miss_km < b.1.miss_km) {
                best = Some((t, e));
            }
        };
        for t in [t0_s, t1_s] {
            if let Some(e) = self.at(t) {
                keep(t, e);
            }
        }
        let n = ((t1_s - t0_s) / RANGE_RATE_STEP_S).ceil().max(1.0) as usize;
        let h = (t1_s - t0_s) / n as f64;
        let mut prev: Option<(f64, f64)> = None;
        for k in 0..=n {
            let t = if k == n { t1_s } else { t0_s + k as f64 * h };
            let Some(rr) = self.range_rate(t) else {
                prev = None;
                continue;
            };
            if let Some((tp, rp)) = prev {
                if rp < 0.0 && rr >= 0.0 {
                    if let Some(tm) = self.bisect(tp, t, |p, s| p.range_rate(s).map(|r| r < 0.0)) {
                        if let Some(e) = self.at(tm) {
                            keep(tm, e);
                        }
                    }
                }
            }
            prev = Some((t, rr));
        }
        best
    }

    /// Bisects `[a, b]` (where `before(a)` is true and `before(b)` false) to
    /// [`TIME_TOLERANCE_S`]; the midpoint of the final bracket.
    fn bisect(
        &self,
        mut a: f64,
        mut b: f64,
        before: impl Fn(&Pair, f64) -> Option<bool>,
    ) -> Option<f64> {
        while b - a > TIME_TOLERANCE_S {
            let m = 0.5 * (a + b);
            if before(self, m)? {
                a = m;
            } else {
                b = m;
            }
        }
        Some(0.5 * (a + b))
    }

    /// Every stretch of `[t0_s, t1_s]` during which the object is inside `ellipsoid` around the
    /// asset, scanning from `seed_s` outwards (both directions) until the range exceeds
    /// `outer_km` (the ellipsoid's largest semi-axis: outside that sphere the object cannot be
    /// inside) or the span ends. Steps keep the relative displacement between samples under a
    /// quarter of the ellipsoid's smallest semi-axis, so a crossing of the surface is not
    /// stepped over unless it only grazes it.
    ///
    /// Returns the scanned span and the inside stretches in it, each as (start, end,
    /// started_inside_at_span_start, ended_inside_at_span_end).
    pub fn scan(
        &self,
        ellipsoid: &Ellipsoid,
        seed_s: f64,
        t0_s: f64,
        t1_s: f64,
    ) -> (f64, f64, Vec<(f64, f64)>) {
        let outer = ellipsoid.largest_km();
        let quarter = 0.25 * ellipsoid.smallest_km();
        let step =
            |e: &Encounter| (quarter / e.rel_speed_km_s.max(1e-9)).clamp(MIN_STEP_S, MAX_STEP_S);
        // Walk outwards from the seed to find the span where the range is under `outer`.
        let walk = |dir: f64| -> f64 {
            let mut t = seed_s;
            loop {
                let Some(e) = self.at(t) else { return t };
                if e.miss_km > outer {
                    return t;
                }
                let next = t + dir * step(&e);
                if dir > 0.0 && next >= t1_s {
                    return t1_s;
                }
                if dir < 0.0 && next <= t0_s {
                    return t0_s;
                }
                t = next;
            }
        };
        let (a, b) = (walk(-1.0), walk(1.0));
        // Sample the ellipsoid test forwards over [a, b] and bisect every crossing.
        let inside = |p: &Pair, t: f64| p.at(t).map(|e| ellipsoid.contains(&e.ric_km));
        let mut stretches = Vec::new();
        let mut t = a;
        let mut prev = self
            .at(t)
            .map(|e| (ellipsoid.contains(&e.ric_km), step(&e)));
        let mut open: Option<f64> = match prev {
            Some((true, _)) => Some(a),
            _ => None,
        };
        while t < b {
            let h = prev.map_or(MAX_STEP_S, |p| p.1);
            let tn = (t + h).min(b);
            let cur = self
                .at(tn)
                .map(|e| (ellipsoid.contains(&e.ric_km), step(&e)));
            match (prev, cur) {
                (Some((false, _)), Some((true, _))) => {
                    // Entry: outside at t, inside at tn.
                    let te = self
                        .bisect(t, tn, |p, s| inside(p, s).map(|x| !x))
                        .unwrap_or(tn);
                    open = Some(te);
                }
                (Some((true, _)), Some((false, _))) => {
                    let tx = self.bisect(t, tn, |p, s| inside(p, s)).unwrap_or(t);
                    if let Some(s) = open.take() {
                        stretches.push((s, tx));
                    }
                }
                (_, None) => {
                    // Propagation failed: close what is open at the last good time.
                    if let Some(s) = open.take() {
                        stretches.push((s, t));
                    }
                    return (a, t, stretches);
                }
                _ => {}
            }
            prev = cur;
            t = tn;
        }
        if let Some(s) = open {
            stretches.push((s, b));
        }
        (a, b, stretches)
    }
}

fn sub(a: [f64; 3], b: [f64; 3]) -> [f64; 3] {
    [a[0] - b[0], a[1] - b[1], a[2] - b[2]]
}

fn dot(a: [f64; 3], b: [f64; 3]) -> f64 {
    a[0] * b[0] + a[1] * b[1] + a[2] * b[2]
}
