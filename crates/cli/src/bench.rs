//! `uitkijk bench`: the pure work of a command, timed, as one JSON line.

use std::time::Instant;

use rayon::prelude::*;
use uitkijk_catalog::Catalog;
use uitkijk_propagate::Sgp4;

use crate::args::BenchSgp4Args;
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
    let started = Instant::now();
    // The checksum keeps the work from being optimised away and shows that runs agree.
    let (checksum_km, errors) = pool.install(|| {
        sats.par_iter()
            .map(|sat| {
                let mut sum = 0.0;
                let mut errors = 0usize;
                for &t in &times {
                    match sat.propagate(t) {
                        Ok((r, _)) => sum += r[0] + r[1] + r[2],
                        Err(_) => errors += 1,
                    }
                }
                (sum, errors)
            })
            .reduce(|| (0.0, 0), |a, b| (a.0 + b.0, a.1 + b.1))
    });
    let seconds = started.elapsed().as_secs_f64();
    let propagations = sats.len() * times.len();
    println!(
        "{{\"command\":\"sgp4\",\"path\":\"scalar\",\"objects\":{},\"times\":{},\"propagations\":{},\"errors\":{},\"threads\":{},\"seconds\":{:.6},\"props_per_s\":{:.0},\"checksum_km\":{:.6e}}}",
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
