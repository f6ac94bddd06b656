//! The CDM data model: one struct per block of CCSDS 508.0-B-1 (June 2013, with Technical
//! Corrigendum 1), plus the optional keywords and blocks that 508.0-B-2 adds where the example
//! files use them (alternate covariances, additional covariance metadata, object extent, ...).
//!
//! Units are those of the standard and are in the field names: the relative data and
//! screening volume in m and m/s, states in km and km/s, covariances in m², m²/s, m²/s² (and
//! the drag, SRP and thrust rows in their own SI units, see [`Covariance`]).

use super::block::block;
use super::values::enumerated;
use uitkijk_time::Epoch;

enumerated! {
    /// Which object of the conjunction a segment describes (`OBJECT`).
    pub enum ObjectRole {
        /// The first object (the asset the message is for, usually).
        Object1 => ["OBJECT1"],
        /// The second object.
        Object2 => ["OBJECT2"],
    }
    rule "OBJECT1 or OBJECT2"
}

enumerated! {
    /// `OBJECT_TYPE`.
    pub enum ObjectType {
        /// An operational or dead satellite.
        Payload => ["PAYLOAD"],
        /// A launch-vehicle stage.
        RocketBody => ["ROCKET BODY"],
        /// Fragments and mission-related debris.
        Debris => ["DEBRIS"],
        /// Not known.
        Unknown => ["UNKNOWN"],
        /// Something else.
        Other => ["OTHER"],
    }
    rule "PAYLOAD, ROCKET BODY, DEBRIS, UNKNOWN or OTHER"
}

enumerated! {
    /// `COVARIANCE_METHOD`: how the covariance was obtained.
    pub enum CovarianceMethod {
        /// Computed in the orbit determination.
        Calculated => ["CALCULATED"],
        /// A default covariance.
        Default => ["DEFAULT"],
    }
    rule "CALCULATED or DEFAULT"
}

enumerated! {
    /// `MANEUVERABLE`.
    pub enum Maneuverable {
        /// The object can manoeuvre.
        Yes => ["YES"],
        /// It cannot.
        No => ["NO"],
        /// Not known or not applicable.
        NotApplicable => ["N/A"],
    }
    rule "YES, NO or N/A"
}

enumerated! {
    /// A yes/no flag (`SOLAR_RAD_PRESSURE`, `EARTH_TIDES`, `INTRACK_THRUST`,
    /// `OBS_BEFORE_NEXT_MESSAGE`).
    pub enum YesNo {
        /// Yes.
        Yes => ["YES"],
        /// No.
        No => ["NO"],
    }
    rule "YES or NO"
}

enumerated! {
    /// `REF_FRAME` of a state vector (508.0-B-1 allows EME2000, GCRF and ITRF; ICRF and TEME are
    /// accepted as other CCSDS frames).
    pub enum RefFrame {
        /// Earth mean equator and equinox of J2000.
        Eme2000 => ["EME2000"],
        /// Geocentric celestial reference frame.
        Gcrf => ["GCRF"],
        /// International terrestrial reference frame.
        Itrf => ["ITRF"],
        /// International celestial reference frame.
        Icrf => ["ICRF"],
        /// True equator, mean equinox (SGP4's frame).
        Teme => ["TEME"],
    }
    rule "EME2000, GCRF, ITRF, ICRF or TEME"
}

enumerated! {
    /// `SCREEN_VOLUME_FRAME`.
    pub enum ScreenVolumeFrame {
        /// Radial, transverse, normal.
        Rtn => ["RTN"],
        /// Transverse (along velocity), vertical, normal.
        Tvn => ["TVN"],
    }
    rule "RTN or TVN"
}

enumerated! {
    /// `SCREEN_VOLUME_SHAPE`.
    pub enum ScreenVolumeShape {
        /// An ellipsoid of semi-axes X, Y, Z.
        Ellipsoid => ["ELLIPSOID"],
        /// A box of half-sides X, Y, Z.
        Box => ["BOX"],
        /// A sphere (508.0-B-2) of SCREEN_VOLUME_RADIUS.
        Sphere => ["SPHERE"],
    }
    rule "ELLIPSOID, BOX or SPHERE"
}

enumerated! {
    /// `SCREEN_TYPE` (508.0-B-2).
    pub enum ScreenType {
        /// Screened with a volume.
        Shape => ["SHAPE"],
        /// Screened on Pc.
        Pc => ["PC"],
        /// Screened on maximum Pc.
        PcMax => ["PC_MAX"],
    }
    rule "SHAPE, PC or PC_MAX"
}

enumerated! {
    /// `ALT_COV_TYPE` (508.0-B-2): which alternate covariance the object data carry.
    pub enum AltCovType {
        /// A Cartesian covariance in `ALT_COV_REF_FRAME`.
        Xyz => ["XYZ"],
        /// Three sigmas and three eigenvectors of the position covariance.
        Csig3Eigvec3 => ["CSIG3EIGVEC3"],
    }
    rule "XYZ or CSIG3EIGVEC3"
}

