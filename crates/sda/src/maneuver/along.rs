//! Along-track prediction test for small in-plane burns in low orbit.
//!
//! A burn that changes the semi-major axis by Δa changes the mean motion by
//! Δn = −(3/2) n Δa / a, so the satellite drifts along-track away from where the sets before
//! the burn predict it by Δs ≈ −(3/2) n Δa (t − t_b) (Vallado, "Fundamentals of
//! Astrodynamics and Applications", 4th ed., §6.8, the secular along-track term of the
//! Clohessy–Wiltshire solution; Kelecy et al., AMOS 2007, use the same growth of TLE
//! prediction residuals). For a burn of a few mm/s (Δa of a few metres) the mean-motion field
//! of one set barely moves, but the along-track error grows by about a kilometre a day and
//! soon exceeds the ~0.1–1 km along-track scatter of TLE positions.
//!
//! For every gap between consecutive sets, the sets within [`Config::along_window_days`]
//! of it are compared with the SGP4 prediction of the last set before the gap: the residual
//! is the difference of argument of latitude (in the reference orbit's plane) times the
//! radius, in km. The no-burn model is a straight line in time (the reference set's own
//! errors of mean longitude and mean motion); the burn model adds, for the sets after the
//! gap, a step and a change of slope (the change of slope is the burn; the step absorbs where
//! in the gap the burn fell and the first sets fitted across it). The likelihood-ratio
//! statistic of the two nested least-squares fits, (RSS₀ − RSS₁)/σ², is χ² with 2 degrees
//! of freedom under Gaussian noise (Wilks, Ann. Math. Statist. 9, 1938). σ² is the
//! satellite's own residual variance, the median over all windows of the burn model's
//! residual variance, which quiet windows (the majority) dominate.
//!
//! TLE errors are correlated from set to set (fits share observation spans), so the
//! statistic is inflated under the null. The inflation is measured, as genomic control does
//! for correlated association tests (Devlin & Roeder, Biometrics 55, 1999): the median of the
//! statistic over all gaps of the satellite, divided by the χ²₂ median (2 ln 2), is the
//! factor κ ≥ 1 the statistic is divided by. The threshold is then the χ²₂ quantile of the
//! per-gap false-alarm probability [`Config::along_false_alarm`]: −2 ln α.

use uitkijk_formats::ElementSet;
use uitkijk_propagate::Sgp4;

use super::elements::Sample;
use super::robust;
use super::Config;

/// The test's outcome at one gap.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct GapTest {
    /// Calibrated likelihood-ratio statistic (χ²₂ under no burn).
    pub lr: f64,
    /// Change of along-track drift rate across the gap, km/day (negative: orbit raised).
    pub drift_km_day: f64,
}

/// Largest along-track residual used, km: beyond it the orbits differ by more than a small
/// burn (the level detector's business) or a set is bad.
const MAX_RESIDUAL_KM: f64 = 200.0;

/// Fewest sets on each side of a gap for the test.
const MIN_SIDE: usize = 3;

/// The test at every gap of the active sets (`active` indexes `samples`); gaps without
/// enough sets on both sides get `lr` 0.
pub(crate) fn test_gaps(
    history: &[ElementSet],
    samples: &[Sample],
    active: &[usize],
    cfg: &Config,
) -> (Vec<GapTest>, Residuals) {
    let res = Residuals::new(history, samples, active);
    let gaps = active.len().saturating_sub(1);
    let d = cfg.along_window_days;
    let mut raw: Vec<Option<(f64, f64, f64)>> = vec![None; gaps];
    for (k, r) in raw.iter_mut().enumerate() {
        let rows = res.rows(k, res.t[k] - d, res.t[k + 1] + d);
        let before = rows.iter().filter(|r| !r.2).count();
        if before < MIN_SIDE || rows.len() - before < MIN_SIDE {
            continue;
        }
        *r = fit(&rows);
    }
    // Noise level of the satellite: median residual variance of the burn model.
    let var = robust::median(raw.iter().flatten().map(|r| r.2)).unwrap_or(0.0);
    if var <= 0.0 {
        return (vec![GapTest::default(); gaps], res);
    }
    let stat: Vec<f64> = raw
        .iter()
        .map(|r| r.map_or(f64::NAN, |r| r.0 / var))
        .collect();
    // Genomic-control inflation factor (module docs).
    let kappa = (robust::median(stat.iter().copied()).unwrap_or(0.0) / (2.0 * 2f64.ln())).max(1.0);
    let tests = raw
        .iter()
        .zip(&stat)
        .map(|(r, s)| match r {
            Some(r) => GapTest {
                lr: s / kappa,
                drift_km_day: r.1,
            },
            None => GapTest::default(),
        })
        .collect();
    (tests, res)
}

/// SGP4 of every active set and its own position at epoch, for the residuals.
pub(crate) struct Residuals {
    props: Vec<Option<Sgp4>>,
    own: Vec<Option<[f64; 3]>>,
    /// Epochs of the active sets, days on the detector's axis.
    pub t: Vec<f64>,
}

