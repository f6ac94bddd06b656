//! Thermospheric density for re-entry prediction.
//!
//! The decay model asks one thing of an atmosphere: the density at a height. The fitted
//! ballistic coefficient absorbs the density's *level* at the heights the object has flown
//! through (solar activity of the fit window, model bias), so what a model must get right for
//! prediction is the *shape* of the profile below: how fast density grows as the orbit sinks.

/// Density of the atmosphere as a function of height.
pub trait Atmosphere: Sync {
    /// Mass density at `alt_km` above the ellipsoid, kg/m³.
    fn density_kg_m3(&self, alt_km: f64) -> f64;
}

/// The piecewise-exponential static atmosphere of Vallado, *Fundamentals of Astrodynamics
/// and Applications* (4th ed., 2013), Table 8-4, built on CIRA-72 mean conditions: in each
/// band `[h₀, h₁)` the density is `ρ₀ exp(−(h − h₀)/H)`.
///
/// It carries no solar-cycle dependence; [`super::predict`] fits the level and spreads the
/// prediction over space-weather uncertainty (see the module docs).
#[derive(Debug, Clone, Copy, Default)]
pub struct ExponentialAtmosphere;

/// Base height km, nominal density kg/m³, scale height km (Vallado Table 8-4).
const BANDS: [(f64, f64, f64); 28] = [
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

impl Atmosphere for ExponentialAtmosphere {
    fn density_kg_m3(&self, alt_km: f64) -> f64 {
        let h = alt_km.max(0.0);
        // Last band whose base is at or below h; above 1000 km the top band extends.
        let i = BANDS.partition_point(|b| b.0 <= h).saturating_sub(1);
        let (h0, rho0, scale) = BANDS[i];
        rho0 * (-(h - h0) / scale).exp()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_values_at_band_bases() {
        let atm = ExponentialAtmosphere;
        for (h0, rho0, _) in BANDS {
            assert_eq!(atm.density_kg_m3(h0), rho0);
        }
        // Continuity across a band edge is good to the table's rounding (a few %).
        for w in BANDS.windows(2) {
            let (h0, rho0, scale) = w[0];
            let end = rho0 * (-(w[1].0 - h0) / scale).exp();
            assert!((end / w[1].1 - 1.0).abs() < 0.06, "band at {h0} km");
        }
        assert!(atm.density_kg_m3(2000.0) < atm.density_kg_m3(1000.0));
    }
}
