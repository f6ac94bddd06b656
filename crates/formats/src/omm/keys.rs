//! What every OMM encoding shares: the keyword list, the unit policy, value parsing, the
//! record builder that turns keyword/value pairs into an [`ElementSet`], and number and epoch
//! formatting for the writers.
//!
//! The encodings only lex (KVN lines, XML elements, JSON members, CSV cells) and hand each
//! keyword, value, unit and line to [`Record::set`]; [`Record::finish`] then decides whether
//! the record is an SGP4 element set.

use crate::text::normalise_unit;
use crate::{ElementSet, FormatError, FormatErrorKind, ObjectType};
use uitkijk_time::{format_utc_digits, format_utc_micros, parse_utc, Epoch};

/// What a reader does with the unit written beside a value (KVN `[deg]`, XML `units="deg"`).
///
/// JSON and CSV carry no units; this applies to KVN and XML only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum UnitPolicy {
    /// Units are not looked at.
    Ignore,
    /// Units equal to the field's, in any usual spelling (`deg`, `degrees`, `rev/day`,
    /// `rev/d`, `rev/day^2`, case-insensitive), are accepted; angles in `rad` are converted to
    /// degrees; any other unit is refused, naming the field.
    #[default]
    ConvertCompatible,
    /// Only the CCSDS spelling of the field's unit (case-insensitive) is accepted.
    Strict,
}

/// Which vocabulary a record comes in: CCSDS (KVN, XML) refuses keywords it does not know and
/// requires the metadata that fixes the meaning of the numbers; GP (JSON, CSV) ignores the
/// extra keys CelesTrak and Space-Track add and defaults the metadata they leave out to SGP4,
/// TEME, UTC, Earth.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dialect {
    Ccsds,
    Gp,
}

/// Where a keyword belongs in a CCSDS OMM.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Block {
    Header,
    Metadata,
    MeanElements,
    Spacecraft,
    Tle,
    Covariance,
    UserDefined,
}

impl Block {
    /// Header, metadata or data: the order a KVN message must keep.
    pub(crate) fn section(self) -> u8 {
        match self {
            Block::Header => 0,
            Block::Metadata => 1,
            _ => 2,
        }
    }

    /// The name of the section, for messages.
    pub(crate) fn section_name(self) -> &'static str {
        match self.section() {
            0 => "header",
            1 => "metadata",
            _ => "data",
        }
    }
}

/// The keywords that carry meaning; the rest of a block is read and skipped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Key {
    Version,
    CreationDate,
    Originator,
    MessageId,
    ObjectName,
    ObjectId,
    CenterName,
    RefFrame,
    RefFrameEpoch,
    TimeSystem,
    MeanElementTheory,
    Epoch,
    MeanMotion,
    SemiMajorAxis,
    Eccentricity,
    Inclination,
    RaOfAscNode,
    ArgOfPericenter,
    MeanAnomaly,
    Gm,
    EphemerisType,
    ClassificationType,
    NoradCatId,
    ElementSetNo,
    RevAtEpoch,
    Bstar,
    Bterm,
    MeanMotionDot,
    MeanMotionDdot,
    Agom,
    ObjectType,
    /// A keyword of a block that is read and skipped (spacecraft, covariance, user-defined).
    Skipped(Block),
}

