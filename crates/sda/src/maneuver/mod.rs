//! Manoeuvre detection from element-set histories.
//!
//! # Method
//!
//! Each element set is reduced to its Brouwer mean semi-major axis `a` (from the un-Kozai'd
//! mean motion, as SGP4 initialises it), and its orbit plane: inclination `i` and node `Ω` in
//! low orbit, the inclination vector `(i cos Ω, i sin Ω)` for deep-space (GEO-like) orbits,
//! whose node is ill-defined near zero inclination. Between consecutive sets each channel is
//! expected to move at its local natural rate (drag decay of `a`, J2 regression of `Ω`,
//! luni-solar drift of the inclination vector), estimated as the median of the pairwise rates
//! of the neighbouring sets, so that no force model has to be trusted and no parameter is set
//! per satellite. The *level step* of a channel across a gap is the median of the
//! [`Config::level_sets`] sets after it minus the median of those before (natural motion
//! removed), so that a change must be confirmed by the following sets; its noise scale is the
//! median absolute deviation of the steps of the neighbouring gaps (TLE noise is heavy-tailed
//! and differs by orbit, object and era: robust statistics, no Gaussian assumption). A gap
//! whose step is a local peak above [`Config::threshold_sigma`] noise scales in `a` is an
//! in-plane manoeuvre; above [`Config::plane_threshold_sigma`] in the plane channels an
//! out-of-plane one. A jump between two consecutive sets above [`Config::single_gap_sigma`]
//! counts too (burns too close together for the level windows, as in early orbit phases),
//! provided the sets after it move at least [`Config::jump_confirm_fraction`] of the level
//! threshold: a burn is a lasting change, a jump the following sets do not follow is a bad set.
//!
//! In low orbit a second test looks for burns too small for the level steps (a few mm/s, Δa of
//! metres, which the TLEs show as a ramp over days): each set is propagated with SGP4 to the
//! epochs of the sets around the following gap and its along-track residuals are fitted with
//! and without a change of drift after the gap; a likelihood-ratio statistic above the χ²₂
//! quantile of [`Config::along_false_alarm`], confirmed by a level step of the same sign in
//! mean `a` of at least [`Config::along_confirm_sigma`], is an in-plane manoeuvre, timed by
//! the knee of the residuals (see `along`).
//! Detections closer than [`Config::merge_cadences`] median set spacings are one burn, one row.
//!
//! Real histories hold element sets that are wrong rather than manoeuvres: mis-tagged sets,
//! bad fits, sets re-issued after a manoeuvre. A set that jumps away from its predecessor
//! while its successor agrees with the predecessor is an outlier, not a manoeuvre; it is
//! dropped and the comparison repeated without it. Two successive jumps of the same sign are
//! one manoeuvre whose first post-burn set was fitted across the burn. TLE fits span days, so
//! after a small burn the mean elements drift to the new level over several sets; the burn is
//! placed before the first set of that transition (the onset), and two peaks with the same
//! onset are one burn.
//!
//! Δv follows Gauss's variational equations for near-circular orbits (Vallado,
//! "Fundamentals of Astrodynamics and Applications", 4th ed., §9.3, eqs. 9-24 ff.; Battin,
//! "An Introduction to the Mathematics and Methods of Astrodynamics", §10.4):
//! along-track `Δv_T = n Δa / 2` (from `da/dt = 2 a² v Δv_T / μ` with `v = n a`), and
//! cross-track `Δv_N = v Δθ`, `Δθ` the angle between the orbit normals before and after
//! (`Δθ ≈ √(Δi² + (sin i ΔΩ)²)`, or the change of the inclination vector in GEO). The total is
//! `√(Δv_T² + Δv_N²)`; radial components are not observable from `a` and the plane alone.
//!
//! The burn time is where the SGP4 trajectories of the set before and the set after come
//! closest (see [`timing`](self) for why), else the middle of the gap.

mod along;
mod elements;
mod robust;
pub mod score;
mod timing;

use rayon::prelude::*;
use serde::Serialize;
use uitkijk_formats::ElementSet;
use uitkijk_time::Epoch;

use crate::event::{Event, EventKind, Severity};
use elements::{Sample, DEEP_SPACE_REV_DAY};

/// What kind of orbit change a manoeuvre made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ManeuverKind {
    /// Semi-major axis changed (along-track burn): orbit raising, drag make-up, east-west
    /// station keeping.
    InPlane,
    /// Orbit plane changed (cross-track burn): inclination or node control, north-south
    /// station keeping.
    OutOfPlane,
    /// Both at once.
    Both,
}

impl ManeuverKind {
    /// The CLI's spelling: `in-plane`, `out-of-plane`, `both`.
    pub fn as_str(self) -> &'static str {
        match self {
            ManeuverKind::InPlane => "in-plane",
            ManeuverKind::OutOfPlane => "out-of-plane",
            ManeuverKind::Both => "both",
        }
    }
}

