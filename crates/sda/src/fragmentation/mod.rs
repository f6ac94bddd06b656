//! Fragmentation (break-up, ASAT test) detection and attribution.
//!
//! [`detect`] takes the latest element sets of a catalog (and optionally an earlier catalog and
//! the SATCAT) and returns one [`Fragmentation`] per debris cloud it finds: the parent, the
//! event epoch and place, the spread of the fragments' velocity changes, an indication of the
//! cause, the altitude band the cloud occupies and the protected assets that cross it, with a
//! shared [`Event`] for the watch.
//!
//! How the epoch is found (details in `planes` and `point`):
//! 1. **Day**: the fragments' orbital planes, propagated back with SGP4, share one line at
//!    the event (every fragment was at the break-up point). The instant at which the planes of
//!    the low-drag fragments come closest to sharing a line is the event day; only the 10 %
//!    (at least 12) of fragments with the smallest |B*| are used because SGP4's drag model, wrong by the
//!    day-to-day density changes it cannot know, shifts a high-drag fragment's node by tenths
//!    of a degree over weeks, while the signal is a few hundredths of a degree per day.
//! 2. **Place**: that common line, on the side where the fragments' orbits have one radius
//!    (they all pass through the point; at the antipode their radii differ by the eccentricity
//!    the break-up gave them).
//! 3. **Minute**: the parent (or the fragment at the centre of the cloud) passes the point once
//!    a revolution; the revolution at which the most fragments pass within minutes of it is the
//!    event.

pub(crate) mod group;
pub(crate) mod planes;
pub(crate) mod point;

use std::collections::BTreeSet;

use nalgebra::Vector3;
use serde::Serialize;
use uitkijk_formats::satcat::Satcat;
use uitkijk_formats::{ElementSet, ObjectType};
use uitkijk_frames::geodetic_from_itrf_km;
use uitkijk_frames::TemeToItrf;
use uitkijk_propagate::Sgp4;
use uitkijk_time::{EopTable, Epoch, Unit};

use crate::event::{Event, EventKind, Location, Severity};
use crate::gabbard::GabbardPoint;
use planes::Body;

/// Earth's gravitational parameter (WGS-72, as SGP4 uses), km³/s².
const MU_KM3_S2: f64 = 398_600.8;
/// Equatorial radius (WGS-72), km: altitudes of apogee and perigee are counted from it, as the
/// SATCAT does.
const RE_KM: f64 = 6378.135;
/// Longest back-propagation, days, over which the fragments' passes are used for the minute.
const VERNIER_MAX_DAYS: f64 = 60.0;

/// Settings of the detector.
#[derive(Debug, Clone)]
pub struct Config {
    /// Fewest debris pieces (new pieces with an earlier catalog) that make a cloud.
    pub min_fragments: usize,
    /// How far before the earliest fragment element set the event is searched, days (the
    /// parent's launch date bounds it too when the SATCAT gives it).
    pub lookback_days: f64,
    /// Protected assets: catalog numbers checked against the cloud's altitude band.
    pub assets: Vec<u32>,
    /// Most fragments used for the epoch search (a deterministic subset by catalog number).
    pub max_fragments: usize,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            min_fragments: 10,
            lookback_days: 3650.0,
            assets: Vec::new(),
            max_fragments: 400,
        }
    }
}

/// Why detection could not run at all (a cloud that cannot be dated is left out with a
/// message, not an error).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum FragmentationError {
    /// `Config` is unusable.
    #[error("fragmentation config: {field}: {reason}")]
    Config {
        /// The field.
        field: &'static str,
        /// What is wrong.
        reason: String,
    },
}

/// Cause indicated by the cloud's shape (an indication with its evidence, never a verdict).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Cause {
    /// Hypervelocity impact of two catalogued objects (two parents at one point and time).
    Collision,
    /// Hypervelocity impact with no second catalogued object: a direct-ascent ASAT or an
    /// untracked impactor.
    Intercept,
    /// Low-energy break-up (propellant, batteries, pressure).
    Explosion,
    /// Too few fragments or no parent state to judge.
    Undetermined,
}

impl Cause {
    /// The name written in CSV and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Cause::Collision => "collision",
            Cause::Intercept => "intercept",
            Cause::Explosion => "explosion",
            Cause::Undetermined => "undetermined",
        }
    }
}

