//! `uitkijk maneuvers`: manoeuvres detected in element-set histories, one row each, sorted
//! by object then time.

use std::fmt::Write as _;
use std::time::Instant;

use uitkijk_catalog::Catalog;
use uitkijk_sda::maneuver::{detect_all, to_events, Config, Maneuver};
use uitkijk_time::format_utc_millis;

use crate::args::{ManeuversArgs, ManeuversFormat};
use crate::failure::{bad, Failure};
use crate::inputs::load_all;
use crate::output::Output;

/// The CSV header; the first four columns are the contract's.
pub const HEADER: &str = "norad_id,epoch_utc,kind,dv_m_s,epoch_sigma_s,dv_along_m_s,dv_cross_m_s,delta_a_km,delta_i_deg,snr,confirmed,before_epoch_utc,after_epoch_utc";

pub fn run(a: ManeuversArgs) -> Result<(), Failure> {
    let started = Instant::now();
    let loaded = load_all(&a.inputs, a.strict)?;
    let catalog = Catalog::from_sets(loaded.sets);
    let mut ids: Vec<u32> = catalog.latest_all().map(|s| s.norad_id).collect();
    if !a.ids.is_empty() {
        for id in &a.ids {
            if !ids.contains(id) {
                eprintln!("uitkijk: catalog number {id} is not in the input");
            }
        }
        ids.retain(|id| a.ids.contains(id));
        if ids.is_empty() {
            return Err(bad(format!(
                "none of the catalog numbers {:?} is in the input",
                a.ids
            )));
        }
    }
    let histories: Vec<&[_]> = ids.iter().map(|id| catalog.history(*id)).collect();
    let results = detect_all(&histories, &Config::default());
    let mut rows: Vec<Maneuver> = Vec::new();
    let (mut analysed, mut outliers) = (0usize, 0usize);
    for (id, r) in results {
        match r {
            Ok(d) => {
                analysed += 1;
                outliers += d.outliers;
                rows.extend(d.maneuvers);
            }
            Err(e) => eprintln!("uitkijk: catalog number {id}: {e} (skipped)"),
        }
    }
    // Sorted by object, then time (detect_all returns objects in catalog order, each by time;
    // sort anyway so the contract does not hang on that).
    rows.sort_by(|x, y| x.norad_id.cmp(&y.norad_id).then(x.epoch.cmp(&y.epoch)));

    let mut out = Output::open(a.output.as_deref())?;
    match a.format {
        ManeuversFormat::Csv => {
            let mut text = String::with_capacity(128 * (rows.len() + 1));
            text.push_str(HEADER);
            text.push('\n');
            for m in &rows {
                let _ = writeln!(
                    text,
                    "{},{},{},{:.4},{:.0},{:.4},{:.4},{:.4},{:.5},{:.1},{},{},{}",
                    m.norad_id,
                    format_utc_millis(m.epoch),
                    m.kind.as_str(),
                    m.dv_m_s,
                    m.epoch_sigma_s,
                    m.dv_along_m_s,
                    m.dv_cross_m_s,
                    m.delta_a_km,
                    m.delta_i_deg,
                    m.snr,
                    m.confirmed,
                    format_utc_millis(m.before_epoch),
                    format_utc_millis(m.after_epoch),
                );
            }
            out.write_str(&text)?;
        }
        ManeuversFormat::Json => {
            let doc = serde_json::json!({
                "maneuvers": rows,
                "events": to_events(&rows),
            });
            let text = serde_json::to_string_pretty(&doc)
                .map_err(|e| Failure::Runtime(format!("encoding JSON: {e}")))?;
            out.write_str(&text)?;
            out.write_str("\n")?;
        }
    }
    let name = out.name().to_string();
    out.finish()?;
    eprintln!(
        "uitkijk maneuvers: {} manoeuvre(s) in {analysed} object(s), {outliers} outlier set(s) left out, {} bad record(s), {:.2} s -> {name}",
        rows.len(),
        loaded.errors,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
