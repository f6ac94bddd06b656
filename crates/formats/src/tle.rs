//! Two-line element sets: TLE (2LE) and 3LE (with a name line, bare or Space-Track's `0 NAME`).
//!
//! Fixed columns, read as bytes and checked field by field. What the format allows is accepted
//! (the forms seen in Vallado's `tough.tle`: a leading `+` on signed fields, leading zeros,
//! blanks for zero, implied decimal points with an exponent), and what it does not is refused
//! with the field's name. Columns past 69 are ignored (Vallado's verification file puts its
//! time ranges there).
//!
//! Catalog numbers above 99 999 use Alpha-5: a letter for the leading two digits, `A` = 10 …
//! `Z` = 33 skipping `I` and `O`, so `A0001` = 100 001 and `Z9999` = 339 999.

use crate::{ElementSet, FormatError, FormatErrorKind, Parsed};
use uitkijk_time::{epoch_from_tle, tle_epoch_fields};

/// Largest catalog number a TLE can carry (Alpha-5 `Z9999`).
pub const MAX_TLE_NORAD_ID: u32 = 339_999;

const LINE_COLUMNS: usize = 69;

type FieldResult<T> = Result<T, (&'static str, FormatErrorKind)>;

/// Read the two lines of one TLE. `line1` is taken to be line 1 of the input and `line2`
/// line 2 for error positions; use [`FormatError::at_line`] to place them in a file.
///
/// A checksum that does not match is an error here; [`read`] instead keeps such a record and
/// reports the mismatch as a warning, as SGP4 tools traditionally do (Vallado's verification
/// set has three hand-edited cases with stale checksums).
pub fn parse_lines(line1: &str, line2: &str) -> Result<ElementSet, FormatError> {
    let (set, warnings) = parse_lines_lenient(line1, line2)?;
    match warnings.into_iter().next() {
        Some(w) => Err(w),
        None => Ok(set),
    }
}

/// Read the two lines of one TLE, keeping it when only a checksum is wrong: the mismatches
/// come back beside the element set. Lines of 68 columns (older TLEs, as in Vallado's
/// `tough.tle`) carry no checksum and are not checked.
pub fn parse_lines_lenient(
    line1: &str,
    line2: &str,
) -> Result<(ElementSet, Vec<FormatError>), FormatError> {
    let (l1, c1) = check_line(line1, b'1').map_err(|(f, k)| FormatError::new(1, f, k))?;
    let (l2, c2) = check_line(line2, b'2').map_err(|(f, k)| FormatError::new(2, f, k))?;
    let mut set = parse_line1(l1).map_err(|(f, k)| FormatError::new(1, f, k))?;
    parse_line2(l2, &mut set).map_err(|(f, k)| FormatError::new(2, f, k))?;
    let warnings = [(1, c1), (2, c2)]
        .into_iter()
        .filter_map(|(n, c)| c.map(|(f, k)| FormatError::new(n, f, k)))
        .collect();
    Ok((set, warnings))
}

/// Read every TLE or 3LE record in `text` (2LE and 3LE may be mixed; blank lines and lines
/// starting with `#` are skipped). Good records are returned in input order; each bad record
/// is reported with its line number and skipped; a record whose only fault is its checksum is
/// kept, with a warning.
pub fn read(text: &str) -> Parsed {
    let mut parsed = Parsed::default();
    // (1-based line number, text without line ending)
    let lines: Vec<(usize, &str)> = text
        .split('\n')
        .enumerate()
        .map(|(i, l)| (i + 1, l.strip_suffix('\r').unwrap_or(l)))
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
        .collect();
    let mut name: Option<(usize, &str)> = None;
    let mut i = 0;
    while i < lines.len() {
        let (n, line) = lines[i];
        let next = lines.get(i + 1).copied();
        if looks_like(line, b'1') {
            match next {
                Some((n2, line2)) if looks_like(line2, b'2') => {
                    match parse_lines_lenient(line, line2) {
                        Ok((mut set, warnings)) => {
                            set.object_name = name.map(|(_, s)| clean_name(s));
                            parsed.sets.push(set);
                            for w in warnings {
                                let at = if w.line() == 1 { n } else { n2 };
                                parsed.warnings.push(w.at_line(at));
                            }
                        }
                        Err(e) => {
                            let at = if e.line() == 1 { n } else { n2 };
                            parsed.errors.push(e.at_line(at));
                        }
                    }
                    i += 2;
                }
                _ => {
                    parsed.errors.push(FormatError::new(
                        n,
                        "line 2",
                        FormatErrorKind::BadLine("TLE line 1 not followed by a line 2".into()),
                    ));
                    i += 1;
                }
            }
            name = None;
        } else if looks_like(line, b'2') {
            parsed.errors.push(FormatError::new(
                n,
                "line 1",
                FormatErrorKind::BadLine("TLE line 2 without a line 1 before it".into()),
            ));
            name = None;
            i += 1;
        } else {
            if let Some((pn, pname)) = name {
                // Two name lines in a row: the first named no element set.
                parsed.errors.push(FormatError::new(
                    pn,
                    "line 1",
                    FormatErrorKind::BadLine(format!(
                        "name line {:?} not followed by a TLE",
                        clean_name(pname)
                    )),
                ));
            }
            name = Some((n, line));
            i += 1;
        }
    }
    if let Some((pn, pname)) = name {
        parsed.errors.push(FormatError::new(
            pn,
            "line 1",
            FormatErrorKind::BadLine(format!(
                "name line {:?} not followed by a TLE",
                clean_name(pname)
            )),
        ));
    }
    parsed
}

/// Name from a 3LE line 0: Space-Track's `0 ` prefix removed, trailing blanks trimmed.
fn clean_name(line: &str) -> String {
    let t = line.trim_end();
    let t = t.strip_prefix("0 ").unwrap_or(t);
    t.trim().to_string()
}

/// A line that starts like TLE line `which`: the digit, then a blank. Names rarely do, and a
/// name that does is caught by the check on line 2.
fn looks_like(line: &str, which: u8) -> bool {
    let b = line.as_bytes();
    b.len() >= 2 && b[0] == which && b[1] == b' '
}

/// A checksum problem found on a line that is otherwise readable.
type ChecksumWarning = Option<(&'static str, FormatErrorKind)>;

fn check_line(line: &str, which: u8) -> FieldResult<(&[u8], ChecksumWarning)> {
    let line = line.strip_suffix('\r').unwrap_or(line);
    let b = line.as_bytes();
    if !b.is_ascii() {
        return Err(("line", FormatErrorKind::BadLine("not plain ASCII".into())));
    }
    if b.first() != Some(&which) {
        return Err((
            "line number",
            FormatErrorKind::BadLine(format!("expected line {}", which as char)),
        ));
    }
    if b.len() < LINE_COLUMNS - 1 {
        return Err((
            "line",
            FormatErrorKind::BadLine(format!(
                "{} columns, a TLE line has {LINE_COLUMNS} (68 without checksum)",
                b.len()
            )),
        ));
    }
    if b.len() == LINE_COLUMNS - 1 || b[68] == b' ' {
        return Ok((b, None));
    }
    let b = &b[..LINE_COLUMNS];
    let written = b[68];
    if !written.is_ascii_digit() {
        let warning = (
            "checksum",
            FormatErrorKind::BadValue {
                text: (written as char).to_string(),
                rule: "column 69 must be the checksum digit",
            },
        );
        return Ok((b, Some(warning)));
    }
    let computed = checksum(&b[..68]);
    let warning = (written - b'0' != computed).then_some((
        "checksum",
        FormatErrorKind::Checksum {
            written: written - b'0',
            computed,
        },
    ));
    Ok((b, warning))
}

/// The TLE checksum: the sum of the digits, with each `-` counting 1, modulo 10.
pub fn checksum(columns: &[u8]) -> u8 {
    let sum: u32 = columns
        .iter()
        .map(|&c| match c {
            b'0'..=b'9' => (c - b'0') as u32,
            b'-' => 1,
            _ => 0,
        })
        .sum();
    (sum % 10) as u8
}

/// Columns `from..=to` (1-based, as the format is documented).
fn cols(line: &[u8], from: usize, to: usize) -> &str {
    // The line is ASCII (checked), so this cannot fail.
    let to = to.min(line.len());
    std::str::from_utf8(&line[(from - 1).min(to)..to]).unwrap_or("")
}

fn bad_number(field: &'static str, text: &str) -> (&'static str, FormatErrorKind) {
    (field, FormatErrorKind::BadNumber(text.to_string()))
}

/// A decimal number, leading `+` or blanks allowed; all blanks read as zero.
fn decimal(field: &'static str, text: &str) -> FieldResult<f64> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(0.0);
    }
    let t = t.strip_prefix('+').unwrap_or(t);
    // Refuse what Rust's parser takes but a TLE must not hold ("inf", "nan", "1_0").
    if !t
        .bytes()
        .all(|c| c.is_ascii_digit() || matches!(c, b'.' | b'-' | b'e' | b'E' | b'+'))
        || !t.bytes().any(|c| c.is_ascii_digit())
    {
        return Err(bad_number(field, text));
    }
    t.parse::<f64>().map_err(|_| bad_number(field, text))
}

/// A whole number, leading blanks (or zeros) allowed; all blanks read as zero.
fn whole(field: &'static str, text: &str) -> FieldResult<u32> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(0);
    }
    let t = t.strip_prefix('+').unwrap_or(t);
    if !t.bytes().all(|c| c.is_ascii_digit()) {
        return Err(bad_number(field, text));
    }
    t.parse::<u32>().map_err(|_| bad_number(field, text))
}