/// One detected manoeuvre.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Maneuver {
    /// Catalog number of the satellite.
    pub norad_id: u32,
    /// Estimated time of the burn (UTC).
    #[serde(serialize_with = "utc_millis")]
    pub epoch: Epoch,
    /// One-sigma uncertainty of `epoch`, s.
    pub epoch_sigma_s: f64,
    /// In-plane, out-of-plane or both.
    pub kind: ManeuverKind,
    /// Total Δv, m/s.
    pub dv_m_s: f64,
    /// Along-track Δv (signed: positive raises the orbit), m/s.
    pub dv_along_m_s: f64,
    /// Cross-track Δv (magnitude), m/s.
    pub dv_cross_m_s: f64,
    /// Change of the mean semi-major axis beyond its natural motion, km.
    pub delta_a_km: f64,
    /// Change of the mean inclination beyond its natural motion, degrees.
    pub delta_i_deg: f64,
    /// Size of the largest jump in noise scales (robust σ) of its channel; for a detection of
    /// the along-track test, the square root of its calibrated likelihood ratio if larger.
    pub snr: f64,
    /// Whether element sets after the manoeuvre confirm the new orbit (false for a jump in
    /// the last set of the history, which a later set may still show to be an outlier).
    pub confirmed: bool,
    /// Epoch of the last element set before the manoeuvre.
    #[serde(serialize_with = "utc_millis")]
    pub before_epoch: Epoch,
    /// Epoch of the first element set after it.
    #[serde(serialize_with = "utc_millis")]
    pub after_epoch: Epoch,
}

fn utc_millis<S: serde::Serializer>(epoch: &Epoch, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&uitkijk_time::format_utc_millis(*epoch))
}

/// Settings of the detector. The defaults are physical or statistical, the same for every
/// satellite.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// A change of level (median of the sets after minus median of the sets before) larger
    /// than this many robust σ of its channel is a manoeuvre.
    pub threshold_sigma: f64,
    /// The same for the plane channels (inclination, node, inclination vector), whose TLE
    /// values carry steps and ramps of their own (long-period terms the mean elements leave
    /// out, changes of the producer's theory): measured on TOPEX, where 0.005–0.015° steps
    /// in mean inclination at 8–25 σ match no operator manoeuvre.
    pub plane_threshold_sigma: f64,
    /// A jump between two consecutive sets this many σ large is a manoeuvre even when the
    /// level windows cannot confirm it (burns days apart in early orbit phases).
    pub single_gap_sigma: f64,
    /// A single-gap jump counts only when the level step across it reaches this fraction of
    /// its threshold: a burn is a lasting change, so the following sets must move at least
    /// part of the way (they may be cut short by a next burn, hence a fraction), whereas a
    /// jump they do not follow is a bad set.
    pub jump_confirm_fraction: f64,
    /// Sets on each side of a gap whose median is the level before and after it.
    pub level_sets: usize,
    /// A set is an outlier when its successor agrees with its predecessor within this many σ
    /// (while the set itself jumps by more than `threshold_sigma`).
    pub outlier_agree_sigma: f64,
    /// Neighbouring gaps on each side used for the natural rate and the noise scale.
    pub window_gaps: usize,
    /// Smallest along-track Δv reported, m/s: below it a jump is TLE noise however quiet the
    /// neighbours (the mean-motion field's resolution is 1e-8 rev/day).
    pub min_dv_m_s: f64,
    /// The same floor for deep-space (GEO-like) orbits, m/s: their mean semi-major axis
    /// scatters by 0.1–0.4 km between sets in quiet periods (measured on Fengyun-2D/2F/2H/4A),
    /// i.e. 0.005–0.015 m/s, with heavy tails; east–west station keeping burns are larger.
    pub min_dv_deep_m_s: f64,
    /// Sets closer in time than this to the previous one are re-issues, not new information, s.
    pub min_gap_s: f64,
    /// Refine the burn time by the closest approach of the trajectories before and after.
    pub refine_epoch: bool,
    /// How far back, in level windows, the onset search may go from the gap where the level
    /// step peaks (see `Jumps::onset`).
    pub onset_back_levels: usize,
    /// Fraction of the step a set must have made to count as past the burn.
    pub onset_fraction: f64,
    /// Detections closer than this many typical set spacings (median gap of the history) are
    /// one burn: the sets between them cannot separate two burns.
    pub merge_cadences: f64,
    /// Run the along-track prediction test (low orbits only; see `along`).
    pub along_track: bool,
    /// Sets within this many days of a gap enter its along-track test: long enough for the
    /// drift of a mm/s burn to grow past the TLE scatter (≈ 1 km/day for 5 m of Δa), short
    /// enough to hold one burn of a weekly-to-monthly maintenance cycle.
    pub along_window_days: f64,
    /// False-alarm probability per gap of the along-track test; its threshold is the χ²₂
    /// quantile −2 ln α.
    pub along_false_alarm: f64,
    /// An along-track detection needs a level step in mean `a` of the same sign and at
    /// least this many σ within a level window of its gap (one-sided 2σ: ≈ 2 % by chance
    /// per gap), a second, nearly independent channel.
    pub along_confirm_sigma: f64,
    /// How far before the tested gap the knee of the along-track residuals (the burn time)
    /// is searched, days; 0 keeps the closest-approach time of the gap's two sets.
    pub along_knee_back_days: f64,
    /// An along-track detection within this many days of a level-step detection is the
    /// same burn and is dropped.
    pub along_defer_days: f64,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            threshold_sigma: 6.0,
            single_gap_sigma: 30.0,
            plane_threshold_sigma: 30.0,
            jump_confirm_fraction: 0.5,
            level_sets: 4,
            outlier_agree_sigma: 4.0,
            window_gaps: 25,
            min_dv_m_s: 0.001,
            min_dv_deep_m_s: 0.02,
            min_gap_s: 60.0,
            refine_epoch: true,
            onset_back_levels: 2,
            onset_fraction: 0.25,
            merge_cadences: 1.0,
            along_track: true,
            along_window_days: 5.0,
            along_false_alarm: 1e-4,
            along_confirm_sigma: 2.0,
            along_knee_back_days: 5.0,
            along_defer_days: 1.0,
        }
    }
}

