//! Collision-avoidance options: the cheapest burn of the primary, for each of several burn
//! times before TCA and each burn direction, that brings the collision probability under a
//! threshold.
//!
//! # Method
//!
//! The burn is an impulsive Δv of the primary, along-track (±, along the in-track axis I of the
//! primary's RIC frame at the burn time, which is the velocity direction of a circular orbit)
//! or radial (±, along R), applied `Δt` before TCA. Its effect at TCA is taken to first order:
//!
//! ```text
//! δr(TCA) = Φ_rv(TCA, t_b) · δv,    δv(TCA) = Φ_vv(TCA, t_b) · δv
//! ```
//!
//! with `Φ` the two-body state-transition matrix from the burn time `t_b` to TCA about the
//! primary's reference orbit. The burn state is the primary's TCA state propagated back by
//! `Δt` on a Kepler orbit (universal-variable formulation: Vallado, *Fundamentals of
//! Astrodynamics and Applications*, 4th ed., Algorithm 8; Curtis, *Orbital Mechanics for
//! Engineering Students*, Algorithms 3.3–3.4), and `Φ` is the Jacobian of that Kepler map with
//! respect to the initial velocity, by central differences (1 cm/s steps: the map is smooth,
//! and the truncation error, O(h²), is below 1e-8 relative for the arcs used here).
//!
//! The secondary and both covariances are left as they are (the burn's execution error is not
//! modelled). The new miss is that of linear relative motion about TCA: the relative position
//! with its component along the relative velocity removed, which is what the 2D Pc methods do
//! on the encounter plane, so the Pc callback is handed the TCA states as they are.
//!
//! Two-body linearisation ignores J2 and drag over the arc from burn to TCA. Against a
//! numerical two-body + J2 re-propagation of the same burn (RK4, `tests/avoid.rs`, LEO at
//! 700 km, Δv 0.1–1 m/s) the predicted change of the TCA position agrees within 0.38% for
//! burns up to 1 revolution before TCA and 0.42% up to 3 revolutions, and the predicted miss
//! change within 0.4%. The exception is a radial burn a whole number of revolutions before
//! TCA, whose two-body effect at TCA vanishes: there the J2 effect the map cannot see (about
//! 24 m per m/s at 1–3 revolutions) is all there is.
//!
//! # Search
//!
//! For each burn time and direction the Δv magnitude is scanned on a geometric grid from
//! [`AvoidOptions::dv_min_m_s`] to [`AvoidOptions::dv_max_m_s`]; the first grid point with
//! `Pc ≤ threshold` is refined by bisection against the grid point before it. Pc need not be
//! monotone in Δv (a burn may first carry the primary through the secondary's position), which
//! is why a scan comes first: the answer is the smallest Δv on the grid's resolution, not just
//! any root.

use nalgebra::{Matrix3, Vector3};
use serde::Serialize;

use crate::pc::ObjectAtTca;

/// Earth gravitational parameter, km³/s² (EGM-96/WGS-84 value; a two-body constant, so its
/// last digits are immaterial for a linear burn model).
pub const MU_KM3_S2: f64 = 398_600.441_8;

/// Why avoidance options could not be computed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum AvoidError {
    /// An input number is not finite or out of its domain.
    #[error("invalid {field}: {value}")]
    InvalidInput {
        /// Which input.
        field: &'static str,
        /// Its value.
        value: f64,
    },
    /// The primary's state is not a bound orbit with a RIC frame (r × v vanishes, or the
    /// energy is not negative: the period, and burns "N revolutions before TCA", need one).
    #[error("the primary's state is not a bound orbit with a RIC frame")]
    DegenerateOrbit,
    /// The Kepler solver did not converge.
    #[error("Kepler propagation over {dt_s} s did not converge")]
    KeplerNoConvergence {
        /// The arc, s.
        dt_s: f64,
    },
    /// Primary and secondary have the same velocity: no encounter plane.
    #[error("primary and secondary have the same velocity at TCA")]
    ZeroRelativeVelocity,
}

/// Direction of the burn in the primary's RIC frame at the burn time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum BurnDirection {
    /// Along +I (prograde for a circular orbit): raises the orbit, arrives later.
    #[serde(rename = "along-track+")]
    AlongTrackPlus,
    /// Along −I (retrograde).
    #[serde(rename = "along-track-")]
    AlongTrackMinus,
    /// Along +R (outward).
    #[serde(rename = "radial+")]
    RadialPlus,
    /// Along −R (inward).
    #[serde(rename = "radial-")]
    RadialMinus,
}

