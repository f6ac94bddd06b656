//! TEME ↔ GCRF ↔ ITRF; the models are described in the crate root's documentation.

use uitkijk_time::{EopTable, EopValues, Epoch};

use crate::error::FrameError;
use crate::fk5::{
    gmst82_rad, mean_obliquity_iau1980, nutation_matrix, polar_motion_matrix, precession_iau1976,
    tt_centuries_since_j2000, ut1_days_since_j2000, ARCSEC_TO_RAD, EARTH_ROTATION_RAD_S,
};
use crate::nut80::nutation_iau1980;
use crate::rot::{apply, apply_t, mul, r3, transpose, Mat3};
use crate::state::{Gcrf, Itrf, State, Teme};

/// The TEME → GCRF rotation at one epoch, for applying to many states.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TemeToGcrf {
    epoch: Epoch,
    /// `r_gcrf = m · r_teme`.
    m: Mat3,
}

impl TemeToGcrf {
    /// The rotation at `epoch`, with the IAU 1980 nutation corrections δΔψ, δΔε of `eop` where
    /// the table has them (CelesTrak CSV), else with the modelled corrections of
    /// [`TemeToGcrf::with_modelled_corrections`] (the IERS finals2000A file has dX/dY w.r.t.
    /// IAU 2000A instead, which do not apply to the 1980 series).
    pub fn at(epoch: Epoch, eop: &EopTable) -> Self {
        let v = eop.at(epoch);
        match (v.dpsi_arcsec, v.deps_arcsec) {
            (Some(dpsi), Some(deps)) => Self::with_corrections(epoch, dpsi, deps),
            _ => Self::with_modelled_corrections(epoch),
        }
    }

    /// The rotation at `epoch` with δΔψ, δΔε modelled instead of observed: the secular part of
    /// the IERS corrections to IAU 1976/1980, namely the frame-bias pole offset
    /// (δψ = −41.775 mas, δε = −6.8192 mas) plus the IAU 2000 precession-rate corrections
    /// (−0.29965″ and −0.02524″ per century; IERS Conventions 2003 §5.5.2, Mathews et al. 2002).
    /// Against a full IAU 2006/2000A GCRS (astropy/ERFA) this leaves a few mas (the 1980 series'
    /// own error and the free core nutation): measured ≤ 6.4 mas, ≤ 0.21 m at LEO, ≤ 1.2 m at GEO, measured in
    /// `tests/astropy_reference.rs`; without it pure FK5 is off by up to 40 mas (9 m at GEO).
    pub fn with_modelled_corrections(epoch: Epoch) -> Self {
        let t = tt_centuries_since_j2000(epoch);
        Self::with_corrections(
            epoch,
            -0.041_775 - 0.299_65 * t,
            -0.006_819_2 - 0.025_24 * t,
        )
    }

    /// The rotation at `epoch` with explicit IAU 1980 nutation corrections, arcseconds
    /// (0, 0 gives the pure IAU-76/FK5 "J2000" result).
    pub fn with_corrections(epoch: Epoch, ddpsi_arcsec: f64, ddeps_arcsec: f64) -> Self {
        let t = tt_centuries_since_j2000(epoch);
        let (dpsi80, deps80) = nutation_iau1980(t);
        let dpsi = dpsi80 + ddpsi_arcsec * ARCSEC_TO_RAD;
        let deps = deps80 + ddeps_arcsec * ARCSEC_TO_RAD;
        let eps_mean = mean_obliquity_iau1980(t);
        let eq_geometric = dpsi * eps_mean.cos();
        let prec = precession_iau1976(t);
        let nut = nutation_matrix(eps_mean, dpsi, deps);
        // r_gcrf = Pᵀ Nᵀ R3(−Eq) r_teme = (R3(Eq) N P)ᵀ r_teme.
        let m = transpose(&mul(&r3(eq_geometric), &mul(&nut, &prec)));
        TemeToGcrf { epoch, m }
    }

    /// The epoch this rotation is for.
    pub fn epoch(&self) -> Epoch {
        self.epoch
    }