impl Residuals {
    fn new(history: &[ElementSet], samples: &[Sample], active: &[usize]) -> Residuals {
        let props: Vec<Option<Sgp4>> = active
            .iter()
            .map(|&p| Sgp4::new(&history[samples[p].index]).ok())
            .collect();
        let own = props
            .iter()
            .map(|p| p.as_ref().and_then(|p| p.propagate(0.0).ok()).map(|s| s.0))
            .collect();
        let t = active.iter().map(|&p| samples[p].t_day).collect();
        Residuals { props, own, t }
    }

    /// (time from set k, along-track residual km, after gap k) of the active sets with
    /// epochs in [lo, hi], against the prediction of set k.
    fn rows(&self, k: usize, lo: f64, hi: f64) -> Vec<(f64, f64, bool)> {
        let Some(reference) = self.props[k].as_ref() else {
            return Vec::new();
        };
        let t = &self.t;
        let (a, b) = (
            t.partition_point(|&x| x < lo),
            t.partition_point(|&x| x <= hi),
        );
        let mut rows = Vec::with_capacity(b.saturating_sub(a));
        for j in a..b {
            let Some(rj) = self.own[j] else { continue };
            let Ok((rr, vr)) = reference.propagate((t[j] - t[k]) * 1440.0) else {
                continue;
            };
            let s = along_km(&rr, &vr, &rj);
            if s.abs() < MAX_RESIDUAL_KM {
                rows.push((t[j] - t[k], s, j > k));
            }
        }
        rows
    }

    /// Burn time for a detection at gap k: the knee of a continuous broken line (the
    /// position is continuous through an impulsive burn; its drift changes) fitted to the
    /// residuals of the window, the knee scanned from `back_days` before set k to set k+1.
    /// TLE fits span days, so the first sets after a small burn blend the orbits before and
    /// after and the test peaks a gap or two late; the knee does not. Returns the time (days)
    /// and its one-sigma spread (days): the knees whose RSS is within one noise variance of
    /// the best (Δχ² = 1, Wilks).
    pub(crate) fn knee(&self, k: usize, cfg: &Config, back_days: f64) -> Option<(f64, f64)> {
        let d = cfg.along_window_days;
        let (tk, tk1) = (self.t[k], self.t[k + 1]);
        let rows = self.rows(k, tk - back_days - d, tk1 + d);
        if rows.len() < 6 {
            return None;
        }
        let first = rows.iter().map(|r| r.0).fold(f64::INFINITY, f64::min);
        let lo = (-back_days).max(first + 1.0);
        let hi = tk1 - tk;
        if hi <= lo {
            return None;
        }
        let steps = ((hi - lo) / KNEE_STEP_DAY).ceil() as usize;
        let mut best: Vec<(f64, f64)> = Vec::with_capacity(steps + 1);
        for i in 0..=steps {
            let xb = (lo + i as f64 * KNEE_STEP_DAY).min(hi);
            if let Some(rss) = broken_line_rss(&rows, xb) {
                best.push((xb, rss));
            }
        }
        let &(xb, rss_min) = best.iter().min_by(|a, b| a.1.total_cmp(&b.1))?;
        let var = rss_min / (rows.len() - 3) as f64;
        let near: Vec<f64> = best
            .iter()
            .filter(|(_, r)| *r <= rss_min + var)
            .map(|(x, _)| *x)
            .collect();
        let spread = near.iter().copied().fold(f64::NEG_INFINITY, f64::max)
            - near.iter().copied().fold(f64::INFINITY, f64::min);
        Some((tk + xb, (spread.max(KNEE_STEP_DAY)) / 12f64.sqrt()))
    }
}

/// Resolution of the knee scan, days (≈ 1 h; TLE positions do not time a mm/s burn better).
const KNEE_STEP_DAY: f64 = 0.04;

/// RSS of `y = c0 + c1 x + d (x − xb)₊`.
fn broken_line_rss(rows: &[(f64, f64, bool)], xb: f64) -> Option<f64> {
    let n = rows.len();
    let a = nalgebra::DMatrix::from_fn(n, 3, |i, c| match c {
        0 => 1.0,
        1 => rows[i].0,
        _ => (rows[i].0 - xb).max(0.0),
    });
    let y = nalgebra::DVector::from_iterator(n, rows.iter().map(|r| r.1));
    let beta = a.clone().svd(true, true).solve(&y, 1e-12).ok()?;
    Some((&y - a * beta).norm_squared())
}

/// Along-track offset of `r` from the reference state (`rr`, `vr`): the angle between the
/// two positions in the reference orbit plane, signed along the motion, times the reference
/// radius, km.
fn along_km(rr: &[f64; 3], vr: &[f64; 3], r: &[f64; 3]) -> f64 {
    let h = cross(rr, vr);
    let hn = norm(&h);
    if hn == 0.0 {
        return f64::NAN;
    }
    let sin = dot(&cross(rr, r), &h) / hn;
    let cos = dot(rr, r);
    sin.atan2(cos) * norm(rr)
}

