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