    /// The matrix M with `r_gcrf = M · r_teme` (row-major).
    pub fn matrix(&self) -> Mat3 {
        self.m
    }

    /// Rotate a TEME position (km) and velocity (km/s) at this epoch into GCRF.
    #[inline]
    pub fn rotate(&self, position_km: &[f64; 3], velocity_km_s: &[f64; 3]) -> ([f64; 3], [f64; 3]) {
        (apply(&self.m, position_km), apply(&self.m, velocity_km_s))
    }

    /// A TEME state at this epoch in GCRF.
    pub fn apply(&self, state: &State<Teme>) -> Result<State<Gcrf>, FrameError> {
        check_epoch(self.epoch, state.epoch)?;
        let (r, v) = self.rotate(&state.position_km, &state.velocity_km_s);
        Ok(State::new(state.epoch, r, v))
    }

    /// A GCRF state at this epoch in TEME.
    pub fn apply_inverse(&self, state: &State<Gcrf>) -> Result<State<Teme>, FrameError> {
        check_epoch(self.epoch, state.epoch)?;
        Ok(State::new(
            state.epoch,
            apply_t(&self.m, &state.position_km),
            apply_t(&self.m, &state.velocity_km_s),
        ))
    }
}

/// The TEME → ITRF rotation at one epoch (GMST IAU-82 with UT1, Earth-rotation velocity term
/// with LOD, polar motion), for applying to many states.
///
/// ```
/// use uitkijk_frames::{State, Teme, TemeToItrf};
/// use uitkijk_time::{parse_utc, EopTable};
/// let epoch = parse_utc("2024-03-01T00:00:00Z").unwrap();
/// let rot = TemeToItrf::at(epoch, EopTable::bundled());
/// let teme = State::<Teme>::new(epoch, [7000.0, 0.0, 0.0], [0.0, 7.5, 0.0]);
/// let itrf = rot.apply(&teme).unwrap();
/// let r = itrf.position_km;
/// assert!(((r[0] * r[0] + r[1] * r[1] + r[2] * r[2]).sqrt() - 7000.0).abs() < 1e-9);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TemeToItrf {
    epoch: Epoch,
    /// `r_pef = gmst · r_teme`.
    gmst: Mat3,
    /// W: `r_pef = w · r_itrf`.
    w: Mat3,
    /// `r_itrf = m · r_teme` (Wᵀ · gmst).
    m: Mat3,
    /// Earth rotation rate, rad/s, LOD included.
    omega_rad_s: f64,
}

impl TemeToItrf {
    /// The rotation at `epoch` with UT1, polar motion and LOD interpolated from `eop`.
    pub fn at(epoch: Epoch, eop: &EopTable) -> Self {
        Self::with_eop(epoch, &eop.at(epoch))
    }

    /// The rotation at `epoch` with given EOP values (e.g. a published example's).
    pub fn with_eop(epoch: Epoch, eop: &EopValues) -> Self {
        let t = tt_centuries_since_j2000(epoch);
        let theta = gmst82_rad(ut1_days_since_j2000(epoch, eop.ut1_minus_tai_s));
        let gmst = r3(theta);
        let w = polar_motion_matrix(
            eop.xp_arcsec * ARCSEC_TO_RAD,
            eop.yp_arcsec * ARCSEC_TO_RAD,
            t,
        );
        let m = mul(&transpose(&w), &gmst);
        TemeToItrf {
            epoch,
            gmst,
            w,
            m,
            omega_rad_s: EARTH_ROTATION_RAD_S * (1.0 - eop.lod_s / 86_400.0),
        }
    }

    /// The epoch this rotation is for.
    pub fn epoch(&self) -> Epoch {
        self.epoch
    }

    /// The matrix M with `r_itrf = M · r_teme` (row-major).
    pub fn matrix(&self) -> Mat3 {
        self.m
    }

    /// Rotate a TEME position (km) and velocity (km/s) at this epoch into ITRF.
    #[inline]
    pub fn rotate(&self, position_km: &[f64; 3], velocity_km_s: &[f64; 3]) -> ([f64; 3], [f64; 3]) {
        let r_pef = apply(&self.gmst, position_km);
        let mut v_pef = apply(&self.gmst, velocity_km_s);
        // v_pef −= ω × r_pef with ω along z.
        v_pef[0] += self.omega_rad_s * r_pef[1];
        v_pef[1] -= self.omega_rad_s * r_pef[0];
        (apply_t(&self.w, &r_pef), apply_t(&self.w, &v_pef))
    }

