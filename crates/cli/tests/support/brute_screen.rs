//! Brute-force all-vs-all close-approach screening on the independent `sgp4` crate (MIT), the
//! reference `uitkijk screen` is scored against. It shares no code with our SGP4 or screener:
//! propagation is the `sgp4` crate in improved mode with WGS-72 (set up by
//! `crates/propagate/tests/support/sgp4_crate.rs`), times come from the TLE text itself.
//!
//! Method (DESIGN.md, "uitkijk screen"): every pair is sampled on one grid of `step_s`; a local
//! minimum of the sampled range below `threshold + V·step` (V = 2 × 11.2 km/s bounds the
//! relative speed of two bound orbits; the true minimum lies within step/2 of a sample and
//! |dρ/dt| ≤ V) is a candidate; its TCA is the root of the range-rate (SGP4 positions and
//! velocities) between its two neighbouring samples, bisected to 1e-6 s; it is an event when the
//! range there is below the threshold and the TCA lies strictly inside the window.
//!
//! Why the grid cannot skip a minimum: a sampled local minimum exists next to every true one as
//! long as consecutive extrema of the range are more than two steps apart. Extrema of the
//! range are separated by a sizeable fraction of the relative-motion period (tens of minutes
//! for crossing pairs, about half an orbit for co-orbital ones), far above the 5–20 s steps
//! used here. Only SGP4's own discontinuities break that: the deep-space periodics switch to
//! the Lyddane form when the inclination crosses 0.2 rad (Vallado et al., AIAA 2006-6753,
//! `dpper`) and the position jumps by kilometres. Those jumps are located (`jumps`, to 1e-6 s),
//! and every bracket that holds one is replaced by a 0.05 s scan of the continuous pieces on
//! either side, so a smooth minimum seconds from a jump is refined on its own; a minimum that
//! only exists at the jump is not an event. The tests also run the screen at two steps and the
//! Python peer (python-sgp4 + KD-tree) on the same subsets, which must give the same events.
//!
//! An object is screened up to its first SGP4 error, decay (radius below one Earth radius,
//! the reference's error 6) or runaway (radius beyond 2 × its mean apogee radius + 1000 km).
//!
//! Times: seconds from the window start. Epochs are taken from the TLE digits as SGP4's
//! reference does (two-digit year pivot 57, day of year split into whole and fractional
//! day), with no leap second between epoch and window (true from 2017-01-01 on).

#![allow(dead_code)]

use rayon::prelude::*;

#[path = "../../../propagate/tests/support/sgp4_crate.rs"]
mod sgp4_crate;

/// Bound on the relative speed of two objects on bound orbits (2 × escape speed at the
/// surface, km/s). Only used to size the candidate margin, so a generous bound is safe.
const MAX_REL_SPEED_KM_S: f64 = 2.0 * 11.2;
/// Width the bisection (and golden-section) refinement stops at (s).
const REFINE_TOL_S: f64 = 1e-6;
/// Sampling step of the fine scans around SGP4 jumps (s).
const JUMP_SCAN_S: f64 = 0.05;
/// Samples per chunk: bounds the memory of the sampled positions.
const CHUNK: usize = 2048;

/// One object of the catalog, ready to propagate.
pub struct Object {
    pub id: u32,
    pub name: String,
    elements: sgp4::Elements,
    constants: sgp4::Constants,
    /// Window start minus element epoch (min): tsince = offset + t/60.
    offset_min: f64,
    /// Runaway limit: 2 × apogee radius of the mean elements + 1000 km (DESIGN.md).
    limit_km: f64,
    /// Period of 225 min or more: SDP4, whose Lyddane switch at 0.2 rad makes positions jump.
    deep_space: bool,
}

/// One close approach found by brute force.
#[derive(Clone, Debug)]
pub struct Event {
    pub primary_id: u32,
    pub secondary_id: u32,
    /// Seconds from the window start.
    pub tca_s: f64,
    pub miss_km: f64,
    pub rel_speed_km_s: f64,
    /// Secondary minus primary in the primary's RIC axes (km).
    pub ric_km: [f64; 3],
    /// The minimum sits on an SGP4 discontinuity of one of the two objects (not smooth).
    pub at_jump: bool,
}