impl BurnDirection {
    /// All four, in output order.
    pub const ALL: [BurnDirection; 4] = [
        BurnDirection::AlongTrackPlus,
        BurnDirection::AlongTrackMinus,
        BurnDirection::RadialPlus,
        BurnDirection::RadialMinus,
    ];

    /// Unit vector in RIC components (R, I, C).
    pub fn ric_unit(self) -> Vector3<f64> {
        match self {
            BurnDirection::AlongTrackPlus => Vector3::new(0.0, 1.0, 0.0),
            BurnDirection::AlongTrackMinus => Vector3::new(0.0, -1.0, 0.0),
            BurnDirection::RadialPlus => Vector3::new(1.0, 0.0, 0.0),
            BurnDirection::RadialMinus => Vector3::new(-1.0, 0.0, 0.0),
        }
    }

    /// The name used in output, e.g. `along-track+`.
    pub fn as_str(self) -> &'static str {
        match self {
            BurnDirection::AlongTrackPlus => "along-track+",
            BurnDirection::AlongTrackMinus => "along-track-",
            BurnDirection::RadialPlus => "radial+",
            BurnDirection::RadialMinus => "radial-",
        }
    }
}

/// What to search.
#[derive(Debug, Clone, PartialEq)]
pub struct AvoidOptions {
    /// Burn times before TCA in orbital periods of the primary.
    pub burn_revs_before_tca: Vec<f64>,
    /// Burn directions to try.
    pub directions: Vec<BurnDirection>,
    /// Pc the burn must reach (at or below).
    pub pc_threshold: f64,
    /// Smallest Δv of the scan, m/s.
    pub dv_min_m_s: f64,
    /// Largest Δv considered, m/s.
    pub dv_max_m_s: f64,
    /// Grid points of the scan (geometric).
    pub scan_points: usize,
}

impl Default for AvoidOptions {
    /// Burns 0.5, 1, 2, 3, 5 and 10 revolutions before TCA, all four directions, Pc threshold
    /// 1e-4 (the common operational manoeuvre threshold, e.g. NASA CARA's), Δv from 0.1 mm/s
    /// to 5 m/s on 80 points.
    fn default() -> Self {
        AvoidOptions {
            burn_revs_before_tca: vec![0.5, 1.0, 2.0, 3.0, 5.0, 10.0],
            directions: BurnDirection::ALL.to_vec(),
            pc_threshold: 1e-4,
            dv_min_m_s: 1e-4,
            dv_max_m_s: 5.0,
            scan_points: 80,
        }
    }
}

/// A state on a Kepler orbit, km and km/s.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct KeplerState {
    /// Position, km.
    pub position_km: Vector3<f64>,
    /// Velocity, km/s.
    pub velocity_km_s: Vector3<f64>,
}

/// Stumpff functions C(z), S(z) (Curtis eqs. 3.50–3.52), with series near 0.
fn stumpff(z: f64) -> (f64, f64) {
    if z > 1e-6 {
        let s = z.sqrt();
        ((1.0 - s.cos()) / z, (s - s.sin()) / (s * s * s))
    } else if z < -1e-6 {
        let s = (-z).sqrt();
        ((s.cosh() - 1.0) / -z, (s.sinh() - s) / (s * s * s))
    } else {
        (
            0.5 - z / 24.0 + z * z / 720.0,
            1.0 / 6.0 - z / 120.0 + z * z / 5040.0,
        )
    }
}

/// Two-body propagation of a state by `dt_s` seconds (either sign), universal variables.
pub fn kepler_propagate(
    position_km: &Vector3<f64>,
    velocity_km_s: &Vector3<f64>,
    dt_s: f64,
) -> Result<KeplerState, AvoidError> {
    let r0 = position_km.norm();
    if !(r0 > 0.0 && r0.is_finite() && velocity_km_s.iter().all(|x| x.is_finite())) {
        return Err(AvoidError::DegenerateOrbit);
    }
    if !dt_s.is_finite() {
        return Err(AvoidError::InvalidInput {
            field: "propagation time",
            value: dt_s,
        });
    }
    let sqrt_mu = MU_KM3_S2.sqrt();
    let vr0 = position_km.dot(velocity_km_s) / r0;
    let alpha = 2.0 / r0 - velocity_km_s.norm_squared() / MU_KM3_S2;
    // Initial guess: exact for a circular orbit (Vallado Algorithm 8).
    let mut chi = if alpha > 1e-12 {
        sqrt_mu * alpha * dt_s
    } else {
        sqrt_mu * dt_s / r0
    };
    let mut converged = false;
    for _ in 0..200 {
        let z = alpha * chi * chi;
        let (c, s) = stumpff(z);
        let f = r0 * vr0 / sqrt_mu * chi * chi * c
            + (1.0 - alpha * r0) * chi * chi * chi * s
            + r0 * chi
            - sqrt_mu * dt_s;
        let df = r0 * vr0 / sqrt_mu * chi * (1.0 - z * s) + (1.0 - alpha * r0) * chi * chi * c + r0;
        let step = f / df;
        chi -= step;
        if step.abs() <= 1e-14 * chi.abs().max(1e-3) {
            converged = true;
            break;
        }
    }
    if !converged || !chi.is_finite() {
        return Err(AvoidError::KeplerNoConvergence { dt_s });
    }
    let z = alpha * chi * chi;
    let (c, s) = stumpff(z);
    let f = 1.0 - chi * chi / r0 * c;
    let g = dt_s - chi * chi * chi * s / sqrt_mu;
    let r = f * position_km + g * velocity_km_s;
    let rn = r.norm();
    let fdot = sqrt_mu / (rn * r0) * (z * s - 1.0) * chi;
    let gdot = 1.0 - chi * chi / rn * c;
    Ok(KeplerState {
        position_km: r,
        velocity_km_s: fdot * position_km + gdot * velocity_km_s,
    })
}

