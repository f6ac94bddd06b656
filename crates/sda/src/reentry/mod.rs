//! Re-entry prediction from an object's element-set history.
//!
//! # Method
//!
//! 1. **Observed decay.** Each element set gives the Brouwer mean semi-major axis and
//!    eccentricity SGP4 recovers at its epoch ([`uitkijk_propagate::Sgp4`]); their fall over
//!    the last days (the *fit window*, default 10 days, widened until it holds three sets) is
//!    what the object's drag really did.
//! 2. **Ballistic coefficient fitted to that decay**, not taken from B*: the orbit-averaged
//!    decay model ([`decay`]) is integrated from the window's first set, and β = C_D·A/m (which
//!    also absorbs the density level of the window) is chosen by least squares on the
//!    semi-major axes, with a free constant offset so that the noise of the first set does not
//!    pull the fit. The scatter of the residuals gives β's uncertainty. With a single set the
//!    decay rate is the element set's own ṅ/2 (the observed mean-motion decay the catalog
//!    carries), else B*, with a wide prior uncertainty.
//! 3. **Propagation to the end height** (default 80 km perigee) from the fitted orbit at the
//!    last epoch, on the piecewise-exponential atmosphere or on NRLMSISE-00 averaged over the
//!    orbit with observed space weather to the prediction time and persistence after it
//!    ([`atmosphere`], [`ReentryConfig::atmosphere`]).
//! 4. **Window from an ensemble**: each member draws β from its fit uncertainty and a density
//!    factor from space-weather uncertainty. The latter is the spread of ln(mean F10.7 over the
//!    coming τ days / 81-day mean known now) in CelesTrak's 1957–2026 record
//!    (`bench/reentry/sw_sigma.py`: σ = 0.148, 0.147, 0.135, 0.112, 0.115, 0.164 for τ = 1, 3,
//!    10, 30, 100, 365 days), taken one-to-one into log density (thermospheric density at
//!    200–400 km scales roughly as F10.7^0.7…1.6), combined with 0.10 for geomagnetic storms
//!    and 0.10 for the static profile's shape error. The window is the 5–95 % range of the
//!    members' re-entry times, the prediction their median.
//!
//! A prediction made `--at` a past moment uses only the sets with epoch ≤ that moment.
//! Manoeuvres (controlled de-orbits, station keeping) are not modelled: an object that fires
//! its thrusters inside or after the fit window will not come down when its drag says.

pub mod atmosphere;
pub mod decay;
pub mod map;
pub mod region;
pub mod topojson;
pub mod track;

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, StandardNormal};
use serde::Serialize;
use uitkijk_formats::ElementSet;
use uitkijk_propagate::Sgp4;
use uitkijk_time::{Duration, Epoch};

use self::atmosphere::{Atmosphere, AtmosphereModel, ExponentialAtmosphere, MsisAtmosphere};
use self::decay::{integrate, rates, DecayEnd, Drag, MeanOrbit};
use crate::event::{Event, EventKind, Severity};

const SECONDS_PER_DAY: f64 = 86_400.0;

/// Settings of a prediction.
#[derive(Debug, Clone, PartialEq)]
pub struct ReentryConfig {
    /// Predict as of this moment (only element sets with epoch ≤ it); `None`: all sets.
    pub at: Option<Epoch>,
    /// Perigee height at which the object is counted as re-entered, km.
    pub end_alt_km: f64,
    /// Longest prediction, days from the last element set.
    pub horizon_days: f64,
    /// Length of the fit window before the last set, days.
    pub fit_days: f64,
    /// Ensemble members for the window.
    pub members: usize,
    /// Seed of the ensemble (results repeat exactly).
    pub seed: u64,
    /// The density model.
    pub atmosphere: AtmosphereModel,
}

impl Default for ReentryConfig {
    fn default() -> Self {
        ReentryConfig {
            at: None,
            end_alt_km: 80.0,
            horizon_days: 365.0,
            fit_days: 10.0,
            members: 100,
            seed: 1,
            atmosphere: AtmosphereModel::default(),
        }
    }
}

/// Why no prediction could be made.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ReentryError {
    /// No element set at or before the prediction time.
    #[error("no element set of {norad_id} at or before the prediction time")]
    NoElements {
        /// The object.
        norad_id: u32,
    },
    /// SGP4 refused every element set.
    #[error("no usable element set of {norad_id}: {reason}")]
    Unusable {
        /// The object.
        norad_id: u32,
        /// SGP4's complaint about the last set.
        reason: String,
    },
}

