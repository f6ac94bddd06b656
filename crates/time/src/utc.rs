//! UTC text and the TLE epoch convention.

use hifitime::{Duration, Epoch, TimeScale};

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
    let days_in_year = if is_leap(year as u32) { 366.0 } else { 365.0 };
    if day_of_year >= days_in_year + 1.0 {
        return Err(TimeError::BadTleDay { day: day_of_year });
    }
    Ok(epoch_from_year_day(year, day_of_year))
}

/// The UTC epoch at `day_of_year` (1.0 = January 1, 00:00) of a four-digit `year`.
pub(crate) fn epoch_from_year_day(year: i32, day_of_year: f64) -> Epoch {
    // Split whole days from the fraction so that the nanosecond rounding acts on the fraction
    // only: (day - 1) * 86400e9 in one product loses ~1e-5 ns per day of f64 precision.
    let whole = day_of_year.floor();
    let frac_ns = ((day_of_year - whole) * 86_400e9).round() as i128;
    // Days count calendar days (86 400 s of UTC each, as the SGP4 reference's Julian dates).
    let day_number = days_from_civil(year, 1, 1) + whole as i64 - 1;
    epoch_from_utc_day_ns(day_number, frac_ns)
}

/// The TLE epoch fields (two-digit year, day-of-year with fraction) of a UTC epoch.
pub fn tle_epoch_fields(epoch: Epoch) -> (u32, f64) {
    let (day_number, ns_of_day) = utc_day_ns(epoch);
    let (year, _, _) = civil_from_days(day_number);
    let since_new_year = day_number - days_from_civil(year, 1, 1);
    let day = 1.0 + since_new_year as f64 + ns_of_day as f64 / 86_400e9;
    (year.rem_euclid(100) as u32, day)
}

/// Parse an ISO-8601 UTC date-time: `YYYY-MM-DDTHH:MM:SS[.fff…][Z]`, also with a space for the
/// `T`, or a bare date (midnight), or `YYYY-DDDTHH:MM:SS` (day-of-year, as CCSDS allows).
/// Fractions are kept to the nanosecond; `23:59:60.x` is accepted as the leap second.
pub fn parse_utc(text: &str) -> Result<Epoch, TimeError> {
    let bad = |why: &'static str| TimeError::BadIso {
        text: text.to_string(),
        why,
    };
    let t = text.trim();
    let t = t
        .strip_suffix('Z')
        .or_else(|| t.strip_suffix('z'))
        .unwrap_or(t);
    let (date, time) = match t.find(['T', 't', ' ']) {
        Some(i) => (&t[..i], &t[i + 1..]),
        None => (t, ""),
    };
    let date_parts: Vec<&str> = date.split('-').collect();
    let num = |s: &str, what: &'static str| -> Result<u32, TimeError> {
        if s.is_empty() || s.len() > 9 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad(what));
        }
        s.parse::<u32>().map_err(|_| bad(what))
    };
    let (year, month, day, doy) = match date_parts.as_slice() {
        [y, m, d] if y.len() == 4 => (num(y, "year")?, num(m, "month")?, num(d, "day")?, None),
        [y, d] if y.len() == 4 && d.len() == 3 => {
            (num(y, "year")?, 1, 1, Some(num(d, "day-of-year")?))
        }
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
    let (mut hour, mut minute, mut second, mut nanos) = (0u32, 0u32, 0u32, 0i128);
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
                nanos = digits.iter().fold(0i128, |acc, d| acc * 10 + *d as i128);
                if round_up {
                    nanos += 1;
                }
            }
        }
        if hour > 23 || minute > 59 || second > 60 {
            return Err(bad("hour, minute or second out of range"));
        }
        if second == 60 && (hour != 23 || minute != 59) {
            return Err(bad("second 60 only at 23:59:60, a leap second"));
        }
    }
    let day_number = days_from_civil(year as i32, month, day) + doy.map_or(0, |d| d as i64 - 1);
    let ns_of_day =
        (((hour as i128 * 60 + minute as i128) * 60 + second as i128) * 1_000_000_000) + nanos;
    if second == 60 && tai_minus_utc_s(day_number + 1) == tai_minus_utc_s(day_number) {
        return Err(bad("no leap second at the end of that day"));
    }
    Ok(epoch_from_utc_day_ns(day_number, ns_of_day))
}

/// The same instant on the TAI scale. Uitkijk keeps epochs on TAI so that `epoch + duration`
/// is elapsed time: on the UTC scale hifitime adds calendar time, skipping leap seconds.
pub fn in_tai(epoch: Epoch) -> Epoch {
    epoch.to_time_scale(TimeScale::TAI)
}

