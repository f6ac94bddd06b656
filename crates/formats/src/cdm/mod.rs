//! CCSDS Conjunction Data Messages (CDM, CCSDS 508.0-B-1, June 2013, with the 508.0-B-2
//! keywords and blocks the example files use) in KVN and XML.
//!
//! [`read`] tells KVN from XML by the first meaningful character; [`read_kvn`] and
//! [`read_xml`] read one encoding; [`write_kvn`] and [`write_xml`] write a [`Cdm`] in the
//! keyword order and XML structure of the standard, as Orekit writes and reads them. A CDM read
//! from either encoding and written to the same one reads back identical.
//!
//! Reading is strict, with the line and keyword of the first problem in the [`FormatError`]:
//! an unknown keyword, an obligatory keyword missing or empty, a number or date that does not
//! read, a value outside its enumeration, a keyword that returns to a block already left, a
//! unit in `[...]` (KVN) or `units=` (XML) that is not the field's (see [`UnitPolicy`]).
//! Two leniencies follow the files met in practice:
//!
//! - CARA writes `NaN` for unknown optional numbers (`OBS_USED = NaN`): an optional number
//!   written `NaN` is absent. A covariance entry or state component must be a number.
//! - An empty optional value (`KEY =`, `<KEY/>`, `<KEY nil="true"/>`) is absent.
//!
//! Comments are kept with the block they stand in (KVN's rules are in [`read_kvn`]).
//! [`Cdm::hbr_m`] finds the hard-body radius from CARA's comments or the 508.0-B-2 `HBR`
//! keyword.
//!
//! ```
//! use uitkijk_formats::cdm;
//! let text = "CCSDS_CDM_VERS = 1.0\nCREATION_DATE = 2010-03-12T22:31:12.000\n\
//!     ORIGINATOR = JSPOC\nMESSAGE_ID = 201113719185\nTCA = 2010-03-13T22:37:52.618\n\
//!     MISS_DISTANCE = 715 [m]\nCOMMENT HBR = 10 [m]\n";
//! let mut body = String::from(text);
//! for (obj, x) in [("OBJECT1", "2570.097065"), ("OBJECT2", "2569.540800")] {
//!     body += &format!("OBJECT = {obj}\nOBJECT_DESIGNATOR = 12345\nCATALOG_NAME = SATCAT\n\
//!         OBJECT_NAME = SAT\nINTERNATIONAL_DESIGNATOR = 1997-030E\nEPHEMERIS_NAME = NONE\n\
//!         COVARIANCE_METHOD = CALCULATED\nMANEUVERABLE = YES\nREF_FRAME = EME2000\n\
//!         X = {x} [km]\nY = 2244.654904\nZ = 6281.497978\nX_DOT = 4.418769571\n\
//!         Y_DOT = 4.833547743\nZ_DOT = -3.526774282\n");
//!     for k in ["CR_R", "CT_R", "CT_T", "CN_R", "CN_T", "CN_N", "CRDOT_R", "CRDOT_T",
//!         "CRDOT_N", "CRDOT_RDOT", "CTDOT_R", "CTDOT_T", "CTDOT_N", "CTDOT_RDOT", "CTDOT_TDOT",
//!         "CNDOT_R", "CNDOT_T", "CNDOT_N", "CNDOT_RDOT", "CNDOT_TDOT", "CNDOT_NDOT"] {
//!         body += &format!("{k} = 1.0\n");
//!     }
//! }
//! let c = cdm::read(&body).unwrap();
//! assert_eq!(c.relative.miss_distance_m, 715.0);
//! assert_eq!(c.hbr_m(), Some(10.0));
//! assert_eq!(cdm::read(&cdm::write_xml(&c)).unwrap(), c);
//! ```

mod block;
mod build;
mod kvn;
mod model;
pub(crate) mod values;
mod xml;

pub use model::*;

use crate::{FormatError, FormatErrorKind};

/// What a reader does with the unit written beside a value (KVN `[m]`, XML `units="m"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum UnitPolicy {
    /// Units are not looked at. CARA's sample CDMs (`SampleCDMs/`, `ODQATestCaseCDM.txt`) write
    /// `RELATIVE_VELOCITY_R = ... [m]` for a velocity; read them with this policy.
    Ignore,
    /// The field's unit in any usual spelling (`m**2`, `m^2`, `M**2`, `days`, `sec`) is
    /// accepted, and a unit of the same dimension is converted (km to m, km/s to m/s, rad to
    /// deg, s or h to d); any other unit is refused, naming the line and field.
    #[default]
    ConvertCompatible,
    /// Only the CCSDS spelling of the field's unit (case-insensitive) is accepted.
    Strict,
}

