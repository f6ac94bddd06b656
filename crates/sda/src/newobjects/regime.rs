//! Orbit regime of an element set or a SATCAT entry, from perigee, apogee and period.
//!
//! Four classes, drawn from the orbit classes of ESA's Space Environment Report (ESA Space
//! Debris Office, "ESA's Annual Space Environment Report", 2023, §2 "Orbit classes"):
//! - **LEO**: perigee and apogee altitude below 2000 km (ESA LEO);
//! - **GEO**: near-circular (e < 0.25) with semi-major axis 37 948–46 380 km (ESA's extended
//!   GEO band "EGO", which holds GEO proper, inclined and drifting geosynchronous objects);
//! - **MEO**: perigee altitude at or above 2000 km, e < 0.25, not GEO (ESA MEO and NSO,
//!   the navigation constellations);
//! - **HEO**: everything else — eccentric orbits that cross regimes (GTO, Molniya, ESA's
//!   LMO and HEO classes).

use serde::Serialize;
use uitkijk_formats::ElementSet;

/// Earth's gravitational parameter and equatorial radius of WGS-72, the constants SGP4 uses
/// (Vallado et al., "Revisiting Spacetrack Report #3", AIAA 2006-6753).
pub const MU_KM3_S2: f64 = 398_600.8;
/// WGS-72 equatorial radius, km.
pub const EARTH_RADIUS_KM: f64 = 6378.135;

/// An orbit regime.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Regime {
    /// Low Earth orbit.
    Leo,
    /// Medium Earth orbit.
    Meo,
    /// Geosynchronous band.
    Geo,
    /// Highly eccentric, regime-crossing orbits.
    Heo,
}

impl Regime {
    /// `LEO`, `MEO`, `GEO` or `HEO`.
    pub fn as_str(self) -> &'static str {
        match self {
            Regime::Leo => "LEO",
            Regime::Meo => "MEO",
            Regime::Geo => "GEO",
            Regime::Heo => "HEO",
        }
    }

    /// The regime of an orbit given its perigee and apogee altitudes, km.
    pub fn of_altitudes(perigee_km: f64, apogee_km: f64) -> Regime {
        let a = EARTH_RADIUS_KM + 0.5 * (perigee_km + apogee_km);
        let e = (apogee_km - perigee_km) / (2.0 * a);
        if apogee_km < 2000.0 {
            Regime::Leo
        } else if e < 0.25 && (37_948.0..=46_380.0).contains(&a) {
            Regime::Geo
        } else if e < 0.25 && perigee_km >= 2000.0 {
            Regime::Meo
        } else {
            Regime::Heo
        }
    }

    /// The regime of a mean-element set.
    pub fn of(set: &ElementSet) -> Regime {
        let (p, a) = perigee_apogee_km(set);
        Regime::of_altitudes(p, a)
    }
}

impl std::fmt::Display for Regime {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Semi-major axis from the mean motion (two-body, WGS-72 μ), km. The Kozai/Brouwer
/// difference (< 0.1 % at LEO) does not matter for classing an orbit.
pub fn semi_major_axis_km(set: &ElementSet) -> f64 {
    let n_rad_s = set.mean_motion_rev_day * 2.0 * std::f64::consts::PI / 86_400.0;
    (MU_KM3_S2 / (n_rad_s * n_rad_s)).cbrt()
}

/// Perigee and apogee altitudes above the WGS-72 equatorial radius, km.
pub fn perigee_apogee_km(set: &ElementSet) -> (f64, f64) {
    let a = semi_major_axis_km(set);
    (
        a * (1.0 - set.eccentricity) - EARTH_RADIUS_KM,
        a * (1.0 + set.eccentricity) - EARTH_RADIUS_KM,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_of_known_orbits() {
        // ISS ~ 420 km circular; GPS ~ 20 200 km circular; GEO 35 786 km; GTO 250 × 35 786 km;
        // Molniya 600 × 39 700 km.
        assert_eq!(Regime::of_altitudes(415.0, 425.0), Regime::Leo);
        assert_eq!(Regime::of_altitudes(20_100.0, 20_300.0), Regime::Meo);
        assert_eq!(Regime::of_altitudes(35_780.0, 35_792.0), Regime::Geo);
        assert_eq!(Regime::of_altitudes(250.0, 35_786.0), Regime::Heo);
        assert_eq!(Regime::of_altitudes(600.0, 39_700.0), Regime::Heo);
        // A GEO graveyard orbit 300 km above GEO is still in the geosynchronous band.
        assert_eq!(Regime::of_altitudes(36_080.0, 36_100.0), Regime::Geo);
    }
}