/// The cloud's spread at one time after the event.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct SpreadSample {
    /// Days after the event.
    pub days_after: f64,
    /// Standard deviation of the fragments' right ascension of the ascending node, degrees.
    pub raan_spread_deg: f64,
}

/// One detected break-up.
#[derive(Debug, Clone, Serialize)]
pub struct Fragmentation {
    /// Parent catalog number (0 when no parent could be named).
    pub parent_id: u32,
    /// Parent name (catalog or SATCAT).
    pub parent_name: String,
    /// Parent owner/country (SATCAT), empty when unknown.
    pub owner: String,
    /// Launch designator the cloud shares, e.g. `1982-092`.
    pub launch_id: String,
    /// How the parent was identified: `named` (debris named after it), `plane` (the intact
    /// piece closest to the common line), `satcat` (not in the catalog; from the SATCAT).
    pub parent_basis: String,
    /// Estimated event epoch (UTC).
    #[serde(serialize_with = "utc_millis")]
    pub epoch: Epoch,
    /// One-sigma uncertainty of the epoch, seconds.
    pub epoch_sigma_s: f64,
    /// Day-level epoch from the planes alone (UTC).
    #[serde(serialize_with = "utc_millis")]
    pub plane_epoch: Epoch,
    /// One-sigma of the plane epoch, seconds.
    pub plane_epoch_sigma_s: f64,
    /// Break-up point: geodetic latitude, degrees.
    pub lat_deg: f64,
    /// Break-up point: longitude, degrees east.
    pub lon_deg: f64,
    /// Break-up point: height above WGS-84, km.
    pub alt_km: f64,
    /// Fragments in the cloud.
    pub n_fragments: usize,
    /// Their catalog numbers, ascending.
    pub fragment_ids: Vec<u32>,
    /// Cause indicated.
    pub cause: Cause,
    /// Why: the rule that fired, in words.
    pub cause_evidence: String,
    /// Median |Δv| of the fragments relative to the parent at the break-up point, m/s.
    pub dv_median_m_s: f64,
    /// 90th percentile of |Δv|, m/s.
    pub dv_p90_m_s: f64,
    /// Mean Δv (radial, in-track, cross-track) of the cloud relative to the parent, m/s: the
    /// momentum an impactor left.
    pub dv_mean_ric_m_s: [f64; 3],
    /// Fraction of fragments thrown forward (in-track Δv > 0).
    pub prograde_fraction: f64,
    /// Altitude band of the cloud: 5th percentile of perigee heights, km.
    pub band_low_km: f64,
    /// Altitude band of the cloud: 95th percentile of apogee heights, km.
    pub band_high_km: f64,
    /// Assets whose perigee–apogee range overlaps the band.
    pub assets_crossing: Vec<u32>,
    /// RAAN spread of the cloud over time.
    pub spread: Vec<SpreadSample>,
    /// Gabbard diagram points of the fragments (current elements), parent first when known.
    pub gabbard: Vec<GabbardPoint>,
}

fn utc_millis<S: serde::Serializer>(epoch: &Epoch, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&uitkijk_time::format_utc_millis(*epoch))
}

impl Fragmentation {
    /// The shared event record of this break-up.
    pub fn event(&self) -> Event {
        let mut ids = Vec::with_capacity(self.fragment_ids.len() + 1);
        if self.parent_id != 0 {
            ids.push(self.parent_id);
        }
        ids.extend(self.fragment_ids.iter().copied());
        let severity = if !self.assets_crossing.is_empty() {
            Severity::Critical
        } else if self.cause == Cause::Intercept || self.cause == Cause::Collision {
            Severity::Warning
        } else {
            Severity::Notice
        };
        Event {
            kind: EventKind::Fragmentation,
            epoch: self.epoch,
            epoch_sigma_s: self.epoch_sigma_s,
            norad_ids: ids,
            location: Some(Location {
                lat_deg: self.lat_deg,
                lon_deg: self.lon_deg,
                alt_km: self.alt_km,
            }),
            severity,
            summary: format!(
                "break-up of {} ({}, {}) at {} near {:.1}N {:.1}E {:.0} km: {} fragments, {} indicated",
                self.parent_name,
                self.parent_id,
                if self.owner.is_empty() { "owner unknown" } else { &self.owner },
                uitkijk_time::format_utc_millis(self.epoch),
                self.lat_deg,
                self.lon_deg,
                self.alt_km,
                self.n_fragments,
                self.cause.as_str()
            ),
            evidence: vec![
                ("n_fragments".into(), self.n_fragments as f64),
                ("dv_median_m_s".into(), self.dv_median_m_s),
                ("dv_p90_m_s".into(), self.dv_p90_m_s),
                ("band_low_km".into(), self.band_low_km),
                ("band_high_km".into(), self.band_high_km),
                ("assets_crossing".into(), self.assets_crossing.len() as f64),
            ],
        }
    }
}

