//! Default uncertainty of element-set (TLE/OMM) states, and default hard-body radii.
//!
//! A TLE carries no covariance, yet screening needs one to give every event a Pc. This module
//! gives a *model* covariance of an SGP4 state as a function of the time from the element
//! epoch, by orbit regime and object type, and a default hard-body radius (HBR) per object.
//!
//! # Covariance model
//!
//! Position sigmas in the radial / in-track / cross-track (RIC) frame of the object grow with
//! `|Δt|` (days from the element epoch):
//!
//! ```text
//! σ_k(Δt) = f · (σ_k0 + g_k |Δt| + q_k Δt²),   k = R, I, C
//! ```
//!
//! with `f` a factor per object type and `q_k` non-zero mainly where drag matters. The
//! in-track term grows fastest: an error in mean motion
//! (semi-major axis) maps into an in-track error that grows linearly, and an error in the drag
//! (B*, density) into one that grows quadratically, while radial and cross-track errors stay
//! bounded to first order (the classical picture of along-track error growth, e.g. Vallado,
//! *Fundamentals of Astrodynamics and Applications*, 4th ed., ch. 9–10).
//!
//! Velocity sigmas follow from the position ones through first-order orbit geometry of a
//! near-circular orbit with mean motion `n`: an in-track (timing) error `δI` turns the velocity
//! vector by `n·δI` in the radial direction; a radial error from an eccentricity error of
//! amplitude `δR` comes with an in-track velocity error of about `n·δR`; a cross-track
//! oscillation of amplitude `δC` with `n·δC`. Hence `σ_vR = n σ_I`, `σ_vI = n σ_R`,
//! `σ_vC = n σ_C`. The model covariance is diagonal in RIC (correlations are not modelled).
//! Velocity components are inertial velocity projected on the RIC axes (the CCSDS CDM RTN
//! convention), so the RIC ↔ inertial map is a plain block rotation.
//!
//! **Source of the numbers.** Like the look-up tables of ESA's CRASS described by Flohrer,
//! Krag & Klinkrad, "Assessment and categorization of TLE orbit errors for the US SSN
//! catalogue", AMOS 2008 (sorted by eccentricity, perigee height and inclination), the bins go
//! by eccentricity, then perigee height (no inclination split; the bin edges are ours). The
//! at-epoch sigmas are chosen of the order of the TLE-versus-precise-orbit errors reported in
//! that literature (LEO: about 0.1 km radial, a few hundred metres in-track, 0.1–0.2 km
//! cross-track; kilometres in GEO); they are *not* transcribed from the paper's tables, which
//! were not at hand when this was written, and should be checked against them. The growth
//! terms are Uitkijk's own calibration on TLE-to-TLE prediction differences of real
//! element-set histories (the consistency method of Osweiler, AFIT thesis 2006, and of
//! Vallado & Cefola, "Two-line element sets — practice and use", IAC-12.C1.6.6, 2012): see
//! [`regime_sigmas`] for which histories, and `tests/covariance_model.rs` for the check. Use
//! [`TleCovarianceModel::with_table`] where better numbers are known.
//!
//! # Hard-body radius
//!
//! [`default_hbr_m`] looks the object up in NASA CARA's per-object HBR table
//! (`HBR_Mass_Estimates_20260601_ForDistribution.csv`, nasa/CARA_Analysis_Tools, NASA Open
//! Source Agreement; bundled as `data/cara_hbr_20260601.csv`, the rows that carry an HBR),
//! else falls back to a value per object type (see [`type_default_hbr_m`]).

use std::sync::OnceLock;

use nalgebra::{Matrix3, Matrix6, Vector3};
use serde::Serialize;
use uitkijk_formats::{ElementSet, ObjectType};

/// Earth equatorial radius used for perigee/apogee heights, km (WGS-72, the SGP4 constant).
const EARTH_RADIUS_KM: f64 = 6378.135;
/// Earth gravitational parameter, km³/s² (WGS-72, the SGP4 constant).
const MU_KM3_S2: f64 = 398_600.8;
const SECONDS_PER_DAY: f64 = 86_400.0;

/// Why a model covariance could not be built.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum CovarianceModelError {
    /// The state has no RIC frame (zero or non-finite position, or r × v vanishes).
    #[error("state has no radial/in-track/cross-track frame (r × v vanishes or is not finite)")]
    DegenerateState,
    /// An input number is not finite or out of its domain.
    #[error("invalid {field}: {value}")]
    InvalidInput {
        /// Which input.
        field: &'static str,
        /// Its value.
        value: f64,
    },
}

