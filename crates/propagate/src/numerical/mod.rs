//! Numerical (Cowell) orbit propagation: an adaptive Dormand–Prince 8(5,3) integrator of the
//! Cartesian GCRF state under the Earth's gravity field, Sun and Moon, solar radiation
//! pressure and drag.
//!
//! ```
//! use uitkijk_frames::{Gcrf, State};
//! use uitkijk_propagate::numerical::{ForceModel, NumericalPropagator, Spacecraft};
//! use uitkijk_time::{parse_utc, Duration};
//! let t0 = parse_utc("2024-01-01T00:00:00Z").unwrap();
//! let s0 = State::<Gcrf>::new(t0, [6778.0, 0.0, 0.0], [0.0, 4.9, 5.9]);
//! let mut p = NumericalPropagator::new(&ForceModel::default(), Spacecraft::default(), s0).unwrap();
//! let s = p.propagate_to(t0 + Duration::from_seconds(5400.0)).unwrap();
//! let r = s.position_km;
//! assert!(((r[0] * r[0] + r[1] * r[1] + r[2] * r[2]).sqrt() - 6778.0).abs() < 30.0);
//! ```
//!
//! The model, its sources and its measured accuracy:
//! - [`dop853`]: the integrator (Hairer et al.), with 7th-order dense output for ephemerides
//!   on any grid and for events (altitude crossings);
//! - [`gravity`]: EGM96 to degree/order 90, normalised Cunningham V/W recursion (Montenbruck
//!   & Gill §3.2), evaluated in ITRF through `uitkijk-frames` (IAU-76/FK5 with bundled EOP);
//! - [`ephem`]: analytic Sun and Moon (Montenbruck & Gill §3.3.2), point-mass third bodies;
//! - solar radiation pressure, cannonball, with the conical Earth shadow (Montenbruck & Gill
//!   §3.4.2);
//! - drag in an atmosphere co-rotating with the Earth: [`msis`] (NRLMSISE-00, the default,
//!   driven by [`spaceweather`], CelesTrak's SW-All) or [`atmosphere`] (Harris–Priester,
//!   Montenbruck & Gill §3.5.1, the fast mean-activity fallback).

// Small fixed-size vector loops index several arrays in lockstep.
#![allow(clippy::needless_range_loop)]

pub mod atmosphere;
pub mod dop853;
pub mod ephem;
pub mod gravity;
pub mod msis;
pub mod spaceweather;

use uitkijk_formats::ElementSet;
use uitkijk_frames::{geodetic_from_itrf_km, Gcrf, State, Teme, TemeToGcrf, TemeToItrf};
use uitkijk_time::{Duration, EopTable, Epoch};

use crate::{Sgp4, Sgp4Error};
pub use dop853::{DenseStep, Dop853, IntegratorError, Stats, Tolerances};
pub use gravity::{GravityField, GravityModel};
pub use spaceweather::{SpaceWeather, SwSource, SwValues};

/// Why a numerical propagation could not be set up or completed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum NumericalError {
    /// A data file (gravity field, space weather) is malformed.
    #[error("{file}:{line}: {field}: {why}")]
    Data {
        /// The file.
        file: String,
        /// 1-based line (0 when the whole file is at fault).
        line: usize,
        /// The field or keyword.
        field: String,
        /// What is wrong.
        why: String,
    },
    /// The force model or spacecraft asks for something impossible.
    #[error("{0}")]
    Config(String),
    /// The integrator gave up.
    #[error("integration failed: {0}")]
    Integrator(#[from] IntegratorError),
    /// SGP4 gave no initial state.
    #[error("initial state from SGP4: {0}")]
    Sgp4(#[from] Sgp4Error),
    /// The initial state is not finite or is inside the Earth.
    #[error("initial state: {0}")]
    BadState(String),
}

/// Atmospheric density model for drag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Atmosphere {
    /// Modified Harris–Priester (mean solar activity), extended below 100 km with CIRA-72.
    HarrisPriester,
    /// NRLMSISE-00 driven by the bundled CelesTrak space weather ([`msis`]).
    Nrlmsise00,
}

