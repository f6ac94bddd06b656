//! The day of a break-up from the planes of its fragments.
//!
//! At the instant of a break-up every fragment is at the same point, so every fragment's
//! orbital plane contains the same line through the Earth's centre. Afterwards each plane
//! precesses about the polar axis at its own J2 rate (Ω̇ ∝ −n a⁻² cos i (1−e²)⁻², Vallado,
//! *Fundamentals of Astrodynamics and Applications*, 4th ed., eq. 9-41), which differs from
//! fragment to fragment because the break-up spread their semi-major axes and inclinations.
//! Propagating the planes back, the instant at which they again share one line is the event
//! epoch; this uses only the slowly varying node and inclination, which SGP4 carries far
//! better over weeks than the along-track position. Backward propagation of a cloud to the
//! instant of its smallest dispersion is the reconstruction principle of Ottoboni, Muciaccia &
//! Colombo, "Reconstruction of in-orbit breakup events over the short term" (Politecnico di
//! Milano, 2026); using the planes alone for the day is our choice for SGP4 element sets weeks
//! old, whose along-track errors are too large for a positional dispersion measure.

use nalgebra::{Matrix3, SymmetricEigen, Vector3};
use uitkijk_propagate::Sgp4;
use uitkijk_time::{Epoch, Unit};

/// One object of a cloud, ready to propagate.
#[derive(Debug, Clone)]
pub(crate) struct Body {
    pub id: u32,
    pub sgp4: Sgp4,
    /// Anomalistic period at epoch, minutes (from the mean motion).
    pub period_min: f64,
}

impl Body {
    pub fn tsince_min(&self, t: Epoch) -> f64 {
        (t - self.sgp4.epoch()).to_seconds() / 60.0
    }

    pub fn state(&self, t: Epoch) -> Option<(Vector3<f64>, Vector3<f64>)> {
        let (r, v) = self.sgp4.propagate(self.tsince_min(t)).ok()?;
        let (r, v) = (Vector3::from(r), Vector3::from(v));
        // SGP4 can run away without an error code far from epoch (DESIGN.md): keep only
        // states of a bound orbit near the Earth.
        let rn = r.norm();
        if !(6378.0..60_000.0).contains(&rn) || v.norm() > 12.0 {
            return None;
        }
        Some((r, v))
    }

    /// The orbit-averaged direction of the angular momentum at `t`: the osculating normal
    /// averaged over one period at eight equally spaced points, which removes the J2
    /// short-period terms of node and inclination (their harmonics in the argument of latitude
    /// are of order 1 and 2) and leaves the mean plane that SGP4 precesses secularly.
    pub fn mean_normal(&self, t: Epoch) -> Option<Vector3<f64>> {
        const K: usize = 8;
        let mut sum = Vector3::zeros();
        for j in 0..K {
            let dt_min = (j as f64 + 0.5 - K as f64 / 2.0) * self.period_min / K as f64;
            let (r, v) = self.state(t + Unit::Second * (dt_min * 60.0))?;
            sum += r.cross(&v).normalize();
        }
        Some(sum.normalize())
    }
}

/// How well the planes at one instant share a common line.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PlaneFit {
    /// Mean squared sine of the angle between each kept plane and the line, rad².
    pub cost: f64,
    /// The common line (unit vector, TEME), sign arbitrary.
    pub line: Vector3<f64>,
}

/// The line closest to lying in every plane: least squares over the normals (the eigenvector
/// of Σ w n nᵀ with the smallest eigenvalue). With `scale2` > 0 the fit is robust: iteratively
/// reweighted with Cauchy weights 1/(1 + d²/scale²), and the cost is the Cauchy loss
/// scale²·mean ln(1 + d²/scale²), which a few strays (mis-tagged pieces, badly fitted element
/// sets) cannot dominate and which, unlike trimming, stays smooth in time.
pub(crate) fn fit_line(normals: &[Vector3<f64>], scale2: f64) -> Option<PlaneFit> {
    if normals.len() < 3 {
        return None;
    }
    let smallest = |w: &dyn Fn(usize) -> f64| {
        let mut m = Matrix3::zeros();
        for (i, n) in normals.iter().enumerate() {
            m += n * n.transpose() * w(i);
        }
        let eig = SymmetricEigen::new(m);
        let k = eig.eigenvalues.imin();
        eig.eigenvectors.column(k).into_owned()
    };
    let mut line = smallest(&|_| 1.0);
    if scale2 > 0.0 {
        for _ in 0..6 {
            let w: Vec<f64> = normals
                .iter()
                .map(|n| 1.0 / (1.0 + n.dot(&line).powi(2) / scale2))
                .collect();
            line = smallest(&|i| w[i]);
        }
    }
    let d2 = normals.iter().map(|n| n.dot(&line).powi(2));
    let cost = if scale2 > 0.0 {
        scale2 * d2.map(|d| (1.0 + d / scale2).ln()).sum::<f64>()
    } else {
        d2.sum::<f64>()
    } / normals.len() as f64;
    Some(PlaneFit { cost, line })
}

/// Median squared distance of the planes from their least-squares common line: the scale of
/// the robust fit.
pub(crate) fn median_d2(bodies: &[Body], t: Epoch) -> Option<f64> {
    let normals: Vec<Vector3<f64>> = bodies.iter().filter_map(|b| b.mean_normal(t)).collect();
    let fit = fit_line(&normals, 0.0)?;
    let mut d: Vec<f64> = normals.iter().map(|n| n.dot(&fit.line).powi(2)).collect();
    d.sort_by(f64::total_cmp);
    Some(d[d.len() / 2])
}

/// The plane fit of a cloud at `t` (fragments whose propagation fails there are left out).
pub(crate) fn fit_at(bodies: &[Body], t: Epoch, scale2: f64) -> Option<PlaneFit> {
    use rayon::prelude::*;
    let normals: Vec<Vector3<f64>> = bodies.par_iter().filter_map(|b| b.mean_normal(t)).collect();
    if normals.len() * 2 < bodies.len() {
        return None;
    }
    fit_line(&normals, scale2)
}
