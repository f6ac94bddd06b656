//! Hall's 3D-Nc method: the expected number of collisions of one conjunction, integrated
//! over time from the collision rate of two curvilinear (two-body) trajectories whose
//! uncertainty is Gaussian in equinoctial elements at TCA.
//!
//! Sources: D. T. Hall, "Expected Collision Rates for Tracked Satellites", JSR 58(3),
//! 715–728, 2021 (hereafter H21); V. T. Coppola, AAS 12-247 ("C12a", the unit-sphere flux
//! integral with velocity dispersion) and AAS 12-248 ("C12b", conjunction time bounds);
//! NASA CARA's `Pc3D_Hall.m` / `PeakOverlapPos.m` (NOSA), whose numerical choices are
//! followed where they change the answer: equinoctial linearisation about the peak overlap
//! point (H21 §III), eigenvalue clipping at (1e-4·HBR)², the retrograde frame reorientation,
//! and the conjunction segment bounded by the range maxima either side of TCA. Time
//! integration and the unit-sphere quadrature are our own (adaptive Simpson; split
//! Gauss–Legendre × trapezoid grid oriented along the relative velocity), chosen to be at
//! least as accurate as CARA's trapezoid / 5810-point Lebedev rules.

use super::kepler::{self, cartesian_to_equinoctial, equinoctial_state_and_jacobian};
use super::special::{erfc, erfc_inv, gauss_legendre};
use super::{validate_pair, Pc3dError};
use crate::pc::ObjectAtTca;
use nalgebra::{Matrix3, Matrix6, SymmetricEigen, Vector3, Vector6};
use rayon::prelude::*;
use std::f64::consts::{PI, TAU};

/// Options of [`nc3d_hall`]. `Default` reproduces CARA's defaults.
#[derive(Debug, Clone, PartialEq)]
pub struct Hall3dOptions {
    /// GM of the central body (km³/s²); EGM-96 by default as in CARA.
    pub gm_km3_s2: f64,
    /// Integration window relative to TCA (s). `None`: CARA's automatic choice — start at
    /// Coppola's bounds for `gamma`, widen while the rate at an edge is significant, never
    /// beyond the two-body range maxima either side of TCA (or half the shorter period).
    /// `Some((a, b))`: integrate exactly over [a, b] (CARA's `Tmin/Tmax_limit` with
    /// `Tmin/Tmax_initial` set to the same values, as used for Alfano's 2009 cases).
    pub window_s: Option<(f64, f64)>,
    /// Number of equally spaced rate evaluations before adaptive refinement.
    pub initial_points: usize,
    /// Relative tolerance of the adaptive time integration.
    pub rel_tol: f64,
    /// C12b's γ for the initial conjunction bounds (CARA default 1e-16).
    pub gamma: f64,
    /// Maximum peak-overlap-position iterations (CARA default 100; 1 gives Coppola 2012).
    pub pop_max_iter: usize,
    /// Gauss–Legendre points per hemisphere (polar) and trapezoid points (azimuth) of the
    /// unit-sphere rule.
    pub sphere_polar_points: usize,
    pub sphere_azimuth_points: usize,
    /// Budget of collision-rate evaluations for the adaptive time integration.
    pub max_evaluations: usize,
}

impl Default for Hall3dOptions {
    fn default() -> Self {
        Hall3dOptions {
            gm_km3_s2: kepler::GM_EARTH_KM3_S2,
            window_s: None,
            initial_points: 101,
            rel_tol: 1e-5,
            gamma: 1e-16,
            pop_max_iter: 100,
            sphere_polar_points: 64,
            sphere_azimuth_points: 128,
            max_evaluations: 20_000,
        }
    }
}

/// Result of [`nc3d_hall`].
#[derive(Debug, Clone, PartialEq)]
pub struct Hall3dResult {
    /// Expected number of collisions Nc (= Pc for an isolated conjunction), clipped to 1.
    pub nc: f64,
    /// False when the peak-overlap iteration failed next to a significant rate; `nc` is
    /// then a lower estimate (CARA returns NaN in that case).
    pub converged: bool,
    /// Integration window actually used, relative to TCA (s).
    pub start_s: f64,
    pub end_s: f64,
    /// Time of the largest collision rate, relative to TCA (s).
    pub peak_time_s: f64,
    /// Number of collision-rate evaluations.
    pub evaluations: usize,
    /// Evaluations whose peak-overlap iteration did not converge (rate taken as 0).
    pub pop_failures: usize,
    /// True when the frame was rotated because an orbit is (near) equatorial retrograde.
    pub reoriented: bool,
}

/// MD² above which exp(−MD²/2) is exactly 0 in f64 (CARA's `MD2cut`).
const MD2_CUT: f64 = 1491.0;