/// A keyword found: what it is and its name as written in the standard.
pub(crate) type Found = (Key, &'static str);

const SPACECRAFT: &[&str] = &[
    "MASS",
    "SOLAR_RAD_AREA",
    "SOLAR_RAD_COEFF",
    "DRAG_AREA",
    "DRAG_COEFF",
];

const COVARIANCE: &[&str] = &[
    "COV_REF_FRAME",
    "CX_X",
    "CY_X",
    "CY_Y",
    "CZ_X",
    "CZ_Y",
    "CZ_Z",
    "CX_DOT_X",
    "CX_DOT_Y",
    "CX_DOT_Z",
    "CX_DOT_X_DOT",
    "CY_DOT_X",
    "CY_DOT_Y",
    "CY_DOT_Z",
    "CY_DOT_X_DOT",
    "CY_DOT_Y_DOT",
    "CZ_DOT_X",
    "CZ_DOT_Y",
    "CZ_DOT_Z",
    "CZ_DOT_X_DOT",
    "CZ_DOT_Y_DOT",
    "CZ_DOT_Z_DOT",
];

impl Key {
    /// The keyword named `name` (exact CCSDS spelling). `USER_DEFINED_*` keywords are KVN's
    /// user-defined parameters; `USER_DEFINED_OBJECT_TYPE` is Space-Track's object type.
    pub(crate) fn lookup(name: &str) -> Option<Found> {
        let k = match name {
            "CCSDS_OMM_VERS" => (Key::Version, "CCSDS_OMM_VERS"),
            "CREATION_DATE" => (Key::CreationDate, "CREATION_DATE"),
            "ORIGINATOR" => (Key::Originator, "ORIGINATOR"),
            "MESSAGE_ID" => (Key::MessageId, "MESSAGE_ID"),
            // ODM 3.0 (502.0-B-3) header: free-text classification and caveats of the message.
            "CLASSIFICATION" => (Key::Skipped(Block::Header), "CLASSIFICATION"),
            "OBJECT_NAME" => (Key::ObjectName, "OBJECT_NAME"),
            "OBJECT_ID" => (Key::ObjectId, "OBJECT_ID"),
            "CENTER_NAME" => (Key::CenterName, "CENTER_NAME"),
            "REF_FRAME" => (Key::RefFrame, "REF_FRAME"),
            "REF_FRAME_EPOCH" => (Key::RefFrameEpoch, "REF_FRAME_EPOCH"),
            "TIME_SYSTEM" => (Key::TimeSystem, "TIME_SYSTEM"),
            "MEAN_ELEMENT_THEORY" => (Key::MeanElementTheory, "MEAN_ELEMENT_THEORY"),
            "EPOCH" => (Key::Epoch, "EPOCH"),
            "MEAN_MOTION" => (Key::MeanMotion, "MEAN_MOTION"),
            "SEMI_MAJOR_AXIS" => (Key::SemiMajorAxis, "SEMI_MAJOR_AXIS"),
            "ECCENTRICITY" => (Key::Eccentricity, "ECCENTRICITY"),
            "INCLINATION" => (Key::Inclination, "INCLINATION"),
            "RA_OF_ASC_NODE" => (Key::RaOfAscNode, "RA_OF_ASC_NODE"),
            "ARG_OF_PERICENTER" => (Key::ArgOfPericenter, "ARG_OF_PERICENTER"),
            "MEAN_ANOMALY" => (Key::MeanAnomaly, "MEAN_ANOMALY"),
            "GM" => (Key::Gm, "GM"),
            "EPHEMERIS_TYPE" => (Key::EphemerisType, "EPHEMERIS_TYPE"),
            "CLASSIFICATION_TYPE" => (Key::ClassificationType, "CLASSIFICATION_TYPE"),
            "NORAD_CAT_ID" => (Key::NoradCatId, "NORAD_CAT_ID"),
            "ELEMENT_SET_NO" => (Key::ElementSetNo, "ELEMENT_SET_NO"),
            "REV_AT_EPOCH" => (Key::RevAtEpoch, "REV_AT_EPOCH"),
            "BSTAR" => (Key::Bstar, "BSTAR"),
            "BTERM" => (Key::Bterm, "BTERM"),
            "MEAN_MOTION_DOT" => (Key::MeanMotionDot, "MEAN_MOTION_DOT"),
            "MEAN_MOTION_DDOT" => (Key::MeanMotionDdot, "MEAN_MOTION_DDOT"),
            "AGOM" => (Key::Agom, "AGOM"),
            "USER_DEFINED_OBJECT_TYPE" => (Key::ObjectType, "USER_DEFINED_OBJECT_TYPE"),
            _ => {
                if let Some(s) = SPACECRAFT.iter().find(|s| **s == name) {
                    (Key::Skipped(Block::Spacecraft), *s)
                } else if let Some(s) = COVARIANCE.iter().find(|s| **s == name) {
                    (Key::Skipped(Block::Covariance), *s)
                } else if name.starts_with("USER_DEFINED_") {
                    (Key::Skipped(Block::UserDefined), "USER_DEFINED")
                } else {
                    return None;
                }
            }
        };
        Some(k)
    }

    /// A GP (JSON/CSV) key: the CCSDS keywords plus Space-Track's `OBJECT_TYPE`. Keys that are
    /// neither (RCS_SIZE, COUNTRY_CODE, TLE_LINE1, ...) give `None` and are ignored.
    pub(crate) fn lookup_gp(name: &str) -> Option<Found> {
        match name {
            "OBJECT_TYPE" => Some((Key::ObjectType, "OBJECT_TYPE")),
            // Space-Track's GP class has a free-text COMMENT column.
            "COMMENT" => None,
            _ => Key::lookup(name).filter(|(k, _)| !matches!(k, Key::Skipped(_))),
        }
    }

    /// The block the keyword belongs to.
    pub(crate) fn block(self) -> Block {
        match self {
            Key::Version | Key::CreationDate | Key::Originator | Key::MessageId => Block::Header,
            Key::ObjectName
            | Key::ObjectId
            | Key::CenterName
            | Key::RefFrame
            | Key::RefFrameEpoch
            | Key::TimeSystem
            | Key::MeanElementTheory => Block::Metadata,
            Key::Epoch
            | Key::MeanMotion
            | Key::SemiMajorAxis
            | Key::Eccentricity
            | Key::Inclination
            | Key::RaOfAscNode
            | Key::ArgOfPericenter
            | Key::MeanAnomaly
            | Key::Gm => Block::MeanElements,
            Key::EphemerisType
            | Key::ClassificationType
            | Key::NoradCatId
            | Key::ElementSetNo
            | Key::RevAtEpoch
            | Key::Bstar
            | Key::Bterm
            | Key::MeanMotionDot
            | Key::MeanMotionDdot
            | Key::Agom => Block::Tle,
            Key::ObjectType => Block::UserDefined,
            Key::Skipped(b) => b,
        }
    }

    /// The unit the field takes: (normalised form, CCSDS spelling), `None` when unitless.
    fn unit(self) -> Option<(&'static str, &'static str)> {
        match self {
            Key::MeanMotion => Some(("rev/d", "rev/day")),
            Key::Inclination | Key::RaOfAscNode | Key::ArgOfPericenter | Key::MeanAnomaly => {
                Some(("deg", "deg"))
            }
            Key::SemiMajorAxis => Some(("km", "km")),
            Key::Gm => Some(("km**3/s**2", "km**3/s**2")),
            Key::Bstar => Some(("1/er", "1/ER")),
            Key::Bterm | Key::Agom => Some(("m**2/kg", "m**2/kg")),
            Key::MeanMotionDot => Some(("rev/d**2", "rev/day**2")),
            Key::MeanMotionDdot => Some(("rev/d**3", "rev/day**3")),
            _ => None,
        }
    }

    /// Whether the value is a number (and may carry a unit in KVN brackets).
    pub(crate) fn is_numeric(self) -> bool {
        self.unit().is_some() || self == Key::Eccentricity
    }
}

/// Check `unit` against the field's and give the factor that brings the value to the field's
/// unit.
fn unit_factor(
    key: Key,
    name: &'static str,
    unit: Option<&str>,
    policy: UnitPolicy,
    line: usize,
) -> Result<f64, FormatError> {
    let Some(unit) = unit.map(str::trim).filter(|u| !u.is_empty()) else {
        return Ok(1.0);
    };
    if policy == UnitPolicy::Ignore {
        return Ok(1.0);
    }
    let bad = |expected: &'static str| {
        FormatError::new(
            line,
            name,
            FormatErrorKind::BadUnit {
                found: unit.to_string(),
                expected,
            },
        )
    };
    let Some((norm, ccsds)) = key.unit() else {
        // Unitless (eccentricity): CCSDS writes "n/a" where a unit column is required.
        return if unit.eq_ignore_ascii_case("n/a") || unit == "1" {
            Ok(1.0)
        } else {
            Err(bad("n/a"))
        };
    };
    if policy == UnitPolicy::Strict {
        return if unit.eq_ignore_ascii_case(ccsds) {
            Ok(1.0)
        } else {
            Err(bad(ccsds))
        };
    }
    let found = normalise_unit(unit);
    if found == norm {
        Ok(1.0)
    } else if norm == "deg" && found == "rad" {
        Ok(180.0 / std::f64::consts::PI)
    } else {
        Err(bad(ccsds))
    }
}