/// What the detector did with one object's history.
#[derive(Debug, Clone, Default)]
pub struct Detection {
    /// Manoeuvres found, by time.
    pub maneuvers: Vec<Maneuver>,
    /// Element sets used.
    pub sets_used: usize,
    /// Element sets left out as outliers (mis-tags, bad fits).
    pub outliers: usize,
    /// Element sets that could not be read as a bound orbit, or re-issues within
    /// [`Config::min_gap_s`] of their predecessor.
    pub skipped: usize,
}

/// Why an object could not be analysed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ManeuverError {
    /// Too few usable element sets to tell a manoeuvre from noise.
    #[error("object {norad_id}: {usable} usable element set(s); at least {needed} are needed")]
    TooFewSets {
        /// The object.
        norad_id: u32,
        /// Usable sets found.
        usable: usize,
        /// Sets needed.
        needed: usize,
    },
    /// The history mixes catalog numbers.
    #[error("history mixes catalog numbers {first} and {other}")]
    MixedObjects {
        /// First catalog number seen.
        first: u32,
        /// Another one.
        other: u32,
    },
}

/// Fewest usable sets: a noise scale needs a handful of gaps besides the one tested.
pub const MIN_SETS: usize = 6;

/// Detect the manoeuvres in one object's history (any order; sorted by epoch here).
pub fn detect(history: &[ElementSet], config: &Config) -> Result<Detection, ManeuverError> {
    let Some(first) = history.first() else {
        return Err(ManeuverError::TooFewSets {
            norad_id: 0,
            usable: 0,
            needed: MIN_SETS,
        });
    };
    let norad_id = first.norad_id;
    if let Some(other) = history.iter().find(|s| s.norad_id != norad_id) {
        return Err(ManeuverError::MixedObjects {
            first: norad_id,
            other: other.norad_id,
        });
    }
    let mut order: Vec<usize> = (0..history.len()).collect();
    order.sort_by(|&a, &b| history[a].epoch.cmp(&history[b].epoch));
    let t0 = history[order[0]].epoch;
    let mut samples: Vec<Sample> = Vec::with_capacity(history.len());
    let mut skipped = 0;
    for &i in &order {
        let Some(s) = elements::sample(i, &history[i], t0) else {
            skipped += 1;
            continue;
        };
        if let Some(prev) = samples.last() {
            if (s.t_day - prev.t_day) * 86_400.0 < config.min_gap_s {
                skipped += 1;
                continue;
            }
        }
        samples.push(s);
    }
    if samples.len() < MIN_SETS {
        return Err(ManeuverError::TooFewSets {
            norad_id,
            usable: samples.len(),
            needed: MIN_SETS,
        });
    }
    let deep = elements::median_of(samples.iter().map(|s| s.n_kozai_rev_day)) < DEEP_SPACE_REV_DAY;
    let channels = Channels::new(&samples, deep);

    // Outlier rejection, twice: a second bad set next to a first only shows once the first
    // is gone.
    let mut active: Vec<usize> = (0..samples.len()).collect();
    let mut outliers = 0;
    for _ in 0..2 {
        let jumps = Jumps::new(&samples, &channels, &active, config);
        let bad = jumps.outliers(&samples, &channels, &active, config);
        if bad.is_empty() {
            break;
        }
        outliers += bad.len();
        active.retain(|p| !bad.contains(p));
    }
    let jumps = Jumps::new(&samples, &channels, &active, config);
    let mut maneuvers = jumps.maneuvers(history, &samples, &channels, &active, config, norad_id);
    let cadence_day = robust::median(
        active
            .windows(2)
            .map(|w| samples[w[1]].t_day - samples[w[0]].t_day),
    )
    .unwrap_or(0.0);
    if config.along_track && !deep {
        // A burn the level steps found as a large jump (≥ `single_gap_sigma`) is not
        // reported again: the sets before and after it bracket the burn, so the closest
        // approach of their orbits times it more sharply than the knee of the along-track
        // residuals. Smaller level detections go through the merge below (tighter σ kept).
        let near_s = config.along_defer_days * 86_400.0;
        let level: Vec<Epoch> = maneuvers
            .iter()
            .filter(|m| m.snr >= config.single_gap_sigma)
            .map(|m| m.epoch)
            .collect();
        maneuvers.extend(
            along_track_maneuvers(
                history, &samples, &channels, &jumps, &active, config, norad_id,
            )
            .into_iter()
            .filter(|m| {
                level
                    .iter()
                    .all(|e| (*e - m.epoch).abs().to_seconds() >= near_s)
            }),
        );
        maneuvers.sort_by_key(|m| m.epoch);
    }
    merge_close(
        &mut maneuvers,
        config.merge_cadences * cadence_day * 86_400.0,
    );
    Ok(Detection {
        maneuvers,
        sets_used: active.len(),
        outliers,
        skipped,
    })
}

