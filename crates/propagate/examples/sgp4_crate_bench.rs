//! Times the `sgp4` crate (its plain `propagate`, WGS-72 and IAU sidereal time as
//! python-sgp4 uses them) on the latest element set of each object of a TLE/3LE catalog, at
//! tsince = 0, STEP, …, MINUTES from each object's epoch, on one thread, and prints one JSON
//! line in the form of `uitkijk bench sgp4`, to stand beside it (`bench/sgp4_side_by_side.sh`).
//!
//! `cargo run --release -p uitkijk-propagate --example sgp4_crate_bench -- CATALOG MINUTES STEP_MIN`
use std::collections::HashMap;
use std::io::Read;
use std::time::Instant;

#[path = "../tests/support/sgp4_crate.rs"]
mod sgp4_crate;

fn usage() -> ! {
    eprintln!("usage: sgp4_crate_bench CATALOG[.gz] MINUTES STEP_MIN");
    std::process::exit(2)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() != 3 {
        usage();
    }
    let minutes: f64 = args[1].parse().unwrap_or_else(|_| usage());
    let step: f64 = args[2].parse().unwrap_or_else(|_| usage());
    if step.is_nan() || step <= 0.0 || minutes.is_nan() || minutes < 0.0 {
        usage();
    }
    let file = std::fs::File::open(&args[0]).unwrap_or_else(|e| {
        eprintln!("{}: {e}", args[0]);
        std::process::exit(2)
    });
    let mut text = String::new();
    let read = if args[0].ends_with(".gz") {
        flate2::read::GzDecoder::new(file).read_to_string(&mut text)
    } else {
        std::io::BufReader::new(file).read_to_string(&mut text)
    };
    read.unwrap_or_else(|e| {
        eprintln!("{}: {e}", args[0]);
        std::process::exit(2)
    });
    let sets = sgp4::parse_3les(&text).unwrap_or_else(|e| {
        eprintln!("{}: {e}", args[0]);
        std::process::exit(2)
    });

    // Latest element set per catalog number (a later line wins a tie), in catalog order.
    let mut latest: HashMap<u64, sgp4::Elements> = HashMap::new();
    for e in sets {
        match latest.get(&e.norad_id) {
            Some(old) if old.datetime > e.datetime => {}
            _ => {
                latest.insert(e.norad_id, e);
            }
        }
    }
    let mut ids: Vec<u64> = latest.keys().copied().collect();
    ids.sort_unstable();
    let mut errors = 0usize;
    let objects: Vec<sgp4::Constants> = ids
        .iter()
        .filter_map(|id| {
            sgp4_crate::wgs72_constants(&latest[id])
                .map_err(|_| errors += 1)
                .ok()
        })
        .collect();
    let n_times = (minutes / step + 1e-9).floor() as usize + 1;
    let times: Vec<f64> = (0..n_times).map(|k| k as f64 * step).collect();

    let started = Instant::now();
    let mut checksum_km = 0.0;
    for c in &objects {
        for &t in &times {
            match c.propagate(sgp4::MinutesSinceEpoch(t)) {
                Ok(p) => checksum_km += p.position[0] + p.position[1] + p.position[2],
                Err(_) => errors += 1,
            }
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    let propagations = objects.len() * times.len();
    println!(
        "{{\"command\":\"sgp4\",\"path\":\"sgp4 crate\",\"objects\":{},\"times\":{},\"propagations\":{},\"errors\":{},\"threads\":1,\"seconds\":{:.6},\"props_per_s\":{:.0},\"checksum_km\":{:.6e}}}",
        ids.len(),
        times.len(),
        propagations,
        errors,
        seconds,
        propagations as f64 / seconds,
        checksum_km
    );
}
