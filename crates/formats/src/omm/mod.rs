//! CCSDS Orbit Mean-elements Messages (OMM, CCSDS 502.0-B-2/-B-3) in the four encodings an
//! analyst meets: KVN, XML (a bare `<omm>`, or several in an `<ndm>` as CelesTrak and
//! Space-Track serve them), and the GP JSON and CSV of CelesTrak and Space-Track.
//!
//! Each encoding has a reader (`&str` in, [`Parsed`] out) and a writer (`&[ElementSet]` in,
//! `String` out). Readers return every good record and report every bad one with its line and
//! field; they never panic, whatever the input. All four share one keyword list and one record
//! builder, so a value means the same in every encoding:
//!
//! - Only SGP4 mean elements become an [`ElementSet`]: `MEAN_ELEMENT_THEORY` must be `SGP4`
//!   (also written `SGP/SGP4`, `SGP4/SDP4`) or `SGP4-XP`, `TIME_SYSTEM` `UTC`, `REF_FRAME`
//!   `TEME`, `CENTER_NAME` `EARTH`, and the elements must give `MEAN_MOTION` (not
//!   `SEMI_MAJOR_AXIS`). Anything else is refused with an error naming the field. KVN and XML
//!   must state these; GP JSON/CSV leave them out and mean SGP4, TEME, UTC.
//! - `SGP4-XP` elements are kept with `ephemeris_type` 4 (the propagator refuses them). As in
//!   a TLE, their `BTERM` (m²/kg) is kept in `bstar_per_er` and `AGOM` (m²/kg) in
//!   `mean_motion_ddot_rev_day3`; KVN and XML write them back under those keywords, GP JSON
//!   and CSV under `BSTAR` and `MEAN_MOTION_DDOT`, as the TLE does.
//! - Defaults of the standard: `CLASSIFICATION_TYPE` `U`, `EPHEMERIS_TYPE` 0,
//!   `ELEMENT_SET_NO` and `REV_AT_EPOCH` 0. An empty `OBJECT_NAME` or `OBJECT_ID` (CelesTrak
//!   leaves the designator of analyst objects empty) reads as `None`.
//! - Covariance, spacecraft parameters and user-defined parameters are read and skipped,
//!   except Space-Track's user-defined `OBJECT_TYPE`, which becomes
//!   [`ElementSet::object_type`].
//! - Units written beside values (KVN `[deg]`, XML `units="deg"`) follow a [`UnitPolicy`].
//!
//! Writers write numbers in the shortest form that reads back exactly, epochs as ISO UTC with
//! microseconds and no `Z` (as CelesTrak writes them), and catalog numbers of up to nine
//! digits. An element set read from any encoding and written to any other reads back equal
//! (epochs to the microsecond). Writers take the element sets as they are: a non-finite number
//! is written as `NaN`/`inf`, which every reader refuses, rather than silently changed.
//!
//! ```
//! use uitkijk_formats::omm;
//! let json = r#"[{"OBJECT_NAME":"ISS (ZARYA)","OBJECT_ID":"1998-067A",
//!   "EPOCH":"2022-01-22T21:57:10.700352","MEAN_MOTION":15.49594026,"ECCENTRICITY":0.000683,
//!   "INCLINATION":51.6445,"RA_OF_ASC_NODE":336.0056,"ARG_OF_PERICENTER":51.7508,
//!   "MEAN_ANOMALY":17.5213,"EPHEMERIS_TYPE":0,"CLASSIFICATION_TYPE":"U","NORAD_CAT_ID":25544,
//!   "ELEMENT_SET_NO":999,"REV_AT_EPOCH":32265,"BSTAR":0.00011386,
//!   "MEAN_MOTION_DOT":5.958e-5,"MEAN_MOTION_DDOT":0}]"#;
//! let parsed = omm::read_json(json);
//! assert!(parsed.errors.is_empty());
//! assert_eq!(parsed.sets[0].norad_id, 25544);
//! let kvn = omm::write_kvn(&parsed.sets);
//! assert_eq!(omm::read_kvn(&kvn).sets, parsed.sets);
//! ```

mod csv;
mod json;
mod keys;
mod kvn;
mod xml;

pub use keys::UnitPolicy;

use crate::{ElementSet, FormatError, FormatErrorKind, Parsed};
use uitkijk_time::Epoch;

/// How the CCSDS readers (KVN, XML) treat what they read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReadOptions {
    /// What to do with units written beside values.
    pub units: UnitPolicy,
}

/// What the CCSDS writers (KVN, XML) put in the header.
#[derive(Debug, Clone, PartialEq)]
pub struct WriteOptions {
    /// `ORIGINATOR`.
    pub originator: String,
    /// `CREATION_DATE`; `None` writes each element set's own epoch, so that the same element
    /// sets always give the same bytes. Pass the current time to stamp the file.
    pub creation_date: Option<Epoch>,
}