/// Which forces act.
#[derive(Debug, Clone, PartialEq)]
pub struct ForceModel {
    /// Degree of the EGM96 field (0: point mass).
    pub gravity_degree: usize,
    /// Order of the field (0: zonal terms only); ≤ degree.
    pub gravity_order: usize,
    /// Sun as a point-mass third body.
    pub sun: bool,
    /// Moon as a point-mass third body.
    pub moon: bool,
    /// Solar radiation pressure (needs `Spacecraft::cr_area_over_mass_m2_kg` > 0).
    pub srp: bool,
    /// Drag (needs `Spacecraft::cd_area_over_mass_m2_kg` > 0); `None`: no drag.
    pub drag: Option<Atmosphere>,
    /// Multiplies the density (1 nominal): the knob for ensembles over space-weather
    /// uncertainty and for a fitted density correction.
    pub density_scale: f64,
}

impl Default for ForceModel {
    /// The full model: EGM96 70×70, Sun, Moon, SRP, NRLMSISE-00 drag. NRLMSISE-00 costs
    /// ~5 µs an evaluation against ~50–90 µs for the 70×70 field (`examples/drag_speed.rs`),
    /// and follows the real solar cycle where Harris–Priester holds a mean one.
    fn default() -> Self {
        ForceModel {
            gravity_degree: 70,
            gravity_order: 70,
            sun: true,
            moon: true,
            srp: true,
            drag: Some(Atmosphere::Nrlmsise00),
            density_scale: 1.0,
        }
    }
}

impl ForceModel {
    /// Only the Earth's field to `degree` × `order` (point mass with 0, 0).
    pub fn gravity_only(degree: usize, order: usize) -> Self {
        ForceModel {
            gravity_degree: degree,
            gravity_order: order,
            sun: false,
            moon: false,
            srp: false,
            drag: None,
            density_scale: 1.0,
        }
    }

    /// Parse a force-model description: comma-separated items among `point-mass`,
    /// `zonal:N` (zonal terms to degree N), `gravity:NxM`, `sun`, `moon`, `third-body` (both),
    /// `srp`, `drag` (the default drag model), `drag:msis` (NRLMSISE-00), `drag:hp`
    /// (Harris–Priester), `full` (the default model), `none` (gravity only, to be combined).
    /// E.g. `gravity:70x70,sun,moon,drag:msis`.
    pub fn parse(text: &str) -> Result<Self, NumericalError> {
        let mut m = ForceModel::gravity_only(0, 0);
        let bad = |item: &str| {
            NumericalError::Config(format!(
                "force model item {item:?}: expected point-mass, zonal:N, gravity:NxM, sun, moon, third-body, srp, drag, drag:msis, drag:hp, full"
            ))
        };
        for item in text.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            match item {
                "point-mass" => {
                    m.gravity_degree = 0;
                    m.gravity_order = 0;
                }
                "sun" => m.sun = true,
                "moon" => m.moon = true,
                "third-body" => {
                    m.sun = true;
                    m.moon = true;
                }
                "srp" => m.srp = true,
                "drag" => m.drag = ForceModel::default().drag,
                "drag:msis" | "drag:nrlmsise00" => m.drag = Some(Atmosphere::Nrlmsise00),
                "drag:hp" | "drag:harris-priester" => m.drag = Some(Atmosphere::HarrisPriester),
                "full" => m = ForceModel::default(),
                "none" => {}
                _ => {
                    if let Some(n) = item.strip_prefix("zonal:") {
                        m.gravity_degree = n.parse().map_err(|_| bad(item))?;
                        m.gravity_order = 0;
                    } else if let Some(nm) = item.strip_prefix("gravity:") {
                        let (n, o) = nm.split_once(['x', 'X']).ok_or_else(|| bad(item))?;
                        m.gravity_degree = n.parse().map_err(|_| bad(item))?;
                        m.gravity_order = o.parse().map_err(|_| bad(item))?;
                    } else {
                        return Err(bad(item));
                    }
                }
            }
        }
        Ok(m)
    }
}

