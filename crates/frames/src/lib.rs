//! Typed reference frames and the transforms SGP4 output needs.
//!
//! A position in TEME cannot be passed where GCRF is expected: [`State<F>`] carries its frame
//! as a type. Transforms are functions of the state's epoch and, where the Earth's orientation
//! matters, an [`EopTable`](uitkijk_time::EopTable):
//!
//! * [`teme_to_gcrf`] / [`gcrf_to_teme`]: IAU-76/FK5 as Vallado's `teme2eci` (see
//!   [`TemeToGcrf`] and the notes below for the model and frame bias);
//! * [`teme_to_itrf`] / [`itrf_to_teme`]: GMST IAU-82 with UT1, LOD, polar motion;
//!   [`TemeToItrf::at`] precomputes the rotation for batches of states at one epoch;
//! * [`gcrf_to_itrf`] / [`itrf_to_gcrf`] through TEME;
//! * [`itrf_to_geodetic`]: WGS-84 latitude, longitude, height;
//! * [`relative_ric`]: radial / in-track / cross-track of a secondary relative to a primary.
//!
//! ```
//! use uitkijk_frames::{itrf_to_geodetic, teme_to_itrf, State, Teme};
//! use uitkijk_time::{parse_utc, EopTable};
//! let epoch = parse_utc("2022-01-22T12:00:00Z").unwrap();
//! let teme = State::<Teme>::new(epoch, [6778.0, 0.0, 0.0], [0.0, 5.0, 5.5]);
//! let itrf = teme_to_itrf(&teme, EopTable::bundled());
//! let g = itrf_to_geodetic(&itrf);
//! assert!(g.lat_deg.abs() < 0.1 && (g.alt_km - 400.0).abs() < 1.0);
//! ```
//!
//! # Models: TEME ↔ GCRF ↔ ITRF, IAU-1976/FK5 as Vallado does it for SGP4 output
//!
//! ## TEME → GCRF
//!
//! Vallado, Crawford, Hujsak, Kelso, "Revisiting Spacetrack Report #3", AIAA 2006-6753, §"TEME";
//! Vallado 2013 §3.7, `teme2eci`:
//!
//! ```text
//! r_tod  = R3(−Eq) · r_teme        Eq = Δψ cos ε̄   (geometric equation of the equinoxes only:
//!                                                   TEME excludes the 1997 kinematic terms)
//! r_mod  = Nᵀ · r_tod              IAU 1980 nutation, 106 terms, plus δΔψ, δΔε from EOP if any
//! r_j2k  = Pᵀ · r_mod              IAU 1976 precession
//! r_gcrf = r_j2k                   (frame bias: see below)
//! ```
//! Velocities are rotated by the same matrix (the rotation's own rate, ~1e-11 rad/s, is
//! neglected, as Vallado does).
//!
//! **Corrections and frame bias.** The IERS publishes δΔψ, δΔε for the 1980 series (CelesTrak's
//! `DPSI`, `DEPS`); with them the FK5 chain puts the pole where the GCRF has it, because they
//! absorb the frame bias's pole offset and the IAU 1976 precession-rate error. Vallado calls this
//! result GCRF. The bundled finals2000A carries dX/dY w.r.t. IAU 2000A instead, so then the
//! secular part of δΔψ, δΔε is modelled ([`TemeToGcrf::with_modelled_corrections`]). The
//! J2000 → GCRF bias *matrix* (≈ 20 mas, ≈ 0.6 m at LEO) is **not** applied on top: its pole
//! part is already in the corrections, and applying it as well moved us away from astropy's
//! IAU 2006/2000A GCRS (worst LEO 0.20 m → 0.92 m).
//!
//! Measured agreement (`tests/`): Vallado's Example 3-15 GCRF to 7.1 cm (all of it the 1997
//! kinematic equation-of-equinoxes terms, which his printed TOD includes and TEME excludes);
//! astropy's IAU 2006/2000A GCRS to ≤ 2.6 mas with CelesTrak's observed corrections and to
//! ≤ 6.4 mas with the modelled ones (≤ 0.21 m at LEO, ≤ 1.2 m at GEO, ≤ 0.42 mm/s).
//!
//! ## TEME → ITRF
//!
//! Vallado 2013 §3.7, `teme2ecef`; IERS Conventions 2010 ch. 5:
//!
//! ```text
//! r_pef  = R3(θ_GMST82(UT1)) · r_teme
//! v_pef  = R3(θ) · v_teme − ω × r_pef          ω = 7.292115146706979e-5 (1 − LOD/86400) rad/s
//! r_itrf = Wᵀ · r_pef,  v_itrf = Wᵀ · v_pef     W = R3(−s′) R2(xₚ) R1(yₚ)
//! ```
//! UT1 comes from the EOP table; on TAI epochs UT1 = TAI + (UT1 − TAI), so leap seconds never
//! enter the sidereal angle.

#![deny(missing_docs)]

mod error;
mod fk5;
mod geodetic;
mod nut80;
mod output;
mod ric;
mod rot;
mod state;
mod transform;

pub use error::FrameError;
pub use fk5::{
    frame_bias, gmst82_rad, mean_obliquity_iau1980, precession_iau1976, tt_centuries_since_j2000,
    ut1_days_since_j2000, EARTH_ROTATION_RAD_S,
};
pub use geodetic::{
    geodetic_from_itrf_km, geodetic_to_itrf_km, itrf_to_geodetic, Geodetic, WGS84_A_KM, WGS84_F,
};
pub use nut80::nutation_iau1980;
pub use output::{OutputFrame, OutputState, TemeOutput};
pub use ric::{relative_ric, Ric, RicAxes};
pub use rot::Mat3;
pub use state::{Frame, Gcrf, Itrf, State, Teme};
pub use transform::{
    gcrf_to_itrf, gcrf_to_teme, itrf_to_gcrf, itrf_to_teme, teme_to_gcrf, teme_to_itrf, TemeToGcrf,
    TemeToItrf,
};
