//! Geostationary slots: where a geosynchronous object sits in longitude, how fast it drifts,
//! which objects share an asset's slot (co-location) and which are drifting into it.
//!
//! The mean sub-satellite longitude is the average of the SGP4 longitude (TEME → ITRF with
//! the bundled EOP) over one sidereal day, which removes the daily libration that eccentricity
//! and inclination cause (up to 2e rad and i²/4 rad; Soop, "Handbook of Geostationary Orbits",
//! 1994, §3). The drift rate is the change of that mean from one sidereal day to the next.
//! Longitudes in degrees east, (−180°, 180°].

use serde::Serialize;
use uitkijk_formats::ElementSet;
use uitkijk_frames::TemeToItrf;
use uitkijk_propagate::Sgp4;
use uitkijk_time::{format_utc_millis, Duration, EopTable, Epoch};

use super::ProximityConfig;
use crate::event::{Event, EventKind, Severity};

/// Length of a sidereal day, s (IERS Conventions 2010, Earth rotation rate 7.292115e-5 rad/s).
pub const SIDEREAL_DAY_S: f64 = 86_164.090_5;
/// Samples per sidereal day for the mean longitude.
const SAMPLES_PER_DAY: usize = 48;
/// Drift rates below this (deg/day) are taken as stationary: such an object needs years to
/// cross a slot.
const STATIONARY_DRIFT_DEG_DAY: f64 = 1e-4;
/// Largest relative drift of a station-kept neighbour, deg/day. East–west station keeping lets
/// the longitude move on a parabola under the triaxiality acceleration (at most ≈ 0.002°/day²;
/// Soop, "Handbook of Geostationary Orbits", 1994, §4.2), so across a ±w box the drift stays
/// below √(4·w·λ̈) ≈ 0.03°/day for w = 0.1°; 0.05°/day leaves room for TLE noise.
const STATION_KEEPING_DRIFT_DEG_DAY: f64 = 0.05;
/// Largest relative drift reported as a drift into the slot, deg/day. The drift rate gives the
/// difference of semi-major axis, Δa ≈ −D·a/(1.5·360.99°) ≈ −78 km per °/day (Soop §3); an
/// object drifting faster passes the slot more than ~80 km above or below the asset.
pub const MAX_DRIFT_DEG_DAY: f64 = 1.0;

/// Mean longitude and drift of a geosynchronous object.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct GeoSlot {
    /// Mean sub-satellite longitude at the reference time, degrees east.
    pub lon_deg: f64,
    /// Drift of the mean longitude, degrees per (solar) day, positive eastwards.
    pub drift_deg_day: f64,
}

/// True for near-geosynchronous mean elements: 0.9–1.1 rev/day and e < 0.1.
pub fn is_geosynchronous(set: &ElementSet) -> bool {
    (0.9..=1.1).contains(&set.mean_motion_rev_day) && set.eccentricity < 0.1
}

/// The ITRF rotations at the sample times of two sidereal days from `at`.
pub struct SampleClock {
    at: Epoch,
    rotations: Vec<TemeToItrf>,
}

impl SampleClock {
    /// Rotations for the samples from `at`, with the bundled EOP.
    pub fn new(at: Epoch) -> SampleClock {
        let eop = EopTable::bundled();
        let rotations = (0..2 * SAMPLES_PER_DAY)
            .map(|k| TemeToItrf::at(at + Duration::from_seconds(sample_s(k)), eop))
            .collect();
        SampleClock { at, rotations }
    }
}

fn sample_s(k: usize) -> f64 {
    (k as f64 + 0.5) * SIDEREAL_DAY_S / SAMPLES_PER_DAY as f64
}

