//! `uitkijk fragmentation`: debris clouds in a catalog, each with its parent, the event epoch
//! and place, the fragments' Δv, the indicated cause, the altitude band and the assets in it.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::time::Instant;

use uitkijk_catalog::{read_input, Catalog};
use uitkijk_formats::satcat;
use uitkijk_formats::ElementSet;
use uitkijk_sda::fragmentation::{detect, Config, Fragmentation};
use uitkijk_sda::gabbard;
use uitkijk_time::format_utc_millis;

use crate::args::{FragmentationArgs, FragmentationFormat};
use crate::failure::{bad, Failure};
use crate::inputs::load_all;
use crate::output::Output;

/// Header of the CSV contract (DESIGN.md), then the attribution columns.
pub const CSV_HEADER: &str = "parent_id,epoch_utc,epoch_sigma_s,lat_deg,lon_deg,alt_km,n_fragments,fragment_ids,parent_name,owner,launch_id,parent_basis,cause,cause_evidence,dv_median_m_s,dv_p90_m_s,band_low_km,band_high_km,assets_crossing,plane_epoch_utc,plane_epoch_sigma_s";

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn join_ids(ids: &[u32]) -> String {
    ids.iter()
        .map(|i| i.to_string())
        .collect::<Vec<_>>()
        .join(" ")
}

/// One CSV row (fragment and asset lists space-separated inside their field).
pub fn csv_row(f: &Fragmentation) -> String {
    let mut s = String::new();
    let _ = write!(
        s,
        "{},{},{:.0},{:.3},{:.3},{:.1},{},{},{},{},{},{},{},{},{:.1},{:.1},{:.1},{:.1},{},{},{:.0}",
        f.parent_id,
        format_utc_millis(f.epoch),
        f.epoch_sigma_s,
        f.lat_deg,
        f.lon_deg,
        f.alt_km,
        f.n_fragments,
        join_ids(&f.fragment_ids),
        csv_field(&f.parent_name),
        csv_field(&f.owner),
        f.launch_id,
        f.parent_basis,
        f.cause.as_str(),
        csv_field(&f.cause_evidence),
        f.dv_median_m_s,
        f.dv_p90_m_s,
        f.band_low_km,
        f.band_high_km,
        join_ids(&f.assets_crossing),
        format_utc_millis(f.plane_epoch),
        f.plane_epoch_sigma_s,
    );
    s
}

pub fn run(a: FragmentationArgs) -> Result<(), Failure> {
    let started = Instant::now();
    let loaded = load_all(&a.inputs, a.strict)?;
    let catalog = Catalog::from_sets(loaded.sets);
    let sets: Vec<&ElementSet> = catalog.latest_all().collect();
    let before: Option<BTreeSet<u32>> = match &a.before {
        Some(p) => {
            let old = load_all(std::slice::from_ref(p), a.strict)?;
            Some(old.sets.iter().map(|s| s.norad_id).collect())
        }
        None => None,
    };
    let satcat = match &a.satcat {
        Some(p) => {
            let text = read_input(p).map_err(|e| bad(e.to_string()))?;
            let read = satcat::read(&text)
                .map_err(|e| bad(format!("{p}:{}: {}: {}", e.line(), e.field(), e.kind())))?;
            for e in &read.errors {
                eprintln!(
                    "{p}:{}: {}: {} (row skipped)",
                    e.line(),
                    e.field(),
                    e.kind()
                );
            }
            Some(satcat::Satcat::new(read.entries))
        }
        None => None,
    };
    let config = Config {
        min_fragments: a.min_fragments,
        lookback_days: a.lookback_days,
        assets: a.assets.clone(),
        ..Config::default()
    };
    let found =
        detect(&sets, before.as_ref(), satcat.as_ref(), &config).map_err(|e| bad(e.to_string()))?;
    for s in &found.skipped {
        eprintln!("uitkijk fragmentation: cloud not dated: {s}");
    }
    let mut out = Output::open(a.output.as_deref())?;
    match a.format {
        FragmentationFormat::Csv => {
            out.write_str(CSV_HEADER)?;
            out.write_str("\n")?;
            for f in &found.events {
                out.write_str(&csv_row(f))?;
                out.write_str("\n")?;
            }
        }
        FragmentationFormat::Json => {
            let reports: Vec<serde_json::Value> = found
                .events
                .iter()
                .map(|f| {
                    let mut v = serde_json::to_value(f).unwrap_or_default();
                    if let Some(o) = v.as_object_mut() {
                        o.insert(
                            "event".into(),
                            serde_json::to_value(f.event()).unwrap_or_default(),
                        );
                    }
                    v
                })
                .collect();
            let text = serde_json::to_string_pretty(&reports)
                .map_err(|e| Failure::Runtime(format!("json: {e}")))?;
            out.write_str(&text)?;
            out.write_str("\n")?;
        }
    }
    if let Some(dir) = &a.svg {
        std::fs::create_dir_all(dir)
            .map_err(|e| Failure::Runtime(format!("cannot create {}: {e}", dir.display())))?;
        for f in &found.events {
            let stamp: String = format_utc_millis(f.epoch)
                .chars()
                .filter(|c| c.is_ascii_alphanumeric())
                .collect();
            let path = dir.join(format!(
                "{}_{}.svg",
                f.parent_id,
                &stamp[..15.min(stamp.len())]
            ));
            let (parent, frags) = match f.gabbard.first() {
                Some(p) if p.norad_id == f.parent_id => (Some(p), &f.gabbard[1..]),
                _ => (None, &f.gabbard[..]),
            };
            let title = format!(
                "{} ({}) break-up {}: {} fragments",
                f.parent_name,
                f.parent_id,
                format_utc_millis(f.epoch),
                f.n_fragments
            );
            std::fs::write(&path, gabbard::svg(&title, frags, parent))
                .map_err(|e| Failure::Runtime(format!("cannot write {}: {e}", path.display())))?;
        }
    }
    let name = out.name().to_string();
    out.finish()?;
    eprintln!(
        "uitkijk fragmentation: {} objects, {} event(s), {} cloud(s) not dated, {:.1} s -> {name}",
        sets.len(),
        found.events.len(),
        found.skipped.len(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