/// What [`detect`] returns: the break-ups, and one line per cloud that was found but could not
/// be dated.
#[derive(Debug, Clone, Default)]
pub struct Detection {
    /// Break-ups, sorted by epoch then parent.
    pub events: Vec<Fragmentation>,
    /// Clouds left out, with the reason.
    pub skipped: Vec<String>,
}

/// Find the break-ups in `sets` (the latest element set of each object). With `before` (the
/// catalog numbers of an earlier catalog) only pieces new since then make a cloud.
pub fn detect(
    sets: &[&ElementSet],
    before: Option<&BTreeSet<u32>>,
    satcat: Option<&Satcat>,
    config: &Config,
) -> Result<Detection, FragmentationError> {
    if config.min_fragments < 3 {
        return Err(FragmentationError::Config {
            field: "min_fragments",
            reason: format!(
                "{} is below 3: a common line needs three planes",
                config.min_fragments
            ),
        });
    }
    if !(config.lookback_days > 0.0 && config.lookback_days.is_finite()) {
        return Err(FragmentationError::Config {
            field: "lookback_days",
            reason: format!("{} is not a positive number of days", config.lookback_days),
        });
    }
    let mut out = Detection::default();
    for g in group::groups(sets, before, satcat, config.min_fragments) {
        match analyse(&g, sets, satcat, config) {
            Ok(f) => out.events.push(f),
            Err(why) => out.skipped.push(format!("{}: {why}", g.launch_id)),
        }
    }
    mark_collisions(&mut out.events);
    out.events
        .sort_by(|a, b| a.epoch.cmp(&b.epoch).then(a.parent_id.cmp(&b.parent_id)));
    Ok(out)
}

fn body(set: &ElementSet) -> Option<Body> {
    if set.mean_motion_rev_day <= 0.0 {
        return None;
    }
    Some(Body {
        id: set.norad_id,
        sgp4: Sgp4::new(set).ok()?,
        period_min: 1440.0 / set.mean_motion_rev_day,
    })
}

fn quantile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let x = p * (sorted.len() - 1) as f64;
    let (i, f) = (x.floor() as usize, x - x.floor());
    if i + 1 < sorted.len() {
        sorted[i] * (1.0 - f) + sorted[i + 1] * f
    } else {
        sorted[i]
    }
}

/// Perigee and apogee heights (km above the WGS-72 equatorial radius) and period (min) of a
/// mean element set, from the Kozai mean motion (close enough for a diagram and a band).
pub(crate) fn gabbard_point(set: &ElementSet) -> GabbardPoint {
    let n_rad_s = set.mean_motion_rev_day * 2.0 * std::f64::consts::PI / 86_400.0;
    let a = (MU_KM3_S2 / (n_rad_s * n_rad_s)).cbrt();
    GabbardPoint {
        norad_id: set.norad_id,
        period_min: 1440.0 / set.mean_motion_rev_day,
        apogee_km: a * (1.0 + set.eccentricity) - RE_KM,
        perigee_km: a * (1.0 - set.eccentricity) - RE_KM,
    }
}

/// Golden-section minimum of `f` on [a, b] (f unimodal there), to `tol`.
fn golden(mut a: f64, mut b: f64, tol: f64, f: &dyn Fn(f64) -> f64) -> f64 {
    let g = (5f64.sqrt() - 1.0) / 2.0;
    let (mut c, mut d) = (b - g * (b - a), a + g * (b - a));
    let (mut fc, mut fd) = (f(c), f(d));
    while (b - a).abs() > tol {
        if fc < fd {
            b = d;
            d = c;
            fd = fc;
            c = b - g * (b - a);
            fc = f(c);
        } else {
            a = c;
            c = d;
            fc = fd;
            d = a + g * (b - a);
            fd = f(d);
        }
    }
    (a + b) / 2.0
}