/// Hall (2021) 3D-Nc expected number of collisions for two objects at TCA.
///
/// Covariances are taken as given (not remediated); a non-positive-definite position
/// covariance is handled as CARA does, by clipping eigenvalues below (1e-4·HBR)² in the
/// relative position covariance, so a degenerate direction behaves like a sharp (but
/// finite) distribution instead of producing NaN.
pub fn nc3d_hall(
    primary: &ObjectAtTca,
    secondary: &ObjectAtTca,
    hbr_m: f64,
    opts: &Hall3dOptions,
) -> Result<Hall3dResult, Pc3dError> {
    validate_pair(primary, secondary)?;
    if !(hbr_m > 0.0) || !hbr_m.is_finite() {
        return Err(Pc3dError::BadHbr(hbr_m));
    }
    if opts.initial_points < 3 || !(opts.rel_tol > 0.0) || !(opts.gamma > 0.0 && opts.gamma < 1.0) {
        return Err(Pc3dError::BadOption(
            "initial_points >= 3, rel_tol > 0, 0 < gamma < 1",
        ));
    }
    if opts.sphere_polar_points < 2 || opts.sphere_azimuth_points < 4 {
        return Err(Pc3dError::BadOption("sphere rule too small"));
    }
    if let Some((a, b)) = opts.window_s {
        if !(a < b) || !a.is_finite() || !b.is_finite() {
            return Err(Pc3dError::BadWindow {
                start_s: a,
                end_s: b,
            });
        }
    }
    let enc = Encounter::new(primary, secondary, hbr_m * 1e-3, opts)?;
    enc.integrate(opts)
}

pub(crate) fn pack(o: &ObjectAtTca) -> Vector6<f64> {
    Vector6::new(
        o.position_km[0],
        o.position_km[1],
        o.position_km[2],
        o.velocity_km_s[0],
        o.velocity_km_s[1],
        o.velocity_km_s[2],
    )
}

/// Rotation CARA applies when either orbit is within 1e-6 of equatorial retrograde:
/// new axes (ŷ, ẑ, x̂) of the old frame, so that prograde equinoctial elements exist.
pub(crate) fn retrograde_rotation(x1: &Vector6<f64>, x2: &Vector6<f64>) -> Option<Matrix3<f64>> {
    let retro = |x: &Vector6<f64>| {
        let h = Vector3::new(x[0], x[1], x[2]).cross(&Vector3::new(x[3], x[4], x[5]));
        1.0 + h[2] / h.norm() < 1e-6
    };
    (retro(x1) || retro(x2)).then(|| Matrix3::new(0.0, 1.0, 0.0, 0.0, 0.0, 1.0, 1.0, 0.0, 0.0))
}

pub(crate) fn rotate6(m3: &Matrix3<f64>) -> Matrix6<f64> {
    let mut m = Matrix6::zeros();
    m.fixed_view_mut::<3, 3>(0, 0).copy_from(m3);
    m.fixed_view_mut::<3, 3>(3, 3).copy_from(m3);
    m
}

/// Equinoctial mean elements and covariance at TCA of one object (CARA EquinoctialMatrices).
pub(crate) struct EqObject {
    pub e0: [f64; 6],
    pub q: Matrix6<f64>,
    pub period_s: f64,
}

impl EqObject {
    pub(crate) fn new(
        x: &Vector6<f64>,
        p: &Matrix6<f64>,
        gm: f64,
        which: &'static str,
    ) -> Result<Self, Pc3dError> {
        let e0 = cartesian_to_equinoctial(x, gm).map_err(|source| Pc3dError::Orbit {
            object: which,
            source,
        })?;
        let (_, j) =
            equinoctial_state_and_jacobian(&e0, 0.0, gm).map_err(|source| Pc3dError::Orbit {
                object: which,
                source,
            })?;
        let k = j.try_inverse().ok_or(Pc3dError::Orbit {
            object: which,
            source: kepler::TwoBodyError::BadState,
        })?;
        let q = k * p * k.transpose();
        let q = 0.5 * (q + q.transpose());
        let period_s = TAU / e0[0];
        Ok(EqObject { e0, q, period_s })
    }
}

/// Inverse and determinant of a symmetric 3×3 after clipping eigenvalues below `lclip`.
fn clipped_inverse(a: &Matrix3<f64>, lclip: f64) -> (Matrix3<f64>, f64) {
    let eig = SymmetricEigen::new(*a);
    let mut det = 1.0;
    let mut inv_l = Vector3::zeros();
    for i in 0..3 {
        let l = eig.eigenvalues[i].max(lclip);
        det *= l;
        inv_l[i] = 1.0 / l;
    }
    let v = eig.eigenvectors;
    (v * Matrix3::from_diagonal(&inv_l) * v.transpose(), det)
}

