//! TEME states, as SGP4 gives them, in the frame a user asked for. One rotation per instant is
//! built once and applied to every object's state at that instant; the CLI's `propagate` and
//! the server's state endpoints both go through it.

use uitkijk_time::{EopStatus, EopTable, Epoch};

use crate::geodetic::geodetic_from_itrf_km;
use crate::transform::{TemeToGcrf, TemeToItrf};

/// The frame of an output state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputFrame {
    /// SGP4's own True Equator Mean Equinox.
    Teme,
    /// GCRF (IAU-76/FK5 from TEME with the EOP table's nutation corrections).
    Gcrf,
    /// Earth-fixed ITRF (UT1, polar motion and LOD from the EOP table).
    Itrf,
    /// WGS-84 latitude, longitude and height (through ITRF).
    Geodetic,
}

impl OutputFrame {
    /// Lower-case name, as the API and the CLI's `--frame` spell it.
    pub fn name(self) -> &'static str {
        match self {
            OutputFrame::Teme => "teme",
            OutputFrame::Gcrf => "gcrf",
            OutputFrame::Itrf => "itrf",
            OutputFrame::Geodetic => "geodetic",
        }
    }
}

/// A state in its output frame.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum OutputState {
    /// Position (km) and velocity (km/s) in a Cartesian frame.
    Cartesian {
        /// Position, km.
        r: [f64; 3],
        /// Velocity, km/s.
        v: [f64; 3],
    },
    /// WGS-84 geodetic position.
    Geodetic {
        /// Latitude, degrees north.
        lat_deg: f64,
        /// Longitude, degrees east.
        lon_deg: f64,
        /// Height above the WGS-84 ellipsoid, km.
        alt_km: f64,
    },
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Rotation {
    None,
    Gcrf(TemeToGcrf),
    Itrf(TemeToItrf),
}

/// The TEME → output-frame transform of one instant.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TemeOutput {
    geodetic: bool,
    rotation: Rotation,
    ut1_status: Option<EopStatus>,
}

impl TemeOutput {
    /// The transform to `frame` at `epoch`, with `eop` where the frame needs the Earth's
    /// orientation.
    pub fn at(frame: OutputFrame, epoch: Epoch, eop: &EopTable) -> TemeOutput {
        let (rotation, ut1_status) = match frame {
            OutputFrame::Teme => (Rotation::None, None),
            OutputFrame::Gcrf => (Rotation::Gcrf(TemeToGcrf::at(epoch, eop)), None),
            OutputFrame::Itrf | OutputFrame::Geodetic => {
                let values = eop.at(epoch);
                (
                    Rotation::Itrf(TemeToItrf::with_eop(epoch, &values)),
                    Some(values.ut1_status),
                )
            }
        };
        TemeOutput {
            geodetic: frame == OutputFrame::Geodetic,
            rotation,
            ut1_status,
        }
    }

    /// Where the instant lies in the EOP table's UT1 record, for Earth-fixed output (`None`
    /// for TEME and GCRF): callers warn when UT1 was extrapolated.
    pub fn ut1_status(&self) -> Option<EopStatus> {
        self.ut1_status
    }

    /// The TEME state `(r, v)` (km, km/s) in the output frame.
    pub fn apply(&self, r: [f64; 3], v: [f64; 3]) -> OutputState {
        let (r, v) = match &self.rotation {
            Rotation::None => (r, v),
            Rotation::Gcrf(m) => m.rotate(&r, &v),
            Rotation::Itrf(m) => m.rotate(&r, &v),
        };
        if self.geodetic {
            let g = geodetic_from_itrf_km(&r);
            OutputState::Geodetic {
                lat_deg: g.lat_deg,
                lon_deg: g.lon_deg,
                alt_km: g.alt_km,
            }
        } else {
            OutputState::Cartesian { r, v }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each output frame agrees with the typed transforms it wraps (Vallado's TEME example
    /// state, 2004-04-06 07:51:28.386009 UTC).
    #[test]
    fn matches_the_typed_transforms() {
        let epoch = uitkijk_time::parse_utc("2004-04-06T07:51:28.386009Z").unwrap();
        let eop = EopTable::bundled();
        let r = [5094.1801652, 6127.6446569, 6380.3445328];
        let v = [-4.746_131_487, 0.785_818_041, 5.531_931_288];
        let teme = TemeOutput::at(OutputFrame::Teme, epoch, eop).apply(r, v);
        assert_eq!(teme, OutputState::Cartesian { r, v });
        let (rg, vg) = TemeToGcrf::at(epoch, eop).rotate(&r, &v);
        assert_eq!(
            TemeOutput::at(OutputFrame::Gcrf, epoch, eop).apply(r, v),
            OutputState::Cartesian { r: rg, v: vg }
        );
        let (ri, vi) = TemeToItrf::at(epoch, eop).rotate(&r, &v);
        let itrf = TemeOutput::at(OutputFrame::Itrf, epoch, eop);
        assert_eq!(itrf.apply(r, v), OutputState::Cartesian { r: ri, v: vi });
        assert!(itrf.ut1_status().is_some());
        let g = geodetic_from_itrf_km(&ri);
        assert_eq!(
            TemeOutput::at(OutputFrame::Geodetic, epoch, eop).apply(r, v),
            OutputState::Geodetic {
                lat_deg: g.lat_deg,
                lon_deg: g.lon_deg,
                alt_km: g.alt_km
            }
        );
    }
}