fn is_leap(year: u32) -> bool {
    (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400)
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

/// `YYYY-MM-DDTHH:MM:SS[.fff…]Z` with `digits` (0 to 9) decimals of the second, rounded.
pub fn format_utc_digits(epoch: Epoch, digits: u32) -> String {
    let digits = digits.min(9);
    let unit_ns = 10i128.pow(9 - digits);
    // Round the instant first, then read the calendar fields of the rounded instant (so that
    // 23:59:59.9999996 prints as the next day's 00:00:00.000000).
    let tai_ns = tai_ns_since_2000(epoch);
    let rounded = (tai_ns + unit_ns / 2).div_euclid(unit_ns) * unit_ns;
    let (day_number, ns_of_day) = utc_day_ns_from_tai_ns(rounded);
    let (y, mo, d) = civil_from_days(day_number);
    let secs = ns_of_day.div_euclid(1_000_000_000);
    let (h, mi, s) = if secs >= 86_400 {
        (23, 59, 60) // inside a leap second
    } else {
        (secs / 3600, secs / 60 % 60, secs % 60)
    };
    let mut text = format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}");
    if digits > 0 {
        let frac = ns_of_day.rem_euclid(1_000_000_000) / unit_ns;
        text.push_str(&format!(".{frac:0width$}", width = digits as usize));
    }
    text.push('Z');
    text
}

// --- UTC <-> TAI, our own -------------------------------------------------------------------
//
// hifitime 4.3 looks up TAI−UTC with the wrong argument in the 37 s before each leap second
// (formatting an instant there prints one second early), so the conversions between the UTC
// calendar and instants are done here, from the IERS table below; hifitime's `Epoch` is kept
// as the container (TAI nanoseconds) and for arithmetic.

/// TAI − UTC in whole seconds from each date on (day number since 2000-01-01, seconds), from
/// IERS Bulletin C (leap seconds 1972–2016; none announced since, up to Bulletin C 70,
/// 2025-07). Before 1972, UTC had fractional steps and rate changes; dates before 1972 use the
/// 1972 value of 10 s (element sets of that era are not precise enough to tell).
const LEAP_TABLE: [(i64, i64); 28] = [
    (-10_227, 10), // 1972-01-01
    (-10_045, 11), // 1972-07-01
    (-9_861, 12),  // 1973-01-01
    (-9_496, 13),  // 1974-01-01
    (-9_131, 14),  // 1975-01-01
    (-8_766, 15),  // 1976-01-01
    (-8_400, 16),  // 1977-01-01
    (-8_035, 17),  // 1978-01-01
    (-7_670, 18),  // 1979-01-01
    (-7_305, 19),  // 1980-01-01
    (-6_758, 20),  // 1981-07-01
    (-6_393, 21),  // 1982-07-01
    (-6_028, 22),  // 1983-07-01
    (-5_297, 23),  // 1985-07-01
    (-4_383, 24),  // 1988-01-01
    (-3_653, 25),  // 1990-01-01
    (-3_288, 26),  // 1991-01-01
    (-2_741, 27),  // 1992-07-01
    (-2_376, 28),  // 1993-07-01
    (-2_011, 29),  // 1994-07-01
    (-1_461, 30),  // 1996-01-01
    (-914, 31),    // 1997-07-01
    (-365, 32),    // 1999-01-01
    (2_192, 33),   // 2006-01-01
    (3_288, 34),   // 2009-01-01
    (4_564, 35),   // 2012-07-01
    (5_660, 36),   // 2015-07-01
    (6_210, 37),   // 2017-01-01
];

/// TAI − UTC (s) in force during the UTC day `day_number` (days since 2000-01-01).
fn tai_minus_utc_s(day_number: i64) -> i64 {
    LEAP_TABLE
        .iter()
        .rev()
        .find(|(start, _)| *start <= day_number)
        .map_or(LEAP_TABLE[0].1, |(_, off)| *off)
}

const NS_PER_DAY: i128 = 86_400 * 1_000_000_000;

/// TAI nanoseconds since 2000-01-01T00:00:00 UTC (which is 32 s after TAI's own midnight).
fn tai_ns_since_2000(epoch: Epoch) -> i128 {
    let anchor = Epoch::from_gregorian_utc_at_midnight(2000, 1, 1);
    (epoch.to_time_scale(TimeScale::TAI) - anchor.to_time_scale(TimeScale::TAI)).total_nanoseconds()
}

/// The instant at `ns_of_day` nanoseconds into UTC day `day_number` (may run past 86 400 s
/// into a leap second), on the TAI scale.
fn epoch_from_utc_day_ns(day_number: i64, ns_of_day: i128) -> Epoch {
    let anchor = Epoch::from_gregorian_utc_at_midnight(2000, 1, 1).to_time_scale(TimeScale::TAI);
    let tai_ns = day_number as i128 * NS_PER_DAY
        + ns_of_day
        + (tai_minus_utc_s(day_number) - 32) as i128 * 1_000_000_000;
    in_tai(anchor + Duration::from_total_nanoseconds(tai_ns))
}

