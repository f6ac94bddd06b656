//! Propagate every element set of a TLE/3LE file (optionally `.gz`) to the given minutes from
//! each set's own epoch and print CSV: `index,norad_id,tsince_min,code,x_km,y_km,z_km,vx_km_s,vy_km_s,vz_km_s`
//! (`code` 0 on success, else the reference's error code, with the numbers left empty).
//! Used to compare against python-sgp4 by hand:
//!
//! `cargo run --release --example tsince_csv -- catalog.txt.gz -1440 0 360`
use std::io::{Read, Write};

use uitkijk_propagate::Sgp4;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let path = &args[0];
    let times: Vec<f64> = args[1..]
        .iter()
        .map(|a| a.parse().expect("minutes"))
        .collect();
    let file = std::fs::File::open(path).expect("open");
    let mut text = String::new();
    if path.ends_with(".gz") {
        flate2::read::GzDecoder::new(file)
            .read_to_string(&mut text)
            .expect("gunzip");
    } else {
        std::io::BufReader::new(file)
            .read_to_string(&mut text)
            .expect("read");
    }
    let parsed = uitkijk_formats::tle::read(&text);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for (i, set) in parsed.sets.iter().enumerate() {
        let sgp4 = match Sgp4::new(set) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("{}: {e}", set.norad_id);
                continue;
            }
        };
        for &t in &times {
            match sgp4.propagate(t) {
                Ok((r, v)) => writeln!(
                    out,
                    "{i},{},{t},0,{:e},{:e},{:e},{:e},{:e},{:e}",
                    set.norad_id, r[0], r[1], r[2], v[0], v[1], v[2]
                ),
                Err(e) => writeln!(out, "{i},{},{t},{},,,,,,", set.norad_id, e.code()),
            }
            .expect("write");
        }
    }
}