/// Mean longitude at `clock.at` and drift rate of a near-geosynchronous object; `None` for
/// other orbits or when SGP4 fails.
pub fn geo_slot(set: &ElementSet, clock: &SampleClock) -> Option<GeoSlot> {
    if !is_geosynchronous(set) {
        return None;
    }
    let sgp4 = Sgp4::new(set).ok()?;
    let offset_s = (clock.at - set.epoch).to_seconds();
    let mut lons = Vec::with_capacity(clock.rotations.len());
    let mut prev: Option<f64> = None;
    for (k, rot) in clock.rotations.iter().enumerate() {
        let (r, v) = sgp4.propagate((offset_s + sample_s(k)) / 60.0).ok()?;
        let (p, _) = rot.rotate(&r, &v);
        let mut lon = p[1].atan2(p[0]).to_degrees();
        // Unwrap: consecutive samples are half an hour apart and move well under 180°.
        if let Some(q) = prev {
            lon += 360.0 * ((q - lon) / 360.0).round();
        }
        prev = Some(lon);
        lons.push(lon);
    }
    let n = SAMPLES_PER_DAY as f64;
    let day1 = lons[..SAMPLES_PER_DAY].iter().sum::<f64>() / n;
    let day2 = lons[SAMPLES_PER_DAY..].iter().sum::<f64>() / n;
    let per_sidereal_day = day2 - day1;
    // day1 is the mean at half a sidereal day after `at`.
    let lon_at = day1 - 0.5 * per_sidereal_day;
    Some(GeoSlot {
        lon_deg: wrap180(lon_at),
        drift_deg_day: per_sidereal_day * 86_400.0 / SIDEREAL_DAY_S,
    })
}

/// An angle in degrees wrapped to (−180°, 180°].
pub fn wrap180(x: f64) -> f64 {
    let y = x.rem_euclid(360.0);
    if y > 180.0 {
        y - 360.0
    } else {
        y
    }
}

/// How a geosynchronous object relates to an asset's slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SlotKind {
    /// In the slot, and staying there over the window or drifting no faster than station
    /// keeping allows.
    CoLocated,
    /// Drifting into (or through) the slot within the horizon, at no more than
    /// [`MAX_DRIFT_DEG_DAY`] relative to the asset.
    Drifting,
}

impl SlotKind {
    /// `geo-colocated` or `geo-drift`, as the CLI prints it.
    pub fn as_str(self) -> &'static str {
        match self {
            SlotKind::CoLocated => "geo-colocated",
            SlotKind::Drifting => "geo-drift",
        }
    }
}

/// A geosynchronous object sharing or approaching a GEO asset's slot.
#[derive(Debug, Clone, PartialEq)]
pub struct SlotNeighbour {
    /// Index of the asset's element set.
    pub asset: usize,
    /// Index of the object's element set.
    pub object: usize,
    pub kind: SlotKind,
    /// The asset's mean longitude and drift at the window start.
    pub asset_slot: GeoSlot,
    /// The object's.
    pub object_slot: GeoSlot,
    /// Object minus asset mean longitude, degrees in (−180°, 180°].
    pub separation_deg: f64,
    /// Object minus asset drift, degrees per day.
    pub rel_drift_deg_day: f64,
    /// When it enters the slot (±half-width around the asset); `None` when already in it.
    pub arrival: Option<Epoch>,
    /// When it leaves the slot at the present drift; `None` when it stays (co-located).
    pub departure: Option<Epoch>,
}