/// A decimal number as CCSDS writes it (`.0205751`, `-.147E-5`, `+1.0`); `inf` and `NaN`
/// are not numbers here.
pub(crate) fn parse_f64(text: &str) -> Option<f64> {
    let t = text.trim();
    if t.is_empty()
        || !t
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'+' | b'-' | b'.' | b'e' | b'E'))
        || !t.bytes().any(|b| b.is_ascii_digit())
    {
        return None;
    }
    t.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// A non-negative integer (leading zeros and a `+` allowed: `ELEMENT_SET_NO = 0925`).
pub(crate) fn parse_uint(text: &str) -> Option<u64> {
    let t = text.trim();
    let t = t.strip_prefix('+').unwrap_or(t);
    if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let t = t.trim_start_matches('0');
    if t.len() > 18 {
        return None;
    }
    if t.is_empty() {
        return Some(0);
    }
    t.parse().ok()
}

/// Largest catalog number: nine digits.
pub(crate) const MAX_NORAD_ID: u32 = 999_999_999;

/// What the element theory says about the numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Theory {
    Sgp4,
    Sgp4Xp,
}

fn theory_of(text: &str) -> Option<Theory> {
    match text.trim().to_ascii_uppercase().as_str() {
        "SGP4" | "SGP/SGP4" | "SGP4/SDP4" | "SDP4" | "SGP/SDP4" => Some(Theory::Sgp4),
        "SGP4-XP" | "SGP4XP" => Some(Theory::Sgp4Xp),
        _ => None,
    }
}

