//! The catalog: what is known about each object in orbit.
//!
//! A [`Catalog`] holds every element set it was given, de-duplicated, as a history per object
//! (sorted by epoch), and answers "the latest element set of each object" and filters by
//! catalog number, COSPAR designator, name and object type. [`load`] reads files or stdin in
//! any supported encoding, compressed or not.
//!
//! ```
//! use uitkijk_catalog::{Catalog, Filter};
//! let text = "0 ISS (ZARYA)\n\
//! 1 25544U 98067A   08264.51782528 -.00002182  00000-0 -11606-4 0  2927\n\
//! 2 25544  51.6416 247.4627 0006703 130.5360 325.0288 15.72125391563537\n";
//! let parsed = uitkijk_formats::tle::read(text);
//! let catalog = Catalog::from_sets(parsed.sets);
//! let iss = catalog.latest(25544).unwrap();
//! assert_eq!(iss.object_name.as_deref(), Some("ISS (ZARYA)"));
//! assert_eq!(catalog.select(&Filter::default().name("zarya")).len(), 1);
//! ```
#![deny(missing_docs)]

mod catalog;
mod filter;
pub mod load;

pub use catalog::{object_type_of, Catalog};
pub use filter::Filter;
pub use load::{load, read_input, LoadError, Source};
