//! The ground track across the re-entry window, and which regions it crosses.
//!
//! # Why not SGP4 or the Cowell propagator
//!
//! Over a window of hours to weeks the along-track position is unknown to many revolutions
//! (the window *is* that uncertainty), so what the track must get right is the orbit plane
//! (its precession under J2) and a phase consistent with the decay that defines the window.
//! SGP4 from the last set decays with B*, not with the fitted β, and breaks down below ~150
//! km; a Cowell run with the fitted β would cost seconds per day of window for no gain at this
//! level. So the track is the fitted decay model itself: the mean a(t), e(t) of
//! [`super::decay::integrate`] (with β scaled so that the orbit lives to the window's end), the
//! mean anomaly integrated from the mean motion n(a(t)), and Ω, ω drifting at the J2 secular
//! rates (Vallado 2013, eqs. 9-41); positions from Kepler's equation, rotated to the Earth by
//! GMST (IAU-82, UT1 ≈ UTC: < 1 s, < 0.5 km), heights and latitudes on WGS-84.

use uitkijk_formats::ElementSet;
use uitkijk_frames::{geodetic_from_itrf_km, gmst82_rad};
use uitkijk_time::{Duration, Epoch};

use super::atmosphere::Atmosphere;
use super::decay::{integrate, DecayEnd, Drag, MeanOrbit, EARTH_RADIUS_KM};
use super::region::Region;

/// Earth's J2 (EGM96 / WGS-84 value).
const J2: f64 = 1.082_626_68e-3;
/// Earth gravitational parameter, km³/s².
const MU_KM3_S2: f64 = 398_600.441_8;

/// One sub-satellite point.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TrackPoint {
    /// When.
    pub epoch: Epoch,
    /// Geodetic latitude, degrees.
    pub lat_deg: f64,
    /// Longitude, degrees east (−180, 180].
    pub lon_deg: f64,
    /// Height above WGS-84, km.
    pub alt_km: f64,
}

/// How a region is crossed by the track within the window.
#[derive(Debug, Clone, PartialEq)]
pub struct Overflight {
    /// The region's name.
    pub region: String,
    /// Number of separate passes over it.
    pub passes: usize,
    /// First and last track point inside it.
    pub first: Option<Epoch>,
    /// Last track point inside it.
    pub last: Option<Epoch>,
}

impl Overflight {
    /// Whether the region is overflown within the window.
    pub fn overflown(&self) -> bool {
        self.passes > 0
    }
}

/// The orbit the track starts from: the last set's angles and the fitted mean a, e at its
/// epoch, with the fitted β.
#[derive(Debug, Clone, Copy)]
pub struct TrackStart {
    /// Epoch of the last set.
    pub epoch: Epoch,
    /// Fitted mean orbit at the epoch.
    pub orbit: MeanOrbit,
    /// The set's inclination, RAAN, argument of perigee and mean anomaly, rad.
    pub angles_rad: [f64; 4],
    /// Fitted β, m²/kg.
    pub beta_m2_kg: f64,
}

impl TrackStart {
    /// From the last element set and the prediction's fitted orbit and β.
    pub fn new(set: &ElementSet, orbit: MeanOrbit, beta_m2_kg: f64) -> TrackStart {
        TrackStart {
            epoch: set.epoch,
            orbit,
            angles_rad: [
                set.inclination_deg.to_radians(),
                set.raan_deg.to_radians(),
                set.arg_perigee_deg.to_radians(),
                set.mean_anomaly_deg.to_radians(),
            ],
            beta_m2_kg,
        }
    }
}

