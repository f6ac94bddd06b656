//! Atmospheric density: the modified Harris–Priester model.
//!
//! Montenbruck & Gill, *Satellite Orbits* (2000), §3.5.1 and Table 3.8 (minimum/maximum
//! density at 100–1000 km for mean solar activity), with the diurnal bulge lagging the Sun by
//! 30° in right ascension and the cos^n(ψ/2) weighting (n = 3 here, between M&G's 2 for low and
//! 6 for polar orbits, as is usual). Harris–Priester ignores space weather: it is the fast
//! model of the mean atmosphere, not a forecast of today's.
//!
//! Below 100 km (re-entry) M&G's model stops; we continue with the piecewise exponential of
//! Vallado, *Fundamentals of Astrodynamics and Applications*, 4th ed. (2013), Table 8-4 (CIRA-72
//! base densities and scale heights), scaled (by 0.94) so that it meets Harris–Priester at 100 km.
//! Above 1000 km the density is taken as zero, as M&G do.

/// Harris–Priester heights, km (M&G Table 3.8).
const HP_H_KM: [f64; 50] = [
    100.0, 120.0, 130.0, 140.0, 150.0, 160.0, 170.0, 180.0, 190.0, 200.0, 210.0, 220.0, 230.0,
    240.0, 250.0, 260.0, 270.0, 280.0, 290.0, 300.0, 320.0, 340.0, 360.0, 380.0, 400.0, 420.0,
    440.0, 460.0, 480.0, 500.0, 520.0, 540.0, 560.0, 580.0, 600.0, 620.0, 640.0, 660.0, 680.0,
    700.0, 720.0, 740.0, 760.0, 780.0, 800.0, 840.0, 880.0, 920.0, 960.0, 1000.0,
];
/// Minimum (night-side apex) density, g/km³ (= 1e-12 kg/m³).
const HP_MIN: [f64; 50] = [
    4.974e+05, 2.490e+04, 8.377e+03, 3.899e+03, 2.122e+03, 1.263e+03, 8.008e+02, 5.283e+02,
    3.617e+02, 2.557e+02, 1.839e+02, 1.341e+02, 9.949e+01, 7.488e+01, 5.709e+01, 4.403e+01,
    3.430e+01, 2.697e+01, 2.139e+01, 1.708e+01, 1.099e+01, 7.214e+00, 4.824e+00, 3.274e+00,
    2.249e+00, 1.558e+00, 1.091e+00, 7.701e-01, 5.474e-01, 3.916e-01, 2.819e-01, 2.042e-01,
    1.488e-01, 1.092e-01, 8.070e-02, 6.012e-02, 4.519e-02, 3.430e-02, 2.632e-02, 2.043e-02,
    1.607e-02, 1.281e-02, 1.036e-02, 8.496e-03, 7.069e-03, 4.680e-03, 3.200e-03, 2.210e-03,
    1.560e-03, 1.150e-03,
];
/// Maximum (day-side apex) density, g/km³.
const HP_MAX: [f64; 50] = [
    4.974e+05, 2.490e+04, 8.710e+03, 4.059e+03, 2.215e+03, 1.344e+03, 8.758e+02, 6.010e+02,
    4.297e+02, 3.162e+02, 2.396e+02, 1.853e+02, 1.455e+02, 1.157e+02, 9.308e+01, 7.555e+01,
    6.182e+01, 5.095e+01, 4.226e+01, 3.526e+01, 2.511e+01, 1.819e+01, 1.337e+01, 9.955e+00,
    7.492e+00, 5.684e+00, 4.355e+00, 3.362e+00, 2.612e+00, 2.042e+00, 1.605e+00, 1.267e+00,
    1.005e+00, 7.997e-01, 6.390e-01, 5.123e-01, 4.121e-01, 3.325e-01, 2.691e-01, 2.185e-01,
    1.779e-01, 1.452e-01, 1.190e-01, 9.776e-02, 8.059e-02, 5.741e-02, 4.210e-02, 3.130e-02,
    2.360e-02, 1.810e-02,
];