/// A value with the line it came from.
type At<T> = Option<(T, usize)>;

/// One OMM (or one GP row) being read.
#[derive(Debug, Default)]
pub(crate) struct Record {
    start_line: usize,
    seen: u64,
    object_name: Option<String>,
    object_id: Option<String>,
    center: At<String>,
    frame: At<String>,
    time_system: At<String>,
    theory: At<String>,
    epoch: Option<Epoch>,
    mean_motion: Option<f64>,
    sma_line: Option<usize>,
    eccentricity: Option<f64>,
    inclination: Option<f64>,
    raan: Option<f64>,
    arg_perigee: Option<f64>,
    mean_anomaly: Option<f64>,
    ephemeris_type: At<u8>,
    classification: Option<char>,
    norad_id: Option<u32>,
    element_set_no: Option<u32>,
    rev_at_epoch: Option<u32>,
    bstar: At<f64>,
    bterm: At<f64>,
    ndot: Option<f64>,
    nddot: At<f64>,
    agom: At<f64>,
    object_type: Option<ObjectType>,
}

fn bad_value(line: usize, field: &'static str, text: &str, rule: &'static str) -> FormatError {
    FormatError::new(
        line,
        field,
        FormatErrorKind::BadValue {
            text: text.trim().to_string(),
            rule,
        },
    )
}

fn bad_number(line: usize, field: &'static str, text: &str) -> FormatError {
    FormatError::new(
        line,
        field,
        FormatErrorKind::BadNumber(text.trim().to_string()),
    )
}

