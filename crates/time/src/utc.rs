//! UTC text and the TLE epoch convention.

use hifitime::{Duration, Epoch, TimeScale, Unit};

/// Why a time could not be read.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum TimeError {
    /// The text is not an ISO-8601 UTC date-time.
    #[error("not an ISO-8601 UTC date-time: {text:?} ({why})")]
    BadIso {
        /// The text that was given.
        text: String,
        /// What is wrong with it.
        why: &'static str,
    },
    /// A TLE epoch day outside 1 ..= 367.
    #[error("TLE epoch day-of-year {day} outside 1..367")]
    BadTleDay {
        /// The day-of-year with fraction.
        day: f64,
    },
}

/// The epoch of a TLE: two-digit year (pivot 57: 57..=99 are 19xx, 00..=56 are 20xx) and
/// day-of-year with fraction (1.0 = January 1, 00:00 UTC).
///
/// The day fraction of a TLE has 8 decimals (0.864 ms), so the epoch is rounded to the nearest
/// nanosecond, which is exact for every legal TLE. This matches the reference SGP4 code, which
/// builds its Julian date from the same calendar fields. The epoch is returned on TAI (see
/// [`in_tai`]).
pub fn epoch_from_tle(two_digit_year: u32, day_of_year: f64) -> Result<Epoch, TimeError> {
    if !(1.0..368.0).contains(&day_of_year) || !day_of_year.is_finite() {
        return Err(TimeError::BadTleDay { day: day_of_year });
    }
    let year = if two_digit_year < 57 {
        2000 + two_digit_year as i32
    } else {
        1900 + two_digit_year as i32
    };
    Ok(epoch_from_year_day(year, day_of_year))
}

/// The UTC epoch at `day_of_year` (1.0 = January 1, 00:00) of a four-digit `year`.
pub(crate) fn epoch_from_year_day(year: i32, day_of_year: f64) -> Epoch {
    let start = Epoch::from_gregorian_utc_at_midnight(year, 1, 1);
    // Split whole days from the fraction so that the nanosecond rounding acts on the fraction
    // only: (day - 1) * 86400e9 in one product loses ~1e-5 ns per day of f64 precision.
    let whole = day_of_year.floor();
    let frac_ns = ((day_of_year - whole) * 86_400e9).round() as i64;
    // Days in UTC are 86 400 s except on leap-second days; the TLE convention (like the SGP4
    // reference's Julian dates) counts calendar days, so step in UTC.
    let utc_days = Unit::Day * (whole - 1.0);
    let utc = start.to_utc_duration() + utc_days + Duration::from_truncated_nanoseconds(frac_ns);
    in_tai(Epoch::from_utc_duration(utc))
}

/// The TLE epoch fields (two-digit year, day-of-year with fraction) of a UTC epoch.
pub fn tle_epoch_fields(epoch: Epoch) -> (u32, f64) {
    let (year, _, _, _, _, _, _) = epoch.to_gregorian_utc();
    let start = Epoch::from_gregorian_utc_at_midnight(year, 1, 1);
    let since_ns = (epoch.to_utc_duration() - start.to_utc_duration()).total_nanoseconds();
    let day = 1.0 + since_ns as f64 / 86_400e9;
    ((year.rem_euclid(100)) as u32, day)
}

/// Parse an ISO-8601 UTC date-time: `YYYY-MM-DDTHH:MM:SS[.fff…][Z]`, also with a space for the
/// `T`, or a bare date (midnight), or `YYYY-DDDTHH:MM:SS` (day-of-year, as CCSDS allows).
/// Fractions are kept to the nanosecond.
pub fn parse_utc(text: &str) -> Result<Epoch, TimeError> {
    let bad = |why: &'static str| TimeError::BadIso {
        text: text.to_string(),
        why,
    };
    let t = text.trim();
    let t = t.strip_suffix('Z').or_else(|| t.strip_suffix('z')).unwrap_or(t);
    let (date, time) = match t.find(['T', 't', ' ']) {
        Some(i) => (&t[..i], &t[i + 1..]),
        None => (t, ""),
    };
    let date_parts: Vec<&str> = date.split('-').collect();
    let num = |s: &str, what: &'static str| -> Result<u32, TimeError> {
        if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad(what));
        }
        s.parse::<u32>().map_err(|_| bad(what))
    };
    let (year, month, day, doy) = match date_parts.as_slice() {
        [y, m, d] if y.len() == 4 => (num(y, "year")?, num(m, "month")?, num(d, "day")?, None),
        [y, d] if y.len() == 4 && d.len() == 3 => (num(y, "year")?, 1, 1, Some(num(d, "day-of-year")?)),
        _ => return Err(bad("date must be YYYY-MM-DD or YYYY-DDD")),
    };
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return Err(bad("month or day out of range"));
    }
    if let Some(d) = doy {
        let days_in_year = if is_leap(year) { 366 } else { 365 };
        if d == 0 || d > days_in_year {
            return Err(bad("day-of-year out of range"));
        }
    } else if day > days_in_month(year, month) {
        return Err(bad("day out of range for the month"));
    }
    let (mut hour, mut minute, mut second, mut nanos) = (0u32, 0u32, 0u32, 0u64);
    if !time.is_empty() {
        let parts: Vec<&str> = time.split(':').collect();
        if parts.len() < 2 || parts.len() > 3 {
            return Err(bad("time must be HH:MM[:SS[.fff]]"));
        }
        hour = num(parts[0], "hour")?;
        minute = num(parts[1], "minute")?;
        if let Some(sec) = parts.get(2) {
            let (whole, frac) = match sec.find('.') {
                Some(i) => (&sec[..i], &sec[i + 1..]),
                None => (*sec, ""),
            };
            second = num(whole, "second")?;
            if !frac.is_empty() {
                if !frac.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(bad("fraction of second"));
                }
                // Nanosecond resolution; digits past the ninth are rounded.
                let mut digits: Vec<u8> = frac.bytes().map(|b| b - b'0').collect();
                let round_up = digits.len() > 9 && digits[9] >= 5;
                digits.resize(9, 0);
                nanos = digits.iter().fold(0u64, |acc, d| acc * 10 + *d as u64);
                if round_up {
                    nanos += 1;
                }
            }
        }
        if hour > 23 || minute > 59 || second > 60 {
            return Err(bad("hour, minute or second out of range"));
        }
    }
    let start = Epoch::from_gregorian_utc_at_midnight(year as i32, month as u8, day as u8);
    let mut utc = start.to_utc_duration();
    if let Some(d) = doy {
        utc += Unit::Day * ((d - 1) as f64);
    }
    utc += Duration::from_truncated_nanoseconds(
        (((hour as i64 * 60 + minute as i64) * 60 + second as i64) as i64) * 1_000_000_000
            + nanos as i64,
    );
    Ok(in_tai(Epoch::from_utc_duration(utc)))
}

