//! Thermospheric density for re-entry prediction.
//!
//! The decay model asks an atmosphere for the density at a height and a time. The fitted
//! ballistic coefficient absorbs the density's *level* at the heights the object has flown
//! through (model bias, drag coefficient), so what a model must get right for prediction is
//! how density grows as the orbit sinks, and how it follows the Sun from day to day.
//!
//! Two models:
//! - [`ExponentialAtmosphere`]: Vallado's static CIRA-72 profile (no time dependence);
//! - [`MsisAtmosphere`]: NRLMSISE-00 (`uitkijk_propagate::numerical::msis`) averaged over the
//!   orbit, driven by CelesTrak's observed space weather up to the prediction time and by a
//!   persistence forecast after it (below).
//!
//! # Why an orbit-averaged profile
//!
//! The decay is integrated in orbit-averaged elements (a, e) over days to months; what drags
//! the orbit down over such spans is the density averaged over the latitudes the orbit
//! crosses and over local solar time. The latter because the orbit plane precesses through
//! all local times in ~2 months in LEO (J2 nodal drift ~5°/day relative to the Sun); over a
//! shorter remaining life the fitted β absorbs the local-time phase of the fit window, which
//! is also the phase of the days that follow. So for each UTC day and inclination the model is
//! evaluated on 6 arguments of latitude (latitudes `asin(sin i sin u)`) × 4 local times, at
//! 39 heights from 70 to 1000 km, and the arithmetic mean (drag is linear in ρ) is kept as a
//! profile in ln ρ, interpolated linearly in height and between days. A profile costs ~1 000
//! model evaluations (~5 ms); profiles are shared between predictions (global cache keyed by
//! day, inclination rounded to 10°, and drivers), which keeps the full 2013 scoring run to
//! minutes. Evaluating the model at every integration node instead would cost ~10 s an object.
//!
//! # Space weather before and after the prediction time
//!
//! Up to the day of the prediction cut-off (`--at`, else the last element set's epoch) each
//! day takes the observed F10.7 of the previous day, the daily Ap, and an 81-day F10.7 mean
//! centred on the day but truncated at the cut-off (so no observation after the cut-off leaks
//! in). After the cut-off the forecast is persistence: F10.7 = F10.7A = the mean observed flux
//! of the 81 days to the cut-off, Ap = the mean daily Ap of those days. The spread of the real
//! future flux about exactly that mean is what the ensemble's σ table (in [`super`]) draws, so
//! the two are consistent. When the cut-off lies past the bundled file's observations, the
//! persistence mean is taken over the file's last 81 days (its CelesTrak predictions, or
//! past its end the same dates whole solar cycles earlier, as the reader documents).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use uitkijk_propagate::numerical::atmosphere::exponential_kg_m3;
use uitkijk_propagate::numerical::msis::{MsisDrivers, MsisPoint, Nrlmsise00};
use uitkijk_propagate::numerical::SpaceWeather;
use uitkijk_time::Epoch;

/// Density of the atmosphere as a function of height and time.
pub trait Atmosphere: Sync {
    /// Mass density at `alt_km` above the ellipsoid at `mjd_utc` (UTC modified Julian date),
    /// kg/m³.
    fn density_kg_m3(&self, alt_km: f64, mjd_utc: f64) -> f64;
}

/// Which atmosphere a prediction uses. By the scores (BENCHMARKS.md): on the held-out (odd)
/// half of the 2013 catalog's re-entries (one element set each) the orbit-averaged
/// NRLMSISE-00, with its single-set β calibrated on the even half, holds 84 % with windows of
/// ±55 % against 82 % at ±41 % for the static profile, at the same centre error; on the
/// Starlink histories (β fitted to several sets) NRLMSISE-00 is better at 1–10 days' lead.
/// The default, [`AtmosphereModel::Auto`], takes each where it scored better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AtmosphereModel {
    /// NRLMSISE-00 when β is fitted to ≥ 3 sets, else the static profile.
    #[default]
    Auto,
    /// NRLMSISE-00 with space weather ([`MsisAtmosphere`]).
    Msis,
    /// The static piecewise-exponential profile ([`ExponentialAtmosphere`]).
    Exponential,
}