fn key_bit(key: Key) -> u64 {
    let i = match key {
        Key::Skipped(_) => return 0,
        Key::Version => 0,
        Key::CreationDate => 1,
        Key::Originator => 2,
        Key::MessageId => 3,
        Key::ObjectName => 4,
        Key::ObjectId => 5,
        Key::CenterName => 6,
        Key::RefFrame => 7,
        Key::RefFrameEpoch => 8,
        Key::TimeSystem => 9,
        Key::MeanElementTheory => 10,
        Key::Epoch => 11,
        Key::MeanMotion => 12,
        Key::SemiMajorAxis => 13,
        Key::Eccentricity => 14,
        Key::Inclination => 15,
        Key::RaOfAscNode => 16,
        Key::ArgOfPericenter => 17,
        Key::MeanAnomaly => 18,
        Key::Gm => 19,
        Key::EphemerisType => 20,
        Key::ClassificationType => 21,
        Key::NoradCatId => 22,
        Key::ElementSetNo => 23,
        Key::RevAtEpoch => 24,
        Key::Bstar => 25,
        Key::Bterm => 26,
        Key::MeanMotionDot => 27,
        Key::MeanMotionDdot => 28,
        Key::Agom => 29,
        Key::ObjectType => 30,
    };
    1 << i
}

impl Record {
    /// A record that starts at `line` (its missing fields are reported there).
    pub(crate) fn new(start_line: usize) -> Self {
        Record {
            start_line,
            ..Record::default()
        }
    }

