//! Two-body (Keplerian) motion: universal-variable propagation with f and g functions and
//! its state-transition matrix, and CARA's equinoctial elements with their Jacobians.
//!
//! Units: km, km/s, s, rad.

use super::dual::{Dual6, Real};
use nalgebra::{Matrix6, Vector6};
use std::f64::consts::TAU;

/// Earth's GM, EGM-96 (km³/s²) — the value CARA's Pc3D_Hall and SDMC use.
pub const GM_EARTH_KM3_S2: f64 = 398_600.441_8;

/// Why a two-body computation has no answer.
#[derive(Debug, Clone, Copy, PartialEq, thiserror::Error)]
pub enum TwoBodyError {
    #[error("state is not finite or has zero radius")]
    BadState,
    #[error("Kepler's equation did not converge")]
    NoConvergence,
    #[error("orbit is unbound (a <= 0 or e >= 1); equinoctial elements undefined")]
    Unbound,
    #[error("orbit is equatorial retrograde; prograde equinoctial elements undefined")]
    Retrograde,
}

/// Stumpff functions C(z), S(z) (Bate, Mueller & White 1971 §4.5; Vallado 2013 §2.3).
fn stumpff<T: Real>(z: T) -> (T, T) {
    let zv = z.val();
    if zv.abs() < 1e-3 {
        // Series keeps full precision near the parabola.
        let c =
            T::cst(0.5) - z / T::cst(24.0) + z * z / T::cst(720.0) - z * z * z / T::cst(40320.0);
        let s = T::cst(1.0 / 6.0) - z / T::cst(120.0) + z * z / T::cst(5040.0)
            - z * z * z / T::cst(362_880.0);
        (c, s)
    } else if zv > 0.0 {
        let sz = z.sqrt();
        ((T::cst(1.0) - sz.cos()) / z, (sz - sz.sin()) / (z * sz))
    } else {
        let sz = (-z).sqrt();
        (
            (sz.cosh() - T::cst(1.0)) / (-z),
            (sz.sinh() - sz) / ((-z) * sz),
        )
    }
}

/// Universal Kepler function F(χ) − √μ Δt and its derivative (Vallado 2013, Alg. 8).
fn kepler_universal<T: Real>(chi: T, r0: T, sigma0: T, alpha: T, sqmu_dt: T) -> (T, T) {
    let z = alpha * chi * chi;
    let (c, s) = stumpff(z);
    let chi2 = chi * chi;
    let f = sigma0 * chi2 * c + (T::cst(1.0) - alpha * r0) * chi2 * chi * s + r0 * chi - sqmu_dt;
    let df = sigma0 * chi * (T::cst(1.0) - z * s) + (T::cst(1.0) - alpha * r0) * chi2 * c + r0;
    (f, df)
}

/// Propagate a Cartesian state `x0` = (r, v) by `dt_s` seconds under two-body motion,
/// generic so that [`Dual6`] inputs carry derivatives. The universal anomaly is solved
/// in f64 by Newton's method and then refined with two Newton steps in `T`, which makes the
/// derivatives exact by the implicit-function theorem.
pub fn propagate_universal<T: Real>(
    x0: &[T; 6],
    dt_s: f64,
    gm: f64,
) -> Result<[T; 6], TwoBodyError> {
    let r0v = [x0[0], x0[1], x0[2]];
    let v0v = [x0[3], x0[4], x0[5]];
    let r0 = (r0v[0] * r0v[0] + r0v[1] * r0v[1] + r0v[2] * r0v[2]).sqrt();
    let v02 = v0v[0] * v0v[0] + v0v[1] * v0v[1] + v0v[2] * v0v[2];
    if !(r0.val() > 0.0) || !v02.val().is_finite() || !dt_s.is_finite() {
        return Err(TwoBodyError::BadState);
    }
    if dt_s == 0.0 {
        return Ok(*x0);
    }
    let sqmu = gm.sqrt();
    let rdv = r0v[0] * v0v[0] + r0v[1] * v0v[1] + r0v[2] * v0v[2];
    let sigma0 = rdv / T::cst(sqmu);
    let alpha = T::cst(2.0) / r0 - v02 / T::cst(gm);
    let sqmu_dt = T::cst(sqmu * dt_s);

    // Newton in f64 from Vallado's starting guesses.
    let (r0f, s0f, af) = (r0.val(), sigma0.val(), alpha.val());
    let mut chi = if af > 1e-12 {
        sqmu * dt_s * af
    } else {
        // hyperbolic / parabolic: a rough guess that Newton with damping recovers from
        dt_s.signum() * (sqmu * dt_s.abs() / r0f).clamp(1e-6, 1e6)
    };
    let mut ok = false;
    for _ in 0..200 {
        let (f, df) = kepler_universal(chi, r0f, s0f, af, sqmu * dt_s);
        let mut step = f / df;
        if !step.is_finite() {
            return Err(TwoBodyError::NoConvergence);
        }
        // Damp wild steps (hyperbolic orbits far from periapsis).
        if step.abs() > 0.5 * chi.abs().max(1.0) * 4.0 {
            step = step.signum() * 0.5 * chi.abs().max(1.0) * 4.0;
        }
        chi -= step;
        if step.abs() <= 1e-13 * chi.abs().max(1e-3)
            || f.abs() <= 4.0 * f64::EPSILON * sqmu * dt_s.abs()
        {
            ok = true;
            break;
        }
    }
    if !ok {
        return Err(TwoBodyError::NoConvergence);
    }
    let mut chi_t = T::cst(chi);
    for _ in 0..2 {
        let (f, df) = kepler_universal(chi_t, r0, sigma0, alpha, sqmu_dt);
        chi_t = chi_t - f / df;
    }
    let z = alpha * chi_t * chi_t;
    let (c, s) = stumpff(z);
    let chi2 = chi_t * chi_t;
    let f = T::cst(1.0) - chi2 / r0 * c;
    let g = T::cst(dt_s) - chi2 * chi_t * s / T::cst(sqmu);
    let mut out = [T::cst(0.0); 6];
    for k in 0..3 {
        out[k] = f * r0v[k] + g * v0v[k];
    }
    let r = (out[0] * out[0] + out[1] * out[1] + out[2] * out[2]).sqrt();
    let fdot = T::cst(sqmu) / (r * r0) * (z * chi_t * s - chi_t);
    let gdot = T::cst(1.0) - chi2 / r * c;
    for k in 0..3 {
        out[3 + k] = fdot * r0v[k] + gdot * v0v[k];
    }
    Ok(out)
}