/// Everything the brute force learned about a catalog and window.
#[derive(Default, Debug)]
pub struct Screen {
    pub events: Vec<Event>,
    /// (id, first sample time (s) at which SGP4 failed or ran away) for objects that fail
    /// inside the window.
    pub failed: Vec<(u32, f64)>,
    /// Pairs sharing one identical element set (co-located, never events).
    pub colocated: Vec<(u32, u32)>,
    /// (id, time (s)) of every position discontinuity located in the window.
    pub jumps: Vec<(u32, f64)>,
    /// Brackets refined (sampled local minima under the margin, and those of the fine scans
    /// around jumps).
    pub candidates: usize,
}

/// Days from 1970-01-01 of a proleptic Gregorian date (Hinnant's `days_from_civil`).
pub fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// A UTC instant as (days from 1970-01-01, seconds into the day).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Instant {
    pub day: i64,
    pub sec: f64,
}

impl Instant {
    /// `YYYY-MM-DDTHH:MM:SS[.f]Z`.
    pub fn parse_iso(s: &str) -> Option<Instant> {
        let s = s.strip_suffix('Z')?;
        let (date, time) = s.split_once('T')?;
        let mut d = date.split('-').map(|p| p.parse::<i64>());
        let (y, m, dd) = (d.next()?.ok()?, d.next()?.ok()?, d.next()?.ok()?);
        let mut t = time.split(':');
        let hh: f64 = t.next()?.parse().ok()?;
        let mm: f64 = t.next()?.parse().ok()?;
        let ss: f64 = t.next()?.parse().ok()?;
        Some(Instant {
            day: days_from_civil(y, m, dd),
            sec: hh * 3600.0 + mm * 60.0 + ss,
        })
    }

    /// Seconds from `other` to `self`.
    pub fn seconds_since(&self, other: &Instant) -> f64 {
        (self.day - other.day) as f64 * 86_400.0 + (self.sec - other.sec)
    }

    pub fn plus_seconds(&self, s: f64) -> Instant {
        let total = self.sec + s;
        let days = (total / 86_400.0).floor();
        Instant {
            day: self.day + days as i64,
            sec: total - days * 86_400.0,
        }
    }

    /// ISO-8601 with milliseconds and `Z`.
    pub fn to_iso_ms(self) -> String {
        let ms_total = (self.sec * 1000.0).round() as i64;
        let (day, ms) = (
            self.day + ms_total.div_euclid(86_400_000),
            ms_total.rem_euclid(86_400_000),
        );
        let (y, m, d) = civil_from_days(day);
        format!(
            "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{:03}Z",
            ms / 3_600_000,
            ms / 60_000 % 60,
            ms / 1000 % 60,
            ms % 1000
        )
    }
}

/// TLE epoch (line 1 columns 19–32) as an instant, the way SGP4's reference reads it.
pub fn tle_epoch(line1: &str) -> Option<Instant> {
    let yy: i64 = line1.get(18..20)?.trim().parse().ok()?;
    let year = if yy < 57 { 2000 + yy } else { 1900 + yy };
    let doy = line1.get(20..32)?.trim();
    let (whole, frac) = doy.split_once('.').unwrap_or((doy, "0"));
    let whole: i64 = whole.parse().ok()?;
    let frac: f64 = format!("0.{frac}").parse().ok()?;
    Some(Instant {
        day: days_from_civil(year, 1, 1) + whole - 1,
        sec: frac * 86_400.0,
    })
}

/// The newest element epoch of a catalog (the screen's default window start).
pub fn newest_epoch(objects: &[(Object, Instant)]) -> Option<Instant> {
    objects
        .iter()
        .map(|(_, e)| *e)
        .max_by(|a, b| a.seconds_since(b).total_cmp(&0.0))
}