/// A number with an implied leading decimal point and a power-of-ten exponent, as in
/// ` 12345-3` = 0.12345e-3. Also accepted: an explicit point (`.12345-3`), an explicit
/// exponent letter (`1.2345e-4`), and all blanks (zero).
fn implied_exponent(field: &'static str, text: &str) -> FieldResult<f64> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(0.0);
    }
    if t.contains(['e', 'E']) {
        return decimal(field, t);
    }
    let (sign, body) = match t.as_bytes()[0] {
        b'-' => (-1.0, &t[1..]),
        b'+' => (1.0, &t[1..]),
        _ => (1.0, t),
    };
    let body = body.trim_start();
    // Split off the exponent: the last sign that is not the first character.
    let split = body
        .char_indices()
        .rev()
        .find(|&(i, c)| i > 0 && (c == '-' || c == '+'))
        .map(|(i, _)| i);
    let (mantissa, exponent) = match split {
        Some(i) => (&body[..i], &body[i..]),
        None => (body, "+0"),
    };
    let mantissa = mantissa.trim();
    let mantissa = mantissa.strip_prefix('.').unwrap_or(mantissa);
    if mantissa.is_empty() || !mantissa.bytes().all(|c| c.is_ascii_digit()) {
        return Err(bad_number(field, text));
    }
    let exp_digits = &exponent[1..];
    if exp_digits.is_empty() || !exp_digits.bytes().all(|c| c.is_ascii_digit()) {
        return Err(bad_number(field, text));
    }
    let value: f64 = format!("0.{mantissa}e{exponent}")
        .parse()
        .map_err(|_| bad_number(field, text))?;
    Ok(sign * value)
}

