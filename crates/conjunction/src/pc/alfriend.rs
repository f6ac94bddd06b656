//! Alfriend, Akella, Frisbee, Foster, Lee & Wilkins, "Probability of collision error
//! analysis", Space Debris 1(1), 21–35 (1999).
//!
//! * eq. 18: density taken constant over the disc, Pc ≈ R²/(2√det C)·exp(−d²/2), d the
//!   Mahalanobis distance of the miss on the encounter plane;
//! * eq. 21: its maximum over a scale k² on the covariance (k² = d²/2, eq. 19–20),
//!   Pc_max = R²/(e·d²·√det C).

use std::f64::consts::E;

/// Squared Mahalanobis distance of the miss on principal axes.
pub fn mahalanobis_sq(xm: f64, ym: f64, sx: f64, sy: f64) -> f64 {
    (xm / sx).powi(2) + (ym / sy).powi(2)
}

/// Alfriend 1999 eq. 18. Capped at 1: for a disc large against the sigmas the
/// constant-density approximation no longer holds and would exceed a probability.
pub fn pc_alfriend1999(xm: f64, ym: f64, sx: f64, sy: f64, r: f64) -> f64 {
    let d2 = mahalanobis_sq(xm, ym, sx, sy);
    (r * r / (2.0 * sx * sy) * (-0.5 * d2).exp()).min(1.0)
}

/// Alfriend 1999 eq. 21 (maximum over covariance scale, small-disc approximation).
/// Capped at 1: for a (near-)zero miss the formula diverges, the true maximum being 1 as
/// the covariance shrinks onto a miss inside the disc.
pub fn pc_alfriend1999_max(xm: f64, ym: f64, sx: f64, sy: f64, r: f64) -> f64 {
    let d2 = mahalanobis_sq(xm, ym, sx, sy);
    (r * r / (E * d2 * sx * sy)).min(1.0)
}
