//! GP JSON, as CelesTrak and Space-Track serve it: an array of flat objects keyed by OMM
//! keyword.
//!
//! The array is split into its elements by a small scanner that knows only brackets and
//! strings, and each element is read on its own by `serde_json`, so one broken record costs
//! only itself and its error gives its own line. Values are taken from their JSON text
//! (`serde_json`'s `RawValue`): numbers read back exactly, and Space-Track's quoted numbers
//! read like unquoted ones.

use super::keys::{fmt_epoch, fmt_f64, line_at, line_starts, Dialect, Key, Record, UnitPolicy};
use crate::{ElementSet, FormatError, FormatErrorKind, Parsed};
use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::value::RawValue;
use std::borrow::Cow;
use std::fmt;

/// A member name, borrowed from the input unless it holds escapes.
struct Name<'a>(Cow<'a, str>);

impl<'de> Deserialize<'de> for Name<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Name<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a member name")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Name<'de>, E> {
                Ok(Name(Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Name<'de>, E> {
                Ok(Name(Cow::Owned(v.to_string())))
            }
        }
        d.deserialize_str(V)
    }
}

/// The members of one JSON object, in order, values unparsed.
struct Fields<'a>(Vec<(Name<'a>, &'a RawValue)>);

impl<'de> Deserialize<'de> for Fields<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Fields<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object of OMM keywords")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Fields<'de>, A::Error> {
                let mut v = Vec::with_capacity(48);
                while let Some(entry) = map.next_entry::<Name<'de>, &'de RawValue>()? {
                    v.push(entry);
                }
                Ok(Fields(v))
            }
        }
        d.deserialize_map(V)
    }
}

fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && matches!(b[i], b' ' | b'\t' | b'\n' | b'\r') {
        i += 1;
    }
    i
}

/// Index just past the JSON value starting at `i`, judged by brackets and strings only;
/// `None` when the text ends first.
fn value_end(b: &[u8], i: usize) -> Option<usize> {
    match b.get(i)? {
        b'{' | b'[' => {
            let mut depth = 0usize;
            let mut j = i;
            while j < b.len() {
                match b[j] {
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return Some(j + 1);
                        }
                    }
                    b'"' => j = string_end(b, j)? - 1,
                    _ => {}
                }
                j += 1;
            }
            None
        }
        b'"' => string_end(b, i),
        _ => {
            let mut j = i;
            while j < b.len() && !matches!(b[j], b',' | b']' | b'}' | b' ' | b'\t' | b'\n' | b'\r')
            {
                j += 1;
            }
            Some(j)
        }
    }
}

/// Index just past the string whose opening quote is at `i`.
fn string_end(b: &[u8], i: usize) -> Option<usize> {
    let mut j = i + 1;
    while j < b.len() {
        match b[j] {
            b'\\' => j += 2,
            b'"' => return Some(j + 1),
            _ => j += 1,
        }
    }
    None
}

fn syntax(line: usize, why: String) -> FormatError {
    FormatError::new(line, "json", FormatErrorKind::Syntax(why))
}

pub(crate) fn read(text: &str) -> Parsed {
    let mut parsed = Parsed::default();
    let starts = line_starts(text);
    let b = text.as_bytes();
    let line_of = |i: usize| line_at(&starts, i);
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut i = skip_ws(b, bom);
    if i >= b.len() {
        return parsed;
    }
    match b[i] {
        b'{' => match value_end(b, i) {
            Some(end) => {
                record(text, i, end, &starts, &mut parsed);
                i = end;
            }
            None => {
                parsed
                    .errors
                    .push(syntax(line_of(i), "JSON object never closed".into()));
                return parsed;
            }
        },
        b'[' => {
            i += 1;
            loop {
                i = skip_ws(b, i);
                if i >= b.len() {
                    parsed
                        .errors
                        .push(syntax(line_of(b.len()), "JSON array never closed".into()));
                    return parsed;
                }
                if b[i] == b']' {
                    i += 1;
                    break;
                }
                let Some(end) = value_end(b, i) else {
                    parsed
                        .errors
                        .push(syntax(line_of(i), "JSON value never closed".into()));
                    return parsed;
                };
                record(text, i, end, &starts, &mut parsed);
                i = skip_ws(b, end);
                match b.get(i) {
                    Some(b',') => i += 1,
                    Some(b']') => {
                        i += 1;
                        break;
                    }
                    Some(_) => {
                        parsed.errors.push(syntax(
                            line_of(i),
                            "expected `,` or `]` after an array element".into(),
                        ));
                        return parsed;
                    }
                    None => {
                        parsed
                            .errors
                            .push(syntax(line_of(b.len()), "JSON array never closed".into()));
                        return parsed;
                    }
                }
            }
        }
        _ => {
            parsed.errors.push(syntax(
                line_of(i),
                "expected a JSON array of GP records".into(),
            ));
            return parsed;
        }
    }
    let rest = skip_ws(b, i);
    if rest < b.len() {
        parsed
            .errors
            .push(syntax(line_of(rest), "text after the JSON value".into()));
    }
    parsed
}