/// How the ballistic coefficient was obtained.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum BetaSource {
    /// Least squares on the decay of several element sets.
    Fit,
    /// The last set's ṅ/2 (observed mean-motion decay).
    MeanMotionDot,
    /// The last set's B* (no decay observed).
    Bstar,
}

impl BetaSource {
    /// Short name for tables.
    pub fn as_str(self) -> &'static str {
        match self {
            BetaSource::Fit => "fit",
            BetaSource::MeanMotionDot => "ndot",
            BetaSource::Bstar => "bstar",
        }
    }
}

/// One object's prediction.
#[derive(Debug, Clone, PartialEq)]
pub struct ReentryPrediction {
    /// Catalog number.
    pub norad_id: u32,
    /// Epoch of the last element set used.
    pub last_epoch: Epoch,
    /// Median re-entry time of the ensemble; `None` when most members outlive the horizon.
    pub predicted: Option<Epoch>,
    /// Re-entry time of the unperturbed fit (no ensemble draw).
    pub nominal: Option<Epoch>,
    /// 5 % quantile of the members' re-entry times.
    pub window_start: Option<Epoch>,
    /// 95 % quantile; `None` when more than 5 % of the members outlive the horizon.
    pub window_end: Option<Epoch>,
    /// Why times are missing, if they are.
    pub reason: Option<String>,
    /// Fitted ballistic coefficient C_D·A/m (includes the density level), m²/kg.
    pub beta_m2_kg: f64,
    /// Relative (log) uncertainty of β, one sigma.
    pub beta_sigma_ln: f64,
    /// Where β came from.
    pub beta_source: BetaSource,
    /// Element sets in the fit.
    pub fit_sets: usize,
    /// RMS residual of the fitted semi-major axes, km.
    pub fit_rms_km: f64,
    /// Mean perigee height at the last epoch (from the fit), km.
    pub perigee_alt_km: f64,
    /// Mean apogee height at the last epoch, km.
    pub apogee_alt_km: f64,
    /// The latest manoeuvre [`crate::maneuver::detect`] finds in the 30 days up to the last set:
    /// an object under control may come down when its operator decides, not when drag says.
    pub last_maneuver: Option<Epoch>,
    /// The atmosphere used (never `Auto`).
    pub atmosphere: AtmosphereModel,
}

impl ReentryPrediction {
    /// The prediction as a watch event (kind re-entry), when a re-entry time was predicted.
    pub fn to_event(&self) -> Option<Event> {
        let (predicted, start, end) = (self.predicted?, self.window_start?, self.window_end);
        let half_width_s = end.map_or(f64::NAN, |e| (e - start).to_seconds() / 2.0);
        let lead_days = (predicted - self.last_epoch).to_seconds() / SECONDS_PER_DAY;
        let severity = if lead_days < 3.0 {
            Severity::Warning
        } else {
            Severity::Notice
        };
        Some(Event {
            kind: EventKind::Reentry,
            epoch: predicted,
            epoch_sigma_s: half_width_s / 1.645,
            norad_ids: vec![self.norad_id],
            location: None,
            severity,
            summary: format!(
                "{} predicted to re-enter {} (window {} to {})",
                self.norad_id,
                uitkijk_time::format_utc_millis(predicted),
                uitkijk_time::format_utc_millis(start),
                end.map_or("beyond the horizon".into(), uitkijk_time::format_utc_millis),
            ),
            evidence: vec![
                ("beta_m2_kg".into(), self.beta_m2_kg),
                ("beta_sigma_ln".into(), self.beta_sigma_ln),
                ("perigee_alt_km".into(), self.perigee_alt_km),
                ("fit_sets".into(), self.fit_sets as f64),
            ],
        })
    }
}

/// One observation of the mean orbit.
#[derive(Debug, Clone, Copy)]
struct Sample {
    epoch: Epoch,
    orbit: MeanOrbit,
    incl_rad: f64,
}

fn sample_of(set: &ElementSet) -> Result<Sample, String> {
    let sgp4 = Sgp4::new(set).map_err(|e| e.to_string())?;
    Ok(Sample {
        epoch: set.epoch,
        orbit: MeanOrbit {
            a_km: sgp4.mean_semi_major_axis_km(),
            e: sgp4.mean_eccentricity(),
        },
        incl_rad: set.inclination_deg.to_radians(),
    })
}

