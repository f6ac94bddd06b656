//! `uitkijk proximity`: objects inside a keep-out ellipsoid around protected assets, GEO slot
//! neighbours, and each neighbour's trend over successive catalogs.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::time::Instant;

use rayon::prelude::*;
use uitkijk_catalog::Catalog;
use uitkijk_formats::ElementSet;
use uitkijk_sda::proximity::trend::{pair_trend, Trend};
use uitkijk_sda::proximity::{watch, Ellipsoid, Pass, ProximityConfig};
use uitkijk_time::{format_utc_millis, Epoch};

use crate::args::{ProximityArgs, SdaFormat};
use crate::failure::{bad, Failure};
use crate::inputs::{load_all, window_start};
use crate::output::Output;

/// Header of the CSV: one row per pass or slot neighbour.
pub const CSV_HEADER: &str = "asset_id,neighbour_id,kind,start_utc,end_utc,duration_s,tca_utc,min_range_km,radial_km,in_track_km,cross_track_km,rel_speed_km_s,lon_separation_deg,rel_drift_deg_day,trend,trend_change_km,trend_ranges_km";

/// Window searched after each catalog for the trend's least range, s.
const TREND_WINDOW_S: f64 = 86_400.0;

fn parse_ellipsoid(text: &str) -> Result<Ellipsoid, Failure> {
    let v: Result<Vec<f64>, _> = text.split(',').map(|s| s.trim().parse::<f64>()).collect();
    match v.as_deref() {
        Ok([r, i, c]) if [*r, *i, *c].iter().all(|x| *x > 0.0 && x.is_finite()) => Ok(Ellipsoid {
            radial_km: *r,
            in_track_km: *i,
            cross_track_km: *c,
        }),
        _ => Err(bad(format!(
            "--ellipsoid-km: expected three positive numbers R,I,C in km, got {text:?}"
        ))),
    }
}

