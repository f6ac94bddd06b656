//! SGP4/SDP4 for Uitkijk: the propagator of the NORAD/Space Force mean element sets (TLE,
//! OMM), as revised by Vallado, Crawford, Hujsak & Kelso, "Revisiting Spacetrack Report #3",
//! AIAA 2006-6753.
//!
//! [`Sgp4::new`] turns an [`ElementSet`](uitkijk_formats::ElementSet) into constants once;
//! [`Sgp4::propagate`] gives the TEME position (km) and velocity (km/s) at a time in minutes
//! from the element epoch, or the reference's error for that time ([`Sgp4Error`]).
//!
//! The theory and its assumptions:
//! - WGS-72 constants and the "improved" operation mode (`opsmode = 'i'`, IAU-82 sidereal
//!   time) of the reference code, which is what python-sgp4 and Vallado's verification output
//!   use.
//! - Near-earth orbits (period < 225 min) use SGP4, with the truncated drag equations when
//!   the perigee is below 220 km; deep-space orbits use SDP4 with lunar-solar periodics and
//!   secular rates and, for 12-hour and 24-hour periods, the Earth-resonance integrator.
//! - Each call is independent: the resonance integrator restarts from epoch, which gives the
//!   reference's numbers exactly, and an error at one time says nothing about the next.
//! - Element sets of ephemeris type 4 (SGP4-XP) are refused.
//!
//! ```
//! use uitkijk_formats::ElementSet;
//! use uitkijk_propagate::Sgp4;
//!
//! // Vanguard 1 (catalog 5), the first case of Vallado's verification set.
//! let elements = ElementSet {
//!     object_name: None,
//!     object_id: Some("1958-002B".into()),
//!     norad_id: 5,
//!     object_type: None,
//!     classification: 'U',
//!     epoch: uitkijk_time::epoch_from_tle(0, 179.78495062).unwrap(),
//!     mean_motion_rev_day: 10.82419157,
//!     eccentricity: 0.1859667,
//!     inclination_deg: 34.2682,
//!     raan_deg: 348.7242,
//!     arg_perigee_deg: 331.7664,
//!     mean_anomaly_deg: 19.3264,
//!     mean_motion_dot_rev_day2: 0.00000023,
//!     mean_motion_ddot_rev_day3: 0.0,
//!     bstar_per_er: 0.28098e-4,
//!     ephemeris_type: 0,
//!     element_set_no: 475,
//!     rev_at_epoch: 41366,
//! };
//! let sgp4 = Sgp4::new(&elements).unwrap();
//! let (r_km, v_km_s) = sgp4.propagate(360.0).unwrap();
//! // tcppver.out: -7154.03120202 -3783.17682504 -3536.19412294 4.741887409 -4.151817765 -2.093935425
//! assert!((r_km[0] - -7154.03120202).abs() < 1e-6);
//! assert!((v_km_s[2] - -2.093935425).abs() < 1e-9);
//! ```
#![deny(missing_docs)]

mod batch;
mod error;
mod init;
mod model;
pub mod numerical;
mod propagate;
mod wgs72;

pub use batch::{Kernel, Prediction, Sgp4Batch};
pub use error::{Sgp4Error, Sgp4ErrorKind};
pub use init::brouwer_mean_motion_rad_min;
pub use model::Sgp4;
pub use propagate::MeanOrbit;

#[cfg(test)]
mod tests;