/// Wrapped difference of two angles as CARA forms it, asin(sin(a − b)).
fn angle_diff(a: f64, b: f64) -> f64 {
    (a.sin() * b.cos() - a.cos() * b.sin())
        .clamp(-1.0, 1.0)
        .asin()
}

fn pos(x: &Vector6<f64>) -> Vector3<f64> {
    Vector3::new(x[0], x[1], x[2])
}
fn vel(x: &Vector6<f64>) -> Vector3<f64> {
    Vector3::new(x[3], x[4], x[5])
}

#[derive(Debug, Clone, Copy)]
struct RatePoint {
    ncdot: f64,
    /// ln of the small-HBR rate (H21 eq. 40 form, never underflows): guides the search
    /// for rate peaks narrower than the sampling; −∞ where the iteration failed.
    log_proxy: f64,
    converged: bool,
}

struct Encounter {
    p: EqObject,
    s: EqObject,
    h_km: f64,
    lclip: f64,
    gm: f64,
    pop_max_iter: usize,
    /// Unit-sphere rule: (u, weight) along the pole, azimuth count.
    polar: Vec<(f64, f64)>,
    n_az: usize,
    /// Relative state and covariance at TCA (for Coppola's bounds).
    rel_r: Vector3<f64>,
    rel_v: Vector3<f64>,
    rel_a: Matrix3<f64>,
    reoriented: bool,
}

impl Encounter {
    fn new(
        primary: &ObjectAtTca,
        secondary: &ObjectAtTca,
        h_km: f64,
        opts: &Hall3dOptions,
    ) -> Result<Self, Pc3dError> {
        let gm = opts.gm_km3_s2;
        let (mut x1, mut x2) = (pack(primary), pack(secondary));
        let (mut c1, mut c2) = (primary.covariance, secondary.covariance);
        let rot = retrograde_rotation(&x1, &x2);
        if let Some(m3) = &rot {
            let m6 = rotate6(m3);
            x1 = m6 * x1;
            x2 = m6 * x2;
            c1 = m6 * c1 * m6.transpose();
            c2 = m6 * c2 * m6.transpose();
        }
        let p = EqObject::new(&x1, &c1, gm, "primary")?;
        let s = EqObject::new(&x2, &c2, gm, "secondary")?;
        // Split Gauss–Legendre in u = cos(angle to the relative velocity): the flux factor
        // has a kink at u = 0 when the velocity dispersion is small.
        let (gx, gw) = gauss_legendre(opts.sphere_polar_points);
        let mut polar = Vec::with_capacity(2 * gx.len());
        for (x, w) in gx.iter().zip(&gw) {
            polar.push((0.5 * (x - 1.0), 0.5 * w));
            polar.push((0.5 * (x + 1.0), 0.5 * w));
        }
        let c = c1 + c2;
        Ok(Encounter {
            p,
            s,
            h_km,
            lclip: (1e-4 * h_km).powi(2),
            gm,
            pop_max_iter: opts.pop_max_iter,
            polar,
            n_az: opts.sphere_azimuth_points,
            rel_r: pos(&x2) - pos(&x1),
            rel_v: vel(&x2) - vel(&x1),
            rel_a: c.fixed_view::<3, 3>(0, 0).into_owned(),
            reoriented: rot.is_some(),
        })
    }

    /// Coppola (2012b) eqs. 12–16 conjunction bounds (tau0, tau1) for γ; infinite when the
    /// relative velocity vanishes.
    fn coppola_bounds(&self, gamma: f64) -> (f64, f64) {
        let v0 = self.rel_v.norm();
        if v0 < 100.0 * f64::EPSILON {
            return (f64::NEG_INFINITY, f64::INFINITY);
        }
        let xh = self.rel_v / v0;
        let mut yh = self.rel_r - xh * xh.dot(&self.rel_r);
        if yh.norm() == 0.0 {
            // Zero miss: any direction normal to the velocity serves.
            yh = if xh[0].abs() < 0.9 {
                Vector3::x()
            } else {
                Vector3::y()
            };
            yh -= xh * xh.dot(&yh);
        }
        let yh = yh.normalize();
        let zh = xh.cross(&yh);
        let rot = Matrix3::from_rows(&[xh.transpose(), yh.transpose(), zh.transpose()]);
        let re = rot * self.rel_r;
        let ae = rot * self.rel_a * rot.transpose();
        let eta2 = ae[(0, 0)];
        let w = nalgebra::Vector2::new(ae[(1, 0)], ae[(2, 0)]);
        let pc = ae.fixed_view::<2, 2>(1, 1).into_owned();
        let Some(pci) = pc.try_inverse() else {
            return (f64::NEG_INFINITY, f64::INFINITY);
        };
        let b = pci * w;
        let sv2 = (2.0 * (eta2 - b.dot(&w))).max(0.0).sqrt();
        let q0 = b.dot(&nalgebra::Vector2::new(re[1], re[2]));
        let btb = b.dot(&b);
        let dmin = -self.h_km * btb.sqrt();
        let dmax = self.h_km * (1.0 + btb).sqrt();
        let ac = erfc_inv(gamma);
        let t = ac * sv2;
        ((-t + q0 - dmax) / v0, (t + q0 - dmin) / v0)
    }