/// Parses a 2LE/3LE text; keeps the newest element set per catalog number, sorted by id.
/// Returns each object with its epoch; `start` is filled in by `Catalog::new`.
fn parse(text: &str) -> Vec<(String, String, String)> {
    let lines: Vec<&str> = text.lines().map(|l| l.trim_end()).collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i + 1 < lines.len() {
        if lines[i].starts_with("1 ") && lines[i + 1].starts_with("2 ") {
            let name = if i > 0 && lines[i - 1].starts_with("0 ") {
                lines[i - 1][2..].trim().to_string()
            } else {
                String::new()
            };
            out.push((name, lines[i].to_string(), lines[i + 1].to_string()));
            i += 2;
        } else {
            i += 1;
        }
    }
    out
}

/// A catalog set up for one window.
pub struct Catalog {
    pub objects: Vec<Object>,
    pub start: Instant,
    pub duration_s: f64,
}

impl Catalog {
    /// `start` `None` means the newest element epoch of the catalog.
    pub fn new(text: &str, start: Option<&str>, days: f64) -> Catalog {
        let mut raw: Vec<(Object, Instant)> = Vec::new();
        for (name, l1, l2) in parse(text) {
            let elements =
                sgp4::Elements::from_tle(Some(name.clone()), l1.as_bytes(), l2.as_bytes())
                    .unwrap_or_else(|e| panic!("test data: {l1}: {e}"));
            let epoch = tle_epoch(&l1).expect("test data: epoch");
            let constants = match sgp4_crate::wgs72_constants(&elements) {
                Ok(c) => c,
                Err(e) => panic!("test data: {l1}: {e}"),
            };
            // Semi-major axis of the Brouwer mean motion SGP4 initialises (Hoots & Roehrich,
            // Spacetrack Report No. 3, 1980): a = (ke / n)^(2/3) Earth radii.
            let deg = std::f64::consts::PI / 180.0;
            let orbit = sgp4::Orbit::from_kozai_elements(
                &sgp4::WGS72,
                elements.inclination * deg,
                elements.right_ascension * deg,
                elements.eccentricity,
                elements.argument_of_perigee * deg,
                elements.mean_anomaly * deg,
                elements.mean_motion * (std::f64::consts::PI / 720.0),
            )
            .unwrap_or_else(|e| panic!("test data: {l1}: {e}"));
            let a_km = (sgp4::WGS72.ke / orbit.mean_motion).powf(2.0 / 3.0) * sgp4::WGS72.ae;
            let limit_km = 2.0 * a_km * (1.0 + elements.eccentricity) + 1000.0;
            let id = elements.norad_id as u32;
            let deep_space = elements.mean_motion <= 1440.0 / 225.0;
            let object = Object {
                id,
                name,
                elements,
                constants,
                offset_min: 0.0,
                limit_km,
                deep_space,
            };
            match raw.iter_mut().find(|(o, _)| o.id == id) {
                Some(slot) if epoch.seconds_since(&slot.1) >= 0.0 => *slot = (object, epoch),
                Some(_) => {}
                None => raw.push((object, epoch)),
            }
        }
        raw.sort_by_key(|(o, _)| o.id);
        let start = match start {
            Some(s) => Instant::parse_iso(s).expect("start ISO"),
            None => newest_epoch(&raw).expect("empty catalog"),
        };
        let objects = raw
            .into_iter()
            .map(|(mut o, epoch)| {
                o.offset_min = start.seconds_since(&epoch) / 60.0;
                o
            })
            .collect();
        Catalog {
            objects,
            start,
            duration_s: days * 86_400.0,
        }
    }

    pub fn index_of(&self, id: u32) -> Option<usize> {
        self.objects.iter().position(|o| o.id == id)
    }

    /// Position and velocity (TEME, km, km/s) of object `i` at `t_s` from the window start,
    /// or `None` where SGP4 fails, the object has decayed or has run away. The `sgp4` crate
    /// has no decay check: Vallado's code (AIAA 2006-6753) returns error 6 when the radius falls
    /// below one Earth radius, so that is added here.
    pub fn state(&self, i: usize, t_s: f64) -> Option<([f64; 3], [f64; 3])> {
        let o = &self.objects[i];
        let p = o
            .constants
            .propagate(sgp4::MinutesSinceEpoch(o.offset_min + t_s / 60.0))
            .ok()?;
        let r = norm(p.position);
        (r.is_finite() && r >= sgp4::WGS72.ae && r <= o.limit_km)
            .then_some((p.position, p.velocity))
    }

