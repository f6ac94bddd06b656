//! Special functions the 3D and Monte Carlo methods need and `std` lacks: the inverse
//! complementary error function, log-gamma, the regularized incomplete beta function, Gauss–Legendre nodes
//! and the Clopper–Pearson binomial interval.

use std::f64::consts::PI;

/// The complementary error function of the 2D methods (one implementation for the crate).
pub use crate::pc::special::erfc;

/// Inverse of `erfc` on (0, 2), by bisection refined with Newton steps; used for the
/// conjunction-duration bounds (Coppola 2012b eq. 10–16), where only a few values are needed.
pub fn erfc_inv(y: f64) -> f64 {
    if !(y > 0.0 && y < 2.0) {
        return if y <= 0.0 {
            f64::INFINITY
        } else {
            f64::NEG_INFINITY
        };
    }
    let (mut lo, mut hi) = (-27.0, 27.0);
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if erfc(mid) > y {
            lo = mid;
        } else {
            hi = mid;
        }
        if hi - lo < 1e-15 * (1.0 + mid.abs()) {
            break;
        }
    }
    0.5 * (lo + hi)
}

/// ln Γ(x) for x > 0: Stirling's series (A&S 6.1.41) for x ≥ 20, upward recurrence below.
pub fn ln_gamma(x: f64) -> f64 {
    if x < 20.0 {
        let mut shift = 0.0;
        let mut y = x;
        while y < 20.0 {
            shift += y.ln();
            y += 1.0;
        }
        return ln_gamma(y) - shift;
    }
    let inv = 1.0 / x;
    let inv2 = inv * inv;
    let series = inv
        * (1.0 / 12.0
            - inv2 * (1.0 / 360.0 - inv2 * (1.0 / 1260.0 - inv2 * (1.0 / 1680.0 - inv2 / 1188.0))));
    (x - 0.5) * x.ln() - x + 0.5 * (2.0 * PI).ln() + series
}

/// Regularized incomplete beta function I_x(a, b), by the continued fraction of
/// A&S 26.5.8 with the symmetry I_x(a,b) = 1 − I_{1−x}(b,a) chosen so that it converges
/// fast (Numerical Recipes 3rd ed. §6.4).
pub fn beta_inc(a: f64, b: f64, x: f64) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    if x >= 1.0 {
        return 1.0;
    }
    let ln_front = ln_gamma(a + b) - ln_gamma(a) - ln_gamma(b) + a * x.ln() + b * (1.0 - x).ln();
    if x < (a + 1.0) / (a + b + 2.0) {
        ln_front.exp() * beta_cf(a, b, x) / a
    } else {
        1.0 - ln_front.exp() * beta_cf(b, a, 1.0 - x) / b
    }
}

/// Continued fraction for the incomplete beta function (A&S 26.5.8), modified Lentz.
fn beta_cf(a: f64, b: f64, x: f64) -> f64 {
    let tiny = 1e-300;
    let (qab, qap, qam) = (a + b, a + 1.0, a - 1.0);
    let mut c = 1.0;
    let mut d = 1.0 - qab * x / qap;
    if d.abs() < tiny {
        d = tiny;
    }
    d = 1.0 / d;
    let mut h = d;
    for m in 1..1_000_000 {
        let m = m as f64;
        let m2 = 2.0 * m;
        // even step
        let aa = m * (b - m) * x / ((qam + m2) * (a + m2));
        d = 1.0 + aa * d;
        if d.abs() < tiny {
            d = tiny;
        }
        c = 1.0 + aa / c;
        if c.abs() < tiny {
            c = tiny;
        }
        d = 1.0 / d;
        h *= d * c;
        // odd step
        let aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
        d = 1.0 + aa * d;
        if d.abs() < tiny {
            d = tiny;
        }
        c = 1.0 + aa / c;
        if c.abs() < tiny {
            c = tiny;
        }
        d = 1.0 / d;
        let del = d * c;
        h *= del;
        if (del - 1.0).abs() < 1e-15 {
            break;
        }
    }
    h
}