/// Orbit regime bins of the model: LEO by perigee height, then MEO, GEO and eccentric (HEO).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum OrbitRegime {
    /// e < 0.1, perigee height below 500 km (drag-dominated).
    LeoBelow500,
    /// e < 0.1, perigee height 500–800 km.
    Leo500To800,
    /// e < 0.1, perigee height 800–1200 km.
    Leo800To1200,
    /// e < 0.1, perigee height 1200–2000 km.
    Leo1200To2000,
    /// e < 0.1, perigee height above 2000 km, not geosynchronous (GNSS and the like).
    Meo,
    /// e < 0.1, mean motion 0.9–1.1 rev/day (geosynchronous).
    Geo,
    /// e ≥ 0.1 (GTO, Molniya, HEO).
    Heo,
}

impl OrbitRegime {
    /// A short name, e.g. `leo-500-800`.
    pub fn as_str(self) -> &'static str {
        match self {
            OrbitRegime::LeoBelow500 => "leo-below-500",
            OrbitRegime::Leo500To800 => "leo-500-to-800",
            OrbitRegime::Leo800To1200 => "leo-800-to-1200",
            OrbitRegime::Leo1200To2000 => "leo-1200-to-2000",
            OrbitRegime::Meo => "meo",
            OrbitRegime::Geo => "geo",
            OrbitRegime::Heo => "heo",
        }
    }
}

/// What the model needs to know of an orbit.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct OrbitDescription {
    /// Mean motion, rev/day.
    pub mean_motion_rev_day: f64,
    /// Eccentricity.
    pub eccentricity: f64,
    /// Perigee height above the equatorial radius, km.
    pub perigee_alt_km: f64,
}

impl OrbitDescription {
    /// From mean motion (rev/day) and eccentricity; errors for non-positive or non-finite
    /// mean motion and eccentricity outside [0, 1).
    pub fn new(mean_motion_rev_day: f64, eccentricity: f64) -> Result<Self, CovarianceModelError> {
        if !(mean_motion_rev_day.is_finite() && mean_motion_rev_day > 0.0) {
            return Err(CovarianceModelError::InvalidInput {
                field: "mean motion",
                value: mean_motion_rev_day,
            });
        }
        if !(0.0..1.0).contains(&eccentricity) {
            return Err(CovarianceModelError::InvalidInput {
                field: "eccentricity",
                value: eccentricity,
            });
        }
        let a_km = semi_major_axis_km(mean_motion_rev_day);
        Ok(OrbitDescription {
            mean_motion_rev_day,
            eccentricity,
            perigee_alt_km: a_km * (1.0 - eccentricity) - EARTH_RADIUS_KM,
        })
    }

    /// From a TLE/OMM element set (Kozai mean motion and mean eccentricity: the bins are
    /// coarse, so the Kozai/Brouwer difference does not matter).
    pub fn from_elements(set: &ElementSet) -> Result<Self, CovarianceModelError> {
        OrbitDescription::new(set.mean_motion_rev_day, set.eccentricity)
    }

    /// Mean motion, rad/s.
    pub fn mean_motion_rad_s(&self) -> f64 {
        self.mean_motion_rev_day * std::f64::consts::TAU / SECONDS_PER_DAY
    }

    /// The regime bin of this orbit.
    pub fn regime(&self) -> OrbitRegime {
        if self.eccentricity >= 0.1 {
            OrbitRegime::Heo
        } else if (0.9..=1.1).contains(&self.mean_motion_rev_day) {
            OrbitRegime::Geo
        } else if self.perigee_alt_km < 500.0 {
            OrbitRegime::LeoBelow500
        } else if self.perigee_alt_km < 800.0 {
            OrbitRegime::Leo500To800
        } else if self.perigee_alt_km < 1200.0 {
            OrbitRegime::Leo800To1200
        } else if self.perigee_alt_km < 2000.0 {
            OrbitRegime::Leo1200To2000
        } else {
            OrbitRegime::Meo
        }
    }
}

/// Semi-major axis from mean motion, km (two-body).
fn semi_major_axis_km(mean_motion_rev_day: f64) -> f64 {
    let n_rad_s = mean_motion_rev_day * std::f64::consts::TAU / SECONDS_PER_DAY;
    (MU_KM3_S2 / (n_rad_s * n_rad_s)).cbrt()
}