/// The RIC axes (rows R, I, C) of a state; `None` when r × v vanishes.
fn ric_rows(r: &Vector3<f64>, v: &Vector3<f64>) -> Option<Matrix3<f64>> {
    let h = r.cross(v);
    let (nr, nh) = (r.norm(), h.norm());
    if !(nr > 0.0 && nh > 1e-12 * nr * v.norm() && nh.is_finite()) {
        return None;
    }
    let rr = r / nr;
    let cc = h / nh;
    let ii = cc.cross(&rr);
    Some(Matrix3::from_rows(&[
        rr.transpose(),
        ii.transpose(),
        cc.transpose(),
    ]))
}

/// The two-body orbital period of a state, s; an error unless the orbit is bound.
pub fn orbital_period_s(
    position_km: &Vector3<f64>,
    velocity_km_s: &Vector3<f64>,
) -> Result<f64, AvoidError> {
    let alpha = 2.0 / position_km.norm() - velocity_km_s.norm_squared() / MU_KM3_S2;
    if !(alpha > 0.0 && alpha.is_finite()) {
        return Err(AvoidError::DegenerateOrbit);
    }
    let a = 1.0 / alpha;
    Ok(std::f64::consts::TAU * (a * a * a / MU_KM3_S2).sqrt())
}

/// The linear map from a burn of the primary `dt_before_tca_s` before TCA to its TCA state.
#[derive(Debug, Clone, PartialEq)]
pub struct BurnMap {
    /// The primary's state at the burn time (two-body back-propagation of its TCA state).
    pub burn_state: KeplerState,
    /// Rows R, I, C of the primary's RIC frame at the burn time (inertial → RIC).
    pub burn_ric: Matrix3<f64>,
    /// ∂r(TCA)/∂v(t_b), s (inertial δv in, inertial δr out).
    pub phi_rv: Matrix3<f64>,
    /// ∂v(TCA)/∂v(t_b), dimensionless.
    pub phi_vv: Matrix3<f64>,
}

impl BurnMap {
    /// Build the map for a burn `dt_before_tca_s` (> 0) seconds before TCA.
    pub fn new(primary: &ObjectAtTca, dt_before_tca_s: f64) -> Result<BurnMap, AvoidError> {
        if !(dt_before_tca_s.is_finite() && dt_before_tca_s >= 0.0) {
            return Err(AvoidError::InvalidInput {
                field: "burn time before TCA",
                value: dt_before_tca_s,
            });
        }
        let burn_state = kepler_propagate(
            &primary.position_km,
            &primary.velocity_km_s,
            -dt_before_tca_s,
        )?;
        let burn_ric = ric_rows(&burn_state.position_km, &burn_state.velocity_km_s)
            .ok_or(AvoidError::DegenerateOrbit)?;
        // Central differences of the Kepler map in each inertial velocity component.
        let h = 1e-5; // km/s
        let mut phi_rv = Matrix3::zeros();
        let mut phi_vv = Matrix3::zeros();
        for j in 0..3 {
            let mut dv = Vector3::zeros();
            dv[j] = h;
            let plus = kepler_propagate(
                &burn_state.position_km,
                &(burn_state.velocity_km_s + dv),
                dt_before_tca_s,
            )?;
            let minus = kepler_propagate(
                &burn_state.position_km,
                &(burn_state.velocity_km_s - dv),
                dt_before_tca_s,
            )?;
            phi_rv.set_column(j, &((plus.position_km - minus.position_km) / (2.0 * h)));
            phi_vv.set_column(j, &((plus.velocity_km_s - minus.velocity_km_s) / (2.0 * h)));
        }
        Ok(BurnMap {
            burn_state,
            burn_ric,
            phi_rv,
            phi_vv,
        })
    }