block! {
    /// The message header.
    pub struct Header / HeaderBuilder {
        /// `CREATION_DATE`, UTC.
        req creation_date: Epoch = "CREATION_DATE", "";
        /// `ORIGINATOR`.
        reqe originator: String = "ORIGINATOR", "";
        /// `MESSAGE_FOR`: the spacecraft the message is for.
        opt message_for: String = "MESSAGE_FOR", "";
        /// `MESSAGE_ID`.
        reqe message_id: String = "MESSAGE_ID", "";
        /// `CLASSIFICATION` (508.0-B-2): free text.
        opt classification: String = "CLASSIFICATION", "";
    }
}

block! {
    /// Relative metadata and data: the conjunction itself.
    pub struct RelativeData / RelativeBuilder {
        /// `CONJUNCTION_ID` (508.0-B-2).
        opt conjunction_id: String = "CONJUNCTION_ID", "";
        /// `TCA`: time of closest approach, UTC.
        req tca: Epoch = "TCA", "";
        /// `MISS_DISTANCE`, m.
        req miss_distance_m: f64 = "MISS_DISTANCE", "m";
        /// `MAHALANOBIS_DISTANCE` (508.0-B-2).
        opt mahalanobis_distance: f64 = "MAHALANOBIS_DISTANCE", "";
        /// `RELATIVE_SPEED`, m/s.
        opt relative_speed_m_s: f64 = "RELATIVE_SPEED", "m/s";
        /// `APPROACH_ANGLE` (508.0-B-2), degrees.
        opt approach_angle_deg: f64 = "APPROACH_ANGLE", "deg";
        /// `RELATIVE_POSITION_R`: object 2 relative to object 1 in object 1's RTN, m.
        opt relative_position_r_m: f64 = "RELATIVE_POSITION_R", "m";
        /// `RELATIVE_POSITION_T`, m.
        opt relative_position_t_m: f64 = "RELATIVE_POSITION_T", "m";
        /// `RELATIVE_POSITION_N`, m.
        opt relative_position_n_m: f64 = "RELATIVE_POSITION_N", "m";
        /// `RELATIVE_VELOCITY_R`, m/s.
        opt relative_velocity_r_m_s: f64 = "RELATIVE_VELOCITY_R", "m/s";
        /// `RELATIVE_VELOCITY_T`, m/s.
        opt relative_velocity_t_m_s: f64 = "RELATIVE_VELOCITY_T", "m/s";
        /// `RELATIVE_VELOCITY_N`, m/s.
        opt relative_velocity_n_m_s: f64 = "RELATIVE_VELOCITY_N", "m/s";
        /// `START_SCREEN_PERIOD`, UTC.
        opt start_screen_period: Epoch = "START_SCREEN_PERIOD", "";
        /// `STOP_SCREEN_PERIOD`, UTC.
        opt stop_screen_period: Epoch = "STOP_SCREEN_PERIOD", "";
        /// `SCREEN_TYPE` (508.0-B-2).
        opt screen_type: ScreenType = "SCREEN_TYPE", "";
        /// `SCREEN_VOLUME_FRAME`.
        opt screen_volume_frame: ScreenVolumeFrame = "SCREEN_VOLUME_FRAME", "";
        /// `SCREEN_VOLUME_SHAPE`.
        opt screen_volume_shape: ScreenVolumeShape = "SCREEN_VOLUME_SHAPE", "";
        /// `SCREEN_VOLUME_RADIUS` (508.0-B-2), m.
        opt screen_volume_radius_m: f64 = "SCREEN_VOLUME_RADIUS", "m";
        /// `SCREEN_VOLUME_X`, m.
        opt screen_volume_x_m: f64 = "SCREEN_VOLUME_X", "m";
        /// `SCREEN_VOLUME_Y`, m.
        opt screen_volume_y_m: f64 = "SCREEN_VOLUME_Y", "m";
        /// `SCREEN_VOLUME_Z`, m.
        opt screen_volume_z_m: f64 = "SCREEN_VOLUME_Z", "m";
        /// `SCREEN_ENTRY_TIME`, UTC.
        opt screen_entry_time: Epoch = "SCREEN_ENTRY_TIME", "";
        /// `SCREEN_EXIT_TIME`, UTC.
        opt screen_exit_time: Epoch = "SCREEN_EXIT_TIME", "";
        /// `SCREEN_PC_THRESHOLD` (508.0-B-2).
        opt screen_pc_threshold: f64 = "SCREEN_PC_THRESHOLD", "";
        /// `COLLISION_PERCENTILE` (508.0-B-2).
        opt collision_percentile: Vec<u32> = "COLLISION_PERCENTILE", "";
        /// `COLLISION_PROBABILITY`.
        opt collision_probability: f64 = "COLLISION_PROBABILITY", "";
        /// `COLLISION_PROBABILITY_METHOD` (e.g. `FOSTER-1992`).
        opt collision_probability_method: String = "COLLISION_PROBABILITY_METHOD", "";
        /// `COLLISION_MAX_PROBABILITY` (508.0-B-2).
        opt collision_max_probability: f64 = "COLLISION_MAX_PROBABILITY", "";
        /// `COLLISION_MAX_PC_METHOD` (508.0-B-2).
        opt collision_max_pc_method: String = "COLLISION_MAX_PC_METHOD", "";
        /// `SEFI_COLLISION_PROBABILITY` (508.0-B-2).
        opt sefi_collision_probability: f64 = "SEFI_COLLISION_PROBABILITY", "";
        /// `SEFI_COLLISION_PROBABILITY_METHOD` (508.0-B-2).
        opt sefi_collision_probability_method: String = "SEFI_COLLISION_PROBABILITY_METHOD", "";
        /// `SEFI_FRAGMENTATION_MODEL` (508.0-B-2).
        opt sefi_fragmentation_model: String = "SEFI_FRAGMENTATION_MODEL", "";
        /// `PREVIOUS_MESSAGE_ID` (508.0-B-2).
        opt previous_message_id: String = "PREVIOUS_MESSAGE_ID", "";
        /// `PREVIOUS_MESSAGE_EPOCH` (508.0-B-2), UTC.
        opt previous_message_epoch: Epoch = "PREVIOUS_MESSAGE_EPOCH", "";
        /// `NEXT_MESSAGE_EPOCH` (508.0-B-2), UTC.
        opt next_message_epoch: Epoch = "NEXT_MESSAGE_EPOCH", "";
    }
}

