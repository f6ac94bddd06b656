//! `uitkijk screen`: close approaches in a catalog, all-vs-all or assets against the catalog.

use std::fmt::Write as _;
use std::time::Instant;

use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use uitkijk_catalog::Catalog;
use uitkijk_conjunction::covariance_model::TleCovarianceModel;
use uitkijk_conjunction::screen::assess::{assess, Assessment};
use uitkijk_conjunction::screen::{screen, CloseApproach, ScreenConfig, ScreenOutcome};
use uitkijk_formats::ElementSet;
use uitkijk_time::{format_utc_micros, format_utc_millis, Epoch};

use crate::args::{ScreenArgs, ScreenFormat};
use crate::failure::{bad, Failure};
use crate::inputs::{load_all, window_start};
use crate::output::Output;

/// Header of the CSV contract (DESIGN.md).
pub const CSV_HEADER: &str = "primary_id,secondary_id,tca_utc,miss_km,rel_speed_km_s,radial_km,in_track_km,cross_track_km,pc,pc_method,max_pc";

/// What `screen` screens: the latest element set of each object, the window, and the assets.
pub struct Job {
    pub sets: Vec<ElementSet>,
    pub config: ScreenConfig,
}

/// Builds the screening job from the arguments: loads the catalog (and asset file), picks the
/// latest element set per object, resolves assets and the window.
pub fn job(a: &ScreenArgs) -> Result<Job, Failure> {
    let loaded = load_all(&a.inputs, a.strict)?;
    let mut catalog = Catalog::from_sets(loaded.sets);
    let mut asset_ids: Option<Vec<u32>> = None;
    if let Some(spec) = &a.assets {
        let as_ids: Result<Vec<u32>, _> = spec
            .split(',')
            .filter(|s| !s.trim().is_empty())
            .map(|s| s.trim().parse::<u32>())
            .collect();
        match as_ids {
            Ok(ids) if !ids.is_empty() => asset_ids = Some(ids),
            _ => {
                // A file of the assets' own element sets: they join (and update) the catalog.
                let own = load_all(std::slice::from_ref(spec), a.strict)?;
                let mut ids: Vec<u32> = own.sets.iter().map(|s| s.norad_id).collect();
                ids.sort_unstable();
                ids.dedup();
                for s in own.sets {
                    catalog.insert(s);
                }
                asset_ids = Some(ids);
            }
        }
    }
    let sets: Vec<ElementSet> = catalog.latest_all().cloned().collect();
    let start = window_start(a.start.as_deref(), a.days, &catalog)?;
    if !(a.threshold_km > 0.0 && a.threshold_km.is_finite()) {
        return Err(bad(format!(
            "--threshold-km must be a positive number, got {}",
            a.threshold_km
        )));
    }
    let mut config = ScreenConfig::new(start, a.days * 86_400.0, a.threshold_km);
    if let Some(ids) = asset_ids {
        let mut indices = Vec::new();
        for id in &ids {
            match sets.iter().position(|s| s.norad_id == *id) {
                Some(i) => indices.push(i),
                None => {
                    return Err(bad(format!(
                        "--assets: catalog number {id} is not in the catalog"
                    )))
                }
            }
        }
        config.assets = Some(indices);
    }
    Ok(Job { sets, config })
}

