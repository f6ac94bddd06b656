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
