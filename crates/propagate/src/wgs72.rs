//! WGS-72 constants, as SGP4 defines them (`getgravconst(wgs72)` in the reference).

/// Gravitational parameter μ, km³/s².
#[cfg_attr(not(test), allow(dead_code))] // only the check of XKE_PER_MIN uses it
pub(crate) const MU_KM3_S2: f64 = 398_600.8;
/// Equatorial radius, km; SGP4's unit of distance.
pub(crate) const RADIUS_KM: f64 = 6378.135;
/// Second zonal harmonic J₂.
pub(crate) const J2: f64 = 0.001_082_616;
/// Third zonal harmonic J₃.
pub(crate) const J3: f64 = -0.000_002_538_81;
/// Fourth zonal harmonic J₄.
pub(crate) const J4: f64 = -0.000_001_655_97;

/// J₃ / J₂.
pub(crate) const J3OJ2: f64 = J3 / J2;
/// kₑ = 60 / √(aₑ³/μ): √μ in earth radii³ᐟ² per minute. Written out because `sqrt` is not
/// `const`; a unit test checks it equals the expression bit for bit.
pub(crate) const XKE_PER_MIN: f64 = 0.074_366_916_133_173_42;
/// Unit of velocity: aₑ kₑ / 60, km/s per (earth radii per minute).
pub(crate) const VKMPERSEC: f64 = RADIUS_KM * XKE_PER_MIN / 60.0;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xke_is_the_reference_expression() {
        let xke = 60.0 / (RADIUS_KM * RADIUS_KM * RADIUS_KM / MU_KM3_S2).sqrt();
        assert_eq!(xke.to_bits(), XKE_PER_MIN.to_bits());
    }
}
