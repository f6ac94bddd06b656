//! `uitkijk newobjects OLD NEW`: new catalog numbers by launch, vanished objects (decayed or
//! dropped, with `--satcat`), provisional (analyst/uncorrelated) numbers, identity changes.

use std::fmt::Write as _;
use std::time::Instant;

use uitkijk_catalog::{read_input, Catalog};
use uitkijk_formats::satcat::{self, Satcat};
use uitkijk_sda::newobjects::{compare, IdentityChange, LostStatus, ObjectRow};
use uitkijk_time::format_utc_millis;

use crate::args::{NewobjectsArgs, SdaFormat};
use crate::failure::{bad, Failure};
use crate::inputs::load_all;
use crate::output::Output;

/// Header of the CSV: one row per object finding.
pub const CSV_HEADER: &str = "kind,norad_id,object_id,name,launch_id,group_size,group_regime,regime,perigee_km,apogee_km,epoch_utc,date_utc,detail";

fn load_satcat(path: &str, strict: bool) -> Result<Satcat, Failure> {
    let text = read_input(path).map_err(|e| bad(e.to_string()))?;
    if !satcat::detect(&text) {
        return Err(bad(format!(
            "{path}:1: header: not a SATCAT CSV (CelesTrak columns or the 2019 database columns)"
        )));
    }
    let read = satcat::read(&text)
        .map_err(|e| bad(format!("{path}:{}: {}: {}", e.line(), e.field(), e.kind())))?;
    for e in &read.errors {
        eprintln!(
            "{path}:{}: {}: {} (row skipped)",
            e.line(),
            e.field(),
            e.kind()
        );
    }
    if strict && !read.errors.is_empty() {
        return Err(bad(format!(
            "--strict: {} bad SATCAT row(s) in {path}",
            read.errors.len()
        )));
    }
    Ok(Satcat::new(read.entries))
}

pub fn run(a: NewobjectsArgs) -> Result<(), Failure> {
    let started = Instant::now();
    let old = Catalog::from_sets(load_all(std::slice::from_ref(&a.old), a.strict)?.sets);
    let new = Catalog::from_sets(load_all(std::slice::from_ref(&a.new), a.strict)?.sets);
    let satcat = a
        .satcat
        .as_deref()
        .map(|p| load_satcat(p, a.strict))
        .transpose()?;
    let c = compare(&old, &new, satcat.as_ref());

    let mut out = Output::open(a.output.as_deref())?;
    match a.format {
        SdaFormat::Json => {
            let text = serde_json::to_string_pretty(&c)
                .map_err(|e| Failure::Runtime(format!("JSON output: {e}")))?;
            out.write_str(&text)?;
            out.write_str("\n")?;
        }
        SdaFormat::Csv => {
            out.write_str(CSV_HEADER)?;
            out.write_str("\n")?;
            let mut line = String::new();
            for g in &c.launches {
                let date = g.launch_date.map(format_utc_millis).unwrap_or_default();
                for o in &g.objects {
                    line.clear();
                    object_line(
                        &mut line,
                        "new",
                        o,
                        &g.launch_id,
                        &g.objects.len().to_string(),
                        g.regime.as_str(),
                        &date,
                        "",
                    );
                    out.write_str(&line)?;
                }
            }
            for l in &c.lost {
                line.clear();
                let date = match l.status {
                    LostStatus::Decayed { date } => format_utc_millis(date),
                    _ => String::new(),
                };
                let kind = format!("lost-{}", l.status.as_str());
                let launch = l
                    .object
                    .object_id
                    .as_deref()
                    .map(|d| satcat::launch_of(d).to_string())
                    .unwrap_or_default();
                object_line(&mut line, &kind, &l.object, &launch, "", "", &date, "");
                out.write_str(&line)?;
            }
            for p in &c.provisional {
                line.clear();
                let detail = if p.is_new { "new" } else { "also in OLD" };
                object_line(
                    &mut line,
                    p.range.as_str(),
                    &p.object,
                    "",
                    "",
                    "",
                    "",
                    detail,
                );
                out.write_str(&line)?;
            }
            for ch in &c.identity_changes {
                line.clear();
                let (kind, id, oid, detail) = match ch {
                    IdentityChange::Designator { norad_id, old, new } => (
                        "identity-designator",
                        norad_id.to_string(),
                        new.clone(),
                        format!("{old} -> {new}"),
                    ),
                    IdentityChange::Name { norad_id, old, new } => (
                        "identity-name",
                        norad_id.to_string(),
                        String::new(),
                        format!("{old} -> {new}"),
                    ),
                    IdentityChange::Number {
                        object_id,
                        old,
                        new,
                    } => (
                        "identity-number",
                        new.to_string(),
                        object_id.clone(),
                        format!("{old} -> {new}"),
                    ),
                };
                let _ = writeln!(
                    line,
                    "{kind},{id},{},,,,,,,,,,{}",
                    csv_text(&oid),
                    csv_text(&detail)
                );
                out.write_str(&line)?;
            }
        }
    }
    out.finish()?;
    let n_new: usize = c.launches.iter().map(|g| g.objects.len()).sum();
    let decayed = c
        .lost
        .iter()
        .filter(|l| matches!(l.status, LostStatus::Decayed { .. }))
        .count();
    eprintln!(
        "uitkijk: {} new objects in {} launch groups, {} gone ({} decayed per SATCAT), {} provisional numbers, {} identity changes, in {:.1} s",
        n_new,
        c.launches.len(),
        c.lost.len(),
        decayed,
        c.provisional.len(),
        c.identity_changes.len(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Quotes a CSV field when it holds a comma, quote or line break (RFC 4180).
fn csv_text(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

#[allow(clippy::too_many_arguments)]
fn object_line(
    line: &mut String,
    kind: &str,
    o: &ObjectRow,
    launch: &str,
    group_size: &str,
    group_regime: &str,
    date: &str,
    detail: &str,
) {
    let _ = writeln!(
        line,
        "{kind},{},{},{},{launch},{group_size},{group_regime},{},{:.1},{:.1},{},{date},{}",
        o.norad_id,
        csv_text(o.object_id.as_deref().unwrap_or("")),
        csv_text(o.name.as_deref().unwrap_or("")),
        o.regime.as_str(),
        o.perigee_km,
        o.apogee_km,
        format_utc_millis(o.epoch),
        csv_text(detail)
    );
}
