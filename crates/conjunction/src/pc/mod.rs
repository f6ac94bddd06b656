//! Collision probability of a short-term encounter (2D methods on the encounter plane) and the
//! shared description of an encounter at the time of closest approach.
//!
//! Front door: [`pc_2d`]`(method, &primary, &secondary, hbr_km, shape)` → [`PcValue`] (Pc with
//! its diagnostics: NPD detected, eigenvalue clipping applied, Laas bounds, the principal
//! geometry) and [`max_pc()`] (maximum over a scale factor on the combined covariance). Both
//! objects are [`ObjectAtTca`] in one inertial frame; CDM RTN covariances (m²) go through
//! [`cov_m2_to_km2`] and [`rtn_to_inertial_cov`] first. The plane convention is in
//! [`encounter`].
//!
//! | CLI name | method | reference |
//! |---|---|---|
//! | `foster` | exact integral over the disc at the projected miss (also squares) | Foster & Estes 1992 |
//! | `cara` | NASA CARA `PcCircle.m`: disc at the full miss, 64-point Gauss–Chebyshev | CARA_Analysis_Tools |
//! | `chan` | equal-area series | Chan 1997 / 2008 |
//! | `alfano` | Simpson integration | Alfano 2005 |
//! | `patera` | contour integral | Patera 2005 |
//! | `laas` | Laplace-transform power series with bounds | Serra et al. 2016 |
//! | `alfriend` | constant density over the disc, eq. 18 | Alfriend et al. 1999 |
//! | `alfriend-max` | maximum over covariance scale, eq. 21 | Alfriend et al. 1999 |

use nalgebra::{Matrix6, Vector3};

/// One object at the time of closest approach: position, velocity and their 6×6 covariance,
/// all in one inertial frame (the same for both objects of an encounter: GCRF/EME2000/TEME).
///
/// Units are the crate's: km, km/s; the covariance in km², km²/s and km²/s², ordered
/// x, y, z, vx, vy, vz.
#[derive(Debug, Clone, PartialEq)]
pub struct ObjectAtTca {
    pub position_km: Vector3<f64>,
    pub velocity_km_s: Vector3<f64>,
    pub covariance: Matrix6<f64>,
}

pub mod alfano;
pub mod alfriend;
pub mod cara;
pub mod chan;
pub mod encounter;
pub mod foster;
pub mod laas;
pub mod max_pc;
pub mod patera;
mod quad;
pub mod special;
mod two_d;

pub use encounter::{
    cov_m2_to_km2, inertial_to_rtn_cov, rtn_axes, rtn_to_inertial_cov, EncounterPlane,
};
pub use max_pc::{max_pc, max_pc_on_plane, MaxPc};
pub use two_d::{
    pc_2d, pc_2d_on_plane, principal_axes, HbrShape, Method2d, PcError, PcValue, PrincipalPlane,
};