    /// The change of the primary's TCA position (km) and velocity (km/s), inertial, for a burn
    /// given in RIC components at the burn time, km/s.
    pub fn tca_change(&self, dv_ric_km_s: &Vector3<f64>) -> (Vector3<f64>, Vector3<f64>) {
        let dv = self.burn_ric.transpose() * dv_ric_km_s;
        (self.phi_rv * dv, self.phi_vv * dv)
    }

    /// The primary at TCA after the burn (same covariance: execution error not modelled).
    pub fn primary_after(&self, primary: &ObjectAtTca, dv_ric_km_s: &Vector3<f64>) -> ObjectAtTca {
        let (dr, dv) = self.tca_change(dv_ric_km_s);
        ObjectAtTca {
            position_km: primary.position_km + dr,
            velocity_km_s: primary.velocity_km_s + dv,
            covariance: primary.covariance,
        }
    }
}

/// The miss of linear relative motion about TCA: the vector from the primary to the secondary
/// at their closest approach, inertial, km; and its RIC components in the primary's frame.
pub fn linear_miss(
    primary: &ObjectAtTca,
    secondary: &ObjectAtTca,
) -> Result<(Vector3<f64>, Vector3<f64>), AvoidError> {
    let d = secondary.position_km - primary.position_km;
    let u = secondary.velocity_km_s - primary.velocity_km_s;
    let u2 = u.norm_squared();
    if u2 <= 0.0 || !u2.is_finite() {
        return Err(AvoidError::ZeroRelativeVelocity);
    }
    let miss = d - u * (d.dot(&u) / u2);
    let ric = ric_rows(&primary.position_km, &primary.velocity_km_s)
        .ok_or(AvoidError::DegenerateOrbit)?;
    Ok((miss, ric * miss))
}

/// One candidate manoeuvre: the cheapest burn found for one burn time and direction.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AvoidanceOption {
    /// Burn time before TCA, orbital periods of the primary.
    pub burn_revs_before_tca: f64,
    /// Burn time before TCA, s.
    pub burn_before_tca_s: f64,
    /// Burn direction.
    pub direction: BurnDirection,
    /// Whether a Δv up to the maximum reaches the threshold.
    pub reached: bool,
    /// The smallest Δv that reaches the threshold, m/s (the maximum tried when not reached).
    pub dv_m_s: f64,
    /// Miss distance after the burn, km.
    pub miss_km: f64,
    /// Radial component of the miss (secondary minus primary), km.
    pub radial_km: f64,
    /// In-track component of the miss, km.
    pub in_track_km: f64,
    /// Cross-track component of the miss, km.
    pub cross_track_km: f64,
    /// Pc after the burn.
    pub pc: f64,
    /// Whether this is the cheapest reaching option of its burn time.
    pub cheapest_at_burn_time: bool,
}

/// The avoidance table of one conjunction.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AvoidanceTable {
    /// The Pc threshold searched for.
    pub pc_threshold: f64,
    /// Combined hard-body radius, m.
    pub hbr_m: f64,
    /// Pc without a burn.
    pub pc_before: f64,
    /// Miss without a burn, km.
    pub miss_before_km: f64,
    /// Orbital period of the primary, s.
    pub primary_period_s: f64,
    /// One row per burn time and direction, in the order of the options.
    pub options: Vec<AvoidanceOption>,
}

/// Miss distance (km), miss in RIC (km) and Pc after one burn.
type Evaluation = (f64, Vector3<f64>, f64);

/// Evaluate one burn: the primary after it, the new miss (inertial and RIC) and Pc.
fn evaluate(
    map: &BurnMap,
    primary: &ObjectAtTca,
    secondary: &ObjectAtTca,
    hbr_m: f64,
    pc: &dyn Fn(&ObjectAtTca, &ObjectAtTca, f64) -> f64,
    dv_ric_km_s: &Vector3<f64>,
) -> Result<Evaluation, AvoidError> {
    let moved = map.primary_after(primary, dv_ric_km_s);
    let (miss, ric) = linear_miss(&moved, secondary)?;
    Ok((miss.norm(), ric, pc(&moved, secondary, hbr_m)))
}