/// Runs the screening with a progress bar on a terminal.
pub fn run_job(job: &Job) -> Result<ScreenOutcome, Failure> {
    let bar = ProgressBar::new(1000);
    bar.set_style(
        ProgressStyle::with_template("screening {bar:40} {percent}% {eta} left")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let report = |done: u64, total: u64| {
        bar.set_position(done * 1000 / total.max(1));
    };
    let out = screen(&job.sets, &job.config, &report).map_err(|e| bad(e.to_string()))?;
    bar.finish_and_clear();
    Ok(out)
}

pub fn run(a: ScreenArgs) -> Result<(), Failure> {
    let started = Instant::now();
    let started_utc = Epoch::now().map_err(|e| Failure::Runtime(format!("clock: {e}")))?;
    let job = job(&a)?;
    let outcome = run_job(&job)?;
    let sets = &job.sets;

    for g in &outcome.colocated {
        let ids: Vec<String> = g.iter().map(|&i| sets[i].norad_id.to_string()).collect();
        eprintln!(
            "uitkijk: co-located group (one identical element set, e.g. docked): {} — screened as one, not reported as events",
            ids.join(", ")
        );
    }
    for f in &outcome.failures {
        eprintln!(
            "uitkijk: {} screened only until {}: {} at {}",
            sets[f.object].norad_id,
            format_utc_millis(f.screened_until),
            f.reason,
            format_utc_millis(f.at)
        );
    }

    // Pc of every event with the default covariance model (no covariance in element sets).
    let model = TleCovarianceModel::default();
    let assessed: Vec<Option<Assessment>> = outcome
        .events
        .par_iter()
        .map(|e| assess(sets, e, &model).ok())
        .collect();
    let unassessed = assessed.iter().filter(|a| a.is_none()).count();
    if unassessed > 0 {
        eprintln!("uitkijk: {unassessed} close approaches without a Pc (degenerate geometry or covariance)");
    }

    match a.format {
        ScreenFormat::Csv => {
            let mut out = Output::open(a.output.as_deref())?;
            out.write_str(CSV_HEADER)?;
            out.write_str("\n")?;
            let mut line = String::new();
            for (e, pc) in outcome.events.iter().zip(&assessed) {
                line.clear();
                csv_row(&mut line, sets, e, pc.as_ref());
                out.write_str(&line)?;
            }
            out.finish()?;
        }
        ScreenFormat::Json => {
            let mut out = Output::open(a.output.as_deref())?;
            out.write_str("[\n")?;
            let mut line = String::new();
            for (n, (e, pc)) in outcome.events.iter().zip(&assessed).enumerate() {
                line.clear();
                json_row(&mut line, sets, e, pc.as_ref());
                if n + 1 < outcome.events.len() {
                    line.push(',');
                }
                line.push('\n');
                out.write_str(&line)?;
            }
            out.write_str("]\n")?;
            out.finish()?;
        }
        ScreenFormat::CdmKvn | ScreenFormat::CdmXml => {
            let dir = a
                .output
                .as_deref()
                .ok_or_else(|| bad("--format cdm-kvn/cdm-xml writes one file per event: give the directory with -o"))?;
            crate::cdm_out::write_all(
                dir,
                sets,
                &outcome.events,
                &assessed,
                &job.config,
                a.format == ScreenFormat::CdmXml,
            )?;
        }
    }

    if let Some(url) = &a.db {
        crate::db::record_screening(url, &job, &outcome, &assessed, started_utc)?;
    }
    if a.output.is_some() {
        summary(sets, &outcome.events, &assessed);
    }
    eprintln!(
        "uitkijk: screened {} objects over {} days from {}, threshold {} km: {} close approaches, {} objects screened partly, {} co-located groups, in {:.1} s",
        outcome.stats.objects,
        job.config.duration_s / 86_400.0,
        format_utc_millis(job.config.start),
        job.config.threshold_km,
        outcome.events.len(),
        outcome.failures.len(),
        outcome.colocated.len(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// TCA as printed: UTC with microseconds and `Z` (the contract asks for milliseconds or better).
fn tca_text(t: Epoch) -> String {
    format_utc_micros(t)
}

/// The ten events of highest Pc, for a reader at a terminal (the file holds them all).
fn summary(sets: &[ElementSet], events: &[CloseApproach], assessed: &[Option<Assessment>]) {
    let mut order: Vec<usize> = (0..events.len())
        .filter(|&i| assessed[i].is_some())
        .collect();
    order.sort_by(|&x, &y| {
        let (px, py) = (
            assessed[x].as_ref().map_or(0.0, |a| a.pc),
            assessed[y].as_ref().map_or(0.0, |a| a.pc),
        );
        py.total_cmp(&px).then(x.cmp(&y))
    });
    if order.is_empty() {
        return;
    }
    eprintln!("highest collision probability (default TLE covariance model, Foster 2D):");
    eprintln!(
        "  {:>9} {:>9}  {:<27} {:>9} {:>8} {:>10} {:>10}  names",
        "primary", "secondary", "TCA (UTC)", "miss km", "km/s", "Pc", "max Pc"
    );
    for &i in order.iter().take(10) {
        let (e, a) = (&events[i], assessed[i].as_ref().expect("filtered"));
        let name = |k: usize| sets[k].object_name.clone().unwrap_or_default();
        eprintln!(
            "  {:>9} {:>9}  {:<27} {:>9.3} {:>8.3} {:>10.2e} {:>10.2e}  {} / {}",
            sets[e.primary].norad_id,
            sets[e.secondary].norad_id,
            tca_text(e.tca),
            e.encounter.miss_km,
            e.encounter.rel_speed_km_s,
            a.pc,
            a.max_pc,
            name(e.primary),
            name(e.secondary)
        );
    }
}

/// Pc columns: empty when the event could not be assessed.
fn pc_fields(pc: Option<&Assessment>) -> (String, String, String) {
    match pc {
        Some(a) => (
            format!("{:.6e}", a.pc),
            a.method.to_string(),
            format!("{:.6e}", a.max_pc),
        ),
        None => (String::new(), String::new(), String::new()),
    }
}

fn csv_row(line: &mut String, sets: &[ElementSet], e: &CloseApproach, pc: Option<&Assessment>) {
    let enc = &e.encounter;
    let (p, m, x) = pc_fields(pc);
    let _ = writeln!(
        line,
        "{},{},{},{:.6},{:.6},{:.6},{:.6},{:.6},{p},{m},{x}",
        sets[e.primary].norad_id,
        sets[e.secondary].norad_id,
        tca_text(e.tca),
        enc.miss_km,
        enc.rel_speed_km_s,
        enc.ric_km[0],
        enc.ric_km[1],
        enc.ric_km[2],
    );
}

fn json_row(line: &mut String, sets: &[ElementSet], e: &CloseApproach, pc: Option<&Assessment>) {
    let enc = &e.encounter;
    let (p, m, x) = match pc {
        Some(a) => (
            format!("{:.6e}", a.pc),
            format!("\"{}\"", a.method),
            format!("{:.6e}", a.max_pc),
        ),
        None => ("null".into(), "null".into(), "null".into()),
    };
    let _ = write!(
        line,
        "{{\"primary_id\":{},\"secondary_id\":{},\"tca_utc\":\"{}\",\"miss_km\":{:.6},\"rel_speed_km_s\":{:.6},\"radial_km\":{:.6},\"in_track_km\":{:.6},\"cross_track_km\":{:.6},\"pc\":{p},\"pc_method\":{m},\"max_pc\":{x}}}",
        sets[e.primary].norad_id,
        sets[e.secondary].norad_id,
        tca_text(e.tca),
        enc.miss_km,
        enc.rel_speed_km_s,
        enc.ric_km[0],
        enc.ric_km[1],
        enc.ric_km[2],
    );
}
