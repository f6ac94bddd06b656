//! `uitkijk reentry`: predicted re-entry time and window of each object from its element-set
//! history.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use rayon::prelude::*;
use uitkijk_formats::ElementSet;
use uitkijk_sda::reentry::{predict, ReentryConfig, ReentryPrediction};
use uitkijk_time::{format_utc_millis, parse_utc, Epoch};

use uitkijk_sda::reentry::atmosphere::AtmosphereModel;
use uitkijk_sda::reentry::map::{svg, MapTitle};
use uitkijk_sda::reentry::overflights;
use uitkijk_sda::reentry::region::Region;
use uitkijk_sda::reentry::track::Overflight;

use crate::args::{ReentryArgs, ReentryAtmosphere, ReentryFormat};
use crate::failure::{bad, Failure};
use crate::inputs::load_all;
use crate::output::Output;

/// Header of the CSV table; the first five columns are DESIGN.md's contract. Each region adds
/// `<R>_passes,<R>_first_utc,<R>_last_utc` (overflight of the ground track within the window).
pub const CSV_HEADER: &str = "norad_id,predicted_utc,window_start_utc,window_end_utc,last_epoch_utc,reason,beta_m2_kg,beta_sigma_ln,beta_source,fit_sets,fit_rms_km,perigee_alt_km,apogee_alt_km,last_maneuver_utc";

/// Sampling of the ground track inside windows up to 30 days (~150 km along track), and
/// beyond (the band is then what matters, not single passes).
fn track_step_s(p: &ReentryPrediction) -> f64 {
    match (p.window_start, p.window_end) {
        (Some(a), Some(b)) if (b - a).to_seconds() > 30.0 * 86_400.0 => 60.0,
        _ => 20.0,
    }
}

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
    let regions: Vec<Region> = a
        .region
        .iter()
        .filter(|r| !r.trim().is_empty() && !r.eq_ignore_ascii_case("none"))
        .map(|r| Region::resolve(r).map_err(|e| bad(format!("--region: {e}"))))
        .collect::<Result<_, _>>()?;
    let config = ReentryConfig {
        at,
        end_alt_km: a.end_alt_km,
        horizon_days: a.horizon_days,
        atmosphere: match a.atmosphere {
            ReentryAtmosphere::Auto => AtmosphereModel::Auto,
            ReentryAtmosphere::Msis => AtmosphereModel::Msis,
            ReentryAtmosphere::Exponential => AtmosphereModel::Exponential,
        },
        ..ReentryConfig::default()
    };
    type Row = (u32, Result<(ReentryPrediction, Vec<Overflight>), String>);
    let want_track = !regions.is_empty() || a.svg.is_some();
    let mut tracks: BTreeMap<u32, Vec<uitkijk_sda::reentry::track::TrackPoint>> = BTreeMap::new();
    let computed: Vec<(Row, Vec<uitkijk_sda::reentry::track::TrackPoint>)> = histories
        .par_iter()
        .map(|(&id, sets)| match predict(sets, &config) {
            Ok(p) => {
                let (track, over) = if want_track {
                    overflights(sets, &config, &p, &regions, track_step_s(&p))
                } else {
                    (Vec::new(), Vec::new())
                };
                ((id, Ok((p, over))), track)
            }
            Err(e) => ((id, Err(e.to_string())), Vec::new()),
        })
        .collect();
    let mut results: Vec<Row> = Vec::with_capacity(computed.len());
    for (row, track) in computed {
        if a.svg.is_some() && tracks.is_empty() && !track.is_empty() {
            tracks.insert(row.0, track);
        }
        results.push(row);
    }
    if let Some(path) = &a.svg {
        let first = results
            .iter()
            .find_map(|(id, r)| r.as_ref().ok().filter(|_| tracks.contains_key(id)))
            .or_else(|| results.iter().find_map(|(_, r)| r.as_ref().ok()));
        let (title, track) = match first {
            Some((p, _)) => (
                MapTitle {
                    norad_id: p.norad_id,
                    predicted: p.predicted,
                    window: p.window_start.zip(p.window_end),
                },
                tracks.get(&p.norad_id).map(Vec::as_slice).unwrap_or(&[]),
            ),
            None => return Err(Failure::Runtime("--svg: no prediction to draw".into())),
        };
        std::fs::write(path, svg(&title, track, &regions))
            .map_err(|e| Failure::Runtime(format!("--svg {}: {e}", path.display())))?;
    }

    let mut out = Output::open(a.output.as_deref())?;
    let (mut predicted, mut failed) = (0usize, 0usize);
    match a.format {
        ReentryFormat::Csv => {
            let mut header = CSV_HEADER.to_string();
            for r in &regions {
                let n = r.name.replace([',', ' '], "_");
                let _ = write!(header, ",{n}_passes,{n}_first_utc,{n}_last_utc");
            }
            out.write_str(&header)?;
            out.write_str("\n")?;
            for (id, r) in &results {
                let mut line = String::new();
                match r {
                    Ok((p, over)) => {
                        predicted += usize::from(p.predicted.is_some());
                        let _ = write!(
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
                        for k in 0..regions.len() {
                            match over.get(k) {
                                Some(o) if p.window_end.is_some() => {
                                    let _ = write!(
                                        line,
                                        ",{},{},{}",
                                        o.passes,
                                        time(o.first),
                                        time(o.last)
                                    );
                                }
                                _ => line.push_str(",,,"),
                            }
                        }
                        line.push('\n');
                    }
                    Err(e) => {
                        failed += 1;
                        eprintln!("uitkijk: {id}: {e}");
                        let _ = write!(line, "{id},,,,,{},,,,,,,,", e.replace(',', ";"));
                        line.push_str(&",,,".repeat(regions.len()));
                        line.push('\n');
                    }
                }
                out.write_str(&line)?;
            }
        }
        ReentryFormat::Json => {
            let rows: Vec<serde_json::Value> = results
                .iter()
                .map(|(id, r)| match r {
                    Ok((p, over)) => {
                        predicted += usize::from(p.predicted.is_some());
                        let regions_json: Vec<serde_json::Value> = over
                            .iter()
                            .map(|o| {
                                serde_json::json!({
                                    "region": o.region,
                                    "overflown": o.overflown(),
                                    "passes": o.passes,
                                    "first_utc": o.first.map(format_utc_millis),
                                    "last_utc": o.last.map(format_utc_millis),
                                })
                            })
                            .collect();
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
                            "atmosphere": p.atmosphere.as_str(),
                            "regions": regions_json,
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