/// The avoidance table of a conjunction: for each burn time and direction of `options`, the
/// smallest Δv of the primary that brings `pc(primary, secondary, hbr_m)` to the threshold or
/// below. `pc` is any 2D Pc method (it is called with the TCA states after the burn).
pub fn avoidance_options(
    primary: &ObjectAtTca,
    secondary: &ObjectAtTca,
    hbr_m: f64,
    pc: &dyn Fn(&ObjectAtTca, &ObjectAtTca, f64) -> f64,
    options: &AvoidOptions,
) -> Result<AvoidanceTable, AvoidError> {
    let check = |field: &'static str, value: f64, ok: bool| {
        if ok && value.is_finite() {
            Ok(())
        } else {
            Err(AvoidError::InvalidInput { field, value })
        }
    };
    check("hbr_m", hbr_m, hbr_m > 0.0)?;
    check(
        "pc threshold",
        options.pc_threshold,
        options.pc_threshold >= 0.0,
    )?;
    check("dv_min_m_s", options.dv_min_m_s, options.dv_min_m_s > 0.0)?;
    check(
        "dv_max_m_s",
        options.dv_max_m_s,
        options.dv_max_m_s >= options.dv_min_m_s,
    )?;
    check(
        "scan points",
        options.scan_points as f64,
        options.scan_points >= 2,
    )?;
    for &n in &options.burn_revs_before_tca {
        check("burn revolutions before TCA", n, n > 0.0)?;
    }
    let period_s = orbital_period_s(&primary.position_km, &primary.velocity_km_s)?;
    let (miss0, _) = linear_miss(primary, secondary)?;
    let pc0 = pc(primary, secondary, hbr_m);

    let ratio =
        (options.dv_max_m_s / options.dv_min_m_s).powf(1.0 / (options.scan_points - 1) as f64);
    let grid: Vec<f64> = (0..options.scan_points)
        .map(|k| {
            if k + 1 == options.scan_points {
                options.dv_max_m_s
            } else {
                options.dv_min_m_s * ratio.powi(k as i32)
            }
        })
        .collect();

    let mut rows = Vec::new();
    for &revs in &options.burn_revs_before_tca {
        let dt = revs * period_s;
        let map = BurnMap::new(primary, dt)?;
        let first_row = rows.len();
        for &dir in &options.directions {
            let unit = dir.ric_unit();
            let at = |dv_m_s: f64| {
                evaluate(
                    &map,
                    primary,
                    secondary,
                    hbr_m,
                    pc,
                    &(unit * (dv_m_s * 1e-3)),
                )
            };
            let mut found: Option<(f64, Evaluation)> = None;
            if pc0 <= options.pc_threshold {
                found = Some((
                    0.0,
                    evaluate(&map, primary, secondary, hbr_m, pc, &Vector3::zeros())?,
                ));
            } else {
                let mut lo = 0.0;
                for &dv in &grid {
                    let e = at(dv)?;
                    if e.2 <= options.pc_threshold {
                        // Bisect in (lo, dv]: lo fails, dv succeeds.
                        let (mut a, mut b, mut eb) = (lo, dv, e);
                        while b - a > 1e-9_f64.max(1e-7 * b) {
                            let m = 0.5 * (a + b);
                            let em = at(m)?;
                            if em.2 <= options.pc_threshold {
                                b = m;
                                eb = em;
                            } else {
                                a = m;
                            }
                        }
                        found = Some((b, eb));
                        break;
                    }
                    lo = dv;
                }
            }
            let (reached, dv_m_s, (miss_km, ric, p)) = match found {
                Some((dv, e)) => (true, dv, e),
                None => (false, options.dv_max_m_s, at(options.dv_max_m_s)?),
            };
            rows.push(AvoidanceOption {
                burn_revs_before_tca: revs,
                burn_before_tca_s: dt,
                direction: dir,
                reached,
                dv_m_s,
                miss_km,
                radial_km: ric[0],
                in_track_km: ric[1],
                cross_track_km: ric[2],
                pc: p,
                cheapest_at_burn_time: false,
            });
        }
        // Mark the cheapest reaching option of this burn time (first one on ties).
        let best = rows[first_row..]
            .iter()
            .enumerate()
            .filter(|(_, r)| r.reached)
            .min_by(|a, b| a.1.dv_m_s.total_cmp(&b.1.dv_m_s))
            .map(|(i, _)| first_row + i);
        if let Some(i) = best {
            rows[i].cheapest_at_burn_time = true;
        }
    }
    Ok(AvoidanceTable {
        pc_threshold: options.pc_threshold,
        hbr_m,
        pc_before: pc0,
        miss_before_km: miss0.norm(),
        primary_period_s: period_s,
        options: rows,
    })
}
