//! Orbit-averaged decay of the mean semi-major axis and eccentricity under drag.
//!
//! Drag acts along the velocity: `f_T = −½ ρ v² β` with `β = C_D A / m`. Gauss's equations
//! for a tangential force (Vallado 2013, eq. 9-24; Montenbruck & Gill 2000, §3.5) give
//!
//! ```text
//! da/dt = 2 a² v f_T / μ,        de/dt = 2 (e + cos ν) f_T / v
//! ```
//!
//! Averaged over one revolution with `dM = (1 − e cos E) dE`, `r = a(1 − e cos E)`,
//! `v² = (μ/a)(1 + e cos E)/(1 − e cos E)` and `(e + cos ν)(1 − e cos E) = (1 − e²) cos E`:
//!
//! ```text
//! ⟨da/dt⟩ = −(a² β / μ) · (1/2π) ∮ ρ(r) v³ F (1 − e cos E) dE
//! ⟨de/dt⟩ = −β (1 − e²) · (1/2π) ∮ ρ(r) v F cos E dE
//! ```
//!
//! `F = (1 − r ω⊕ cos i / v)²` accounts for the co-rotating atmosphere (King-Hele, *Satellite
//! Orbits in an Atmosphere*, 1987, ch. 4). The integrals are taken by the trapezoidal rule in
//! `E`, which converges geometrically for a smooth periodic integrand; the number of nodes
//! grows with `a e / H` so the density peak at perigee of an eccentric orbit is resolved.
//! Heights are above a sphere of the WGS-84 equatorial radius (the Earth's flattening moves the
//! height of a polar orbit by up to 21 km; that bias is absorbed by the fitted β at the
//! heights flown, not below them).

use super::atmosphere::Atmosphere;

/// Earth gravitational parameter, m³/s² (WGS-84).
const MU_M3_S2: f64 = 3.986_004_418e14;
/// WGS-84 equatorial radius, km.
pub const EARTH_RADIUS_KM: f64 = 6378.137;
/// Earth rotation rate, rad/s.
const OMEGA_EARTH_RAD_S: f64 = 7.292_115e-5;

/// Mean orbit size and shape, the state the decay integrates.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MeanOrbit {
    /// Mean semi-major axis, km.
    pub a_km: f64,
    /// Mean eccentricity.
    pub e: f64,
}

impl MeanOrbit {
    /// Perigee height above the equatorial radius, km.
    pub fn perigee_alt_km(&self) -> f64 {
        self.a_km * (1.0 - self.e) - EARTH_RADIUS_KM
    }

    /// Apogee height above the equatorial radius, km.
    pub fn apogee_alt_km(&self) -> f64 {
        self.a_km * (1.0 + self.e) - EARTH_RADIUS_KM
    }
}

/// Orbit-averaged `(da/dt km/s, de/dt 1/s)` at `mjd_utc` for ballistic coefficient
/// `beta_m2_kg` (`C_D A/m`), inclination `incl_rad`, density scaled by `density_factor`.
pub fn rates(
    orbit: MeanOrbit,
    incl_rad: f64,
    beta_m2_kg: f64,
    density_factor: f64,
    atm: &dyn Atmosphere,
    mjd_utc: f64,
) -> (f64, f64) {
    let a_m = orbit.a_km * 1e3;
    let e = orbit.e.clamp(0.0, 0.99);
    // Enough nodes that the perigee peak (width ~ sqrt(2H/(ae)) in E, H ≥ 5 km) holds
    // several of them.
    let ae_km = orbit.a_km * e;
    let peak_width = (2.0 * 5.0 / ae_km.max(1e-9)).sqrt();
    let nodes = ((2.0 * std::f64::consts::PI / peak_width) * 4.0).clamp(16.0, 4096.0) as usize;
    let (mut sum_a, mut sum_e) = (0.0, 0.0);
    let cos_i = incl_rad.cos();
    for k in 0..nodes {
        let ecc_anomaly = 2.0 * std::f64::consts::PI * k as f64 / nodes as f64;
        let cos_e = ecc_anomaly.cos();
        let one_minus = 1.0 - e * cos_e;
        let r_m = a_m * one_minus;
        let rho = atm.density_kg_m3(r_m / 1e3 - EARTH_RADIUS_KM, mjd_utc) * density_factor;
        if rho == 0.0 {
            continue;
        }
        let v = (MU_M3_S2 / a_m * (1.0 + e * cos_e) / one_minus).sqrt();
        let f = (1.0 - r_m * OMEGA_EARTH_RAD_S * cos_i / v).powi(2);
        sum_a += rho * v * v * v * f * one_minus;
        sum_e += rho * v * f * cos_e;
    }
    let n = nodes as f64;
    let da_m_s = -(a_m * a_m * beta_m2_kg / MU_M3_S2) * sum_a / n;
    let de_s = -beta_m2_kg * (1.0 - e * e) * sum_e / n;
    (da_m_s / 1e3, de_s)
}

/// What drags the orbit down: its inclination (for the co-rotating atmosphere), its
/// ballistic coefficient and a factor on the atmosphere's density.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Drag {
    /// Inclination, rad.
    pub incl_rad: f64,
    /// C_D·A/m, m²/kg.
    pub beta_m2_kg: f64,
    /// Factor on the model density (space-weather ensemble).
    pub density_factor: f64,
    /// UTC modified Julian date of t = 0 (for time-dependent atmospheres).
    pub t0_mjd_utc: f64,
}