impl AtmosphereModel {
    /// Short name (`msis`, `exponential`).
    pub fn as_str(self) -> &'static str {
        match self {
            AtmosphereModel::Auto => "auto",
            AtmosphereModel::Msis => "msis",
            AtmosphereModel::Exponential => "exponential",
        }
    }
}

/// The piecewise-exponential static atmosphere of Vallado, *Fundamentals of Astrodynamics
/// and Applications* (4th ed., 2013), Table 8-4, built on CIRA-72 mean conditions: in each
/// band `[h₀, h₁)` the density is `ρ₀ exp(−(h − h₀)/H)`.
///
/// It carries no solar-cycle dependence; [`super::predict`] fits the level and spreads the
/// prediction over space-weather uncertainty (see the module docs).
#[derive(Debug, Clone, Copy, Default)]
pub struct ExponentialAtmosphere;

impl Atmosphere for ExponentialAtmosphere {
    fn density_kg_m3(&self, alt_km: f64, _mjd_utc: f64) -> f64 {
        exponential_kg_m3(alt_km)
    }
}

/// Heights of the profile, km: 10 km steps to 200, 20 km to 500, 50 km to 1000.
const PROFILE_H_KM: [f64; 39] = [
    70.0, 80.0, 90.0, 100.0, 110.0, 120.0, 130.0, 140.0, 150.0, 160.0, 170.0, 180.0, 190.0, 200.0,
    220.0, 240.0, 260.0, 280.0, 300.0, 320.0, 340.0, 360.0, 380.0, 400.0, 420.0, 440.0, 460.0,
    480.0, 500.0, 550.0, 600.0, 650.0, 700.0, 750.0, 800.0, 850.0, 900.0, 950.0, 1000.0,
];
const NH: usize = PROFILE_H_KM.len();
/// Arguments of latitude and local solar times averaged over.
const N_U: usize = 6;
const LST_H: [f64; 4] = [0.0, 6.0, 12.0, 18.0];

/// ln ρ (kg/m³) at [`PROFILE_H_KM`].
type Profile = [f64; NH];

/// The drivers of one day: previous day's F10.7, its 81-day mean, daily Ap.
#[derive(Debug, Clone, Copy, PartialEq)]
struct DayDrivers {
    f107: f64,
    f107a: f64,
    ap: f64,
}

type Key = (i32, u8, u64, u64, u64);

fn cache() -> &'static Mutex<HashMap<Key, Arc<Profile>>> {
    static CACHE: OnceLock<Mutex<HashMap<Key, Arc<Profile>>>> = OnceLock::new();
    CACHE.get_or_init(|| Mutex::new(HashMap::new()))
}

/// NRLMSISE-00 averaged over an orbit of given inclination, day by day (module docs).
#[derive(Debug)]
pub struct MsisAtmosphere {
    incl_bin_deg: u8,
    cutoff_day: i32,
    persistence: DayDrivers,
    first_day: i32,
    days: Vec<OnceLock<Arc<Profile>>>,
}

