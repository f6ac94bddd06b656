//! Earth-orientation parameters (EOP): UT1−UTC, polar motion, length of day and celestial-pole
//! offsets, one row per day, interpolated linearly to any epoch.
//!
//! Two inputs are read:
//!
//! * IERS/USNO `finals2000A` (`.all`, `.data`, `.daily`): fixed columns as described in the IERS
//!   `readme.finals2000A`. Bulletin B values are used where the row has them, Bulletin A values
//!   otherwise (the same choice as astropy's `IERS_A`). Rows at the end that hold only a date
//!   (no UT1−UTC, no polar-motion flag) are skipped.
//! * CelesTrak `EOP-All.csv`: `DATE,MJD,X,Y,UT1-UTC,LOD,DPSI,DEPS,DX,DY,DAT,DATA_TYPE`, with
//!   `DATA_TYPE` `O` (observed) or `P` (predicted).
//!
//! # Leap seconds
//!
//! UT1−UTC jumps by one second at a leap second. Each row is stored also as UT1−TAI (using
//! hifitime's leap-second table at the row's UTC midnight), which is continuous; interpolation
//! acts on UT1−TAI and UT1−UTC is rebuilt with TAI−UTC at the requested epoch. So on the day
//! before a leap second, UT1−UTC drifts smoothly to the row value minus one second at midnight
//! instead of being smeared over a second across the day.
//!
//! # Beyond the table
//!
//! Past the last row the last values are held and marked [`EopStatus::Extrapolated`]. Before the
//! first row every value is zero and marked [`EopStatus::BeforeTable`]; those epochs (before
//! 1962 for CelesTrak, before 1973 for finals2000A) predate artificial satellites that Uitkijk
//! tracks with TLEs anyway.

use std::sync::OnceLock;

use hifitime::{Epoch, TimeScale};

/// Where an interpolated value comes from. Ordered from best to worst: the status of a value
/// interpolated between two rows is the worse of the two.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EopStatus {
    /// Measured (IERS Bulletin B, or Bulletin A flag `I`, or CelesTrak `O`).
    Observed,
    /// Predicted (Bulletin A flag `P`, CelesTrak `P`).
    Predicted,
    /// After the last row of the table: the last row's values, held.
    Extrapolated,
    /// Before the first row of the table: zeros.
    BeforeTable,
}

/// One daily row of an EOP table, at 0h UTC of its MJD.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EopRow {
    /// Modified Julian Date (UTC) of the row, whole days.
    pub mjd_utc: i32,
    /// UT1 − UTC, seconds.
    pub ut1_minus_utc_s: f64,
    /// UT1 − TAI, seconds (UT1 − UTC minus TAI − UTC at the row's 0h UTC).
    pub ut1_minus_tai_s: f64,
    /// Polar motion x, arcseconds.
    pub xp_arcsec: f64,
    /// Polar motion y, arcseconds.
    pub yp_arcsec: f64,
    /// Excess length of day, seconds (0 where the source leaves it blank).
    pub lod_s: f64,
    /// Nutation correction in longitude w.r.t. IAU 1980, arcseconds (CelesTrak only).
    pub dpsi_arcsec: Option<f64>,
    /// Nutation correction in obliquity w.r.t. IAU 1980, arcseconds (CelesTrak only).
    pub deps_arcsec: Option<f64>,
    /// Celestial-pole offset dX w.r.t. IAU 2000A, arcseconds.
    pub dx_arcsec: Option<f64>,
    /// Celestial-pole offset dY w.r.t. IAU 2000A, arcseconds.
    pub dy_arcsec: Option<f64>,
    /// Whether UT1−UTC (and LOD) of this row is observed or predicted.
    pub ut1_status: EopStatus,
    /// Whether polar motion of this row is observed or predicted.
    pub polar_motion_status: EopStatus,
}

