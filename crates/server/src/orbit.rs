//! Orbit quantities for the API: SGP4 states in the asked frame, and the period/apsides of an
//! element set. Propagation is `uitkijk-propagate`'s SGP4, rotations are `uitkijk-frames`'.

use std::f64::consts::TAU;

use uitkijk_formats::ElementSet;
use uitkijk_frames::{OutputFrame, TemeOutput};
use uitkijk_propagate::{brouwer_mean_motion_rad_min, Sgp4};
use uitkijk_time::{EopTable, Epoch};

use crate::error::ApiError;

/// WGS-72 gravitational parameter, km³/s², and equatorial radius, km: the constants SGP4
/// runs on (Hoots & Roehrich 1980, Spacetrack Report #3; Vallado et al. 2006, AIAA
/// 2006-6753), so that apsides agree with the theory that produced the elements.
const MU_WGS72_KM3_S2: f64 = 398_600.8;
/// WGS-72 equatorial radius, km (the altitude reference of `APOAPSIS_KM`/`PERIAPSIS_KM`, as
/// in CelesTrak's and Space-Track's GP data).
pub const RADIUS_WGS72_KM: f64 = 6378.135;

/// Period (min) and apoapsis/periapsis altitudes (km) of an element set, from the Brouwer
/// mean motion n₀″ SGP4 recovers from the Kozai mean motion: a = (μ/n₀″²)^(1/3), which
/// equals SGP4's own a = (kₑ/n₀″)^(2/3)·R. `None` where the elements have no finite orbit.
pub fn period_and_apsides(set: &ElementSet) -> Option<(f64, f64, f64)> {
    let n_kozai_rad_min = set.mean_motion_rev_day * TAU / 1440.0;
    let e = set.eccentricity;
    if !(n_kozai_rad_min > 0.0 && (0.0..1.0).contains(&e)) {
        return None;
    }
    let n_rad_min =
        brouwer_mean_motion_rad_min(n_kozai_rad_min, e, set.inclination_deg.to_radians());
    let n_rad_s = n_rad_min / 60.0;
    let a_km = (MU_WGS72_KM3_S2 / (n_rad_s * n_rad_s)).cbrt();
    let out = (
        TAU / n_rad_min,
        a_km * (1.0 + e) - RADIUS_WGS72_KM,
        a_km * (1.0 - e) - RADIUS_WGS72_KM,
    );
    (out.0.is_finite() && out.1.is_finite() && out.2.is_finite()).then_some(out)
}

/// Reads the `frame` parameter of the state endpoints.
pub fn parse_frame(text: Option<&str>, default: OutputFrame) -> Result<OutputFrame, ApiError> {
    match text.map(|t| t.trim().to_ascii_lowercase()) {
        None => Ok(default),
        Some(t) => match t.as_str() {
            "teme" => Ok(OutputFrame::Teme),
            "gcrf" => Ok(OutputFrame::Gcrf),
            "itrf" => Ok(OutputFrame::Itrf),
            "geodetic" => Ok(OutputFrame::Geodetic),
            _ => Err(ApiError::bad(format!(
                "frame: {t:?} is not teme, gcrf, itrf or geodetic"
            ))),
        },
    }
}

/// The TEME → `frame` transform at `epoch`, with the bundled IERS EOP.
pub fn output_at(frame: OutputFrame, epoch: Epoch) -> TemeOutput {
    TemeOutput::at(frame, epoch, EopTable::bundled())
}

/// Minutes from the element epoch to `at`.
pub fn tsince_min(set: &ElementSet, at: Epoch) -> f64 {
    (at - set.epoch).to_seconds() / 60.0
}

/// The SGP4 TEME state of `sgp4` (built from `set`) at `at`, or why SGP4 refused.
pub fn teme_at(sgp4: &Sgp4, set: &ElementSet, at: Epoch) -> Result<([f64; 3], [f64; 3]), ApiError> {
    sgp4.propagate(tsince_min(set, at)).map_err(|e| {
        ApiError::unprocessable(format!(
            "at: SGP4 cannot propagate object {} to this time: {e}",
            set.norad_id
        ))
    })
}

/// SGP4 of an element set, or why it cannot be built (422: the data, not the request).
pub fn sgp4_of(set: &ElementSet) -> Result<Sgp4, ApiError> {
    Sgp4::new(set).map_err(|e| {
        ApiError::unprocessable(format!(
            "SGP4 cannot use the element set of object {}: {e}",
            set.norad_id
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// ISS (ZARYA) of the bundled 2022-01-22 catalog. Checks that do not use our own
    /// numbers: apoapsis − periapsis = 2ae; the Brouwer period lies within SGP4's J2
    /// correction (δ₀ ≈ 1e-3 at LEO) of the Kozai period 1440/n; altitudes in the ISS's
    /// known 400–430 km band of January 2022.
    #[test]
    fn iss_period_and_apsides() {
        let text = "0 ISS (ZARYA)\n1 25544U 98067A   22022.91470718  .00005958  00000-0  11386-3 0  9994\n2 25544  51.6445 336.0056 0006830  51.7508  17.5213 15.49594026322655\n";
        let set = &uitkijk_formats::tle::read(text).sets[0];
        let (period, apo, peri) = period_and_apsides(set).unwrap();
        // 1440 / n is the Kozai period; the Brouwer one differs by the J2 correction only.
        let kozai = 1440.0 / 15.49594026;
        assert!(
            ((period - kozai) / kozai).abs() < 2e-3,
            "{period} vs {kozai}"
        );
        let a = (apo + peri) / 2.0 + RADIUS_WGS72_KM;
        assert!((apo - peri - 2.0 * a * 0.000683).abs() < 1e-9);
        assert!(
            (400.0..430.0).contains(&peri) && (400.0..430.0).contains(&apo),
            "{apo} {peri}"
        );
    }
}