block! {
    /// Metadata of one object.
    pub struct ObjectMetadata / MetadataBuilder {
        /// `OBJECT`.
        req object: ObjectRole = "OBJECT", "";
        /// `OBJECT_DESIGNATOR`: the catalog number, as written (`000020580`).
        reqe object_designator: String = "OBJECT_DESIGNATOR", "";
        /// `CATALOG_NAME` (`SATCAT`).
        reqe catalog_name: String = "CATALOG_NAME", "";
        /// `OBJECT_NAME`.
        reqe object_name: String = "OBJECT_NAME", "";
        /// `INTERNATIONAL_DESIGNATOR`.
        reqe international_designator: String = "INTERNATIONAL_DESIGNATOR", "";
        /// `OBJECT_TYPE`.
        opt object_type: ObjectType = "OBJECT_TYPE", "";
        /// `OPERATOR_CONTACT_POSITION`.
        opt operator_contact_position: String = "OPERATOR_CONTACT_POSITION", "";
        /// `OPERATOR_ORGANIZATION`.
        opt operator_organization: String = "OPERATOR_ORGANIZATION", "";
        /// `OPERATOR_PHONE`.
        opt operator_phone: String = "OPERATOR_PHONE", "";
        /// `OPERATOR_EMAIL`.
        opt operator_email: String = "OPERATOR_EMAIL", "";
        /// `EPHEMERIS_NAME` (`NONE` when no operator ephemeris was used).
        reqe ephemeris_name: String = "EPHEMERIS_NAME", "";
        /// `COVARIANCE_METHOD`.
        req covariance_method: CovarianceMethod = "COVARIANCE_METHOD", "";
        /// `COVARIANCE_SOURCE` (508.0-B-2).
        opt covariance_source: String = "COVARIANCE_SOURCE", "";
        /// `ODM_MSG_LINK` (508.0-B-2).
        opt odm_msg_link: String = "ODM_MSG_LINK", "";
        /// `ADM_MSG_LINK` (508.0-B-2).
        opt adm_msg_link: String = "ADM_MSG_LINK", "";
        /// `OBS_BEFORE_NEXT_MESSAGE` (508.0-B-2).
        opt obs_before_next_message: YesNo = "OBS_BEFORE_NEXT_MESSAGE", "";
        /// `MANEUVERABLE`.
        req maneuverable: Maneuverable = "MANEUVERABLE", "";
        /// `ORBIT_CENTER` (Earth when absent).
        opt orbit_center: String = "ORBIT_CENTER", "";
        /// `REF_FRAME` of the state vector.
        req ref_frame: RefFrame = "REF_FRAME", "";
        /// `ALT_COV_TYPE` (508.0-B-2).
        opt alt_cov_type: AltCovType = "ALT_COV_TYPE", "";
        /// `ALT_COV_REF_FRAME` (508.0-B-2).
        opt alt_cov_ref_frame: RefFrame = "ALT_COV_REF_FRAME", "";
        /// `GRAVITY_MODEL` (e.g. `EGM-96: 36D 36O`).
        opt gravity_model: String = "GRAVITY_MODEL", "";
        /// `ATMOSPHERIC_MODEL`.
        opt atmospheric_model: String = "ATMOSPHERIC_MODEL", "";
        /// `N_BODY_PERTURBATIONS` (e.g. `MOON, SUN`), as written.
        opt n_body_perturbations: String = "N_BODY_PERTURBATIONS", "";
        /// `SOLAR_RAD_PRESSURE`.
        opt solar_rad_pressure: YesNo = "SOLAR_RAD_PRESSURE", "";
        /// `EARTH_TIDES`.
        opt earth_tides: YesNo = "EARTH_TIDES", "";
        /// `INTRACK_THRUST`.
        opt intrack_thrust: YesNo = "INTRACK_THRUST", "";
    }
}

