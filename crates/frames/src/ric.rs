//! Radial / in-track / cross-track (RIC) components relative to a primary.

use crate::error::FrameError;
use crate::rot::{cross, dot, norm};
use crate::state::{Frame, State};

/// A vector in the RIC frame of a primary.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ric {
    /// Along the primary's position vector, km.
    pub radial_km: f64,
    /// Along C × R (the velocity direction for a circular orbit), km.
    pub in_track_km: f64,
    /// Along the primary's angular momentum r × v, km.
    pub cross_track_km: f64,
}

/// The RIC axes of a primary state: R = r/|r|, C = (r × v)/|r × v|, I = C × R, in the
/// primary's frame.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RicAxes {
    /// Unit radial vector.
    pub radial: [f64; 3],
    /// Unit in-track vector.
    pub in_track: [f64; 3],
    /// Unit cross-track vector.
    pub cross_track: [f64; 3],
}

impl RicAxes {
    /// The axes of `primary`; an error when r × v vanishes.
    pub fn of<F: Frame>(primary: &State<F>) -> Result<Self, FrameError> {
        let r = primary.position_km;
        let h = cross(&r, &primary.velocity_km_s);
        let (nr, nh) = (norm(&r), norm(&h));
        if !(nr > 0.0 && nh > 1e-12 * nr * norm(&primary.velocity_km_s) && nh.is_finite()) {
            return Err(FrameError::DegenerateRic);
        }
        let radial = [r[0] / nr, r[1] / nr, r[2] / nr];
        let cross_track = [h[0] / nh, h[1] / nh, h[2] / nh];
        let in_track = cross(&cross_track, &radial);
        Ok(RicAxes {
            radial,
            in_track,
            cross_track,
        })
    }

    /// The RIC components of a vector given in the primary's frame, km.
    pub fn components_km(&self, v: &[f64; 3]) -> Ric {
        Ric {
            radial_km: dot(&self.radial, v),
            in_track_km: dot(&self.in_track, v),
            cross_track_km: dot(&self.cross_track, v),
        }
    }
}

/// The position of `secondary` minus that of `primary`, in the primary's RIC frame. Both states
/// must be at the same epoch (and, by type, in the same frame).
pub fn relative_ric<F: Frame>(primary: &State<F>, secondary: &State<F>) -> Result<Ric, FrameError> {
    if primary.epoch != secondary.epoch {
        return Err(FrameError::DifferentEpochs {
            first: primary.epoch,
            second: secondary.epoch,
        });
    }
    let axes = RicAxes::of(primary)?;
    let p = primary.position_km;
    let s = secondary.position_km;
    Ok(axes.components_km(&[s[0] - p[0], s[1] - p[1], s[2] - p[2]]))
}