impl MsisAtmosphere {
    /// For an orbit of inclination `incl_rad`, with space weather known up to `cutoff`, for
    /// days from `from` to `days` after it (outside, the nearest day's profile holds).
    pub fn new(incl_rad: f64, cutoff: Epoch, from: Epoch, days: usize) -> MsisAtmosphere {
        let sw = SpaceWeather::bundled();
        let incl_deg = incl_rad.to_degrees().abs();
        let incl_deg = if incl_deg > 90.0 {
            180.0 - incl_deg
        } else {
            incl_deg
        };
        let cutoff_day = cutoff.to_mjd_utc_days().floor() as i32;
        // Persistence: the 81 days to the cut-off, or to the file's last observation.
        let last_obs = sw
            .days()
            .iter()
            .rev()
            .find(|d| !d.predicted)
            .map_or(cutoff_day, |d| d.mjd);
        let end = cutoff_day.min(last_obs);
        let (mut f, mut ap) = (0.0, 0.0);
        for d in end - 80..=end {
            let (day, _) = sw.day(d);
            f += day.f107_obs_sfu;
            ap += day.ap_avg;
        }
        let persistence = DayDrivers {
            f107: f / 81.0,
            f107a: f / 81.0,
            ap: ap / 81.0,
        };
        let first_day = from.to_mjd_utc_days().floor() as i32 - 1;
        MsisAtmosphere {
            incl_bin_deg: ((incl_deg / 10.0).round() * 10.0) as u8,
            cutoff_day,
            persistence,
            first_day,
            days: (0..days + 3).map(|_| OnceLock::new()).collect(),
        }
    }

    fn drivers(&self, day: i32) -> DayDrivers {
        if day > self.cutoff_day {
            return self.persistence;
        }
        let sw = SpaceWeather::bundled();
        let (today, _) = sw.day(day);
        let (yesterday, _) = sw.day(day - 1);
        let hi = (day + 40).min(self.cutoff_day);
        let f107a = (day - 40..=hi)
            .map(|d| sw.day(d).0.f107_obs_sfu)
            .sum::<f64>()
            / f64::from(hi - (day - 40) + 1);
        DayDrivers {
            f107: yesterday.f107_obs_sfu,
            f107a,
            ap: today.ap_avg,
        }
    }

    fn profile(&self, day: i32) -> Arc<Profile> {
        let k = (day - self.first_day).clamp(0, self.days.len() as i32 - 1);
        let day = self.first_day + k;
        self.days[k as usize]
            .get_or_init(|| {
                let d = self.drivers(day);
                let key = (
                    day,
                    self.incl_bin_deg,
                    d.f107.to_bits(),
                    d.f107a.to_bits(),
                    d.ap.to_bits(),
                );
                if let Some(p) = cache().lock().ok().and_then(|c| c.get(&key).cloned()) {
                    return p;
                }
                let p = Arc::new(orbit_average(
                    day,
                    f64::from(self.incl_bin_deg).to_radians(),
                    d,
                ));
                if let Ok(mut c) = cache().lock() {
                    // Bound the memory of a long-running process.
                    if c.len() > 200_000 {
                        c.clear();
                    }
                    c.insert(key, p.clone());
                }
                p
            })
            .clone()
    }
}

/// ln of the orbit-averaged density at each profile height on UTC day `day` (at noon).
fn orbit_average(day: i32, incl_rad: f64, d: DayDrivers) -> Profile {
    let msis = Nrlmsise00::shared();
    let noon = Epoch::from_mjd_utc(f64::from(day) + 0.5);
    let drivers = MsisDrivers {
        f107_prev_day_sfu: d.f107,
        f107a_sfu: d.f107a,
        ap: [d.ap; 7],
        ap_history: false,
    };
    let mut out = [0.0; NH];
    for (h, o) in PROFILE_H_KM.iter().zip(out.iter_mut()) {
        let mut sum = 0.0;
        for k in 0..N_U {
            let u = (k as f64 + 0.5) * std::f64::consts::TAU / N_U as f64;
            let lat_deg = (incl_rad.sin() * u.sin()).asin().to_degrees();
            for lst in LST_H {
                // At 12:00 UT the local solar time is 12 h + lon/15.
                let lon_deg = (lst - 12.0) * 15.0;
                let p = MsisPoint::at(noon, lat_deg, lon_deg, *h);
                sum += msis.evaluate(&p, &drivers).drag_rho_kg_m3;
            }
        }
        *o = (sum / (N_U * LST_H.len()) as f64).max(1e-300).ln();
    }
    out
}

