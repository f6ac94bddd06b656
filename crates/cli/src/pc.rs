//! `uitkijk pc`: collision probability of the encounters in CDMs, by any or every method.

use std::fmt::Write as _;

use uitkijk_catalog::read_input;
use uitkijk_conjunction::cdm_input::encounter_from_cdm;
use uitkijk_conjunction::pc::{pc_2d, HbrShape, Method2d};
use uitkijk_formats::cdm::{self, ReadOptions};
use uitkijk_time::format_utc_micros;

use crate::args::PcArgs;
use crate::failure::{bad, Failure};
use crate::output::Output;

/// Header of the CSV contract (DESIGN.md).
pub const CSV_HEADER: &str = "file,message_id,tca_utc,miss_m,hbr_m,method,pc";

/// The 2D methods `--method all` runs, in output order.
const ALL_2D: [Method2d; 6] = [
    Method2d::Foster,
    Method2d::CaraPcCircle,
    Method2d::Chan,
    Method2d::Alfano,
    Method2d::Patera,
    Method2d::Laas,
];

pub fn run(a: PcArgs) -> Result<(), Failure> {
    let methods: Vec<Method2d> = match a.method.as_str() {
        "all" => ALL_2D.to_vec(),
        name => vec![name
            .parse::<Method2d>()
            .map_err(|_| bad(format!("--method: unknown method {name:?} (foster, cara, chan, alfano, patera, laas, alfriend, alfriend-max, all)")))?],
    };
    if let Some(h) = a.hbr_m {
        if !(h >= 0.0 && h.is_finite()) {
            return Err(bad(format!("--hbr-m must be a non-negative number, got {h}")));
        }
    }
    let mut out = Output::open(a.output.as_deref())?;
    out.write_str(CSV_HEADER)?;
    out.write_str("\n")?;
    let (mut rows, mut failed) = (0usize, 0usize);
    for path in &a.inputs {
        let text = read_input(path).map_err(|e| bad(e.to_string()))?;
        let cdm = match cdm::read(&text) {
            Ok(c) => c,
            Err(strict) => match cdm::read_with(&text, &ReadOptions::lenient()) {
                // CARA's sample CDMs carry velocities with a `[m]` unit: read the numbers,
                // say so.
                Ok(c) => {
                    eprintln!(
                        "{path}:{}: {}: {} (units ignored, read as the standard's)",
                        strict.line(),
                        strict.field(),
                        strict.kind()
                    );
                    c
                }
                Err(_) => {
                    return Err(bad(format!(
                        "{path}:{}: {}: {}",
                        strict.line(),
                        strict.field(),
                        strict.kind()
                    )))
                }
            },
        };
        let hbr_m = match a.hbr_m.or_else(|| cdm.hbr_m()) {
            Some(h) => h,
            None => {
                return Err(bad(format!(
                    "{path}: no hard-body radius: the CDM has no HBR keyword or comment; give --hbr-m"
                )))
            }
        };
        let enc = encounter_from_cdm(&cdm).map_err(|e| bad(format!("{path}: {e}")))?;
        let miss_m = (enc.secondary.position_km - enc.primary.position_km).norm() * 1000.0;
        for &m in &methods {
            let mut line = String::new();
            match pc_2d(m, &enc.primary, &enc.secondary, hbr_m / 1000.0, HbrShape::Circle) {
                Ok(v) => {
                    let _ = writeln!(
                        line,
                        "{},{},{},{:.3},{},{},{:.10e}",
                        csv_field(path),
                        csv_field(&cdm.header.message_id),
                        format_utc_micros(enc.tca),
                        miss_m,
                        hbr_m,
                        m,
                        v.pc
                    );
                    if v.remediated {
                        eprintln!("{path}: {m}: the combined covariance was not positive definite and was repaired (eigenvalues clipped, as CARA does)");
                    }
                    rows += 1;
                }
                Err(e) => {
                    eprintln!("{path}: {m}: {e}");
                    failed += 1;
                }
            }
            out.write_str(&line)?;
        }
    }
    out.finish()?;
    eprintln!(
        "uitkijk: {} CDMs, {rows} probabilities, {failed} failed",
        a.inputs.len()
    );
    if failed > 0 {
        return Err(Failure::Runtime(format!("{failed} probabilities could not be computed")));
    }
    Ok(())
}

/// A CSV field, quoted when it holds a comma, quote or newline.
fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}