/// The same instant on the TAI scale. Uitkijk keeps epochs on TAI so that `epoch + duration`
/// is elapsed time: on the UTC scale hifitime adds calendar time, skipping leap seconds.
pub fn in_tai(epoch: Epoch) -> Epoch {
    epoch.to_time_scale(TimeScale::TAI)
}

fn is_leap(year: u32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if is_leap(year) => 29,
        _ => 28,
    }
}

/// `YYYY-MM-DDTHH:MM:SS.ffffffZ` (UTC, microseconds, rounded to the nearest microsecond).
pub fn format_utc_micros(epoch: Epoch) -> String {
    format_utc_digits(epoch, 6)
}

/// `YYYY-MM-DDTHH:MM:SS.fffZ` (UTC, milliseconds, rounded to the nearest millisecond).
pub fn format_utc_millis(epoch: Epoch) -> String {
    format_utc_digits(epoch, 3)
}

fn format_utc_digits(epoch: Epoch, digits: u32) -> String {
    let unit_ns = 10i64.pow(9 - digits);
    // Round in UTC nanoseconds, then read the calendar fields of the rounded instant.
    let utc_ns = epoch.to_utc_duration().total_nanoseconds();
    let rounded = (utc_ns + unit_ns as i128 / 2).div_euclid(unit_ns as i128) * unit_ns as i128;
    let rounded_epoch = Epoch::from_utc_duration(Duration::from_total_nanoseconds(rounded));
    let (y, mo, d, h, mi, s, ns) = rounded_epoch.to_gregorian_utc();
    let frac = ns as i64 / unit_ns;
    format!(
        "{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}.{frac:0width$}Z",
        width = digits as usize
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tle_epoch_of_vallado_case_5() {
        // Vallado's tcppver.out prints 2000-06-28 0:50:19.733571 at tsince 360 min for sat 5,
        // whose TLE epoch is 00179.78495062.
        let e = epoch_from_tle(0, 179.78495062).unwrap();
        let later = e + Unit::Minute * 360.0;
        assert_eq!(format_utc_micros(later), "2000-06-28T00:50:19.733568Z");
    }

    #[test]
    fn two_digit_year_pivot() {
        assert_eq!(tle_epoch_fields(epoch_from_tle(57, 1.0).unwrap()).0, 57);
        let (y, ..) = epoch_from_tle(57, 1.0).unwrap().to_gregorian_utc();
        assert_eq!(y, 1957);
        let (y, ..) = epoch_from_tle(56, 1.0).unwrap().to_gregorian_utc();
        assert_eq!(y, 2056);
    }

    #[test]
    fn iso_round_trip_micros() {
        for s in ["2022-01-22T13:23:06.123456Z", "1999-12-31T23:59:59.999999Z"] {
            assert_eq!(format_utc_micros(parse_utc(s).unwrap()), s);
        }
        assert_eq!(
            format_utc_micros(parse_utc("2022-022T00:00:00").unwrap()),
            "2022-01-22T00:00:00.000000Z"
        );
        assert!(parse_utc("2022-13-01T00:00:00Z").is_err());
        assert!(parse_utc("2021-02-29").is_err());
        assert!(parse_utc("garbage").is_err());
    }

    #[test]
    fn leap_second_is_elapsed_time() {
        // 2016-12-31T23:59:60 was a leap second: two UTC midnights 86 401 s apart.
        let a = parse_utc("2016-12-31T00:00:00Z").unwrap();
        let b = parse_utc("2017-01-01T00:00:00Z").unwrap();
        assert_eq!((b - a).to_seconds(), 86_401.0);
    }
}