/// The piecewise-exponential static atmosphere of Vallado, *Fundamentals of Astrodynamics and
/// Applications* (4th ed., 2013), Table 8-4 (CIRA-72 mean conditions): base height km, density
/// at the base kg/m³, scale height km. In each band `[h₀, h₁)` the density is
/// `ρ₀ exp(−(h − h₀)/H)`; the top band extends above 1000 km.
pub const EXPONENTIAL_BANDS: [(f64, f64, f64); 28] = [
    (0.0, 1.225, 7.249),
    (25.0, 3.899e-2, 6.349),
    (30.0, 1.774e-2, 6.682),
    (40.0, 3.972e-3, 7.554),
    (50.0, 1.057e-3, 8.382),
    (60.0, 3.206e-4, 7.714),
    (70.0, 8.770e-5, 6.549),
    (80.0, 1.905e-5, 5.799),
    (90.0, 3.396e-6, 5.382),
    (100.0, 5.297e-7, 5.877),
    (110.0, 9.661e-8, 7.263),
    (120.0, 2.438e-8, 9.473),
    (130.0, 8.484e-9, 12.636),
    (140.0, 3.845e-9, 16.149),
    (150.0, 2.070e-9, 22.523),
    (180.0, 5.464e-10, 29.740),
    (200.0, 2.789e-10, 37.105),
    (250.0, 7.248e-11, 45.546),
    (300.0, 2.418e-11, 53.628),
    (350.0, 9.518e-12, 53.298),
    (400.0, 3.725e-12, 58.515),
    (450.0, 1.585e-12, 60.828),
    (500.0, 6.967e-13, 63.822),
    (600.0, 1.454e-13, 71.835),
    (700.0, 3.614e-14, 88.667),
    (800.0, 1.170e-14, 124.64),
    (900.0, 5.245e-15, 181.05),
    (1000.0, 3.019e-15, 268.00),
];

/// Density of [`EXPONENTIAL_BANDS`] at `alt_km` (negative heights read as 0), kg/m³.
pub fn exponential_kg_m3(alt_km: f64) -> f64 {
    let h = alt_km.max(0.0);
    let (h0, rho0, scale_km) = EXPONENTIAL_BANDS[EXPONENTIAL_BANDS
        .partition_point(|b| b.0 <= h)
        .saturating_sub(1)];
    rho0 * (-(h - h0) / scale_km).exp()
}

/// Right-ascension lag of the diurnal bulge behind the Sun (M&G §3.5.1: 30°).
const BULGE_LAG_RAD: f64 = 30.0 * std::f64::consts::PI / 180.0;
/// Exponent n of cos^n(ψ/2).
const HP_EXPONENT: i32 = 3;

/// Harris–Priester density, kg/m³, at height `alt_km` above the ellipsoid, for a satellite at
/// inertial position `r_km` (any Earth-centred inertial frame) with the Sun at `sun_km` in the
/// same frame.
pub fn harris_priester_kg_m3(alt_km: f64, r_km: &[f64; 3], sun_km: &[f64; 3]) -> f64 {
    if alt_km >= HP_H_KM[49] {
        return 0.0;
    }
    if alt_km < HP_H_KM[0] {
        return below_100_kg_m3(alt_km);
    }
    // Unit vector to the bulge's apex: the Sun's direction turned 30° east in right ascension.
    let (sx, sy, sz) = (sun_km[0], sun_km[1], sun_km[2]);
    let ra = sy.atan2(sx) + BULGE_LAG_RAD;
    let dec = sz.atan2((sx * sx + sy * sy).sqrt());
    let u = [dec.cos() * ra.cos(), dec.cos() * ra.sin(), dec.sin()];
    let r = (r_km[0] * r_km[0] + r_km[1] * r_km[1] + r_km[2] * r_km[2]).sqrt();
    let cos_psi = (r_km[0] * u[0] + r_km[1] * u[1] + r_km[2] * u[2]) / r;
    let c2 = (0.5 + 0.5 * cos_psi).max(0.0);
    let i = HP_H_KM.partition_point(|&h| h <= alt_km) - 1;
    let interp = |tab: &[f64; 50]| {
        // Exponential between the table's heights (M&G eq. 3.101).
        let scale_km = (HP_H_KM[i] - HP_H_KM[i + 1]) / (tab[i + 1] / tab[i]).ln();
        tab[i] * ((HP_H_KM[i] - alt_km) / scale_km).exp()
    };
    let (d_min, d_max) = (interp(&HP_MIN), interp(&HP_MAX));
    (d_min + (d_max - d_min) * c2.powi(HP_EXPONENT)) * 1e-12
}

fn below_100_kg_m3(alt_km: f64) -> f64 {
    // Scale so that the 90 km layer meets Harris–Priester's 100 km value exactly (~6 %).
    let (h90, rho90, scale90_km) = EXPONENTIAL_BANDS[8];
    let scale = HP_MIN[0] * 1e-12 / (rho90 * (-(100.0 - h90) / scale90_km).exp());
    scale * exponential_kg_m3(alt_km)
}