    /// Store `text` (with its `unit`, if written) as the value of `key`, read at `line`.
    pub(crate) fn set(
        &mut self,
        (key, name): Found,
        text: &str,
        unit: Option<&str>,
        policy: UnitPolicy,
        line: usize,
    ) -> Result<(), FormatError> {
        let bit = key_bit(key);
        if self.seen & bit != 0 {
            return Err(bad_value(
                line,
                name,
                text,
                "keyword given twice in one message",
            ));
        }
        self.seen |= bit;
        let text = text.trim();
        let opt_string = |t: &str| (!t.is_empty()).then(|| t.to_string());
        let number = || -> Result<f64, FormatError> {
            let factor = unit_factor(key, name, unit, policy, line)?;
            let v = parse_f64(text).ok_or_else(|| bad_number(line, name, text))?;
            Ok(if factor == 1.0 { v } else { v * factor })
        };
        let uint = |max: u64, rule: &'static str| -> Result<u64, FormatError> {
            let v = parse_uint(text).ok_or_else(|| bad_number(line, name, text))?;
            if v > max {
                return Err(bad_value(line, name, text, rule));
            }
            Ok(v)
        };
        match key {
            Key::Version => {
                if !matches!(text, "1.0" | "2.0" | "3.0") {
                    return Err(bad_value(
                        line,
                        name,
                        text,
                        "CCSDS OMM version 1.0, 2.0 or 3.0",
                    ));
                }
            }
            Key::CreationDate | Key::RefFrameEpoch => {
                if parse_utc(text).is_err() {
                    return Err(bad_value(line, name, text, "an ISO-8601 date-time"));
                }
            }
            Key::Originator | Key::MessageId | Key::Skipped(_) => {}
            Key::ObjectName => self.object_name = opt_string(text),
            Key::ObjectId => self.object_id = opt_string(text),
            Key::CenterName => self.center = Some((text.to_string(), line)),
            Key::RefFrame => self.frame = Some((text.to_string(), line)),
            Key::TimeSystem => self.time_system = Some((text.to_string(), line)),
            Key::MeanElementTheory => self.theory = Some((text.to_string(), line)),
            Key::Epoch => {
                let e = parse_utc(text).map_err(|_| {
                    bad_value(
                        line,
                        name,
                        text,
                        "an ISO-8601 UTC date-time (YYYY-MM-DDThh:mm:ss)",
                    )
                })?;
                self.epoch = Some(e);
            }
            Key::MeanMotion => {
                let v = number()?;
                if v <= 0.0 {
                    return Err(bad_value(
                        line,
                        name,
                        text,
                        "revolutions per day, above zero",
                    ));
                }
                self.mean_motion = Some(v);
            }
            Key::SemiMajorAxis => {
                number()?;
                self.sma_line = Some(line);
            }
            Key::Eccentricity => {
                let v = number()?;
                if !(0.0..1.0).contains(&v) {
                    return Err(bad_value(line, name, text, "from 0 to below 1"));
                }
                self.eccentricity = Some(v);
            }
            Key::Inclination => {
                let v = number()?;
                if !(0.0..=180.0).contains(&v) {
                    return Err(bad_value(line, name, text, "degrees from 0 to 180"));
                }
                self.inclination = Some(v);
            }
            Key::RaOfAscNode => self.raan = Some(number()?),
            Key::ArgOfPericenter => self.arg_perigee = Some(number()?),
            Key::MeanAnomaly => self.mean_anomaly = Some(number()?),
            Key::Gm => {
                number()?;
            }
            Key::EphemerisType => {
                let v = uint(9, "one digit, 0 to 9")?;
                self.ephemeris_type = Some((v as u8, line));
            }
            Key::ClassificationType => {
                let mut chars = text.chars();
                match (chars.next(), chars.next()) {
                    (Some(c), None) if c.is_ascii_alphabetic() => {
                        self.classification = Some(c.to_ascii_uppercase())
                    }
                    _ => return Err(bad_value(line, name, text, "one letter (U, C or S)")),
                }
            }
            Key::NoradCatId => {
                let v = uint(MAX_NORAD_ID as u64, "a catalog number of up to nine digits")?;
                self.norad_id = Some(v as u32);
            }
            Key::ElementSetNo => {
                self.element_set_no = Some(uint(u32::MAX as u64, "an integer below 2^32")? as u32)
            }
            Key::RevAtEpoch => {
                self.rev_at_epoch = Some(uint(u32::MAX as u64, "an integer below 2^32")? as u32)
            }
            Key::Bstar => self.bstar = Some((number()?, line)),
            Key::Bterm => self.bterm = Some((number()?, line)),
            Key::MeanMotionDot => self.ndot = Some(number()?),
            Key::MeanMotionDdot => self.nddot = Some((number()?, line)),
            Key::Agom => self.agom = Some((number()?, line)),
            Key::ObjectType => {
                if !text.is_empty() {
                    self.object_type = Some(ObjectType::parse(text).ok_or_else(|| {
                        bad_value(
                            line,
                            name,
                            text,
                            "PAYLOAD, ROCKET BODY, DEBRIS, UNKNOWN or TBA",
                        )
                    })?);
                }
            }
        }
        Ok(())
    }

    /// The element set, or why these keywords do not make an SGP4 element set.
    pub(crate) fn finish(self, dialect: Dialect) -> Result<ElementSet, FormatError> {
        let start = self.start_line;
        let missing =
            |field: &'static str| FormatError::new(start, field, FormatErrorKind::Missing);
        let ccsds = dialect == Dialect::Ccsds;

        // The theory decides what the numbers mean, so it is checked first.
        let theory = match &self.theory {
            Some((t, line)) => Some(theory_of(t).ok_or_else(|| {
                bad_value(
                    *line,
                    "MEAN_ELEMENT_THEORY",
                    t,
                    "SGP4, SGP/SGP4 or SGP4-XP: elements of other theories (DSST, Brouwer, ...) \
                     are not SGP4 mean elements",
                )
            })?),
            None if ccsds => return Err(missing("MEAN_ELEMENT_THEORY")),
            None => None,
        };
        if self.mean_motion.is_none() {
            if let Some(line) = self.sma_line {
                return Err(bad_value(
                    line,
                    "SEMI_MAJOR_AXIS",
                    "SEMI_MAJOR_AXIS",
                    "SGP4 mean elements are given with MEAN_MOTION; a semi-major axis belongs \
                     to other theories",
                ));
            }
        }
        let check_meta = |value: &At<String>,
                          field: &'static str,
                          wanted: &'static str,
                          rule: &'static str|
         -> Result<(), FormatError> {
            match value {
                Some((v, line)) if !v.eq_ignore_ascii_case(wanted) => {
                    Err(bad_value(*line, field, v, rule))
                }
                None if ccsds => Err(missing(field)),
                _ => Ok(()),
            }
        };
        check_meta(
            &self.time_system,
            "TIME_SYSTEM",
            "UTC",
            "UTC: SGP4 element epochs are UTC",
        )?;
        check_meta(
            &self.frame,
            "REF_FRAME",
            "TEME",
            "TEME: SGP4 mean elements are in TEME",
        )?;
        check_meta(
            &self.center,
            "CENTER_NAME",
            "EARTH",
            "EARTH: SGP4 orbits the Earth",
        )?;

        // Ephemeris type 4 and theory SGP4-XP say the same thing; they must not disagree.
        let ephemeris_type = match (theory, self.ephemeris_type) {
            (Some(Theory::Sgp4Xp), Some((t, line))) if t != 4 => {
                return Err(bad_value(
                    line,
                    "EPHEMERIS_TYPE",
                    &t.to_string(),
                    "4 when MEAN_ELEMENT_THEORY is SGP4-XP",
                ))
            }
            (Some(Theory::Sgp4), Some((4, line))) => {
                return Err(bad_value(
                    line,
                    "EPHEMERIS_TYPE",
                    "4",
                    "not 4 (SGP4-XP) when MEAN_ELEMENT_THEORY is SGP4",
                ))
            }
            (Some(Theory::Sgp4Xp), None) => 4,
            (_, Some((t, _))) => t,
            (_, None) => 0,
        };
        let xp = ephemeris_type == 4;
        if !xp {
            if let Some((_, line)) = self.bterm {
                return Err(bad_value(
                    line,
                    "BTERM",
                    "BTERM",
                    "only in SGP4-XP elements; SGP4 uses BSTAR",
                ));
            }
            if let Some((_, line)) = self.agom {
                return Err(bad_value(
                    line,
                    "AGOM",
                    "AGOM",
                    "only in SGP4-XP elements; SGP4 uses MEAN_MOTION_DDOT",
                ));
            }
        }
        let drag = match (xp, self.bterm, self.bstar) {
            (true, Some((v, _)), _) | (_, None, Some((v, _))) => v,
            (true, None, None) => return Err(missing("BTERM")),
            _ => return Err(missing("BSTAR")),
        };
        let second = match (xp, self.agom, self.nddot) {
            (true, Some((v, _)), _) | (_, None, Some((v, _))) => v,
            (true, None, None) => return Err(missing("AGOM")),
            _ => return Err(missing("MEAN_MOTION_DDOT")),
        };
        Ok(ElementSet {
            object_name: self.object_name,
            object_id: self.object_id,
            norad_id: self.norad_id.ok_or_else(|| missing("NORAD_CAT_ID"))?,
            object_type: self.object_type,
            classification: self.classification.unwrap_or('U'),
            epoch: self.epoch.ok_or_else(|| missing("EPOCH"))?,
            mean_motion_rev_day: self.mean_motion.ok_or_else(|| missing("MEAN_MOTION"))?,
            eccentricity: self.eccentricity.ok_or_else(|| missing("ECCENTRICITY"))?,
            inclination_deg: self.inclination.ok_or_else(|| missing("INCLINATION"))?,
            raan_deg: self.raan.ok_or_else(|| missing("RA_OF_ASC_NODE"))?,
            arg_perigee_deg: self
                .arg_perigee
                .ok_or_else(|| missing("ARG_OF_PERICENTER"))?,
            mean_anomaly_deg: self.mean_anomaly.ok_or_else(|| missing("MEAN_ANOMALY"))?,
            mean_motion_dot_rev_day2: self.ndot.ok_or_else(|| missing("MEAN_MOTION_DOT"))?,
            mean_motion_ddot_rev_day3: second,
            bstar_per_er: drag,
            ephemeris_type,
            element_set_no: self.element_set_no.unwrap_or(0),
            rev_at_epoch: self.rev_at_epoch.unwrap_or(0),
        })
    }
}

