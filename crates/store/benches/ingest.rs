//! Ingest of the bundled full catalog (23,939 element sets, 3LE, gzip) into a fresh store:
//! SQLite (a file in the temp directory, WAL, synchronous=NORMAL) and, when PostgreSQL is
//! installed, a throwaway local server with fsync on. Each iteration reads and parses the
//! file and ingests it in the CLI's default transactions of 5000, i.e. what
//! `uitkijk ingest FILE` does.
//!
//! `cargo bench -p uitkijk-store --bench ingest`

#[path = "../tests/support/pg.rs"]
mod pg;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use uitkijk_store::{ingest, open, Access, Tier};

const CATALOG: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../data/catalog/full_catalog_3le_2022-01-22_ODAP.txt.gz"
);

fn load_and_ingest(url: &str) -> u64 {
    let source = uitkijk_catalog::load(CATALOG).expect("the bundled catalog loads");
    let mut store = open(url).expect("store opens");
    let n = ingest(
        &mut *store,
        &Access::local_cli(),
        CATALOG,
        &source.parsed.sets,
        0,
        Tier::Public,
        5000,
    )
    .expect("ingest");
    assert_eq!(n.added as usize, source.parsed.sets.len());
    n.added
}

fn bench(c: &mut Criterion) {
    let dir = std::env::temp_dir().join(format!("uitkijk-bench-ingest-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut g = c.benchmark_group("ingest_full_catalog");
    g.sample_size(10);
    let mut n = 0;
    g.bench_function("sqlite", |b| {
        b.iter_batched(
            || {
                n += 1;
                let path = dir.join(format!("b{n}.db"));
                format!("sqlite://{}", path.display())
            },
            |url| load_and_ingest(&url),
            BatchSize::PerIteration,
        )
    });
    if let Some(server) = pg::PgServer::start_durable("bench-ingest") {
        g.bench_function("postgres", |b| {
            b.iter_batched(
                || server.fresh_database(),
                |url| load_and_ingest(&url),
                BatchSize::PerIteration,
            )
        });
    }
    g.finish();
    let _ = std::fs::remove_dir_all(&dir);
}

criterion_group!(benches, bench);
criterion_main!(benches);