/// Where a decay integration ended.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum DecayEnd {
    /// Perigee reached the end height after this many seconds.
    Reentered(f64),
    /// Still above the end height when the horizon (seconds) ran out; the orbit then.
    Horizon(MeanOrbit),
}

/// Integrate the mean orbit under drag (classical RK4 with a step that shrinks as the decay
/// speeds up) until the perigee height falls to `end_alt_km` or `horizon_s` passes. Returns
/// also the orbit at each of `sample_s` (ascending, seconds from the start; `None` past the
/// re-entry).
pub fn integrate(
    start: MeanOrbit,
    drag: Drag,
    atm: &dyn Atmosphere,
    end_alt_km: f64,
    horizon_s: f64,
    sample_s: &[f64],
) -> (DecayEnd, Vec<Option<MeanOrbit>>) {
    let deriv = |o: MeanOrbit, t: f64| {
        rates(
            o,
            drag.incl_rad,
            drag.beta_m2_kg,
            drag.density_factor,
            atm,
            drag.t0_mjd_utc + t / 86_400.0,
        )
    };
    let mut t = 0.0;
    let mut o = start;
    let mut samples = Vec::with_capacity(sample_s.len());
    let mut next = 0;
    let add = |o: MeanOrbit, da: f64, de: f64, h: f64| MeanOrbit {
        a_km: o.a_km + h * da,
        e: (o.e + h * de).max(0.0),
    };
    while next < sample_s.len() && sample_s[next] <= 0.0 {
        samples.push(Some(start));
        next += 1;
    }
    loop {
        if o.perigee_alt_km() <= end_alt_km {
            samples.resize(sample_s.len(), None);
            return (DecayEnd::Reentered(t), samples);
        }
        if t >= horizon_s {
            samples.resize(sample_s.len(), Some(o));
            return (DecayEnd::Horizon(o), samples);
        }
        let (da, de) = deriv(o, t);
        // Step: the perigee may fall by at most a tenth of a scale height (≥ 0.5 km) or 2 % of
        // its height above the end, and never more than a day.
        let perigee_rate = (da * (1.0 - o.e) - o.a_km * de).abs().max(1e-12);
        let room = (o.perigee_alt_km() - end_alt_km).max(0.05);
        let mut h = (0.5f64.max(0.02 * room) / perigee_rate).min(86_400.0);
        if next < sample_s.len() {
            h = h.min((sample_s[next] - t).max(1e-3));
        }
        h = h.min((horizon_s - t).max(1e-3));
        let k1 = (da, de);
        let k2 = deriv(add(o, k1.0, k1.1, h / 2.0), t + h / 2.0);
        let k3 = deriv(add(o, k2.0, k2.1, h / 2.0), t + h / 2.0);
        let k4 = deriv(add(o, k3.0, k3.1, h), t + h);
        let da_step = (k1.0 + 2.0 * k2.0 + 2.0 * k3.0 + k4.0) / 6.0;
        let de_step = (k1.1 + 2.0 * k2.1 + 2.0 * k3.1 + k4.1) / 6.0;
        let stepped = add(o, da_step, de_step, h);
        if stepped.perigee_alt_km() <= end_alt_km {
            // Interpolate the crossing linearly inside the step (the step is small there).
            let p0 = o.perigee_alt_km();
            let p1 = stepped.perigee_alt_km();
            let frac = ((p0 - end_alt_km) / (p0 - p1)).clamp(0.0, 1.0);
            t += frac * h;
            samples.resize(sample_s.len(), None);
            return (DecayEnd::Reentered(t), samples);
        }
        t += h;
        o = stepped;
        while next < sample_s.len() && sample_s[next] <= t + 1e-6 {
            samples.push(Some(o));
            next += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Constant density: for a circular orbit the averaged rate must equal the closed form
    /// `da/dt = −β ρ √(μ a) F` (Vallado 2013, eq. 9-31 without rotation when F = 1).
    struct Flat(f64);
    impl Atmosphere for Flat {
        fn density_kg_m3(&self, _alt_km: f64, _mjd_utc: f64) -> f64 {
            self.0
        }
    }

    #[test]
    fn circular_orbit_rate_is_the_closed_form() {
        let o = MeanOrbit {
            a_km: 6778.137,
            e: 0.0,
        };
        // Polar orbit: the co-rotation factor vanishes to first order only at the poles, so
        // take i = 90°, where F = 1 exactly.
        let (da, de) = rates(o, std::f64::consts::FRAC_PI_2, 0.01, 1.0, &Flat(1e-12), 0.0);
        let want = -0.01 * 1e-12 * (MU_M3_S2 * o.a_km * 1e3).sqrt() / 1e3;
        assert!((da / want - 1.0).abs() < 1e-9, "{da} vs {want}");
        assert!(de.abs() < 1e-20);
    }

    #[test]
    fn eccentricity_decays_under_drag_at_perigee() {
        let atm = super::super::atmosphere::ExponentialAtmosphere;
        let o = MeanOrbit {
            a_km: 24_000.0,
            e: 0.72,
        };
        let (da, de) = rates(o, 0.3, 0.01, 1.0, &atm, 0.0);
        assert!(da < 0.0 && de < 0.0, "{da} {de}");
        // Perigee drag lowers apogee far faster than perigee: d(rp)/dt ≪ d(ra)/dt.
        let drp = da * (1.0 - o.e) - o.a_km * de;
        let dra = da * (1.0 + o.e) + o.a_km * de;
        assert!(drp.abs() < 0.05 * dra.abs(), "{drp} {dra}");
    }
}
