//! The output frame of `propagate`: TEME states from SGP4 turned into what was asked for.

use std::sync::atomic::{AtomicBool, Ordering};

use uitkijk_frames::{OutputFrame, TemeOutput};
use uitkijk_time::{format_utc_millis, EopStatus, EopTable, Epoch};

pub use uitkijk_frames::OutputState;

use crate::args::FrameArg;
use crate::propagate::Grid;

/// Turns TEME states into the output frame, with the bundled IERS EOP where the frame needs
/// the Earth's orientation.
pub struct Transformer {
    frame: FrameArg,
    eop: &'static EopTable,
    warned_eop: AtomicBool,
    /// On an absolute grid every object shares the times: the rotation of grid time `k`,
    /// built once (`None` for TEME, for `--tsince` grids, and for grids too long to hold).
    per_time: Option<Vec<TemeOutput>>,
}

/// Longest absolute grid whose rotations are kept (about 200 bytes each).
const MAX_CACHED_TIMES: usize = 200_000;

impl Transformer {
    /// Prepare the transform for `grid`.
    pub fn new(frame: FrameArg, grid: &Grid) -> Transformer {
        let mut t = Transformer {
            frame,
            eop: EopTable::bundled(),
            warned_eop: AtomicBool::new(false),
            per_time: None,
        };
        if frame != FrameArg::Teme && grid.len() <= MAX_CACHED_TIMES {
            // Collects to `None` on a `--tsince` grid, which has no shared instants.
            t.per_time = (0..grid.len())
                .map(|k| grid.shared_instant(k).and_then(|epoch| t.rotation(epoch)))
                .collect();
        }
        t
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

    /// The transform at `epoch` (one EOP lookup), or `None` for TEME output.
    fn rotation(&self, epoch: Epoch) -> Option<TemeOutput> {
        let frame = match self.frame {
            FrameArg::Teme => return None,
            FrameArg::Gcrf => OutputFrame::Gcrf,
            FrameArg::Itrf => OutputFrame::Itrf,
            FrameArg::Geodetic => OutputFrame::Geodetic,
        };
        let out = TemeOutput::at(frame, epoch, self.eop);
        if let Some(status) = out.ut1_status() {
            self.check_eop(epoch, status);
        }
        Some(out)
    }

    /// The TEME state `(r, v)` at grid time `k`, instant `epoch`, in the output frame.
    pub fn apply(&self, k: usize, epoch: Epoch, r: [f64; 3], v: [f64; 3]) -> OutputState {
        let rotation = match &self.per_time {
            Some(cache) => cache.get(k).copied(),
            None => self.rotation(epoch),
        };
        match rotation {
            None => OutputState::Cartesian { r, v },
            Some(out) => out.apply(r, v),
        }
    }

    /// Say once when a time lies outside the EOP table: UT1 and polar motion are then held at
    /// the table's last values (or zero before its start), which costs about 0.5 km of
    /// along-track position at LEO per second of UT1 error.
    fn check_eop(&self, epoch: Epoch, status: EopStatus) {
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