/// Co-located and drifting neighbours of every geosynchronous asset, at the window start.
pub fn slot_neighbours(
    sets: &[ElementSet],
    assets: &[usize],
    config: &ProximityConfig,
) -> Vec<SlotNeighbour> {
    use rayon::prelude::*;
    let geo_assets: Vec<usize> = assets
        .iter()
        .copied()
        .filter(|&a| is_geosynchronous(&sets[a]))
        .collect();
    if geo_assets.is_empty() {
        return Vec::new();
    }
    let clock = SampleClock::new(config.start);
    let slots: Vec<Option<GeoSlot>> = sets.par_iter().map(|s| geo_slot(s, &clock)).collect();
    let w = config.slot_half_width_deg;
    let window_days = config.duration_s / 86_400.0;
    let mut out = Vec::new();
    for &a in &geo_assets {
        let Some(sa) = slots[a] else { continue };
        for (j, sj) in slots.iter().enumerate() {
            let Some(sj) = *sj else { continue };
            if j == a || sets[j].norad_id == sets[a].norad_id {
                continue;
            }
            let dl = wrap180(sj.lon_deg - sa.lon_deg);
            let dd = sj.drift_deg_day - sa.drift_deg_day;
            let in_slot = dl.abs() <= w;
            let at_days = |d: f64| config.start + Duration::from_seconds(d * 86_400.0);
            let base = SlotNeighbour {
                asset: a,
                object: j,
                kind: SlotKind::CoLocated,
                asset_slot: sa,
                object_slot: sj,
                separation_deg: dl,
                rel_drift_deg_day: dd,
                arrival: None,
                departure: None,
            };
            if in_slot && (dd.abs() * window_days <= w || dd.abs() <= STATION_KEEPING_DRIFT_DEG_DAY)
            {
                out.push(base);
                continue;
            }
            if !(STATIONARY_DRIFT_DEG_DAY..=MAX_DRIFT_DEG_DAY).contains(&dd.abs()) {
                continue;
            }
            // Position ahead of the slot centre along the direction of relative drift.
            let u = dl * dd.signum();
            let (arrive_days, leave_days) = if in_slot {
                (None, (w - u) / dd.abs())
            } else {
                // Distance still to go, eastward or westward round the ring.
                let to_go = (-u).rem_euclid(360.0);
                (Some((to_go - w) / dd.abs()), (to_go + w) / dd.abs())
            };
            if arrive_days.is_none_or(|d| d <= config.drift_horizon_days) {
                out.push(SlotNeighbour {
                    kind: SlotKind::Drifting,
                    arrival: arrive_days.map(at_days),
                    departure: Some(at_days(leave_days)),
                    ..base
                });
            }
        }
    }
    out.sort_by(|x, y| {
        sets[x.asset]
            .norad_id
            .cmp(&sets[y.asset].norad_id)
            .then((x.kind as u8).cmp(&(y.kind as u8)))
            .then(sets[x.object].norad_id.cmp(&sets[y.object].norad_id))
    });
    out
}

/// A slot neighbour as an event: co-location is routine (info); a drift into the slot is a
/// notice, a warning when it arrives within the window.
pub fn slot_event(sets: &[ElementSet], s: &SlotNeighbour, config: &ProximityConfig) -> Event {
    let (asset, object) = (&sets[s.asset], &sets[s.object]);
    let name = |x: &ElementSet| x.object_name.clone().unwrap_or_default();
    let window_end = config.start + Duration::from_seconds(config.duration_s);
    let (severity, what, epoch) = match s.kind {
        SlotKind::CoLocated => (
            Severity::Info,
            format!(
                "co-located in the {:.2}°E slot ({:+.3}° apart)",
                s.asset_slot.lon_deg, s.separation_deg
            ),
            config.start,
        ),
        SlotKind::Drifting => {
            let at = s.arrival.unwrap_or(config.start);
            (
                if at <= window_end {
                    Severity::Warning
                } else {
                    Severity::Notice
                },
                format!(
                    "drifting {:+.4}°/day into the {:.2}°E slot, {} {}",
                    s.rel_drift_deg_day,
                    s.asset_slot.lon_deg,
                    if s.arrival.is_some() {
                        "arriving"
                    } else {
                        "inside since"
                    },
                    format_utc_millis(at)
                ),
                at,
            )
        }
    };
    Event {
        kind: EventKind::Proximity,
        epoch,
        epoch_sigma_s: 0.0,
        norad_ids: vec![asset.norad_id, object.norad_id],
        location: None,
        severity,
        summary: format!(
            "{} {} {what} of asset {} {}",
            object.norad_id,
            name(object),
            asset.norad_id,
            name(asset)
        ),
        evidence: vec![
            ("asset_lon_deg".into(), s.asset_slot.lon_deg),
            ("lon_separation_deg".into(), s.separation_deg),
            ("rel_drift_deg_day".into(), s.rel_drift_deg_day),
        ],
    }
}