/// Space-weather spread of log density for a prediction `tau_days` ahead (module docs).
fn density_sigma_ln(tau_days: f64) -> f64 {
    const TABLE: [(f64, f64); 6] = [
        (1.0, 0.148),
        (3.0, 0.147),
        (10.0, 0.135),
        (30.0, 0.112),
        (100.0, 0.115),
        (365.0, 0.164),
    ];
    let t = tau_days.clamp(TABLE[0].0, TABLE[5].0);
    let i = TABLE.partition_point(|p| p.0 <= t).clamp(1, 5);
    let (t0, s0) = TABLE[i - 1];
    let (t1, s1) = TABLE[i];
    let f = ((t.ln() - t0.ln()) / (t1.ln() - t0.ln())).clamp(0.0, 1.0);
    let solar = s0 + f * (s1 - s0);
    (solar * solar + 0.10 * 0.10 + 0.10 * 0.10).sqrt()
}

/// The fitted decay of the window: β, its log sigma, the smoothed orbit at the last epoch,
/// the RMS residual.
struct Fit {
    beta: f64,
    sigma_ln: f64,
    orbit_at_last: MeanOrbit,
    rms_km: f64,
    sets: usize,
    source: BetaSource,
}

/// Semi-major axes the model predicts at the samples' times from the first sample, or `None`
/// when the model re-enters before the last sample.
fn model_axes(window: &[Sample], beta: f64, atm: &dyn Atmosphere) -> Option<Vec<f64>> {
    let t0 = window[0].epoch;
    let times: Vec<f64> = window.iter().map(|s| (s.epoch - t0).to_seconds()).collect();
    let horizon = *times.last()? + 1.0;
    let drag = Drag {
        incl_rad: window[0].incl_rad,
        beta_m2_kg: beta,
        density_factor: 1.0,
        t0_mjd_utc: t0.to_mjd_utc_days(),
    };
    let (_, orbits) = integrate(window[0].orbit, drag, atm, 0.0, horizon, &times);
    orbits.into_iter().map(|o| o.map(|o| o.a_km)).collect()
}

/// Sum of squared residuals after removing their mean, and that mean.
fn cost(window: &[Sample], beta: f64, atm: &dyn Atmosphere) -> (f64, f64) {
    match model_axes(window, beta, atm) {
        None => (f64::INFINITY, 0.0),
        Some(model) => {
            let r: Vec<f64> = window
                .iter()
                .zip(&model)
                .map(|(s, m)| s.orbit.a_km - m)
                .collect();
            let mean = r.iter().sum::<f64>() / r.len() as f64;
            (r.iter().map(|x| (x - mean).powi(2)).sum(), mean)
        }
    }
}

fn fit(window: &[Sample], atm: &dyn Atmosphere) -> Fit {
    // Golden-section search on ln β over 1e-6 … 10 m²/kg: the cost is unimodal in β (more
    // drag, more decay).
    let g = 0.5 * (5f64.sqrt() - 1.0);
    let (mut lo, mut hi) = ((1e-6f64).ln(), 10f64.ln());
    let mut c = hi - g * (hi - lo);
    let mut d = lo + g * (hi - lo);
    let mut fc = cost(window, c.exp(), atm).0;
    let mut fd = cost(window, d.exp(), atm).0;
    while hi - lo > 1e-4 {
        if fc < fd {
            hi = d;
            d = c;
            fd = fc;
            c = hi - g * (hi - lo);
            fc = cost(window, c.exp(), atm).0;
        } else {
            lo = c;
            c = d;
            fc = fd;
            d = lo + g * (hi - lo);
            fd = cost(window, d.exp(), atm).0;
        }
    }
    let beta = (0.5 * (lo + hi)).exp();
    let (ss, offset) = cost(window, beta, atm);
    let n = window.len();
    let rms_km = (ss / n as f64).sqrt();
    // Linearised uncertainty of ln β: residual variance over the spread of the sensitivity.
    let sigma_ln = match (
        model_axes(window, beta, atm),
        model_axes(window, beta * 1.01, atm),
    ) {
        (Some(m0), Some(m1)) if n >= 3 => {
            let g: Vec<f64> = m0
                .iter()
                .zip(&m1)
                .map(|(a, b)| (b - a) / 0.01_f64.ln_1p())
                .collect();
            let gm = g.iter().sum::<f64>() / n as f64;
            let sgg: f64 = g.iter().map(|x| (x - gm).powi(2)).sum();
            let s2 = ss / (n - 2) as f64;
            if sgg > 0.0 {
                (s2 / sgg).sqrt().min(2.0)
            } else {
                2.0
            }
        }
        _ => 1.0,
    };
    // The smoothed orbit at the last epoch: the model curve, shifted by the mean residual.
    let last = window[n - 1];
    let t_last = (last.epoch - window[0].epoch).to_seconds();
    let drag = Drag {
        incl_rad: window[0].incl_rad,
        beta_m2_kg: beta,
        density_factor: 1.0,
        t0_mjd_utc: window[0].epoch.to_mjd_utc_days(),
    };
    let (_, at_last) = integrate(window[0].orbit, drag, atm, 0.0, t_last + 1.0, &[t_last]);
    let a_km = at_last[0].map_or(last.orbit.a_km, |o| o.a_km + offset);
    Fit {
        beta,
        sigma_ln,
        orbit_at_last: MeanOrbit {
            a_km,
            e: last.orbit.e,
        },
        rms_km,
        sets: n,
        source: BetaSource::Fit,
    }
}

