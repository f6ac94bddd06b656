//! Space weather (solar flux F10.7 and geomagnetic Ap) from CelesTrak's `SW-All.csv`.
//!
//! Format: T. S. Kelso, "CelesTrak Space Weather Data" (celestrak.org/SpaceData/,
//! `SpaceWeather-Format.php`): one row per day, `DATE, BSRN, ND, KP1..KP8, KP_SUM, AP1..AP8,
//! AP_AVG, CP, C9, ISN, F10.7_OBS, F10.7_ADJ, F10.7_DATA_TYPE, F10.7_OBS_CENTER81,
//! F10.7_OBS_LAST81, F10.7_ADJ_CENTER81, F10.7_ADJ_LAST81`; the data type is `OBS`
//! (observed), `INT` (interpolated), `PRD` (45-day daily prediction, Ap given as AP_AVG only)
//! or `PRM` (monthly prediction, one row per month, F10.7 only). Columns are found by name.
//!
//! Bundled: `data/SW-All_2000-2041.csv.gz` (CelesTrak's file of 2026-02-23, rows from 2000;
//! see `data/SOURCE.md`): observed to 2026-02-23, daily predictions for 45 days, monthly to
//! 2041-10. **Past the last row** the values of the same date one or more whole solar
//! cycles earlier are used (a cycle taken as 11 years = 4018 days; Hathaway 2015, Living
//! Rev. Sol. Phys. 12:4, mean length 11.0 y), so a long propagation sees a plausible
//! cycle rather than a frozen value; [`SwSource::CycleRepeat`] says so. Before the first row
//! the first row's values are held ([`SwSource::Held`]).

use std::io::Read;
use std::sync::OnceLock;

use uitkijk_time::Epoch;

use super::NumericalError;

/// Where a day's values came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SwSource {
    /// Observed (`OBS`) or interpolated between observations (`INT`).
    Observed,
    /// CelesTrak's daily (`PRD`) or monthly (`PRM`) prediction.
    Predicted,
    /// Past the file's end: the same date whole solar cycles earlier.
    CycleRepeat,
    /// Before the file's start: the first row held.
    Held,
}

/// One day of the file.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SwDay {
    /// Modified Julian Date (UTC) of the day.
    pub mjd: i32,
    /// Observed 10.7 cm flux of the day, sfu.
    pub f107_obs_sfu: f64,
    /// 81-day centred average of the observed flux, sfu.
    pub f107_obs_center81_sfu: f64,
    /// Daily planetary equivalent amplitude Ap.
    pub ap_avg: f64,
    /// The eight 3-hourly ap of the day (copies of `ap_avg` where the file has none).
    pub ap_3h: [f64; 8],
    /// Observed or predicted.
    pub predicted: bool,
}

/// The space weather at an instant, as drag models take it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SwValues {
    /// F10.7 of the previous day (NRLMSISE-00's F10.7 input), sfu.
    pub f107_prev_day_sfu: f64,
    /// 81-day centred F10.7 average of the day, sfu.
    pub f107a_sfu: f64,
    /// Daily Ap of the day.
    pub ap_daily: f64,
    /// 3-hourly ap at the instant.
    pub ap_3h_now: f64,
    /// Where the values came from.
    pub source: SwSource,
}

/// A table of daily space weather.
#[derive(Debug, Clone, PartialEq)]
pub struct SpaceWeather {
    /// Days in increasing MJD, one per day (monthly prediction rows are spread over their month).
    days: Vec<SwDay>,
}

static BUNDLED: OnceLock<SpaceWeather> = OnceLock::new();

/// Days in one solar cycle for the fallback past the file's end.
pub const SOLAR_CYCLE_DAYS: i32 = 4018;

pub(crate) fn mjd_of_date(y: i32, m: u32, d: u32) -> i32 {
    // Fliegel & Van Flandern (1968) day number, shifted to MJD.
    let (y, m, d) = (y as i64, m as i64, d as i64);
    let a = (14 - m) / 12;
    let yy = y + 4800 - a;
    let mm = m + 12 * a - 3;
    let jdn = d + (153 * mm + 2) / 5 + 365 * yy + yy / 4 - yy / 100 + yy / 400 - 32045;
    (jdn - 2_400_001) as i32
}