fn analyse(
    g: &group::Group,
    all: &[&ElementSet],
    satcat: Option<&Satcat>,
    config: &Config,
) -> Result<Fragmentation, String> {
    // Fragments, a deterministic subset when the cloud is large.
    let stride = g.fragments.len().div_ceil(config.max_fragments).max(1);
    let frags: Vec<Body> = g
        .fragments
        .iter()
        .step_by(stride)
        .filter_map(|s| body(s))
        .collect();
    if frags.len() < config.min_fragments.max(3) {
        return Err(format!("only {} fragments propagate", frags.len()));
    }
    // The low-drag tenth (at least 12) dates the planes.
    let mut by_drag: Vec<(f64, usize)> = g
        .fragments
        .iter()
        .step_by(stride)
        .filter(|s| body(s).is_some())
        .map(|s| s.bstar_per_er.abs())
        .zip(0..)
        .collect();
    by_drag.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let n_low = (frags.len() / 10).max(12).min(frags.len());
    let mut low_idx: Vec<usize> = by_drag[..n_low].iter().map(|x| x.1).collect();
    low_idx.sort_unstable();
    let low: Vec<Body> = low_idx.iter().map(|&i| frags[i].clone()).collect();

    // Search window: before the first fragment element set, after the parent's launch.
    let t_hi = g
        .fragments
        .iter()
        .map(|s| s.epoch)
        .min()
        .ok_or("no fragments")?;
    let launch = satcat.and_then(|s| {
        g.fragments
            .iter()
            .chain(g.intact.iter())
            .filter_map(|f| s.get(f.norad_id).and_then(|e| e.launch_date))
            .min()
    });
    let mut t_lo = t_hi - Unit::Day * config.lookback_days;
    if let Some(l) = launch {
        if l > t_lo && l < t_hi {
            t_lo = l;
        }
    }
    let span_d = (t_hi - t_lo).to_seconds() / 86_400.0;
    // Two passes: least squares finds the neighbourhood and the residual scale there; the
    // robust (Cauchy) cost with that scale then finds the minimum.
    let step_d = (span_d / 1500.0).max(0.25);
    let scan = |scale2: f64| -> Result<(f64, f64, f64), String> {
        let cost = |d: f64| -> f64 {
            planes::fit_at(&low, t_lo + Unit::Day * d, scale2).map_or(f64::INFINITY, |f| f.cost)
        };
        // Coarse scan: a step that keeps the scan to ~1500 fits; the minimum's width grows
        // with the distance back, so the step may too.
        let mut grid = Vec::new();
        let mut d = 0.0;
        while d <= span_d {
            grid.push((d, cost(d)));
            d += step_d;
        }
        let (i_best, _) = grid
            .iter()
            .enumerate()
            .filter(|(_, x)| x.1.is_finite())
            .min_by(|a, b| a.1 .1.total_cmp(&b.1 .1))
            .ok_or("the planes could not be fitted at any time in the window")?;
        let lo = grid[i_best.saturating_sub(1)].0;
        let hi = grid[(i_best + 1).min(grid.len() - 1)].0;
        let d_best = golden(lo, hi, 1e-4, &cost);
        let c0 = cost(d_best);
        // Sigma: the offset at which the cost doubles (the spread grown by precession equals
        // the residual spread), from a parabola through ±h.
        let h = step_d.max(0.5);
        let curv = ((cost(d_best + h) + cost(d_best - h) - 2.0 * c0) / (h * h)).max(1e-30);
        Ok((d_best, c0, (c0 / curv).sqrt().clamp(0.01, span_d)))
    };
    let (d_ls, _, _) = scan(0.0)?;
    let scale2 = planes::median_d2(&low, t_lo + Unit::Day * d_ls)
        .filter(|s| *s > 0.0)
        .ok_or("no plane scale")?;
    let (d_best, _, plane_sigma_d) = scan(scale2)?;
    let t_plane = t_lo + Unit::Day * d_best;
    let fit = planes::fit_at(&low, t_plane, scale2).ok_or("no plane fit at the minimum")?;

    // Side of the line: the one where the fragments' orbits share a radius.
    let radius_spread = |l: &Vector3<f64>| -> (f64, f64) {
        let mut r: Vec<f64> = low
            .iter()
            .filter_map(|b| point::crossing_near(b, t_plane, l))
            .map(|(_, r, _)| r.norm())
            .collect();
        r.sort_by(f64::total_cmp);
        (quantile(&r, 0.75) - quantile(&r, 0.25), quantile(&r, 0.5))
    };
    let (sp, rp) = radius_spread(&fit.line);
    let (sm, rm) = radius_spread(&(-fit.line));
    let (line, r_break) = if sm < sp {
        (-fit.line, rm)
    } else {
        (fit.line, rp)
    };

    // Parent: named by the debris, else the intact piece whose plane is nearest the line.
    let stem = group::named_parent_stem(&g.fragments, satcat);
    let named = stem.as_ref().and_then(|stem| {
        g.intact
            .iter()
            .chain(g.fragments.iter())
            .find(|s| {
                group::name_of(s, satcat).is_some_and(|n| n.trim().eq_ignore_ascii_case(stem))
            })
            .copied()
            .or_else(|| {
                all.iter()
                    .find(|s| {
                        group::name_of(s, satcat)
                            .is_some_and(|n| n.trim().eq_ignore_ascii_case(stem))
                    })
                    .copied()
            })
    });
    let (parent_set, basis) = match named {
        Some(p) => (Some(p), "named"),
        None => {
            let best = g
                .intact
                .iter()
                .filter_map(|s| {
                    let n = body(s)?.mean_normal(t_plane)?;
                    Some((n.dot(&line).abs(), *s))
                })
                .min_by(|a, b| a.0.total_cmp(&b.0).then(a.1.norad_id.cmp(&b.1.norad_id)));
            match best {
                Some((_, s)) => (Some(s), "plane"),
                None => (None, "satcat"),
            }
        }
    };
    let satcat_parent = || {
        let s = satcat?;
        let by_name = stem.as_ref().and_then(|stem| {
            s.entries()
                .find(|e| e.launch_id() == g.launch_id && e.name.trim().eq_ignore_ascii_case(stem))
        });
        // `CZ-4 DEB` comes from the stage `CZ-4 R/B`: an intact piece whose name extends the
        // stem.
        let by_prefix = || {
            let stem = stem.as_ref()?.to_ascii_uppercase();
            s.entries()
                .filter(|e| {
                    e.launch_id() == g.launch_id
                        && e.object_type != ObjectType::Debris
                        && e.name
                            .trim()
                            .to_ascii_uppercase()
                            .starts_with(&format!("{stem} "))
                })
                .min_by_key(|e| e.norad_id)
        };
        by_name.or_else(by_prefix).or_else(|| {
            s.entries()
                .filter(|e| e.launch_id() == g.launch_id && e.object_type == ObjectType::Payload)
                .min_by_key(|e| e.norad_id)
        })
    };
    let (parent_id, parent_name) = match parent_set {
        Some(p) => (
            p.norad_id,
            group::name_of(p, satcat).unwrap_or_else(|| stem.clone().unwrap_or_default()),
        ),
        None => match satcat_parent() {
            Some(e) => (e.norad_id, e.name.clone()),
            None => (0, stem.clone().unwrap_or_default()),
        },
    };
    let owner = satcat
        .and_then(|s| s.get(parent_id))
        .map(|e| e.owner.clone())
        .unwrap_or_default();

    // The minute: candidate passes of the reference body through the point.
    let parent_body = parent_set
        .and_then(body)
        .filter(|b| b.mean_normal(t_plane).is_some());
    let reference = match &parent_body {
        Some(b) => b.clone(),
        // No parent state: the low-drag fragment whose plane is nearest the line.
        None => low
            .iter()
            .filter_map(|b| Some((b.mean_normal(t_plane)?.dot(&line).abs(), b)))
            .min_by(|a, b| a.0.total_cmp(&b.0).then(a.1.id.cmp(&b.1.id)))
            .map(|x| x.1.clone())
            .ok_or("no reference body")?,
    };
    let window_d = (2.0 * plane_sigma_d).clamp(1.0, 3.0);
    let mut candidates: Vec<(Epoch, f64)> = Vec::new();
    let mut t = t_plane - Unit::Day * window_d;
    let end = t_plane + Unit::Day * window_d;
    while t < end {
        if let Some((tc, _, _)) = point::crossing_near(&reference, t, &line) {
            if candidates
                .last()
                .is_none_or(|c| (tc - c.0).to_seconds() > 600.0)
                && tc < end
            {
                candidates.push((tc, pass_score(&frags, tc, &line)));
            }
        }
        t += Unit::Minute * reference.period_min;
    }
    if candidates.is_empty() {
        return Err("the reference body never passes the break-up point".into());
    }
    // Smooth over neighbouring revolutions: the along-track errors blur the vernier over a
    // few revolutions, and the smoothed peak is far steadier than any single one.
    let smooth: Vec<f64> = (0..candidates.len())
        .map(|i| {
            let lo = i.saturating_sub(1);
            let hi = (i + 1).min(candidates.len() - 1);
            candidates[lo..=hi].iter().map(|c| c.1).sum::<f64>() / (hi - lo + 1) as f64
        })
        .collect();
    let i_ev = (0..candidates.len())
        .max_by(|&a, &b| {
            smooth[a]
                .total_cmp(&smooth[b])
                .then(candidates[a].1.total_cmp(&candidates[b].1))
                .then(b.cmp(&a))
        })
        .unwrap_or(0);
    // Beyond ~60 days of back-propagation SGP4's along-track error (drag it cannot know)
    // exceeds a revolution for most fragments and the passes carry no information: the plane
    // epoch stands (measured: the pass-score contrast between revolutions vanishes for the
    // 13-month-old Fengyun-1C and the 8-year-old Iridium 33 clouds, see BENCHMARKS.md).
    let back_d = (t_hi - t_plane).to_seconds() / 86_400.0;
    let (epoch, epoch_sigma_s) = if back_d > VERNIER_MAX_DAYS {
        (t_plane, plane_sigma_d * 86_400.0)
    } else {
        let mut others: Vec<f64> = smooth
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != i_ev)
            .map(|x| *x.1)
            .collect();
        others.sort_by(f64::total_cmp);
        let runner_up = others.last().copied().unwrap_or(0.0);
        // A clear peak pins the revolution (the kernel width is the sigma); a flat one leaves
        // a revolution either way.
        let margin = (smooth[i_ev] - runner_up) / smooth[i_ev].max(1e-12);
        let sigma = if margin > 0.05 {
            3.0 * 60.0
        } else {
            reference.period_min * 60.0
        };
        (candidates[i_ev].0, sigma)
    };

    // Location: the point on the line at the fragments' common radius, in ITRF.
    let r_teme = line * r_break;
    let rot = TemeToItrf::at(epoch, EopTable::bundled());
    let (r_itrf, _) = rot.rotate(&[r_teme.x, r_teme.y, r_teme.z], &[0.0; 3]);
    let geo = geodetic_from_itrf_km(&r_itrf);

    // Δv of every fragment at the point, relative to the reference body there.
    let (_, rp_ref, vp_ref) =
        point::crossing_near(&reference, epoch, &line).ok_or("reference lost")?;
    let rh = rp_ref.normalize();
    let ch = rp_ref.cross(&vp_ref).normalize();
    let ih = ch.cross(&rh);
    let mut dv: Vec<f64> = Vec::new();
    let mut mean = Vector3::zeros();
    let mut fwd = 0usize;
    for b in &frags {
        if let Some((_, _, v)) = point::crossing_near(b, epoch, &line) {
            let d = (v - vp_ref) * 1000.0;
            let ric = Vector3::new(d.dot(&rh), d.dot(&ih), d.dot(&ch));
            if ric.norm() > 3000.0 {
                continue; // not from this point: a stray piece
            }
            mean += ric;
            fwd += usize::from(ric.y > 0.0);
            dv.push(ric.norm());
        }
    }
    let n_dv = dv.len().max(1) as f64;
    mean /= n_dv;
    dv.sort_by(f64::total_cmp);
    let dv_median = quantile(&dv, 0.5);
    let dv_p90 = quantile(&dv, 0.9);

    let parent_kind = match parent_set {
        Some(p) => group::kind_of(p, satcat),
        None => satcat
            .and_then(|s| s.get(parent_id))
            .map_or(ObjectType::Unknown, |e| e.object_type),
    };
    let (cause, evidence) = indicate(parent_kind, dv_median, &mean, dv.len());

    // Altitude band and assets.
    let mut gab: Vec<GabbardPoint> = g.fragments.iter().map(|s| gabbard_point(s)).collect();
    let mut per: Vec<f64> = gab.iter().map(|p| p.perigee_km).collect();
    let mut apo: Vec<f64> = gab.iter().map(|p| p.apogee_km).collect();
    per.sort_by(f64::total_cmp);
    apo.sort_by(f64::total_cmp);
    let (band_low, band_high) = (quantile(&per, 0.05), quantile(&apo, 0.95));
    let mut assets_crossing: Vec<u32> = all
        .iter()
        .filter(|s| config.assets.contains(&s.norad_id))
        .filter(|s| {
            let p = gabbard_point(s);
            p.perigee_km <= band_high && p.apogee_km >= band_low
        })
        .map(|s| s.norad_id)
        .collect();
    assets_crossing.sort_unstable();
    assets_crossing.dedup();
    if let Some(p) = parent_set {
        gab.insert(0, gabbard_point(p));
    }

    // RAAN spread from the event to the newest fragment element set, at most ~40 samples.
    let t_last = g.fragments.iter().map(|s| s.epoch).max().unwrap_or(t_hi);
    let total_d = ((t_last - epoch).to_seconds() / 86_400.0).max(0.0);
    let step = (total_d / 40.0).max(1.0).ceil();
    let mut spread = Vec::new();
    let mut k = 0.0;
    while k <= total_d + 1e-9 {
        let t = epoch + Unit::Day * k;
        let raans: Vec<f64> = low
            .iter()
            .filter_map(|b| b.mean_normal(t))
            .map(|n| n.x.atan2(-n.y))
            .collect();
        if raans.len() >= 3 {
            spread.push(SpreadSample {
                days_after: k,
                raan_spread_deg: circular_std(&raans).to_degrees(),
            });
        }
        k += step;
    }

    let mut fragment_ids: Vec<u32> = g.fragments.iter().map(|s| s.norad_id).collect();
    fragment_ids.sort_unstable();
    Ok(Fragmentation {
        parent_id,
        parent_name,
        owner,
        launch_id: g.launch_id.clone(),
        parent_basis: basis.to_string(),
        epoch,
        epoch_sigma_s,
        plane_epoch: t_plane,
        plane_epoch_sigma_s: plane_sigma_d * 86_400.0,
        lat_deg: geo.lat_deg,
        lon_deg: geo.lon_deg,
        alt_km: geo.alt_km,
        n_fragments: fragment_ids.len(),
        fragment_ids,
        cause,
        cause_evidence: evidence,
        dv_median_m_s: dv_median,
        dv_p90_m_s: dv_p90,
        dv_mean_ric_m_s: [mean.x, mean.y, mean.z],
        prograde_fraction: fwd as f64 / n_dv,
        band_low_km: band_low,
        band_high_km: band_high,
        assets_crossing,
        spread,
        gabbard: gab,
    })
}