    fn position(&self, i: usize, t_s: f64) -> Option<[f64; 3]> {
        self.state(i, t_s).map(|s| s.0)
    }

    /// Range (km) between objects `i` and `j` at `t_s`.
    pub fn range(&self, i: usize, j: usize, t_s: f64) -> Option<f64> {
        Some(norm(sub(self.position(j, t_s)?, self.position(i, t_s)?)))
    }

    fn identical(&self, i: usize, j: usize) -> bool {
        let (a, b) = (&self.objects[i].elements, &self.objects[j].elements);
        a.datetime == b.datetime
            && a.mean_motion_dot == b.mean_motion_dot
            && a.mean_motion_ddot == b.mean_motion_ddot
            && a.drag_term == b.drag_term
            && a.inclination == b.inclination
            && a.right_ascension == b.right_ascension
            && a.eccentricity == b.eccentricity
            && a.argument_of_perigee == b.argument_of_perigee
            && a.mean_anomaly == b.mean_anomaly
            && a.mean_motion == b.mean_motion
    }

    /// Range-rate (km/s) of (i, j) at `t_s` from SGP4's positions and velocities.
    pub fn range_rate(&self, i: usize, j: usize, t_s: f64) -> Option<f64> {
        let (r1, v1) = self.state(i, t_s)?;
        let (r2, v2) = self.state(j, t_s)?;
        let d = sub(r2, r1);
        Some(dot(d, sub(v2, v1)) / norm(d))
    }

    /// TCA of (i, j) in [a, b]: the root of the range-rate, bisected to 1e-6 s. The range-rate
    /// from SGP4's velocities is smooth where the range itself is flat to SGP4's rounding
    /// (1e-10 km), so it pins slow encounters that positions alone leave uncertain by tens of
    /// ms. Falls back to the minimum of the range when the ends do not bracket a root.
    pub fn tca(&self, i: usize, j: usize, a: f64, b: f64) -> Option<(f64, f64)> {
        let (mut a, mut b) = (a, b);
        // SGP4's velocity is not exactly the derivative of its position (cm/s in the SDP4
        // periodics), so in a slow encounter the root of the range-rate can sit seconds away
        // from the sampled minimum: widen the bracket outward before giving up on it.
        let width = b - a;
        for _ in 0..8 {
            let (ra, rb) = (self.range_rate(i, j, a)?, self.range_rate(i, j, b)?);
            if ra < 0.0 && rb > 0.0 {
                break;
            }
            if ra >= 0.0 {
                a -= width;
            }
            if rb <= 0.0 {
                b += width;
            }
        }
        if !(self.range_rate(i, j, a)? < 0.0 && self.range_rate(i, j, b)? > 0.0) {
            return self.refine(i, j, a, b);
        }
        while b - a > REFINE_TOL_S {
            let m = 0.5 * (a + b);
            if self.range_rate(i, j, m)? < 0.0 {
                a = m;
            } else {
                b = m;
            }
        }
        let t = 0.5 * (a + b);
        Some((t, self.range(i, j, t)?))
    }

    /// Golden-section search for the minimum of the range of (i, j) on [a, b]; returns
    /// (t, range). Positions only: the minimum of the distance between SGP4 positions is the
    /// definition, SGP4's velocity is not exactly the derivative of its position.
    pub fn refine(&self, i: usize, j: usize, a: f64, b: f64) -> Option<(f64, f64)> {
        let g = 0.5 * (5f64.sqrt() - 1.0);
        let (mut a, mut b) = (a, b);
        let mut c = b - g * (b - a);
        let mut d = a + g * (b - a);
        let mut fc = self.range(i, j, c)?;
        let mut fd = self.range(i, j, d)?;
        while b - a > REFINE_TOL_S {
            if fc < fd {
                b = d;
                d = c;
                fd = fc;
                c = b - g * (b - a);
                fc = self.range(i, j, c)?;
            } else {
                a = c;
                c = d;
                fc = fd;
                d = a + g * (b - a);
                fd = self.range(i, j, d)?;
            }
        }
        let t = 0.5 * (a + b);
        Some((t, self.range(i, j, t)?))
    }

