//! The minute and the place of a break-up: where on the orbit the fragments were together.
//!
//! The planes (see `planes`) give the day and the inertial direction of the break-up point:
//! the line every fragment plane contains. Each fragment passes that line once per revolution,
//! and at the event all of them passed it at the same instant; since their periods differ, their
//! passes coincide again only after many revolutions (a vernier), so the instant at which the
//! fragments' phases about the line cluster at zero picks the revolution. With a surviving
//! parent its pass through the line gives the minute itself: the parent transits the point
//! where its orbit meets each fragment's at the event (the principle of the Fragmentation Epoch
//! Detector, FRED: "A stochastic approach to detect fragmentation epoch from a single fragment
//! orbit determination", Politecnico di Milano, Adv. Space Res. 2021).

use nalgebra::Vector3;
use uitkijk_time::{Epoch, Unit};

use super::planes::Body;

/// Angle (rad, −π..π) of the body's position in its own plane, counted from the projection of
/// `line` onto that plane in the direction of motion, with its state.
pub(crate) fn phase(
    b: &Body,
    t: Epoch,
    line: &Vector3<f64>,
) -> Option<(f64, Vector3<f64>, Vector3<f64>)> {
    let (r, v) = b.state(t)?;
    let h = r.cross(&v).normalize();
    let lp = line - h * h.dot(line);
    if lp.norm() < 1e-6 {
        return None;
    }
    let x = lp.normalize();
    let y = h.cross(&x);
    Some((r.dot(&y).atan2(r.dot(&x)), r, v))
}

/// The body's pass through `line` nearest to `t` (Newton on the phase; converges to better than
/// a millisecond in three or four steps on a near-circular orbit).
pub(crate) fn crossing_near(
    b: &Body,
    t: Epoch,
    line: &Vector3<f64>,
) -> Option<(Epoch, Vector3<f64>, Vector3<f64>)> {
    let mut t = t;
    for _ in 0..8 {
        let (phi, r, v) = phase(b, t, line)?;
        let rate = r.cross(&v).norm() / r.norm_squared();
        let dt_s = -phi / rate;
        t += Unit::Second * dt_s;
        if dt_s.abs() < 1e-3 {
            let (_, r, v) = phase(b, t, line)?;
            return Some((t, r, v));
        }
    }
    None
}