/// Decode a TLE catalog number field: five digits (blanks allowed in front) or Alpha-5.
pub fn decode_norad_id(text: &str) -> Option<u32> {
    let t = text.trim();
    if t.is_empty() || t.len() > 5 {
        return None;
    }
    let b = t.as_bytes();
    if b[0].is_ascii_alphabetic() {
        if t.len() != 5 || !b[1..].iter().all(|c| c.is_ascii_digit()) {
            return None;
        }
        let letter = b[0].to_ascii_uppercase();
        let lead = match letter {
            b'A'..=b'H' => letter - b'A' + 10,
            b'J'..=b'N' => letter - b'J' + 18,
            b'P'..=b'Z' => letter - b'P' + 23,
            _ => return None, // I and O are not used: they read as 1 and 0
        } as u32;
        let rest: u32 = t[1..].parse().ok()?;
        Some(lead * 10_000 + rest)
    } else if b.iter().all(|c| c.is_ascii_digit()) {
        t.parse().ok()
    } else {
        None
    }
}

/// Encode a catalog number for a TLE: five digits up to 99 999, Alpha-5 up to 339 999.
pub fn encode_norad_id(id: u32) -> Option<String> {
    if id < 100_000 {
        return Some(format!("{id:05}"));
    }
    if id > MAX_TLE_NORAD_ID {
        return None;
    }
    let lead = (id / 10_000) as u8;
    let letter = match lead {
        10..=17 => b'A' + lead - 10,
        18..=22 => b'J' + lead - 18,
        _ => b'P' + lead - 23,
    };
    Some(format!("{}{:04}", letter as char, id % 10_000))
}