/// Reference density of SGP4's B* (Vallado, *Fundamentals of Astrodynamics*, 4th ed. 2013,
/// §9.7.2: B* = ρ₀ C_D A / (2m) with ρ₀ = 0.15696615 kg/m²/ER, i.e. 2.461e-5 kg/m³ × 1 ER).
pub const BSTAR_RHO0_KG_M2_ER: f64 = 0.156_966_15;

/// The spacecraft's surface-to-mass properties.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Spacecraft {
    /// C_D · A / m, m²/kg (ballistic coefficient's inverse).
    pub cd_area_over_mass_m2_kg: f64,
    /// C_R · A / m, m²/kg.
    pub cr_area_over_mass_m2_kg: f64,
}

impl Default for Spacecraft {
    /// A typical compact LEO satellite: C_D A/m = 2.2 × 0.01 m²/kg, C_R A/m = 1.3 × 0.01 m²/kg.
    fn default() -> Self {
        Spacecraft {
            cd_area_over_mass_m2_kg: 0.022,
            cr_area_over_mass_m2_kg: 0.013,
        }
    }
}

impl Spacecraft {
    /// From mass, drag area and C_D, radiation area and C_R.
    pub fn new(mass_kg: f64, drag_area_m2: f64, cd: f64, srp_area_m2: f64, cr: f64) -> Self {
        Spacecraft {
            cd_area_over_mass_m2_kg: cd * drag_area_m2 / mass_kg,
            cr_area_over_mass_m2_kg: cr * srp_area_m2 / mass_kg,
        }
    }

    /// C_D A/m from an SGP4 B* (1/earth radii): C_D A/m = 2 B* / ρ₀ (Vallado 2013 §9.7.2);
    /// C_R A/m taken as 1.3/2.2 of it (cannonball with C_R = 1.3, C_D = 2.2). A negative B*
    /// (no physical meaning) gives no drag.
    pub fn from_bstar(bstar_per_er: f64) -> Self {
        let cd_a_m = (2.0 * bstar_per_er / BSTAR_RHO0_KG_M2_ER).max(0.0);
        Spacecraft {
            cd_area_over_mass_m2_kg: cd_a_m,
            cr_area_over_mass_m2_kg: cd_a_m * 1.3 / 2.2,
        }
    }
}

/// Physical constants of the non-gravitational and third-body forces.
mod consts {
    /// GM of the Sun, km³/s² (IAU 2009 / DE430 TDB-compatible value).
    pub const GM_SUN: f64 = 1.327_124_400_18e11;
    /// GM of the Moon, km³/s² (DE430, Folkner et al. 2014).
    pub const GM_MOON: f64 = 4_902.800_066;
    /// Solar radiation pressure at 1 AU, N/m² (Montenbruck & Gill §3.4.1: 4.560e-6).
    pub const P_SUN_N_M2: f64 = 4.560e-6;
    /// Astronomical unit, km (IAU 2012).
    pub const AU_KM: f64 = 149_597_870.7;
    /// Solar radius, km (IAU 2015 nominal).
    pub const R_SUN_KM: f64 = 695_700.0;
    /// Earth's equatorial radius for the shadow, km (WGS-84).
    pub const R_EARTH_KM: f64 = 6_378.137;
    /// Earth rotation rate for the co-rotating atmosphere, rad/s.
    pub const OMEGA_EARTH: f64 = 7.292_115_146_706_979e-5;
}

/// The right-hand side: the accelerations of a [`ForceModel`] on a [`Spacecraft`].
#[derive(Debug, Clone)]
pub struct Forces {
    model: ForceModel,
    sc: Spacecraft,
    gravity: GravityModel,
    eop: &'static EopTable,
    epoch0: Epoch,
}