    /// The event of (i, j) at `t_s` with its relative geometry.
    pub fn event_at(&self, i: usize, j: usize, t_s: f64, at_jump: bool) -> Option<Event> {
        let (r1, v1) = self.state(i, t_s)?;
        let (r2, v2) = self.state(j, t_s)?;
        let d = sub(r2, r1);
        let rhat = unit(r1);
        let chat = unit(cross(r1, v1));
        let ihat = cross(chat, rhat);
        Some(Event {
            primary_id: self.objects[i].id,
            secondary_id: self.objects[j].id,
            tca_s: t_s,
            miss_km: norm(d),
            rel_speed_km_s: norm(sub(v2, v1)),
            ric_km: [dot(d, rhat), dot(d, ihat), dot(d, chat)],
            at_jump,
        })
    }

    /// Whether object `i`'s position is discontinuous at `t_s` (checked over ±`h` s against
    /// its velocity).
    fn jumps_at(&self, i: usize, t_s: f64, h: f64) -> bool {
        match (self.state(i, t_s - h), self.state(i, t_s + h)) {
            (Some((ra, va)), Some((rb, vb))) => {
                let predicted = add(ra, scale(add(va, vb), h));
                norm(sub(rb, predicted)) > 1e-4
            }
            _ => false,
        }
    }