fn norad_field(field: &'static str, text: &str) -> FieldResult<u32> {
    decode_norad_id(text).ok_or((
        field,
        FormatErrorKind::BadValue {
            text: text.to_string(),
            rule: "five digits or Alpha-5 (A0001 = 100001, letters I and O unused)",
        },
    ))
}

fn parse_line1(l: &[u8]) -> FieldResult<ElementSet> {
    let norad_id = norad_field("catalog number", cols(l, 3, 7))?;
    let classification = match l[7] {
        b' ' => 'U',
        c if c.is_ascii_alphabetic() => c.to_ascii_uppercase() as char,
        c => {
            return Err((
                "classification",
                FormatErrorKind::BadValue {
                    text: (c as char).to_string(),
                    rule: "a letter (U, C or S)",
                },
            ))
        }
    };
    let object_id = designator(cols(l, 10, 17))?;
    let year_text = cols(l, 19, 20);
    if !year_text.bytes().all(|c| c.is_ascii_digit()) {
        return Err(bad_number("epoch year", year_text));
    }
    let year = whole("epoch year", year_text)?;
    let day = decimal("epoch day", cols(l, 21, 32))?;
    let epoch = epoch_from_tle(year, day).map_err(|_| {
        (
            "epoch day",
            FormatErrorKind::BadValue {
                text: cols(l, 21, 32).to_string(),
                rule: "day of year from 1 to 366.99999999",
            },
        )
    })?;
    let ndot = decimal("mean motion dot", cols(l, 34, 43))?;
    let nddot = implied_exponent("mean motion ddot", cols(l, 45, 52))?;
    let bstar = implied_exponent("bstar", cols(l, 54, 61))?;
    let ephemeris_type = match l[62] {
        b' ' => 0,
        c if c.is_ascii_digit() => c - b'0',
        c => {
            return Err((
                "ephemeris type",
                FormatErrorKind::BadNumber((c as char).to_string()),
            ))
        }
    };
    let element_set_no = whole("element set number", cols(l, 65, 68))?;
    Ok(ElementSet {
        object_name: None,
        object_id,
        norad_id,
        object_type: None,
        classification,
        epoch,
        mean_motion_rev_day: 0.0,
        eccentricity: 0.0,
        inclination_deg: 0.0,
        raan_deg: 0.0,
        arg_perigee_deg: 0.0,
        mean_anomaly_deg: 0.0,
        mean_motion_dot_rev_day2: ndot,
        mean_motion_ddot_rev_day3: nddot,
        bstar_per_er: bstar,
        ephemeris_type,
        element_set_no,
        rev_at_epoch: 0,
    })
}

/// `98067A  ` → `1998-067A`; blank → `None`.
fn designator(text: &str) -> FieldResult<Option<String>> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let b = t.as_bytes();
    let ok = b.len() >= 5
        && b[..5].iter().all(|c| c.is_ascii_digit())
        && b[5..].iter().all(|c| c.is_ascii_alphabetic());
    if !ok {
        // Some publishers put other things here; the designator is informative only, so a
        // nonstandard one is kept as written rather than refused.
        return Ok(Some(t.to_string()));
    }
    let yy: u32 = t[..2].parse().unwrap_or(0);
    let year = if yy < 57 { 2000 + yy } else { 1900 + yy };
    Ok(Some(format!("{year}-{}", &t[2..])))
}