/// Two-body state at `dt_s` and the state-transition matrix ∂x(dt)/∂x(0).
pub fn propagate_with_stm(
    x0: &Vector6<f64>,
    dt_s: f64,
    gm: f64,
) -> Result<(Vector6<f64>, Matrix6<f64>), TwoBodyError> {
    let xd: [Dual6; 6] = std::array::from_fn(|i| Dual6::var(x0[i], i));
    let out = propagate_universal(&xd, dt_s, gm)?;
    Ok(unpack(&out))
}

fn unpack(out: &[Dual6; 6]) -> (Vector6<f64>, Matrix6<f64>) {
    let x = Vector6::from_fn(|i, _| out[i].v);
    let j = Matrix6::from_fn(|i, k| out[i].d[k]);
    (x, j)
}

/// CARA's prograde equinoctial elements (n, a_f, a_g, χ, ψ, λ_M) from a Cartesian state
/// (Vallado & Alfano 2015, AAS 15-537, eq. 9; Broucke & Cefola 1972): n mean motion
/// (rad/s), (a_f, a_g) eccentricity vector in the equinoctial frame, (χ, ψ) = tan(i/2)·
/// (sin Ω, cos Ω), λ_M mean longitude in [0, 2π).
pub fn cartesian_to_equinoctial(x: &Vector6<f64>, gm: f64) -> Result<[f64; 6], TwoBodyError> {
    let r = nalgebra::Vector3::new(x[0], x[1], x[2]);
    let v = nalgebra::Vector3::new(x[3], x[4], x[5]);
    let rm = r.norm();
    let v2 = v.norm_squared();
    if !(rm > 0.0) || !v2.is_finite() {
        return Err(TwoBodyError::BadState);
    }
    let a = gm * rm / (2.0 * gm - v2 * rm);
    if !(a > 1e-5) || !a.is_finite() {
        return Err(TwoBodyError::Unbound);
    }
    let n = (gm / (a * a * a)).sqrt();
    let rdv = r.dot(&v);
    let evec = ((v2 - gm / rm) * r - rdv * v) / gm;
    if evec.norm_squared() >= 1.0 {
        return Err(TwoBodyError::Unbound);
    }
    let h = r.cross(&v);
    let w = h / h.norm();
    if w[2] + 1.0 <= 1e-10 {
        return Err(TwoBodyError::Retrograde);
    }
    let den = 1.0 + w[2];
    let chi = w[0] / den;
    let psi = -w[1] / den;
    let (fh, gh) = equinoctial_frame(chi, psi);
    let af = fh.dot(&evec);
    let ag = gh.dot(&evec);
    let e2 = af * af + ag * ag;
    if e2 >= 1.0 {
        return Err(TwoBodyError::Unbound);
    }
    let xx = fh.dot(&r);
    let yy = gh.dot(&r);
    let safg = (1.0 - e2).sqrt();
    let b = 1.0 / (1.0 + safg);
    let den = a * safg;
    let sin_f = ag + ((1.0 - ag * ag * b) * yy - b * ag * af * xx) / den;
    let cos_f = af + ((1.0 - af * af * b) * xx - b * ag * af * yy) / den;
    let ecc_lon = sin_f.atan2(cos_f);
    let lm = (ecc_lon + ag * cos_f - af * sin_f).rem_euclid(TAU);
    Ok([n, af, ag, chi, psi, lm])
}