    /// Brute-force screening of every pair over the window.
    pub fn screen(&self, threshold_km: f64, step_s: f64) -> Screen {
        let n = self.objects.len();
        let t_end = self.duration_s;
        let mut times: Vec<f64> = (0..)
            .map(|k| k as f64 * step_s)
            .take_while(|&t| t < t_end - 1e-9)
            .collect();
        times.push(t_end);
        let n_t = times.len();
        let margin_km = threshold_km + MAX_REL_SPEED_KM_S * step_s;

        // First failing sample per object (n_t when it never fails).
        let mut valid = vec![n_t; n];
        let mut out = Screen::default();
        let mut jumps: Vec<Vec<f64>> = vec![Vec::new(); n];
        let mut candidates: Vec<(usize, usize, usize)> = Vec::new();

        // Chunks [c0, c1] overlap by two samples so that every sample but the window's ends is
        // interior to exactly one chunk.
        let mut c0 = 0;
        loop {
            let c1 = (c0 + CHUNK).min(n_t - 1);
            let ts = &times[c0..=c1];
            let sampled: Vec<(Vec<[f64; 3]>, usize, Vec<f64>)> = (0..n)
                .into_par_iter()
                .map(|i| {
                    let mut pos = Vec::with_capacity(ts.len());
                    let mut vel: Vec<[f64; 3]> = Vec::with_capacity(ts.len());
                    let mut fail = usize::MAX;
                    let mut jumps_i = Vec::new();
                    let deep = self.objects[i].deep_space;
                    for (k, &t) in ts.iter().enumerate() {
                        match self.state(i, t) {
                            Some((r, v)) if fail == usize::MAX => {
                                // Trapezoid prediction from the previous sample: SGP4 is
                                // smooth to ~1e-3 km over 20 s, a Lyddane switch jumps by
                                // kilometres.
                                let previous = (pos.last(), vel.last());
                                if let (true, Some(rp), Some(vp)) = (deep, previous.0, previous.1) {
                                    let h = t - ts[k - 1];
                                    let pred = add(*rp, scale(add(*vp, v), 0.5 * h));
                                    if norm(sub(r, pred)) > 0.05 {
                                        jumps_i.push(self.locate_jump(i, ts[k - 1], t));
                                    }
                                }
                                pos.push(r);
                                vel.push(v);
                            }
                            _ => {
                                if fail == usize::MAX {
                                    fail = c0 + k;
                                }
                                pos.push([f64::NAN; 3]);
                                vel.push([f64::NAN; 3]);
                            }
                        }
                    }
                    (pos, fail, jumps_i)
                })
                .collect();
            for (i, (_, fail, j)) in sampled.iter().enumerate() {
                if *fail != usize::MAX && valid[i] == n_t {
                    valid[i] = *fail;
                }
                jumps[i].extend(j.iter().copied());
            }
            let found: Vec<(usize, usize, usize)> = (0..n)
                .into_par_iter()
                .flat_map_iter(|i| {
                    let mut found = Vec::new();
                    let pi = &sampled[i].0;
                    for j in i + 1..n {
                        if self.identical(i, j) {
                            continue;
                        }
                        let pj = &sampled[j].0;
                        let last = valid[i].min(valid[j]).min(c1 + 1); // exclusive, global
                        if last < c0 + 3 {
                            continue;
                        }
                        let local_last = last - c0; // exclusive, chunk-local
                        let rho: Vec<f64> =
                            (0..local_last).map(|k| norm(sub(pj[k], pi[k]))).collect();
                        for k in 1..local_last - 1 {
                            if rho[k] < margin_km && rho[k] < rho[k - 1] && rho[k] <= rho[k + 1] {
                                found.push((i, j, c0 + k));
                            }
                        }
                    }
                    found.into_iter()
                })
                .collect();
            candidates.extend(found);
            if c1 == n_t - 1 {
                break;
            }
            c0 = c1 - 1;
        }

        for i in 0..n {
            for j in i + 1..n {
                if self.identical(i, j) {
                    out.colocated.push((self.objects[i].id, self.objects[j].id));
                }
            }
            if valid[i] < n_t {
                out.failed.push((self.objects[i].id, times[valid[i]]));
            }
            jumps[i].sort_by(f64::total_cmp);
            jumps[i].dedup_by(|a, b| (*a - *b).abs() < 1e-3);
            for &t in &jumps[i] {
                out.jumps.push((self.objects[i].id, t));
            }
        }
        // Brackets (i, j, a, b) to refine. A bracket holding an SGP4 jump of either object is
        // replaced by a fine scan of the continuous pieces on either side of the jump, so that a
        // smooth minimum seconds away from a jump is refined on its own (DESIGN: no close
        // approach may be lost across such a jump); a minimum that only exists at the jump is
        // not an event.
        let jump_in = |i: usize, j: usize, a: f64, b: f64| {
            jumps[i].iter().chain(&jumps[j]).any(|&tj| tj > a && tj < b)
        };
        let mut brackets: Vec<(usize, usize, f64, f64)> = candidates
            .iter()
            .map(|&(i, j, k)| (i, j, times[k - 1], times[k + 1]))
            .filter(|&(i, j, a, b)| !jump_in(i, j, a, b))
            .collect();
        for x in 0..n {
            for &tj in &jumps[x] {
                for y in (0..n).filter(|&y| y != x && !self.identical(x, y)) {
                    let (i, j) = (x.min(y), x.max(y));
                    brackets.extend(self.scan_around_jump(i, j, tj, step_s, margin_km, &jumps));
                }
            }
        }
        out.candidates = brackets.len();
        let mut events: Vec<Event> = brackets
            .par_iter()
            .filter_map(|&(i, j, a, b)| {
                let (t, rho) = self.tca(i, j, a, b)?;
                if rho >= threshold_km || t <= 0.0 || t >= t_end {
                    return None;
                }
                let near_jump = jumps[i]
                    .iter()
                    .chain(&jumps[j])
                    .any(|&tj| (tj - t).abs() < 1e-3);
                let at_jump = near_jump || self.jumps_at(i, t, 1e-3) || self.jumps_at(j, t, 1e-3);
                self.event_at(i, j, t, at_jump)
            })
            .collect();
        // The fine scans may refine a minimum a regular bracket refined too.
        events.sort_by(|a, b| {
            (a.primary_id, a.secondary_id)
                .cmp(&(b.primary_id, b.secondary_id))
                .then(a.tca_s.total_cmp(&b.tca_s))
        });
        events.dedup_by(|b, a| {
            (a.primary_id, a.secondary_id) == (b.primary_id, b.secondary_id)
                && (a.tca_s - b.tca_s).abs() < 1e-3
        });
        events.sort_by(|a, b| {
            a.tca_s
                .total_cmp(&b.tca_s)
                .then(a.primary_id.cmp(&b.primary_id))
                .then(a.secondary_id.cmp(&b.secondary_id))
        });
        out.events = events;
        out
    }

