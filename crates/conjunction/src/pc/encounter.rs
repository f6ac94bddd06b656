//! Encounter (conjunction) plane of a short-term encounter, and RTN ↔ inertial covariance
//! rotation.
//!
//! Axis convention (the same as NASA CARA's `PcCircle.m` / `Pc2D_Foster.m`, and the
//! B-plane of Foster & Estes 1992, JSC-25898): with r = r₂ − r₁ and v = v₂ − v₁ (secondary
//! minus primary, in the common inertial frame),
//! * ŷ = v/|v| is the normal of the encounter plane (along the relative velocity);
//! * ẑ = (r × v)/|r × v| is normal to the relative trajectory;
//! * x̂ = ŷ × ẑ lies along the miss vector's component perpendicular to v.
//!
//! The plane's 2D coordinates are (x, z): the projected miss is (|r⊥|, 0) with x ≥ 0, and
//! the 2×2 covariance is the (x, z) block of the combined position covariance rotated into
//! (x̂, ŷ, ẑ). Swapping primary and secondary gives the same plane quantities.

use nalgebra::{Matrix2, Matrix3, Matrix6, Vector2, Vector3};

use super::{ObjectAtTca, PcError};

/// An encounter projected on the plane normal to the relative velocity.
#[derive(Debug, Clone, PartialEq)]
pub struct EncounterPlane {
    /// Miss vector on the plane, (x, z) in the module's axis convention: (|r⊥|, 0), km.
    pub miss_km: Vector2<f64>,
    /// Full 3D miss distance |r₂ − r₁| at the given states, km (CARA centres its disc at
    /// this distance; it equals |miss_km| when the states are exactly at TCA).
    pub miss_3d_km: f64,
    /// Combined position covariance on the plane, (x, z) axes, km².
    pub covariance_km2: Matrix2<f64>,
    /// |v₂ − v₁|, km/s.
    pub rel_speed_km_s: f64,
    /// Rows x̂, ŷ, ẑ of the rotation from the inertial frame to the encounter frame.
    pub inertial_to_encounter: Matrix3<f64>,
}

fn check_finite(v: &[f64], what: &'static str) -> Result<(), PcError> {
    if v.iter().all(|x| x.is_finite()) {
        Ok(())
    } else {
        Err(PcError::NonFinite(what))
    }
}

impl EncounterPlane {
    /// Builds the plane from the two objects (same inertial frame, km, km/s, km²). Only the
    /// 3×3 position blocks of the covariances are used (the 2D short-term model).
    pub fn new(primary: &ObjectAtTca, secondary: &ObjectAtTca) -> Result<Self, PcError> {
        for (o, w) in [(primary, "primary"), (secondary, "secondary")] {
            check_finite(o.position_km.as_slice(), w)?;
            check_finite(o.velocity_km_s.as_slice(), w)?;
            check_finite(o.covariance.as_slice(), w)?;
        }
        let r = secondary.position_km - primary.position_km;
        let v = secondary.velocity_km_s - primary.velocity_km_s;
        let cov: Matrix3<f64> = primary.covariance.fixed_view::<3, 3>(0, 0)
            + secondary.covariance.fixed_view::<3, 3>(0, 0);
        Self::from_relative(r, v, &cov, primary.position_km + secondary.position_km)
    }

