//! Adaptive 1D quadrature for the Pc integrals: 10-point Gauss–Legendre panels, each
//! accepted when halving it changes the sum by less than the tolerance (the error of the
//! halved sum is far smaller than that difference for smooth integrands, so the test is
//! conservative). Breakpoints let callers put panel edges on known features (Gaussian
//! peak, edge of a step), so a narrow feature is never stepped over.

/// Gauss–Legendre 10-point nodes (positive half) and weights on [−1, 1], computed with
/// mpmath at 40 digits by Newton iteration on P₁₀.
#[allow(clippy::excessive_precision)] // 17 digits: rounds to the nearest f64
const GL10: [(f64, f64); 5] = [
    (9.739_065_285_171_717e-1, 6.667_134_430_868_814e-2),
    (8.650_633_666_889_845e-1, 1.494_513_491_505_805_9e-1),
    (6.794_095_682_990_244e-1, 2.190_863_625_159_820_4e-1),
    (4.333_953_941_292_472e-1, 2.692_667_193_099_963_5e-1),
    (1.488_743_389_816_312_2e-1, 2.955_242_247_147_528_7e-1),
];

fn panel<F: FnMut(f64) -> f64>(f: &mut F, a: f64, b: f64) -> f64 {
    let c = 0.5 * (a + b);
    let h = 0.5 * (b - a);
    let mut s = 0.0;
    for &(x, w) in &GL10 {
        s += w * (f(c + h * x) + f(c - h * x));
    }
    s * h
}

/// Integral of `f` over [breaks[0], breaks[last]] with panel edges at every breakpoint
/// (must be sorted). `rel_tol` is relative to the whole integral; panels whose
/// contribution is negligible against it are accepted early. Work is bounded: at most
/// `MAX_PANELS` panel refinements (the estimate then carries a larger error, never NaN).
pub(crate) fn integrate<F: FnMut(f64) -> f64>(f: &mut F, breaks: &[f64], rel_tol: f64) -> f64 {
    const MAX_PANELS: usize = 4000;
    const MAX_DEPTH: u32 = 40;
    let mut stack: Vec<(f64, f64, f64, u32)> = Vec::with_capacity(64);
    let mut total_abs = 0.0;
    for w in breaks.windows(2) {
        let (a, b) = (w[0], w[1]);
        if b > a {
            let s = panel(f, a, b);
            total_abs += s.abs();
            stack.push((a, b, s, 0));
        }
    }
    let mut result = 0.0;
    let mut refinements = 0;
    while let Some((a, b, s, depth)) = stack.pop() {
        let m = 0.5 * (a + b);
        let sl = panel(f, a, m);
        let sr = panel(f, m, b);
        let refined = sl + sr;
        refinements += 1;
        let diff = (refined - s).abs();
        // Local relative test, or negligible against the whole integral (the floor keeps
        // zero-valued panels from being refined for ever).
        let ok = diff <= rel_tol * refined.abs()
            || diff <= 0.1 * rel_tol * total_abs
            || depth >= MAX_DEPTH
            || refinements >= MAX_PANELS
            || !(m > a && m < b);
        if ok {
            result += refined;
        } else {
            // Keep the running scale current: a feature found late raises the floor.
            total_abs += (refined.abs() - s.abs()).max(0.0);
            stack.push((a, m, sl, depth + 1));
            stack.push((m, b, sr, depth + 1));
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
