//! When, between two element sets, did the burn happen?
//!
//! An impulsive burn leaves the position continuous and changes the velocity, so the orbit of
//! the set before and the orbit of the set after pass through the same point at the burn and
//! separate afterwards and before (along-track drift grows as 3Δv·|t − t_b| for a tangential
//! burn; Vallado, "Fundamentals of Astrodynamics and Applications", 4th ed., §6.8, relative
//! motion after an impulse via the Clohessy–Wiltshire solution). The time where the two SGP4
//! trajectories come closest inside the gap is therefore the estimate (the approach of Kelecy,
//! Hall, Hamada & Stocker, "Satellite Maneuver Detection Using Two-line Element (TLE) Data",
//! AMOS 2007, who locate burns by the crossing of propagated TLE orbits).

use uitkijk_formats::ElementSet;
use uitkijk_propagate::Sgp4;
use uitkijk_time::Epoch;

/// Result of the search: the estimated time and its one-sigma uncertainty.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Timing {
    pub epoch: Epoch,
    pub sigma_s: f64,
}

/// Most steps of the search; wider gaps get coarser steps (a gap of days is not resolved
/// better than its own TLE noise anyway).
const MAX_STEPS: usize = 4000;

/// The middle of the gap, with the σ of a uniform distribution over it.
pub(crate) fn midpoint(before: &ElementSet, after: &ElementSet) -> Timing {
    let gap_s = (after.epoch - before.epoch).to_seconds();
    Timing {
        epoch: before.epoch + uitkijk_time::Duration::from_seconds(0.5 * gap_s),
        sigma_s: gap_s.max(0.0) / 12f64.sqrt(),
    }
}

/// The burn time between `before` and `after` (epochs must increase).
pub(crate) fn burn_time(before: &ElementSet, after: &ElementSet) -> Timing {
    let gap_s = (after.epoch - before.epoch).to_seconds();
    let midpoint = midpoint(before, after);
    if gap_s <= 0.0 {
        return midpoint;
    }
    let (Ok(p0), Ok(p1)) = (Sgp4::new(before), Sgp4::new(after)) else {
        return midpoint;
    };
    let step_s = (gap_s / MAX_STEPS as f64).max(60.0);
    let n = (gap_s / step_s).ceil() as usize;
    let mut ranges = Vec::with_capacity(n + 1);
    for k in 0..=n {
        let t_s = (k as f64 * step_s).min(gap_s);
        let r0 = p0.propagate(t_s / 60.0);
        let r1 = p1.propagate((t_s - gap_s) / 60.0);
        match (r0, r1) {
            (Ok((a, _)), Ok((b, _))) => {
                let d =
                    ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2) + (a[2] - b[2]).powi(2)).sqrt();
                ranges.push((t_s, d));
            }
            _ => return midpoint,
        }
    }
    let Some(&(t_min, d_min)) = ranges.iter().min_by(|x, y| x.1.total_cmp(&y.1)) else {
        return midpoint;
    };
    // Uncertainty: the spread of the times whose range is within the TLE noise of the
    // minimum (the trajectories are indistinguishable there); never more than the gap's.
    let tol_km = d_min.max(1.0);
    let near: Vec<f64> = ranges
        .iter()
        .filter(|(_, d)| *d <= d_min + tol_km)
        .map(|(t, _)| *t)
        .collect();
    let lo = near.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = near.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let sigma_s = ((hi - lo).max(step_s) / 12f64.sqrt()).min(midpoint.sigma_s);
    Timing {
        epoch: before.epoch + uitkijk_time::Duration::from_seconds(t_min),
        sigma_s,
    }
}