/// Fraction of the Sun's disc visible from `r_km` with the Earth in front (conical shadow,
/// Montenbruck & Gill §3.4.2, eqs. 3.79–3.88): 1 in sunlight, 0 in umbra.
pub fn sunlight_fraction(r_km: &[f64; 3], sun_km: &[f64; 3]) -> f64 {
    use consts::*;
    let d = sub(sun_km, r_km);
    let (rn, dn) = (norm(r_km), norm(&d));
    let a = (R_SUN_KM / dn).asin();
    let b = (R_EARTH_KM / rn).asin();
    // Angle between the directions to the Earth's centre and to the Sun.
    let c = (-dot(r_km, &d) / (rn * dn)).clamp(-1.0, 1.0).acos();
    if c >= a + b {
        1.0
    } else if c <= b - a {
        0.0
    } else if c <= a - b {
        1.0 - (b * b) / (a * a)
    } else {
        let x = (c * c + a * a - b * b) / (2.0 * c);
        let y = (a * a - x * x).max(0.0).sqrt();
        let area = a * a * (x / a).clamp(-1.0, 1.0).acos()
            + b * b * ((c - x) / b).clamp(-1.0, 1.0).acos()
            - c * y;
        1.0 - area / (std::f64::consts::PI * a * a)
    }
}

fn sub(a: &[f64; 3], b: &[f64; 3]) -> [f64; 3] {
    [a[0] - b[0], a[1] - b[1], a[2] - b[2]]
}
fn dot(a: &[f64; 3], b: &[f64; 3]) -> f64 {
    a[0] * b[0] + a[1] * b[1] + a[2] * b[2]
}
fn norm(a: &[f64; 3]) -> f64 {
    dot(a, a).sqrt()
}

/// The GCRF → ITRF rotation at `epoch` (row-major, `r_itrf = M r_gcrf`), via TEME with the
/// frames crate's IAU-76/FK5 model.
pub fn gcrf_to_itrf_matrix(epoch: Epoch, eop: &EopTable) -> [[f64; 3]; 3] {
    let g = TemeToGcrf::at(epoch, eop).matrix(); // r_gcrf = G r_teme
    let t = TemeToItrf::at(epoch, eop).matrix(); // r_itrf = T r_teme
    let mut m = [[0.0; 3]; 3];
    for (i, row) in m.iter_mut().enumerate() {
        for (j, x) in row.iter_mut().enumerate() {
            // T Gᵀ
            *x = (0..3).map(|k| t[i][k] * g[j][k]).sum();
        }
    }
    m
}

fn mat_vec(m: &[[f64; 3]; 3], v: &[f64; 3]) -> [f64; 3] {
    [dot(&m[0], v), dot(&m[1], v), dot(&m[2], v)]
}
fn mat_t_vec(m: &[[f64; 3]; 3], v: &[f64; 3]) -> [f64; 3] {
    [
        m[0][0] * v[0] + m[1][0] * v[1] + m[2][0] * v[2],
        m[0][1] * v[0] + m[1][1] * v[1] + m[2][1] * v[2],
        m[0][2] * v[0] + m[1][2] * v[1] + m[2][2] * v[2],
    ]
}

impl Forces {
    /// The forces of `model` on `sc`, with time counted in seconds from `epoch0`.
    pub fn new(model: &ForceModel, sc: Spacecraft, epoch0: Epoch) -> Result<Self, NumericalError> {
        if !(model.density_scale.is_finite() && model.density_scale >= 0.0) {
            return Err(NumericalError::Config(format!(
                "density scale {} must be a finite non-negative number",
                model.density_scale
            )));
        }
        if !(sc.cd_area_over_mass_m2_kg.is_finite()
            && sc.cd_area_over_mass_m2_kg >= 0.0
            && sc.cr_area_over_mass_m2_kg.is_finite()
            && sc.cr_area_over_mass_m2_kg >= 0.0)
        {
            return Err(NumericalError::Config(format!(
                "spacecraft area-to-mass values must be finite and non-negative: {sc:?}"
            )));
        }
        let gravity = GravityModel::new(
            GravityField::egm96(),
            model.gravity_degree,
            model.gravity_order,
        )?;
        Ok(Forces {
            model: model.clone(),
            sc,
            gravity,
            eop: EopTable::bundled(),
            epoch0,
        })
    }