impl Default for WriteOptions {
    fn default() -> Self {
        WriteOptions {
            originator: "UITKIJK".to_string(),
            creation_date: None,
        }
    }
}

/// The four encodings of an OMM.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Encoding {
    /// CCSDS keyword = value notation.
    Kvn,
    /// CCSDS XML (`<omm>` or `<ndm>`).
    Xml,
    /// GP JSON (an array of objects keyed by OMM keyword).
    Json,
    /// GP CSV (a header row of OMM keywords).
    Csv,
}

/// Which OMM encoding `text` is in, judged by its first non-blank characters; `None` when it
/// looks like none of them (a TLE, for instance).
pub fn detect(text: &str) -> Option<Encoding> {
    let t = text.trim_start_matches('\u{feff}').trim_start();
    let first_line = t.lines().next().unwrap_or("");
    if t.starts_with('<') {
        Some(Encoding::Xml)
    } else if t.starts_with('[') || t.starts_with('{') {
        Some(Encoding::Json)
    } else if t.starts_with("CCSDS_OMM_VERS") || t.starts_with("COMMENT") {
        Some(Encoding::Kvn)
    } else if first_line.contains(',')
        && first_line.split(',').any(|c| {
            c.trim()
                .trim_matches('"')
                .eq_ignore_ascii_case("NORAD_CAT_ID")
        })
    {
        Some(Encoding::Csv)
    } else {
        None
    }
}

/// Read OMMs in whichever encoding `text` is in (see [`detect`]). Empty input gives nothing;
/// input in no OMM encoding gives one [`FormatErrorKind::UnknownFormat`] error.
pub fn read(text: &str) -> Parsed {
    match detect(text) {
        Some(Encoding::Kvn) => read_kvn(text),
        Some(Encoding::Xml) => read_xml(text),
        Some(Encoding::Json) => read_json(text),
        Some(Encoding::Csv) => read_csv(text),
        None if text.trim().is_empty() => Parsed::default(),
        None => Parsed {
            errors: vec![FormatError::new(1, "file", FormatErrorKind::UnknownFormat)],
            ..Parsed::default()
        },
    }
}

/// Write element sets in `encoding` with default options.
pub fn write(sets: &[ElementSet], encoding: Encoding) -> String {
    match encoding {
        Encoding::Kvn => write_kvn(sets),
        Encoding::Xml => write_xml(sets),
        Encoding::Json => write_json(sets),
        Encoding::Csv => write_csv(sets),
    }
}

/// Read CCSDS OMM KVN: one message or several one after another.
pub fn read_kvn(text: &str) -> Parsed {
    kvn::read(text, &ReadOptions::default())
}

/// [`read_kvn`] with options.
pub fn read_kvn_with(text: &str, options: &ReadOptions) -> Parsed {
    kvn::read(text, options)
}

/// Write CCSDS OMM KVN, one message per element set, separated by a blank line.
pub fn write_kvn(sets: &[ElementSet]) -> String {
    kvn::write(sets, &WriteOptions::default())
}

/// [`write_kvn`] with options.
pub fn write_kvn_with(sets: &[ElementSet], options: &WriteOptions) -> String {
    kvn::write(sets, options)
}

/// Read CCSDS OMM XML: a bare `<omm>`, or an `<ndm>` holding OMMs (CelesTrak's and
/// Space-Track's XML). Namespace prefixes are ignored.
pub fn read_xml(text: &str) -> Parsed {
    xml::read(text, &ReadOptions::default())
}

/// [`read_xml`] with options.
pub fn read_xml_with(text: &str, options: &ReadOptions) -> Parsed {
    xml::read(text, options)
}

/// Write CCSDS OMM XML: an `<ndm>` holding one `<omm>` per element set.
pub fn write_xml(sets: &[ElementSet]) -> String {
    xml::write(sets, &WriteOptions::default())
}

/// [`write_xml`] with options.
pub fn write_xml_with(sets: &[ElementSet], options: &WriteOptions) -> String {
    xml::write(sets, options)
}

/// Read GP JSON: an array of objects keyed by OMM keyword (or one such object). Values may be
/// JSON numbers or strings (Space-Track quotes numbers); `null` is absent; keys that are not
/// OMM keywords (`RCS_SIZE`, `COUNTRY_CODE`, ...) are ignored, except `OBJECT_TYPE`.
pub fn read_json(text: &str) -> Parsed {
    json::read(text)
}

/// Write GP JSON as CelesTrak does (its keys, in its order), one object per line, plus
/// `OBJECT_TYPE` where known.
pub fn write_json(sets: &[ElementSet]) -> String {
    json::write(sets)
}

/// Read GP CSV: a header row of OMM keywords, columns in any order, unknown columns ignored.
/// Errors give the line of the CSV record.
pub fn read_csv(text: &str) -> Parsed {
    csv::read(text)
}

/// Write GP CSV with CelesTrak's columns, plus `OBJECT_TYPE` last when any set has one.
pub fn write_csv(sets: &[ElementSet]) -> String {
    csv::write(sets)
}