/// Mean over fragments of a Gaussian kernel (σ = 3 min) of the time between the candidate
/// instant and the fragment's own pass through the point.
fn pass_score(frags: &[Body], t: Epoch, line: &Vector3<f64>) -> f64 {
    use rayon::prelude::*;
    let s: Vec<f64> = frags
        .par_iter()
        .filter_map(|b| point::crossing_near(b, t, line))
        .map(|(tc, _, _)| {
            let dt_min = (tc - t).to_seconds() / 60.0;
            (-0.5 * (dt_min / 3.0).powi(2)).exp()
        })
        .collect();
    s.iter().sum::<f64>() / frags.len().max(1) as f64
}

fn circular_std(angles: &[f64]) -> f64 {
    let (s, c) = angles
        .iter()
        .fold((0.0, 0.0), |(s, c), a| (s + a.sin(), c + a.cos()));
    let r = ((s * s + c * c).sqrt() / angles.len() as f64).min(1.0);
    (-2.0 * r.ln()).max(0.0).sqrt()
}

/// The cause the cloud indicates.
///
/// Basis: in the NASA standard breakup model (Johnson, Krisko, Liou & Anz-Meador, "NASA's new
/// breakup model of EVOLVE 4.0", Adv. Space Res. 28(9), 2001, eqs. for the Δv distribution) the
/// fragments of a collision leave with a mean log10 Δv of 0.9χ + 2.9 and those of an
/// explosion with 0.2χ + 1.85 (χ = log10 A/m, m²/kg); for the typical catalogued fragment
/// (A/m ≈ 0.1 m²/kg, χ = −1) that is 100 m/s against 45 m/s, so a median above 70 m/s (their
/// geometric mean) indicates a hypervelocity impact. An impact with a second catalogued parent
/// at the same point and time is a collision (see `mark_collisions`); without one, on a
/// payload, it indicates an intercept (a direct-ascent ASAT leaves no catalogued impactor). A
/// hypervelocity impact also shifts the cloud's mean velocity by the impactor's momentum (the
/// momentum balance of the model's collision case), which an explosion, ejecting fragments
/// about isotropically from the parent, does not: a mean Δv well above the isotropic floor is
/// the second, independent sign of an impact.
fn indicate(parent: ObjectType, dv_median: f64, mean: &Vector3<f64>, n: usize) -> (Cause, String) {
    if n < 5 || !dv_median.is_finite() {
        return (Cause::Undetermined, format!("only {n} fragments with a Δv"));
    }
    let offset = mean.norm();
    // Isotropic ejection leaves the mean of n Δv vectors near median·√(3/n); an impactor's
    // momentum shifts the whole cloud. Three times that floor, and at least 30 % of the median,
    // counts as an offset.
    let floor = dv_median * (3.0 / n as f64).sqrt();
    let shifted = offset > (3.0 * floor).max(0.3 * dv_median);
    let fast = dv_median > 70.0;
    if parent == ObjectType::RocketBody {
        // Stages break up overwhelmingly from residual propellant or pressurant (NASA, History
        // of On-Orbit Satellite Fragmentations, JSC-62530): an energetic cloud from a stage
        // with no second parent is still an explosion first.
        return (
            Cause::Explosion,
            format!(
                "parent is a rocket body and no second catalogued parent is at the point \
                 (propulsion explosion); median Δv {dv_median:.0} m/s, cloud momentum offset \
                 {offset:.0} m/s (isotropic floor {floor:.0} m/s)"
            ),
        );
    }
    if fast || shifted {
        let who = match parent {
            ObjectType::Payload => "a payload",
            _ => "of unknown type",
        };
        (
            Cause::Intercept,
            format!(
                "median Δv {dv_median:.0} m/s ({} 70 m/s, NASA breakup model); cloud momentum \
                 offset {offset:.0} m/s ({} isotropic floor {floor:.0} m/s): hypervelocity impact; \
                 no second catalogued parent at the point; parent {who}",
                if fast { ">" } else { "≤" },
                if shifted {
                    "well above the"
                } else {
                    "near the"
                },
            ),
        )
    } else {
        (
            Cause::Explosion,
            format!(
                "median Δv {dv_median:.0} m/s ≤ 70 m/s and cloud momentum offset {offset:.0} m/s \
                 near the isotropic floor {floor:.0} m/s (NASA breakup model: low-energy break-up)"
            ),
        )
    }
}