    /// The epoch of t = 0.
    pub fn epoch0(&self) -> Epoch {
        self.epoch0
    }

    /// The instant `t_s` seconds after `epoch0`.
    pub fn epoch_at(&self, t_s: f64) -> Epoch {
        self.epoch0 + Duration::from_seconds(t_s)
    }

    /// Geodetic height (WGS-84), km, of a GCRF position at `t_s`.
    pub fn altitude_km(&self, t_s: f64, r_gcrf_km: &[f64; 3]) -> f64 {
        let m = gcrf_to_itrf_matrix(self.epoch_at(t_s), self.eop);
        geodetic_from_itrf_km(&mat_vec(&m, r_gcrf_km)).alt_km
    }

    /// Total acceleration (km/s²) at `t_s` for the GCRF state `y` = (r km, v km/s).
    pub fn acceleration(&mut self, t_s: f64, y: &[f64; 6]) -> [f64; 3] {
        let epoch = self.epoch_at(t_s);
        let r = [y[0], y[1], y[2]];
        let v = [y[3], y[4], y[5]];
        let m = gcrf_to_itrf_matrix(epoch, self.eop);
        let r_itrf = mat_vec(&m, &r);
        let mut a = mat_t_vec(&m, &self.gravity.acceleration(&r_itrf));
        let needs_sun = self.model.sun || self.model.srp || self.model.drag.is_some();
        let t_tt = if needs_sun || self.model.moon {
            uitkijk_frames::tt_centuries_since_j2000(epoch)
        } else {
            0.0
        };
        let sun = if needs_sun {
            ephem::sun_position_km(t_tt)
        } else {
            [0.0; 3]
        };
        if self.model.sun {
            add_third_body(&mut a, &r, &sun, consts::GM_SUN);
        }
        if self.model.moon {
            let moon = ephem::moon_position_km(t_tt);
            add_third_body(&mut a, &r, &moon, consts::GM_MOON);
        }
        if self.model.srp && self.sc.cr_area_over_mass_m2_kg > 0.0 {
            let nu = sunlight_fraction(&r, &sun);
            if nu > 0.0 {
                let d = sub(&r, &sun); // from the Sun to the satellite
                let dn = norm(&d);
                // M&G eq. 3.75, cannonball; m/s² → km/s².
                let k = nu
                    * consts::P_SUN_N_M2
                    * self.sc.cr_area_over_mass_m2_kg
                    * (consts::AU_KM / dn).powi(2)
                    * 1e-3
                    / dn;
                for i in 0..3 {
                    a[i] += k * d[i];
                }
            }
        }
        if let Some(atm) = self.model.drag {
            if self.sc.cd_area_over_mass_m2_kg > 0.0 && self.model.density_scale > 0.0 {
                let geo = geodetic_from_itrf_km(&r_itrf);
                let rho = self.model.density_scale
                    * match atm {
                        Atmosphere::HarrisPriester => {
                            atmosphere::harris_priester_kg_m3(geo.alt_km, &r, &sun)
                        }
                        // NRLMSISE-00 stops being meaningful far above 1000 km; the density
                        // there is negligible for drag, as Harris–Priester takes it.
                        Atmosphere::Nrlmsise00 if geo.alt_km > 2500.0 => 0.0,
                        Atmosphere::Nrlmsise00 => msis::Nrlmsise00::shared().density_kg_m3(
                            SpaceWeather::bundled(),
                            epoch,
                            geo.lat_deg,
                            geo.lon_deg,
                            geo.alt_km,
                        ),
                    };
                if rho > 0.0 {
                    // Velocity relative to an atmosphere turning with the Earth (M&G eq. 3.98).
                    let w = consts::OMEGA_EARTH;
                    let vr = [v[0] + w * r[1], v[1] - w * r[0], v[2]];
                    let vn = norm(&vr);
                    // −½ ρ (C_D A/m) |v| v, ρ in kg/m³, v in km/s: × 1e3 for km/s².
                    let k = -0.5 * rho * self.sc.cd_area_over_mass_m2_kg * vn * 1e3;
                    for i in 0..3 {
                        a[i] += k * vr[i];
                    }
                }
            }
        }
        a
    }

