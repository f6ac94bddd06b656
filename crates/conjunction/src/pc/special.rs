//! Error functions to (near) full double precision, written for the Pc integrals where the
//! *difference* of two error functions and far tails (Pc down to 1e-300) matter.
//!
//! `erfcx(x) = exp(x²)·erfc(x)` for x ≥ 0 is a Chebyshev series in t = (x − K)/(x + K), the
//! mapping of Schonfelder, "Chebyshev expansions for the error and related functions",
//! Math. Comp. 32 (1978) 1232–1240. Our coefficients (K = 3.75, 27 terms, |c_k| < 3e-19 after)
//! were computed with mpmath at 40 digits from Chebyshev–Gauss nodes; see `SOURCE.md` in
//! `tests/data/pc2d`. Small arguments use the Maclaurin series of erf (Abramowitz & Stegun
//! 7.1.5), and close pairs use a 6-point Gauss–Legendre rule on exp(−t²) so that
//! erf(a) − erf(b) keeps its relative accuracy when a ≈ b.

use std::f64::consts::FRAC_2_SQRT_PI;

const ERFCX_K: f64 = 3.75;

/// Chebyshev coefficients of erfcx(K(1+t)/(1−t)) on t ∈ [−1, 1] (c₀ already halved).
#[allow(clippy::excessive_precision)] // 17 digits: rounds to the nearest f64
const ERFCX_CHEB: [f64; 27] = [
    3.050_715_409_616_002_2e-1,
    -4.348_412_727_125_775e-1,
    1.763_511_936_436_055e-1,
    -6.071_079_560_924_941e-2,
    1.771_206_899_569_411_5e-2,
    -4.321_119_385_567_294e-3,
    8.542_166_768_870_987e-4,
    -1.271_550_906_091_627_5e-4,
    1.124_816_724_367_118_9e-5,
    3.130_638_854_218_21e-7,
    -2.709_880_685_377_62e-7,
    3.073_762_270_140_768_7e-8,
    2.515_620_384_817_622_8e-9,
    -1.028_929_921_320_319_2e-9,
    2.994_405_211_994_994e-11,
    2.605_178_968_726_693_6e-11,
    -2.634_839_924_171_969_3e-12,
    -6.434_045_098_906_365e-13,
    1.124_574_018_016_634_5e-13,
    1.728_153_338_998_609_7e-14,
    -4.264_101_694_942_375e-15,
    -5.453_719_778_801_906e-16,
    1.586_976_077_616_712_3e-16,
    2.089_983_784_433_404_4e-17,
    -5.900_526_869_408_806e-18,
    -9.418_933_875_544_283e-19,
    2.149_773_564_696_039_2e-19,
];

/// Gauss–Legendre 6-point nodes and weights on [−1, 1].
#[allow(clippy::excessive_precision)]
const GL6: [(f64, f64); 3] = [
    (9.324_695_142_031_521e-1, 1.713_244_923_791_703_6e-1),
    (6.612_093_864_662_645e-1, 3.607_615_730_481_386e-1),
    (2.386_191_860_831_969e-1, 4.679_139_345_726_910_4e-1),
];

/// Scaled complementary error function exp(x²)·erfc(x), for x ≥ 0.
fn erfcx_nonneg(x: f64) -> f64 {
    if x > 1e8 {
        // Asymptotic 1/(x√π); the series' mapping loses t resolution there.
        return FRAC_2_SQRT_PI / (2.0 * x);
    }
    let t = (x - ERFCX_K) / (x + ERFCX_K);
    // Clenshaw recurrence.
    let (mut b1, mut b2) = (0.0_f64, 0.0_f64);
    for &c in ERFCX_CHEB[1..].iter().rev() {
        let b0 = c + 2.0 * t * b1 - b2;
        b2 = b1;
        b1 = b0;
    }
    ERFCX_CHEB[0] + t * b1 - b2
}

/// exp(−x²) with x² split exactly (Dekker) so the result keeps full relative accuracy for
/// large x, where a rounded x² would cost x²·ε.
fn exp_neg_sq(x: f64) -> f64 {
    if x.abs() < 4.0 {
        // Rounding of x² costs at most 16ε relative here.
        return (-(x * x)).exp();
    }
    let hi = f64::from_bits(x.to_bits() & 0xFFFF_FFFF_F800_0000);
    let lo = x - hi;
    (-(hi * hi)).exp() * (-(lo * (x + hi))).exp()
}