/// Median ln(actual / nominal lifetime) of single-set (ṅ) predictions on NRLMSISE-00, even
/// half of the 2013-10-23 re-entries (BENCHMARKS.md): negative, the model's lives are long.
const MSIS_NDOT_BIAS_LN: f64 = -0.107;
/// β log-sigma of a single (ṅ) set on NRLMSISE-00, calibrated on the same half.
const MSIS_NDOT_SIGMA_LN: f64 = 0.23;

/// β from one set: its ṅ/2 when it shows decay, else its B* (with the calibration of `model`).
fn single_set_beta(
    set: &ElementSet,
    s: Sample,
    atm: &dyn Atmosphere,
    model: AtmosphereModel,
) -> Fit {
    let per_unit_beta = rates(
        s.orbit,
        s.incl_rad,
        1.0,
        1.0,
        atm,
        s.epoch.to_mjd_utc_days(),
    )
    .0;
    let n_rev_day = set.mean_motion_rev_day;
    // ṅ (rev/day²) = 2 × the TLE field; da/dt = −(2/3) a ṅ / n.
    let ndot = 2.0 * set.mean_motion_dot_rev_day2;
    let da_dt_km_s = -(2.0 / 3.0) * s.orbit.a_km * ndot / n_rev_day / SECONDS_PER_DAY;
    let (beta, source) = if ndot > 0.0 && per_unit_beta < 0.0 {
        (da_dt_km_s / per_unit_beta, BetaSource::MeanMotionDot)
    } else {
        // B* = ½ C_D (A/m) ρ₀ with ρ₀ = 0.15696615 kg/m²/ER (Vallado 2013, §9.6).
        (
            (2.0 * set.bstar_per_er / 0.156_966_15).max(1e-6),
            BetaSource::Bstar,
        )
    };
    // Log-sigma of β from one set. For ṅ it is calibrated on the even-numbered half of the
    // 1,129 re-entries of the 2013-10-23 catalog (SATCAT decay dates; BENCHMARKS.md): the
    // 5–95 % spread of ln(actual / predicted lifetime) was ±0.41, of which the space-weather
    // term explains 0.18 (one sigma) at those horizons, leaving 0.17 for β; the odd-numbered
    // half validates it. B* says little about the real drag: a wide prior.
    //
    // On NRLMSISE-00 the same calibration (even half only, `bench/reentry/
    // calibrate_single_set.py` on the ṅ objects) found lives that come out long: the median of
    // ln(actual / nominal life) is MSIS_NDOT_BIAS_LN, removed by scaling β; MSIS_NDOT_SIGMA_LN
    // then makes ±1.645 σ (with the space-weather term) hold 90 % of the even half.
    let msis = model == AtmosphereModel::Msis;
    let sigma_ln = match source {
        BetaSource::MeanMotionDot if msis => MSIS_NDOT_SIGMA_LN,
        BetaSource::MeanMotionDot => 0.17,
        _ => 0.7,
    };
    let beta = if msis && source == BetaSource::MeanMotionDot {
        beta * (-MSIS_NDOT_BIAS_LN).exp()
    } else {
        beta
    };
    Fit {
        beta: beta.clamp(1e-6, 10.0),
        sigma_ln,
        orbit_at_last: s.orbit,
        rms_km: 0.0,
        sets: 1,
        source,
    }
}

/// Fit over the samples of the last `days` (widened up to 3× to hold 3 sets), or `None` when
/// they are too few or span less than half a day.
fn fit_window(samples: &[Sample], days: f64, atm: &dyn Atmosphere) -> Option<Fit> {
    window_of(samples, days).map(|w| fit(w, atm))
}

