//! Low-precision analytic positions of the Sun and the Moon, in the mean equator and equinox
//! of J2000 (taken as GCRF; the ~20 mas frame bias is far below these series' accuracy).
//!
//! Montenbruck & Gill, *Satellite Orbits* (2000), §3.3.2, eqs. (3.38)–(3.47), after the
//! Astronomical Almanac's low-precision formulae. M&G state the accuracy as about 0.1–1 % for
//! the Sun and a few arcminutes (~500 km) in direction and a few hundred km in distance for
//! the Moon; the tests measure it against JPL DE440 (`tests/numerical_forces.rs`). For the
//! third-body acceleration on a LEO satellite that is a relative error of ~1e-3 on an
//! acceleration of ~1e-9 km/s² (a few mm over a day), well under the gravity field's
//! truncation.

use std::f64::consts::PI;

const DEG: f64 = PI / 180.0;
const ARCSEC: f64 = DEG / 3600.0;
/// Mean obliquity of the ecliptic at J2000 (M&G eq. 3.38), rad.
const OBLIQUITY_J2000: f64 = 23.439_291_11 * DEG;

/// Ecliptic (J2000) to equatorial (J2000): a rotation by −ε about x.
fn ecliptic_to_equator(v: [f64; 3]) -> [f64; 3] {
    let (s, c) = OBLIQUITY_J2000.sin_cos();
    [v[0], c * v[1] - s * v[2], s * v[1] + c * v[2]]
}

/// The Sun's geocentric position, km, at `t_tt` Julian centuries of TT since J2000
/// (M&G eqs. 3.43–3.44, without the 1.3972° T precession term, so in the J2000 equinox).
pub fn sun_position_km(t_tt: f64) -> [f64; 3] {
    let m = (357.525_6 + 35_999.049 * t_tt) * DEG;
    let lon = 282.94 * DEG + m + (6_892.0 * m.sin() + 72.0 * (2.0 * m).sin()) * ARCSEC;
    let r_km = (149.619 - 2.499 * m.cos() - 0.021 * (2.0 * m).cos()) * 1e6;
    ecliptic_to_equator([r_km * lon.cos(), r_km * lon.sin(), 0.0])
}

/// The Moon's geocentric position, km, at `t_tt` Julian centuries of TT since J2000
/// (M&G eqs. 3.45–3.47, Brown's theory truncated; J2000 equinox: the mean longitude has the
/// precession of the equinox, 1.3972° T, taken out).
pub fn moon_position_km(t_tt: f64) -> [f64; 3] {
    let t = t_tt;
    // Mean longitude, mean anomalies of Moon and Sun, argument of latitude, elongation.
    let l0 = (218.316_17 + 481_267.880_88 * t - 1.3972 * t) * DEG;
    let l = (134.962_92 + 477_198.867_53 * t) * DEG;
    let lp = (357.525_43 + 35_999.049_44 * t) * DEG;
    let f = (93.272_83 + 483_202.018_73 * t) * DEG;
    let d = (297.850_27 + 445_267.111_35 * t) * DEG;
    let lon = l0
        + (22_640.0 * l.sin() + 769.0 * (2.0 * l).sin() - 4_586.0 * (l - 2.0 * d).sin()
            + 2_370.0 * (2.0 * d).sin()
            - 668.0 * lp.sin()
            - 412.0 * (2.0 * f).sin()
            - 212.0 * (2.0 * l - 2.0 * d).sin()
            - 206.0 * (l + lp - 2.0 * d).sin()
            + 192.0 * (l + 2.0 * d).sin()
            - 165.0 * (lp - 2.0 * d).sin()
            + 148.0 * (l - lp).sin()
            - 125.0 * d.sin()
            - 110.0 * (l + lp).sin()
            - 55.0 * (2.0 * f - 2.0 * d).sin())
            * ARCSEC;
    let lat = (18_520.0
        * (f + lon - l0 + (412.0 * (2.0 * f).sin() + 541.0 * lp.sin()) * ARCSEC).sin()
        - 526.0 * (f - 2.0 * d).sin()
        + 44.0 * (l + f - 2.0 * d).sin()
        - 31.0 * (-l + f - 2.0 * d).sin()
        - 25.0 * (-2.0 * l + f).sin()
        - 23.0 * (lp + f - 2.0 * d).sin()
        + 21.0 * (-l + f).sin()
        + 11.0 * (-lp + f - 2.0 * d).sin())
        * ARCSEC;
    let r_km = 385_000.0
        - 20_905.0 * l.cos()
        - 3_699.0 * (2.0 * d - l).cos()
        - 2_956.0 * (2.0 * d).cos()
        - 570.0 * (2.0 * l).cos()
        + 246.0 * (2.0 * l - 2.0 * d).cos()
        - 205.0 * (lp - 2.0 * d).cos()
        - 171.0 * (l + 2.0 * d).cos()
        - 152.0 * (l + lp - 2.0 * d).cos();
    let (sb, cb) = lat.sin_cos();
    ecliptic_to_equator([r_km * cb * lon.cos(), r_km * cb * lon.sin(), r_km * sb])
}
