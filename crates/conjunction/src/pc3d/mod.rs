//! Collision probability beyond the short-encounter (2D) assumption:
//!
//! * [`nc3d_hall`] — Hall's 3D-Nc expected number of collisions (JSR 2021), with two-body
//!   mean motion and equinoctial-element uncertainty mapped along the trajectories;
//! * [`pc_monte_carlo`] — two-body Monte Carlo with a Clopper–Pearson interval, seeded and
//!   independent of the thread count;
//! * [`kepler`] — the two-body machinery both use: universal-variable propagation with its
//!   state-transition matrix, and CARA's equinoctial elements with their Jacobians.
//!
//! Inputs are [`ObjectAtTca`]s (km, km/s, 6×6 covariance in km and s, one inertial frame).

// `!(x > 0.0)` is used on purpose throughout: it rejects NaN along with non-positive values.
#![allow(clippy::neg_cmp_op_on_partial_ord)]

pub mod dual;
mod hall;
pub mod kepler;
mod montecarlo;
pub mod special;

pub use crate::pc::ObjectAtTca;
pub use hall::{nc3d_hall, Hall3dOptions, Hall3dResult};
pub use kepler::TwoBodyError;
pub use montecarlo::{
    pc_monte_carlo, MonteCarloOptions, MonteCarloResult, SampleSpace, TrialCount, CHUNK,
};

/// Why a 3D or Monte Carlo Pc could not be computed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Pc3dError {
    #[error("hard-body radius must be positive and finite, got {0} m")]
    BadHbr(f64),
    #[error("{object}: {what} is not finite")]
    NonFinite {
        object: &'static str,
        what: &'static str,
    },
    #[error("{object}: covariance is not symmetric (element ({row},{col}))")]
    Asymmetric {
        object: &'static str,
        row: usize,
        col: usize,
    },
    #[error("{object}: covariance has a negative variance on the diagonal (element {index})")]
    NegativeVariance { object: &'static str, index: usize },
    #[error("{object}: {source}")]
    Orbit {
        object: &'static str,
        source: TwoBodyError,
    },
    #[error("invalid time window [{start_s}, {end_s}] s")]
    BadWindow { start_s: f64, end_s: f64 },
    #[error("invalid option: {0}")]
    BadOption(&'static str),
}

fn validate(o: &ObjectAtTca, object: &'static str) -> Result<(), Pc3dError> {
    if o.position_km.iter().any(|x| !x.is_finite()) {
        return Err(Pc3dError::NonFinite {
            object,
            what: "position",
        });
    }
    if o.velocity_km_s.iter().any(|x| !x.is_finite()) {
        return Err(Pc3dError::NonFinite {
            object,
            what: "velocity",
        });
    }
    let c = &o.covariance;
    if c.iter().any(|x| !x.is_finite()) {
        return Err(Pc3dError::NonFinite {
            object,
            what: "covariance",
        });
    }
    for i in 0..6 {
        if c[(i, i)] < 0.0 {
            return Err(Pc3dError::NegativeVariance { object, index: i });
        }
        for j in 0..i {
            let scale = (c[(i, i)] * c[(j, j)]).sqrt();
            // Printed covariances (Alfano 2009 tables) are symmetric only to their digits; the
            // methods use the symmetric part, so only a gross asymmetry is refused.
            if (c[(i, j)] - c[(j, i)]).abs() > 1e-3 * scale.max(f64::MIN_POSITIVE) {
                return Err(Pc3dError::Asymmetric {
                    object,
                    row: i,
                    col: j,
                });
            }
        }
    }
    Ok(())
}

pub(crate) fn validate_pair(p: &ObjectAtTca, s: &ObjectAtTca) -> Result<(), Pc3dError> {
    validate(p, "primary")?;
    validate(s, "secondary")
}
