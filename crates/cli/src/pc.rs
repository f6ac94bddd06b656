//! `uitkijk pc`: collision probability of the encounters in CDMs, by any or every method.

use std::fmt::Write as _;

use uitkijk_conjunction::pc::{pc_2d, HbrShape, Method2d};
use uitkijk_conjunction::pc3d::{
    nc3d_hall, pc_monte_carlo, Hall3dOptions, MonteCarloOptions, TrialCount,
};
use uitkijk_time::format_utc_micros;

use crate::args::{HbrShapeArg, PcArgs};
use crate::failure::{bad, Failure};
use crate::output::Output;

/// Header of the CSV contract (DESIGN.md).
pub const CSV_HEADER: &str = "file,message_id,tca_utc,miss_m,hbr_m,method,pc";

/// One method of `pc`.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Method {
    TwoD(Method2d),
    /// Hall's expected number of collisions Nc3D (two-body motion around TCA).
    Hall3d,
    /// Monte Carlo from the TCA states and covariances (two-body), with a 95 % interval.
    MonteCarlo,
}

impl Method {
    fn name(self) -> String {
        match self {
            Method::TwoD(m) => m.to_string(),
            Method::Hall3d => "hall3d".into(),
            Method::MonteCarlo => "mc".into(),
        }
    }
}

/// The 2D methods `--method all` runs, in output order (then hall3d and mc).
const ALL_2D: [Method2d; 6] = [
    Method2d::Foster,
    Method2d::CaraPcCircle,
    Method2d::Chan,
    Method2d::Alfano,
    Method2d::Patera,
    Method2d::Laas,
];

pub fn run(a: PcArgs) -> Result<(), Failure> {
    let methods: Vec<Method> = match a.method.as_str() {
        "all" => ALL_2D
            .iter()
            .map(|&m| Method::TwoD(m))
            .chain([Method::Hall3d, Method::MonteCarlo])
            .collect(),
        "hall3d" => vec![Method::Hall3d],
        "mc" => vec![Method::MonteCarlo],
        name => vec![Method::TwoD(name.parse::<Method2d>().map_err(|_| {
            bad(format!("--method: unknown method {name:?} (foster, cara, chan, alfano, patera, laas, alfriend, alfriend-max, hall3d, mc, all)"))
        })?)],
    };
    let mc_options = MonteCarloOptions {
        trials: match a.mc_trials {
            Some(n) if n > 0 => TrialCount::Fixed(n),
            Some(_) => return Err(bad("--mc-trials must be positive")),
            None => TrialCount::TargetPrecision {
                rel_half_width: 0.1,
                max_trials: 10_000_000,
            },
        },
        ..MonteCarloOptions::default()
    };
    if let Some(h) = a.hbr_m {
        if !(h >= 0.0 && h.is_finite()) {
            return Err(bad(format!(
                "--hbr-m must be a non-negative number, got {h}"
            )));
        }
    }
    let shape = match a.hbr_shape {
        HbrShapeArg::Circle => HbrShape::Circle,
        HbrShapeArg::Square => HbrShape::Square,
        HbrShapeArg::SquareEqualArea => HbrShape::SquareEqualArea,
    };
    if shape != HbrShape::Circle && methods.iter().any(|m| *m != Method::TwoD(Method2d::Foster)) {
        return Err(bad(
            "--hbr-shape square|square-equal-area is computed by --method foster only",
        ));
    }
    let mut out = Output::open(a.output.as_deref())?;
    out.write_str(CSV_HEADER)?;
    out.write_str("\n")?;
    let (mut rows, mut failed) = (0usize, 0usize);
    for path in &a.inputs {
        let input = crate::cdm_in::read(path, a.hbr_m)?;
        let (cdm, enc, hbr_m) = (&input.cdm, &input.encounter, input.hbr_m);
        let miss_m = (enc.secondary.position_km - enc.primary.position_km).norm() * 1000.0;
        for &m in &methods {
            let mut line = String::new();
            let value: Result<f64, String> = match m {
                Method::TwoD(m2) => pc_2d(m2, &enc.primary, &enc.secondary, hbr_m / 1000.0, shape)
                    .map(|v| {
                        if v.remediated {
                            eprintln!("{path}: {m2}: the combined covariance was not positive definite and was repaired (eigenvalues clipped, as CARA does)");
                        }
                        v.pc
                    })
                    .map_err(|e| e.to_string()),
                Method::Hall3d => nc3d_hall(&enc.primary, &enc.secondary, hbr_m, &Hall3dOptions::default())
                    .map(|r| {
                        if !r.converged {
                            eprintln!("{path}: hall3d: the peak-overlap search did not converge everywhere; Nc3D may be inaccurate");
                        }
                        r.nc
                    })
                    .map_err(|e| e.to_string()),
                Method::MonteCarlo => pc_monte_carlo(&enc.primary, &enc.secondary, hbr_m, &mc_options)
                    .map(|r| {
                        eprintln!(
                            "{path}: mc: {} hits in {} trials, {:.0}% interval [{:.6e}, {:.6e}]",
                            r.hits, r.trials, r.confidence * 100.0, r.ci_low, r.ci_high
                        );
                        r.pc
                    })
                    .map_err(|e| e.to_string()),
            };
            match value {
                Ok(pc) => {
                    let _ = writeln!(
                        line,
                        "{},{},{},{:.3},{},{},{:.10e}",
                        csv_field(path),
                        csv_field(&cdm.header.message_id),
                        format_utc_micros(enc.tca),
                        miss_m,
                        hbr_m,
                        m.name(),
                        pc
                    );
                    rows += 1;
                }
                Err(e) => {
                    eprintln!("{path}: {}: {e}", m.name());
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
        return Err(Failure::Runtime(format!(
            "{failed} probabilities could not be computed"
        )));
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
