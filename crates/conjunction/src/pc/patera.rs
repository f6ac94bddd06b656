//! Patera 2005: R. P. Patera, "Calculating collision probability for arbitrary space vehicle
//! shapes via numerical quadrature", J. Guid. Control Dyn. 28(6), 1326–1328 (2005).
//!
//! Scaling x by σy/σx makes the density isotropic (σ = σy) and turns the disc into an
//! ellipse; integrating the isotropic density radially from the origin leaves a contour
//! integral over the ellipse boundary P(θ):
//!
//!   Pc = [origin inside] − (1/2π) ∮ exp(−|P|²/2σ²) dφ,   dφ = (P × P′)/|P|² dθ.
//!
//! Near the boundary (|miss| ≈ R, where |P| can vanish) the equivalent form
//! (1/2π) ∮ (1 − exp(−|P|²/2σ²))/|P|² (P × P′) dθ has no singularity and no cancellation.
//! The integrand is smooth and 2π-periodic, so the trapezoid rule converges geometrically;
//! we double the node count until two successive sums agree to 1e-13.

use std::f64::consts::PI;

/// Patera 2005 Pc on principal axes, all lengths in one unit.
pub fn pc_patera2005(xm: f64, ym: f64, sx: f64, sy: f64, r: f64) -> f64 {
    if r <= 0.0 {
        return 0.0;
    }
    let scale = sy / sx;
    let two_s2 = 2.0 * sy * sy;
    let miss = xm.hypot(ym);
    let near_boundary = (miss - r).abs() < 0.1 * r;
    let inside = miss < r;
    // Integrand per unit θ, divided by 2π at the end.
    let f = |th: f64| {
        let (s, c) = th.sin_cos();
        let px = scale * (xm + r * c);
        let py = ym + r * s;
        let rho2 = px * px + py * py;
        let cross = scale * r * (xm * c + ym * s + r);
        let u = rho2 / two_s2;
        if near_boundary {
            // (1 − e^{−u})/ρ² = (−expm1(−u)/u)/(2σ²), finite as ρ → 0.
            let g = if u > 0.0 { -(-u).exp_m1() / u } else { 1.0 };
            g / two_s2 * cross
        } else if rho2 > 0.0 {
            -(-u).exp() * cross / rho2
        } else {
            0.0
        }
    };
    let mut n = 32usize;
    let mut sum: f64 = (0..n).map(|k| f(2.0 * PI * k as f64 / n as f64)).sum();
    let mut prev = sum / n as f64;
    let mut est = prev;
    while n < (1 << 22) {
        // Trapezoid doubling: add the midpoints.
        let add: f64 = (0..n)
            .map(|k| f(2.0 * PI * (k as f64 + 0.5) / n as f64))
            .sum();
        sum += add;
        n *= 2;
        est = sum / n as f64;
        let base = if near_boundary {
            0.0
        } else if inside {
            1.0
        } else {
            0.0
        };
        if (est - prev).abs() <= 1e-13 * (base + est).abs().max(1e-300) && n >= 128 {
            break;
        }
        prev = est;
    }
    let pc = if near_boundary {
        est
    } else if inside {
        1.0 + est
    } else {
        est
    };
    pc.clamp(0.0, 1.0)
}