/// Two clouds dated to the same time (within their sigmas, and 15 minutes) and the same place
/// (within 100 km) are one collision: each gets the other's parent as evidence.
fn mark_collisions(events: &mut [Fragmentation]) {
    let n = events.len();
    let mut pairs = Vec::new();
    for i in 0..n {
        for j in (i + 1)..n {
            let (a, b) = (&events[i], &events[j]);
            let dt = (a.epoch - b.epoch).to_seconds().abs();
            let tol = (a.epoch_sigma_s.hypot(b.epoch_sigma_s) * 2.0).max(900.0);
            let pa = geodetic_vec(a);
            let pb = geodetic_vec(b);
            if dt <= tol && (pa - pb).norm() < 100.0 {
                pairs.push((i, j));
            }
        }
    }
    for (i, j) in pairs {
        let (pi, pj) = (events[i].parent_id, events[j].parent_id);
        for (k, other) in [(i, pj), (j, pi)] {
            let e = &mut events[k];
            e.cause = Cause::Collision;
            e.cause_evidence = format!(
                "second parent {other} broke up at the same time and place; {}",
                e.cause_evidence
            );
        }
    }
}

fn geodetic_vec(f: &Fragmentation) -> Vector3<f64> {
    let (la, lo) = (f.lat_deg.to_radians(), f.lon_deg.to_radians());
    Vector3::new(la.cos() * lo.cos(), la.cos() * lo.sin(), la.sin()) * (RE_KM + f.alt_km)
}