    /// The state derivative (v, a).
    pub fn derivative(&mut self, t_s: f64, y: &[f64; 6]) -> [f64; 6] {
        let a = self.acceleration(t_s, y);
        [y[3], y[4], y[5], a[0], a[1], a[2]]
    }
}

fn add_third_body(a: &mut [f64; 3], r: &[f64; 3], body: &[f64; 3], gm: f64) {
    // Montenbruck & Gill eq. 3.37: direct minus indirect (Earth's own acceleration) term.
    let d = sub(body, r);
    let (dn, bn) = (norm(&d), norm(body));
    let (kd, kb) = (gm / (dn * dn * dn), gm / (bn * bn * bn));
    for i in 0..3 {
        a[i] += kd * d[i] - kb * body[i];
    }
}

/// Default tolerances: relative 1e-12, absolute 1e-12 (km and km/s). The absolute part must
/// stay below rtol·|v| (~7e-12 km/s in LEO): a looser one lets velocity errors of 1 µm/s per
/// step through, which grew to 3.6 m in a day of LEO against satkit; with these, 0.2 m
/// (`tests/numerical_vs_satkit.rs`).
pub const DEFAULT_TOLERANCES: Tolerances = Tolerances {
    rtol: 1e-12,
    atol: 1e-12,
};

/// A numerical propagation of one object from an initial GCRF state.
#[derive(Debug, Clone)]
pub struct NumericalPropagator {
    forces: Forces,
    tol: Tolerances,
    /// Seconds from the initial epoch, and the state there.
    t: f64,
    y: [f64; 6],
    /// The integrator in flight and its direction (+1 forward, −1 backward).
    integrator: Option<(Dop853<6>, f64)>,
    /// Work of integrators already retired.
    done: Stats,
    /// Largest integration step, s.
    max_step_s: f64,
}

/// Where an altitude search ended.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum AltitudeEvent {
    /// The height fell to the threshold: the state there.
    Reached(State<Gcrf>),
    /// The end time came first: the state then.
    NotReached(State<Gcrf>),
}

impl NumericalPropagator {
    /// Start from `initial` (GCRF) with `model` acting on `spacecraft`.
    pub fn new(
        model: &ForceModel,
        spacecraft: Spacecraft,
        initial: State<Gcrf>,
    ) -> Result<Self, NumericalError> {
        let (r, v) = (initial.position_km, initial.velocity_km_s);
        let y = [r[0], r[1], r[2], v[0], v[1], v[2]];
        if y.iter().any(|x| !x.is_finite()) {
            return Err(NumericalError::BadState("not finite".into()));
        }
        let rn = norm(&r);
        if rn < 6_300.0 {
            return Err(NumericalError::BadState(format!(
                "radius {rn:.3} km is inside the Earth"
            )));
        }
        Ok(NumericalPropagator {
            forces: Forces::new(model, spacecraft, initial.epoch)?,
            tol: DEFAULT_TOLERANCES,
            t: 0.0,
            y,
            integrator: None,
            done: Stats::default(),
            max_step_s: 3_600.0,
        })
    }

    /// Use these tolerances from here on.
    pub fn with_tolerances(mut self, tol: Tolerances) -> Self {
        self.tol = tol;
        self.retire();
        self
    }

    /// The current state.
    pub fn state(&self) -> State<Gcrf> {
        self.state_of(self.t, &self.y)
    }

