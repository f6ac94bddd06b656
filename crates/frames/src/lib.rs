//! Typed reference frames: a position in TEME cannot be passed where GCRF is expected.
#![deny(missing_docs)]

mod state;

pub use state::{Frame, Gcrf, Itrf, State, Teme};