block! {
    /// Orbit-determination parameters of one object.
    pub struct OdParameters / OdBuilder {
        /// `TIME_LASTOB_START`, UTC.
        opt time_lastob_start: Epoch = "TIME_LASTOB_START", "";
        /// `TIME_LASTOB_END`, UTC.
        opt time_lastob_end: Epoch = "TIME_LASTOB_END", "";
        /// `RECOMMENDED_OD_SPAN`, days.
        opt recommended_od_span_d: f64 = "RECOMMENDED_OD_SPAN", "d";
        /// `ACTUAL_OD_SPAN`, days.
        opt actual_od_span_d: f64 = "ACTUAL_OD_SPAN", "d";
        /// `OBS_AVAILABLE`.
        opt obs_available: u32 = "OBS_AVAILABLE", "";
        /// `OBS_USED`.
        opt obs_used: u32 = "OBS_USED", "";
        /// `TRACKS_AVAILABLE`.
        opt tracks_available: u32 = "TRACKS_AVAILABLE", "";
        /// `TRACKS_USED`.
        opt tracks_used: u32 = "TRACKS_USED", "";
        /// `RESIDUALS_ACCEPTED`, percent.
        opt residuals_accepted_pct: f64 = "RESIDUALS_ACCEPTED", "%";
        /// `WEIGHTED_RMS`.
        opt weighted_rms: f64 = "WEIGHTED_RMS", "";
        /// `OD_EPOCH` (508.0-B-2), UTC.
        opt od_epoch: Epoch = "OD_EPOCH", "";
    }
}