    /// Rotate an ITRF position (km) and velocity (km/s) at this epoch into TEME.
    #[inline]
    pub fn rotate_inverse(
        &self,
        position_km: &[f64; 3],
        velocity_km_s: &[f64; 3],
    ) -> ([f64; 3], [f64; 3]) {
        let r_pef = apply(&self.w, position_km);
        let mut v_pef = apply(&self.w, velocity_km_s);
        v_pef[0] -= self.omega_rad_s * r_pef[1];
        v_pef[1] += self.omega_rad_s * r_pef[0];
        (apply_t(&self.gmst, &r_pef), apply_t(&self.gmst, &v_pef))
    }

    /// A TEME state at this epoch in ITRF.
    pub fn apply(&self, state: &State<Teme>) -> Result<State<Itrf>, FrameError> {
        check_epoch(self.epoch, state.epoch)?;
        let (r, v) = self.rotate(&state.position_km, &state.velocity_km_s);
        Ok(State::new(state.epoch, r, v))
    }

    /// An ITRF state at this epoch in TEME.
    pub fn apply_inverse(&self, state: &State<Itrf>) -> Result<State<Teme>, FrameError> {
        check_epoch(self.epoch, state.epoch)?;
        let (r, v) = self.rotate_inverse(&state.position_km, &state.velocity_km_s);
        Ok(State::new(state.epoch, r, v))
    }
}

fn check_epoch(expected: Epoch, found: Epoch) -> Result<(), FrameError> {
    if expected == found {
        Ok(())
    } else {
        Err(FrameError::EpochMismatch { expected, found })
    }
}

/// A TEME state in GCRF (see the module notes for the model and [`TemeToGcrf::at`] for EOP).
pub fn teme_to_gcrf(state: &State<Teme>, eop: &EopTable) -> State<Gcrf> {
    let (r, v) = TemeToGcrf::at(state.epoch, eop).rotate(&state.position_km, &state.velocity_km_s);
    State::new(state.epoch, r, v)
}

/// A GCRF state in TEME (inverse of [`teme_to_gcrf`]).
pub fn gcrf_to_teme(state: &State<Gcrf>, eop: &EopTable) -> State<Teme> {
    let m = TemeToGcrf::at(state.epoch, eop).m;
    State::new(
        state.epoch,
        apply_t(&m, &state.position_km),
        apply_t(&m, &state.velocity_km_s),
    )
}

/// A TEME state in ITRF.
pub fn teme_to_itrf(state: &State<Teme>, eop: &EopTable) -> State<Itrf> {
    let (r, v) = TemeToItrf::at(state.epoch, eop).rotate(&state.position_km, &state.velocity_km_s);
    State::new(state.epoch, r, v)
}

/// An ITRF state in TEME (inverse of [`teme_to_itrf`]).
pub fn itrf_to_teme(state: &State<Itrf>, eop: &EopTable) -> State<Teme> {
    let (r, v) =
        TemeToItrf::at(state.epoch, eop).rotate_inverse(&state.position_km, &state.velocity_km_s);
    State::new(state.epoch, r, v)
}

/// A GCRF state in ITRF, through TEME (so with the same FK5 model and EOP use as
/// [`teme_to_gcrf`] and [`teme_to_itrf`]).
pub fn gcrf_to_itrf(state: &State<Gcrf>, eop: &EopTable) -> State<Itrf> {
    let teme = gcrf_to_teme(state, eop);
    teme_to_itrf(&teme, eop)
}

/// An ITRF state in GCRF, through TEME (inverse of [`gcrf_to_itrf`]).
pub fn itrf_to_gcrf(state: &State<Itrf>, eop: &EopTable) -> State<Gcrf> {
    let teme = itrf_to_teme(state, eop);
    teme_to_gcrf(&teme, eop)
}