/// ln ρ of a profile at `alt_km`: linear between heights, the end segments' slopes beyond.
fn interp(p: &Profile, alt_km: f64) -> f64 {
    let i = PROFILE_H_KM
        .partition_point(|&h| h <= alt_km)
        .clamp(1, NH - 1);
    let (h0, h1) = (PROFILE_H_KM[i - 1], PROFILE_H_KM[i]);
    p[i - 1] + (p[i] - p[i - 1]) * (alt_km - h0) / (h1 - h0)
}

impl Atmosphere for MsisAtmosphere {
    fn density_kg_m3(&self, alt_km: f64, mjd_utc: f64) -> f64 {
        // Profiles stand for noon of their day: interpolate between the two nearest noons.
        let x = mjd_utc - 0.5;
        let d0 = x.floor();
        let w = x - d0;
        let d0 = d0 as i32;
        let (p0, p1) = (self.profile(d0), self.profile(d0 + 1));
        let h = alt_km.min(2000.0);
        ((1.0 - w) * interp(&p0, h) + w * interp(&p1, h)).exp()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use uitkijk_propagate::numerical::atmosphere::EXPONENTIAL_BANDS;

    #[test]
    fn table_values_at_band_bases() {
        let atm = ExponentialAtmosphere;
        for (h0, rho0, _) in EXPONENTIAL_BANDS {
            assert_eq!(atm.density_kg_m3(h0, 0.0), rho0);
        }
        // Continuity across a band edge is good to the table's rounding (a few %).
        for w in EXPONENTIAL_BANDS.windows(2) {
            let (h0, rho0, scale) = w[0];
            let end = rho0 * (-(w[1].0 - h0) / scale).exp();
            assert!((end / w[1].1 - 1.0).abs() < 0.06, "band at {h0} km");
        }
        assert!(atm.density_kg_m3(2000.0, 0.0) < atm.density_kg_m3(1000.0, 0.0));
    }

    #[test]
    fn msis_profile_follows_the_solar_cycle_and_hides_the_future() {
        let t = |s: &str| uitkijk_time::parse_utc(s).unwrap();
        let mjd = |s: &str| t(s).to_mjd_utc_days();
        // Solar minimum (2008-12, F10.7 ~ 69) against maximum (2014-02, ~ 170) at 400 km:
        // NRLMSISE-00 density differs by about an order of magnitude (Emmert 2015, Adv. Space
        // Res. 56:773, Fig. 1: 400 km density ×5–10 over a cycle).
        let min = MsisAtmosphere::new(
            0.9,
            t("2008-12-15T00:00:00Z"),
            t("2008-12-01T00:00:00Z"),
            40,
        );
        let max = MsisAtmosphere::new(
            0.9,
            t("2014-02-15T00:00:00Z"),
            t("2014-02-01T00:00:00Z"),
            40,
        );
        let r = max.density_kg_m3(400.0, mjd("2014-02-10T00:00:00Z"))
            / min.density_kg_m3(400.0, mjd("2008-12-10T00:00:00Z"));
        assert!(r > 4.0 && r < 20.0, "{r}");
        // Near 200 km the cycle matters less, and the level is near the CIRA-72 mean.
        let mean = ExponentialAtmosphere.density_kg_m3(200.0, 0.0);
        let rho = max.density_kg_m3(200.0, mjd("2014-02-10T00:00:00Z"));
        assert!(rho / mean > 0.5 && rho / mean < 3.0, "{}", rho / mean);
        // After the cut-off, the drivers are persistence: constant from day to day.
        let a = min.drivers(min.cutoff_day + 3);
        let b = min.drivers(min.cutoff_day + 20);
        assert_eq!(a, b);
        assert!((a.f107 - 70.0).abs() < 6.0, "{a:?}");
        // Before it, the real day's values.
        assert_ne!(
            min.drivers(min.cutoff_day - 3),
            min.drivers(min.cutoff_day - 4)
        );
        // Monotone in height.
        let m = mjd("2014-02-10T00:00:00Z");
        let mut last = f64::INFINITY;
        for h in (80..1200).step_by(7) {
            let rho = max.density_kg_m3(h as f64, m);
            assert!(rho < last, "{h} km");
            last = rho;
        }
    }
}