/// Earth-orientation values at one epoch, interpolated from an [`EopTable`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EopValues {
    /// UT1 − UTC, seconds.
    pub ut1_minus_utc_s: f64,
    /// UT1 − TAI, seconds: what turns a (TAI) `Epoch` into UT1.
    pub ut1_minus_tai_s: f64,
    /// Polar motion x, arcseconds.
    pub xp_arcsec: f64,
    /// Polar motion y, arcseconds.
    pub yp_arcsec: f64,
    /// Excess length of day, seconds.
    pub lod_s: f64,
    /// Nutation correction in longitude w.r.t. IAU 1980, arcseconds, where the table has it.
    pub dpsi_arcsec: Option<f64>,
    /// Nutation correction in obliquity w.r.t. IAU 1980, arcseconds, where the table has it.
    pub deps_arcsec: Option<f64>,
    /// Celestial-pole offset dX w.r.t. IAU 2000A, arcseconds, where the table has it.
    pub dx_arcsec: Option<f64>,
    /// Celestial-pole offset dY w.r.t. IAU 2000A, arcseconds, where the table has it.
    pub dy_arcsec: Option<f64>,
    /// Status of UT1−UTC and LOD.
    pub ut1_status: EopStatus,
    /// Status of polar motion.
    pub polar_motion_status: EopStatus,
}

impl EopValues {
    /// All values zero (UT1 = UTC, no polar motion) at `epoch`, with the given status. This is
    /// what an epoch before the table gets.
    pub fn zero_at(epoch: Epoch, status: EopStatus) -> Self {
        let tai_minus_utc_s = tai_minus_utc_s(epoch);
        EopValues {
            ut1_minus_utc_s: 0.0,
            ut1_minus_tai_s: -tai_minus_utc_s,
            xp_arcsec: 0.0,
            yp_arcsec: 0.0,
            lod_s: 0.0,
            dpsi_arcsec: None,
            deps_arcsec: None,
            dx_arcsec: None,
            dy_arcsec: None,
            ut1_status: status,
            polar_motion_status: status,
        }
    }
}

/// What went wrong reading an EOP file.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum EopError {
    /// A field could not be read.
    #[error("EOP line {line}, field {field}: {why} (text {text:?})")]
    BadField {
        /// 1-based line number in the file.
        line: usize,
        /// Name of the field (e.g. `UT1-UTC`, `PM-x`).
        field: &'static str,
        /// The text that was found.
        text: String,
        /// What is wrong with it.
        why: &'static str,
    },
    /// Rows are not in strictly increasing MJD order.
    #[error("EOP line {line}: MJD {mjd} does not follow the previous row's MJD {previous}")]
    NotIncreasing {
        /// 1-based line number in the file.
        line: usize,
        /// This row's MJD.
        mjd: i32,
        /// The previous row's MJD.
        previous: i32,
    },
    /// The CSV header is missing a column.
    #[error("EOP CSV header (line 1) lacks column {column}")]
    MissingColumn {
        /// The column that was expected.
        column: &'static str,
    },
    /// The file holds no usable row.
    #[error("EOP file holds no usable row")]
    Empty,
    /// The input is neither UTF-8 text nor a readable gzip stream, or the file cannot be read.
    #[error("EOP input unreadable: {0}")]
    Unreadable(String),
}

/// A table of daily Earth-orientation parameters, sorted by MJD.
///
/// ```
/// use uitkijk_time::{parse_utc, EopStatus, EopTable};
/// let eop = EopTable::bundled();
/// let v = eop.at(parse_utc("2020-01-01T12:00:00Z").unwrap());
/// assert!(v.ut1_minus_utc_s.abs() < 0.9);
/// assert_eq!(v.ut1_status, EopStatus::Observed);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct EopTable {
    rows: Vec<EopRow>,
}

/// The bundled IERS `finals2000A.all` (see `data/eop/SOURCE.md`).
static BUNDLED_GZ: &[u8] = include_bytes!("../../../data/eop/finals2000A.all.gz");

