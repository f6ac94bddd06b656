//! Lane-wise `sin`/`cos`, `atan2` and `fmod(x, 2π)` for the batched SGP4.
//!
//! Written for this crate after the classic scheme of Cody & Waite ("Software Manual for
//! the Elementary Functions", 1980) as used by Cephes, fdlibm and SLEEF (Shibata & Petrogalli,
//! IEEE TPDS 2020); the code and the polynomial coefficients are our own:
//!
//! - **sin, cos** (one call gives both): `x = qπ/2 + r`, `q = round(2x/π)`, with π/2 split
//!   into three parts `C₁ + C₂ + C₃` of which `C₁` and `C₂` have 33 significant bits, so that
//!   `q C₁` and `q C₂` are exact for `|q| ≤ 2²⁰` and `x − q C₁` is exact (Sterbenz). Then
//!   `sin r = r + r³ P(r²)` and `cos r = 1 − r²/2 + r⁴ Q(r²)` on `|r| ≤ π/4`, `P` and `Q`
//!   of degree 5, minimax (Remez exchange in 60-digit arithmetic, `P` and `Q` in absolute
//!   error: 2.0e-17 and 1.3e-18), and the quadrant `q mod 4` picks and signs the two.
//!   Arguments beyond `2²⁰ π/2 ≈ 1.6e6` rad (and NaN, ±∞) go to the C library lane by lane;
//!   SGP4 only meets such angles decades from epoch.
//! - **atan2**: reduce to `t = min(|x|,|y|) / max(|x|,|y|) ∈ [0, 1]`; above `tan(π/8)` use
//!   `atan t = π/4 + atan((t−1)/(t+1))`, formed as `(min − max)/(min + max)`; on
//!   `|t| ≤ tan(π/8)`, `atan t = t + t³ R(t²)`, `R` of degree 10, minimax in absolute error
//!   (3.0e-17). Octant fix-ups add π/2 and π as two-part constants. Zeros, infinities and
//!   NaN go to the C library lane by lane.
//! - **fmod(x, 2π)** with FMA: `n = round(x/2π)`, `r = fma(−n, 2π, x)` is exact because the
//!   true remainder `x − n·2π` is a multiple of ulp(2π) below 8 in magnitude (for `|x| ≥ 4`;
//!   below, `n ∈ {0, 1}` and the same holds), and one conditional `± 2π`, also exact, puts it
//!   on the side of zero C's `fmod` gives. So it equals C's `fmod` bit for bit.
//!
//! Measured accuracy (unit tests below, millions of points against the C library):
//! sin, cos and atan2 within 2 ulp of the C library (sin and cos: within 1 ulp everywhere on
//! |x| < 20 with FMA, for all but 0.006 % of points on |x| < 10⁴ and 0.05 % on 10⁶ … 2·10⁶),
//! absolute error ≤ 1.2e-16; fmod exact, bit for bit.

use super::lanes::{Arith, Fused, LANES, SIGN, V};

/// 2π (rounded to `f64`, as in the scalar code).
pub(crate) const TWO_PI: f64 = 2.0 * std::f64::consts::PI;

/// 1.5 × 2⁵²: adding and subtracting it rounds a double below 2⁵¹ to the nearest integer
/// (ties to even), and the low bits of the sum hold that integer in two's complement.
const ROUND_MAGIC: f64 = 6_755_399_441_055_744.0;

/// π/2 in three parts: 33, 33 and 53 significant bits.
const PIO2_C1: f64 = 1.570_796_326_734_125_6;
const PIO2_C2: f64 = 6.077_100_506_303_966e-11;
const PIO2_C3: f64 = 2.022_266_248_795_950_6e-21;
/// Largest |x| reduced in lanes: 2²⁰ π/2, below which `q C₁`, `q C₂` are exact.
const SINCOS_LIMIT: f64 = 1_647_099.0;

/// `(sin r − r)/r³` on `r² ∈ [0, (π/4)²]`, coefficients of `r⁰ … r¹⁰` in `r²`.
const SIN_P: [f64; 6] = [
    -0.166_666_666_666_666_66,
    0.008_333_333_333_330_95,
    -0.000_198_412_698_367_610_08,
    2.755_731_610_365_748_7e-6,
    -2.505_113_204_972_727e-8,
    1.591_814_256_970_465_2e-10,
];

