//! `uitkijk avoid`: candidate avoidance manoeuvres for the conjunction in a CDM.

use std::fmt::Write as _;

use uitkijk_conjunction::avoid::{avoidance_options, AvoidOptions};
use uitkijk_conjunction::pc::{pc_2d, HbrShape, Method2d, ObjectAtTca};

use crate::args::{AvoidArgs, AvoidFormat};
use crate::failure::{bad, Failure};
use crate::output::Output;

/// Header of the CSV table.
pub const CSV_HEADER: &str = "burn_revs_before_tca,burn_before_tca_s,direction,reached,dv_m_s,miss_km,radial_km,in_track_km,cross_track_km,pc,cheapest_at_burn_time";

pub fn run(a: AvoidArgs) -> Result<(), Failure> {
    if !(a.pc_threshold > 0.0 && a.pc_threshold < 1.0) {
        return Err(bad(format!(
            "--pc-threshold must be in (0, 1), got {}",
            a.pc_threshold
        )));
    }
    let path = &a.input;
    let input = crate::cdm_in::read(path, a.hbr_m)?;
    let (enc, hbr_m) = (&input.encounter, input.hbr_m);
    let pc = |p: &ObjectAtTca, s: &ObjectAtTca, hbr_m: f64| -> f64 {
        pc_2d(Method2d::Foster, p, s, hbr_m / 1000.0, HbrShape::Circle).map_or(f64::NAN, |v| v.pc)
    };
    let options = AvoidOptions {
        pc_threshold: a.pc_threshold,
        ..AvoidOptions::default()
    };
    let table = avoidance_options(&enc.primary, &enc.secondary, hbr_m, &pc, &options)
        .map_err(|e| Failure::Runtime(format!("{path}: {e}")))?;
    let mut out = Output::open(a.output.as_deref())?;
    match a.format {
        AvoidFormat::Csv => {
            out.write_str(CSV_HEADER)?;
            out.write_str("\n")?;
            for o in &table.options {
                let mut line = String::new();
                let _ = writeln!(
                    line,
                    "{},{:.3},{},{},{:.6},{:.6},{:.6},{:.6},{:.6},{:.6e},{}",
                    o.burn_revs_before_tca,
                    o.burn_before_tca_s,
                    o.direction.as_str(),
                    o.reached,
                    o.dv_m_s,
                    o.miss_km,
                    o.radial_km,
                    o.in_track_km,
                    o.cross_track_km,
                    o.pc,
                    o.cheapest_at_burn_time
                );
                out.write_str(&line)?;
            }
        }
        AvoidFormat::Json => {
            let json = serde_json::to_string_pretty(&table)
                .map_err(|e| Failure::Runtime(format!("JSON: {e}")))?;
            out.write_str(&json)?;
            out.write_str("\n")?;
        }
    }
    out.finish()?;
    let cheapest = table
        .options
        .iter()
        .filter(|o| o.reached)
        .min_by(|x, y| x.dv_m_s.total_cmp(&y.dv_m_s));
    match cheapest {
        Some(o) => eprintln!(
            "uitkijk: Pc {:.2e} (miss {:.3} km, HBR {} m) → {:.2e} with {:.3} m/s {} {} revs ({:.0} s) before TCA: the cheapest of {} options",
            table.pc_before,
            table.miss_before_km,
            table.hbr_m,
            o.pc,
            o.dv_m_s,
            o.direction.as_str(),
            o.burn_revs_before_tca,
            o.burn_before_tca_s,
            table.options.len()
        ),
        None => eprintln!(
            "uitkijk: Pc {:.2e}: no burn up to {} m/s reaches {:.0e}",
            table.pc_before, options.dv_max_m_s, a.pc_threshold
        ),
    }
    Ok(())
}
