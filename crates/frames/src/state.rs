//! Cartesian states tagged with their frame.

use std::marker::PhantomData;
use uitkijk_time::Epoch;

/// A reference frame, known at compile time.
pub trait Frame: Copy + Clone + std::fmt::Debug + PartialEq + Default {
    /// Short name as printed in outputs (`TEME`, `GCRF`, `ITRF`).
    const NAME: &'static str;
}

/// True Equator, Mean Equinox: the frame SGP4 states are in.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Teme;
/// Geocentric Celestial Reference Frame (inertial).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Gcrf;
/// International Terrestrial Reference Frame (Earth-fixed).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Itrf;

impl Frame for Teme {
    const NAME: &'static str = "TEME";
}
impl Frame for Gcrf {
    const NAME: &'static str = "GCRF";
}
impl Frame for Itrf {
    const NAME: &'static str = "ITRF";
}

/// Position and velocity at an epoch, in frame `F`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct State<F: Frame> {
    /// The instant of the state.
    pub epoch: Epoch,
    /// Position, km.
    pub position_km: [f64; 3],
    /// Velocity, km/s.
    pub velocity_km_s: [f64; 3],
    frame: PhantomData<F>,
}

impl<F: Frame> State<F> {
    /// A state in frame `F`.
    pub fn new(epoch: Epoch, position_km: [f64; 3], velocity_km_s: [f64; 3]) -> Self {
        State {
            epoch,
            position_km,
            velocity_km_s,
            frame: PhantomData,
        }
    }

    /// The frame's name, for outputs.
    pub fn frame_name(&self) -> &'static str {
        F::NAME
    }
}
