//! The mean-element set that every catalog format carries.

use uitkijk_time::Epoch;

/// One set of SGP4 mean elements with its identity, as carried by a TLE, a 3LE or a CCSDS OMM
/// (and the CelesTrak/Space-Track GP JSON/CSV forms of the OMM).
///
/// Angles are in degrees and mean motion in revolutions per day, exactly as the formats write
/// them, so that a read/write round trip loses nothing; the propagator converts to radians and
/// radians per minute at its boundary.
#[derive(Debug, Clone, PartialEq)]
pub struct ElementSet {
    /// Object name (3LE line 0 without the `0 `, OMM `OBJECT_NAME`); `None` for a bare 2LE.
    pub object_name: Option<String>,
    /// International designator in OMM form, e.g. `1998-067A` (a TLE's `98067A` is converted);
    /// `None` when the source leaves it blank.
    pub object_id: Option<String>,
    /// Catalog number (NORAD id), up to 9 digits. TLEs carry up to 339 999 through Alpha-5.
    pub norad_id: u32,
    /// Object type when the source states it (Space-Track GP `OBJECT_TYPE`); TLEs leave it
    /// `None` and the catalog infers it from the name.
    pub object_type: Option<ObjectType>,
    /// Classification: `U`, `C`, `S` (TLE column 8, OMM `CLASSIFICATION_TYPE`).
    pub classification: char,
    /// Epoch of the elements (UTC instant; kept on TAI internally, see `uitkijk_time::in_tai`).
    pub epoch: Epoch,
    /// Kozai mean motion, rev/day.
    pub mean_motion_rev_day: f64,
    /// Mean eccentricity, dimensionless.
    pub eccentricity: f64,
    /// Mean inclination, degrees.
    pub inclination_deg: f64,
    /// Mean right ascension of the ascending node, degrees.
    pub raan_deg: f64,
    /// Mean argument of perigee, degrees.
    pub arg_perigee_deg: f64,
    /// Mean anomaly, degrees.
    pub mean_anomaly_deg: f64,
    /// First derivative of mean motion divided by two, rev/day² (TLE line 1 cols 34–43).
    pub mean_motion_dot_rev_day2: f64,
    /// Second derivative of mean motion divided by six, rev/day³.
    pub mean_motion_ddot_rev_day3: f64,
    /// SGP4 drag term B*, 1/earth radii.
    pub bstar_per_er: f64,
    /// Ephemeris type: 0 (or 2) SGP4; 4 is SGP4-XP, which classic SGP4 must refuse.
    pub ephemeris_type: u8,
    /// Element set number.
    pub element_set_no: u32,
    /// Revolution number at epoch.
    pub rev_at_epoch: u32,
}

impl ElementSet {
    /// A COSPAR designator in TLE form (`98067A`) from OMM form (`1998-067A`), if it converts.
    pub fn tle_designator(&self) -> Option<String> {
        let id = self.object_id.as_deref()?;
        let (year, rest) = id.split_once('-')?;
        if year.len() != 4 || rest.len() < 3 {
            return None;
        }
        Some(format!("{}{}", &year[2..], rest))
    }
}

/// What an object is, in Space-Track's `OBJECT_TYPE` vocabulary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ObjectType {
    /// An operational or dead satellite.
    Payload,
    /// A launch-vehicle stage.
    RocketBody,
    /// Fragments and mission-related debris.
    Debris,
    /// Not known (Space-Track `UNKNOWN` or `TBA`).
    Unknown,
}

impl ObjectType {
    /// Space-Track's spelling: `PAYLOAD`, `ROCKET BODY`, `DEBRIS`, `UNKNOWN`.
    pub fn as_str(self) -> &'static str {
        match self {
            ObjectType::Payload => "PAYLOAD",
            ObjectType::RocketBody => "ROCKET BODY",
            ObjectType::Debris => "DEBRIS",
            ObjectType::Unknown => "UNKNOWN",
        }
    }

    /// Read Space-Track's spelling (case-insensitive; `TBA` reads as unknown; also accepts
    /// `R/B` and `DEB`).
    pub fn parse(text: &str) -> Option<ObjectType> {
        match text.trim().to_ascii_uppercase().as_str() {
            "PAYLOAD" | "PAY" => Some(ObjectType::Payload),
            "ROCKET BODY" | "R/B" | "ROCKET_BODY" => Some(ObjectType::RocketBody),
            "DEBRIS" | "DEB" => Some(ObjectType::Debris),
            "UNKNOWN" | "TBA" | "UNK" => Some(ObjectType::Unknown),
            _ => None,
        }
    }
}
