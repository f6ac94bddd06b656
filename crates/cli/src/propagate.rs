//! `uitkijk propagate`: SGP4 states of element sets on a time grid, in a chosen frame.

use std::fmt::Write as _;
use std::time::Instant;

use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use uitkijk_formats::ElementSet;
use uitkijk_propagate::numerical::{initial_state_from_elements, ForceModel, NumericalPropagator};
use uitkijk_propagate::Sgp4;
use uitkijk_time::{format_utc_micros, parse_utc, Duration, Epoch};

use crate::args::{FrameArg, PropModel, PropagateArgs, StateFormat};
use crate::failure::{bad, Failure};
use crate::inputs::load_all;
use crate::output::Output;
use crate::transform::{OutputState, Transformer};

/// The times to propagate to.
#[derive(Debug, Clone, Copy)]
pub enum Grid {
    /// Minutes from each element set's own epoch: `from + k * step` for `k < count`.
    Tsince { from: f64, step: f64, count: usize },
    /// Absolute UTC times: `start + k * step_ns` for `k < count`.
    Absolute {
        start: Epoch,
        step_s: f64,
        count: usize,
    },
}

/// Whole grid points from `from` to `to` inclusive; a point within one part in 1e9 of a step
/// from `to` counts as on the grid (decimal steps such as 0.1 are not exact in binary).
fn grid_count(from: f64, to: f64, step: f64) -> Result<usize, Failure> {
    if from == to {
        return Ok(1);
    }
    if step == 0.0 || !step.is_finite() || (to - from) / step < 0.0 {
        return Err(bad(format!(
            "the step {step} does not lead from {from} to {to}"
        )));
    }
    let n = ((to - from) / step + 1e-9).floor();
    if n > 1e9 {
        return Err(bad(format!(
            "{n} time steps is more than this command will write"
        )));
    }
    Ok(n as usize + 1)
}

impl Grid {
    /// Build the grid from the arguments.
    pub fn from_args(a: &PropagateArgs) -> Result<Grid, Failure> {
        if let Some(spec) = &a.tsince {
            let parts: Vec<&str> = spec.split(':').collect();
            let num = |s: &str, what: &str| -> Result<f64, Failure> {
                s.trim()
                    .parse::<f64>()
                    .ok()
                    .filter(|v| v.is_finite())
                    .ok_or_else(|| bad(format!("--tsince: {what} {s:?} is not a number")))
            };
            let (from, to, step) = match parts.as_slice() {
                [f, t, s] => (num(f, "FROM")?, num(t, "TO")?, num(s, "STEP")?),
                [f] => {
                    let v = num(f, "FROM")?;
                    (v, v, 0.0)
                }
                _ => return Err(bad("--tsince takes FROM:TO:STEP in minutes")),
            };
            let count = grid_count(from, to, step)?;
            return Ok(Grid::Tsince { from, step, count });
        }
        match (&a.start, &a.end, a.step) {
            (Some(start), Some(end), Some(step_s)) => {
                let start = parse_utc(start).map_err(|e| bad(format!("--start: {e}")))?;
                let end = parse_utc(end).map_err(|e| bad(format!("--end: {e}")))?;
                let span_s = nanos(end - start) as f64 / 1e9;
                let count = grid_count(0.0, span_s, step_s)?;
                Ok(Grid::Absolute {
                    start,
                    step_s,
                    count,
                })
            }
            _ => Err(bad(
                "give the times: --tsince FROM:TO:STEP (minutes) or --start ISO --end ISO --step S",
            )),
        }
    }

    /// The `k`-th instant of an absolute grid, shared by every object; `None` for a
    /// `--tsince` grid, whose instants depend on each element set's epoch.
    pub fn shared_instant(&self, k: usize) -> Option<Epoch> {
        match *self {
            Grid::Absolute { start, step_s, .. } => Some(
                start + Duration::from_total_nanoseconds((k as f64 * step_s * 1e9).round() as i128),
            ),
            Grid::Tsince { .. } => None,
        }
    }

    /// Number of times.
    pub fn len(&self) -> usize {
        match *self {
            Grid::Tsince { count, .. } | Grid::Absolute { count, .. } => count,
        }
    }

