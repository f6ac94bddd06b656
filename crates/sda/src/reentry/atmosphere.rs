//! Thermospheric density for re-entry prediction.
//!
//! The decay model asks one thing of an atmosphere: the density at a height. The fitted
//! ballistic coefficient absorbs the density's *level* at the heights the object has flown
//! through (solar activity of the fit window, model bias), so what a model must get right for
//! prediction is the *shape* of the profile below: how fast density grows as the orbit sinks.

use uitkijk_propagate::numerical::atmosphere::exponential_kg_m3;

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

impl Atmosphere for ExponentialAtmosphere {
    fn density_kg_m3(&self, alt_km: f64) -> f64 {
        exponential_kg_m3(alt_km)
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
            assert_eq!(atm.density_kg_m3(h0), rho0);
        }
        // Continuity across a band edge is good to the table's rounding (a few %).
        for w in EXPONENTIAL_BANDS.windows(2) {
            let (h0, rho0, scale) = w[0];
            let end = rho0 * (-(w[1].0 - h0) / scale).exp();
            assert!((end / w[1].1 - 1.0).abs() < 0.06, "band at {h0} km");
        }
        assert!(atm.density_kg_m3(2000.0) < atm.density_kg_m3(1000.0));
    }
}
