//! Conjunction assessment for Uitkijk: screening of a catalog for close approaches, the
//! encounter geometry at the time of closest approach, collision probability by every method
//! the field uses, the default covariance model for element-set states, and avoidance options.

pub mod avoid;
pub mod cdm_input;
pub mod covariance_model;
pub mod pc;
pub mod pc3d;
pub mod screen;