    fn mean_state(&self, obj: &EqObject, t: f64) -> Option<Vector6<f64>> {
        kepler::equinoctial_to_cartesian(&obj.e0, t, self.gm)
            .ok()
            .map(|a| Vector6::from_column_slice(&a))
    }

    /// The conjunction segment: times of the two-body range maxima bracketing TCA (and the
    /// Coppola midpoint), else ± half the shorter period (CARA Pc3D_Hall).
    fn segment_limits(&self, taum: f64) -> (f64, f64) {
        let (p1, p2) = (self.p.period_s, self.s.period_s);
        let half = 0.5 * p1.min(p2);
        let span = (1.1 * p1.max(p2)).min(2.2 * p1.min(p2));
        let ns = 51;
        let ts: Vec<f64> = (0..ns)
            .map(|i| -span + 2.0 * span * i as f64 / (ns - 1) as f64)
            .collect();
        let d2 = |t: f64| -> f64 {
            match (self.mean_state(&self.p, t), self.mean_state(&self.s, t)) {
                (Some(a), Some(b)) => (pos(&b) - pos(&a)).norm_squared(),
                _ => f64::NAN,
            }
        };
        let ds: Vec<f64> = ts.iter().map(|&t| d2(t)).collect();
        let maxima: Vec<usize> = (1..ns - 1)
            .filter(|&i| ds[i] >= ds[i - 1] && ds[i] >= ds[i + 1])
            .collect();
        let ia = maxima
            .iter()
            .copied()
            .filter(|&i| ts[i] < taum.min(0.0))
            .max();
        let ib = maxima
            .iter()
            .copied()
            .filter(|&i| ts[i] > taum.max(0.0))
            .min();
        let (Some(ia), Some(ib)) = (ia, ib) else {
            return (-half, half);
        };
        // Golden-section refinement of each maximum within its neighbouring samples.
        let refine = |i: usize| -> f64 {
            let (mut a, mut b) = (ts[i - 1], ts[i + 1]);
            let g = 0.5 * (5f64.sqrt() - 1.0);
            let mut c = b - g * (b - a);
            let mut d = a + g * (b - a);
            let (mut fc, mut fd) = (d2(c), d2(d));
            for _ in 0..80 {
                if fc > fd {
                    b = d;
                    d = c;
                    fd = fc;
                    c = b - g * (b - a);
                    fc = d2(c);
                } else {
                    a = c;
                    c = d;
                    fc = fd;
                    d = a + g * (b - a);
                    fd = d2(d);
                }
                if b - a < 1e-6 {
                    break;
                }
            }
            0.5 * (a + b)
        };
        let (ta, tb) = (refine(ia), refine(ib));
        if ta < tb {
            (ta, tb)
        } else {
            (-half, half)
        }
    }