/// The shortest decimal that reads back as exactly `v` (Rust's `{:?}`: `0.0001`, `1e-7`).
pub(crate) fn fmt_f64(v: f64) -> String {
    format!("{v:?}")
}

/// An epoch as CCSDS and CelesTrak write it: ISO UTC, microseconds, no `Z`; nanoseconds when
/// the epoch has more than microseconds (so that no reader's precision is lost on writing).
pub(crate) fn fmt_epoch(e: Epoch) -> String {
    let nanos = format_utc_digits(e, 9);
    let mut s = if nanos.ends_with("000Z") {
        format_utc_micros(e)
    } else {
        nanos
    };
    if s.ends_with('Z') {
        s.pop();
    }
    s
}

/// The theory keyword a writer gives an element set.
pub(crate) fn theory_name(set: &ElementSet) -> &'static str {
    if set.ephemeris_type == 4 {
        "SGP4-XP"
    } else {
        "SGP4"
    }
}

/// The 1-based line of byte `offset` in a text whose line starts are `starts`.
pub(crate) fn line_at(starts: &[usize], offset: usize) -> usize {
    starts.partition_point(|&s| s <= offset).max(1)
}

/// Byte offsets at which each line of `text` starts.
pub(crate) fn line_starts(text: &str) -> Vec<usize> {
    let mut v = vec![0];
    v.extend(
        text.bytes()
            .enumerate()
            .filter(|(_, b)| *b == b'\n')
            .map(|(i, _)| i + 1),
    );
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_as_ccsds_writes_them() {
        assert_eq!(parse_f64(".0205751"), Some(0.0205751));
        assert_eq!(parse_f64("-.147E-5"), Some(-0.147e-5));
        assert_eq!(parse_f64("+1.0"), Some(1.0));
        assert_eq!(parse_f64("inf"), None);
        assert_eq!(parse_f64("NaN"), None);
        assert_eq!(parse_f64("1e999"), None);
        assert_eq!(parse_f64("."), None);
        assert_eq!(parse_uint("0925"), Some(925));
        assert_eq!(parse_uint("-1"), None);
    }

    #[test]
    fn units_compatible_and_wrong() {
        let p = UnitPolicy::ConvertCompatible;
        assert_eq!(
            unit_factor(Key::MeanMotion, "MEAN_MOTION", Some("rev/day"), p, 1),
            Ok(1.0)
        );
        assert_eq!(
            unit_factor(Key::MeanMotion, "MEAN_MOTION", Some("REV/D"), p, 1),
            Ok(1.0)
        );
        assert_eq!(
            unit_factor(
                Key::MeanMotionDot,
                "MEAN_MOTION_DOT",
                Some("rev/day^2"),
                p,
                1
            ),
            Ok(1.0)
        );
        assert!(unit_factor(Key::Inclination, "INCLINATION", Some("rad"), p, 1).unwrap() > 57.0);
        let e = unit_factor(Key::Inclination, "INCLINATION", Some("km"), p, 3).unwrap_err();
        assert_eq!((e.line(), e.field()), (3, "INCLINATION"));
        assert!(unit_factor(
            Key::Inclination,
            "INCLINATION",
            Some("degrees"),
            UnitPolicy::Strict,
            1
        )
        .is_err());
        assert_eq!(
            unit_factor(
                Key::Inclination,
                "INCLINATION",
                Some("km"),
                UnitPolicy::Ignore,
                1
            ),
            Ok(1.0)
        );
    }

    #[test]
    fn line_lookup() {
        let s = line_starts("a\nbc\n\nd");
        assert_eq!(line_at(&s, 0), 1);
        assert_eq!(line_at(&s, 2), 2);
        assert_eq!(line_at(&s, 5), 3);
        assert_eq!(line_at(&s, 6), 4);
    }
}