/// UTC day number and nanoseconds into that day (86 400e9 or more inside a leap second).
fn utc_day_ns(epoch: Epoch) -> (i64, i128) {
    utc_day_ns_from_tai_ns(tai_ns_since_2000(epoch))
}

fn utc_day_ns_from_tai_ns(tai_ns: i128) -> (i64, i128) {
    // Guess the day with today's offset, then correct: the offset changes by at most 1 s at
    // a day boundary, so one step back is enough.
    let mut day = (tai_ns - 5 * 1_000_000_000).div_euclid(NS_PER_DAY) as i64;
    loop {
        let start = day as i128 * NS_PER_DAY + (tai_minus_utc_s(day) - 32) as i128 * 1_000_000_000;
        let next_start = (day + 1) as i128 * NS_PER_DAY
            + (tai_minus_utc_s(day + 1) - 32) as i128 * 1_000_000_000;
        if tai_ns < start {
            day -= 1;
        } else if tai_ns >= next_start {
            day += 1;
        } else {
            return (day, tai_ns - start);
        }
    }
}

/// Days since 2000-01-01 of a proleptic Gregorian date (after Hinnant's `days_from_civil`).
fn days_from_civil(year: i32, month: u32, day: u32) -> i64 {
    let y = year as i64 - i64::from(month <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = month as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + day as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468 - 10_957
}

/// The date of a day number (days since 2000-01-01).
fn civil_from_days(day_number: i64) -> (i32, u32, u32) {
    let z = day_number + 10_957 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y as i32, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use hifitime::Unit;

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
    fn formats_the_seconds_around_a_leap_second() {
        // hifitime 4.3 prints these one second early; ours must not.
        let midnight = parse_utc("2017-01-01T00:00:00Z").unwrap();
        for (back_s, text) in [
            (0.5, "2016-12-31T23:59:60.500000Z"),
            (1.0, "2016-12-31T23:59:60.000000Z"),
            (1.5, "2016-12-31T23:59:59.500000Z"),
            (30.0, "2016-12-31T23:59:31.000000Z"),
            (40.0, "2016-12-31T23:59:21.000000Z"),
        ] {
            let t = midnight - Unit::Second * back_s;
            assert_eq!(format_utc_micros(t), text);
            assert_eq!(parse_utc(text).unwrap(), t, "{text}");
        }
        assert!(parse_utc("2016-12-30T23:59:60Z").is_err());
        assert!(parse_utc("2016-12-31T12:59:60Z").is_err());
    }

    #[test]
    fn formats_with_any_number_of_digits() {
        let t = parse_utc("2022-01-22T13:23:06.123456789Z").unwrap();
        assert_eq!(format_utc_digits(t, 0), "2022-01-22T13:23:06Z");
        assert_eq!(format_utc_digits(t, 3), "2022-01-22T13:23:06.123Z");
        assert_eq!(format_utc_digits(t, 9), "2022-01-22T13:23:06.123456789Z");
        let t = parse_utc("2022-12-31T23:59:59.9999996Z").unwrap();
        assert_eq!(format_utc_micros(t), "2023-01-01T00:00:00.000000Z");
    }

    #[test]
    fn calendar_round_trips_for_four_centuries() {
        for day in -40_000..150_000 {
            let (y, m, d) = civil_from_days(day);
            assert_eq!(days_from_civil(y, m, d), day);
        }
        assert_eq!(civil_from_days(0), (2000, 1, 1));
        assert_eq!(days_from_civil(2017, 1, 1), 6_210);
        assert_eq!(days_from_civil(1972, 1, 1), -10_227);
    }

    #[test]
    fn tle_day_must_exist_in_its_year() {
        assert!(epoch_from_tle(21, 365.9).is_ok());
        assert!(epoch_from_tle(21, 366.1).is_err());
        assert!(epoch_from_tle(20, 366.1).is_ok());
        let (yy, day) = tle_epoch_fields(epoch_from_tle(20, 366.5).unwrap());
        assert_eq!((yy, day), (20, 366.5));
    }

    #[test]
    fn leap_second_is_elapsed_time() {
        // 2016-12-31T23:59:60 was a leap second: two UTC midnights 86 401 s apart.
        let a = parse_utc("2016-12-31T00:00:00Z").unwrap();
        let b = parse_utc("2017-01-01T00:00:00Z").unwrap();
        assert_eq!((b - a).to_seconds(), 86_401.0);
    }
}
