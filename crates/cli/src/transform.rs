//! The output frame of `propagate`: TEME states from SGP4 turned into what was asked for.

use std::sync::atomic::{AtomicBool, Ordering};

use uitkijk_frames::{geodetic_from_itrf_km, TemeToGcrf, TemeToItrf};
use uitkijk_time::{format_utc_millis, EopStatus, EopTable, Epoch};

use crate::args::FrameArg;

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

/// Turns TEME states into the output frame, with the bundled IERS EOP where the frame needs
/// the Earth's orientation.
pub struct Transformer {
    frame: FrameArg,
    eop: &'static EopTable,
    warned_eop: AtomicBool,
}

impl Transformer {
    /// Prepare the transform.
    pub fn new(frame: FrameArg) -> Transformer {
        Transformer {
            frame,
            eop: EopTable::bundled(),
            warned_eop: AtomicBool::new(false),
        }
    }

    /// Name printed with every output: the frame, or the ellipsoid for geodetic output.
    pub fn frame_name(&self) -> &'static str {
        match self.frame {
            FrameArg::Teme => "TEME",
            FrameArg::Gcrf => "GCRF",
            FrameArg::Itrf => "ITRF",
            FrameArg::Geodetic => "WGS84",
        }
    }

    /// The TEME state `(r, v)` at `epoch` in the output frame.
    pub fn apply(&self, epoch: Epoch, r: [f64; 3], v: [f64; 3]) -> OutState {
        match self.frame {
            FrameArg::Teme => OutState::Cartesian { r, v },
            FrameArg::Gcrf => {
                let (r, v) = TemeToGcrf::at(epoch, self.eop).rotate(&r, &v);
                OutState::Cartesian { r, v }
            }
            FrameArg::Itrf | FrameArg::Geodetic => {
                self.check_eop(epoch);
                let (r, v) = TemeToItrf::at(epoch, self.eop).rotate(&r, &v);
                if self.frame == FrameArg::Itrf {
                    OutState::Cartesian { r, v }
                } else {
                    let g = geodetic_from_itrf_km(&r);
                    OutState::Geodetic {
                        lat_deg: g.lat_deg,
                        lon_deg: g.lon_deg,
                        alt_km: g.alt_km,
                    }
                }
            }
        }
    }

    /// Say once when a time lies outside the EOP table: UT1 and polar motion are then held at
    /// the table's last values (or zero before its start), which costs about 0.5 km of
    /// along-track position at LEO per second of UT1 error.
    fn check_eop(&self, epoch: Epoch) {
        let status = self.eop.at(epoch).ut1_status;
        if matches!(status, EopStatus::Extrapolated | EopStatus::BeforeTable)
            && !self.warned_eop.swap(true, Ordering::Relaxed)
        {
            let (first, last) = self.eop.mjd_range();
            eprintln!(
                "uitkijk: warning: {} is outside the bundled EOP table (MJD {first}..{last}); \
                 UT1-UTC and polar motion are {} there",
                format_utc_millis(epoch),
                if status == EopStatus::Extrapolated {
                    "held at the last values"
                } else {
                    "taken as zero"
                }
            );
        }
    }
}
