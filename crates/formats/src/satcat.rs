//! The satellite catalog (SATCAT): who owns each object, when it was launched and when it
//! decayed — the facts an element set does not carry.
//!
//! Two CSV layouts are read, recognised by their header:
//! - CelesTrak's SATCAT CSV (`OBJECT_NAME,OBJECT_ID,NORAD_CAT_ID,OBJECT_TYPE,OPS_STATUS_CODE,
//!   OWNER,LAUNCH_DATE,LAUNCH_SITE,DECAY_DATE,PERIOD,INCLINATION,APOGEE,PERIGEE,RCS,…`,
//!   <https://celestrak.org/satcat/satcat-format.php>);
//! - the older CelesTrak database columns (`intl_desg,norad_num,…,payload_flag,
//!   ops_status_code,name,source,launch_date,decay_date,orbit_period_minutes,inclination_deg,
//!   apogee,perigee,radar_crosssec,…`) as in the TruSat dump of 2019.
//!
//! Columns are found by name (case-insensitive), so their order and any extra columns do not
//! matter. Empty cells, `0000-00-00` dates and negative numbers (the dump writes -1 for "not
//! known") read as absent. A bad row is reported with its line and field and skipped.

use std::collections::HashMap;

use uitkijk_time::Epoch;

use crate::{FormatError, FormatErrorKind, ObjectType};

/// One object of the satellite catalog.
#[derive(Debug, Clone, PartialEq)]
pub struct SatcatEntry {
    /// Catalog number.
    pub norad_id: u32,
    /// COSPAR international designator, e.g. `1998-067A`.
    pub cospar_id: String,
    /// Object name.
    pub name: String,
    /// Payload, rocket body, debris or unknown.
    pub object_type: ObjectType,
    /// Operational status code (`+` operational, `-` non-operational, `D` decayed, …), when
    /// given.
    pub ops_status: Option<String>,
    /// Owner or country code (CelesTrak's `OWNER`/`source`, e.g. `US`, `CIS`, `PRC`).
    pub owner: String,
    /// Launch date (00:00 UTC of the day; the catalog gives days only).
    pub launch_date: Option<Epoch>,
    /// Launch site code, when given.
    pub launch_site: Option<String>,
    /// Decay date (00:00 UTC of the day), when the object has decayed.
    pub decay_date: Option<Epoch>,
    /// Orbital period, minutes.
    pub period_min: Option<f64>,
    /// Inclination, degrees.
    pub inclination_deg: Option<f64>,
    /// Apogee altitude, km.
    pub apogee_km: Option<f64>,
    /// Perigee altitude, km.
    pub perigee_km: Option<f64>,
    /// Radar cross-section, m².
    pub rcs_m2: Option<f64>,
}

impl SatcatEntry {
    /// The launch part of the COSPAR designator (`1998-067` of `1998-067A`): all pieces of one
    /// launch share it.
    pub fn launch_id(&self) -> &str {
        launch_of(&self.cospar_id)
    }
}

/// The launch part (`YYYY-NNN`) of a COSPAR designator; the whole text when it is shorter.
pub fn launch_of(cospar_id: &str) -> &str {
    cospar_id.get(..8).unwrap_or(cospar_id)
}

/// What [`read`] got: the entries in input order and one error per skipped row.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct SatcatRead {
    /// Entries read, in input order.
    pub entries: Vec<SatcatEntry>,
    /// One error per row that was skipped.
    pub errors: Vec<FormatError>,
}

/// A SATCAT indexed by catalog number (the last row wins when a number repeats).
#[derive(Debug, Default, Clone)]
pub struct Satcat {
    by_norad: HashMap<u32, SatcatEntry>,
}

impl Satcat {
    /// Index `entries` by catalog number.
    pub fn new(entries: impl IntoIterator<Item = SatcatEntry>) -> Self {
        Satcat {
            by_norad: entries.into_iter().map(|e| (e.norad_id, e)).collect(),
        }
    }

    /// The entry of `norad_id`, if catalogued.
    pub fn get(&self, norad_id: u32) -> Option<&SatcatEntry> {
        self.by_norad.get(&norad_id)
    }