    /// Peak overlap position iteration (H21 §III.B; CARA PeakOverlapPos) at time `t`.
    /// Returns the expansion-centre Jacobians and linearised mean states of both objects.
    #[allow(clippy::type_complexity)]
    fn peak_overlap(
        &self,
        t: f64,
    ) -> Option<(Matrix6<f64>, Vector6<f64>, Matrix6<f64>, Vector6<f64>)> {
        let gm = self.gm;
        let (xb1, jb1) = equinoctial_state_and_jacobian(&self.p.e0, t, gm).ok()?;
        let (xb2, jb2) = equinoctial_state_and_jacobian(&self.s.e0, t, gm).ok()?;
        let maxiter = self.pop_max_iter;
        let tol1: f64 = 1e-6;
        let tol2: f64 = 1e-3;
        let avgiter = 35.min((maxiter as f64 * 0.35).round() as usize);
        let acciter = 25.min((maxiter as f64 * 0.25).round() as usize);
        let osciter = 15.min((maxiter as f64 * 0.15).round() as usize);
        let (mut xs1, mut js1, mut es1) = (xb1, jb1, self.p.e0);
        let (mut xs2, mut js2, mut es2) = (xb2, jb2, self.s.e0);
        let mut iteration = 0usize;
        let mut mup_old: Option<Vector3<f64>> = None;
        let mut mup_old2: Option<Vector3<f64>> = None;
        let h2i = Matrix3::identity() * self.h_km * self.h_km;
        let offset = |e_mean: &[f64; 6], e_s: &[f64; 6], xs: &Vector6<f64>, js: &Matrix6<f64>| {
            let mut de = Vector6::zeros();
            for k in 0..5 {
                de[k] = e_mean[k] - e_s[k];
            }
            de[5] = angle_diff(e_mean[5], e_s[5]);
            xs + js * de
        };
        loop {
            let (xu1, xu2) = if iteration == 0 {
                (xs1, xs2)
            } else {
                (
                    offset(&self.p.e0, &es1, &xs1, &js1),
                    offset(&self.s.e0, &es2, &xs2, &js2),
                )
            };
            let ps1 = js1 * self.p.q * js1.transpose();
            let ps2 = js2 * self.s.q * js2.transpose();
            let a1 = sym3(&ps1.fixed_view::<3, 3>(0, 0).into_owned());
            let a2 = sym3(&ps2.fixed_view::<3, 3>(0, 0).into_owned());
            let b1 =
                0.5 * (ps1.fixed_view::<3, 3>(3, 0) + ps1.fixed_view::<3, 3>(0, 3).transpose());
            let b2 =
                0.5 * (ps2.fixed_view::<3, 3>(3, 0) + ps2.fixed_view::<3, 3>(0, 3).transpose());
            let (a1i, _) = clipped_inverse(&a1, self.lclip);
            let (a2i, _) = clipped_inverse(&a2, self.lclip);
            let sigp = (a1i + a2i).try_inverse()?;
            let (ru1, ru2) = (pos(&xu1), pos(&xu2));
            let mut mup = sigp * (a1i * ru1 + a2i * ru2);
            if maxiter <= 1 {
                return Some((js1, xu1, js2, xu2));
            }
            let sigprem_inv = (sigp + h2i).try_inverse()?;
            if iteration > avgiter {
                if let Some(old) = mup_old {
                    mup = 0.5 * (mup + old);
                }
            }
            let vu1p = vel(&xu1) + b1 * a1i * (mup - ru1);
            let vu2p = vel(&xu2) + b2 * a2i * (mup - ru2);
            let e0 = -gm / mup.norm();
            if vu1p.norm_squared() / 2.0 + e0 >= 0.0 || vu2p.norm_squared() / 2.0 + e0 >= 0.0 {
                return None;
            }
            xs1 = Vector6::new(mup[0], mup[1], mup[2], vu1p[0], vu1p[1], vu1p[2]);
            xs2 = Vector6::new(mup[0], mup[1], mup[2], vu2p[0], vu2p[1], vu2p[2]);
            let mut iterating = true;
            let mut converged = false;
            if let Some(old) = mup_old {
                let dm = old - mup;
                let dmd2 = dm.dot(&(sigprem_inv * dm));
                if dmd2 <= tol1 {
                    iterating = false;
                    converged = true;
                } else if iteration >= maxiter {
                    return None;
                } else if iteration > osciter {
                    let osc = mup_old2.map(|o2| {
                        let d = o2 - mup;
                        d.dot(&(sigprem_inv * d))
                    });
                    if osc.is_some_and(|v| v <= tol1) {
                        iterating = false;
                        converged = true;
                    } else {
                        let cut = if iteration > avgiter {
                            tol2
                        } else if iteration <= acciter {
                            tol1
                        } else {
                            let frc = (iteration - acciter) as f64 / (avgiter - acciter) as f64;
                            ((1.0 - frc) * tol1.ln() + frc * tol2.ln()).exp()
                        };
                        if dmd2 <= cut {
                            iterating = false;
                            converged = true;
                        }
                    }
                }
            }
            // New expansion centres in equinoctial elements at TCA.
            let to_epoch = |xs: &Vector6<f64>| -> Option<[f64; 6]> {
                let mut e = cartesian_to_equinoctial(xs, gm).ok()?;
                e[5] = (e[5] - e[0] * t).rem_euclid(TAU);
                Some(e)
            };
            es1 = to_epoch(&xs1)?;
            es2 = to_epoch(&xs2)?;
            js1 = equinoctial_state_and_jacobian(&es1, t, gm).ok()?.1;
            js2 = equinoctial_state_and_jacobian(&es2, t, gm).ok()?.1;
            if !iterating {
                debug_assert!(converged);
                let xu1 = offset(&self.p.e0, &es1, &xs1, &js1);
                let xu2 = offset(&self.s.e0, &es2, &xs2, &js2);
                return Some((js1, xu1, js2, xu2));
            }
            mup_old2 = mup_old;
            mup_old = Some(mup);
            iteration += 1;
        }
    }