fn angle(field: &'static str, text: &str, max: f64) -> FieldResult<f64> {
    let v = decimal(field, text)?;
    if !(0.0..=max).contains(&v) {
        return Err((
            field,
            FormatErrorKind::BadValue {
                text: text.trim().to_string(),
                rule: if max == 180.0 {
                    "degrees from 0 to 180"
                } else {
                    "degrees from 0 to 360"
                },
            },
        ));
    }
    Ok(v)
}

fn parse_line2(l: &[u8], set: &mut ElementSet) -> FieldResult<()> {
    let norad2 = norad_field("catalog number", cols(l, 3, 7))?;
    if norad2 != set.norad_id {
        return Err((
            "catalog number",
            FormatErrorKind::NoradMismatch {
                line1: set.norad_id,
                line2: norad2,
            },
        ));
    }
    set.inclination_deg = angle("inclination", cols(l, 9, 16), 180.0)?;
    set.raan_deg = angle("right ascension of node", cols(l, 18, 25), 360.0)?;
    let ecc_text = cols(l, 27, 33);
    let ecc_trim = ecc_text.trim();
    let ecc_digits = ecc_trim.strip_prefix('.').unwrap_or(ecc_trim);
    if ecc_digits.is_empty() || !ecc_digits.bytes().all(|c| c.is_ascii_digit()) {
        return Err(bad_number("eccentricity", ecc_text));
    }
    set.eccentricity = format!("0.{ecc_digits}")
        .parse()
        .map_err(|_| bad_number("eccentricity", ecc_text))?;
    set.arg_perigee_deg = angle("argument of perigee", cols(l, 35, 42), 360.0)?;
    set.mean_anomaly_deg = angle("mean anomaly", cols(l, 44, 51), 360.0)?;
    let n = decimal("mean motion", cols(l, 53, 63))?;
    if n <= 0.0 {
        return Err((
            "mean motion",
            FormatErrorKind::BadValue {
                text: cols(l, 53, 63).trim().to_string(),
                rule: "revolutions per day, above zero",
            },
        ));
    }
    set.mean_motion_rev_day = n;
    set.rev_at_epoch = whole("revolution number", cols(l, 64, 68))?;
    Ok(())
}

/// Why an element set cannot be written as a TLE.
fn unfit(field: &'static str, value: String, rule: &'static str) -> FormatError {
    FormatError::new(0, field, FormatErrorKind::BadValue { text: value, rule })
}

/// ` 12345-3` for 0.12345e-3: sign (blank for +), five mantissa digits, exponent sign+digit.
fn format_implied_exponent(field: &'static str, value: f64) -> Result<String, FormatError> {
    if value == 0.0 {
        return Ok(" 00000-0".to_string());
    }
    let sign = if value < 0.0 { '-' } else { ' ' };
    let a = value.abs();
    let mut exp = a.log10().floor() as i32 + 1;
    let mut mant = (a / 10f64.powi(exp) * 1e5).round() as i64;
    if mant >= 100_000 {
        mant /= 10;
        exp += 1;
    }
    if mant < 10_000 {
        // log10 rounding put us one decade high
        exp -= 1;
        mant = (a / 10f64.powi(exp) * 1e5).round() as i64;
    }
    if !(-9..=9).contains(&exp) {
        return Err(unfit(field, value.to_string(), "exponent beyond one digit"));
    }
    let esign = if exp < 0 { '-' } else { '+' };
    Ok(format!("{sign}{mant:05}{esign}{}", exp.abs()))
}