/// How [`read_with`], [`read_kvn_with`] and [`read_xml_with`] read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ReadOptions {
    /// What to do with units written beside values.
    pub units: UnitPolicy,
}

impl ReadOptions {
    /// Options for CDMs whose units are wrong (CARA's `SampleCDMs/` and
    /// `ODQATestCaseCDM.txt` give velocities in `[m]`): units not checked. Bad numbers, dates,
    /// keywords and missing data are still errors.
    pub fn lenient() -> Self {
        ReadOptions {
            units: UnitPolicy::Ignore,
        }
    }

    /// Options with the given unit policy.
    pub fn with_units(units: UnitPolicy) -> Self {
        ReadOptions { units }
    }
}

/// The two encodings of a CDM.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Encoding {
    /// Keyword = value notation.
    Kvn,
    /// XML.
    Xml,
}

/// Which encoding `text` is in: XML when its first non-blank character is `<`, KVN when it
/// starts with `CCSDS_CDM_VERS` or `COMMENT`; `None` otherwise.
pub fn detect(text: &str) -> Option<Encoding> {
    let t = text.trim_start_matches('\u{feff}').trim_start();
    if t.starts_with('<') {
        Some(Encoding::Xml)
    } else if t.starts_with("CCSDS_CDM_VERS") || t.starts_with("COMMENT") {
        Some(Encoding::Kvn)
    } else {
        None
    }
}

/// Read a CDM in KVN or XML (see [`detect`]).
pub fn read(text: &str) -> Result<Cdm, FormatError> {
    read_with(text, &ReadOptions::default())
}

/// [`read`] with options.
pub fn read_with(text: &str, options: &ReadOptions) -> Result<Cdm, FormatError> {
    match detect(text) {
        Some(Encoding::Xml) => xml::read(text, options),
        Some(Encoding::Kvn) => kvn::read(text, options),
        None => Err(FormatError::new(
            1,
            "content",
            FormatErrorKind::BadLine(
                "not a CDM: neither KVN (CCSDS_CDM_VERS = ...) nor XML".into(),
            ),
        )),
    }
}

/// Read a KVN CDM.
///
/// Comments: a run of `COMMENT` lines belongs to the block of the keyword that follows it
/// (`COMMENT HBR = 10 [m]` just before `OBJECT = OBJECT1` is object 1's metadata comment); at
/// the start of an object's data the first comment line is the data's own and the rest the
/// first block's, as Orekit reads them; comments after the last keyword join the last block.
/// An OD or additional-parameters block whose keywords all have empty or `NaN` values is no
/// block: its comments read with the next block.
pub fn read_kvn(text: &str) -> Result<Cdm, FormatError> {
    kvn::read(text, &ReadOptions::default())
}

/// [`read_kvn`] with options.
pub fn read_kvn_with(text: &str, options: &ReadOptions) -> Result<Cdm, FormatError> {
    kvn::read(text, options)
}

/// Read an XML CDM (a `<cdm>`, or an `<ndm>` holding one).
pub fn read_xml(text: &str) -> Result<Cdm, FormatError> {
    xml::read(text, &ReadOptions::default())
}

/// [`read_xml`] with options.
pub fn read_xml_with(text: &str, options: &ReadOptions) -> Result<Cdm, FormatError> {
    xml::read(text, options)
}

/// Write a CDM in KVN: keywords in the standard's order, values aligned, units in brackets,
/// numbers in the shortest form that reads back exactly, epochs in UTC without `Z`.
///
/// KVN cannot tell the data's comments from its first block's beyond the first line (see
/// [`read_kvn`]), nor keep the comments of an OD or additional-parameters block that has no
/// value: such comments read back with the next block. No keyword is written without a value
/// (other readers refuse them), except the first keyword of a 508.0-B-2 additional covariance
/// metadata block that has comments and no value. Everything else reads back identical; a CDM
/// read from KVN reads back identical.
pub fn write_kvn(cdm: &Cdm) -> String {
    kvn::write(cdm)
}

/// Write a CDM in XML (`<cdm>` with the 508.0-B-1 structure; the 508.0-B-2 alternate
/// covariances and covariance metadata as further `<covarianceMatrix>` elements).
pub fn write_xml(cdm: &Cdm) -> String {
    xml::write(cdm)
}

/// Write a CDM in `encoding`.
pub fn write(cdm: &Cdm, encoding: Encoding) -> String {
    match encoding {
        Encoding::Kvn => write_kvn(cdm),
        Encoding::Xml => write_xml(cdm),
    }
}

