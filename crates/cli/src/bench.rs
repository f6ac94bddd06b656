//! `uitkijk bench`: the pure work of a command, timed, as one JSON line.

use std::time::Instant;

use rayon::prelude::*;
use uitkijk_catalog::Catalog;
use uitkijk_propagate::{Sgp4, Sgp4Batch};

use crate::args::{BenchPath, BenchScreenArgs, BenchSgp4Args};
use crate::failure::{bad, Failure};
use crate::inputs::load_all;

pub fn run_sgp4(a: BenchSgp4Args) -> Result<(), Failure> {
    let valid = a.step_min > 0.0 && a.minutes >= 0.0 && a.minutes.is_finite();
    if !valid {
        return Err(bad("--minutes must be >= 0 and --step-min > 0"));
    }
    let loaded = load_all(std::slice::from_ref(&a.catalog), false)?;
    let catalog = Catalog::from_sets(loaded.sets);
    let sats: Vec<Sgp4> = catalog
        .latest_all()
        .filter_map(|s| Sgp4::new(s).ok())
        .collect();
    let times: Vec<f64> = (0..=((a.minutes / a.step_min + 1e-9).floor() as usize))
        .map(|k| k as f64 * a.step_min)
        .collect();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(a.threads.unwrap_or(0))
        .build()
        .map_err(|e| Failure::Runtime(format!("thread pool: {e}")))?;
    let threads = pool.current_num_threads();
    // Packing the batch (structure of arrays) is set-up, like parsing: not timed.
    let batch = Sgp4Batch::new(&sats);
    let started = Instant::now();
    // The checksum keeps the work from being optimised away and shows that runs agree.
    let (checksum_km, errors) = pool.install(|| match a.path {
        BenchPath::Batch => batch
            .par_map_objects(&times, |_, row| {
                row_sum(row.iter().map(|p| p.as_ref().ok().map(|(r, _)| *r)))
            })
            .into_iter()
            .fold((0.0, 0), |acc, x| (acc.0 + x.0, acc.1 + x.1)),
        BenchPath::Scalar => sats
            .par_iter()
            .map(|sat| row_sum(times.iter().map(|&t| sat.propagate(t).ok().map(|(r, _)| r))))
            .collect::<Vec<_>>()
            .into_iter()
            .fold((0.0, 0), |acc, x| (acc.0 + x.0, acc.1 + x.1)),
    });
    let seconds = started.elapsed().as_secs_f64();
    let propagations = sats.len() * times.len();
    println!(
        "{{\"command\":\"sgp4\",\"path\":\"{}\",\"objects\":{},\"times\":{},\"propagations\":{},\"errors\":{},\"threads\":{},\"seconds\":{:.6},\"props_per_s\":{:.0},\"checksum_km\":{:.6e}}}",
        match a.path {
            BenchPath::Batch => format!("batch {:?}", batch.kernel()),
            BenchPath::Scalar => "scalar".to_string(),
        },
        sats.len(),
        times.len(),
        propagations,
        errors,
        threads,
        seconds,
        propagations as f64 / seconds,
        checksum_km
    );
    Ok(())
}

/// Sum of the position components of one row's states, and the count of errors (`None`).
fn row_sum(positions_km: impl Iterator<Item = Option<[f64; 3]>>) -> (f64, usize) {
    positions_km.fold((0.0, 0), |(sum, errors), p| match p {
        Some(r) => (sum + r[0] + r[1] + r[2], errors),
        None => (sum, errors + 1),
    })
}

/// Peak resident memory of this process, bytes (Linux `VmHWM`; `None` elsewhere).
fn peak_rss_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

pub fn run_screen(a: BenchScreenArgs) -> Result<(), Failure> {
    if !(a.days > 0.0 && a.days.is_finite() && a.threshold_km > 0.0) {
        return Err(bad("--days and --threshold-km must be positive"));
    }
    let loaded = load_all(std::slice::from_ref(&a.catalog), false)?;
    let catalog = Catalog::from_sets(loaded.sets);
    let sets: Vec<_> = catalog.latest_all().cloned().collect();
    let start = catalog
        .newest_epoch()
        .ok_or_else(|| bad("the catalog holds no element set"))?;
    let mut config =
        uitkijk_conjunction::screen::ScreenConfig::new(start, a.days * 86_400.0, a.threshold_km);
    if let Some(n) = a.assets {
        config.assets = Some((0..n.min(sets.len())).collect());
    }
    if let Some(ids) = &a.asset_ids {
        let mut indices = Vec::new();
        for id in ids {
            let i = sets
                .iter()
                .position(|s| s.norad_id == *id)
                .ok_or_else(|| bad(format!("--asset-ids: {id} is not in the catalog")))?;
            indices.push(i);
        }
        config.assets = Some(indices);
    }
    config.sieve = a.sieve;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(a.threads.unwrap_or(0))
        .build()
        .map_err(|e| Failure::Runtime(format!("thread pool: {e}")))?;
    let threads = pool.current_num_threads();
    // Parsing is not timed; everything from element sets to refined events is.
    let started = Instant::now();
    let outcome = pool
        .install(|| uitkijk_conjunction::screen::screen(&sets, &config, &|_, _| {}))
        .map_err(|e| bad(e.to_string()))?;
    let seconds = started.elapsed().as_secs_f64();
    let s = &outcome.stats;
    println!(
        "{{\"command\":\"screen\",\"objects\":{},\"assets\":{},\"days\":{},\"threshold_km\":{},\"threads\":{},\"seconds\":{:.3},\"peak_rss_mib\":{},\"events\":{},\"failures\":{},\"colocated_groups\":{},\"sample_propagations\":{},\"grid_times\":{},\"candidates\":{},\"windows\":{},\"refine_propagations\":{},\"sieve\":{{\"pairs\":{},\"unfiltered\":{},\"band_removed\":{},\"path_timing_removed\":{},\"kept\":{},\"kept_span_s\":{:.0}}}}}",
        sets.len(),
        config.assets.as_ref().map_or(0, |v| v.len()),
        a.days,
        a.threshold_km,
        threads,
        seconds,
        peak_rss_bytes().map_or("null".to_string(), |b| format!("{:.1}", b as f64 / 1_048_576.0)),
        outcome.events.len(),
        outcome.failures.len(),
        outcome.colocated.len(),
        s.sample_propagations,
        s.grid_times,
        s.candidates,
        s.windows,
        s.refine_propagations,
        s.sieve.pairs,
        s.sieve.unfiltered,
        s.sieve.band_removed,
        s.sieve.path_timing_removed,
        s.sieve.kept,
        s.sieve.kept_span_s,
    );
    Ok(())
}