    /// Collision rate dNc/dt at time `t` (s from TCA): H21 eq. 36 / C12a eqs. 31–37.
    fn rate(&self, t: f64) -> RatePoint {
        let Some((js1, xu1, js2, xu2)) = self.peak_overlap(t) else {
            return RatePoint {
                ncdot: 0.0,
                log_proxy: f64::NEG_INFINITY,
                converged: false,
            };
        };
        let ps = js1 * self.p.q * js1.transpose() + js2 * self.s.q * js2.transpose();
        let ps = 0.5 * (ps + ps.transpose());
        let a = ps.fixed_view::<3, 3>(0, 0).into_owned();
        let b = ps.fixed_view::<3, 3>(3, 0).into_owned();
        let c = ps.fixed_view::<3, 3>(3, 3).into_owned();
        let (ainv, adet) = clipped_inverse(&a, self.lclip);
        let ln_ns0 = -0.5 * ((TAU.powi(3)) * adet).ln();
        let bs = b * ainv;
        let csp = c - bs * b.transpose();
        let ru = pos(&xu2) - pos(&xu1);
        let vu = vel(&xu2) - vel(&xu1);
        let ai_ru = ainv * ru;
        let ms = ru.dot(&ai_ru);
        let ms2 = ms - 2.0 * self.h_km * ai_ru.norm();
        let log_proxy =
            (self.h_km * self.h_km * PI * vu.norm().max(1e-300)).ln() + ln_ns0 - 0.5 * ms;
        if ms2 > MD2_CUT {
            return RatePoint {
                ncdot: 0.0,
                log_proxy,
                converged: true,
            };
        }
        let ncdot =
            self.h_km * self.h_km * self.sphere_integral(&ru, &vu, &ainv, &bs, &csp, ln_ns0);
        RatePoint {
            ncdot: if ncdot <= 1e-300 { 0.0 } else { ncdot },
            log_proxy,
            converged: true,
        }
    }

    /// ∮ ν(r̂) N₃(H r̂ − μ_r) dΩ over the unit sphere (C12a eq. 36a).
    fn sphere_integral(
        &self,
        ru: &Vector3<f64>,
        vu: &Vector3<f64>,
        ainv: &Matrix3<f64>,
        bs: &Matrix3<f64>,
        csp: &Matrix3<f64>,
        ln_ns0: f64,
    ) -> f64 {
        // Pole along the relative velocity, where the flux factor changes regime.
        let vn = vu.norm();
        let ez = if vn > 0.0 {
            vu / vn
        } else if ru.norm() > 0.0 {
            ru.normalize()
        } else {
            Vector3::z()
        };
        let trial = if ez[0].abs() < 0.9 {
            Vector3::x()
        } else {
            Vector3::y()
        };
        let ex = (trial - ez * ez.dot(&trial)).normalize();
        let ey = ez.cross(&ex);
        let h = self.h_km;
        let zero_sig = csp.iter().all(|x| *x == 0.0);
        let sqrt2 = 2f64.sqrt();
        let sqrtpi = PI.sqrt();
        let dphi = TAU / self.n_az as f64;
        let mut total = 0.0;
        for &(u, wu) in &self.polar {
            let s = (1.0 - u * u).max(0.0).sqrt();
            let mut ring = 0.0;
            for j in 0..self.n_az {
                let phi = (j as f64 + 0.5) * dphi;
                let rh = ez * u + (ex * phi.cos() + ey * phi.sin()) * s;
                let dr = rh * h - ru;
                let md2 = dr.dot(&(ainv * dr));
                let lnw = ln_ns0 - 0.5 * md2;
                if lnw < -745.0 {
                    continue;
                }
                let sig2 = if zero_sig { 0.0 } else { rh.dot(&(csp * rh)) };
                let nu = if sig2 <= 0.0 {
                    (-vu.dot(&rh)).max(0.0)
                } else {
                    let sig = sig2.sqrt();
                    let nu0 = rh.dot(&(vu + bs * dr));
                    let x = nu0 / (sig * sqrt2);
                    let hf = if x > 26.0 {
                        0.0
                    } else {
                        (-x * x).exp() - sqrtpi * x * erfc(x)
                    };
                    sig * hf.max(0.0) / (sqrt2 * sqrtpi)
                };
                ring += nu * lnw.exp();
            }
            total += wu * ring * dphi;
        }
        total
    }