/// The hard-body radius in a comment, in m: CARA's `HBR = 10 [m]` and `HBR = 15.0` (metres
/// when no unit is written), `HBR: 20 m`, `Operator Hard Body Radius = 6.00 [m]`; a unit of
/// `km` is converted. `None` when the comment states no HBR.
pub fn hbr_from_comment(comment: &str) -> Option<f64> {
    let t = comment.trim();
    let upper = t.to_ascii_uppercase();
    let rest = if let Some(r) = upper.strip_prefix("HBR") {
        r
    } else {
        let at = upper.find("HARD BODY RADIUS")?;
        &upper[at + "HARD BODY RADIUS".len()..]
    };
    let rest = rest.trim_start();
    let rest = rest
        .strip_prefix('=')
        .or_else(|| rest.strip_prefix(':'))?
        .trim();
    let end = rest
        .find(|c: char| c.is_whitespace() || c == '[')
        .unwrap_or(rest.len());
    let value = values::parse_f64(&rest[..end])?;
    let unit = rest[end..]
        .trim()
        .trim_start_matches('[')
        .trim_end_matches(']')
        .trim()
        .to_ascii_lowercase();
    let factor = match unit.as_str() {
        "" | "m" | "meter" | "meters" => 1.0,
        "km" => 1000.0,
        _ => return None,
    };
    (value >= 0.0).then_some(value * factor)
}

impl Cdm {
    /// Every comment of the message, in file order.
    pub fn comments(&self) -> impl Iterator<Item = &str> {
        let mut all: Vec<&[String]> = vec![&self.header.comments, &self.relative.comments];
        for seg in [&self.object1, &self.object2] {
            all.push(&seg.metadata.comments);
            let d = &seg.data;
            all.push(&d.comments);
            if let Some(b) = &d.od_parameters {
                all.push(&b.comments);
            }
            if let Some(b) = &d.additional_parameters {
                all.push(&b.comments);
            }
            all.push(&d.state_vector.comments);
            if let Some(b) = &d.rtn_covariance {
                all.push(&b.comments);
            }
            if let Some(b) = &d.xyz_covariance {
                all.push(&b.comments);
            }
            if let Some(b) = &d.sigma_eigenvectors {
                all.push(&b.comments);
            }
            if let Some(b) = &d.additional_covariance_metadata {
                all.push(&b.comments);
            }
            if let Some(b) = &d.user_defined {
                all.push(&b.comments);
            }
        }
        all.into_iter().flatten().map(String::as_str)
    }

    /// The combined hard-body radius of the conjunction, m: the first HBR comment (CARA's
    /// `COMMENT HBR = 10 [m]`, which is the combined radius, see [`hbr_from_comment`]); else
    /// the sum of the objects' 508.0-B-2 `HBR` keywords (each object's own radius; one alone
    /// when only one is given); else `None`.
    pub fn hbr_m(&self) -> Option<f64> {
        if let Some(h) = self.comments().find_map(hbr_from_comment) {
            return Some(h);
        }
        let of = |s: &ObjectSegment| s.data.additional_parameters.as_ref().and_then(|a| a.hbr_m);
        match (of(&self.object1), of(&self.object2)) {
            (Some(a), Some(b)) => Some(a + b),
            (a, b) => a.or(b),
        }
    }

    /// The two objects, object 1 first.
    pub fn objects(&self) -> [&ObjectSegment; 2] {
        [&self.object1, &self.object2]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hbr_comment_forms() {
        assert_eq!(hbr_from_comment("HBR = 10 [m]"), Some(10.0));
        assert_eq!(
            hbr_from_comment("HBR                        = 15.0"),
            Some(15.0)
        );
        assert_eq!(
            hbr_from_comment("HBR = 17.3000000000000007 [m]"),
            Some(17.3)
        );
        assert_eq!(hbr_from_comment("HBR: 0.02 km"), Some(20.0));
        assert_eq!(
            hbr_from_comment("Operator Hard Body Radius = 6.00 [m]"),
            Some(6.0)
        );
        assert_eq!(hbr_from_comment("EXCLUSION_VOLUME_RADIUS = 5 [m]"), None);
        assert_eq!(hbr_from_comment("HBR = 10 [ft]"), None);
        assert_eq!(hbr_from_comment("HBRX = 10"), None);
        assert_eq!(hbr_from_comment("Apogee Altitude = 533 [km]"), None);
    }

    #[test]
    fn detection() {
        assert_eq!(
            detect("  <?xml version=\"1.0\"?><cdm/>"),
            Some(Encoding::Xml)
        );
        assert_eq!(detect("CCSDS_CDM_VERS = 1.0"), Some(Encoding::Kvn));
        assert_eq!(detect("1 25544U"), None);
        assert!(read("garbage").is_err());
    }
}
