//! Adaptive 1D quadrature for the Pc integrals: 15-point Gauss–Kronrod panels with the
//! embedded 7-point Gauss rule as error estimate (Kronrod 1965; Piessens et al., QUADPACK,
//! Springer 1983, routine QK15), bisected until the estimate meets the tolerance. The
//! |K15 − G7| estimate bounds the 7-point rule's error and so is very conservative for the
//! 15-point value returned. Breakpoints let callers put panel edges on known features
//! (Gaussian peak, edge of a step), so a narrow feature is never stepped over.

/// Kronrod nodes (positive half, descending; odd positions are the Gauss nodes) and
/// weights, and the 7-point Gauss weights, as tabulated in QUADPACK's QK15 (checked with
/// mpmath: K15 exact to degree 22, G7 to degree 13, at double rounding).
#[allow(clippy::excessive_precision)] // 18 digits: rounds to the nearest f64
const XGK: [f64; 8] = [
    0.991_455_371_120_812_639,
    0.949_107_912_342_758_525,
    0.864_864_423_359_769_073,
    0.741_531_185_599_394_440,
    0.586_087_235_467_691_130,
    0.405_845_151_377_397_167,
    0.207_784_955_007_898_468,
    0.0,
];
#[allow(clippy::excessive_precision)]
const WGK: [f64; 8] = [
    0.022_935_322_010_529_225,
    0.063_092_092_629_978_553,
    0.104_790_010_322_250_184,
    0.140_653_259_715_525_919,
    0.169_004_726_639_267_903,
    0.190_350_578_064_785_410,
    0.204_432_940_075_298_892,
    0.209_482_141_084_727_828,
];
#[allow(clippy::excessive_precision)]
const WG: [f64; 4] = [
    0.129_484_966_168_869_693,
    0.279_705_391_489_276_668,
    0.381_830_050_505_118_945,
    0.417_959_183_673_469_388,
];

/// (K15 integral, error estimate) over [a, b]. The estimate is QUADPACK's: |K15 − G7|
/// scaled by (200·|K15 − G7|/I_asc)^{3/2} against the integral of |f − mean| (it tracks the
/// K15 error, not the cruder G7 one), floored at 50ε of the integral of |f|.
fn panel<F: FnMut(f64) -> f64>(f: &mut F, a: f64, b: f64) -> (f64, f64) {
    let c = 0.5 * (a + b);
    let h = 0.5 * (b - a);
    let fc = f(c);
    let mut vals = [(0.0, 0.0); 7];
    let mut k = WGK[7] * fc;
    let mut g = WG[3] * fc;
    let mut kabs = WGK[7] * fc.abs();
    for j in 0..7 {
        let (f1, f2) = (f(c - h * XGK[j]), f(c + h * XGK[j]));
        vals[j] = (f1, f2);
        k += WGK[j] * (f1 + f2);
        kabs += WGK[j] * (f1.abs() + f2.abs());
        if j % 2 == 1 {
            g += WG[j / 2] * (f1 + f2);
        }
    }
    let mean = 0.5 * k;
    let mut asc = WGK[7] * (fc - mean).abs();
    for j in 0..7 {
        asc += WGK[j] * ((vals[j].0 - mean).abs() + (vals[j].1 - mean).abs());
    }
    let (asc, kabs) = (asc * h.abs(), kabs * h.abs());
    let mut err = ((k - g) * h).abs();
    if asc != 0.0 && err != 0.0 {
        err = asc * (200.0 * err / asc).powf(1.5).min(1.0);
    }
    err = err.max(50.0 * f64::EPSILON * kabs);
    (k * h, err)
}

/// Integral of `f` over [breaks[0], breaks[last]] with panel edges at every breakpoint
/// (must be sorted). `rel_tol` is relative to the whole integral; panels whose error is
/// negligible against it are accepted early. Work is bounded: at most `MAX_PANELS` panel
/// bisections (the estimate then carries a larger error, never NaN).
pub(crate) fn integrate<F: FnMut(f64) -> f64>(f: &mut F, breaks: &[f64], rel_tol: f64) -> f64 {
    const MAX_PANELS: usize = 4000;
    const MAX_DEPTH: u32 = 40;
    let mut stack: Vec<(f64, f64, f64, f64, u32)> = Vec::with_capacity(64);
    let mut total_abs = 0.0;
    for w in breaks.windows(2) {
        let (a, b) = (w[0], w[1]);
        if b > a {
            let (s, e) = panel(f, a, b);
            total_abs += s.abs();
            stack.push((a, b, s, e, 0));
        }
    }
    let mut result = 0.0;
    let mut bisections = 0;
    while let Some((a, b, s, err, depth)) = stack.pop() {
        let m = 0.5 * (a + b);
        // Local relative test, or negligible against the whole integral (the floor keeps
        // zero-valued panels from being refined for ever).
        let ok = err <= rel_tol * s.abs()
            || err <= 0.1 * rel_tol * total_abs
            || depth >= MAX_DEPTH
            || bisections >= MAX_PANELS
            || !(m > a && m < b);
        if ok {
            result += s;
        } else {
            bisections += 1;
            let (sl, el) = panel(f, a, m);
            let (sr, er) = panel(f, m, b);
            // Keep the running scale current: a feature found late raises the floor.
            total_abs += (sl.abs() + sr.abs() - s.abs()).max(0.0);
            stack.push((a, m, sl, el, depth + 1));
            stack.push((m, b, sr, er, depth + 1));
        }
    }
    result
}

/// Adds breakpoints at `center` and at `center ± width·4^k` inside (lo, hi): a feature of
/// that width sitting on a panel edge is then always resolved, because the adjacent panels
/// grow geometrically from the feature's own scale (a panel many times wider than a
/// feature at its edge would not see it at any node, nor would its halves).
pub(crate) fn add_graded(breaks: &mut Vec<f64>, center: f64, width: f64, lo: f64, hi: f64) {
    if !(lo..=hi).contains(&center) || width.is_nan() || width <= 0.0 {
        return;
    }
    breaks.push(center);
    let mut d = width;
    while d < hi - lo {
        if center + d < hi {
            breaks.push(center + d);
        }
        if center - d > lo {
            breaks.push(center - d);
        }
        d *= 4.0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn smooth_and_peaked() {
        // ∫₀^π sin = 2.
        let v = integrate(&mut |x: f64| x.sin(), &[0.0, std::f64::consts::PI], 1e-14);
        assert!((v - 2.0).abs() < 1e-14);
        // Narrow Gaussian with graded breakpoints around its peak: ∫ exp(-(x/1e-3)²) = 1e-3·√π.
        let mut b = vec![-1.0, 1.0];
        add_graded(&mut b, 0.0, 1e-3, -1.0, 1.0);
        b.sort_by(f64::total_cmp);
        let v = integrate(&mut |x: f64| (-(x / 1e-3).powi(2)).exp(), &b, 1e-13);
        assert!((v - 1e-3 * std::f64::consts::PI.sqrt()).abs() < 1e-15);
    }
}
