//! Parsing speed on the bundled full catalog (23,939 objects): the issue asks for well under
//! 100 ms. `cargo bench -p uitkijk-formats --bench parse`
use std::io::Read;

use criterion::{criterion_group, criterion_main, Criterion};

fn catalog_text() -> String {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../data/catalog/full_catalog_3le_2022-01-22_ODAP.txt.gz"
    );
    let raw = std::fs::read(path).expect("bundled catalog");
    let mut text = String::new();
    flate2::read::GzDecoder::new(&raw[..])
        .read_to_string(&mut text)
        .expect("gzip");
    text
}

fn parse(c: &mut Criterion) {
    let text = catalog_text();
    let mut group = c.benchmark_group("parse_full_catalog");
    group.sample_size(20);
    group.bench_function("3le_23939_objects", |b| {
        b.iter(|| {
            let p = uitkijk_formats::tle::read(std::hint::black_box(&text));
            assert_eq!(p.sets.len(), 23_939);
        })
    });
    group.finish();
}

criterion_group!(benches, parse);
criterion_main!(benches);
