//! Times Uitkijk's SGP4 on the latest element set of each object of a TLE/3LE catalog, at
//! tsince = 0, STEP, …, MINUTES from each object's epoch: the scalar path on one thread, the
//! batch on one thread (best kernel, and the portable one), and the batch on every thread of
//! rayon's pool (set `RAYON_NUM_THREADS`). One JSON line per path, like `uitkijk bench sgp4`.
//!
//! `cargo run --release -p uitkijk-propagate --example batch_bench -- CATALOG MINUTES STEP_MIN [REPEATS]`
use std::collections::HashMap;
use std::io::Read;
use std::time::Instant;

use uitkijk_propagate::{Kernel, Prediction, Sgp4, Sgp4Batch};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 3 {
        eprintln!("usage: batch_bench CATALOG[.gz] MINUTES STEP_MIN [REPEATS]");
        std::process::exit(2);
    }
    let minutes: f64 = args[1].parse().expect("MINUTES");
    let step: f64 = args[2].parse().expect("STEP_MIN");
    let repeats: usize = args.get(3).map_or(3, |r| r.parse().expect("REPEATS"));
    let file = std::fs::File::open(&args[0]).expect("open catalog");
    let mut text = String::new();
    if args[0].ends_with(".gz") {
        flate2::read::GzDecoder::new(file)
            .read_to_string(&mut text)
            .expect("gunzip");
    } else {
        std::io::BufReader::new(file)
            .read_to_string(&mut text)
            .expect("read");
    }
    let parsed = uitkijk_formats::tle::read(&text);
    let mut latest: HashMap<u32, &uitkijk_formats::ElementSet> = HashMap::new();
    for s in &parsed.sets {
        match latest.get(&s.norad_id) {
            Some(old) if old.epoch > s.epoch => {}
            _ => {
                latest.insert(s.norad_id, s);
            }
        }
    }
    let mut ids: Vec<u32> = latest.keys().copied().collect();
    ids.sort_unstable();
    let objects: Vec<Sgp4> = ids
        .iter()
        .filter_map(|id| Sgp4::new(latest[id]).ok())
        .collect();
    let n_times = (minutes / step + 1e-9).floor() as usize + 1;
    let times: Vec<f64> = (0..n_times).map(|k| k as f64 * step).collect();
    let n = objects.len() * times.len();
    let batch = Sgp4Batch::new(&objects);
    let mut out: Vec<Prediction> = vec![Ok(([0.0; 3], [0.0; 3])); n];

    let report = |path: &str, threads: usize, seconds: &mut Vec<f64>, out: &[Prediction]| {
        seconds.sort_by(f64::total_cmp);
        let s = seconds[seconds.len() / 2];
        let errors = out.iter().filter(|p| p.is_err()).count();
        let checksum: f64 = out
            .iter()
            .filter_map(|p| p.as_ref().ok())
            .map(|(r, _)| r[0] + r[1] + r[2])
            .sum();
        println!(
            "{{\"command\":\"sgp4\",\"path\":\"{path}\",\"objects\":{},\"deep_space\":{},\"times\":{},\"propagations\":{n},\"errors\":{errors},\"threads\":{threads},\"seconds\":{s:.6},\"props_per_s\":{:.0},\"checksum_km\":{checksum:.6e}}}",
            objects.len(),
            batch.deep_space(),
            times.len(),
            n as f64 / s,
        );
    };
    let time = |f: &mut dyn FnMut()| {
        let started = Instant::now();
        f();
        started.elapsed().as_secs_f64()
    };

    let mut seconds = Vec::new();
    for _ in 0..repeats {
        seconds.push(time(&mut || {
            for (o, row) in objects.iter().zip(out.chunks_mut(n_times)) {
                for (slot, &t) in row.iter_mut().zip(&times) {
                    *slot = o.propagate(t);
                }
            }
        }));
    }
    report("scalar", 1, &mut seconds, &out);

    for kernel in Kernel::ALL.into_iter().rev() {
        let Some(b) = batch.clone().with_kernel(kernel) else {
            continue;
        };
        let mut seconds = Vec::new();
        for _ in 0..repeats {
            seconds.push(time(&mut || b.propagate_grid(&times, &mut out)));
        }
        report(&format!("batch {kernel:?}"), 1, &mut seconds, &out);
    }

    let mut seconds = Vec::new();
    for _ in 0..repeats {
        seconds.push(time(&mut || batch.par_propagate_grid(&times, &mut out)));
    }
    // Streaming: one small buffer per block, a checksum per object (what a screener or the
    // CLI's bench does), so the grid never goes to memory.
    let sum_row = |_: usize, row: &[Prediction]| -> f64 {
        row.iter()
            .filter_map(|p| p.as_ref().ok())
            .map(|(r, _)| r[0] + r[1] + r[2])
            .sum()
    };
    for threads in [1, 0] {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("pool");
        let mut seconds = Vec::new();
        let mut checksum = 0.0;
        for _ in 0..repeats {
            seconds.push(time(&mut || {
                let sums = if threads == 1 {
                    batch.map_objects(&times, sum_row)
                } else {
                    pool.install(|| batch.par_map_objects(&times, sum_row))
                };
                checksum = sums.iter().sum();
            }));
        }
        seconds.sort_by(f64::total_cmp);
        let s = seconds[seconds.len() / 2];
        println!(
            "{{\"command\":\"sgp4\",\"path\":\"batch {:?} map_objects\",\"objects\":{},\"times\":{},\"propagations\":{n},\"threads\":{},\"seconds\":{s:.6},\"props_per_s\":{:.0},\"checksum_km\":{checksum:.6e}}}",
            batch.kernel(),
            objects.len(),
            times.len(),
            pool.current_num_threads(),
            n as f64 / s,
        );
    }

    // The two regimes apart: near-earth (lanes) and deep space (scalar SDP4).
    for deep in [false, true] {
        let part: Vec<Sgp4> = objects
            .iter()
            .filter(|o| o.is_deep_space() == deep)
            .cloned()
            .collect();
        let b = Sgp4Batch::new(&part);
        let mut out_part: Vec<Prediction> = vec![Ok(([0.0; 3], [0.0; 3])); part.len() * n_times];
        let mut seconds = Vec::new();
        for _ in 0..repeats {
            seconds.push(time(&mut || b.propagate_grid(&times, &mut out_part)));
        }
        seconds.sort_by(f64::total_cmp);
        let s = seconds[seconds.len() / 2];
        eprintln!(
            "{}: {} objects, {:.3} s, {:.0} props/s (batch, 1 thread)",
            if deep { "deep space" } else { "near earth" },
            part.len(),
            s,
            out_part.len() as f64 / s
        );
    }
    report(
        &format!("batch {:?} rayon", batch.kernel()),
        rayon::current_num_threads(),
        &mut seconds,
        &out,
    );
}