/// Write one element set as the two lines of a TLE (69 columns each, with checksums).
///
/// Fails when a value does not fit the format: catalog numbers above 339 999, a first
/// derivative of mean motion of 1 rev/day² or more, exponents beyond one digit. Values are
/// rounded to the format's precision (8 decimals of a day for the epoch, 4 decimals of a degree
/// for angles, 7 digits of eccentricity).
pub fn write_lines(set: &ElementSet) -> Result<[String; 2], FormatError> {
    let id = encode_norad_id(set.norad_id).ok_or_else(|| {
        unfit(
            "catalog number",
            set.norad_id.to_string(),
            "a TLE carries at most 339999 (Alpha-5); use OMM",
        )
    })?;
    let designator = set
        .tle_designator()
        .or_else(|| set.object_id.clone())
        .unwrap_or_default();
    if designator.len() > 8 {
        return Err(unfit(
            "international designator",
            designator,
            "at most 8 characters in a TLE",
        ));
    }
    let (yy, mut day) = tle_epoch_fields(set.epoch);
    // Round the day to the format's 8 decimals.
    day = (day * 1e8).round() / 1e8;
    let ndot = set.mean_motion_dot_rev_day2;
    // Round first, then check: 0.999999999 would print as 1.00000000 and overflow the field.
    let ndot_e8 = (ndot.abs() * 1e8).round();
    if !ndot_e8.is_finite() || ndot_e8 >= 1e8 {
        return Err(unfit(
            "mean motion dot",
            ndot.to_string(),
            "below 1 rev/day² in magnitude",
        ));
    }
    let ndot_text = format!(
        "{}.{:08}",
        if ndot < 0.0 && ndot_e8 > 0.0 {
            '-'
        } else {
            ' '
        },
        ndot_e8 as u64
    );
    let nddot = format_implied_exponent("mean motion ddot", set.mean_motion_ddot_rev_day3)?;
    let bstar = format_implied_exponent("bstar", set.bstar_per_er)?;
    if set.ephemeris_type > 9 {
        return Err(unfit(
            "ephemeris type",
            set.ephemeris_type.to_string(),
            "one digit",
        ));
    }
    let classification = if set.classification.is_ascii_alphabetic() {
        set.classification
    } else {
        'U'
    };
    let mut line1 = format!(
        "1 {id}{classification} {designator:<8} {yy:02}{day:012.8} {ndot_text} {nddot} {bstar} {} {:>4}",
        set.ephemeris_type,
        set.element_set_no % 10_000
    );
    let ecc = (set.eccentricity * 1e7).round();
    if !(0.0..1e7).contains(&ecc) {
        return Err(unfit(
            "eccentricity",
            set.eccentricity.to_string(),
            "from 0 to below 1",
        ));
    }
    let n = set.mean_motion_rev_day;
    if !(n > 0.0 && n < 100.0) {
        return Err(unfit(
            "mean motion",
            n.to_string(),
            "above 0 and below 100 rev/day",
        ));
    }
    let mut line2 = format!(
        "2 {id} {:8.4} {:8.4} {:07} {:8.4} {:8.4} {:11.8}{:>5}",
        set.inclination_deg,
        set.raan_deg.rem_euclid(360.0),
        ecc as u32,
        set.arg_perigee_deg.rem_euclid(360.0),
        set.mean_anomaly_deg.rem_euclid(360.0),
        n,
        set.rev_at_epoch % 100_000
    );
    if line1.len() != 68 || line2.len() != 68 {
        return Err(unfit(
            "line",
            format!("{line1} / {line2}"),
            "a value does not fit its columns",
        ));
    }
    line1.push((b'0' + checksum(line1.as_bytes())) as char);
    line2.push((b'0' + checksum(line2.as_bytes())) as char);
    Ok([line1, line2])
}

