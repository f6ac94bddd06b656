//! Readers and writers for the formats that carry orbital mean elements: TLE and 3LE (with
//! Alpha-5 catalog numbers), and CCSDS OMM in KVN and XML plus the CelesTrak/Space-Track GP
//! JSON and CSV forms.
//!
//! Every reader returns [`ElementSet`]s and, for what it could not read, a [`FormatError`]
//! naming the line and the field. Readers never panic, whatever bytes they are given.
#![deny(missing_docs)]

pub mod cdm;
mod elements;
mod error;
pub mod omm;
pub mod satcat;
mod text;
pub mod tle;

pub use elements::{ElementSet, ObjectType};
pub use error::{FormatError, FormatErrorKind};

/// What a reader got from one input: the element sets it could read, in input order, and an
/// error for each record it could not.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Parsed {
    /// Element sets read, in input order (two may share a catalog number).
    pub sets: Vec<ElementSet>,
    /// One error per record that was skipped.
    pub errors: Vec<FormatError>,
    /// Problems in records that were kept (a TLE checksum that does not match); `--strict`
    /// makes them errors.
    pub warnings: Vec<FormatError>,
}

/// The encodings [`read_any`] recognises.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// TLE or 3LE.
    Tle,
    /// CCSDS OMM in one of its encodings (KVN, XML, GP JSON, GP CSV).
    Omm(omm::Encoding),
}

/// Which encoding `text` is in, from its first meaningful characters: an OMM encoding when
/// [`omm::detect`] recognises one, else TLE/3LE when some line starts like a TLE line.
pub fn detect(text: &str) -> Option<Encoding> {
    if let Some(e) = omm::detect(text) {
        return Some(Encoding::Omm(e));
    }
    let tle_like = text
        .lines()
        .any(|l| l.starts_with("1 ") || l.starts_with("2 "));
    (text.trim().is_empty() || tle_like).then_some(Encoding::Tle)
}

/// Read element sets from `text` in whichever supported encoding it is. Fails only when the
/// encoding cannot be recognised; bad records inside are reported in [`Parsed::errors`].
pub fn read_any(text: &str) -> Result<Parsed, FormatError> {
    match detect(text) {
        Some(Encoding::Tle) => Ok(tle::read(text)),
        Some(Encoding::Omm(_)) => Ok(omm::read(text)),
        None => Err(FormatError::new(
            1,
            "content",
            FormatErrorKind::UnknownFormat,
        )),
    }
}

/// Write element sets in `encoding`; `names` asks for 3LE name lines when writing TLEs.
/// Fails on the first set the encoding cannot carry (a catalog number above 339 999 in a
/// TLE); every OMM encoding carries every set.
pub fn write_any(
    encoding: Encoding,
    sets: &[ElementSet],
    names: bool,
) -> Result<String, FormatError> {
    match encoding {
        Encoding::Tle => tle::write(sets, names),
        Encoding::Omm(e) => Ok(omm::write(sets, e)),
    }
}