/// The samples a fit over the last `days` uses (module docs), if there are enough.
fn window_of(samples: &[Sample], days: f64) -> Option<&[Sample]> {
    let last = samples.last()?;
    let mut window: &[Sample] = &[];
    for widen in [1.0, 2.0, 3.0] {
        let from = last.epoch - Duration::from_days(days * widen);
        window = &samples[samples.partition_point(|s| s.epoch < from)..];
        if window.len() >= 3 {
            break;
        }
    }
    let span_s = (last.epoch - window.first()?.epoch).to_seconds();
    (window.len() >= 3 && span_s >= 0.5 * SECONDS_PER_DAY).then_some(window)
}

/// The atmosphere of a prediction whose last set has epoch `last` (space weather is known
/// up to the prediction time: `--at`, else `last`).
fn atmosphere_for(
    model: AtmosphereModel,
    config: &ReentryConfig,
    incl_rad: f64,
    last: Epoch,
) -> Box<dyn Atmosphere> {
    match model {
        AtmosphereModel::Exponential | AtmosphereModel::Auto => Box::new(ExponentialAtmosphere),
        AtmosphereModel::Msis => {
            let cutoff = config.at.unwrap_or(last);
            let from = last - Duration::from_days(3.0 * config.fit_days);
            let days = (3.0 * config.fit_days + config.horizon_days).ceil() as usize + 2;
            Box::new(MsisAtmosphere::new(incl_rad, cutoff, from, days))
        }
    }
}

/// The ground track across a prediction's window (5–95 %) and the overflight of each region
/// ([`track`]); `step_s` is the sampling inside the window. Empty when there is no window.
pub fn overflights(
    history: &[ElementSet],
    config: &ReentryConfig,
    p: &ReentryPrediction,
    regions: &[region::Region],
    step_s: f64,
) -> (Vec<track::TrackPoint>, Vec<track::Overflight>) {
    let last = history
        .iter()
        .filter(|s| s.epoch == p.last_epoch)
        .max_by_key(|s| s.epoch);
    let (Some(set), Some(from), Some(to)) = (last, p.window_start, p.window_end) else {
        return (
            Vec::new(),
            regions.iter().map(|r| track::overflight(&[], r)).collect(),
        );
    };
    let rp = decay::EARTH_RADIUS_KM + p.perigee_alt_km;
    let ra = decay::EARTH_RADIUS_KM + p.apogee_alt_km;
    let orbit = MeanOrbit {
        a_km: 0.5 * (rp + ra),
        e: (ra - rp) / (ra + rp),
    };
    let incl = set.inclination_deg.to_radians();
    let atm = atmosphere_for(p.atmosphere, config, incl, set.epoch);
    let start = track::TrackStart::new(set, orbit, p.beta_m2_kg);
    let points = track::ground_track(&start, atm.as_ref(), config.end_alt_km, from, to, step_s);
    let over = regions
        .iter()
        .map(|r| track::overflight(&points, r))
        .collect();
    (points, over)
}

