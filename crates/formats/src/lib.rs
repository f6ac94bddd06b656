//! Readers and writers for the formats that carry orbital mean elements: TLE and 3LE (with
//! Alpha-5 catalog numbers), and CCSDS OMM in KVN and XML plus the CelesTrak/Space-Track GP
//! JSON and CSV forms.
//!
//! Every reader returns [`ElementSet`]s and, for what it could not read, a [`FormatError`]
//! naming the line and the field. Readers never panic, whatever bytes they are given.
#![deny(missing_docs)]

mod elements;
mod error;
pub mod omm;
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