    /// The `k`-th time for an element set of epoch `epoch`: (minutes since epoch, instant).
    pub fn at(&self, k: usize, epoch: Epoch) -> (f64, Epoch) {
        match *self {
            Grid::Tsince { from, step, .. } => {
                // Multiply, never accumulate: row k is exactly from + k*step.
                let tsince = from + k as f64 * step;
                let t = epoch + Duration::from_total_nanoseconds((tsince * 60e9).round() as i128);
                (tsince, t)
            }
            Grid::Absolute { .. } => {
                let t = self.shared_instant(k).unwrap_or(epoch);
                (nanos(t - epoch) as f64 / 60e9, t)
            }
        }
    }
}

fn nanos(d: Duration) -> i128 {
    d.total_nanoseconds()
}

/// One computed row.
struct Row {
    norad_id: u32,
    epoch: Epoch,
    tsince_min: f64,
    state: Result<OutputState, &'static str>,
}

pub fn run(a: PropagateArgs) -> Result<(), Failure> {
    let started = Instant::now();
    let grid = Grid::from_args(&a)?;
    if a.format == StateFormat::Oem && a.frame == FrameArg::Geodetic {
        return Err(bad(
            "an OEM holds Cartesian states: use --frame teme, gcrf or itrf",
        ));
    }
    // Force-model mistakes are reported before any input is read.
    let forces = match a.model {
        PropModel::Numerical => Some(
            a.force_model
                .as_deref()
                .map(ForceModel::parse)
                .transpose()
                .map_err(|e| bad(format!("--force-model: {e}")))?
                .unwrap_or_default(),
        ),
        PropModel::Sgp4 if a.force_model.is_some() => {
            return Err(bad("--force-model needs --model numerical"))
        }
        PropModel::Sgp4 => None,
    };
    let loaded = load_all(&a.inputs, a.strict)?;
    let mut sets: Vec<ElementSet> = loaded.sets;
    if !a.ids.is_empty() {
        sets.retain(|s| a.ids.contains(&s.norad_id));
        for id in &a.ids {
            if !sets.iter().any(|s| s.norad_id == *id) {
                eprintln!("uitkijk: catalog number {id} is not in the input");
            }
        }
        if sets.is_empty() {
            return Err(bad(format!(
                "none of the catalog numbers {:?} is in the input",
                a.ids
            )));
        }
    }
    // Initialise every element set; one that SGP4 refuses (SGP4-XP, non-finite) is reported
    // and skipped, the others go on.
    let mut sats: Vec<(&ElementSet, Sgp4)> = Vec::with_capacity(sets.len());
    let mut refused = 0usize;
    for s in &sets {
        match Sgp4::new(s) {
            Ok(sat) => sats.push((s, sat)),
            Err(e) => {
                refused += 1;
                eprintln!("uitkijk: catalog number {}: {e} (skipped)", s.norad_id);
            }
        }
    }
    if sats.is_empty() {
        return Err(bad("no element set can be propagated with SGP4"));
    }
    let transformer = Transformer::new(a.frame, &grid);
    let mut out = Output::open(a.output.as_deref())?;
    let total = sats.len() * grid.len();
    let bar = progress(total as u64);
    let mut error_rows = 0usize;
    let frame_name = transformer.frame_name();
    match a.format {
        StateFormat::Csv => out.write_str(if a.frame == FrameArg::Geodetic {
            "norad_id,epoch_utc,tsince_min,lat_deg,lon_deg,alt_km,error\n"
        } else {
            "norad_id,epoch_utc,tsince_min,x_km,y_km,z_km,vx_km_s,vy_km_s,vz_km_s,error\n"
        })?,
        StateFormat::Json => out.write_str("[\n")?,
        StateFormat::Oem => out.write_str(&oem_header())?,
    }
    let mut first_json_row = true;
    // Objects in chunks: computed in parallel, written in input order, so memory stays
    // bounded and output does not depend on the thread count.
    let chunk = (4096 / grid.len().max(1)).clamp(1, 256);
    for group in sats.chunks(chunk) {
        let texts: Vec<(String, usize)> = group
            .par_iter()
            .map(|(set, sat)| {
                let rows: Vec<Row> = if let Some(forces) = &forces {
                    numerical_rows(set, &grid, forces, &transformer)
                } else {
                    (0..grid.len())
                        .map(|k| {
                            let (tsince_min, epoch) = grid.at(k, set.epoch);
                            let state = sat
                                .propagate(tsince_min)
                                .map(|(r, v)| transformer.apply(k, epoch, r, v))
                                .map_err(|e| e.name());
                            Row {
                                norad_id: set.norad_id,
                                epoch,
                                tsince_min,
                                state,
                            }
                        })
                        .collect()
                };
                let errors = rows.iter().filter(|r| r.state.is_err()).count();
                let text = match a.format {
                    StateFormat::Csv => csv_rows(&rows, a.frame == FrameArg::Geodetic),
                    StateFormat::Json => json_rows(&rows, frame_name),
                    StateFormat::Oem => oem_segment(set, &rows, frame_name, forces.is_some()),
                };
                (text, errors)
            })
            .collect();
        for (text, errors) in texts {
            error_rows += errors;
            if a.format == StateFormat::Json && !text.is_empty() {
                if !first_json_row {
                    out.write_str(",\n")?;
                }
                first_json_row = false;
            }
            out.write_str(&text)?;
        }
        bar.inc((group.len() * grid.len()) as u64);
    }
    if a.format == StateFormat::Json {
        out.write_str("\n]\n")?;
    }
    bar.finish_and_clear();
    let name = out.name().to_string();
    out.finish()?;
    eprintln!(
        "uitkijk propagate: {} element set(s) x {} time(s) = {} state(s) in {frame_name}, {} error row(s){}{} to {name} in {:.2} s",
        sats.len(),
        grid.len(),
        total,
        error_rows,
        if refused > 0 { format!(", {refused} element set(s) refused") } else { String::new() },
        if loaded.errors > 0 { format!(", {} bad record(s) skipped", loaded.errors) } else { String::new() },
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Rows of `--model numerical`: one integration per element set (forward and backward from
/// its epoch), states from the dense output, rotated GCRF → TEME → output frame by the same
/// transformer as SGP4's rows. A failed integration marks every row `numerical`.
fn numerical_rows(
    set: &ElementSet,
    grid: &Grid,
    forces: &ForceModel,
    transformer: &Transformer,
) -> Vec<Row> {
    let times: Vec<(f64, Epoch)> = (0..grid.len()).map(|k| grid.at(k, set.epoch)).collect();
    let epochs: Vec<Epoch> = times.iter().map(|t| t.1).collect();
    let states = initial_state_from_elements(set)
        .and_then(|(s0, sc)| NumericalPropagator::new(forces, sc, s0))
        .and_then(|mut p| p.ephemeris(&epochs));
    if let Err(e) = &states {
        eprintln!(
            "uitkijk: catalog number {}: numerical propagation: {e}",
            set.norad_id
        );
    }
    let eop = uitkijk_time::EopTable::bundled();
    times
        .iter()
        .enumerate()
        .map(|(k, &(tsince_min, epoch))| Row {
            norad_id: set.norad_id,
            epoch,
            tsince_min,
            state: match &states {
                Ok(s) => {
                    let teme = uitkijk_frames::gcrf_to_teme(&s[k], eop);
                    Ok(transformer.apply(k, epoch, teme.position_km, teme.velocity_km_s))
                }
                Err(_) => Err("numerical"),
            },
        })
        .collect()
}

fn progress(total: u64) -> ProgressBar {
    // Only worth a bar for work that lasts; indicatif draws nothing when stderr is not a
    // terminal.
    if total < 2_000_000 {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(total);
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} states, {eta} left")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar
}

fn csv_rows(rows: &[Row], geodetic: bool) -> String {
    let mut s = String::with_capacity(rows.len() * 140);
    for r in rows {
        let _ = write!(
            s,
            "{},{},{},",
            r.norad_id,
            format_utc_micros(r.epoch),
            r.tsince_min
        );
        match &r.state {
            Ok(OutputState::Cartesian { r: p, v }) => {
                let _ = writeln!(
                    s,
                    "{:.8},{:.8},{:.8},{:.9},{:.9},{:.9},",
                    p[0], p[1], p[2], v[0], v[1], v[2]
                );
            }
            Ok(OutputState::Geodetic {
                lat_deg,
                lon_deg,
                alt_km,
            }) => {
                let _ = writeln!(s, "{lat_deg:.8},{lon_deg:.8},{alt_km:.8},");
            }
            Err(name) => {
                let empty = if geodetic { ",,," } else { ",,,,,," };
                let _ = writeln!(s, "{empty}{name}");
            }
        }
    }
    s
}

fn json_rows(rows: &[Row], frame: &str) -> String {
    let mut s = String::with_capacity(rows.len() * 220);
    for (i, r) in rows.iter().enumerate() {
        if i > 0 {
            s.push_str(",\n");
        }
        let _ = write!(
            s,
            "{{\"norad_id\":{},\"epoch_utc\":\"{}\",\"tsince_min\":{},\"frame\":\"{frame}\"",
            r.norad_id,
            format_utc_micros(r.epoch),
            json_number(r.tsince_min)
        );
        match &r.state {
            Ok(OutputState::Cartesian { r: p, v }) => {
                let _ = write!(
                    s,
                    ",\"x_km\":{:.8},\"y_km\":{:.8},\"z_km\":{:.8},\"vx_km_s\":{:.9},\"vy_km_s\":{:.9},\"vz_km_s\":{:.9},\"error\":null}}",
                    p[0], p[1], p[2], v[0], v[1], v[2]
                );
            }
            Ok(OutputState::Geodetic {
                lat_deg,
                lon_deg,
                alt_km,
            }) => {
                let _ = write!(
                    s,
                    ",\"lat_deg\":{lat_deg:.8},\"lon_deg\":{lon_deg:.8},\"alt_km\":{alt_km:.8},\"error\":null}}"
                );
            }
            Err(name) => {
                let _ = write!(s, ",\"error\":\"{name}\"}}");
            }
        }
    }
    s
}

/// A finite f64 as JSON (Rust's shortest round-trip form is valid JSON for finite values).
fn json_number(v: f64) -> String {
    if v.is_finite() {
        format!("{v}")
    } else {
        "null".into()
    }
}

fn oem_header() -> String {
    // CREATION_DATE: SOURCE_DATE_EPOCH when set (reproducible output), else now.
    let created = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .map(|secs| Epoch::from_unix_seconds(secs as f64))
        .unwrap_or_else(|| Epoch::now().unwrap_or_else(|_| Epoch::from_unix_seconds(0.0)));
    format!(
        "CCSDS_OEM_VERS = 2.0\nCREATION_DATE = {}\nORIGINATOR = UITKIJK\n",
        ccsds_time(created)
    )
}

/// CCSDS ASCII time (UTC, microseconds, no zone letter).
fn ccsds_time(t: Epoch) -> String {
    let s = format_utc_micros(t);
    s.trim_end_matches('Z').to_string()
}

fn oem_segment(set: &ElementSet, rows: &[Row], frame: &str, numerical: bool) -> String {
    let mut good: Vec<&Row> = rows.iter().filter(|r| r.state.is_ok()).collect();
    if good.is_empty() {
        return String::new();
    }
    // OEM data lines must be in increasing time.
    good.sort_by_key(|r| r.epoch);
    let mut s = String::with_capacity(good.len() * 130 + 400);
    let name = set
        .object_name
        .clone()
        .unwrap_or_else(|| set.norad_id.to_string());
    let _ = writeln!(s, "\nMETA_START");
    let _ = writeln!(s, "OBJECT_NAME = {name}");
    let _ = writeln!(
        s,
        "OBJECT_ID = {}",
        set.object_id
            .clone()
            .unwrap_or_else(|| set.norad_id.to_string())
    );
    let _ = writeln!(s, "CENTER_NAME = EARTH");
    let _ = writeln!(s, "REF_FRAME = {frame}");
    let _ = writeln!(s, "TIME_SYSTEM = UTC");
    let _ = writeln!(s, "START_TIME = {}", ccsds_time(good[0].epoch));
    let _ = writeln!(s, "STOP_TIME = {}", ccsds_time(good[good.len() - 1].epoch));
    let _ = writeln!(s, "META_STOP");
    let errors = rows.len() - good.len();
    let model = if numerical {
        "Numerical (Cowell, DOP853; EGM96, Sun, Moon, SRP, drag as chosen; SGP4 state at epoch)"
    } else {
        "SGP4 (Vallado et al. 2006, WGS-72)"
    };
    let _ = writeln!(
        s,
        "COMMENT {model} of NORAD {} from elements of epoch {}",
        set.norad_id,
        ccsds_time(set.epoch)
    );
    if errors > 0 {
        let _ = writeln!(
            s,
            "COMMENT {errors} requested time(s) left out: the propagator reported an error there"
        );
    }
    for r in good {
        if let Ok(OutputState::Cartesian { r: p, v }) = &r.state {
            let _ = writeln!(
                s,
                "{} {:.8} {:.8} {:.8} {:.9} {:.9} {:.9}",
                ccsds_time(r.epoch),
                p[0],
                p[1],
                p[2],
                v[0],
                v[1],
                v[2]
            );
        }
    }
    s
}
