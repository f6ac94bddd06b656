//! Laas 2015: R. Serra, D. Arzelier, M. Joldes, J.-B. Lasserre, A. Rondepierre & B. Salvy,
//! "Fast and accurate computation of orbital collision probability for short-term
//! encounters", J. Guid. Control Dyn. 39(5), 1009–1021 (2016) (LAAS-CNRS report 2015).
//!
//! Pc = e^{−pR²} Σ_k c_k, a convergent series of positive terms obtained from the Laplace
//! transform of the integrand; the c_k obey a four-term linear recurrence (Serra et al.,
//! Sec. III), and closed-form bounds l₀ ≤ Pc ≤ u₀ decide whether any term is needed. The
//! number of terms meets an absolute accuracy (default 1e-30, Orekit's) capped at 37000
//! (Serra's thesis, INSA Toulouse 2015, p. 56: enough for Alfano case 5). Requires
//! σx ≤ σy (p = 1/2σx² is the larger precision).

/// a₁b₁ + a₂b₂ with error-free products and sum (FMA two-product, Knuth two-sum): the
/// result is within about an ulp of the exact value.
fn lin2(a1: f64, b1: f64, a2: f64, b2: f64) -> f64 {
    let p1 = a1 * b1;
    let e1 = a1.mul_add(b1, -p1);
    let p2 = a2 * b2;
    let e2 = a2.mul_add(b2, -p2);
    let s = p1 + p2;
    let z = s - p1;
    let e = (p1 - (s - z)) + (p2 - z);
    s + (e + e1 + e2)
}

/// Result of the Laas series: the value and its analytic bounds (l₀, u₀).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LaasResult {
    pub pc: f64,
    pub lower: f64,
    pub upper: f64,
}

/// Default absolute accuracy and term cap of the series.
pub const LAAS_ABS_ACCURACY: f64 = 1e-30;
pub const LAAS_MAX_TERMS: usize = 37_000;

/// Laas 2015 Pc on principal axes with `sx ≤ sy` (swap beforehand), one length unit.
pub fn pc_laas2015(xm: f64, ym: f64, sx: f64, sy: f64, r: f64) -> LaasResult {
    pc_laas2015_with(xm, ym, sx, sy, r, LAAS_ABS_ACCURACY, LAAS_MAX_TERMS)
}

/// [`pc_laas2015`] with an explicit absolute accuracy and term cap.
pub fn pc_laas2015_with(
    xm: f64,
    ym: f64,
    sx: f64,
    sy: f64,
    r: f64,
    abs_accuracy: f64,
    max_terms: usize,
) -> LaasResult {
    const RESCALE: f64 = 1e10;
    let r2 = r * r;
    let p = 1.0 / (2.0 * (sx * sx));
    let phi = 1.0 - (sx / sy * sx / sy);
    let wx = (xm / (2.0 * sx * sx)) * (xm / (2.0 * sx * sx));
    let wy = (ym / (2.0 * sy * sy)) * (ym / (2.0 * sy * sy));
    let big_omega = phi * 0.5 + (wx + wy) / p;
    let alpha0 = 0.5 * (-((xm * xm) / (sx * sx) + (ym * ym) / (sy * sy)) * 0.5).exp() / sx / sy;

    let lower = alpha0 * (1.0 - (-p * r2).exp()) / p;
    let upper = (alpha0 * ((p * big_omega * r2).exp() - (-p * r2).exp()) / (p * (1.0 + big_omega)))
        .min(1.0);
    if upper - lower <= abs_accuracy {
        return LaasResult {
            pc: 0.5 * (upper + lower),
            lower,
            upper,
        };
    }

    // Number of terms for the requested accuracy (Serra et al., Sec. III.C).
    let n1 = 2.0 * (std::f64::consts::E * p * r2 * (1.0 + big_omega)).ceil();
    let n2_arg = alpha0 * (p * r2 * big_omega).exp()
        / (abs_accuracy * p * (2.0 * std::f64::consts::PI * n1).sqrt() * (1.0 + big_omega));
    let n2 = n2_arg.log2().ceil();
    let n_max = (n1.max(n2) - 1.0).clamp(0.0, max_terms as f64) as usize;

    // The recurrence is numerically delicate for large pR² (Alfano case 5: pR² ≈ 35900);
    // two-term sums use compensated products (`lin2`) so the result depends less on
    // rounding, as in Orekit's implementation of the same recurrence.
    let (p2, p3) = (p * p, p * p * p);
    let (r4, r6) = (r2 * r2, r2 * r2 * r2);
    let phi2 = phi * phi;
    let wsum = wx + wy;
    let a = lin2(0.5, phi, 1.0, 1.0);
    let b = lin2(p, a, 1.0, wsum);
    let c = lin2(1.0, p2 * lin2(0.5, phi2, 1.0, 1.0), 2.0, p * phi * wy);
    let mut k0 = alpha0 * r2;
    let mut k1 = k0 * r2 * 0.5 * b;
    let mut k2 = k0 * (r4 / 12.0) * (b * b + c);
    let mut k3 = k0
        * (r6 / 144.0)
        * (b * (b * b + 3.0 * c) + 2.0 * (p3 * (1.0 + phi2 * phi * 0.5) + 3.0 * p2 * phi2 * wy));
    let mut sum = 0.0;
    let mut decades = 0i32;
    let first = [k0, k1, k2, k3];
    for term in first.iter().take(n_max.min(4)) {
        sum += term;
    }
    // Fixed factors of the recurrence.
    let f0 = r6 * p3 * phi2 * wx;
    let f1 = r4 * p2 * phi;
    let f1b = 2.0 * wx * a;
    let f2b = phi * lin2(2.0, wx, 1.5, p) + wsum;
    let f2a = p * phi * a * 2.0;
    let f3 = p * (2.0 * phi + 1.0);
    let pr2 = p * r2;
    let pphi = p * phi;
    for k in 0..n_max.saturating_sub(4) {
        if sum > RESCALE {
            // Keep the positive terms in range; the decades go back in at the end.
            decades += 10;
            k0 /= RESCALE;
            k1 /= RESCALE;
            k2 /= RESCALE;
            k3 /= RESCALE;
            sum /= RESCALE;
        }
        let kf = k as f64;
        let (kp2, kp3, kp4, kp5) = (kf + 2.0, kf + 3.0, kf + 4.0, kf + 5.0);
        let half = kf + 2.5;
        let den = kp4 * kp3;
        let mut next = k3 * lin2(1.0, b, kp3, f3);
        next -= k2 * pr2 * lin2(half, f2a, 1.0, f2b) / kp4;
        next += k1 * f1 * lin2(half, pphi, 1.0, f1b) / den;
        next -= k0 * f0 / (den * kp2);
        next *= r2 / (kp4 * kp5);
        k0 = k1;
        k1 = k2;
        k2 = k3;
        k3 = next;
        sum += next;
    }
    let pc = sum * (std::f64::consts::LN_10 * decades as f64 - p * r2).exp();
    LaasResult { pc, lower, upper }
}