/// MJD (UTC) of an epoch, with the fraction of the day.
fn mjd_utc(epoch: Epoch) -> f64 {
    epoch.to_mjd_utc_days()
}

impl SpaceWeather {
    /// The bundled CelesTrak table (2000-01-01 to 2041-10, observed to 2026-02-23).
    pub fn bundled() -> &'static SpaceWeather {
        BUNDLED.get_or_init(|| {
            let gz: &[u8] = include_bytes!("../../data/SW-All_2000-2041.csv.gz");
            let mut text = String::new();
            flate2::read::GzDecoder::new(gz)
                .read_to_string(&mut text)
                .expect("bundled SW-All file is valid gzip");
            SpaceWeather::parse_csv(&text, "SW-All_2000-2041.csv").expect("bundled SW-All parses")
        })
    }

    /// The days held.
    pub fn days(&self) -> &[SwDay] {
        &self.days
    }

    /// Parse CelesTrak's `SW-All.csv`; `file` names the source in errors.
    pub fn parse_csv(text: &str, file: &str) -> Result<SpaceWeather, NumericalError> {
        let bad = |line: usize, field: &str, why: String| NumericalError::Data {
            file: file.to_string(),
            line,
            field: field.to_string(),
            why,
        };
        let mut lines = text.lines().enumerate();
        let header = loop {
            match lines.next() {
                Some((_, l)) if l.trim().is_empty() => continue,
                Some((_, l)) => break l,
                None => return Err(bad(1, "DATE", "empty file".into())),
            }
        };
        let cols: Vec<&str> = header.split(',').map(str::trim).collect();
        let col = |name: &str| -> Result<usize, NumericalError> {
            cols.iter()
                .position(|c| *c == name)
                .ok_or_else(|| bad(1, name, "column missing from the header".into()))
        };
        let i_date = col("DATE")?;
        let i_ap: Vec<usize> = (1..=8)
            .map(|k| col(&format!("AP{k}")))
            .collect::<Result<_, _>>()?;
        let i_apavg = col("AP_AVG")?;
        let i_f = col("F10.7_OBS")?;
        let i_type = col("F10.7_DATA_TYPE")?;
        let i_f81 = col("F10.7_OBS_CENTER81")?;
        let mut rows: Vec<(SwDay, bool)> = Vec::new();
        for (i, line) in lines {
            if line.trim().is_empty() {
                continue;
            }
            let f: Vec<&str> = line.split(',').map(str::trim).collect();
            let get = |k: usize| f.get(k).copied().unwrap_or("");
            let date = get(i_date);
            let parts: Vec<&str> = date.split('-').collect();
            let parsed = match parts.as_slice() {
                [y, m, d] => match (y.parse::<i32>(), m.parse::<u32>(), d.parse::<u32>()) {
                    (Ok(y), Ok(m), Ok(d)) if (1..=12).contains(&m) && (1..=31).contains(&d) => {
                        Some((y, m, d))
                    }
                    _ => None,
                },
                _ => None,
            };
            let (y, m, d) =
                parsed.ok_or_else(|| bad(i + 1, "DATE", format!("{date:?} is not YYYY-MM-DD")))?;
            let num = |k: usize, name: &str| -> Result<Option<f64>, NumericalError> {
                let s = get(k);
                if s.is_empty() {
                    return Ok(None);
                }
                s.parse::<f64>()
                    .ok()
                    .filter(|v| v.is_finite() && *v >= 0.0)
                    .map(Some)
                    .ok_or_else(|| bad(i + 1, name, format!("{s:?} is not a non-negative number")))
            };
            let kind = get(i_type);
            let predicted = match kind {
                "OBS" | "INT" => false,
                "PRD" | "PRM" => true,
                _ => {
                    return Err(bad(
                        i + 1,
                        "F10.7_DATA_TYPE",
                        format!("{kind:?} is not OBS, INT, PRD or PRM"),
                    ))
                }
            };
            let f107 =
                num(i_f, "F10.7_OBS")?.ok_or_else(|| bad(i + 1, "F10.7_OBS", "empty".into()))?;
            let f81 = num(i_f81, "F10.7_OBS_CENTER81")?.unwrap_or(f107);
            let ap_avg = num(i_apavg, "AP_AVG")?;
            let mut ap_3h = [f64::NAN; 8];
            for (k, &ci) in i_ap.iter().enumerate() {
                ap_3h[k] = num(ci, "AP")?.unwrap_or(f64::NAN);
            }
            let ap_avg = match ap_avg {
                Some(v) => v,
                None if ap_3h.iter().all(|v| v.is_finite()) => ap_3h.iter().sum::<f64>() / 8.0,
                // Monthly predictions carry no Ap: filled below from the last known value.
                None => f64::NAN,
            };
            for v in ap_3h.iter_mut() {
                if !v.is_finite() {
                    *v = ap_avg;
                }
            }
            let day = SwDay {
                mjd: mjd_of_date(y, m, d),
                f107_obs_sfu: f107,
                f107_obs_center81_sfu: f81,
                ap_avg,
                ap_3h,
                predicted,
            };
            if let Some((last, _)) = rows.last() {
                if day.mjd <= last.mjd {
                    return Err(bad(
                        i + 1,
                        "DATE",
                        format!("{date} is not after the row before"),
                    ));
                }
            }
            rows.push((day, kind == "PRM"));
        }
        if rows.is_empty() {
            return Err(bad(2, "DATE", "no data rows".into()));
        }
        // One entry per day: a monthly row holds until the next row; missing Ap (monthly
        // predictions) takes the mean Ap of the last 27 days known (one solar rotation).
        let mut days: Vec<SwDay> = Vec::with_capacity(rows.len() * 2);
        for (k, (row, _)) in rows.iter().enumerate() {
            let mut row = *row;
            if !row.ap_avg.is_finite() {
                let known: Vec<f64> = days
                    .iter()
                    .rev()
                    .filter(|d| d.ap_avg.is_finite())
                    .take(27)
                    .map(|d| d.ap_avg)
                    .collect();
                let ap = if known.is_empty() {
                    15.0
                } else {
                    known.iter().sum::<f64>() / known.len() as f64
                };
                row.ap_avg = ap;
                row.ap_3h = [ap; 8];
            }
            let next_mjd = rows.get(k + 1).map(|(r, _)| r.mjd).unwrap_or(row.mjd + 1);
            for mjd in row.mjd..next_mjd {
                days.push(SwDay { mjd, ..row });
            }
        }
        Ok(SpaceWeather { days })
    }

    /// The day containing MJD `mjd`, with the fallbacks of the module notes.
    pub fn day(&self, mjd: i32) -> (SwDay, SwSource) {
        let first = self.days[0].mjd;
        let last = self.days[self.days.len() - 1].mjd;
        if mjd < first {
            return (
                SwDay {
                    mjd,
                    ..self.days[0]
                },
                SwSource::Held,
            );
        }
        let mut m = mjd;
        let mut repeated = false;
        while m > last {
            m -= SOLAR_CYCLE_DAYS;
            repeated = true;
        }
        let d = self.days[(m - first) as usize];
        let source = if repeated {
            SwSource::CycleRepeat
        } else if d.predicted {
            SwSource::Predicted
        } else {
            SwSource::Observed
        };
        (SwDay { mjd, ..d }, source)
    }

    /// The values at an instant: previous day's F10.7, the 81-day average, the day's Ap and
    /// the 3-hourly ap of the instant.
    pub fn at(&self, epoch: Epoch) -> SwValues {
        let mjd = mjd_utc(epoch);
        let day_mjd = mjd.floor() as i32;
        let (today, source) = self.day(day_mjd);
        let (yesterday, _) = self.day(day_mjd - 1);
        let slot = (((mjd - mjd.floor()) * 8.0).floor() as usize).min(7);
        SwValues {
            f107_prev_day_sfu: yesterday.f107_obs_sfu,
            f107a_sfu: today.f107_obs_center81_sfu,
            ap_daily: today.ap_avg,
            ap_3h_now: today.ap_3h[slot],
            source,
        }
    }
}
