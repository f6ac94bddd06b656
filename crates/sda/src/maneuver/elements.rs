//! Mean elements of one element set in the form the detector compares: semi-major axis from
//! the Brouwer ("un-Kozai'd") mean motion, inclination, node, and the inclination vector.

use std::f64::consts::PI;

use uitkijk_formats::ElementSet;
use uitkijk_time::Epoch;

/// WGS-72 constants of SGP4 (Hoots & Roehrich, Spacetrack Report #3, 1980; Vallado et al.,
/// "Revisiting Spacetrack Report #3", AIAA 2006-6753, `getgravconst`): the same values that
/// produced the element sets, so that the semi-major axis is the one the fit meant.
const MU_KM3_S2: f64 = 398_600.8;
const RE_KM: f64 = 6378.135;

/// Mean motion below which an orbit is treated as geosynchronous-like (deep space, period
/// over 225 min is SDP4's own boundary; we use it for the choice of plane channels).
pub(crate) const DEEP_SPACE_REV_DAY: f64 = 1440.0 / 225.0;

/// One element set reduced to what the detector tracks.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Sample {
    /// Index in the object's history.
    pub index: usize,
    /// Epoch of the set.
    pub epoch: Epoch,
    /// Days since the first set of the history (the detector's time axis).
    pub t_day: f64,
    /// Brouwer mean semi-major axis, km.
    pub a_km: f64,
    /// Brouwer mean motion, rad/s.
    pub n_rad_s: f64,
    /// Mean inclination, rad.
    pub incl_rad: f64,
    /// Mean right ascension of the ascending node, rad (unwrapped along the history later).
    pub raan_rad: f64,
    /// Mean motion as published (Kozai), rev/day.
    pub n_kozai_rev_day: f64,
}

impl Sample {
    /// Speed on a circular orbit of this size, km/s (Gauss's equations are written with it).
    pub fn speed_km_s(&self) -> f64 {
        self.n_rad_s * self.a_km
    }
}

/// The Brouwer mean motion (rad/s) and semi-major axis (km) from the Kozai mean motion of a
/// TLE, by the recovery in SGP4's initialisation (Spacetrack Report #3 §6, eqs. for a₁, δ₁,
/// a₀, δ₀, n₀″; `initl` in Vallado et al. 2006).
pub(crate) fn brouwer_mean_motion(n_kozai_rev_day: f64, ecc: f64, incl_rad: f64) -> (f64, f64) {
    let xke = 60.0 / (RE_KM.powi(3) / MU_KM3_S2).sqrt(); // sqrt(μ) in er^1.5/min
    let no_kozai = n_kozai_rev_day * 2.0 * PI / 1440.0; // rad/min
    let no = uitkijk_propagate::brouwer_mean_motion_rad_min(no_kozai, ecc, incl_rad);
    let a_er = (xke / no).powf(2.0 / 3.0);
    (no / 60.0, a_er * RE_KM)
}

/// A sample of `set`, or `None` when its elements cannot describe a bound orbit (mean motion
/// not positive, eccentricity outside [0, 1), non-finite numbers, SGP4-XP sets).
pub(crate) fn sample(index: usize, set: &ElementSet, t0: Epoch) -> Option<Sample> {
    let ok = set.ephemeris_type != 4
        && set.mean_motion_rev_day.is_finite()
        && set.mean_motion_rev_day > 0.0
        && (0.0..1.0).contains(&set.eccentricity)
        && set.inclination_deg.is_finite()
        && set.raan_deg.is_finite()
        && set.arg_perigee_deg.is_finite();
    if !ok {
        return None;
    }
    let incl_rad = set.inclination_deg.to_radians();
    let (n_rad_s, a_km) = brouwer_mean_motion(set.mean_motion_rev_day, set.eccentricity, incl_rad);
    if !(a_km.is_finite() && a_km > 0.0) {
        return None;
    }
    Some(Sample {
        index,
        epoch: set.epoch,
        t_day: (set.epoch - t0).to_seconds() / 86_400.0,
        a_km,
        n_rad_s,
        incl_rad,
        raan_rad: set.raan_deg.to_radians(),
        n_kozai_rev_day: set.mean_motion_rev_day,
    })
}

/// Median of the values (NaN when there are none).
pub(crate) fn median_of(values: impl IntoIterator<Item = f64>) -> f64 {
    super::robust::median(values).unwrap_or(f64::NAN)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brouwer_semi_major_axis_of_a_geostationary_orbit() {
        // 1.00273791 rev/day is one sidereal day: a = 42164.2 km (Vallado, Fundamentals of
        // Astrodynamics and Applications, 4th ed., §2.2 "geosynchronous radius" 42 164.1696 km
        // with μ = 398 600.4418; WGS-72's μ = 398 600.8 gives 42 164.18 km). J2 barely matters.
        let (_, a) = brouwer_mean_motion(1.002_737_91, 0.0, 0.0);
        assert!((a - 42_164.18).abs() < 2.0, "{a}");
    }
}
