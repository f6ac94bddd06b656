//! `uitkijk reentry`: predicted re-entry time and window of each object from its element-set
//! history.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use rayon::prelude::*;
use uitkijk_formats::ElementSet;
use uitkijk_sda::reentry::{predict, ReentryConfig, ReentryPrediction};
use uitkijk_time::{format_utc_millis, parse_utc, Epoch};

use crate::args::{ReentryArgs, ReentryFormat};
use crate::failure::{bad, Failure};
use crate::inputs::load_all;
use crate::output::Output;

/// Header of the CSV table; the first five columns are DESIGN.md's contract.
pub const CSV_HEADER: &str = "norad_id,predicted_utc,window_start_utc,window_end_utc,last_epoch_utc,reason,beta_m2_kg,beta_sigma_ln,beta_source,fit_sets,fit_rms_km,perigee_alt_km,apogee_alt_km,last_maneuver_utc";

pub fn run(a: ReentryArgs) -> Result<(), Failure> {
    let at = match &a.at {
        Some(text) => Some(parse_utc(text).map_err(|e| bad(format!("--at: {e}")))?),
        None => None,
    };
    if !(a.horizon_days > 0.0 && a.horizon_days <= 3650.0) {
        return Err(bad(format!(
            "--horizon-days must be in (0, 3650], got {}",
            a.horizon_days
        )));
    }
    if !(a.end_alt_km >= 0.0 && a.end_alt_km < 200.0) {
        return Err(bad(format!(
            "--end-alt-km must be in [0, 200), got {}",
            a.end_alt_km
        )));
    }
    let loaded = load_all(&a.inputs, false)?;
    let mut histories: BTreeMap<u32, Vec<ElementSet>> = BTreeMap::new();
    for set in loaded.sets {
        if a.ids.is_empty() || a.ids.contains(&set.norad_id) {
            histories.entry(set.norad_id).or_default().push(set);
        }
    }
    if histories.is_empty() {
        return Err(bad("none of the --ids is in the input"));
    }
    let config = ReentryConfig {
        at,
        end_alt_km: a.end_alt_km,
        horizon_days: a.horizon_days,
        ..ReentryConfig::default()
    };
    let results: Vec<(u32, Result<ReentryPrediction, String>)> = histories
        .par_iter()
        .map(|(&id, sets)| (id, predict(sets, &config).map_err(|e| e.to_string())))
        .collect();

    let mut out = Output::open(a.output.as_deref())?;
    let (mut predicted, mut failed) = (0usize, 0usize);
    match a.format {
        ReentryFormat::Csv => {
            out.write_str(CSV_HEADER)?;
            out.write_str("\n")?;
            for (id, r) in &results {
                let mut line = String::new();
                match r {
                    Ok(p) => {
                        predicted += usize::from(p.predicted.is_some());
                        let _ = writeln!(
                            line,
                            "{},{},{},{},{},{},{:.6e},{:.4},{},{},{:.4},{:.3},{:.3},{}",
                            p.norad_id,
                            time(p.predicted),
                            time(p.window_start),
                            time(p.window_end),
                            format_utc_millis(p.last_epoch),
                            p.reason.as_deref().unwrap_or(""),
                            p.beta_m2_kg,
                            p.beta_sigma_ln,
                            p.beta_source.as_str(),
                            p.fit_sets,
                            p.fit_rms_km,
                            p.perigee_alt_km,
                            p.apogee_alt_km,
                            time(p.last_maneuver)
                        );
                    }
                    Err(e) => {
                        failed += 1;
                        eprintln!("uitkijk: {id}: {e}");
                        let _ = writeln!(line, "{id},,,,,{},,,,,,,,", e.replace(',', ";"));
                    }
                }
                out.write_str(&line)?;
            }
        }
        ReentryFormat::Json => {
            let rows: Vec<serde_json::Value> = results
                .iter()
                .map(|(id, r)| match r {
                    Ok(p) => {
                        predicted += usize::from(p.predicted.is_some());
                        serde_json::json!({
                            "norad_id": p.norad_id,
                            "predicted_utc": p.predicted.map(format_utc_millis),
                            "window_start_utc": p.window_start.map(format_utc_millis),
                            "window_end_utc": p.window_end.map(format_utc_millis),
                            "last_epoch_utc": format_utc_millis(p.last_epoch),
                            "reason": p.reason,
                            "beta_m2_kg": p.beta_m2_kg,
                            "beta_sigma_ln": p.beta_sigma_ln,
                            "beta_source": p.beta_source,
                            "fit_sets": p.fit_sets,
                            "fit_rms_km": p.fit_rms_km,
                            "perigee_alt_km": p.perigee_alt_km,
                            "apogee_alt_km": p.apogee_alt_km,
                            "last_maneuver_utc": p.last_maneuver.map(format_utc_millis),
                            "event": p.to_event(),
                        })
                    }
                    Err(e) => {
                        failed += 1;
                        eprintln!("uitkijk: {id}: {e}");
                        serde_json::json!({"norad_id": id, "reason": e})
                    }
                })
                .collect();
            let text = serde_json::to_string_pretty(&rows)
                .map_err(|e| Failure::Runtime(format!("JSON: {e}")))?;
            out.write_str(&text)?;
            out.write_str("\n")?;
        }
    }
    let name = out.name().to_string();
    out.finish()?;
    eprintln!(
        "reentry: {} object(s), {predicted} predicted to re-enter within {} days, {failed} without a usable element set -> {name}",
        results.len(),
        a.horizon_days
    );
    Ok(())
}

fn time(t: Option<Epoch>) -> String {
    t.map(format_utc_millis).unwrap_or_default()
}