/// `(cos r − 1 + r²/2)/r⁴` on `r² ∈ [0, (π/4)²]`.
const COS_Q: [f64; 6] = [
    0.041_666_666_666_666_664,
    -0.001_388_888_888_888_739_8,
    2.480_158_729_876_704e-5,
    -2.755_731_727_234_414_6e-7,
    2.087_614_638_222_014_5e-9,
    -1.138_263_980_575_688_5e-11,
];

/// `(atan t − t)/t³` on `t² ∈ [0, tan²(π/8)]`.
const ATAN_R: [f64; 11] = [
    -0.333_333_333_333_333_3,
    0.199_999_999_999_957_77,
    -0.142_857_142_847_156_56,
    0.111_111_110_189_113_39,
    -0.090_909_047_163_036_38,
    0.076_921_861_922_157_87,
    -0.066_645_511_443_723_44,
    0.058_584_739_250_867_095,
    -0.050_870_580_205_197_254,
    0.039_275_724_439_457_75,
    -0.019_228_206_948_091_29,
];

const TAN_PI_8: f64 = 0.414_213_562_373_095_03;
/// k π/4 for k = 0 … 4, rounded, and what the rounding left out.
const QUARTER_PI_MULTIPLES_HI: [f64; 5] = [
    0.0,
    std::f64::consts::FRAC_PI_4,
    std::f64::consts::FRAC_PI_2,
    2.356_194_490_192_345,
    std::f64::consts::PI,
];
const QUARTER_PI_MULTIPLES_LO: [f64; 5] = [
    0.0,
    3.061_616_997_868_383e-17,
    6.123_233_995_736_766e-17,
    9.184_850_993_605_148e-17,
    1.224_646_799_147_353_2e-16,
];

/// Horner's rule in `z` over `coefficients` (constant term first).
#[inline(always)]
fn horner<A: Arith>(z: V, coefficients: &[f64]) -> V {
    let n = coefficients.len();
    let mut p = V::splat(coefficients[n - 1]);
    for &c in coefficients[..n - 1].iter().rev() {
        p = A::mul_add(p, z, V::splat(c));
    }
    p
}

/// `(sin x, cos x)` lane by lane.
#[inline(always)]
pub(crate) fn sin_cos<A: Arith>(x: V) -> (V, V) {
    // q = round(2x/π), kept also as the bits of the rounding sum for the quadrant.
    let shifted = x * std::f64::consts::FRAC_2_PI + ROUND_MAGIC;
    let q = shifted - ROUND_MAGIC;
    let quadrant = shifted.to_bits();
    let r = x - q * PIO2_C1;
    let r = r - q * PIO2_C2;
    let r = r - q * PIO2_C3;
    let z = r * r;

    // sin r = r + r z P(z)
    let sin_r = A::mul_add(r * z, horner::<A>(z, &SIN_P), r);
    // cos r = w + ((1 − w) − z/2 + z² Q(z)), w = 1 − z/2: the rounding of w is put back.
    let hz = z * 0.5;
    let w = 1.0 - hz;
    let cos_r = w + A::mul_add(z * z, horner::<A>(z, &COS_Q), (1.0 - w) - hz);

    let sin_bits = sin_r.to_bits();
    let cos_bits = cos_r.to_bits();
    let mut s = [0u64; LANES];
    let mut c = [0u64; LANES];
    for i in 0..LANES {
        let k = quadrant[i];
        // Odd quadrant: sin x = ±cos r, cos x = ±sin r.
        let swap = 0u64.wrapping_sub(k & 1);
        let sv = (sin_bits[i] & !swap) | (cos_bits[i] & swap);
        let cv = (cos_bits[i] & !swap) | (sin_bits[i] & swap);
        // sin is negative in quadrants 2, 3; cos in 1, 2.
        s[i] = sv ^ ((k & 2) << 62);
        c[i] = cv ^ ((k.wrapping_add(1) & 2) << 62);
    }
    let (mut s, mut c) = (V::from_bits(s), V::from_bits(c));

    let outside = x.abs().test(|a| !(a <= SINCOS_LIMIT));
    if outside.any() {
        for i in 0..LANES {
            if outside.get(i) {
                (s.0[i], c.0[i]) = x.0[i].sin_cos();
            }
        }
    }
    (s, c)
}