/// The ground track from `from` to `to` every `step_s` seconds (sampled coarser, every
/// 120 s, between the start epoch and `from`), with β scaled so that the orbit lives to
/// `to`; points end early if even that orbit comes down.
pub fn ground_track(
    start: &TrackStart,
    atm: &dyn Atmosphere,
    end_alt_km: f64,
    from: Epoch,
    to: Epoch,
    step_s: f64,
) -> Vec<TrackPoint> {
    let t_from = (from - start.epoch).to_seconds().max(0.0);
    let t_to = (to - start.epoch).to_seconds();
    if t_to <= t_from {
        return Vec::new();
    }
    let drag = |factor: f64| Drag {
        incl_rad: start.angles_rad[0],
        beta_m2_kg: start.beta_m2_kg * factor,
        density_factor: 1.0,
        t0_mjd_utc: start.epoch.to_mjd_utc_days(),
    };
    // Scale β so that re-entry falls just after `to` (lifetime ≈ ∝ 1/β; a few iterations).
    let mut factor = 1.0;
    for _ in 0..6 {
        match integrate(
            start.orbit,
            drag(factor),
            atm,
            end_alt_km,
            4.0 * t_to + 1e5,
            &[],
        )
        .0
        {
            DecayEnd::Reentered(life) if life < 1.02 * t_to => factor *= life / (1.05 * t_to),
            _ => break,
        }
    }
    let mut times: Vec<f64> = Vec::new();
    let mut t = 0.0;
    while t < t_from {
        times.push(t);
        t += 120.0;
    }
    let mut t = t_from;
    while t <= t_to {
        times.push(t);
        t += step_s.max(1.0);
    }
    let (_, orbits) = integrate(
        start.orbit,
        drag(factor),
        atm,
        end_alt_km,
        t_to + 1.0,
        &times,
    );
    let [incl, raan0, argp0, m0] = start.angles_rad;
    let (mut m, mut last_t, mut last_n) = (m0, 0.0, None::<f64>);
    let mut out = Vec::new();
    for (&t, o) in times.iter().zip(&orbits) {
        let Some(o) = *o else { break };
        let n = (MU_KM3_S2 / o.a_km.powi(3)).sqrt();
        if let Some(n0) = last_n {
            m += 0.5 * (n + n0) * (t - last_t);
        }
        last_t = t;
        last_n = Some(n);
        if t < t_from {
            continue;
        }
        let e = o.e.clamp(0.0, 0.9);
        let p = o.a_km * (1.0 - e * e);
        let k = 1.5 * J2 * (EARTH_RADIUS_KM / p).powi(2) * n;
        let (si, ci) = incl.sin_cos();
        // Secular J2 drift of the node and perigee (and of M beyond n, negligible here).
        let raan = raan0 - k * ci * t;
        let argp = argp0 + 0.5 * k * (4.0 - 5.0 * si * si) * t;
        let mut ea = m;
        for _ in 0..30 {
            let d = (ea - e * ea.sin() - m) / (1.0 - e * ea.cos());
            ea -= d;
            if d.abs() < 1e-12 {
                break;
            }
        }
        let nu = ((1.0 - e * e).sqrt() * ea.sin()).atan2(ea.cos() - e);
        let r = o.a_km * (1.0 - e * ea.cos());
        let u = argp + nu;
        let (su, cu) = u.sin_cos();
        let (so, co) = raan.sin_cos();
        let x = r * (co * cu - so * su * ci);
        let y = r * (so * cu + co * su * ci);
        let z = r * su * si;
        let epoch = start.epoch + Duration::from_seconds(t);
        let theta = gmst82_rad(epoch.to_mjd_utc_days() - 51_544.5);
        let (st, ct) = theta.sin_cos();
        let g = geodetic_from_itrf_km(&[ct * x + st * y, -st * x + ct * y, z]);
        out.push(TrackPoint {
            epoch,
            lat_deg: g.lat_deg,
            lon_deg: g.lon_deg,
            alt_km: g.alt_km,
        });
    }
    out
}

/// How the track crosses `region`: passes are maximal runs of consecutive points inside.
pub fn overflight(track: &[TrackPoint], region: &Region) -> Overflight {
    let (mut passes, mut first, mut last, mut was_in) = (0, None, None, false);
    for p in track {
        let inside = region.contains(p.lon_deg, p.lat_deg);
        if inside {
            if !was_in {
                passes += 1;
            }
            first.get_or_insert(p.epoch);
            last = Some(p.epoch);
        }
        was_in = inside;
    }
    Overflight {
        region: region.name.clone(),
        passes,
        first,
        last,
    }
}