    /// Builds the plane from relative position/velocity (secondary − primary) and the
    /// combined 3×3 position covariance. `reference_km` (any position not parallel to v,
    /// e.g. r₁ + r₂) orients ẑ when the miss is zero.
    pub fn from_relative(
        r: Vector3<f64>,
        v: Vector3<f64>,
        combined_cov_km2: &Matrix3<f64>,
        reference_km: Vector3<f64>,
    ) -> Result<Self, PcError> {
        check_finite(r.as_slice(), "relative position")?;
        check_finite(v.as_slice(), "relative velocity")?;
        check_finite(combined_cov_km2.as_slice(), "covariance")?;
        let speed = v.norm();
        if speed == 0.0 {
            return Err(PcError::ZeroRelativeVelocity);
        }
        let y = v / speed;
        let h = r.cross(&v);
        let z = if h.norm() > 1e-12 * r.norm() * speed && h.norm() > 0.0 {
            h.normalize()
        } else {
            // Zero (or along-track only) miss: the plane orientation is free; use the
            // reference position as CARA does for its zero-miss perturbation.
            let mut n = reference_km.cross(&v);
            if n.norm() == 0.0 {
                // Any vector not parallel to v.
                let e = if y.x.abs() < 0.9 {
                    Vector3::x()
                } else {
                    Vector3::y()
                };
                n = e.cross(&v);
            }
            n.normalize()
        };
        let x = y.cross(&z);
        let rot = Matrix3::from_rows(&[x.transpose(), y.transpose(), z.transpose()]);
        let c = rot * combined_cov_km2 * rot.transpose();
        let cov2 = Matrix2::new(c[(0, 0)], c[(0, 2)], c[(2, 0)], c[(2, 2)]);
        // Symmetrise: the rotation can leave a 1-ulp asymmetry.
        let cov2 = 0.5 * (cov2 + cov2.transpose());
        let rx = r.dot(&x);
        let rz = r.dot(&z);
        Ok(Self {
            miss_km: Vector2::new(rx, rz),
            miss_3d_km: r.norm(),
            covariance_km2: cov2,
            rel_speed_km_s: speed,
            inertial_to_encounter: rot,
        })
    }
}

/// Rotation matrix whose columns are R̂, T̂, N̂ of an object's RTN frame (R = r/|r|,
/// N = (r × v)/|r × v|, T = N × R) expressed in the inertial frame of the state.
pub fn rtn_axes(position_km: &Vector3<f64>, velocity_km_s: &Vector3<f64>) -> Matrix3<f64> {
    let r = position_km.normalize();
    let n = position_km.cross(velocity_km_s).normalize();
    let t = n.cross(&r);
    Matrix3::from_columns(&[r, t, n])
}

fn block_rotation(q: &Matrix3<f64>) -> Matrix6<f64> {
    let mut t = Matrix6::zeros();
    t.fixed_view_mut::<3, 3>(0, 0).copy_from(q);
    t.fixed_view_mut::<3, 3>(3, 3).copy_from(q);
    t
}

/// Rotates a 6×6 covariance given in the object's RTN frame (as a CDM carries it, order
/// R, T, N, Ṙ, Ṫ, Ṅ) to the inertial frame of the state. A pure rotation of both blocks:
/// the frame's rotation rate is not applied to the velocity block, which is how CDM RTN
/// covariances are exchanged (CCSDS 508.0-B-1 §3.5; Orekit `LOFType.QSW_INERTIAL`; CARA's
/// `RIC2ECI`). Units are unchanged (convert CDM m² with [`cov_m2_to_km2`]).
pub fn rtn_to_inertial_cov(
    position_km: &Vector3<f64>,
    velocity_km_s: &Vector3<f64>,
    cov_rtn: &Matrix6<f64>,
) -> Matrix6<f64> {
    let t = block_rotation(&rtn_axes(position_km, velocity_km_s));
    t * cov_rtn * t.transpose()
}

/// Inverse of [`rtn_to_inertial_cov`].
pub fn inertial_to_rtn_cov(
    position_km: &Vector3<f64>,
    velocity_km_s: &Vector3<f64>,
    cov_inertial: &Matrix6<f64>,
) -> Matrix6<f64> {
    let t = block_rotation(&rtn_axes(position_km, velocity_km_s));
    t.transpose() * cov_inertial * t
}

/// CDM covariance (m², m²/s, m²/s²) to the crate's units (km², km²/s, km²/s²).
pub fn cov_m2_to_km2(cov_m2: &Matrix6<f64>) -> Matrix6<f64> {
    cov_m2 * 1e-6
}