impl EopTable {
    /// A table from rows, which must be in strictly increasing MJD order. `ut1_minus_tai_s` is
    /// recomputed from `ut1_minus_utc_s` and the leap-second table.
    pub fn from_rows(mut rows: Vec<EopRow>) -> Result<Self, EopError> {
        if rows.is_empty() {
            return Err(EopError::Empty);
        }
        for i in 0..rows.len() {
            if i > 0 && rows[i].mjd_utc <= rows[i - 1].mjd_utc {
                return Err(EopError::NotIncreasing {
                    line: i + 1,
                    mjd: rows[i].mjd_utc,
                    previous: rows[i - 1].mjd_utc,
                });
            }
            let r = &mut rows[i];
            r.ut1_minus_tai_s = r.ut1_minus_utc_s - tai_minus_utc_at_mjd(r.mjd_utc);
        }
        Ok(EopTable { rows })
    }

    /// The bundled IERS `finals2000A.all` (IERS data via the `astropy-iers-data` package,
    /// dated 2026-11-02; observed values to then, predictions about a year on). Parsed once.
    pub fn bundled() -> &'static EopTable {
        static TABLE: OnceLock<EopTable> = OnceLock::new();
        TABLE.get_or_init(|| {
            EopTable::from_bytes(BUNDLED_GZ).expect("the bundled finals2000A file parses")
        })
    }

    /// Read either format from bytes, gzip-compressed or not; the format is told by content
    /// (a CelesTrak CSV starts with `DATE,`).
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, EopError> {
        let text = if bytes.starts_with(&[0x1f, 0x8b]) {
            use std::io::Read;
            let mut out = String::new();
            flate2::read::MultiGzDecoder::new(bytes)
                .read_to_string(&mut out)
                .map_err(|e| EopError::Unreadable(e.to_string()))?;
            out
        } else {
            String::from_utf8(bytes.to_vec()).map_err(|e| EopError::Unreadable(e.to_string()))?
        };
        if text.trim_start().starts_with("DATE,") {
            Self::parse_celestrak_csv(&text)
        } else {
            Self::parse_finals2000a(&text)
        }
    }

    /// Read an EOP file (either format, gzip-compressed or not).
    pub fn from_path(path: impl AsRef<std::path::Path>) -> Result<Self, EopError> {
        let path = path.as_ref();
        let bytes = std::fs::read(path)
            .map_err(|e| EopError::Unreadable(format!("{}: {e}", path.display())))?;
        Self::from_bytes(&bytes)
    }

    /// Parse an IERS `finals2000A` fixed-width file.
    pub fn parse_finals2000a(text: &str) -> Result<Self, EopError> {
        let mut rows = Vec::new();
        let mut line_numbers = Vec::new();
        for (i, line) in text.lines().enumerate() {
            let n = i + 1;
            if line.trim().is_empty() {
                continue;
            }
            if !line.is_ascii() {
                return Err(bad(n, "line", line, "finals2000A lines are ASCII"));
            }
            let pm_flag = col(line, 17, 17);
            let ut1_a = col(line, 59, 68);
            if pm_flag.is_empty() || ut1_a.is_empty() {
                // A date-only row at the end of the file, still to be filled by the IERS.
                continue;
            }
            let mjd = num(line, n, 8, 15, "MJD")?;
            if mjd.fract() != 0.0 {
                return Err(bad(n, "MJD", col(line, 8, 15), "not a whole day"));
            }
            let flag = |c: &str, field: &'static str| match c {
                "I" => Ok(EopStatus::Observed),
                "P" => Ok(EopStatus::Predicted),
                _ => Err(bad(n, field, c, "flag must be I or P")),
            };
            let mut pm_status = flag(pm_flag, "PM flag")?;
            let mut ut1_status = flag(col(line, 58, 58), "UT1 flag")?;
            let mut xp = num(line, n, 19, 27, "PM-x")?;
            let mut yp = num(line, n, 38, 46, "PM-y")?;
            let mut ut1 = num(line, n, 59, 68, "UT1-UTC")?;
            let lod_ms = opt_num(line, n, 80, 86, "LOD")?.unwrap_or(0.0);
            let mut dx_mas = opt_num(line, n, 98, 106, "dX")?;
            let mut dy_mas = opt_num(line, n, 117, 125, "dY")?;
            if let (Some(bx), Some(by)) = (
                opt_num(line, n, 135, 144, "PM-x B")?,
                opt_num(line, n, 145, 154, "PM-y B")?,
            ) {
                xp = bx;
                yp = by;
                pm_status = EopStatus::Observed;
            }
            if let Some(b) = opt_num(line, n, 155, 165, "UT1-UTC B")? {
                ut1 = b;
                ut1_status = EopStatus::Observed;
            }
            if let (Some(bx), Some(by)) = (
                opt_num(line, n, 166, 175, "dX B")?,
                opt_num(line, n, 176, 185, "dY B")?,
            ) {
                dx_mas = Some(bx);
                dy_mas = Some(by);
            }
            rows.push(EopRow {
                mjd_utc: mjd as i32,
                ut1_minus_utc_s: ut1,
                ut1_minus_tai_s: 0.0,
                xp_arcsec: xp,
                yp_arcsec: yp,
                lod_s: lod_ms * 1e-3,
                dpsi_arcsec: None,
                deps_arcsec: None,
                dx_arcsec: dx_mas.map(|v| v * 1e-3),
                dy_arcsec: dy_mas.map(|v| v * 1e-3),
                ut1_status,
                polar_motion_status: pm_status,
            });
            line_numbers.push(n);
        }
        Self::from_rows_with_lines(rows, |i| line_numbers[i])
    }

    /// Parse CelesTrak's `EOP-All.csv`.
    pub fn parse_celestrak_csv(text: &str) -> Result<Self, EopError> {
        let mut lines = text.lines().enumerate();
        let header: Vec<&str> = match lines.next() {
            Some((_, h)) => h.split(',').map(str::trim).collect(),
            None => return Err(EopError::Empty),
        };
        let idx = |name: &'static str| {
            header
                .iter()
                .position(|h| *h == name)
                .ok_or(EopError::MissingColumn { column: name })
        };
        let (c_mjd, c_x, c_y, c_ut1, c_lod) = (
            idx("MJD")?,
            idx("X")?,
            idx("Y")?,
            idx("UT1-UTC")?,
            idx("LOD")?,
        );
        let (c_dpsi, c_deps, c_dx, c_dy, c_type) = (
            idx("DPSI")?,
            idx("DEPS")?,
            idx("DX")?,
            idx("DY")?,
            idx("DATA_TYPE")?,
        );
        let mut rows = Vec::new();
        let mut line_numbers = Vec::new();
        for (i, line) in lines {
            let n = i + 1;
            if line.trim().is_empty() {
                continue;
            }
            let fields: Vec<&str> = line.split(',').map(str::trim).collect();
            let get = |c: usize, name: &'static str| -> Result<f64, EopError> {
                let t = fields.get(c).copied().unwrap_or("");
                parse_f64(t).ok_or_else(|| bad(n, name, t, "expected a number"))
            };
            let opt = |c: usize, name: &'static str| -> Result<Option<f64>, EopError> {
                match fields.get(c).copied().unwrap_or("") {
                    "" => Ok(None),
                    t => parse_f64(t)
                        .map(Some)
                        .ok_or_else(|| bad(n, name, t, "expected a number")),
                }
            };
            let mjd = get(c_mjd, "MJD")?;
            if mjd.fract() != 0.0 {
                return Err(bad(n, "MJD", fields[c_mjd], "not a whole day"));
            }
            let status = match fields.get(c_type).copied().unwrap_or("") {
                "O" => EopStatus::Observed,
                "P" => EopStatus::Predicted,
                t => return Err(bad(n, "DATA_TYPE", t, "must be O or P")),
            };
            rows.push(EopRow {
                mjd_utc: mjd as i32,
                ut1_minus_utc_s: get(c_ut1, "UT1-UTC")?,
                ut1_minus_tai_s: 0.0,
                xp_arcsec: get(c_x, "X")?,
                yp_arcsec: get(c_y, "Y")?,
                lod_s: opt(c_lod, "LOD")?.unwrap_or(0.0),
                dpsi_arcsec: opt(c_dpsi, "DPSI")?,
                deps_arcsec: opt(c_deps, "DEPS")?,
                dx_arcsec: opt(c_dx, "DX")?,
                dy_arcsec: opt(c_dy, "DY")?,
                ut1_status: status,
                polar_motion_status: status,
            });
            line_numbers.push(n);
        }
        Self::from_rows_with_lines(rows, |i| line_numbers[i])
    }

    fn from_rows_with_lines(
        rows: Vec<EopRow>,
        line_of: impl Fn(usize) -> usize,
    ) -> Result<Self, EopError> {
        match Self::from_rows(rows) {
            Err(EopError::NotIncreasing {
                line,
                mjd,
                previous,
            }) => Err(EopError::NotIncreasing {
                line: line_of(line - 1),
                mjd,
                previous,
            }),
            other => other,
        }
    }

    /// The rows, in increasing MJD.
    pub fn rows(&self) -> &[EopRow] {
        &self.rows
    }

    /// MJD (UTC) of the first and last rows.
    pub fn mjd_range(&self) -> (i32, i32) {
        (self.rows[0].mjd_utc, self.rows[self.rows.len() - 1].mjd_utc)
    }

    /// The values at `epoch`, interpolated linearly in UTC between the two daily rows around it
    /// (UT1 via UT1−TAI, see the module notes).
    pub fn at(&self, epoch: Epoch) -> EopValues {
        let mjd = epoch.to_mjd_utc_days();
        let first = &self.rows[0];
        let last = &self.rows[self.rows.len() - 1];
        if mjd < first.mjd_utc as f64 {
            return EopValues::zero_at(epoch, EopStatus::BeforeTable);
        }
        if mjd >= last.mjd_utc as f64 {
            let tai_utc = tai_minus_utc_s(epoch);
            let status = |s: EopStatus| {
                if mjd > last.mjd_utc as f64 {
                    EopStatus::Extrapolated
                } else {
                    s
                }
            };
            return EopValues {
                ut1_minus_utc_s: last.ut1_minus_tai_s + tai_utc,
                ut1_minus_tai_s: last.ut1_minus_tai_s,
                xp_arcsec: last.xp_arcsec,
                yp_arcsec: last.yp_arcsec,
                lod_s: last.lod_s,
                dpsi_arcsec: last.dpsi_arcsec,
                deps_arcsec: last.deps_arcsec,
                dx_arcsec: last.dx_arcsec,
                dy_arcsec: last.dy_arcsec,
                ut1_status: status(last.ut1_status),
                polar_motion_status: status(last.polar_motion_status),
            };
        }
        // Daily tables are contiguous: try the direct index before searching.
        let guess = (mjd.floor() as i64 - first.mjd_utc as i64) as usize;
        let i = if guess + 1 < self.rows.len()
            && self.rows[guess].mjd_utc as f64 <= mjd
            && mjd < self.rows[guess + 1].mjd_utc as f64
        {
            guess
        } else {
            self.rows.partition_point(|r| r.mjd_utc as f64 <= mjd) - 1
        };
        let (a, b) = (&self.rows[i], &self.rows[i + 1]);
        let f = (mjd - a.mjd_utc as f64) / (b.mjd_utc - a.mjd_utc) as f64;
        let lerp = |x: f64, y: f64| x + f * (y - x);
        let lerp_opt = |x: Option<f64>, y: Option<f64>| match (x, y) {
            (Some(x), Some(y)) => Some(lerp(x, y)),
            _ => None,
        };
        let ut1_minus_tai_s = lerp(a.ut1_minus_tai_s, b.ut1_minus_tai_s);
        // TAI − UTC from the rows, not from hifitime's count at `epoch`: hifitime 4.3 already
        // reports the new count during the last ~36 s before a leap second (it compares the TAI
        // instant with the UTC time of the leap). The rows' counts at their own midnights are
        // right, and a leap second can only fall at the end of row a's day.
        let (dat_a, dat_b) = (
            a.ut1_minus_utc_s - a.ut1_minus_tai_s,
            b.ut1_minus_utc_s - b.ut1_minus_tai_s,
        );
        let tai_utc = if dat_a == dat_b
            || epoch.to_time_scale(TimeScale::TAI)
                < Epoch::from_mjd_utc(b.mjd_utc as f64).to_time_scale(TimeScale::TAI)
        {
            dat_a
        } else {
            dat_b
        };
        EopValues {
            ut1_minus_utc_s: ut1_minus_tai_s + tai_utc,
            ut1_minus_tai_s,
            xp_arcsec: lerp(a.xp_arcsec, b.xp_arcsec),
            yp_arcsec: lerp(a.yp_arcsec, b.yp_arcsec),
            lod_s: lerp(a.lod_s, b.lod_s),
            dpsi_arcsec: lerp_opt(a.dpsi_arcsec, b.dpsi_arcsec),
            deps_arcsec: lerp_opt(a.deps_arcsec, b.deps_arcsec),
            dx_arcsec: lerp_opt(a.dx_arcsec, b.dx_arcsec),
            dy_arcsec: lerp_opt(a.dy_arcsec, b.dy_arcsec),
            ut1_status: worse(f, a.ut1_status, b.ut1_status),
            polar_motion_status: worse(f, a.polar_motion_status, b.polar_motion_status),
        }
    }
}