/// The x with I_x(a, b) = p, by bisection (monotone in x); relative precision ~1e-13.
pub fn beta_inc_inv(a: f64, b: f64, p: f64) -> f64 {
    let (mut lo, mut hi) = (0.0f64, 1.0f64);
    for _ in 0..400 {
        let mid = 0.5 * (lo + hi);
        if beta_inc(a, b, mid) < p {
            lo = mid;
        } else {
            hi = mid;
        }
        if hi - lo <= 1e-14 * mid {
            break;
        }
    }
    0.5 * (lo + hi)
}

/// Clopper–Pearson ("exact") confidence interval for a binomial proportion with `hits`
/// successes in `trials`, at two-sided confidence `level` (Clopper & Pearson, Biometrika 26,
/// 1934) — the interval Matlab's `binofit` and CARA's Monte Carlo report.
pub fn clopper_pearson(hits: u64, trials: u64, level: f64) -> (f64, f64) {
    if trials == 0 {
        return (0.0, 1.0);
    }
    let alpha = 1.0 - level;
    let (k, n) = (hits as f64, trials as f64);
    let lo = if hits == 0 {
        0.0
    } else {
        beta_inc_inv(k, n - k + 1.0, alpha / 2.0)
    };
    let hi = if hits == trials {
        1.0
    } else {
        beta_inc_inv(k + 1.0, n - k, 1.0 - alpha / 2.0)
    };
    (lo, hi)
}

/// Gauss–Legendre nodes and weights on [-1, 1] (Newton iteration on the Legendre
/// recurrence; Davis & Rabinowitz, Methods of Numerical Integration, §2.7).
pub fn gauss_legendre(n: usize) -> (Vec<f64>, Vec<f64>) {
    let mut x = vec![0.0; n];
    let mut w = vec![0.0; n];
    let nf = n as f64;
    for i in 0..n.div_ceil(2) {
        let mut z = (PI * (i as f64 + 0.75) / (nf + 0.5)).cos();
        let mut dp = 1.0;
        for _ in 0..100 {
            let (mut p0, mut p1) = (1.0, z);
            for k in 2..=n {
                let kf = k as f64;
                let p2 = ((2.0 * kf - 1.0) * z * p1 - (kf - 1.0) * p0) / kf;
                p0 = p1;
                p1 = p2;
            }
            let pn = if n == 0 { 1.0 } else { p1 };
            let pnm1 = p0;
            dp = nf * (z * pn - pnm1) / (z * z - 1.0);
            let dz = pn / dp;
            z -= dz;
            if dz.abs() < 1e-16 {
                break;
            }
        }
        x[i] = -z;
        x[n - 1 - i] = z;
        let wi = 2.0 / ((1.0 - z * z) * dp * dp);
        w[i] = wi;
        w[n - 1 - i] = wi;
    }
    (x, w)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn erfc_against_tabulated_values() {
        // A&S Table 7.1 and NIST DLMF values.
        let cases = [
            (0.0, 1.0),
            (0.5, 0.479_500_122_186_953_5),
            (1.0, 0.157_299_207_050_285_13),
            (2.0, 4.677_734_981_047_266e-3),
            (3.0, 2.209_049_699_858_544e-5),
            (5.0, 1.537_459_794_428_034_8e-12),
            (-1.0, 1.842_700_792_949_715),
        ];
        for (x, want) in cases {
            let got = erfc(x);
            assert!(
                ((got - want) / want).abs() < 1e-13,
                "erfc({x}) = {got}, want {want}"
            );
        }
        assert!((erfc_inv(1e-6) - 3.458_910_737_279_5).abs() < 1e-6);
    }

    #[test]
    fn gauss_legendre_integrates_polynomials_exactly() {
        let (x, w) = gauss_legendre(8);
        let s: f64 = x.iter().zip(&w).map(|(x, w)| w * x.powi(14)).sum();
        assert!((s - 2.0 / 15.0).abs() < 1e-14);
    }

    #[test]
    fn ln_gamma_known_values() {
        assert!((ln_gamma(0.5) - 0.5 * PI.ln()).abs() < 1e-13);
        assert!((ln_gamma(10.0) - 362_880f64.ln()).abs() < 1e-12);
    }
}