/// Write element sets as a 3LE (with Space-Track's `0 NAME` line when a name is known, none
/// otherwise) or, with `names = false`, as bare 2LE.
pub fn write(sets: &[ElementSet], names: bool) -> Result<String, FormatError> {
    let mut out = String::with_capacity(sets.len() * 170);
    for set in sets {
        let [l1, l2] = write_lines(set)?;
        if names {
            if let Some(name) = &set.object_name {
                out.push_str("0 ");
                out.push_str(name);
                out.push('\n');
            }
        }
        out.push_str(&l1);
        out.push('\n');
        out.push_str(&l2);
        out.push('\n');
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ISS_1: &str = "1 25544U 98067A   08264.51782528 -.00002182  00000-0 -11606-4 0  2927";
    const ISS_2: &str = "2 25544  51.6416 247.4627 0006703 130.5360 325.0288 15.72125391563537";

    #[test]
    fn reads_the_classic_iss_example() {
        let s = parse_lines(ISS_1, ISS_2).unwrap();
        assert_eq!(s.norad_id, 25544);
        assert_eq!(s.object_id.as_deref(), Some("1998-067A"));
        assert_eq!(s.classification, 'U');
        assert_eq!(s.mean_motion_dot_rev_day2, -0.00002182);
        assert_eq!(s.mean_motion_ddot_rev_day3, 0.0);
        assert!((s.bstar_per_er - -0.11606e-4).abs() < 1e-18);
        assert_eq!(s.element_set_no, 292);
        assert_eq!(s.inclination_deg, 51.6416);
        assert_eq!(s.eccentricity, 0.0006703);
        assert_eq!(s.mean_motion_rev_day, 15.72125391);
        assert_eq!(s.rev_at_epoch, 56353);
        assert_eq!(
            uitkijk_time::format_utc_micros(s.epoch),
            "2008-09-20T12:25:40.104192Z"
        );
    }

    #[test]
    fn writes_back_what_it_read() {
        let s = parse_lines(ISS_1, ISS_2).unwrap();
        let [l1, l2] = write_lines(&s).unwrap();
        assert_eq!(l1, ISS_1);
        assert_eq!(l2, ISS_2);
    }

    #[test]
    fn alpha5_both_ways() {
        for (text, id) in [
            ("A0001", 100_001),
            ("H9999", 179_999),
            ("J0000", 180_000),
            ("N9999", 229_999),
            ("P0000", 230_000),
            ("Z9999", 339_999),
            ("00005", 5),
            ("    5", 5),
        ] {
            assert_eq!(decode_norad_id(text), Some(id), "{text}");
        }
        assert_eq!(decode_norad_id("I0001"), None);
        assert_eq!(decode_norad_id("O0001"), None);
        for id in [0, 5, 99_999, 100_000, 179_999, 180_000, 230_000, 339_999] {
            assert_eq!(decode_norad_id(&encode_norad_id(id).unwrap()), Some(id));
        }
        assert_eq!(encode_norad_id(340_000), None);
    }

    #[test]
    fn refuses_a_bad_checksum_naming_the_field() {
        let mut bad = ISS_1.to_string();
        bad.replace_range(68..69, "8");
        let e = parse_lines(&bad, ISS_2).unwrap_err();
        assert_eq!(e.line(), 1);
        assert_eq!(e.field(), "checksum");
        assert!(matches!(
            e.kind(),
            FormatErrorKind::Checksum {
                written: 8,
                computed: 7
            }
        ));
    }

    #[test]
    fn refuses_mismatched_numbers() {
        let l2 = "2 25545  51.6416 247.4627 0006703 130.5360 325.0288 15.72125391563538";
        let e = parse_lines(ISS_1, l2).unwrap_err();
        assert_eq!(e.field(), "catalog number");
        assert_eq!(e.line(), 2);
    }

    #[test]
    fn implied_exponent_forms() {
        let f = |s| implied_exponent("x", s).unwrap();
        assert_eq!(f(" 28098-4"), 0.28098e-4);
        assert_eq!(f("-11606-4"), -0.11606e-4);
        assert_eq!(f("+47652-3"), 0.47652e-3);
        assert_eq!(f(" 00000+0"), 0.0);
        assert_eq!(f("        "), 0.0);
        assert_eq!(f(" 17961-5"), 0.17961e-5);
        assert_eq!(f(".12345-3"), 0.12345e-3);
        assert!(implied_exponent("x", " 1a345-3").is_err());
        assert!(implied_exponent("x", " 12345-x").is_err());
    }

    #[test]
    fn three_line_read_with_errors_and_names() {
        let text = format!(
            "0 ISS (ZARYA)\n{ISS_1}\n{ISS_2}\nLONE NAME\n\nBARE NAME\n{ISS_1}\n{ISS_2}\n{ISS_2}\n"
        );
        let p = read(&text);
        assert_eq!(p.sets.len(), 2);
        assert_eq!(p.sets[0].object_name.as_deref(), Some("ISS (ZARYA)"));
        assert_eq!(p.sets[1].object_name.as_deref(), Some("BARE NAME"));
        assert_eq!(p.errors.len(), 2, "{:?}", p.errors);
        assert!(p.warnings.is_empty());
        assert_eq!(p.errors[0].line(), 4);
        assert_eq!(p.errors[1].line(), 9);
    }
}
