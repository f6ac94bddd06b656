//! GP CSV, as CelesTrak serves it: a header row of OMM keywords, then one element set per
//! row. Columns may come in any order; columns that are not OMM keywords are ignored (except
//! `OBJECT_TYPE`); an empty cell is an absent value.

use super::keys::{fmt_epoch, fmt_f64, Dialect, Found, Key, Record, UnitPolicy};
use crate::{ElementSet, FormatError, FormatErrorKind, Parsed};

fn syntax(line: usize, why: String) -> FormatError {
    FormatError::new(line, "csv", FormatErrorKind::Syntax(why))
}

pub(crate) fn read(text: &str) -> Parsed {
    let mut parsed = Parsed::default();
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(::csv::Trim::All)
        .from_reader(text.as_bytes());
    let mut row = ::csv::StringRecord::new();
    let mut columns: Option<Vec<Option<Found>>> = None;
    loop {
        let line = reader.position().line() as usize;
        match reader.read_record(&mut row) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let at = e.position().map_or(line, |p| p.line() as usize);
                parsed.errors.push(syntax(at, e.to_string()));
                if columns.is_none() {
                    // Without a header no row can be read.
                    break;
                }
                continue;
            }
        }
        let line = row.position().map_or(line, |p| p.line() as usize);
        if row.iter().all(str::is_empty) {
            continue;
        }
        let Some(cols) = &columns else {
            match header(&row, line) {
                Ok(h) => columns = Some(h),
                Err(e) => {
                    parsed.errors.push(e);
                    break;
                }
            }
            continue;
        };
        let mut rec = Record::new(line);
        let mut result = Ok(());
        for (cell, col) in row.iter().zip(cols) {
            if let (Some(found), false) = (col, cell.is_empty()) {
                result = rec.set(*found, cell, None, UnitPolicy::Ignore, line);
                if result.is_err() {
                    break;
                }
            }
        }
        match result.and_then(|()| rec.finish(Dialect::Gp)) {
            Ok(set) => parsed.sets.push(set),
            Err(e) => parsed.errors.push(e),
        }
    }
    parsed
}

/// The keyword of each column; a keyword in two columns is an error.
fn header(row: &::csv::StringRecord, line: usize) -> Result<Vec<Option<Found>>, FormatError> {
    let mut cols: Vec<Option<Found>> = Vec::with_capacity(row.len());
    for name in row.iter() {
        let found = Key::lookup_gp(name).or_else(|| Key::lookup_gp(&name.to_ascii_uppercase()));
        if let Some(f) = found {
            if cols.iter().flatten().any(|g| g.0 == f.0) {
                return Err(FormatError::new(
                    line,
                    f.1,
                    FormatErrorKind::BadValue {
                        text: name.to_string(),
                        rule: "each keyword in one column only",
                    },
                ));
            }
        }
        cols.push(found);
    }
    if !cols.iter().flatten().any(|f| f.0 == Key::NoradCatId) {
        return Err(FormatError::new(
            line,
            "NORAD_CAT_ID",
            FormatErrorKind::BadLine(
                "the first row must be a header of OMM keywords, with NORAD_CAT_ID".into(),
            ),
        ));
    }
    Ok(cols)
}

const COLUMNS: [&str; 17] = [
    "OBJECT_NAME",
    "OBJECT_ID",
    "EPOCH",
    "MEAN_MOTION",
    "ECCENTRICITY",
    "INCLINATION",
    "RA_OF_ASC_NODE",
    "ARG_OF_PERICENTER",
    "MEAN_ANOMALY",
    "EPHEMERIS_TYPE",
    "CLASSIFICATION_TYPE",
    "NORAD_CAT_ID",
    "ELEMENT_SET_NO",
    "REV_AT_EPOCH",
    "BSTAR",
    "MEAN_MOTION_DOT",
    "MEAN_MOTION_DDOT",
];

/// A CSV cell, quoted when it holds a comma, a quote, a line break or blanks at its ends.
fn cell(out: &mut String, s: &str) {
    let needs = s.contains([',', '"', '\n', '\r']) || s.trim() != s;
    if needs {
        out.push('"');
        out.push_str(&s.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(s);
    }
}

pub(crate) fn write(sets: &[ElementSet]) -> String {
    let with_type = sets.iter().any(|s| s.object_type.is_some());
    let mut out = String::with_capacity(200 + sets.len() * 200);
    out.push_str(&COLUMNS.join(","));
    if with_type {
        out.push_str(",OBJECT_TYPE");
    }
    out.push('\n');
    for set in sets {
        let cells = [
            set.object_name.clone().unwrap_or_default(),
            set.object_id.clone().unwrap_or_default(),
            fmt_epoch(set.epoch),
            fmt_f64(set.mean_motion_rev_day),
            fmt_f64(set.eccentricity),
            fmt_f64(set.inclination_deg),
            fmt_f64(set.raan_deg),
            fmt_f64(set.arg_perigee_deg),
            fmt_f64(set.mean_anomaly_deg),
            set.ephemeris_type.to_string(),
            set.classification.to_string(),
            set.norad_id.to_string(),
            set.element_set_no.to_string(),
            set.rev_at_epoch.to_string(),
            fmt_f64(set.bstar_per_er),
            fmt_f64(set.mean_motion_dot_rev_day2),
            fmt_f64(set.mean_motion_ddot_rev_day3),
        ];
        for (i, c) in cells.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            cell(&mut out, c);
        }
        if with_type {
            out.push(',');
            cell(&mut out, set.object_type.map_or("", |t| t.as_str()));
        }
        out.push('\n');
    }
    out
}
