//! Collision probability of a short-term encounter (2D methods on the encounter plane) and the
//! shared description of an encounter at the time of closest approach.

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