    /// Number of objects.
    pub fn len(&self) -> usize {
        self.by_norad.len()
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.by_norad.is_empty()
    }

    /// All entries, in no particular order.
    pub fn entries(&self) -> impl Iterator<Item = &SatcatEntry> {
        self.by_norad.values()
    }
}

/// True when `text` starts with a SATCAT CSV header of either layout.
pub fn detect(text: &str) -> bool {
    let first = text
        .trim_start_matches('\u{feff}')
        .lines()
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    (first.contains("norad_cat_id") && first.contains("launch_date"))
        || (first.contains("norad_num") && first.contains("intl_desg"))
}

/// Which column holds each field (indices into a row).
struct Columns {
    norad: usize,
    cospar: usize,
    name: usize,
    object_type: Option<usize>,
    payload_flag: Option<usize>,
    ops_status: Option<usize>,
    owner: Option<usize>,
    launch_date: Option<usize>,
    launch_site: Option<usize>,
    decay_date: Option<usize>,
    period: Option<usize>,
    inclination: Option<usize>,
    apogee: Option<usize>,
    perigee: Option<usize>,
    rcs: Option<usize>,
}

fn find(header: &[String], names: &[&str]) -> Option<usize> {
    header.iter().position(|h| names.contains(&h.as_str()))
}

fn columns(header: &csv::StringRecord) -> Result<Columns, FormatError> {
    let h: Vec<String> = header
        .iter()
        .map(|s| s.trim().trim_start_matches('\u{feff}').to_ascii_lowercase())
        .collect();
    let need = |names: &[&str], field: &'static str| {
        find(&h, names).ok_or(FormatError::new(1, field, FormatErrorKind::Missing))
    };
    Ok(Columns {
        norad: need(&["norad_cat_id", "norad_num"], "NORAD_CAT_ID")?,
        cospar: need(&["object_id", "intl_desg"], "OBJECT_ID")?,
        name: need(&["object_name", "name"], "OBJECT_NAME")?,
        object_type: find(&h, &["object_type"]),
        payload_flag: find(&h, &["payload_flag"]),
        ops_status: find(&h, &["ops_status_code"]),
        owner: find(&h, &["owner", "source"]),
        launch_date: find(&h, &["launch_date"]),
        launch_site: find(&h, &["launch_site"]),
        decay_date: find(&h, &["decay_date"]),
        period: find(&h, &["period", "orbit_period_minutes"]),
        inclination: find(&h, &["inclination", "inclination_deg"]),
        apogee: find(&h, &["apogee"]),
        perigee: find(&h, &["perigee"]),
        rcs: find(&h, &["rcs", "radar_crosssec"]),
    })
}

/// Read a SATCAT CSV of either layout. Fails only when the header lacks the catalog number,
/// designator or name; bad rows are reported in [`SatcatRead::errors`].
pub fn read(text: &str) -> Result<SatcatRead, FormatError> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(true)
        .from_reader(text.as_bytes());
    let header = reader
        .headers()
        .map_err(|e| FormatError::new(1, "header", FormatErrorKind::Syntax(e.to_string())))?
        .clone();
    let cols = columns(&header)?;
    let mut out = SatcatRead::default();
    for record in reader.records() {
        match record {
            Ok(row) => {
                let line = row.position().map_or(0, |p| p.line() as usize);
                match entry(&row, &cols, line) {
                    Ok(e) => out.entries.push(e),
                    Err(e) => out.errors.push(e),
                }
            }
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line() as usize);
                out.errors.push(FormatError::new(
                    line,
                    "row",
                    FormatErrorKind::Syntax(e.to_string()),
                ));
            }
        }
    }
    Ok(out)
}