/// Position sigmas of one regime for a payload: at epoch and their growth.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct RegimeSigmas {
    /// Radial, in-track, cross-track sigma at the element epoch, km.
    pub at_epoch_km: [f64; 3],
    /// Linear growth of the radial, in-track, cross-track sigma, km/day.
    pub growth_km_day: [f64; 3],
    /// Quadratic (drag) growth of the radial, in-track, cross-track sigma, km/day².
    pub quadratic_km_day2: [f64; 3],
}

/// The default table, one row per regime, payload values (see the module documentation for
/// where the numbers come from and how they are checked).
///
/// At-epoch values: the magnitudes of TLE errors against precise orbits reported by Flohrer et
/// al. (2008) for LEO (≈0.1 km radial, a few hundred m in-track, 0.1–0.2 km cross-track) and
/// larger for GEO/HEO; TLE-to-TLE differences cannot see this part (two element sets fitted
/// with the same theory share it). Growth: Uitkijk's calibration on the spread (robust 1σ,
/// Δt from 0.5 to 7 days) of TLE-to-TLE prediction differences of real element-set histories
/// (dpshorten/TLE_observation_benchmark_dataset and an ISS OMM history; see
/// `tests/data/covavoid/SOURCE.md`): CryoSat-2 (720 km), Sentinel-3A and Haiyang-2A (800 km,
/// 970 km), Jason-3 and TOPEX (1,336 km), the ISS at solar maximum (420 km, 2024–25),
/// Fengyun-2F/2H/4A (GEO); set so that each history's normalised spread stays at or below 2
/// (poorly tracked objects) and well-tracked ones are covered with margin. MEO and HEO growth
/// are not calibrated (no history at hand) and sit between the LEO and GEO values.
pub fn regime_sigmas(regime: OrbitRegime) -> RegimeSigmas {
    let row = |epoch: [f64; 3], growth: [f64; 3], quadratic: [f64; 3]| RegimeSigmas {
        at_epoch_km: epoch,
        growth_km_day: growth,
        quadratic_km_day2: quadratic,
    };
    match regime {
        OrbitRegime::LeoBelow500 => row([0.15, 0.60, 0.20], [0.10, 4.0, 0.20], [0.05, 5.0, 0.0]),
        OrbitRegime::Leo500To800 => {
            row([0.10, 0.40, 0.15], [0.02, 0.20, 0.02], [0.002, 0.05, 0.001])
        }
        OrbitRegime::Leo800To1200 => {
            row([0.08, 0.30, 0.12], [0.015, 0.50, 0.02], [0.001, 0.08, 0.0])
        }
        OrbitRegime::Leo1200To2000 => {
            row([0.10, 0.40, 0.12], [0.03, 0.20, 0.03], [0.001, 0.02, 0.0])
        }
        OrbitRegime::Meo => row([0.50, 2.0, 1.0], [0.20, 2.0, 0.30], [0.0, 0.1, 0.0]),
        OrbitRegime::Geo => row([0.30, 1.5, 0.50], [0.20, 2.2, 0.35], [0.0, 0.10, 0.0]),
        OrbitRegime::Heo => row([1.0, 5.0, 1.0], [0.50, 5.0, 0.30], [0.05, 0.5, 0.0]),
    }
}

/// Scale of the sigmas by object type: rocket bodies and debris are tracked less often and
/// have less certain (and, for debris, larger) area-to-mass ratios, so their element sets are
/// poorer. In the Fengyun-1C debris element sets of CelesTrak's `short.tle` (2008) the
/// TLE-to-TLE spread one day apart is 4–20× that of CryoSat-2 and Sentinel-3A at the same
/// heights, yet with
/// the at-epoch part included a factor 2 on the payload sigmas still covers it (normalised
/// spread ≤ 0.5); fresh debris of the USA-193 intercept below 500 km needed about 2 (spread
/// 1.9 with the factor). Rocket bodies: 1.5, between the two, not calibrated.
pub fn type_factor(object_type: ObjectType) -> f64 {
    match object_type {
        ObjectType::Payload => 1.0,
        ObjectType::RocketBody => 1.5,
        ObjectType::Debris | ObjectType::Unknown => 2.0,
    }
}

