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
    let p = 0.5 / (sx * sx);
    let phi = 1.0 - (sx / sy).powi(2);
    let wx = (xm / (2.0 * sx * sx)).powi(2);
    let wy = (ym / (2.0 * sy * sy)).powi(2);
    let big_omega = 0.5 * phi + (wx + wy) / p;
    let alpha0 = 0.5 * (-0.5 * ((xm / sx).powi(2) + (ym / sy).powi(2))).exp() / (sx * sy);

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

    let a = 1.0 + 0.5 * phi;
    let b = p * a + wx + wy;
    let c = p * p * (1.0 + 0.5 * phi * phi) + 2.0 * p * phi * wy;
    let r4 = r2 * r2;
    let r6 = r4 * r2;
    let mut k0 = alpha0 * r2;
    let mut k1 = k0 * r2 * 0.5 * b;
    let mut k2 = k0 * r4 / 12.0 * (b * b + c);
    let mut k3 = k0 * r6 / 144.0
        * (b * (b * b + 3.0 * c)
            + 2.0 * (p.powi(3) * (1.0 + 0.5 * phi.powi(3)) + 3.0 * p * p * phi * phi * wy));
    let mut sum = 0.0;
    let mut decades = 0i32;
    let first = [k0, k1, k2, k3];
    for term in first.iter().take(n_max.min(4)) {
        sum += term;
    }
    // Fixed factors of the recurrence.
    let f3 = p * (2.0 * phi + 1.0);
    let f2a = 2.0 * p * phi * a;
    let f2b = phi * (2.0 * wx + 1.5 * p) + wx + wy;
    let f1 = r4 * p * p * phi;
    let f1b = 2.0 * wx * a;
    let f0 = r6 * p.powi(3) * phi * phi * wx;
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
        let next = (k3 * (b + kp3 * f3) - k2 * p * r2 * (half * f2a + f2b) / kp4
            + k1 * f1 * (half * p * phi + f1b) / (kp4 * kp3)
            - k0 * f0 / (kp4 * kp3 * kp2))
            * r2
            / (kp4 * kp5);
        k0 = k1;
        k1 = k2;
        k2 = k3;
        k3 = next;
        sum += next;
    }
    let pc = sum * (std::f64::consts::LN_10 * decades as f64 - p * r2).exp();
    LaasResult { pc, lower, upper }
}
