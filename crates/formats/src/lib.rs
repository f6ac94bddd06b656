//! Readers and writers for the formats that carry orbital mean elements.
#![deny(missing_docs)]

mod elements;

pub use elements::ElementSet;