pub fn run(a: ProximityArgs) -> Result<(), Failure> {
    let started = Instant::now();
    let loaded = load_all(&a.inputs, a.strict)?;
    let mut catalog = Catalog::from_sets(loaded.sets);
    let asset_ids: Vec<u32> = {
        let as_ids: Result<Vec<u32>, _> = a
            .assets
            .split(',')
            .filter(|s| !s.trim().is_empty())
            .map(|s| s.trim().parse::<u32>())
            .collect();
        match as_ids {
            Ok(ids) if !ids.is_empty() => ids,
            _ => {
                // A file of the assets' own element sets: they join (and update) the catalog.
                let own = load_all(std::slice::from_ref(&a.assets), a.strict)?;
                let mut ids: Vec<u32> = own.sets.iter().map(|s| s.norad_id).collect();
                ids.sort_unstable();
                ids.dedup();
                for s in own.sets {
                    catalog.insert(s);
                }
                ids
            }
        }
    };
    // With several catalogs (older first), the objects watched are those of the newest one:
    // an object missing from it has decayed or been dropped, and its stale element set would
    // only be propagated far past its epoch. Older catalogs give the trends.
    let newest: Option<std::collections::HashSet<u32>> = match a.inputs.split_last() {
        Some((last, rest)) if !rest.is_empty() => Some(
            load_all(std::slice::from_ref(last), false)?
                .sets
                .iter()
                .map(|s| s.norad_id)
                .collect(),
        ),
        _ => None,
    };
    let sets: Vec<ElementSet> = catalog
        .latest_all()
        .filter(|s| {
            asset_ids.contains(&s.norad_id)
                || newest.as_ref().is_none_or(|n| n.contains(&s.norad_id))
        })
        .cloned()
        .collect();
    let mut assets = Vec::new();
    for id in &asset_ids {
        match sets.iter().position(|s| s.norad_id == *id) {
            Some(i) => assets.push(i),
            None => {
                return Err(bad(format!(
                    "--assets: catalog number {id} is not in the catalog"
                )))
            }
        }
    }
    let start = window_start(a.start.as_deref(), a.days, &catalog)?;
    let mut config = ProximityConfig::new(start, a.days * 86_400.0);
    config.ellipsoid = a.ellipsoid_km.as_deref().map(parse_ellipsoid).transpose()?;
    config.slot_half_width_deg = a.slot_half_width_deg;
    config.drift_horizon_days = a.drift_horizon_days;

    let outcome = watch(&sets, &assets, &config).map_err(|e| bad(e.to_string()))?;
    for f in &outcome.failures {
        eprintln!(
            "uitkijk: {} watched only until {}: {} at {}",
            sets[f.object].norad_id,
            format_utc_millis(f.screened_until),
            f.reason,
            format_utc_millis(f.at)
        );
    }

    // Trends of every neighbour found, from the element-set histories.
    let mut pairs: Vec<(u32, u32)> = outcome
        .passes
        .iter()
        .map(|p| (sets[p.asset].norad_id, sets[p.object].norad_id))
        .chain(
            outcome
                .slots
                .iter()
                .map(|s| (sets[s.asset].norad_id, sets[s.object].norad_id)),
        )
        .collect();
    pairs.sort_unstable();
    pairs.dedup();
    let trends: BTreeMap<(u32, u32), Trend> = pairs
        .par_iter()
        .filter_map(|&(asset, object)| {
            let (ha, ho) = (catalog.history(asset), catalog.history(object));
            if ha.len() < 2 && ho.len() < 2 {
                return None;
            }
            pair_trend(ha, ho, TREND_WINDOW_S).map(|t| ((asset, object), t))
        })
        .collect();

    let mut rows: Vec<Row> = outcome.passes.iter().map(|p| Row::pass(&sets, p)).collect();
    rows.extend(outcome.slots.iter().map(|s| Row {
        asset_id: sets[s.asset].norad_id,
        neighbour_id: sets[s.object].norad_id,
        kind: s.kind.as_str(),
        start: s.arrival,
        end: s.departure,
        duration_s: None,
        tca: None,
        min_range_km: None,
        ric_km: None,
        rel_speed_km_s: None,
        lon_separation_deg: Some(s.separation_deg),
        rel_drift_deg_day: Some(s.rel_drift_deg_day),
    }));

    let mut out = Output::open(a.output.as_deref())?;
    match a.format {
        SdaFormat::Csv => {
            out.write_str(CSV_HEADER)?;
            out.write_str("\n")?;
            for r in &rows {
                out.write_str(&r.csv(trends.get(&(r.asset_id, r.neighbour_id))))?;
            }
        }
        SdaFormat::Json => {
            let rows_json: Vec<serde_json::Value> = rows
                .iter()
                .map(|r| r.json(trends.get(&(r.asset_id, r.neighbour_id))))
                .collect();
            let doc = serde_json::json!({
                "window_start_utc": format_utc_millis(start),
                "window_days": a.days,
                "rows": rows_json,
                "events": outcome.events,
            });
            let text = serde_json::to_string_pretty(&doc)
                .map_err(|e| Failure::Runtime(format!("JSON output: {e}")))?;
            out.write_str(&text)?;
            out.write_str("\n")?;
        }
    }
    out.finish()?;
    let count = |k: &str| rows.iter().filter(|r| r.kind == k).count();
    eprintln!(
        "uitkijk: watched {} asset(s) against {} objects over {} days from {}: {} passes inside the ellipsoid, {} GEO co-located, {} drifting into a slot, {} trends, in {:.1} s",
        assets.len(),
        sets.len(),
        a.days,
        format_utc_millis(start),
        count("pass"),
        count("geo-colocated"),
        count("geo-drift"),
        trends.len(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// One output row.
struct Row {
    asset_id: u32,
    neighbour_id: u32,
    kind: &'static str,
    start: Option<Epoch>,
    end: Option<Epoch>,
    duration_s: Option<f64>,
    tca: Option<Epoch>,
    min_range_km: Option<f64>,
    ric_km: Option<[f64; 3]>,
    rel_speed_km_s: Option<f64>,
    lon_separation_deg: Option<f64>,
    rel_drift_deg_day: Option<f64>,
}

impl Row {
    fn pass(sets: &[ElementSet], p: &Pass) -> Row {
        Row {
            asset_id: sets[p.asset].norad_id,
            neighbour_id: sets[p.object].norad_id,
            kind: "pass",
            start: p.entry,
            end: p.exit,
            duration_s: Some(p.duration_s),
            tca: Some(p.tca),
            min_range_km: Some(p.min_range_km),
            ric_km: Some(p.ric_km),
            rel_speed_km_s: Some(p.rel_speed_km_s),
            lon_separation_deg: None,
            rel_drift_deg_day: None,
        }
    }

    fn csv(&self, trend: Option<&Trend>) -> String {
        let t = |e: Option<Epoch>| e.map(format_utc_millis).unwrap_or_default();
        let f = |x: Option<f64>, d: usize| x.map(|v| format!("{v:.d$}")).unwrap_or_default();
        let ric = |k: usize| f(self.ric_km.map(|r| r[k]), 6);
        let (tk, tc, tr) = trend_fields(trend);
        let mut line = String::new();
        let _ = writeln!(
            line,
            "{},{},{},{},{},{},{},{},{},{},{},{},{},{},{tk},{tc},{tr}",
            self.asset_id,
            self.neighbour_id,
            self.kind,
            t(self.start),
            t(self.end),
            f(self.duration_s, 3),
            t(self.tca),
            f(self.min_range_km, 6),
            ric(0),
            ric(1),
            ric(2),
            f(self.rel_speed_km_s, 6),
            f(self.lon_separation_deg, 4),
            f(self.rel_drift_deg_day, 5),
        );
        line
    }

    fn json(&self, trend: Option<&Trend>) -> serde_json::Value {
        let t = |e: Option<Epoch>| e.map(format_utc_millis);
        serde_json::json!({
            "asset_id": self.asset_id,
            "neighbour_id": self.neighbour_id,
            "kind": self.kind,
            "start_utc": t(self.start),
            "end_utc": t(self.end),
            "duration_s": self.duration_s,
            "tca_utc": t(self.tca),
            "min_range_km": self.min_range_km,
            "radial_km": self.ric_km.map(|r| r[0]),
            "in_track_km": self.ric_km.map(|r| r[1]),
            "cross_track_km": self.ric_km.map(|r| r[2]),
            "rel_speed_km_s": self.rel_speed_km_s,
            "lon_separation_deg": self.lon_separation_deg,
            "rel_drift_deg_day": self.rel_drift_deg_day,
            "trend": trend.map(|t| t.kind.as_str()),
            "trend_change_km": trend.map(|t| t.change_km),
            "trend_points": trend.map(|t| t.points.iter().map(|p| serde_json::json!({
                "from_utc": format_utc_millis(p.from),
                "tca_utc": format_utc_millis(p.tca),
                "min_range_km": p.min_range_km,
            })).collect::<Vec<_>>()),
        })
    }
}

fn trend_fields(trend: Option<&Trend>) -> (String, String, String) {
    match trend {
        None => (String::new(), String::new(), String::new()),
        Some(t) => (
            t.kind.as_str().to_string(),
            format!("{:.3}", t.change_km),
            t.points
                .iter()
                .map(|p| format!("{:.3}", p.min_range_km))
                .collect::<Vec<_>>()
                .join(";"),
        ),
    }
}