block! {
    /// Additional parameters of one object.
    pub struct AdditionalParameters / AdditionalBuilder {
        /// `AREA_PC`: area for the Pc, m².
        opt area_pc_m2: f64 = "AREA_PC", "m**2";
        /// `AREA_PC_MIN` (508.0-B-2), m².
        opt area_pc_min_m2: f64 = "AREA_PC_MIN", "m**2";
        /// `AREA_PC_MAX` (508.0-B-2), m².
        opt area_pc_max_m2: f64 = "AREA_PC_MAX", "m**2";
        /// `AREA_DRG`, m².
        opt area_drg_m2: f64 = "AREA_DRG", "m**2";
        /// `AREA_SRP`, m².
        opt area_srp_m2: f64 = "AREA_SRP", "m**2";
        /// `OEB_PARENT_FRAME` (508.0-B-2).
        opt oeb_parent_frame: String = "OEB_PARENT_FRAME", "";
        /// `OEB_PARENT_FRAME_EPOCH` (508.0-B-2), UTC.
        opt oeb_parent_frame_epoch: Epoch = "OEB_PARENT_FRAME_EPOCH", "";
        /// `OEB_Q1` (508.0-B-2).
        opt oeb_q1: f64 = "OEB_Q1", "";
        /// `OEB_Q2` (508.0-B-2).
        opt oeb_q2: f64 = "OEB_Q2", "";
        /// `OEB_Q3` (508.0-B-2).
        opt oeb_q3: f64 = "OEB_Q3", "";
        /// `OEB_QC` (508.0-B-2): scalar part of the quaternion.
        opt oeb_qc: f64 = "OEB_QC", "";
        /// `OEB_MAX` (508.0-B-2), m.
        opt oeb_max_m: f64 = "OEB_MAX", "m";
        /// `OEB_INT` (508.0-B-2), m.
        opt oeb_int_m: f64 = "OEB_INT", "m";
        /// `OEB_MIN` (508.0-B-2), m.
        opt oeb_min_m: f64 = "OEB_MIN", "m";
        /// `AREA_ALONG_OEB_MAX` (508.0-B-2), m².
        opt area_along_oeb_max_m2: f64 = "AREA_ALONG_OEB_MAX", "m**2";
        /// `AREA_ALONG_OEB_INT` (508.0-B-2), m².
        opt area_along_oeb_int_m2: f64 = "AREA_ALONG_OEB_INT", "m**2";
        /// `AREA_ALONG_OEB_MIN` (508.0-B-2), m².
        opt area_along_oeb_min_m2: f64 = "AREA_ALONG_OEB_MIN", "m**2";
        /// `RCS` (508.0-B-2), m².
        opt rcs_m2: f64 = "RCS", "m**2";
        /// `RCS_MIN` (508.0-B-2), m².
        opt rcs_min_m2: f64 = "RCS_MIN", "m**2";
        /// `RCS_MAX` (508.0-B-2), m².
        opt rcs_max_m2: f64 = "RCS_MAX", "m**2";
        /// `VM_ABSOLUTE` (508.0-B-2): absolute visual magnitude.
        opt vm_absolute: f64 = "VM_ABSOLUTE", "";
        /// `VM_APPARENT_MIN` (508.0-B-2).
        opt vm_apparent_min: f64 = "VM_APPARENT_MIN", "";
        /// `VM_APPARENT` (508.0-B-2).
        opt vm_apparent: f64 = "VM_APPARENT", "";
        /// `VM_APPARENT_MAX` (508.0-B-2).
        opt vm_apparent_max: f64 = "VM_APPARENT_MAX", "";
        /// `REFLECTANCE` (508.0-B-2).
        opt reflectance: f64 = "REFLECTANCE", "";
        /// `MASS`, kg.
        opt mass_kg: f64 = "MASS", "kg";
        /// `HBR` (508.0-B-2): hard-body radius of the object, m.
        opt hbr_m: f64 = "HBR", "m";
        /// `CD_AREA_OVER_MASS`, m²/kg.
        opt cd_area_over_mass_m2_kg: f64 = "CD_AREA_OVER_MASS", "m**2/kg";
        /// `CR_AREA_OVER_MASS`, m²/kg.
        opt cr_area_over_mass_m2_kg: f64 = "CR_AREA_OVER_MASS", "m**2/kg";
        /// `THRUST_ACCELERATION`, m/s².
        opt thrust_acceleration_m_s2: f64 = "THRUST_ACCELERATION", "m/s**2";
        /// `SEDR`: specific energy dissipation rate, W/kg.
        opt sedr_w_kg: f64 = "SEDR", "W/kg";
        /// `APOAPSIS_ALTITUDE` (508.0-B-2), km.
        opt apoapsis_altitude_km: f64 = "APOAPSIS_ALTITUDE", "km";
        /// `PERIAPSIS_ALTITUDE` (508.0-B-2), km.
        opt periapsis_altitude_km: f64 = "PERIAPSIS_ALTITUDE", "km";
        /// `INCLINATION` (508.0-B-2), degrees.
        opt inclination_deg: f64 = "INCLINATION", "deg";
        /// `COV_CONFIDENCE` (508.0-B-2).
        opt cov_confidence: f64 = "COV_CONFIDENCE", "";
        /// `COV_CONFIDENCE_METHOD` (508.0-B-2).
        opt cov_confidence_method: String = "COV_CONFIDENCE_METHOD", "";
    }
}

block! {
    /// The state of one object at TCA, in the metadata's `REF_FRAME`.
    pub struct StateVector / StateBuilder {
        /// `X`, km.
        req x_km: f64 = "X", "km";
        /// `Y`, km.
        req y_km: f64 = "Y", "km";
        /// `Z`, km.
        req z_km: f64 = "Z", "km";
        /// `X_DOT`, km/s.
        req x_dot_km_s: f64 = "X_DOT", "km/s";
        /// `Y_DOT`, km/s.
        req y_dot_km_s: f64 = "Y_DOT", "km/s";
        /// `Z_DOT`, km/s.
        req z_dot_km_s: f64 = "Z_DOT", "km/s";
    }
}

block! {
    /// Additional covariance metadata (508.0-B-2).
    pub struct AdditionalCovarianceMetadata / AddCovBuilder {
        /// `DENSITY_FORECAST_UNCERTAINTY`.
        opt density_forecast_uncertainty: f64 = "DENSITY_FORECAST_UNCERTAINTY", "";
        /// `CSCALE_FACTOR_MIN`.
        opt cscale_factor_min: f64 = "CSCALE_FACTOR_MIN", "";
        /// `CSCALE_FACTOR`.
        opt cscale_factor: f64 = "CSCALE_FACTOR", "";
        /// `CSCALE_FACTOR_MAX`.
        opt cscale_factor_max: f64 = "CSCALE_FACTOR_MAX", "";
        /// `SCREENING_DATA_SOURCE`.
        opt screening_data_source: String = "SCREENING_DATA_SOURCE", "";
        /// `DCP_SENSITIVITY_VECTOR_POSITION`: RTN, m.
        opt dcp_sensitivity_vector_position_m: [f64; 3] = "DCP_SENSITIVITY_VECTOR_POSITION", "m";
        /// `DCP_SENSITIVITY_VECTOR_VELOCITY`: RTN, m/s.
        opt dcp_sensitivity_vector_velocity_m_s: [f64; 3] = "DCP_SENSITIVITY_VECTOR_VELOCITY", "m/s";
    }
}