/// Manoeuvres found by the along-track prediction test (see `along`): gaps whose statistic
/// passes the false-alarm threshold, is the largest within the test window, and whose drift
/// means a Δv above the floor.
fn along_track_maneuvers(
    history: &[ElementSet],
    samples: &[Sample],
    ch: &Channels,
    jumps: &Jumps,
    active: &[usize],
    cfg: &Config,
    norad_id: u32,
) -> Vec<Maneuver> {
    let (tests, residuals) = along::test_gaps(history, samples, active, cfg);
    let threshold = -2.0 * cfg.along_false_alarm.ln();
    let t = &residuals.t;
    let mut out = Vec::new();
    for k in 0..tests.len() {
        let lr = tests[k].lr;
        if lr.is_nan() || lr < threshold {
            continue;
        }
        let lo = t.partition_point(|&x| x < t[k] - cfg.along_window_days);
        let hi = t
            .partition_point(|&x| x <= t[k] + cfg.along_window_days)
            .min(tests.len());
        let peak = (lo..hi)
            .filter(|&j| j != k)
            .all(|j| tests[j].lr < lr || (tests[j].lr == lr && j > k));
        if !peak {
            continue;
        }
        let s = &samples[active[k]];
        // Δs' = −(3/2) n Δa  ⇒  Δa = −Δs' / (1.5 n)  (along::module docs).
        let delta_a_km = -tests[k].drift_km_day / 86_400.0 / (1.5 * s.n_rad_s);
        let dv_along_m_s = 0.5 * s.n_rad_s * delta_a_km * 1e3;
        if dv_along_m_s.abs() < cfg.min_dv_m_s {
            continue;
        }
        // The mean semi-major axis must confirm: a level step of the same sign as the drift
        // implies at a gap whose level windows hold gap k (the step at gap j compares the m
        // sets up to j with the m after it, so a burn at k moves the steps of k−m+1..k+m−1).
        let m_sets = cfg.level_sets.max(1);
        let confirm = (k.saturating_sub(m_sets - 1)..(k + m_sets).min(tests.len()))
            .map(|j| jumps.zs(0, j) * delta_a_km.signum())
            .fold(f64::NEG_INFINITY, f64::max);
        if confirm < cfg.along_confirm_sigma {
            continue;
        }
        let mut m = jumps.build(history, samples, ch, active, cfg, norad_id, k, k, k);
        let knee = if cfg.along_knee_back_days > 0.0 {
            residuals.knee(k, cfg, cfg.along_knee_back_days)
        } else {
            None
        };
        if let Some((tb, sigma_day)) = knee {
            // The detector's time axis starts at the first set of the history.
            let t0 = samples[0].epoch
                - uitkijk_time::Duration::from_seconds(samples[0].t_day * 86_400.0);
            m.epoch = t0 + uitkijk_time::Duration::from_seconds(tb * 86_400.0);
            m.epoch_sigma_s = sigma_day * 86_400.0;
            let b = residuals.t.partition_point(|&x| x <= tb).saturating_sub(1);
            m.before_epoch = samples[active[b]].epoch;
            m.after_epoch = samples[active[(b + 1).min(active.len() - 1)]].epoch;
        }
        m.kind = if m.dv_cross_m_s > 0.0 {
            ManeuverKind::Both
        } else {
            ManeuverKind::InPlane
        };
        m.delta_a_km = delta_a_km;
        m.dv_along_m_s = dv_along_m_s;
        m.dv_m_s = dv_along_m_s.hypot(m.dv_cross_m_s);
        m.snr = m.snr.max(lr.sqrt());
        out.push(m);
    }
    out
}

