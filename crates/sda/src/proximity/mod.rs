//! Proximity watch (rendezvous and proximity operations, RPO): every object that comes inside a
//! keep-out ellipsoid around a protected asset, and in GEO the objects that share or drift
//! toward the asset's longitude slot.
//!
//! # Method
//!
//! 1. **Candidates** come from the catalog screener (`uitkijk_conjunction::screen`, assets
//!    against the catalog) run at the ellipsoid's largest semi-axis: every local minimum of
//!    range below it. The screener does not report a range still falling or rising at a window
//!    edge, so every object's range to each asset is also taken at both window edges (one SGP4
//!    call each); an object inside the sphere there is a candidate too. Together these cover
//!    every stretch of time in which an object is within the sphere, hence within the
//!    ellipsoid: such a stretch holds a minimum of range or touches a window edge.
//! 2. **The ellipsoid, exactly.** From each candidate time, the pair is propagated with the
//!    exact scalar SGP4 outwards until the range leaves the sphere, at steps that keep the
//!    relative displacement under a quarter of the smallest semi-axis; every crossing of the
//!    ellipsoid surface, `(R/a)² + (I/b)² + (C/c)² = 1` in the asset's RIC axes, is bisected to
//!    1 ms. Each inside stretch is one [`Pass`], with its least range (range-rate roots to 1 ms).
//! 3. **GEO slots** ([`geo`]): mean sub-satellite longitude and drift rate of every
//!    geosynchronous object, co-located objects and objects drifting into the asset's slot.
//! 4. **Trend** ([`trend`]) over successive element sets of the asset and a neighbour: least
//!    range per catalog, approaching / station-keeping nearby / departing.
//!
//! # Default ellipsoids
//!
//! Semi-axes radial × in-track × cross-track, chosen by the asset's period as SGP4 splits
//! near-Earth and deep space (225 min; Hoots & Roehrich, Spacetrack Report #3, 1980):
//! - near-Earth (LEO): **2 × 25 × 25 km**, the shape of the CSpOC LEO screening volume (thin
//!   radially, where orbits are known best; long in-track, where TLE errors grow) and of the
//!   shuttle's 5 × 25 × 5 km alert box (NRC, "Protecting the Space Shuttle from Meteoroids and
//!   Orbital Debris", 1997, ch. 5);
//! - deep space (GEO and above): **10 × 50 × 50 km**, a little inside the ±0.05° in longitude
//!   (± 37 km in-track at the GEO radius) that half of an ITU ±0.1° station-keeping box spans,
//!   so that a neighbour sharing the slot is inside while a neighbour in the next slot is not.
//!
//! `--ellipsoid-km R,I,C` overrides both.

pub mod geo;
mod pair;
pub mod trend;

use rayon::prelude::*;
use serde::Serialize;
use uitkijk_conjunction::screen::{screen, ScreenConfig, ScreenError, ScreenFailure};
use uitkijk_formats::ElementSet;
use uitkijk_frames::{itrf_to_geodetic, teme_to_itrf, State, Teme};
use uitkijk_propagate::Sgp4;
use uitkijk_time::{Duration, EopTable, Epoch};

use crate::event::{Event, EventKind, Location, Severity};
use pair::Pair;

/// A keep-out ellipsoid in the asset's RIC axes (semi-axes, km).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Ellipsoid {
    /// Radial semi-axis, km.
    pub radial_km: f64,
    /// In-track semi-axis, km.
    pub in_track_km: f64,
    /// Cross-track semi-axis, km.
    pub cross_track_km: f64,
}

impl Ellipsoid {
    /// The default for near-Earth assets (period < 225 min): 2 × 25 × 25 km.
    pub const NEAR_EARTH: Ellipsoid = Ellipsoid {
        radial_km: 2.0,
        in_track_km: 25.0,
        cross_track_km: 25.0,
    };
    /// The default for deep-space assets (GEO and others with period ≥ 225 min): 10 × 50 × 50 km.
    pub const DEEP_SPACE: Ellipsoid = Ellipsoid {
        radial_km: 10.0,
        in_track_km: 50.0,
        cross_track_km: 50.0,
    };

    /// The default ellipsoid for an asset, by the SGP4 near-Earth/deep-space split.
    pub fn default_for(asset: &ElementSet) -> Ellipsoid {
        if 1440.0 / asset.mean_motion_rev_day >= 225.0 {
            Ellipsoid::DEEP_SPACE
        } else {
            Ellipsoid::NEAR_EARTH
        }
    }

    /// Largest semi-axis, km.
    pub fn largest_km(&self) -> f64 {
        self.radial_km
            .max(self.in_track_km)
            .max(self.cross_track_km)
    }