    fn integrate(&self, opts: &Hall3dOptions) -> Result<Hall3dResult, Pc3dError> {
        let n0 = opts.initial_points;
        let (start, end, limits) = match opts.window_s {
            Some((a, b)) => (a, b, (a, b)),
            None => {
                let (tau0, tau1) = self.coppola_bounds(opts.gamma);
                let taum = if tau0.is_finite() && tau1.is_finite() {
                    0.5 * (tau0 + tau1)
                } else {
                    0.0
                };
                let (lo, hi) = self.segment_limits(taum);
                if !tau0.is_finite() || !tau1.is_finite() || tau1 <= lo || tau0 >= hi {
                    (lo, hi, (lo, hi))
                } else {
                    (tau0.max(lo), tau1.min(hi), (lo, hi))
                }
            }
        };
        let eval =
            |ts: &[f64]| -> Vec<RatePoint> { ts.par_iter().map(|&t| self.rate(t)).collect() };
        let grid = |a: f64, b: f64, n: usize| -> Vec<f64> {
            (0..n)
                .map(|i| a + (b - a) * i as f64 / (n - 1) as f64)
                .collect()
        };
        let mut ts = grid(start, end, n0);
        let mut fs = eval(&ts);
        // Widen while an edge still carries a significant rate (CARA's refinement shifts the
        // ephemeris outward by half the current span while Ncdot at an edge exceeds the cut).
        let rel_cut = 1e-9;
        if opts.window_s.is_none() {
            for _ in 0..64 {
                let fmax = fs.iter().map(|p| p.ncdot).fold(0.0, f64::max);
                let step = ts[1] - ts[0];
                let span = ts[ts.len() - 1] - ts[0];
                let mut changed = false;
                let cut = fmax * rel_cut;
                if fs[0].ncdot > cut && ts[0] > limits.0 {
                    let new_start = (ts[0] - 0.5 * span).max(limits.0);
                    let k = ((ts[0] - new_start) / step).ceil().max(1.0) as usize;
                    let new_ts = grid(new_start, ts[0], k + 1);
                    let new_ts = &new_ts[..k];
                    let new_fs = eval(new_ts);
                    ts.splice(0..0, new_ts.iter().copied());
                    fs.splice(0..0, new_fs);
                    changed = true;
                }
                let last = ts.len() - 1;
                if fs[last].ncdot > cut && ts[last] < limits.1 {
                    let new_end = (ts[last] + 0.5 * span).min(limits.1);
                    let k = ((new_end - ts[last]) / step).ceil().max(1.0) as usize;
                    let new_ts = grid(ts[last], new_end, k + 1);
                    let new_ts = &new_ts[1..];
                    let new_fs = eval(new_ts);
                    ts.extend_from_slice(new_ts);
                    fs.extend(new_fs);
                    changed = true;
                }
                if !changed {
                    break;
                }
            }
        }
        let fmax = fs.iter().map(|p| p.ncdot).fold(0.0, f64::max);
        // Global adaptive Simpson: panels of three points, the panels with the largest
        // Simpson-vs-trapezoid discrepancy are halved until the summed discrepancy is below
        // rel_tol of the integral (or the evaluation budget is spent).
        if ts.len() % 2 == 0 {
            // Need an odd count to form panels: add the midpoint of the last interval.
            let n = ts.len();
            let m = 0.5 * (ts[n - 2] + ts[n - 1]);
            let pm = self.rate(m);
            ts.insert(n - 1, m);
            fs.insert(n - 1, pm);
        }
        let mut evaluations = ts.len();
        let mut extra_fail = 0usize;
        let mut panels: Vec<Panel> = (0..ts.len() / 2)
            .map(|k| {
                Panel::new(
                    ts[2 * k],
                    ts[2 * k + 2],
                    fs[2 * k],
                    fs[2 * k + 1],
                    fs[2 * k + 2],
                )
            })
            .collect();
        let budget = opts.max_evaluations.max(evaluations);
        let mut integration_converged = false;
        let span = ts[ts.len() - 1] - ts[0];
        loop {
            let total: f64 = panels.iter().map(|p| p.simpson).sum();
            let err: f64 = panels.iter().map(|p| p.err).sum();
            // Panels whose small-HBR proxy is within 1e-13 of the largest seen and that do
            // not resolve it: a narrow rate peak may lie inside (CARA refines towards the
            // Mahalanobis-distance minimum for the same reason).
            let top = panels
                .iter()
                .map(Panel::max_proxy)
                .fold(f64::NEG_INFINITY, f64::max);
            let min_width = 1e-9 * span.max(1.0);
            let mut unresolved: Vec<usize> = (0..panels.len())
                .filter(|&i| {
                    let p = &panels[i];
                    p.max_proxy() > top - 30.0 && p.under_resolved() && p.b - p.a > min_width
                })
                .collect();
            let accurate = err <= opts.rel_tol * total.abs() || total == 0.0 && err == 0.0;
            if accurate && unresolved.is_empty() {
                integration_converged = true;
                break;
            }
            if evaluations >= budget {
                break;
            }
            let mut order: Vec<usize> = if accurate {
                Vec::new()
            } else {
                (0..panels.len()).filter(|&i| panels[i].err > 0.0).collect()
            };
            order.sort_by(|&i, &j| panels[j].err.total_cmp(&panels[i].err).then(i.cmp(&j)));
            order.truncate(64);
            unresolved.sort_by(|&i, &j| {
                panels[j]
                    .max_proxy()
                    .total_cmp(&panels[i].max_proxy())
                    .then(i.cmp(&j))
            });
            unresolved.truncate(64);
            order.extend(unresolved);
            order.sort_unstable();
            order.dedup();
            order.truncate((budget - evaluations).div_ceil(2).max(1));
            let new_t: Vec<f64> = order
                .iter()
                .flat_map(|&i| {
                    let p = &panels[i];
                    let m = 0.5 * (p.a + p.b);
                    [0.5 * (p.a + m), 0.5 * (m + p.b)]
                })
                .collect();
            let new_f: Vec<RatePoint> = new_t.par_iter().map(|&t| self.rate(t)).collect();
            evaluations += new_f.len();
            extra_fail += new_f.iter().filter(|p| !p.converged).count();
            let mut replaced: Vec<Option<[Panel; 2]>> = vec![None; panels.len()];
            for (k, &i) in order.iter().enumerate() {
                let p = panels[i];
                let m = 0.5 * (p.a + p.b);
                let (fl, fr) = (new_f[2 * k], new_f[2 * k + 1]);
                replaced[i] = Some([
                    Panel::new(p.a, m, p.pa, fl, p.pm),
                    Panel::new(m, p.b, p.pm, fr, p.pb),
                ]);
            }
            panels = panels
                .iter()
                .zip(replaced)
                .flat_map(|(p, r)| match r {
                    Some([l, r]) => vec![l, r],
                    None => vec![*p],
                })
                .collect();
        }
        let nc: f64 = panels.iter().map(|p| p.simpson).sum();
        // Convergence in CARA's sense: no failed peak-overlap point next to a rate above
        // the duration cut-off.
        let ncdot_red = {
            let x = 2f64.sqrt() * erfc_inv(1e-6f64.max(opts.gamma));
            (-0.5 * x * x).exp() / (TAU).sqrt()
        };
        let cut = fmax * ncdot_red;
        let mut converged = true;
        for i in 0..fs.len() {
            if fs[i].ncdot >= cut && fmax > 0.0 {
                let left = i > 0 && !fs[i - 1].converged;
                let right = i + 1 < fs.len() && !fs[i + 1].converged;
                if left || right {
                    converged = false;
                }
            }
        }
        let grid_fail = fs.iter().filter(|p| !p.converged).count();
        if grid_fail == fs.len() {
            converged = false;
        }
        let ipk = (0..fs.len())
            .max_by(|&a, &b| fs[a].ncdot.total_cmp(&fs[b].ncdot))
            .unwrap_or(0);
        Ok(Hall3dResult {
            nc: nc.clamp(0.0, 1.0),
            converged: converged && integration_converged,
            start_s: ts[0],
            end_s: ts[ts.len() - 1],
            peak_time_s: ts[ipk],
            evaluations,
            pop_failures: grid_fail + extra_fail,
            reoriented: self.reoriented,
        })
    }
}