/// The status of a value interpolated with weight `f` on row b: the worse of the rows that
/// contribute.
fn worse(f: f64, a: EopStatus, b: EopStatus) -> EopStatus {
    if f == 0.0 {
        a
    } else {
        a.max(b)
    }
}

/// TAI − UTC at an epoch, seconds (hifitime's table; the fractional pre-1972 values included).
fn tai_minus_utc_s(epoch: Epoch) -> f64 {
    epoch.leap_seconds(false).unwrap_or(0.0)
}

fn tai_minus_utc_at_mjd(mjd: i32) -> f64 {
    tai_minus_utc_s(Epoch::from_mjd_utc(mjd as f64))
}

/// Columns `first..=last` (1-based, as in the IERS readme), trimmed; empty past the line end.
fn col(line: &str, first: usize, last: usize) -> &str {
    let bytes = line.as_bytes();
    let start = (first - 1).min(bytes.len());
    let end = last.min(bytes.len());
    // Callers check that the line is ASCII, so byte offsets are char boundaries.
    line.get(start..end).unwrap_or("").trim()
}

fn bad(line: usize, field: &'static str, text: &str, why: &'static str) -> EopError {
    EopError::BadField {
        line,
        field,
        text: text.to_string(),
        why,
    }
}

fn parse_f64(t: &str) -> Option<f64> {
    t.parse::<f64>().ok().filter(|v| v.is_finite())
}

fn num(
    line: &str,
    n: usize,
    first: usize,
    last: usize,
    field: &'static str,
) -> Result<f64, EopError> {
    let t = col(line, first, last);
    parse_f64(t).ok_or_else(|| bad(n, field, t, "expected a number"))
}

fn opt_num(
    line: &str,
    n: usize,
    first: usize,
    last: usize,
    field: &'static str,
) -> Result<Option<f64>, EopError> {
    let t = col(line, first, last);
    if t.is_empty() {
        return Ok(None);
    }
    parse_f64(t)
        .map(Some)
        .ok_or_else(|| bad(n, field, t, "expected a number"))
}