/// 1σ uncertainties of a state in its RIC frame.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct RicSigmas {
    /// Radial position sigma, km.
    pub radial_km: f64,
    /// In-track position sigma, km.
    pub in_track_km: f64,
    /// Cross-track position sigma, km.
    pub cross_track_km: f64,
    /// Radial velocity sigma, km/s.
    pub radial_km_s: f64,
    /// In-track velocity sigma, km/s.
    pub in_track_km_s: f64,
    /// Cross-track velocity sigma, km/s.
    pub cross_track_km_s: f64,
}

impl RicSigmas {
    /// The diagonal 6×6 RIC covariance (km², km²/s²), ordered R, I, C, vR, vI, vC.
    pub fn covariance(&self) -> Matrix6<f64> {
        let s = [
            self.radial_km,
            self.in_track_km,
            self.cross_track_km,
            self.radial_km_s,
            self.in_track_km_s,
            self.cross_track_km_s,
        ];
        Matrix6::from_diagonal(&nalgebra::Vector6::from_iterator(s.iter().map(|x| x * x)))
    }
}

/// The model, with its table and an overall scale (1 = the default).
#[derive(Debug, Clone, Copy)]
pub struct TleCovarianceModel {
    table: fn(OrbitRegime) -> RegimeSigmas,
    /// Factor on every sigma (for sensitivity studies; max-Pc scans do their own scaling).
    pub scale: f64,
}

impl Default for TleCovarianceModel {
    fn default() -> Self {
        TleCovarianceModel {
            table: regime_sigmas,
            scale: 1.0,
        }
    }
}

/// A model covariance of one state.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ModelledCovariance {
    /// The regime bin used.
    pub regime: OrbitRegime,
    /// The sigmas in RIC.
    pub sigmas: RicSigmas,
    /// 6×6 covariance in the RIC frame (km, km/s), ordered R, I, C, vR, vI, vC.
    #[serde(skip)]
    pub ric: Matrix6<f64>,
    /// 6×6 covariance in the state's inertial frame (km, km/s), ordered x, y, z, vx, vy, vz.
    #[serde(skip)]
    pub inertial: Matrix6<f64>,
}

impl TleCovarianceModel {
    /// A model with another table.
    pub fn with_table(table: fn(OrbitRegime) -> RegimeSigmas) -> Self {
        TleCovarianceModel { table, scale: 1.0 }
    }

    /// The RIC sigmas of an object on `orbit` at `dt_s` seconds from its element epoch
    /// (either sign: a state before the epoch is as uncertain as one after it).
    pub fn sigmas(
        &self,
        orbit: &OrbitDescription,
        object_type: ObjectType,
        dt_s: f64,
    ) -> Result<RicSigmas, CovarianceModelError> {
        if !dt_s.is_finite() {
            return Err(CovarianceModelError::InvalidInput {
                field: "time from epoch",
                value: dt_s,
            });
        }
        if !(self.scale.is_finite() && self.scale > 0.0) {
            return Err(CovarianceModelError::InvalidInput {
                field: "scale",
                value: self.scale,
            });
        }
        let row = (self.table)(orbit.regime());
        let f = type_factor(object_type) * self.scale;
        let d = dt_s.abs() / SECONDS_PER_DAY;
        let at = |k: usize| {
            f * (row.at_epoch_km[k] + row.growth_km_day[k] * d + row.quadratic_km_day2[k] * d * d)
        };
        let (r, i, c) = (at(0), at(1), at(2));
        let n = orbit.mean_motion_rad_s();
        Ok(RicSigmas {
            radial_km: r,
            in_track_km: i,
            cross_track_km: c,
            radial_km_s: n * i,
            in_track_km_s: n * r,
            cross_track_km_s: n * c,
        })
    }

    /// The model covariance of a state (`position_km`, `velocity_km_s` in any inertial frame,
    /// e.g. TEME from SGP4) of an object on `orbit`, `dt_s` seconds from its element epoch.
    pub fn covariance(
        &self,
        orbit: &OrbitDescription,
        object_type: ObjectType,
        position_km: &Vector3<f64>,
        velocity_km_s: &Vector3<f64>,
        dt_s: f64,
    ) -> Result<ModelledCovariance, CovarianceModelError> {
        let sigmas = self.sigmas(orbit, object_type, dt_s)?;
        let ric = sigmas.covariance();
        let inertial = ric_to_inertial(position_km, velocity_km_s, &ric)?;
        Ok(ModelledCovariance {
            regime: orbit.regime(),
            sigmas,
            ric,
            inertial,
        })
    }