    /// The right-hand side in use.
    pub fn forces(&self) -> &Forces {
        &self.forces
    }

    /// Work done so far (evaluations, accepted and rejected steps).
    pub fn stats(&self) -> Stats {
        let mut s = self.done;
        if let Some((i, _)) = &self.integrator {
            let k = i.stats();
            s.evaluations += k.evaluations;
            s.accepted += k.accepted;
            s.rejected += k.rejected;
        }
        s
    }

    fn retire(&mut self) {
        if let Some((i, _)) = self.integrator.take() {
            let k = i.stats();
            self.done.evaluations += k.evaluations;
            self.done.accepted += k.accepted;
            self.done.rejected += k.rejected;
        }
    }

    fn state_of(&self, t: f64, y: &[f64; 6]) -> State<Gcrf> {
        State::new(
            self.forces.epoch_at(t),
            [y[0], y[1], y[2]],
            [y[3], y[4], y[5]],
        )
    }

    fn seconds_to(&self, epoch: Epoch) -> f64 {
        (epoch - self.forces.epoch0()).to_seconds()
    }

    /// Integrate towards `t_end`; after each step `on_step` may name a time inside that step
    /// at which to stop (an event). Returns the stop time, if any.
    fn advance<G>(&mut self, t_end: f64, mut on_step: G) -> Result<Option<f64>, NumericalError>
    where
        G: FnMut(&DenseStep<6>, &Forces) -> Option<f64>,
    {
        if t_end == self.t {
            return Ok(None);
        }
        let dir = if t_end > self.t { 1.0 } else { -1.0 };
        if matches!(self.integrator, Some((_, d)) if d != dir) {
            self.retire();
        }
        if self.integrator.is_none() {
            let forces = &mut self.forces;
            let mut f = |t: f64, y: &[f64; 6]| forces.derivative(t, y);
            let mut i = Dop853::new(&mut f, self.t, self.y, dir, self.tol)?;
            i.max_step = self.max_step_s;
            self.integrator = Some((i, dir));
        }
        let mut steps = 0usize;
        while self.t != t_end {
            steps += 1;
            if steps > 50_000_000 {
                return Err(IntegratorError::TooManySteps {
                    max_steps: 50_000_000,
                }
                .into());
            }
            let dense = {
                let forces = &mut self.forces;
                let mut f = |t: f64, y: &[f64; 6]| forces.derivative(t, y);
                let (integ, _) = self.integrator.as_mut().expect("integrator set above");
                let dense = integ.step(&mut f, t_end)?;
                self.t = integ.t();
                self.y = *integ.y();
                dense
            };
            if let Some(ts) = on_step(&dense, &self.forces) {
                self.y = dense.eval(ts);
                self.t = ts;
                // The integrator is past the event: restart from the event on the next call.
                self.retire();
                return Ok(Some(ts));
            }
        }
        Ok(None)
    }

    /// Propagate to `epoch` (forward or backward) and return the state there.
    pub fn propagate_to(&mut self, epoch: Epoch) -> Result<State<Gcrf>, NumericalError> {
        let t_end = self.seconds_to(epoch);
        self.advance(t_end, |_, _| None)?;
        let mut s = self.state();
        s.epoch = epoch;
        Ok(s)
    }