    /// Smallest semi-axis, km.
    pub fn smallest_km(&self) -> f64 {
        self.radial_km
            .min(self.in_track_km)
            .min(self.cross_track_km)
    }

    /// Whether a RIC offset (km) lies inside (or on) the ellipsoid.
    pub fn contains(&self, ric_km: &[f64; 3]) -> bool {
        self.metric(ric_km) <= 1.0
    }

    /// `(R/a)² + (I/b)² + (C/c)²`: below 1 inside.
    pub fn metric(&self, ric_km: &[f64; 3]) -> f64 {
        (ric_km[0] / self.radial_km).powi(2)
            + (ric_km[1] / self.in_track_km).powi(2)
            + (ric_km[2] / self.cross_track_km).powi(2)
    }

    fn is_valid(&self) -> bool {
        [self.radial_km, self.in_track_km, self.cross_track_km]
            .iter()
            .all(|x| *x > 0.0 && x.is_finite())
    }
}

/// What to watch and how.
#[derive(Debug, Clone)]
pub struct ProximityConfig {
    /// Start of the window.
    pub start: Epoch,
    /// Length of the window, s.
    pub duration_s: f64,
    /// One ellipsoid for every asset; `None` takes [`Ellipsoid::default_for`] each asset.
    pub ellipsoid: Option<Ellipsoid>,
    /// Half-width of a GEO longitude slot, degrees (the ITU station-keeping box is ±0.1°).
    pub slot_half_width_deg: f64,
    /// How far ahead a drift into an asset's slot is reported, days.
    pub drift_horizon_days: f64,
}

impl ProximityConfig {
    /// Default ellipsoids, ±0.1° slots, 30-day drift horizon.
    pub fn new(start: Epoch, duration_s: f64) -> ProximityConfig {
        ProximityConfig {
            start,
            duration_s,
            ellipsoid: None,
            slot_half_width_deg: 0.1,
            drift_horizon_days: 30.0,
        }
    }
}

/// Why a watch cannot be run.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ProximityError {
    #[error("no asset given")]
    NoAssets,
    #[error("ellipsoid semi-axes must be positive km, got {0:?}")]
    Ellipsoid(Ellipsoid),
    #[error("slot half-width must be a positive number of degrees, got {0}")]
    SlotWidth(f64),
    #[error("drift horizon must be a positive number of days, got {0}")]
    Horizon(f64),
    #[error("asset element set {0} (catalog number {1}) is refused by SGP4: {2}")]
    Asset(usize, u32, String),
    #[error(transparent)]
    Screen(#[from] ScreenError),
}

/// One stretch of time during which an object is inside an asset's ellipsoid.
#[derive(Debug, Clone, PartialEq)]
pub struct Pass {
    /// Index of the asset's element set.
    pub asset: usize,
    /// Index of the object's element set.
    pub object: usize,
    /// The ellipsoid used.
    pub ellipsoid: Ellipsoid,
    /// Entry time; `None` when already inside at the window start.
    pub entry: Option<Epoch>,
    /// Exit time; `None` when still inside at the window end (or when the object could not
    /// be propagated further).
    pub exit: Option<Epoch>,
    /// Time inside within the window, s.
    pub duration_s: f64,
    /// Time of least range within the stretch.
    pub tca: Epoch,
    /// Least range, km.
    pub min_range_km: f64,
    /// Object minus asset at `tca` in the asset's RIC axes, km.
    pub ric_km: [f64; 3],
    /// Relative speed at `tca`, km/s.
    pub rel_speed_km_s: f64,
    /// Sub-asset point at `tca` (WGS-84).
    pub location: Option<Location>,
}

/// Everything a watch found.
#[derive(Debug, Clone, Default)]
pub struct ProximityOutcome {
    /// Passes, sorted by asset, then entry (or window start), then object catalog number.
    pub passes: Vec<Pass>,
    /// GEO co-located and drifting neighbours of GEO assets.
    pub slots: Vec<geo::SlotNeighbour>,
    /// Objects the screener could follow only partly (see `ScreenOutcome::failures`).
    pub failures: Vec<ScreenFailure>,
    /// One event per pass and per slot neighbour.
    pub events: Vec<Event>,
    /// Candidate (asset, object, time) seeds examined.
    pub candidates: usize,
}