    /// As [`TleCovarianceModel::covariance`] for an element set, its SGP4 state at `dt_s`
    /// seconds from its epoch, and the object type (`None`: inferred from the element set as
    /// the catalog does).
    pub fn for_element_set(
        &self,
        set: &ElementSet,
        object_type: Option<ObjectType>,
        position_km: &Vector3<f64>,
        velocity_km_s: &Vector3<f64>,
        dt_s: f64,
    ) -> Result<ModelledCovariance, CovarianceModelError> {
        let orbit = OrbitDescription::from_elements(set)?;
        let t = object_type.unwrap_or_else(|| uitkijk_catalog::object_type_of(set));
        self.covariance(&orbit, t, position_km, velocity_km_s, dt_s)
    }
}

impl TleCovarianceModel {
    /// The shared encounter input for an element-set state: position and velocity as given
    /// (SGP4's TEME, km and km/s) with the model covariance at `dt_s` from the element epoch.
    pub fn object_at_tca(
        &self,
        set: &ElementSet,
        object_type: Option<ObjectType>,
        position_km: [f64; 3],
        velocity_km_s: [f64; 3],
        dt_s: f64,
    ) -> Result<crate::pc::ObjectAtTca, CovarianceModelError> {
        let (r, v) = (Vector3::from(position_km), Vector3::from(velocity_km_s));
        let c = self.for_element_set(set, object_type, &r, &v, dt_s)?;
        Ok(crate::pc::ObjectAtTca {
            position_km: r,
            velocity_km_s: v,
            covariance: c.inertial,
        })
    }
}

/// The rotation whose rows are the R, I, C unit vectors of a state (inertial → RIC):
/// R = r/|r|, C = (r × v)/|r × v|, I = C × R (the axes of DESIGN.md and `uitkijk_frames::ric`;
/// the RTN axes of [`crate::pc::rtn_axes`], transposed), or an error for a degenerate state.
pub fn ric_rotation(
    position_km: &Vector3<f64>,
    velocity_km_s: &Vector3<f64>,
) -> Result<Matrix3<f64>, CovarianceModelError> {
    let (nr, nh) = (position_km.norm(), position_km.cross(velocity_km_s).norm());
    if !(nr.is_finite() && nh.is_finite() && nr > 0.0 && nh > 1e-12 * nr * velocity_km_s.norm()) {
        return Err(CovarianceModelError::DegenerateState);
    }
    Ok(crate::pc::rtn_axes(position_km, velocity_km_s).transpose())
}

/// A 6×6 covariance from the RIC frame of the state (`position_km`, `velocity_km_s`) to the
/// inertial frame of that state ([`crate::pc::rtn_to_inertial_cov`] once the state is checked),
/// symmetrised against rounding.
pub fn ric_to_inertial(
    position_km: &Vector3<f64>,
    velocity_km_s: &Vector3<f64>,
    ric: &Matrix6<f64>,
) -> Result<Matrix6<f64>, CovarianceModelError> {
    ric_rotation(position_km, velocity_km_s)?;
    let p = crate::pc::rtn_to_inertial_cov(position_km, velocity_km_s, ric);
    Ok((p + p.transpose()) * 0.5)
}

/// A 6×6 covariance from the inertial frame of a state to its RIC frame (inverse of
/// [`ric_to_inertial`]).
pub fn inertial_to_ric(
    position_km: &Vector3<f64>,
    velocity_km_s: &Vector3<f64>,
    inertial: &Matrix6<f64>,
) -> Result<Matrix6<f64>, CovarianceModelError> {
    ric_rotation(position_km, velocity_km_s)?;
    let p = crate::pc::inertial_to_rtn_cov(position_km, velocity_km_s, inertial);
    Ok((p + p.transpose()) * 0.5)
}

// ---------------------------------------------------------------------------------------------
// Hard-body radius
// ---------------------------------------------------------------------------------------------

/// Where a default HBR came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum HbrSource {
    /// CARA table: the value of a CARA-protected primary (operator data).
    CaraProtectedPrimary,
    /// CARA table: a value CARA set by hand.
    CaraOverride,
    /// CARA table: estimated from Space Fence Kwajalein RCS (Baars & Hall, AAS 22-586, 2022).
    CaraRcsEstimate,
    /// CARA table: CARA's own default for that object.
    CaraDefault,
    /// Not in the table (or no HBR there): Uitkijk's default for the object type.
    TypeDefault,
}