/// Read the array element `text[start..end]`.
fn record(text: &str, start: usize, end: usize, starts: &[usize], parsed: &mut Parsed) {
    let line = line_at(starts, start);
    let slice = &text[start..end];
    if !slice.starts_with('{') {
        parsed.errors.push(FormatError::new(
            line,
            "json",
            FormatErrorKind::BadValue {
                text: slice.chars().take(40).collect(),
                rule: "each element of the array must be an object",
            },
        ));
        return;
    }
    let fields = match serde_json::from_str::<Fields<'_>>(slice) {
        Ok(f) => f,
        Err(e) => {
            parsed
                .errors
                .push(syntax(line + e.line().saturating_sub(1), e.to_string()));
            return;
        }
    };
    match build(text, line, starts, fields) {
        Ok(set) => parsed.sets.push(set),
        Err(e) => parsed.errors.push(e),
    }
}

fn build(
    text: &str,
    line: usize,
    starts: &[usize],
    fields: Fields<'_>,
) -> Result<ElementSet, FormatError> {
    let mut rec = Record::new(line);
    let base = text.as_ptr() as usize;
    for (Name(key), raw) in fields.0 {
        let found = match Key::lookup_gp(&key) {
            Some(f) => Some(f),
            None if key.bytes().any(|c| c.is_ascii_lowercase()) => {
                Key::lookup_gp(&key.to_ascii_uppercase())
            }
            None => None,
        };
        let Some(found) = found else {
            continue;
        };
        let raw = raw.get();
        // The raw value is a slice of `text`, so its address gives its line.
        let at = (raw.as_ptr() as usize)
            .checked_sub(base)
            .filter(|o| *o < text.len())
            .map_or(line, |o| line_at(starts, o));
        let value: Cow<'_, str> = match raw.as_bytes().first() {
            Some(b'"') => {
                if raw.contains('\\') {
                    Cow::Owned(serde_json::from_str::<String>(raw).map_err(|e| {
                        FormatError::new(at, found.1, FormatErrorKind::Syntax(e.to_string()))
                    })?)
                } else {
                    Cow::Borrowed(&raw[1..raw.len() - 1])
                }
            }
            Some(b'n') => continue, // null: absent
            Some(c) if c.is_ascii_digit() || *c == b'-' => Cow::Borrowed(raw),
            _ => {
                return Err(FormatError::new(
                    at,
                    found.1,
                    FormatErrorKind::BadValue {
                        text: raw.chars().take(40).collect(),
                        rule: "a number or a string",
                    },
                ))
            }
        };
        rec.set(found, &value, None, UnitPolicy::Ignore, at)?;
    }
    rec.finish(Dialect::Gp)
}

/// `s` as a JSON string literal.
pub(crate) fn quote(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                out.push_str(&format!("\\u{:04x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

pub(crate) fn write(sets: &[ElementSet]) -> String {
    if sets.is_empty() {
        return "[]\n".to_string();
    }
    let mut out = String::with_capacity(sets.len() * 520);
    out.push_str("[\n");
    for (i, set) in sets.iter().enumerate() {
        if i > 0 {
            out.push_str(",\n");
        }
        write_one(&mut out, set);
    }
    out.push_str("\n]\n");
    out
}

fn write_one(out: &mut String, set: &ElementSet) {
    let mut member = |key: &str, value: &str, string: bool| {
        out.push_str(if key == "OBJECT_NAME" { "{\"" } else { ",\"" });
        out.push_str(key);
        out.push_str("\":");
        if string {
            quote(out, value);
        } else {
            out.push_str(value);
        }
    };
    member(
        "OBJECT_NAME",
        set.object_name.as_deref().unwrap_or(""),
        true,
    );
    member("OBJECT_ID", set.object_id.as_deref().unwrap_or(""), true);
    member("EPOCH", &fmt_epoch(set.epoch), true);
    member("MEAN_MOTION", &fmt_f64(set.mean_motion_rev_day), false);
    member("ECCENTRICITY", &fmt_f64(set.eccentricity), false);
    member("INCLINATION", &fmt_f64(set.inclination_deg), false);
    member("RA_OF_ASC_NODE", &fmt_f64(set.raan_deg), false);
    member("ARG_OF_PERICENTER", &fmt_f64(set.arg_perigee_deg), false);
    member("MEAN_ANOMALY", &fmt_f64(set.mean_anomaly_deg), false);
    member("EPHEMERIS_TYPE", &set.ephemeris_type.to_string(), false);
    member("CLASSIFICATION_TYPE", &set.classification.to_string(), true);
    member("NORAD_CAT_ID", &set.norad_id.to_string(), false);
    member("ELEMENT_SET_NO", &set.element_set_no.to_string(), false);
    member("REV_AT_EPOCH", &set.rev_at_epoch.to_string(), false);
    member("BSTAR", &fmt_f64(set.bstar_per_er), false);
    member(
        "MEAN_MOTION_DOT",
        &fmt_f64(set.mean_motion_dot_rev_day2),
        false,
    );
    member(
        "MEAN_MOTION_DDOT",
        &fmt_f64(set.mean_motion_ddot_rev_day3),
        false,
    );
    if let Some(t) = set.object_type {
        member("OBJECT_TYPE", t.as_str(), true);
    }
    out.push('}');
}