block! {
    /// The sigma/eigenvector form of the position covariance (508.0-B-2 `CSIG3EIGVEC3`).
    pub struct SigmaEigenvectors / SigmaBuilder {
        /// `CSIG3EIGVEC3`: three sigmas (m) then three unit eigenvectors, 12 numbers as written.
        req csig3eigvec3: [f64; 12] = "CSIG3EIGVEC3", "";
    }
}

/// A covariance matrix of one object: the lower triangle of the symmetric 6×6 position and
/// velocity covariance, optionally bordered by the drag (row 7), SRP (row 8) and thrust (row
/// 9) rows of CCSDS 508.0-B-1 table 3-5.
///
/// Entries are in the SI units of the CDM: m² (position-position), m²/s (velocity-position),
/// m²/s² (velocity-velocity), m³/kg and m³/(kg·s) (drag and SRP against position and
/// velocity), m⁴/kg² (drag and SRP against each other), m²/s², m²/s³, m³/(kg·s²) and m²/s⁴
/// (thrust). Axes are R, T, N (with their rates) for the RTN covariance of the primary block,
/// X, Y, Z in `ALT_COV_REF_FRAME` for the 508.0-B-2 XYZ covariance.
#[derive(Debug, Clone, PartialEq)]
pub struct Covariance {
    /// Comments of the block, in order.
    pub comments: Vec<String>,
    /// The lower triangle row by row (`CR_R, CT_R, CT_T, CN_R, ...`): 21 entries (6×6), 28
    /// (with the drag row), 36 (with SRP) or 45 (with thrust).
    pub lower: Vec<f64>,
}

impl Covariance {
    /// The dimension: 6, 7, 8 or 9 (0 when `lower` has a length no triangle has).
    pub fn dim(&self) -> usize {
        match self.lower.len() {
            21 => 6,
            28 => 7,
            36 => 8,
            45 => 9,
            _ => 0,
        }
    }

    /// Entry (i, j), 0-based, of the symmetric matrix; `None` outside it.
    pub fn get(&self, i: usize, j: usize) -> Option<f64> {
        let (r, c) = if i >= j { (i, j) } else { (j, i) };
        if r >= self.dim() {
            return None;
        }
        self.lower.get(r * (r + 1) / 2 + c).copied()
    }

    /// The full symmetric 6×6 position/velocity block (m², m²/s, m²/s²).
    pub fn position_velocity(&self) -> [[f64; 6]; 6] {
        let mut m = [[0.0; 6]; 6];
        for (i, row) in m.iter_mut().enumerate() {
            for (j, v) in row.iter_mut().enumerate() {
                *v = self.get(i, j).unwrap_or(f64::NAN);
            }
        }
        m
    }

    /// The full symmetric 3×3 position block (m²).
    pub fn position(&self) -> [[f64; 3]; 3] {
        let pv = self.position_velocity();
        [
            [pv[0][0], pv[0][1], pv[0][2]],
            [pv[1][0], pv[1][1], pv[1][2]],
            [pv[2][0], pv[2][1], pv[2][2]],
        ]
    }
}

/// The RTN covariance keywords, lower triangle row by row (508.0-B-1 table 3-5).
pub(crate) const RTN_KEYS: [&str; 45] = [
    "CR_R",
    "CT_R",
    "CT_T",
    "CN_R",
    "CN_T",
    "CN_N",
    "CRDOT_R",
    "CRDOT_T",
    "CRDOT_N",
    "CRDOT_RDOT",
    "CTDOT_R",
    "CTDOT_T",
    "CTDOT_N",
    "CTDOT_RDOT",
    "CTDOT_TDOT",
    "CNDOT_R",
    "CNDOT_T",
    "CNDOT_N",
    "CNDOT_RDOT",
    "CNDOT_TDOT",
    "CNDOT_NDOT",
    "CDRG_R",
    "CDRG_T",
    "CDRG_N",
    "CDRG_RDOT",
    "CDRG_TDOT",
    "CDRG_NDOT",
    "CDRG_DRG",
    "CSRP_R",
    "CSRP_T",
    "CSRP_N",
    "CSRP_RDOT",
    "CSRP_TDOT",
    "CSRP_NDOT",
    "CSRP_DRG",
    "CSRP_SRP",
    "CTHR_R",
    "CTHR_T",
    "CTHR_N",
    "CTHR_RDOT",
    "CTHR_TDOT",
    "CTHR_NDOT",
    "CTHR_DRG",
    "CTHR_SRP",
    "CTHR_THR",
];