/// Detect manoeuvres in every object of a catalog's histories (in parallel; the result does
/// not depend on the thread count). Objects are returned by catalog number, each with its
/// detection or the reason it could not be analysed.
pub fn detect_all(
    histories: &[&[ElementSet]],
    config: &Config,
) -> Vec<(u32, Result<Detection, ManeuverError>)> {
    histories
        .par_iter()
        .map(|h| {
            let id = h.first().map_or(0, |s| s.norad_id);
            (id, detect(h, config))
        })
        .collect()
}

/// The manoeuvres as the shared [`Event`] type: severity notice for a confirmed manoeuvre,
/// info for an unconfirmed one at the end of a history.
pub fn to_events(maneuvers: &[Maneuver]) -> Vec<Event> {
    maneuvers
        .iter()
        .map(|m| Event {
            kind: EventKind::Maneuver,
            epoch: m.epoch,
            epoch_sigma_s: m.epoch_sigma_s,
            norad_ids: vec![m.norad_id],
            location: None,
            severity: if m.confirmed {
                Severity::Notice
            } else {
                Severity::Info
            },
            summary: format!(
                "object {} manoeuvred ({}), dv {:.3} m/s, delta a {:+.3} km",
                m.norad_id,
                m.kind.as_str(),
                m.dv_m_s,
                m.delta_a_km
            ),
            evidence: vec![
                ("dv_m_s".into(), m.dv_m_s),
                ("dv_along_m_s".into(), m.dv_along_m_s),
                ("dv_cross_m_s".into(), m.dv_cross_m_s),
                ("delta_a_km".into(), m.delta_a_km),
                ("delta_i_deg".into(), m.delta_i_deg),
                ("snr".into(), m.snr),
            ],
        })
        .collect()
}

/// The tracked quantities of every sample: `a` (km) first, then the plane channels (rad).
struct Channels {
    values: Vec<Vec<f64>>,
    deep: bool,
}

impl Channels {
    fn new(samples: &[Sample], deep: bool) -> Channels {
        let a: Vec<f64> = samples.iter().map(|s| s.a_km).collect();
        if deep {
            let ix = samples
                .iter()
                .map(|s| s.incl_rad * s.raan_rad.cos())
                .collect();
            let iy = samples
                .iter()
                .map(|s| s.incl_rad * s.raan_rad.sin())
                .collect();
            Channels {
                values: vec![a, ix, iy],
                deep,
            }
        } else {
            let incl = samples.iter().map(|s| s.incl_rad).collect();
            // Node unwrapped along the history, scaled by sin i so that its jumps measure
            // the rotation of the orbit normal like the inclination's.
            let sin_i = elements::median_of(samples.iter().map(|s| s.incl_rad.sin())).max(1e-3);
            let mut node = Vec::with_capacity(samples.len());
            let mut prev: Option<f64> = None;
            for s in samples {
                let mut w = s.raan_rad;
                if let Some(p) = prev {
                    let tau = std::f64::consts::TAU;
                    w += ((p - w) / tau).round() * tau;
                }
                prev = Some(w);
                node.push(w);
            }
            let node = node.into_iter().map(|w| w * sin_i).collect();
            Channels {
                values: vec![a, incl, node],
                deep,
            }
        }
    }

    fn count(&self) -> usize {
        self.values.len()
    }
}

/// Jumps between consecutive active samples, per channel, with rates and noise scales.
struct Jumps {
    /// `rate[c][k]`: natural rate of channel c around gap k (per day).
    rate: Vec<Vec<f64>>,
    /// `jump[c][k]`: change over gap k minus the natural motion.
    jump: Vec<Vec<f64>>,
    /// `sigma[c][k]`: robust noise scale of channel c around gap k.
    sigma: Vec<Vec<f64>>,
    /// `step[c][k]`: change of level across gap k, median of the sets after minus median of
    /// the sets before (natural motion removed): what the following sets confirm.
    step: Vec<Vec<f64>>,
    /// `step_sigma[c][k]`: robust noise scale of the steps around gap k.
    step_sigma: Vec<Vec<f64>>,
}