/// `atan2(y, x)` lane by lane, in [−π, π].
#[inline(always)]
pub(crate) fn atan2<A: Arith>(y: V, x: V) -> V {
    let ax = x.abs();
    let ay = y.abs();
    let swap = ay.test2(ax, |ay, ax| ay > ax);
    let num = swap.select(ax, ay);
    let den = swap.select(ay, ax);
    let t = num / den;
    // Above tan(π/8): atan t = π/4 + atan((num − den)/(num + den)).
    let big = t.test(|t| t > TAN_PI_8);
    let t = big.select((num - den) / (num + den), t);
    let z = t * t;
    let p = A::mul_add(t * z, horner::<A>(z, &ATAN_R), t);
    // The angle is K + s p with K a multiple of π/4: atan(num/den) = k₀π/4 + p (k₀ = 0, 1);
    // swapped, π/2 minus that; x < 0, π minus that. K is added last, in two parts, so the
    // result is rounded once.
    let negative_x = x.test(|x| x.is_sign_negative());
    let one = V::splat(1.0);
    let k0 = big.select(one, V::splat(0.0));
    let k1 = swap.select(2.0 - k0, k0);
    let s1 = swap.select(-one, one);
    let k = negative_x.select(4.0 - k1, k1);
    let sign = negative_x.select(-s1, s1);
    // k ∈ {0, …, 4}: pick k π/4 by blends.
    let pick = |table: &[f64; 5]| {
        let mut v = V::splat(table[0]);
        for (j, &entry) in table.iter().enumerate().skip(1) {
            v = k.test(|k| k == j as f64).select(V::splat(entry), v);
        }
        v
    };
    let k_hi = pick(&QUARTER_PI_MULTIPLES_HI);
    let k_lo = pick(&QUARTER_PI_MULTIPLES_LO);
    let a = k_hi + A::mul_add(sign, p, k_lo);
    let ybits = y.to_bits();
    let mut abits = a.to_bits();
    for i in 0..LANES {
        abits[i] |= ybits[i] & SIGN;
    }
    let mut a = V::from_bits(abits);

    // 0/0, ∞/∞, NaN: the C library's conventions.
    let special = den
        .test(|d| !(d > 0.0 && d < f64::INFINITY))
        .or(num.test(|n| n.is_nan()));
    if special.any() {
        for i in 0..LANES {
            if special.get(i) {
                a.0[i] = y.0[i].atan2(x.0[i]);
            }
        }
    }
    a
}

