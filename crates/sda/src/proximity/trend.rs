//! Trend of a neighbour over successive catalogs: the least range to the asset over one day
//! after each of the neighbour's element sets, and whether it is approaching, keeping station
//! nearby or departing.
//!
//! Classification (our rule, stated so an analyst can check it): a least-squares line through
//! (epoch, least range); its change over the span of epochs is compared with a tolerance of
//! max(2 km, 20 % of the mean least range), which absorbs the day-to-day scatter of TLE-based
//! ranges of station-kept neighbours (TLE position errors are of order 1 km in LEO and several
//! km in GEO; Vallado et al., AIAA 2006-6753 §"accuracy"). Below −tolerance: approaching;
//! above: departing; in between: station-keeping nearby.

use serde::Serialize;
use uitkijk_formats::ElementSet;
use uitkijk_time::{Duration, Epoch};

use super::pair::Pair;

/// Element sets of the neighbour closer in time than this are one catalog, s.
const SAME_CATALOG_S: f64 = 43_200.0;

/// Direction of a neighbour's least range over successive catalogs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TrendKind {
    Approaching,
    StationKeeping,
    Departing,
}

impl TrendKind {
    /// `approaching`, `station-keeping` or `departing`.
    pub fn as_str(self) -> &'static str {
        match self {
            TrendKind::Approaching => "approaching",
            TrendKind::StationKeeping => "station-keeping",
            TrendKind::Departing => "departing",
        }
    }
}

/// The least range after one catalog's element sets.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TrendPoint {
    /// Start of the day searched (the later epoch of the two element sets).
    pub from: Epoch,
    /// Time of the least range.
    pub tca: Epoch,
    /// Least range, km.
    pub min_range_km: f64,
}

/// A neighbour's trend.
#[derive(Debug, Clone, PartialEq)]
pub struct Trend {
    /// One point per catalog, oldest first.
    pub points: Vec<TrendPoint>,
    /// Change of the fitted least range over the span, km (negative: closing).
    pub change_km: f64,
    pub kind: TrendKind,
}

/// The trend of `object` relative to `asset` from their element-set histories (each sorted by
/// epoch, e.g. `Catalog::history`), searching `window_s` after each catalog. `None` with fewer
/// than two catalogs.
pub fn pair_trend(asset: &[ElementSet], object: &[ElementSet], window_s: f64) -> Option<Trend> {
    if asset.is_empty() {
        return None;
    }
    let mut points = Vec::new();
    let mut last: Option<Epoch> = None;
    for o in object {
        if last.is_some_and(|t| (o.epoch - t).to_seconds() < SAME_CATALOG_S) {
            continue;
        }
        last = Some(o.epoch);
        // The asset's newest element set of the same catalog or before.
        let a = asset
            .iter()
            .rev()
            .find(|a| (a.epoch - o.epoch).to_seconds() <= SAME_CATALOG_S)
            .unwrap_or(&asset[0]);
        let from = a.epoch.max(o.epoch);
        let Some(pair) = Pair::new(a, o, from) else {
            continue;
        };
        if let Some((t, enc)) = pair.least_range(0.0, window_s) {
            points.push(TrendPoint {
                from,
                tca: from + Duration::from_seconds(t),
                min_range_km: enc.miss_km,
            });
        }
    }
    classify(points)
}

/// Fits the line and classes the trend of `points` (oldest first).
pub fn classify(points: Vec<TrendPoint>) -> Option<Trend> {
    if points.len() < 2 {
        return None;
    }
    let t0 = points[0].from;
    let xs: Vec<f64> = points
        .iter()
        .map(|p| (p.from - t0).to_seconds() / 86_400.0)
        .collect();
    let ys: Vec<f64> = points.iter().map(|p| p.min_range_km).collect();
    let n = xs.len() as f64;
    let (mx, my) = (xs.iter().sum::<f64>() / n, ys.iter().sum::<f64>() / n);
    let sxx: f64 = xs.iter().map(|x| (x - mx).powi(2)).sum();
    let sxy: f64 = xs.iter().zip(&ys).map(|(x, y)| (x - mx) * (y - my)).sum();
    let span = xs[xs.len() - 1] - xs[0];
    let change_km = if sxx > 0.0 { sxy / sxx * span } else { 0.0 };
    let tolerance = (0.2 * my).max(2.0);
    let kind = if change_km < -tolerance {
        TrendKind::Approaching
    } else if change_km > tolerance {
        TrendKind::Departing
    } else {
        TrendKind::StationKeeping
    };
    Some(Trend {
        points,
        change_km,
        kind,
    })
}