impl Jumps {
    fn new(samples: &[Sample], ch: &Channels, active: &[usize], cfg: &Config) -> Jumps {
        let gaps = active.len().saturating_sub(1);
        let w = cfg.window_gaps;
        let mut rate = vec![vec![0.0; gaps]; ch.count()];
        let mut jump = vec![vec![0.0; gaps]; ch.count()];
        let mut sigma = vec![Vec::new(); ch.count()];
        let mut step = vec![vec![0.0; gaps]; ch.count()];
        let mut step_sigma = vec![Vec::new(); ch.count()];
        let m = cfg.level_sets;
        for c in 0..ch.count() {
            let x = &ch.values[c];
            let pair_rate: Vec<f64> = (0..gaps)
                .map(|k| {
                    let (p, q) = (active[k], active[k + 1]);
                    let dt = samples[q].t_day - samples[p].t_day;
                    // Sets hours apart give rates dominated by noise; they are left out of the
                    // rate (not of the jumps).
                    if dt >= 0.25 {
                        (x[q] - x[p]) / dt
                    } else {
                        f64::NAN
                    }
                })
                .collect();
            for k in 0..gaps {
                let lo = k.saturating_sub(w);
                let hi = (k + w + 1).min(gaps);
                rate[c][k] = robust::median(pair_rate[lo..hi].iter().copied()).unwrap_or(0.0);
                let (p, q) = (active[k], active[k + 1]);
                let dt = samples[q].t_day - samples[p].t_day;
                jump[c][k] = x[q] - x[p] - rate[c][k] * dt;
            }
            sigma[c] = local_sigma(&jump[c], w, floor(c, ch.deep));
            for k in 0..gaps {
                let tk = samples[active[k]].t_day;
                let level = |range: std::ops::Range<usize>| {
                    robust::median(range.map(|j| {
                        let p = active[j];
                        x[p] - rate[c][k] * (samples[p].t_day - tk)
                    }))
                    .unwrap_or(0.0)
                };
                let before = level((k + 1).saturating_sub(m)..k + 1);
                let after = level(k + 1..(k + 1 + m).min(active.len()));
                step[c][k] = after - before;
            }
            step_sigma[c] = local_sigma(&step[c], w, floor(c, ch.deep));
        }
        Jumps {
            rate,
            jump,
            sigma,
            step,
            step_sigma,
        }
    }

    fn zs(&self, c: usize, k: usize) -> f64 {
        self.step[c][k] / self.step_sigma[c][k]
    }

    /// Largest step over the channels in units of each channel's threshold (≥ 1: detected).
    fn zs_scaled(&self, k: usize, cfg: &Config) -> f64 {
        let a = self.zs(0, k).abs() / cfg.threshold_sigma;
        let plane = self.zs_max(k, 1..self.step.len()) / cfg.plane_threshold_sigma;
        a.max(plane)
    }

    /// Largest |step z| over the channels of `channels`.
    fn zs_max(&self, k: usize, channels: std::ops::Range<usize>) -> f64 {
        channels.map(|c| self.zs(c, k).abs()).fold(0.0, f64::max)
    }

    fn z(&self, c: usize, k: usize) -> f64 {
        self.jump[c][k] / self.sigma[c][k]
    }

    /// Largest |z| of the plane channels over gap k.
    fn z_plane(&self, k: usize) -> f64 {
        (1..self.jump.len())
            .map(|c| self.z(c, k).abs())
            .fold(0.0, f64::max)
    }

    fn z_max(&self, k: usize) -> f64 {
        self.z(0, k).abs().max(self.z_plane(k))
    }

    /// Positions (indices into `samples`) of the active samples that are outliers.
    fn outliers(
        &self,
        samples: &[Sample],
        ch: &Channels,
        active: &[usize],
        cfg: &Config,
    ) -> Vec<usize> {
        let mut bad = Vec::new();
        for m in 1..active.len().saturating_sub(1) {
            let (into, out) = (m - 1, m);
            if self.z_max(into) < cfg.threshold_sigma || self.z_max(out) < cfg.threshold_sigma {
                continue;
            }
            // Does the next set agree with the previous one, skipping this one?
            let (p, q) = (active[m - 1], active[m + 1]);
            let dt = samples[q].t_day - samples[p].t_day;
            let agree = (0..ch.count()).all(|c| {
                let r = 0.5 * (self.rate[c][into] + self.rate[c][out]);
                let j = ch.values[c][q] - ch.values[c][p] - r * dt;
                let s = self.sigma[c][into].max(self.sigma[c][out]);
                (j / s).abs() < cfg.outlier_agree_sigma
            });
            if agree {
                bad.push(active[m]);
            }
        }
        bad
    }