/// Fits the no-burn model `y = c0 + c1 x` and the burn model `+ s H + d x H` (H = 1 after
/// the gap) by least squares; returns (RSS₀ − RSS₁, d, RSS₁ / (N − 4)).
fn fit(rows: &[(f64, f64, bool)]) -> Option<(f64, f64, f64)> {
    let n = rows.len();
    if n < 6 {
        return None;
    }
    // A quadratic background (drag mis-modelled) was tried: it absorbs part of the change
    // of slope and lost recall on Jason-1 and TOPEX (LEO F1 0.736 against 0.801).
    let design0 = nalgebra::DMatrix::from_fn(n, 2, |i, c| if c == 0 { 1.0 } else { rows[i].0 });
    let design1 = nalgebra::DMatrix::from_fn(n, 4, |i, c| {
        let (x, _, after) = rows[i];
        let h = if after { 1.0 } else { 0.0 };
        match c {
            0 => 1.0,
            1 => x,
            2 => h,
            _ => x * h,
        }
    });
    let y = nalgebra::DVector::from_iterator(n, rows.iter().map(|r| r.1));
    let rss = |a: &nalgebra::DMatrix<f64>| -> Option<(f64, nalgebra::DVector<f64>)> {
        let svd = a.clone().svd(true, true);
        let beta = svd.solve(&y, 1e-12).ok()?;
        let r = &y - a * &beta;
        Some((r.norm_squared(), beta))
    };
    let (rss0, _) = rss(&design0)?;
    let (rss1, beta) = rss(&design1)?;
    Some(((rss0 - rss1).max(0.0), beta[3], rss1 / (n - 4) as f64))
}

fn cross(a: &[f64; 3], b: &[f64; 3]) -> [f64; 3] {
    [
        a[1] * b[2] - a[2] * b[1],
        a[2] * b[0] - a[0] * b[2],
        a[0] * b[1] - a[1] * b[0],
    ]
}

fn dot(a: &[f64; 3], b: &[f64; 3]) -> f64 {
    a[0] * b[0] + a[1] * b[1] + a[2] * b[2]
}

fn norm(a: &[f64; 3]) -> f64 {
    dot(a, a).sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_distr::{Distribution, Normal};

    #[test]
    fn along_track_offset_is_arc_length_ahead() {
        // Circular orbit in the x-y plane moving towards +y: a point 0.01 rad further along
        // is 0.01 × r ahead; one behind is negative; an out-of-plane offset adds nothing.
        let r = 7000.0;
        let (rr, vr) = ([r, 0.0, 0.0], [0.0, 7.5, 0.0]);
        let ahead = [r * 0.01f64.cos(), r * 0.01f64.sin(), 0.0];
        assert!((along_km(&rr, &vr, &ahead) - 70.0).abs() < 1e-9);
        let behind = [r * 0.01f64.cos(), -r * 0.01f64.sin(), 5.0];
        assert!((along_km(&rr, &vr, &behind) + 70.0).abs() < 1e-9);
    }

    #[test]
    fn a_change_of_drift_is_recovered_exactly() {
        // y = 0.3 + 0.1 x before the gap, and 1.2 km/day more drift after it (no noise).
        let rows: Vec<(f64, f64, bool)> = (-5..=5)
            .map(|i| {
                let x = i as f64;
                let after = x > 0.0;
                let y = 0.3 + 0.1 * x + if after { -0.2 + 1.2 * x } else { 0.0 };
                (x, y, after)
            })
            .collect();
        let (lr, drift, var) = fit(&rows).unwrap();
        assert!((drift - 1.2).abs() < 1e-9, "{drift}");
        assert!(var < 1e-20 && lr > 1.0);
    }

    #[test]
    fn the_statistic_is_chi_square_two_under_white_noise() {
        // Wilks: two extra parameters in nested Gaussian least squares give χ²₂, mean 2 and
        // P(> 5.99) = 5 %. 20 000 windows of 11 sets with unit noise.
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
        let noise = Normal::new(0.0, 1.0).unwrap();
        let trials = 20_000;
        let (mut sum, mut over) = (0.0, 0usize);
        for _ in 0..trials {
            let rows: Vec<(f64, f64, bool)> = (-5..=5)
                .map(|i| (i as f64 * 0.9, noise.sample(&mut rng), i > 0))
                .collect();
            let lr = fit(&rows).unwrap().0;
            sum += lr;
            over += usize::from(lr > 5.991);
        }
        let mean = sum / trials as f64;
        let rate = over as f64 / trials as f64;
        assert!((mean - 2.0).abs() < 0.06, "{mean}");
        assert!((rate - 0.05).abs() < 0.005, "{rate}");
    }
}