/// The XYZ covariance keywords of 508.0-B-2, in the same layout.
pub(crate) const XYZ_KEYS: [&str; 45] = [
    "CX_X",
    "CY_X",
    "CY_Y",
    "CZ_X",
    "CZ_Y",
    "CZ_Z",
    "CXDOT_X",
    "CXDOT_Y",
    "CXDOT_Z",
    "CXDOT_XDOT",
    "CYDOT_X",
    "CYDOT_Y",
    "CYDOT_Z",
    "CYDOT_XDOT",
    "CYDOT_YDOT",
    "CZDOT_X",
    "CZDOT_Y",
    "CZDOT_Z",
    "CZDOT_XDOT",
    "CZDOT_YDOT",
    "CZDOT_ZDOT",
    "CDRG_X",
    "CDRG_Y",
    "CDRG_Z",
    "CDRG_XDOT",
    "CDRG_YDOT",
    "CDRG_ZDOT",
    "CDRG_DRG",
    "CSRP_X",
    "CSRP_Y",
    "CSRP_Z",
    "CSRP_XDOT",
    "CSRP_YDOT",
    "CSRP_ZDOT",
    "CSRP_DRG",
    "CSRP_SRP",
    "CTHR_X",
    "CTHR_Y",
    "CTHR_Z",
    "CTHR_XDOT",
    "CTHR_YDOT",
    "CTHR_ZDOT",
    "CTHR_DRG",
    "CTHR_SRP",
    "CTHR_THR",
];

/// The unit of each covariance entry, same layout (508.0-B-1 table 3-5).
pub(crate) const COV_UNITS: [&str; 45] = [
    "m**2",
    "m**2",
    "m**2",
    "m**2",
    "m**2",
    "m**2",
    "m**2/s",
    "m**2/s",
    "m**2/s",
    "m**2/s**2",
    "m**2/s",
    "m**2/s",
    "m**2/s",
    "m**2/s**2",
    "m**2/s**2",
    "m**2/s",
    "m**2/s",
    "m**2/s",
    "m**2/s**2",
    "m**2/s**2",
    "m**2/s**2",
    "m**3/kg",
    "m**3/kg",
    "m**3/kg",
    "m**3/(kg*s)",
    "m**3/(kg*s)",
    "m**3/(kg*s)",
    "m**4/kg**2",
    "m**3/kg",
    "m**3/kg",
    "m**3/kg",
    "m**3/(kg*s)",
    "m**3/(kg*s)",
    "m**3/(kg*s)",
    "m**4/kg**2",
    "m**4/kg**2",
    "m**2/s**2",
    "m**2/s**2",
    "m**2/s**2",
    "m**2/s**3",
    "m**2/s**3",
    "m**2/s**3",
    "m**3/(kg*s**2)",
    "m**3/(kg*s**2)",
    "m**2/s**4",
];

/// User-defined parameters (`USER_DEFINED_x = value`), names without the prefix.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct UserDefined {
    /// Comments of the block, in order.
    pub comments: Vec<String>,
    /// (name, value) in input order.
    pub parameters: Vec<(String, String)>,
}

/// The data of one object.
#[derive(Debug, Clone, PartialEq)]
pub struct ObjectData {
    /// Comments of the data section before its first block. In KVN only one line can be told
    /// apart from the first block's comments (as Orekit reads it): the first comment line after
    /// the metadata is the data's, the rest belong to the first block.
    pub comments: Vec<String>,
    /// OD parameters.
    pub od_parameters: Option<OdParameters>,
    /// Additional parameters.
    pub additional_parameters: Option<AdditionalParameters>,
    /// State vector at TCA.
    pub state_vector: StateVector,
    /// The RTN covariance (obligatory unless `ALT_COV_TYPE` gives another).
    pub rtn_covariance: Option<Covariance>,
    /// The 508.0-B-2 XYZ covariance (`ALT_COV_TYPE = XYZ`).
    pub xyz_covariance: Option<Covariance>,
    /// The 508.0-B-2 sigma/eigenvector covariance (`ALT_COV_TYPE = CSIG3EIGVEC3`).
    pub sigma_eigenvectors: Option<SigmaEigenvectors>,
    /// Additional covariance metadata (508.0-B-2).
    pub additional_covariance_metadata: Option<AdditionalCovarianceMetadata>,
    /// User-defined parameters.
    pub user_defined: Option<UserDefined>,
}

/// One object: metadata and data.
#[derive(Debug, Clone, PartialEq)]
pub struct ObjectSegment {
    /// Metadata.
    pub metadata: ObjectMetadata,
    /// Data.
    pub data: ObjectData,
}