    /// Brackets of the local minima of the range of (i, j) within two steps of the jump at
    /// `tj`, sampled every `JUMP_SCAN_S` on each continuous piece (pieces end at the jumps of
    /// either object); a piece's end sample is never a minimum, it lies at a jump or at the
    /// scan's edge, where the regular grid takes over.
    fn scan_around_jump(
        &self,
        i: usize,
        j: usize,
        tj: f64,
        step_s: f64,
        margin_km: f64,
        jumps: &[Vec<f64>],
    ) -> Vec<(usize, usize, f64, f64)> {
        let (lo, hi) = (
            (tj - 2.0 * step_s).max(0.0),
            (tj + 2.0 * step_s).min(self.duration_s),
        );
        match self.range(i, j, tj) {
            Some(rho) if rho < margin_km + MAX_REL_SPEED_KM_S * 2.0 * step_s => {}
            _ => return Vec::new(),
        }
        let mut cuts: Vec<f64> = jumps[i]
            .iter()
            .chain(&jumps[j])
            .copied()
            .filter(|&t| t > lo && t < hi)
            .collect();
        cuts.sort_by(f64::total_cmp);
        let mut edges = vec![lo];
        edges.extend(&cuts);
        edges.push(hi);
        let mut out = Vec::new();
        for w in edges.windows(2) {
            // Samples strictly inside the piece, 1e-5 s clear of the jumps.
            let (a, b) = (w[0] + 1e-5, w[1] - 1e-5);
            let m = ((b - a) / JUMP_SCAN_S).ceil().max(2.0) as usize;
            let ts: Vec<f64> = (0..=m).map(|k| a + (b - a) * k as f64 / m as f64).collect();
            let rho: Vec<Option<f64>> = ts.iter().map(|&t| self.range(i, j, t)).collect();
            for k in 1..m {
                if let (Some(r0), Some(r1), Some(r2)) = (rho[k - 1], rho[k], rho[k + 1]) {
                    if r1 < r0 && r1 <= r2 {
                        out.push((i, j, ts[k - 1], ts[k + 1]));
                    }
                }
            }
        }
        out
    }

    /// Bisects the interval [a, b] holding a discontinuity of object `i` down to 1e-6 s.
    fn locate_jump(&self, i: usize, a: f64, b: f64) -> f64 {
        let (mut a, mut b) = (a, b);
        let Some((mut ra, mut va)) = self.state(i, a) else {
            return a;
        };
        while b - a > 1e-6 {
            let m = 0.5 * (a + b);
            let Some((rm, vm)) = self.state(i, m) else {
                return m;
            };
            let pred = add(ra, scale(add(va, vm), 0.5 * (m - a)));
            // Smooth over a half: keep the other half, where the jump is.
            if norm(sub(rm, pred)) > 1e-3 + 1e-3 * (m - a) {
                b = m;
            } else {
                a = m;
                ra = rm;
                va = vm;
            }
        }
        0.5 * (a + b)
    }
}

pub fn sub(a: [f64; 3], b: [f64; 3]) -> [f64; 3] {
    [a[0] - b[0], a[1] - b[1], a[2] - b[2]]
}
fn add(a: [f64; 3], b: [f64; 3]) -> [f64; 3] {
    [a[0] + b[0], a[1] + b[1], a[2] + b[2]]
}
fn scale(a: [f64; 3], s: f64) -> [f64; 3] {
    [a[0] * s, a[1] * s, a[2] * s]
}
pub fn dot(a: [f64; 3], b: [f64; 3]) -> f64 {
    a[0] * b[0] + a[1] * b[1] + a[2] * b[2]
}
pub fn norm(a: [f64; 3]) -> f64 {
    dot(a, a).sqrt()
}
fn cross(a: [f64; 3], b: [f64; 3]) -> [f64; 3] {
    [
        a[1] * b[2] - a[2] * b[1],
        a[2] * b[0] - a[0] * b[2],
        a[0] * b[1] - a[1] * b[0],
    ]
}
fn unit(a: [f64; 3]) -> [f64; 3] {
    scale(a, 1.0 / norm(a))
}
