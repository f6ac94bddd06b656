//! IAU-1976/FK5 building blocks: time arguments, precession, mean obliquity, GMST.
//!
//! References: Vallado, *Fundamentals of Astrodynamics and Applications*, 4th ed. (2013),
//! §3.7; Lieske et al. (1977) for precession; Aoki et al. (1982) for GMST; IERS Technical
//! Note 36 (Conventions 2010) ch. 5 for polar motion and s′.

use uitkijk_time::{Epoch, Unit};

use crate::rot::{mul, r1, r2, r3, Mat3};

pub(crate) const ARCSEC_TO_RAD: f64 = std::f64::consts::PI / 648_000.0;
const SECONDS_PER_CENTURY: f64 = 86_400.0 * 36_525.0;
/// TT − TAI, seconds.
const TT_MINUS_TAI_S: f64 = 32.184;
/// Earth's nominal rotation rate w.r.t. inertial space, rad/s (Vallado, IERS).
pub const EARTH_ROTATION_RAD_S: f64 = 7.292_115_146_706_979e-5;

/// TAI seconds since 2000-01-01T12:00:00 TAI (JD 2451545.0 on the TAI scale).
///
/// Done on hifitime's integer durations first so that the f64 keeps sub-microsecond resolution.
pub fn tai_seconds_since_j2000(epoch: Epoch) -> f64 {
    (epoch.to_tai_duration() - Unit::Day * 36_524.5).to_seconds()
}

/// Julian centuries TT since J2000.0 (JD 2451545.0 TT).
pub fn tt_centuries_since_j2000(epoch: Epoch) -> f64 {
    (tai_seconds_since_j2000(epoch) + TT_MINUS_TAI_S) / SECONDS_PER_CENTURY
}

/// Days UT1 since JD 2451545.0 UT1, given UT1 − TAI in seconds.
pub fn ut1_days_since_j2000(epoch: Epoch, ut1_minus_tai_s: f64) -> f64 {
    (tai_seconds_since_j2000(epoch) + ut1_minus_tai_s) / 86_400.0
}

/// Greenwich mean sidereal time, IAU 1982 (Aoki et al. 1982; Vallado eq. 3-47), radians in
/// [0, 2π), from days UT1 since J2000.
pub fn gmst82_rad(ut1_days: f64) -> f64 {
    let t = ut1_days / 36_525.0;
    // GMST(s) = 24110.54841 + 8640184.812866 T + 0.093104 T² − 6.2e-6 T³ at 0h UT1, plus the
    // UT1 time of day; JD counts from noon, hence the −43200 s.
    let frac = ut1_days.rem_euclid(1.0);
    let seconds = 24_110.548_41 - 43_200.0
        + 86_400.0 * frac
        + (8_640_184.812_866 + (0.093_104 - 6.2e-6 * t) * t) * t;
    (seconds * std::f64::consts::TAU / 86_400.0).rem_euclid(std::f64::consts::TAU)
}

/// Mean obliquity of the ecliptic, IAU 1976/1980 (Vallado eq. 3-81), radians.
pub fn mean_obliquity_iau1980(t_tt: f64) -> f64 {
    let t = t_tt;
    (84_381.448 + (-46.8150 + (-0.00059 + 0.001_813 * t) * t) * t) * ARCSEC_TO_RAD
}

/// IAU 1976 precession matrix from the mean equator and equinox of J2000 to those of date:
/// `r_mod = P · r_j2000`, with P = R3(−z) R2(θ) R3(−ζ) (Lieske 1977; Vallado eq. 3-88).
pub fn precession_iau1976(t_tt: f64) -> Mat3 {
    let t = t_tt;
    let zeta = (2306.2181 + (0.30188 + 0.017_998 * t) * t) * t * ARCSEC_TO_RAD;
    let theta = (2004.3109 + (-0.42665 - 0.041_833 * t) * t) * t * ARCSEC_TO_RAD;
    let z = (2306.2181 + (1.09468 + 0.018_203 * t) * t) * t * ARCSEC_TO_RAD;
    mul(&r3(-z), &mul(&r2(theta), &r3(-zeta)))
}

/// Nutation matrix from mean of date to true of date: `r_tod = N · r_mod`,
/// N = R1(−ε) R3(−Δψ) R1(ε̄), ε = ε̄ + Δε.
pub fn nutation_matrix(mean_obliquity: f64, dpsi: f64, deps: f64) -> Mat3 {
    mul(
        &r1(-(mean_obliquity + deps)),
        &mul(&r3(-dpsi), &r1(mean_obliquity)),
    )
}

/// Frame bias from GCRF to the mean equator and equinox of J2000 (IERS Conventions 2003/2010
/// eq. 5.21): `r_j2000 = B · r_gcrf`, B = R1(−η₀) R2(ξ₀) R3(dα₀), with dα₀ = −14.6 mas,
/// ξ₀ = −16.617 mas, η₀ = −6.8192 mas. About 20 mas in all, 0.7 m at 7000 km.
pub fn frame_bias() -> Mat3 {
    let da0 = -0.0146 * ARCSEC_TO_RAD;
    let xi0 = -0.016_617 * ARCSEC_TO_RAD;
    let eta0 = -0.006_819_2 * ARCSEC_TO_RAD;
    mul(&r1(-eta0), &mul(&r2(xi0), &r3(da0)))
}

/// Polar-motion matrix W from ITRF to the pseudo-Earth-fixed (TIRS/PEF) frame:
/// `r_pef = W · r_itrf`, W = R3(−s′) R2(xₚ) R1(yₚ), with the TIO locator
/// s′ = −47 µas · T (IERS Conventions 2010 eq. 5.13; Vallado drops s′, ≤ 0.05 mas until 2100).
pub fn polar_motion_matrix(xp_rad: f64, yp_rad: f64, t_tt: f64) -> Mat3 {
    let sp = -47e-6 * t_tt * ARCSEC_TO_RAD;
    mul(&r3(-sp), &mul(&r2(xp_rad), &r1(yp_rad)))
}