    fn maneuvers(
        &self,
        history: &[ElementSet],
        samples: &[Sample],
        ch: &Channels,
        active: &[usize],
        cfg: &Config,
        norad_id: u32,
    ) -> Vec<Maneuver> {
        let gaps = active.len().saturating_sub(1);
        let m = cfg.level_sets;
        let flagged: Vec<bool> = (0..gaps)
            .map(|k| {
                let zs = self.zs_scaled(k, cfg);
                // The step must stand out from the steps of the neighbouring gaps, which
                // see part of the same change through their windows.
                let lo = k.saturating_sub(m - 1);
                let hi = (k + m).min(gaps);
                let peak = (lo..hi).all(|j| j == k || self.zs_scaled(j, cfg) < zs);
                let by_level = zs >= 1.0 && peak;
                // A burn too close to the next one for the level windows, seen in one gap.
                let by_jump =
                    self.z_max(k) >= cfg.single_gap_sigma && zs >= cfg.jump_confirm_fraction;
                (by_level || by_jump) && self.dv_ok(k, samples, active, cfg)
            })
            .collect();
        let mut out: Vec<(usize, usize, usize)> = Vec::new();
        let mut k = 0;
        while k < gaps {
            if !flagged[k] {
                k += 1;
                continue;
            }
            // A following gap jumping the same way in a is the same burn seen through a
            // set fitted across it.
            let mut end = k;
            while end + 1 < gaps
                && flagged[end + 1]
                && self.jump[0][end + 1].signum() == self.jump[0][k].signum()
                && self.z(0, end + 1).abs() >= cfg.single_gap_sigma
                && self.z(0, k).abs() >= cfg.single_gap_sigma
            {
                end += 1;
            }
            // The burn may precede the gap where the level step peaks (see `onset`).
            let onset = if end == k {
                self.onset(samples, ch, active, cfg, k)
            } else {
                k
            };
            // Two peaks that lead back to the same onset are one burn seen twice.
            if out.last().map(|(o, _, _)| *o) != Some(onset) {
                out.push((onset, k, end));
            }
            k = end + 1;
        }
        out.into_iter()
            .map(|(onset, k, end)| {
                self.build(history, samples, ch, active, cfg, norad_id, k, end, onset)
            })
            .collect()
    }

    /// The gap where the burn happened, for a level step detected at gap `k`.
    ///
    /// TLE fits span days of observations, so after a small burn the published mean
    /// elements move to the new level over several sets rather than at once (measured on
    /// Jason-1: steps of ~10 m in a peak 1–4 days after the operator's burn). Walking back
    /// from `k`, a set already half-way (or more) from the level before the transition to
    /// the level after is past the burn; the burn is in the gap before the earliest such set
    /// of the unbroken run.
    fn onset(
        &self,
        samples: &[Sample],
        ch: &Channels,
        active: &[usize],
        cfg: &Config,
        k: usize,
    ) -> usize {
        let m = cfg.level_sets;
        // The dominant channel in units of its threshold.
        let c = (0..ch.count())
            .max_by(|&a, &b| {
                let za = self.zs(a, k).abs()
                    / if a == 0 {
                        cfg.threshold_sigma
                    } else {
                        cfg.plane_threshold_sigma
                    };
                let zb = self.zs(b, k).abs()
                    / if b == 0 {
                        cfg.threshold_sigma
                    } else {
                        cfg.plane_threshold_sigma
                    };
                za.total_cmp(&zb)
            })
            .unwrap_or(0);
        let back = cfg.onset_back_levels * m;
        if k + 1 < back + m {
            return k;
        }
        let x = &ch.values[c];
        let tk = samples[active[k]].t_day;
        let detrended = |j: usize| {
            let p = active[j];
            x[p] - self.rate[c][k] * (samples[p].t_day - tk)
        };
        let level = |range: std::ops::Range<usize>| robust::median(range.map(detrended));
        let (Some(far_before), Some(after)) = (
            level(k + 1 - back - m..k + 1 - back),
            level(k + 1..(k + 1 + m).min(active.len())),
        ) else {
            return k;
        };
        let step = after - far_before;
        let mut onset = k + 1; // first set after the burn
        while onset > k + 1 - back {
            let v = detrended(onset - 1) - far_before;
            if v * step.signum() >= cfg.onset_fraction * step.abs() {
                onset -= 1;
            } else {
                break;
            }
        }
        onset - 1
    }

    /// Whether the in-plane or out-of-plane Δv of gap k is above the physical floor.
    fn dv_ok(&self, k: usize, samples: &[Sample], active: &[usize], cfg: &Config) -> bool {
        let s = &samples[active[k]];
        let along = 0.5 * s.n_rad_s * self.delta(0, k..k + 1).abs() * 1e3;
        let cross = s.speed_km_s() * 1e3 * self.plane_angle(k..k + 1);
        let floor = if s.n_kozai_rev_day < DEEP_SPACE_REV_DAY {
            cfg.min_dv_deep_m_s
        } else {
            cfg.min_dv_m_s
        };
        along.max(cross) >= floor
    }

    /// Angle between the orbit normals accumulated over the gaps in `range`, rad.
    fn plane_angle(&self, range: std::ops::Range<usize>) -> f64 {
        self.delta(1, range.clone()).hypot(self.delta(2, range))
    }