/// Watches `assets` (indices into `sets`, one element set per object) against every other
/// element set over the configured window.
pub fn watch(
    sets: &[ElementSet],
    assets: &[usize],
    config: &ProximityConfig,
) -> Result<ProximityOutcome, ProximityError> {
    if assets.is_empty() {
        return Err(ProximityError::NoAssets);
    }
    if let Some(e) = config.ellipsoid {
        if !e.is_valid() {
            return Err(ProximityError::Ellipsoid(e));
        }
    }
    if !(config.slot_half_width_deg > 0.0 && config.slot_half_width_deg.is_finite()) {
        return Err(ProximityError::SlotWidth(config.slot_half_width_deg));
    }
    if !(config.drift_horizon_days > 0.0 && config.drift_horizon_days.is_finite()) {
        return Err(ProximityError::Horizon(config.drift_horizon_days));
    }
    let mut assets: Vec<usize> = assets.to_vec();
    assets.sort_unstable();
    assets.dedup();
    let ellipsoid_of = |a: usize| config.ellipsoid.unwrap_or(Ellipsoid::default_for(&sets[a]));
    for &a in &assets {
        if a >= sets.len() {
            return Err(ScreenError::Asset(a, sets.len()).into());
        }
        if let Err(e) = Sgp4::new(&sets[a]) {
            return Err(ProximityError::Asset(a, sets[a].norad_id, e.to_string()));
        }
    }
    let outer_km = assets
        .iter()
        .map(|&a| ellipsoid_of(a).largest_km())
        .fold(0.0, f64::max);

    // 1. Candidates: the screener's minima under the largest semi-axis …
    let mut screen_config = ScreenConfig::new(config.start, config.duration_s, outer_km);
    screen_config.assets = Some(assets.clone());
    let screened = screen(sets, &screen_config, &|_, _| {})?;
    let mut seeds: Vec<(usize, usize, f64)> = Vec::new();
    let is_asset = |i: usize| assets.binary_search(&i).is_ok();
    for e in &screened.events {
        let t = (e.tca - config.start).to_seconds();
        seeds.push((e.primary, e.secondary, t));
        // Two assets close to each other: each is the other's neighbour.
        if is_asset(e.secondary) {
            seeds.push((e.secondary, e.primary, t));
        }
    }
    // … and every object inside the sphere at a window edge.
    let edges = [0.0, config.duration_s];
    let asset_states: Vec<[Option<[f64; 3]>; 2]> = assets
        .iter()
        .map(|&a| edges.map(|t| position_at(&sets[a], config.start, t)))
        .collect();
    let edge_seeds: Vec<(usize, usize, f64)> = (0..sets.len())
        .into_par_iter()
        .flat_map_iter(|j| {
            let mut out = Vec::new();
            let pj = edges.map(|t| position_at(&sets[j], config.start, t));
            for (k, &a) in assets.iter().enumerate() {
                if a == j || sets[a].norad_id == sets[j].norad_id {
                    continue;
                }
                let outer = ellipsoid_of(a).largest_km();
                for (m, &t) in edges.iter().enumerate() {
                    if let (Some(pa), Some(po)) = (asset_states[k][m], pj[m]) {
                        if distance(pa, po) <= outer {
                            out.push((a, j, t));
                        }
                    }
                }
            }
            out.into_iter()
        })
        .collect();
    seeds.extend(edge_seeds);
    seeds.retain(|&(a, j, _)| sets[a].norad_id != sets[j].norad_id);
    seeds.sort_by(|x, y| (x.0, x.1).cmp(&(y.0, y.1)).then(x.2.total_cmp(&y.2)));
    seeds.dedup();
    let candidates = seeds.len();

    // 2. Exact ellipsoid stretches, pair by pair.
    let mut groups: Vec<(usize, usize, Vec<f64>)> = Vec::new();
    for (a, j, t) in seeds {
        match groups.last_mut() {
            Some(g) if g.0 == a && g.1 == j => g.2.push(t),
            _ => groups.push((a, j, vec![t])),
        }
    }
    let mut passes: Vec<Pass> = groups
        .par_iter()
        .flat_map_iter(|(a, j, times)| {
            pair_passes(sets, *a, *j, times, &ellipsoid_of(*a), config).into_iter()
        })
        .collect();
    passes.sort_by(|x, y| {
        sets[x.asset]
            .norad_id
            .cmp(&sets[y.asset].norad_id)
            .then(
                x.entry
                    .unwrap_or(config.start)
                    .cmp(&y.entry.unwrap_or(config.start)),
            )
            .then(sets[x.object].norad_id.cmp(&sets[y.object].norad_id))
            .then(x.object.cmp(&y.object))
    });

    // 3. GEO slots.
    let slots = geo::slot_neighbours(sets, &assets, config);

    let mut events: Vec<Event> = passes.iter().map(|p| pass_event(sets, p, config)).collect();
    events.extend(slots.iter().map(|s| geo::slot_event(sets, s, config)));
    events.sort_by(|x, y| {
        x.epoch
            .cmp(&y.epoch)
            .then(x.norad_ids.cmp(&y.norad_ids))
            .then(x.summary.cmp(&y.summary))
    });
    Ok(ProximityOutcome {
        passes,
        slots,
        failures: screened.failures,
        events,
        candidates,
    })
}

