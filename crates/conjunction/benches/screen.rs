//! Screening on the bundled 2022-01 catalog: all-vs-all over 6 hours and 4,000 objects, and
//! the whole catalog over one hour — the criterion companion of `uitkijk bench screen`, which
//! times the full 7-day run (BENCHMARKS.md).
//!
//! `CARGO_TARGET_DIR=… cargo bench -p uitkijk-conjunction --bench screen`.
use std::io::Read;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use uitkijk_catalog::Catalog;
use uitkijk_conjunction::screen::{screen, ScreenConfig};
use uitkijk_formats::ElementSet;

fn catalog() -> (Vec<ElementSet>, uitkijk_time::Epoch) {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../data/catalog/full_catalog_3le_2022-01-22_ODAP.txt.gz"
    );
    let mut text = String::new();
    flate2::read::GzDecoder::new(std::fs::File::open(path).unwrap())
        .read_to_string(&mut text)
        .unwrap();
    let catalog = Catalog::from_sets(uitkijk_formats::tle::read(&text).sets);
    let start = catalog.newest_epoch().unwrap();
    (catalog.latest_all().cloned().collect(), start)
}

fn bench(c: &mut Criterion) {
    let (sets, start) = catalog();
    let mut g = c.benchmark_group("screen");
    g.sample_size(10);
    let first: Vec<ElementSet> = sets[..4_000].to_vec();
    let config = ScreenConfig::new(start, 6.0 * 3_600.0, 5.0);
    g.throughput(Throughput::Elements(first.len() as u64));
    g.bench_function("4000_objects_6h_5km", |b| {
        b.iter(|| screen(&first, &config, &|_, _| {}).unwrap().events.len())
    });
    let config = ScreenConfig::new(start, 3_600.0, 5.0);
    g.throughput(Throughput::Elements(sets.len() as u64));
    g.bench_function("full_catalog_1h_5km", |b| {
        b.iter(|| screen(&sets, &config, &|_, _| {}).unwrap().events.len())
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