/// A Conjunction Data Message.
#[derive(Debug, Clone, PartialEq)]
pub struct Cdm {
    /// `CCSDS_CDM_VERS` as written (`1.0`, `2.0`).
    pub version: String,
    /// Header.
    pub header: Header,
    /// Relative metadata and data.
    pub relative: RelativeData,
    /// Object 1.
    pub object1: ObjectSegment,
    /// Object 2.
    pub object2: ObjectSegment,
}

impl Header {
    /// A header with its obligatory keywords only.
    pub fn new(creation_date: Epoch, originator: &str, message_id: &str) -> Header {
        Header {
            comments: Vec::new(),
            creation_date,
            originator: originator.to_string(),
            message_for: None,
            message_id: message_id.to_string(),
            classification: None,
        }
    }
}

impl RelativeData {
    /// Relative data with its obligatory keywords only: TCA and miss distance (m).
    pub fn new(tca: Epoch, miss_distance_m: f64) -> RelativeData {
        let b = RelativeBuilder {
            tca: Some(tca),
            miss_distance_m: Some(miss_distance_m),
            ..RelativeBuilder::default()
        };
        match b.finish(0) {
            Ok(r) => r,
            Err(_) => unreachable!("the obligatory keywords are set"),
        }
    }
}

impl ObjectMetadata {
    /// Metadata with the obligatory keywords: catalog `SATCAT`, `EPHEMERIS_NAME = NONE`,
    /// `COVARIANCE_METHOD = CALCULATED`, `MANEUVERABLE = N/A`, and the values given.
    pub fn new(
        object: ObjectRole,
        object_designator: &str,
        object_name: &str,
        international_designator: &str,
        ref_frame: RefFrame,
    ) -> ObjectMetadata {
        let b = MetadataBuilder {
            object: Some(object),
            object_designator: Some(object_designator.to_string()),
            catalog_name: Some("SATCAT".to_string()),
            object_name: Some(object_name.to_string()),
            international_designator: Some(international_designator.to_string()),
            ephemeris_name: Some("NONE".to_string()),
            covariance_method: Some(CovarianceMethod::Calculated),
            maneuverable: Some(Maneuverable::NotApplicable),
            ref_frame: Some(ref_frame),
            ..MetadataBuilder::default()
        };
        match b.finish(0) {
            Ok(m) => m,
            Err(_) => unreachable!("the obligatory keywords are set"),
        }
    }

    /// The catalog number in `OBJECT_DESIGNATOR` (`000020580` → 20580), when it is one.
    pub fn catalog_number(&self) -> Option<u32> {
        let d = self.object_designator.trim();
        if d.is_empty() || !d.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let d = d.trim_start_matches('0');
        if d.is_empty() {
            return Some(0);
        }
        d.parse().ok()
    }
}

impl StateVector {
    /// A state from position (km) and velocity (km/s).
    pub fn new(position_km: [f64; 3], velocity_km_s: [f64; 3]) -> StateVector {
        StateVector {
            comments: Vec::new(),
            x_km: position_km[0],
            y_km: position_km[1],
            z_km: position_km[2],
            x_dot_km_s: velocity_km_s[0],
            y_dot_km_s: velocity_km_s[1],
            z_dot_km_s: velocity_km_s[2],
        }
    }

    /// Position, km.
    pub fn position_km(&self) -> [f64; 3] {
        [self.x_km, self.y_km, self.z_km]
    }

    /// Velocity, km/s.
    pub fn velocity_km_s(&self) -> [f64; 3] {
        [self.x_dot_km_s, self.y_dot_km_s, self.z_dot_km_s]
    }
}

impl Covariance {
    /// The 6×6 covariance (m², m²/s, m²/s²) from the lower triangle of `m`.
    pub fn from_position_velocity(m: &[[f64; 6]; 6]) -> Covariance {
        let mut lower = Vec::with_capacity(21);
        for (i, row) in m.iter().enumerate() {
            lower.extend_from_slice(&row[..=i]);
        }
        Covariance {
            comments: Vec::new(),
            lower,
        }
    }
}

impl ObjectData {
    /// Data with a state and an RTN covariance only.
    pub fn new(state_vector: StateVector, rtn_covariance: Covariance) -> ObjectData {
        ObjectData {
            comments: Vec::new(),
            od_parameters: None,
            additional_parameters: None,
            state_vector,
            rtn_covariance: Some(rtn_covariance),
            xyz_covariance: None,
            sigma_eigenvectors: None,
            additional_covariance_metadata: None,
            user_defined: None,
        }
    }
}

impl Cdm {
    /// A version 1.0 CDM of these parts.
    pub fn new(
        header: Header,
        relative: RelativeData,
        object1: ObjectSegment,
        object2: ObjectSegment,
    ) -> Cdm {
        Cdm {
            version: "1.0".to_string(),
            header,
            relative,
            object1,
            object2,
        }
    }
}
