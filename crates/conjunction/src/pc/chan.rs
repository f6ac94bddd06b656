//! Chan's series (Chan 1997, "Collision probability analyses for Earth-orbiting
//! satellites", Adv. Astronaut. Sci. 96, 1033–1048; Chan 2008, "Spacecraft Collision
//! Probability", Aerospace Press, ch. 5): the ellipse of equal probability density through
//! the disc is replaced by a circle of equal area, which turns the Rician integral into
//!
//!   Pc = Σ_{m=0}^{M−1} e^{−v/2} (v/2)^m/m! · [1 − e^{−u/2} Σ_{k=0}^{m} (u/2)^k/k!],
//!
//! with u = R²/(σx σy) and v = xm²/σx² + ym²/σy². M follows Chan's recommendation
//! (3, 10, 20 or 60 terms by the size of u and v), which is also what Orekit's `Chan1997`
//! uses; the truncation and the equal-area circle make Chan differ from the exact integral
//! by up to ~1e-3 relative on ordinary cases, more on very elongated ones.

/// Chan's Pc on principal axes (σx, σy any order), all lengths in one unit.
pub fn pc_chan(xm: f64, ym: f64, sx: f64, sy: f64, r: f64) -> f64 {
    let u = r * r / (sx * sy);
    let v = (xm / sx).powi(2) + (ym / sy).powi(2);
    let terms = if u <= 0.01 || v <= 1.0 {
        3
    } else if u <= 1.0 || v <= 9.0 {
        10
    } else if u <= 25.0 || v <= 25.0 {
        20
    } else {
        60
    };
    let (hv, hu) = (0.5 * v, 0.5 * u);
    let ev = (-hv).exp();
    let euv = (-(hu + hv)).exp();
    // Running (v/2)^m/m!, (u/2)^k/k! and the partial sum Σ_{k≤m} (u/2)^k/k!.
    let (mut tv, mut tu, mut su) = (1.0_f64, 1.0_f64, 1.0_f64);
    let mut pc = ev - euv;
    for m in 1..terms {
        let mf = m as f64;
        tv *= hv / mf;
        tu *= hu / mf;
        su += tu;
        pc += ev * tv - euv * tv * su;
    }
    // Each term is ≥ 0 in exact arithmetic; rounding can leave a far-tail sum at −1e-170.
    pc.max(0.0)
}