impl HbrSource {
    /// A short name for output, e.g. `cara-rcs-estimate`.
    pub fn as_str(self) -> &'static str {
        match self {
            HbrSource::CaraProtectedPrimary => "cara-protected-primary",
            HbrSource::CaraOverride => "cara-override",
            HbrSource::CaraRcsEstimate => "cara-rcs-estimate",
            HbrSource::CaraDefault => "cara-default",
            HbrSource::TypeDefault => "type-default",
        }
    }
}

/// One row of the bundled CARA table.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HbrEntry {
    /// Catalog number.
    pub norad_id: u32,
    /// HBR, m.
    pub hbr_m: f64,
    /// Its 1σ, m (0 when CARA gives none).
    pub hbr_sigma_m: f64,
    /// Where CARA's value came from.
    pub source: HbrSource,
}

/// NASA CARA `HBR_Mass_Estimates_20260601_ForDistribution.csv` (nasa/CARA_Analysis_Tools,
/// NASA Open Source Agreement), reduced to the 23,583 rows that carry an HBR (rows whose value
/// must come from ESA DISCOS are empty in the distributed file), values rounded to the mm.
const CARA_HBR_CSV: &str = include_str!("../data/cara_hbr_20260601.csv");

/// The bundled CARA table, sorted by catalog number (parsed once).
pub fn cara_hbr_table() -> &'static [HbrEntry] {
    static TABLE: OnceLock<Vec<HbrEntry>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut rows: Vec<HbrEntry> = CARA_HBR_CSV
            .lines()
            .skip(1)
            .filter_map(|line| {
                let mut f = line.split(',');
                let norad_id = f.next()?.parse().ok()?;
                let hbr_m: f64 = f.next()?.parse().ok()?;
                let hbr_sigma_m = f.next()?.parse().ok()?;
                let source = match f.next()? {
                    "P" => HbrSource::CaraProtectedPrimary,
                    "O" => HbrSource::CaraOverride,
                    "R" => HbrSource::CaraRcsEstimate,
                    "D" => HbrSource::CaraDefault,
                    _ => return None,
                };
                (hbr_m > 0.0).then_some(HbrEntry {
                    norad_id,
                    hbr_m,
                    hbr_sigma_m,
                    source,
                })
            })
            .collect();
        rows.sort_by_key(|e| e.norad_id);
        rows
    })
}

/// The HBR used for an object type absent from the CARA table, m.
///
/// Debris: 1.1 m, the value CARA's table gives by default to debris (1,084 of its 1,086
/// "Default" debris rows that match the 2022-01 catalog). Payloads, rocket bodies and unknown
/// objects: 3.3 m, the median HBR of the 235 CARA-protected primaries in the same table
/// (operators' values for real satellites), a deliberately non-small choice for objects whose
/// size we do not know.
pub fn type_default_hbr_m(object_type: ObjectType) -> f64 {
    match object_type {
        ObjectType::Debris => 1.1,
        ObjectType::Payload | ObjectType::RocketBody | ObjectType::Unknown => 3.3,
    }
}

/// The default hard-body radius of an object: CARA's per-object estimate when the bundled
/// table has one, else the type default. Returns the HBR in metres and where it came from.
pub fn default_hbr_m(norad_id: u32, object_type: ObjectType) -> (f64, HbrSource) {
    let table = cara_hbr_table();
    match table.binary_search_by_key(&norad_id, |e| e.norad_id) {
        Ok(i) => (table[i].hbr_m, table[i].source),
        Err(_) => (type_default_hbr_m(object_type), HbrSource::TypeDefault),
    }
}

/// The combined HBR of two objects whose radii carry an uncertainty, m: Baars & Hall (AAS
/// 22-586, 2022) eq. 8, `sqrt((R1 + R2)² + σ1² + σ2²)` (the plain sum when both sigmas are 0).
pub fn combined_hbr_m(hbr1_m: f64, sigma1_m: f64, hbr2_m: f64, sigma2_m: f64) -> f64 {
    ((hbr1_m + hbr2_m).powi(2) + sigma1_m * sigma1_m + sigma2_m * sigma2_m).sqrt()
}