/// C's `fmod(x, 2π)` lane by lane, exactly, using fused multiply-adds.
#[inline(always)]
pub(crate) fn fmod_two_pi_fused(x: V) -> V {
    const INV_TWO_PI: f64 = 1.0 / TWO_PI;
    /// Below this the quotient rounds safely through `ROUND_MAGIC`.
    const LIMIT: f64 = 1.0e15;
    let n = (x * INV_TWO_PI + ROUND_MAGIC) - ROUND_MAGIC;
    // Exact: the remainder is representable (see the module notes).
    let r = Fused::mul_add(-n, V::splat(TWO_PI), x);
    // n is the quotient or one more in magnitude; take the remainder with x's sign.
    let positive = x.test(|x| x >= 0.0);
    let up = positive.and(r.test(|r| r < 0.0));
    let down = x.test(|x| x < 0.0).and(r.test(|r| r > 0.0));
    let r = up.select(r + TWO_PI, r);
    let r = down.select(r - TWO_PI, r);
    // A zero remainder carries x's sign, as C's fmod gives it.
    let (rbits, xbits) = (r.to_bits(), x.to_bits());
    let mut out = [0; LANES];
    for i in 0..LANES {
        out[i] = (rbits[i] & !SIGN) | (xbits[i] & SIGN);
    }
    let mut out = V::from_bits(out);
    let outside = x.abs().test(|a| !(a < LIMIT));
    if outside.any() {
        for i in 0..LANES {
            if outside.get(i) {
                out.0[i] = x.0[i] % TWO_PI;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    //! Accuracy against the C library over millions of points, for both arithmetics. The
    //! FMA variant is run only where the CPU has it.
    use super::*;
    use crate::batch::lanes::Unfused;

    /// A small deterministic generator (SplitMix64), so the points are the same every run.
    struct Rng(u64);
    impl Rng {
        fn next_u64(&mut self) -> u64 {
            self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        }
        /// Uniform in [lo, hi).
        fn uniform(&mut self, lo: f64, hi: f64) -> f64 {
            let u = (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
            lo + (hi - lo) * u
        }
    }

    /// Error in units of the last place of the reference value (the C library is within
    /// about 0.5 ulp of the true value, so this is our error to within half an ulp).
    fn ulps(got: f64, want: f64) -> f64 {
        if got == want {
            return 0.0;
        }
        let ulp = if want == 0.0 {
            f64::MIN_POSITIVE
        } else {
            let bits = want.abs().to_bits();
            f64::from_bits(bits + 1) - want.abs()
        };
        (got - want).abs() / ulp
    }

    fn fma_available() -> bool {
        #[cfg(target_arch = "x86_64")]
        {
            is_x86_feature_detected!("fma") && is_x86_feature_detected!("avx2")
        }
        #[cfg(not(target_arch = "x86_64"))]
        {
            false
        }
    }

    /// Max ulp error of sin and cos, max absolute error, and the fraction of results more
    /// than one ulp from the C library's, over `n` points in [lo, hi).
    fn sin_cos_error<A: Arith>(lo: f64, hi: f64, n: usize, seed: u64) -> (f64, f64, f64) {
        let mut rng = Rng(seed);
        let (mut max_ulp, mut max_abs) = (0.0f64, 0.0f64);
        let mut over_one = 0usize;
        for _ in 0..n / LANES {
            let x = V(std::array::from_fn(|_| rng.uniform(lo, hi)));
            let (s, c) = sin_cos::<A>(x);
            for i in 0..LANES {
                let (ws, wc) = x.0[i].sin_cos();
                let (us, uc) = (ulps(s.0[i], ws), ulps(c.0[i], wc));
                over_one += usize::from(us > 1.0) + usize::from(uc > 1.0);
                max_ulp = max_ulp.max(us).max(uc);
                max_abs = max_abs.max((s.0[i] - ws).abs()).max((c.0[i] - wc).abs());
            }
        }
        (max_ulp, max_abs, over_one as f64 / (2 * n) as f64)
    }

    fn check_sin_cos<A: Arith>() {
        // The ranges SGP4 meets: reduced angles, Kepler iterates (|E| < 2π + 10), mean
        // anomalies far from epoch (Ṁ t up to ~1e4 rad for a year), and beyond the lane range.
        // Ulps are against the C library's rounding; absolute errors bound what the
        // propagated position sees (1e-16 rad ≈ 1e-12 km at 10,000 km).
        // Against the C library (itself within half an ulp), "2 ulp" means our result is at
        // most two representable numbers away from its.
        let (max_ulp, max_abs) = (2.0, 1.2e-16);
        for (lo, hi) in [
            (-std::f64::consts::FRAC_PI_4, std::f64::consts::FRAC_PI_4),
            (-20.0, 20.0),
            (-1.0e4, 1.0e4),
            (1.0e6, 2.0e6),
        ] {
            let (u, a, f) = sin_cos_error::<A>(lo, hi, 2_000_000, 1);
            println!(
                "sin_cos on [{lo}, {hi}): max {u} ulp, max abs {a:e}, {:.4} % over 1 ulp",
                100.0 * f
            );
            assert!(u <= max_ulp, "sin_cos on [{lo}, {hi}): {u} ulp");
            assert!(a <= max_abs, "sin_cos on [{lo}, {hi}): {a:e} abs");
        }
        // Special values.
        let x = V(std::array::from_fn(|i| {
            [
                0.0,
                -0.0,
                f64::NAN,
                f64::INFINITY,
                1e300,
                -1e-300,
                1.0,
                -1.0,
            ][i % 8]
        }));
        let (s, c) = sin_cos::<A>(x);
        for i in 0..LANES {
            let (ws, wc) = x.0[i].sin_cos();
            assert!(
                s.0[i] == ws || (s.0[i].is_nan() && ws.is_nan()),
                "{}",
                x.0[i]
            );
            assert!(
                c.0[i] == wc || (c.0[i].is_nan() && wc.is_nan()),
                "{}",
                x.0[i]
            );
        }
    }

    fn check_atan2<A: Arith>() {
        let mut rng = Rng(7);
        let mut max_ulp = 0.0f64;
        for k in 0..3_000_000 / LANES {
            // Unit circle points (what SGP4 passes) and points over many magnitudes.
            let (y, x) = if k % 2 == 0 {
                let a: [f64; LANES] = std::array::from_fn(|_| rng.uniform(-4.0, 4.0));
                let r: [f64; LANES] = std::array::from_fn(|_| rng.uniform(0.9, 1.1));
                (
                    V(std::array::from_fn(|i| r[i] * a[i].sin())),
                    V(std::array::from_fn(|i| r[i] * a[i].cos())),
                )
            } else {
                let e = |rng: &mut Rng| {
                    let s = if rng.next_u64() & 1 == 0 { 1.0 } else { -1.0 };
                    s * rng.uniform(0.0, 1.0) * 10f64.powf(rng.uniform(-20.0, 20.0))
                };
                (
                    V(std::array::from_fn(|_| e(&mut rng))),
                    V(std::array::from_fn(|_| e(&mut rng))),
                )
            };
            let a = atan2::<A>(y, x);
            for i in 0..LANES {
                let w = y.0[i].atan2(x.0[i]);
                max_ulp = max_ulp.max(ulps(a.0[i], w));
            }
        }
        println!("atan2: max {max_ulp} ulp");
        assert!(max_ulp <= 2.0, "atan2: {max_ulp} ulp");
        // Special values, all combinations.
        let specials = [
            0.0,
            -0.0,
            1.0,
            -1.0,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NAN,
            1e-310,
        ];
        for &yv in &specials {
            let y = V::splat(yv);
            let x = V(std::array::from_fn(|i| specials[i % specials.len()]));
            let a = atan2::<A>(y, x);
            for i in 0..LANES {
                let w = yv.atan2(x.0[i]);
                assert!(
                    a.0[i] == w || (a.0[i].is_nan() && w.is_nan()),
                    "atan2({yv}, {}) = {} not {w}",
                    x.0[i],
                    a.0[i]
                );
            }
        }
    }

    fn check_fmod<A: Arith>() {
        let mut rng = Rng(11);
        for k in 0..4_000_000 / LANES {
            let scale = [1.0, 10.0, 1e3, 1e6, 1e12, 1e16][k % 6];
            let x = V(std::array::from_fn(|_| rng.uniform(-scale, scale)));
            let r = A::fmod_two_pi(x);
            for i in 0..LANES {
                let w = x.0[i] % TWO_PI;
                assert_eq!(r.0[i].to_bits(), w.to_bits(), "fmod({:e})", x.0[i]);
            }
        }
        // Near multiples of 2π, where the quotient rounds the wrong way.
        for k in 1..200_000u64 {
            let m = (k as f64) * TWO_PI;
            let x = V(std::array::from_fn(|i| {
                f64::from_bits((m.to_bits() as i64 + i as i64 - (LANES as i64) / 2) as u64)
            }));
            let r = A::fmod_two_pi(x);
            let rn = A::fmod_two_pi(-x);
            for i in 0..LANES {
                assert_eq!(
                    r.0[i].to_bits(),
                    (x.0[i] % TWO_PI).to_bits(),
                    "fmod({:e})",
                    x.0[i]
                );
                assert_eq!(
                    rn.0[i].to_bits(),
                    (-x.0[i] % TWO_PI).to_bits(),
                    "fmod({:e})",
                    -x.0[i]
                );
            }
        }
    }

    #[test]
    fn sin_cos_portable_is_within_two_ulp() {
        check_sin_cos::<Unfused>();
    }

    #[test]
    fn atan2_portable_is_within_two_ulp() {
        check_atan2::<Unfused>();
    }

    #[test]
    fn fmod_portable_is_exact() {
        check_fmod::<Unfused>();
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2,fma")]
    fn run_fused_checks() {
        check_sin_cos::<Fused>();
        check_atan2::<Fused>();
        check_fmod::<Fused>();
    }

    #[test]
    fn fused_kernels_are_within_two_ulp_and_fmod_exact() {
        if !fma_available() {
            eprintln!("no AVX2/FMA on this CPU: fused kernels not tested");
            return;
        }
        #[cfg(target_arch = "x86_64")]
        // SAFETY: AVX2 and FMA were detected at run time just above.
        unsafe {
            run_fused_checks()
        }
    }
}