    /// States at each of `epochs` (in any order; one integration per direction from the
    /// current point, the states from the dense output). The propagator ends at the last
    /// epoch reached in each direction.
    pub fn ephemeris(&mut self, epochs: &[Epoch]) -> Result<Vec<State<Gcrf>>, NumericalError> {
        let t0 = self.t;
        let y0 = self.y;
        let times: Vec<f64> = epochs.iter().map(|e| self.seconds_to(*e)).collect();
        let mut out: Vec<Option<[f64; 6]>> = vec![None; epochs.len()];
        for dir in [1.0, -1.0] {
            let mut idx: Vec<usize> = (0..times.len())
                .filter(|&k| (times[k] - t0) * dir > 0.0 || (dir > 0.0 && times[k] == t0))
                .collect();
            if idx.is_empty() {
                continue;
            }
            idx.sort_by(|&a, &b| {
                ((times[a] - times[b]) * dir)
                    .total_cmp(&0.0)
                    .then(a.cmp(&b))
            });
            if self.t != t0 {
                // Back to the start for the other direction (a fresh integration from there).
                self.retire();
                self.t = t0;
                self.y = y0;
            }
            let t_last = times[*idx.last().expect("not empty")];
            let mut next = 0usize;
            while next < idx.len() && times[idx[next]] == t0 {
                out[idx[next]] = Some(y0);
                next += 1;
            }
            self.advance(t_last, |dense, _| {
                let b = dense.t_end();
                while next < idx.len() {
                    let t = times[idx[next]];
                    if (t - b) * dir > 0.0 {
                        break;
                    }
                    out[idx[next]] = Some(dense.eval(t));
                    next += 1;
                }
                None
            })?;
            while next < idx.len() {
                out[idx[next]] = Some(self.y);
                next += 1;
            }
        }
        Ok(out
            .into_iter()
            .zip(epochs)
            .map(|(y, e)| {
                let y = y.unwrap_or(y0);
                let mut s = self.state_of(0.0, &y);
                s.epoch = *e;
                s
            })
            .collect())
    }

    /// Propagate until the geodetic height falls to `alt_km` or `until` comes, whichever is
    /// first. The crossing is found on the dense output (sampled 8 times per step, then
    /// bisected to 1 ms), so a perigee dip inside one step is not missed.
    pub fn propagate_to_altitude(
        &mut self,
        alt_km: f64,
        until: Epoch,
    ) -> Result<AltitudeEvent, NumericalError> {
        let t_end = self.seconds_to(until);
        if self
            .forces
            .altitude_km(self.t, &[self.y[0], self.y[1], self.y[2]])
            <= alt_km
        {
            return Ok(AltitudeEvent::Reached(self.state()));
        }
        let hit = self.advance(t_end, |dense, forces| {
            let g = |t: f64| {
                let y = dense.eval(t);
                forces.altitude_km(t, &[y[0], y[1], y[2]]) - alt_km
            };
            let (a, b) = (dense.t_start(), dense.t_end());
            const SAMPLES: usize = 8;
            let mut prev = a;
            for k in 1..=SAMPLES {
                let t = a + (b - a) * k as f64 / SAMPLES as f64;
                if g(t) <= 0.0 {
                    // Bisect [prev, t]: g(prev) > 0 ≥ g(t).
                    let (mut lo, mut hi) = (prev, t);
                    while (hi - lo).abs() > 1e-3 {
                        let mid = 0.5 * (lo + hi);
                        if g(mid) > 0.0 {
                            lo = mid;
                        } else {
                            hi = mid;
                        }
                    }
                    return Some(hi);
                }
                prev = t;
            }
            None
        })?;
        Ok(match hit {
            Some(_) => AltitudeEvent::Reached(self.state()),
            None => AltitudeEvent::NotReached(self.state()),
        })
    }
}

/// The GCRF state of an element set at its epoch (SGP4 in TEME, rotated with the frames
/// crate's IAU-76/FK5 TEME → GCRF and the bundled EOP) and the spacecraft that B* implies
/// ([`Spacecraft::from_bstar`]). SGP4's state is a mean-element product: expect it to differ
/// from the true osculating state by ~1 km, which a numerical propagation then carries.
pub fn initial_state_from_elements(
    set: &ElementSet,
) -> Result<(State<Gcrf>, Spacecraft), NumericalError> {
    let sgp4 = Sgp4::new(set)?;
    let (r, v) = sgp4.propagate(0.0)?;
    let teme = State::<Teme>::new(set.epoch, r, v);
    let gcrf = uitkijk_frames::teme_to_gcrf(&teme, EopTable::bundled());
    Ok((gcrf, Spacecraft::from_bstar(set.bstar_per_er)))
}
