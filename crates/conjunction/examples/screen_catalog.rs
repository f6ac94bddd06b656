//! Screens a catalog file all-vs-all and prints the work counts and wall time: a quick look
//! while tuning (the benchmark of record is `uitkijk bench screen`).
//!
//! `cargo run --release -p uitkijk-conjunction --example screen_catalog -- FILE [DAYS] [THRESHOLD_KM] [GRID_STEP_S]`

use std::time::Instant;
use uitkijk_catalog::{load, Catalog};
use uitkijk_conjunction::screen::{screen, ScreenConfig};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let path = args.get(1).expect("catalog file");
    let days: f64 = args.get(2).map_or(7.0, |s| s.parse().unwrap());
    let threshold: f64 = args.get(3).map_or(5.0, |s| s.parse().unwrap());
    let step: f64 = args.get(4).map_or(20.0, |s| s.parse().unwrap());
    let source = load(path).unwrap();
    let catalog = Catalog::from_sets(source.parsed.sets);
    let sets: Vec<_> = catalog.latest_all().cloned().collect();
    let start = catalog.newest_epoch().unwrap();
    let mut config = ScreenConfig::new(start, days * 86_400.0, threshold);
    config.grid_step_s = step;
    if let Ok(ids) = std::env::var("SHOW") {
        for id in ids.split(',') {
            let i: usize = id.parse().unwrap();
            println!("{i}: {:?}", sets[i]);
        }
    }
    let t = Instant::now();
    let out = screen(&sets, &config, &|_, _| {}).unwrap();
    let s = t.elapsed().as_secs_f64();
    println!(
        "objects {} events {} failures {} colocated {} seconds {s:.2} stats {:?}",
        sets.len(),
        out.events.len(),
        out.failures.len(),
        out.colocated.len(),
        out.stats
    );
}