/// Three-point Simpson panel with its discrepancy against the two-interval trapezoid rule.
#[derive(Debug, Clone, Copy)]
struct Panel {
    a: f64,
    b: f64,
    pa: RatePoint,
    pm: RatePoint,
    pb: RatePoint,
    simpson: f64,
    err: f64,
}

impl Panel {
    fn new(a: f64, b: f64, pa: RatePoint, pm: RatePoint, pb: RatePoint) -> Self {
        let (fa, fm, fb) = (pa.ncdot, pm.ncdot, pb.ncdot);
        let simpson = (b - a) / 6.0 * (fa + 4.0 * fm + fb);
        let trap = (b - a) / 4.0 * (fa + 2.0 * fm + fb);
        Panel {
            a,
            b,
            pa,
            pm,
            pb,
            simpson,
            err: (simpson - trap).abs(),
        }
    }
    fn max_proxy(&self) -> f64 {
        self.pa
            .log_proxy
            .max(self.pm.log_proxy)
            .max(self.pb.log_proxy)
    }
    /// The proxy changes by more than a factor e² across a half panel: a peak of the rate
    /// could hide between the samples.
    fn under_resolved(&self) -> bool {
        let d1 = (self.pm.log_proxy - self.pa.log_proxy).abs();
        let d2 = (self.pb.log_proxy - self.pm.log_proxy).abs();
        !(d1 <= 2.0 && d2 <= 2.0)
    }
}

fn sym3(a: &Matrix3<f64>) -> Matrix3<f64> {
    0.5 * (a + a.transpose())
}
