//! SGP4 on the bundled full catalog (latest element set per object), at 0, 10, …, 1440 min
//! from each epoch: our scalar path, the batch on one thread (each kernel the CPU has), the
//! batch on rayon's pool, and the `sgp4` crate's plain `propagate`, side by side.
//!
//! `CARGO_TARGET_DIR=… cargo bench -p uitkijk-propagate --bench sgp4`. Throughput is in
//! propagations ("elements") per second.
use std::collections::HashMap;
use std::io::Read;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use uitkijk_propagate::{Kernel, Prediction, Sgp4, Sgp4Batch};

const MINUTES: f64 = 1440.0;
const STEP_MIN: f64 = 10.0;

fn catalog_text() -> String {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../data/catalog/full_catalog_3le_2022-01-22_ODAP.txt.gz"
    );
    let mut text = String::new();
    flate2::read::GzDecoder::new(std::fs::File::open(path).unwrap())
        .read_to_string(&mut text)
        .unwrap();
    text
}

/// Latest element set per catalog number, sorted by catalog number.
fn ours(text: &str) -> Vec<Sgp4> {
    let parsed = uitkijk_formats::tle::read(text);
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
    ids.iter()
        .filter_map(|id| Sgp4::new(latest[id]).ok())
        .collect()
}

#[path = "../tests/support/sgp4_crate.rs"]
mod sgp4_crate;

/// The same for the `sgp4` crate, WGS-72 as the reference uses.
fn theirs(text: &str) -> Vec<sgp4::Constants> {
    let mut latest: HashMap<u64, sgp4::Elements> = HashMap::new();
    for e in sgp4::parse_3les(text).unwrap() {
        match latest.get(&e.norad_id) {
            Some(old) if old.datetime > e.datetime => {}
            _ => {
                latest.insert(e.norad_id, e);
            }
        }
    }
    let mut ids: Vec<u64> = latest.keys().copied().collect();
    ids.sort_unstable();
    ids.iter()
        .filter_map(|id| sgp4_crate::wgs72_constants(&latest[id]).ok())
        .collect()
}

fn bench(c: &mut Criterion) {
    let text = catalog_text();
    let objects = ours(&text);
    let reference = theirs(&text);
    let n_times = (MINUTES / STEP_MIN + 1e-9).floor() as usize + 1;
    let times: Vec<f64> = (0..n_times).map(|k| k as f64 * STEP_MIN).collect();
    let n = objects.len() * n_times;
    let batch = Sgp4Batch::new(&objects);
    let mut out: Vec<Prediction> = vec![Ok(([0.0; 3], [0.0; 3])); n];

    let mut g = c.benchmark_group("sgp4_full_catalog_1440min_step10");
    g.sample_size(10);
    g.throughput(Throughput::Elements(n as u64));
    g.bench_function("scalar", |b| {
        b.iter(|| {
            for (o, row) in objects.iter().zip(out.chunks_mut(n_times)) {
                for (slot, &t) in row.iter_mut().zip(&times) {
                    *slot = o.propagate(t);
                }
            }
        })
    });
    for kernel in Kernel::ALL {
        let Some(b1) = batch.clone().with_kernel(kernel) else {
            continue;
        };
        g.bench_function(format!("batch_{kernel:?}_1_thread"), |b| {
            b.iter(|| b1.propagate_grid(&times, &mut out))
        });
    }
    g.bench_function(
        format!(
            "batch_{:?}_{}_threads",
            batch.kernel(),
            rayon::current_num_threads()
        ),
        |b| b.iter(|| batch.par_propagate_grid(&times, &mut out)),
    );
    g.throughput(Throughput::Elements((reference.len() * n_times) as u64));
    g.bench_function("sgp4_crate", |b| {
        b.iter(|| {
            let mut sum = 0.0;
            for k in &reference {
                for &t in &times {
                    if let Ok(p) = k.propagate(sgp4::MinutesSinceEpoch(t)) {
                        sum += p.position[0];
                    }
                }
            }
            std::hint::black_box(sum)
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