/// Unit vectors f̂, ĝ of the prograde equinoctial frame.
fn equinoctial_frame(chi: f64, psi: f64) -> (nalgebra::Vector3<f64>, nalgebra::Vector3<f64>) {
    let (c2, p2) = (chi * chi, psi * psi);
    let c = 1.0 + c2 + p2;
    let f = nalgebra::Vector3::new(1.0 - c2 + p2, 2.0 * chi * psi, -2.0 * chi) / c;
    let g = nalgebra::Vector3::new(2.0 * chi * psi, 1.0 + c2 - p2, 2.0 * psi) / c;
    (f, g)
}

/// Cartesian state at `dt_s` after the epoch of equinoctial elements `e0` (λ_M advances by
/// n·dt), generic so that [`Dual6`] elements give ∂x(t)/∂E(t0) — CARA's
/// `jacobian_E0_to_Xt`. Generalized Kepler equation λ = F + a_g cos F − a_f sin F solved
/// in f64, then refined in `T` (Vallado & Alfano 2015 eqs. 5–8).
pub fn equinoctial_to_cartesian<T: Real>(
    e0: &[T; 6],
    dt_s: f64,
    gm: f64,
) -> Result<[T; 6], TwoBodyError> {
    let [n, af, ag, chi, psi, lm0] = *e0;
    if !(n.val() > 0.0) || af.val() * af.val() + ag.val() * ag.val() >= 1.0 {
        return Err(TwoBodyError::Unbound);
    }
    let lm = lm0 + n * T::cst(dt_s);
    // Reduce the angle in f64 (a constant shift does not change derivatives).
    let shift = (lm.val() / TAU).floor() * TAU;
    let lm = lm - T::cst(shift);
    let (afv, agv, lmv) = (af.val(), ag.val(), lm.val());
    let mut f = lmv;
    let mut ok = false;
    for _ in 0..100 {
        let g = f + agv * f.cos() - afv * f.sin() - lmv;
        let dg = 1.0 - agv * f.sin() - afv * f.cos();
        let step = g / dg;
        f -= step;
        // A few ulps of F: Newton can oscillate by an ulp near 2π forever.
        if step.abs() <= 4.0 * f64::EPSILON * f.abs().max(1.0) {
            ok = true;
            break;
        }
    }
    if !ok {
        return Err(TwoBodyError::NoConvergence);
    }
    let mut ft = T::cst(f);
    for _ in 0..2 {
        let g = ft + ag * ft.cos() - af * ft.sin() - lm;
        let dg = T::cst(1.0) - ag * ft.sin() - af * ft.cos();
        ft = ft - g / dg;
    }
    let one = T::cst(1.0);
    let a = (T::cst(gm) / (n * n)).cbrt();
    let (sf, cf) = (ft.sin(), ft.cos());
    let b = one / (one + (one - af * af - ag * ag).sqrt());
    let xx = a * ((one - ag * ag * b) * cf + af * ag * b * sf - af);
    let yy = a * ((one - af * af * b) * sf + af * ag * b * cf - ag);
    let r = a * (one - af * cf - ag * sf);
    let k = n * a * a / r;
    let xd = k * (af * ag * b * cf - (one - ag * ag * b) * sf);
    let yd = k * ((one - af * af * b) * cf - af * ag * b * sf);
    let (c2, p2) = (chi * chi, psi * psi);
    let c = one + c2 + p2;
    let two = T::cst(2.0);
    let fh = [(one - c2 + p2) / c, two * chi * psi / c, -two * chi / c];
    let gh = [two * chi * psi / c, (one + c2 - p2) / c, two * psi / c];
    let mut out = [T::cst(0.0); 6];
    for i in 0..3 {
        out[i] = xx * fh[i] + yy * gh[i];
        out[3 + i] = xd * fh[i] + yd * gh[i];
    }
    Ok(out)
}

/// State at `dt_s` and Jacobian ∂x(dt)/∂E(0) for equinoctial elements `e0`.
pub fn equinoctial_state_and_jacobian(
    e0: &[f64; 6],
    dt_s: f64,
    gm: f64,
) -> Result<(Vector6<f64>, Matrix6<f64>), TwoBodyError> {
    let ed: [Dual6; 6] = std::array::from_fn(|i| Dual6::var(e0[i], i));
    let out = equinoctial_to_cartesian(&ed, dt_s, gm)?;
    Ok(unpack(&out))
}

/// Orbital period (s) of a bound state, `None` when unbound.
pub fn period_s(x: &Vector6<f64>, gm: f64) -> Option<f64> {
    let rm = (x[0] * x[0] + x[1] * x[1] + x[2] * x[2]).sqrt();
    let v2 = x[3] * x[3] + x[4] * x[4] + x[5] * x[5];
    let a = gm * rm / (2.0 * gm - v2 * rm);
    (a > 0.0 && a.is_finite()).then(|| TAU * (a * a * a / gm).sqrt())
}