fn cell(row: &csv::StringRecord, col: Option<usize>) -> Option<&str> {
    col.and_then(|c| row.get(c))
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

fn number(
    row: &csv::StringRecord,
    col: Option<usize>,
    line: usize,
    field: &'static str,
) -> Result<Option<f64>, FormatError> {
    match cell(row, col) {
        None => Ok(None),
        Some(t) => match t.parse::<f64>() {
            Ok(v) if v.is_finite() => Ok(Some(v)),
            _ => Err(FormatError::new(
                line,
                field,
                FormatErrorKind::BadNumber(t.to_string()),
            )),
        },
    }
}

/// `YYYY-MM-DD` to 00:00 UTC of that day; empty or `0000-00-00` is absent.
fn date(
    row: &csv::StringRecord,
    col: Option<usize>,
    line: usize,
    field: &'static str,
) -> Result<Option<Epoch>, FormatError> {
    let Some(t) = cell(row, col) else {
        return Ok(None);
    };
    if t == "0000-00-00" {
        return Ok(None);
    }
    let bad = || {
        FormatError::new(
            line,
            field,
            FormatErrorKind::BadValue {
                text: t.to_string(),
                rule: "a date YYYY-MM-DD",
            },
        )
    };
    let parts: Vec<&str> = t.split('-').collect();
    if parts.len() != 3 || parts[0].len() != 4 || parts[1].len() != 2 || parts[2].len() != 2 {
        return Err(bad());
    }
    let y: i32 = parts[0].parse().map_err(|_| bad())?;
    let m: u8 = parts[1].parse().map_err(|_| bad())?;
    let d: u8 = parts[2].parse().map_err(|_| bad())?;
    let days_in_month = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        _ => return Err(bad()),
    };
    if !(1900..=2200).contains(&y) || d == 0 || d > days_in_month {
        return Err(bad());
    }
    Ok(Some(Epoch::from_gregorian_utc_at_midnight(y, m, d)))
}

fn entry(row: &csv::StringRecord, c: &Columns, line: usize) -> Result<SatcatEntry, FormatError> {
    let norad_text = cell(row, Some(c.norad)).ok_or(FormatError::new(
        line,
        "NORAD_CAT_ID",
        FormatErrorKind::Missing,
    ))?;
    let norad_id: u32 = norad_text
        .parse()
        .ok()
        .filter(|&n: &u32| (1..=999_999_999).contains(&n))
        .ok_or_else(|| {
            FormatError::new(
                line,
                "NORAD_CAT_ID",
                FormatErrorKind::BadNumber(norad_text.to_string()),
            )
        })?;
    let name = cell(row, Some(c.name)).unwrap_or("").to_string();
    let object_type = match cell(row, c.object_type) {
        Some(t) => ObjectType::parse(t).ok_or_else(|| {
            FormatError::new(
                line,
                "OBJECT_TYPE",
                FormatErrorKind::BadValue {
                    text: t.to_string(),
                    rule: "PAY, R/B, DEB or UNK",
                },
            )
        })?,
        // The older layout has only a payload flag; non-payloads are typed from the name
        // the way the catalog names them (`… R/B`, `… DEB`).
        None => match cell(row, c.payload_flag) {
            Some("1") => ObjectType::Payload,
            _ if name.contains("R/B") => ObjectType::RocketBody,
            _ if name.contains("DEB") || name.contains("COOLANT") => ObjectType::Debris,
            _ => ObjectType::Unknown,
        },
    };
    Ok(SatcatEntry {
        norad_id,
        cospar_id: cell(row, Some(c.cospar)).unwrap_or("").to_string(),
        name,
        object_type,
        ops_status: cell(row, c.ops_status).map(str::to_string),
        owner: cell(row, c.owner).unwrap_or("").to_string(),
        launch_date: date(row, c.launch_date, line, "LAUNCH_DATE")?,
        launch_site: cell(row, c.launch_site).map(str::to_string),
        decay_date: date(row, c.decay_date, line, "DECAY_DATE")?,
        period_min: number(row, c.period, line, "PERIOD")?.filter(|&v| v >= 0.0),
        inclination_deg: number(row, c.inclination, line, "INCLINATION")?.filter(|&v| v >= 0.0),
        apogee_km: number(row, c.apogee, line, "APOGEE")?.filter(|&v| v >= 0.0),
        perigee_km: number(row, c.perigee, line, "PERIGEE")?.filter(|&v| v >= 0.0),
        rcs_m2: number(row, c.rcs, line, "RCS")?.filter(|&v| v >= 0.0),
    })
}