    /// Change of channel c over the gaps in `range`: the confirmed step for one gap, the
    /// sum of the jumps for a burn seen over several.
    fn delta(&self, c: usize, range: std::ops::Range<usize>) -> f64 {
        if range.len() == 1 {
            self.step[c][range.start]
        } else {
            range.map(|k| self.jump[c][k]).sum()
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn build(
        &self,
        history: &[ElementSet],
        samples: &[Sample],
        ch: &Channels,
        active: &[usize],
        cfg: &Config,
        norad_id: u32,
        first_gap: usize,
        last_gap: usize,
        onset_gap: usize,
    ) -> Maneuver {
        // Sizes come from the detected gaps; the time and the bracketing sets from the onset.
        let (b, a) = if onset_gap < first_gap {
            (onset_gap, onset_gap + 1)
        } else {
            (first_gap, last_gap + 1)
        };
        let (before, after) = (&samples[active[b]], &samples[active[a]]);
        let range = first_gap..last_gap + 1;
        let delta_a_km = self.delta(0, range.clone());
        let in_plane = range.clone().any(|k| {
            self.zs(0, k).abs() >= cfg.threshold_sigma || self.z(0, k).abs() >= cfg.single_gap_sigma
        });
        let out_of_plane = range.clone().any(|k| {
            self.zs_max(k, 1..self.step.len()) >= cfg.plane_threshold_sigma
                || self.z_plane(k) >= cfg.single_gap_sigma
        });
        let snr = range
            .clone()
            .map(|k| self.zs_max(k, 0..self.step.len()))
            .fold(0.0, f64::max);
        let kind = match (in_plane, out_of_plane) {
            (true, true) => ManeuverKind::Both,
            (false, true) => ManeuverKind::OutOfPlane,
            _ => ManeuverKind::InPlane,
        };
        // Gauss: Δv_T = n Δa / 2; Δv_N = v Δθ (module docs).
        let n = 0.5 * (before.n_rad_s + after.n_rad_s);
        let v = 0.5 * (before.speed_km_s() + after.speed_km_s());
        let dv_along_m_s = if in_plane {
            0.5 * n * delta_a_km * 1e3
        } else {
            0.0
        };
        let dv_cross_m_s = if out_of_plane {
            v * self.plane_angle(range.clone()) * 1e3
        } else {
            0.0
        };
        let delta_i_deg = if ch.deep {
            // Change of the inclination's magnitude, as the vector moved.
            let i0 = before.incl_rad;
            let ix = ch.values[1][active[first_gap]] + self.delta(1, range.clone());
            let iy = ch.values[2][active[first_gap]] + self.delta(2, range.clone());
            (ix.hypot(iy) - i0).to_degrees()
        } else {
            self.delta(1, range.clone()).to_degrees()
        };
        let timing = if cfg.refine_epoch {
            timing::burn_time(&history[before.index], &history[after.index])
        } else {
            timing::midpoint(&history[before.index], &history[after.index])
        };
        Maneuver {
            norad_id,
            epoch: timing.epoch,
            epoch_sigma_s: timing.sigma_s,
            kind,
            dv_m_s: dv_along_m_s.hypot(dv_cross_m_s),
            dv_along_m_s,
            dv_cross_m_s,
            delta_a_km,
            delta_i_deg,
            snr,
            confirmed: last_gap + 2 < active.len(),
            before_epoch: before.epoch,
            after_epoch: after.epoch,
        }
    }
}

/// Robust σ of `values` around each index, over ±`w` neighbours, never below `floor`.
fn local_sigma(values: &[f64], w: usize, floor: f64) -> Vec<f64> {
    (0..values.len())
        .map(|k| {
            let lo = k.saturating_sub(w);
            let hi = (k + w + 1).min(values.len());
            robust::sigma_about_zero(values[lo..hi].iter().copied())
                .unwrap_or(0.0)
                .max(floor)
        })
        .collect()
}

/// Smallest noise scale a channel may have: the resolution of the TLE fields (8 decimals of
/// rev/day in mean motion ≈ 0.1 m in a at LEO, 4 decimals of a degree in angles), so that a
/// run of identical copies cannot make a σ of zero.
fn floor(channel: usize, _deep: bool) -> f64 {
    if channel == 0 {
        1e-4
    } else {
        1e-4f64.to_radians()
    }
}

/// Merge manoeuvres closer than `gap_s` into one: the sets between them cannot tell two burns
/// from one seen twice (a level step and the ramp the following fits draw after it). The one
/// with the tighter burn time (smaller `epoch_sigma_s`: the closest approach of the orbits
/// before and after is sharp only when those sets bracket the burn itself) is kept, with the
/// larger SNR of the two.
fn merge_close(maneuvers: &mut Vec<Maneuver>, gap_s: f64) {
    if gap_s <= 0.0 {
        return;
    }
    let mut out: Vec<Maneuver> = Vec::with_capacity(maneuvers.len());
    for m in maneuvers.drain(..) {
        match out.last_mut() {
            Some(prev) if (m.epoch - prev.epoch).to_seconds() < gap_s => {
                let snr = prev.snr.max(m.snr);
                if m.epoch_sigma_s < prev.epoch_sigma_s {
                    *prev = m;
                }
                prev.snr = snr;
            }
            _ => out.push(m),
        }
    }
    *maneuvers = out;
}