/// The passes of one (asset, object) pair from its candidate times.
fn pair_passes(
    sets: &[ElementSet],
    a: usize,
    j: usize,
    seeds: &[f64],
    ellipsoid: &Ellipsoid,
    config: &ProximityConfig,
) -> Vec<Pass> {
    let Some(pair) = Pair::new(&sets[a], &sets[j], config.start) else {
        return Vec::new();
    };
    let end_s = config.duration_s;
    let mut scanned: Vec<(f64, f64)> = Vec::new();
    let mut stretches: Vec<(f64, f64)> = Vec::new();
    for &seed in seeds {
        if scanned.iter().any(|&(s, e)| seed >= s && seed <= e) {
            continue;
        }
        let (s, e, found) = pair.scan(ellipsoid, seed, 0.0, end_s);
        scanned.push((s, e));
        stretches.extend(found);
    }
    stretches.sort_by(|x, y| x.0.total_cmp(&y.0));
    stretches.dedup_by(|x, y| (x.0 - y.0).abs() < 1e-6 && (x.1 - y.1).abs() < 1e-6);
    let eop = EopTable::bundled();
    stretches
        .into_iter()
        .filter_map(|(s, e)| {
            let (t, enc) = pair.least_range(s, e)?;
            let tca = config.start + Duration::from_seconds(t);
            let teme = State::<Teme>::new(tca, enc.primary_position_km, enc.primary_velocity_km_s);
            let g = itrf_to_geodetic(&teme_to_itrf(&teme, eop));
            Some(Pass {
                asset: a,
                object: j,
                ellipsoid: *ellipsoid,
                entry: (s > 0.0).then(|| config.start + Duration::from_seconds(s)),
                exit: (e < end_s).then(|| config.start + Duration::from_seconds(e)),
                duration_s: e - s,
                tca,
                min_range_km: enc.miss_km,
                ric_km: enc.ric_km,
                rel_speed_km_s: enc.rel_speed_km_s,
                location: Some(Location {
                    lat_deg: g.lat_deg,
                    lon_deg: g.lon_deg,
                    alt_km: g.alt_km,
                }),
            })
        })
        .collect()
}

/// TEME position `t_s` seconds after `origin`, or `None` when SGP4 fails.
fn position_at(set: &ElementSet, origin: Epoch, t_s: f64) -> Option<[f64; 3]> {
    let sgp4 = Sgp4::new(set).ok()?;
    let tsince_min = (t_s - (set.epoch - origin).to_seconds()) / 60.0;
    sgp4.propagate(tsince_min).ok().map(|(r, _)| r)
}

fn distance(a: [f64; 3], b: [f64; 3]) -> f64 {
    ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2) + (a[2] - b[2]).powi(2)).sqrt()
}

/// A pass as an event: a warning when the object entered during the window, a notice when it
/// was already inside at the start (a standing neighbour).
fn pass_event(sets: &[ElementSet], p: &Pass, config: &ProximityConfig) -> Event {
    let (asset, object) = (&sets[p.asset], &sets[p.object]);
    let name = |s: &ElementSet| s.object_name.clone().unwrap_or_default();
    let severity = if p.entry.is_some() {
        Severity::Warning
    } else {
        Severity::Notice
    };
    let entered = match p.entry {
        Some(t) => format!("entered {}", uitkijk_time::format_utc_millis(t)),
        None => format!(
            "inside since the window start {}",
            uitkijk_time::format_utc_millis(config.start)
        ),
    };
    Event {
        kind: EventKind::Proximity,
        epoch: p.tca,
        epoch_sigma_s: 0.0,
        norad_ids: vec![asset.norad_id, object.norad_id],
        location: p.location,
        severity,
        summary: format!(
            "{} {} inside the {}×{}×{} km RIC ellipsoid of asset {} {}: {entered}, closest {:.3} km at {}",
            object.norad_id,
            name(object),
            p.ellipsoid.radial_km,
            p.ellipsoid.in_track_km,
            p.ellipsoid.cross_track_km,
            asset.norad_id,
            name(asset),
            p.min_range_km,
            uitkijk_time::format_utc_millis(p.tca)
        ),
        evidence: vec![
            ("min_range_km".into(), p.min_range_km),
            ("radial_km".into(), p.ric_km[0]),
            ("in_track_km".into(), p.ric_km[1]),
            ("cross_track_km".into(), p.ric_km[2]),
            ("rel_speed_km_s".into(), p.rel_speed_km_s),
            ("duration_s".into(), p.duration_s),
        ],
    }
}