/// Maclaurin series of erf, used for |x| < 0.5 (15 terms reach 1e-18).
fn erf_series(x: f64) -> f64 {
    let x2 = x * x;
    let mut term = x; // (-1)^n x^(2n+1) / n!
    let mut sum = x;
    for n in 1..20 {
        term *= -x2 / n as f64;
        let add = term / (2 * n + 1) as f64;
        sum += add;
        if add.abs() < 1e-17 * sum.abs() {
            break;
        }
    }
    FRAC_2_SQRT_PI * sum
}

/// Scaled complementary error function exp(x²)·erfc(x).
pub fn erfcx(x: f64) -> f64 {
    if x >= 0.0 {
        erfcx_nonneg(x)
    } else {
        2.0 * (x * x).exp() - erfcx_nonneg(-x)
    }
}

/// Complementary error function, relative accuracy ~1e-15 down to underflow (x ≈ 26.5).
pub fn erfc(x: f64) -> f64 {
    if x.is_nan() {
        return f64::NAN;
    }
    if x.abs() < 0.5 {
        return 1.0 - erf_series(x);
    }
    if x > 0.0 {
        if x > 27.3 {
            0.0
        } else {
            exp_neg_sq(x) * erfcx_nonneg(x)
        }
    } else {
        2.0 - erfc(-x)
    }
}

/// Error function.
pub fn erf(x: f64) -> f64 {
    if x.is_nan() {
        return f64::NAN;
    }
    if x.abs() < 0.5 {
        erf_series(x)
    } else if x > 0.0 {
        1.0 - erfc(x)
    } else {
        erfc(-x) - 1.0
    }
}

/// erf(a) − erf(b) without cancellation: complementary functions in the tails, and a
/// Gauss–Legendre rule on (2/√π)·exp(−t²) when the two arguments are close.
pub fn erf_diff(a: f64, b: f64) -> f64 {
    if a == b {
        return 0.0;
    }
    if a < b {
        return -erf_diff(b, a);
    }
    let w = a - b;
    let m = a.abs().max(b.abs());
    if w * (1.0 + m) <= 0.25 {
        // 6-point rule: error below 1e-17 relative for this width (see module docs). With
        // c the midpoint and t = c ± d, e^{−t²} = e^{−c²}·e^{−d²}·e^{∓2cd}, so each node pair
        // costs e^{−d²} and one e^{2cd} (small arguments, full relative accuracy).
        let (c, h) = (0.5 * (a + b), 0.5 * w);
        let mut s = 0.0;
        for &(xk, wk) in &GL6 {
            let d = h * xk;
            let e = (2.0 * c * d).exp();
            s += wk * (-d * d).exp() * (e + 1.0 / e);
        }
        return FRAC_2_SQRT_PI * h * exp_neg_sq(c) * s;
    }
    if b >= 0.0 {
        erfc(b) - erfc(a)
    } else if a <= 0.0 {
        erfc(-a) - erfc(-b)
    } else {
        erf(a) + erf(-b)
    }
}

#[cfg(test)]
#[allow(clippy::excessive_precision)] // reference values as printed by mpmath
mod tests {
    use super::*;

    // Reference values: mpmath 1.3.0 at 40 digits (erf/erfc), rounded to 17 digits.
    #[test]
    fn against_mpmath() {
        let cases = [
            (1e-3, 1.128_378_790_969_236_4e-3, 0.998_871_621_209_030_8),
            (0.3, 0.328_626_759_459_127_4, 0.671_373_240_540_872_6),
            (0.5, 0.520_499_877_813_046_5, 0.479_500_122_186_953_5),
            (1.0, 0.842_700_792_949_714_9, 0.157_299_207_050_285_13),
            (2.5, 0.999_593_047_982_555, 4.069_520_174_449_589_4e-4),
            (5.0, 0.999_999_999_998_462_5, 1.537_459_794_428_034_9e-12),
            (10.0, 1.0, 2.088_487_583_762_544_8e-45),
            (26.0, 1.0, 5.663_192_408_856_143e-296),
        ];
        for (x, e, ec) in cases {
            assert!((erf(x) - e).abs() <= 2e-16 * e, "erf({x})");
            assert!(
                (erfc(x) - ec).abs() <= 4e-15 * ec,
                "erfc({x}) = {} vs {ec}",
                erfc(x)
            );
            assert!((erf(-x) + e).abs() <= 2e-16 * e);
            assert!((erfc(-x) - (2.0 - ec)).abs() <= 4e-16);
        }
        // Close pair: erf(1.0000001) − erf(1) (arguments as f64), mpmath 4.1510745615221394e-8.
        let d = erf_diff(1.000_000_1, 1.0);
        assert!(
            (d - 4.151_074_561_522_139_4e-8).abs() < 1e-14 * 4.15e-8,
            "{d}"
        );
        assert_eq!(erf_diff(3.0, 3.0), 0.0);
    }
}