/// Predict the re-entry of one object from its element-set history (any order; sets of other
/// objects must not be mixed in).
pub fn predict(
    history: &[ElementSet],
    config: &ReentryConfig,
) -> Result<ReentryPrediction, ReentryError> {
    let norad_id = history.first().map_or(0, |s| s.norad_id);
    let mut sets: Vec<&ElementSet> = history
        .iter()
        .filter(|s| config.at.is_none_or(|at| s.epoch <= at))
        .collect();
    sets.sort_by_key(|s| s.epoch);
    sets.dedup_by(|a, b| a.epoch == b.epoch);
    let Some(&last_set) = sets.last() else {
        return Err(ReentryError::NoElements { norad_id });
    };
    let mut samples = Vec::with_capacity(sets.len());
    let mut last_error = String::new();
    for s in &sets {
        match sample_of(s) {
            Ok(x) => samples.push(x),
            Err(e) => last_error = e,
        }
    }
    let Some(&last) = samples.last() else {
        return Err(ReentryError::Unusable {
            norad_id,
            reason: last_error,
        });
    };
    // `Auto`: NRLMSISE-00 where β is fitted to several sets, the static profile for a single
    // set (whose β uncertainty was calibrated on it; BENCHMARKS.md).
    let model = match config.atmosphere {
        AtmosphereModel::Auto if window_of(&samples, config.fit_days).is_some() => {
            AtmosphereModel::Msis
        }
        AtmosphereModel::Auto => AtmosphereModel::Exponential,
        m => m,
    };
    let atm_box = atmosphere_for(model, config, last.incl_rad, last.epoch);
    let atm: &dyn Atmosphere = atm_box.as_ref();
    let horizon_s = config.horizon_days * SECONDS_PER_DAY;
    let lifetime = |from: MeanOrbit, beta: f64, factor: f64| -> Option<f64> {
        let drag = Drag {
            incl_rad: last.incl_rad,
            beta_m2_kg: beta,
            density_factor: factor,
            t0_mjd_utc: last.epoch.to_mjd_utc_days(),
        };
        match integrate(from, drag, atm, config.end_alt_km, horizon_s, &[]).0 {
            DecayEnd::Reentered(t) => Some(t),
            DecayEnd::Horizon(_) => None,
        }
    };
    // The fit window: the last `fit_days` (widened up to 3× until it holds 3 sets over half a
    // day at least). When the object has less life left than twice that window, the fit is
    // redone over half the remaining life (at least a day): the decay of the last days speaks
    // for the next ones, while older sets may predate a change of attitude or a de-orbit burn.
    let mut fitted = fit_window(&samples, config.fit_days, atm)
        .unwrap_or_else(|| single_set_beta(last_set, last, atm, model));
    if fitted.source == BetaSource::Fit {
        if let Some(life_s) = lifetime(fitted.orbit_at_last, fitted.beta, 1.0) {
            let days = (0.5 * life_s / SECONDS_PER_DAY).max(1.0);
            if days < config.fit_days {
                if let Some(refit) = fit_window(&samples, days, atm) {
                    fitted = refit;
                }
            }
        }
    }
    let reenter = |beta: f64, factor: f64| lifetime(fitted.orbit_at_last, beta, factor);
    // The nominal lifetime sets the space-weather horizon of the ensemble.
    let nominal = reenter(fitted.beta, 1.0);
    let tau_days = nominal.map_or(config.horizon_days, |t| t / SECONDS_PER_DAY);
    let sigma_density = density_sigma_ln(tau_days);
    let mut rng = ChaCha8Rng::seed_from_u64(config.seed ^ u64::from(norad_id));
    let mut times: Vec<f64> = (0..config.members.max(1))
        .map(|_| {
            let z1: f64 = StandardNormal.sample(&mut rng);
            let z2: f64 = StandardNormal.sample(&mut rng);
            let beta = fitted.beta * (fitted.sigma_ln * z1).exp();
            reenter(beta, (sigma_density * z2).exp()).unwrap_or(f64::INFINITY)
        })
        .collect();
    times.sort_by(f64::total_cmp);
    let quantile = |p: f64| times[((times.len() - 1) as f64 * p).round() as usize];
    let to_epoch = |t: f64| {
        t.is_finite()
            .then(|| last.epoch + Duration::from_seconds(t))
    };
    let predicted = to_epoch(quantile(0.5));
    let window_start = to_epoch(quantile(0.05));
    let window_end = to_epoch(quantile(0.95));
    // A manoeuvre in the last 30 days (a de-orbit burn, a raise) makes the natural-decay
    // prediction conditional: say so.
    let known: Vec<ElementSet> = sets.iter().map(|s| (*s).clone()).collect();
    let last_maneuver = crate::maneuver::detect(&known, &crate::maneuver::Config::default())
        .ok()
        .and_then(|d| d.maneuvers.last().map(|m| m.epoch))
        .filter(|&t| (last.epoch - t).to_seconds() <= 30.0 * SECONDS_PER_DAY);
    let reason = if predicted.is_none() {
        Some(format!(
            "not predicted to re-enter within {} days",
            config.horizon_days
        ))
    } else if window_end.is_none() {
        Some("window extends past the horizon".to_string())
    } else {
        last_maneuver.map(|t| {
            format!(
                "manoeuvred {}: natural decay assumed",
                uitkijk_time::format_utc_millis(t)
            )
        })
    };
    Ok(ReentryPrediction {
        norad_id,
        last_epoch: last.epoch,
        predicted,
        nominal: nominal.and_then(to_epoch),
        window_start,
        window_end,
        reason,
        beta_m2_kg: fitted.beta,
        beta_sigma_ln: fitted.sigma_ln,
        beta_source: fitted.source,
        fit_sets: fitted.sets,
        fit_rms_km: fitted.rms_km,
        perigee_alt_km: fitted.orbit_at_last.perigee_alt_km(),
        apogee_alt_km: fitted.orbit_at_last.apogee_alt_km(),
        last_maneuver,
        atmosphere: model,
    })
}
