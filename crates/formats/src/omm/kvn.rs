//! CCSDS OMM in KVN (keyword = value notation), CCSDS 502.0-B-2 and -B-3.
//!
//! The lexer splits lines into comments and `KEYWORD = value [unit]`; the parser keeps each
//! message's header, metadata and data in that order and hands the values to the shared
//! [`Record`]. Each message starts at its `CCSDS_OMM_VERS` line, so messages written one after
//! another in a file are read one by one, and a bad message is reported and skipped up to the
//! next `CCSDS_OMM_VERS`.

use super::keys::{fmt_epoch, fmt_f64, theory_name, Dialect, Key, Record};
use super::{ReadOptions, WriteOptions};
use crate::{ElementSet, FormatError, FormatErrorKind, Parsed};
use std::fmt::Write as _;

/// One line of KVN.
enum Token<'a> {
    Blank,
    Comment,
    Pair { key: &'a str, value: &'a str },
    Bad,
}

fn lex(line: &str) -> Token<'_> {
    let line = line.trim();
    if line.is_empty() {
        return Token::Blank;
    }
    if let Some(rest) = line.strip_prefix("COMMENT") {
        if rest.is_empty() || rest.starts_with(char::is_whitespace) {
            return Token::Comment;
        }
    }
    match line.split_once('=') {
        Some((key, value)) => Token::Pair {
            key: key.trim(),
            value: value.trim(),
        },
        None => Token::Bad,
    }
}

/// `1.00273272 [rev/day]` → (`1.00273272`, `rev/day`).
fn split_unit(value: &str) -> (&str, Option<&str>) {
    if let Some(body) = value.strip_suffix(']') {
        if let Some(open) = body.rfind('[') {
            return (body[..open].trim_end(), Some(body[open + 1..].trim()));
        }
    }
    (value, None)
}

/// The message being read.
struct Message {
    record: Record,
    /// The first thing wrong with it; the rest of the message is then skipped.
    error: Option<FormatError>,
    /// Header (0), metadata (1) or data (2): how far the message has gone.
    section: u8,
}

impl Message {
    fn new(line: usize) -> Self {
        Message {
            record: Record::new(line),
            error: None,
            section: 0,
        }
    }

    fn fail(&mut self, e: FormatError) {
        if self.error.is_none() {
            self.error = Some(e);
        }
    }

    fn finish_into(self, parsed: &mut Parsed) {
        match self.error {
            Some(e) => parsed.errors.push(e),
            None => match self.record.finish(Dialect::Ccsds) {
                Ok(set) => parsed.sets.push(set),
                Err(e) => parsed.errors.push(e),
            },
        }
    }
}

pub(crate) fn read(text: &str, options: &ReadOptions) -> Parsed {
    let mut parsed = Parsed::default();
    let mut current: Option<Message> = None;
    for (i, raw) in text.split('\n').enumerate() {
        let n = i + 1;
        let raw = if i == 0 {
            raw.trim_start_matches('\u{feff}')
        } else {
            raw
        };
        let (key, value) = match lex(raw) {
            Token::Blank | Token::Comment => continue,
            Token::Bad => {
                let e = FormatError::new(
                    n,
                    "line",
                    FormatErrorKind::Syntax(format!(
                        "expected KEYWORD = value or COMMENT, found {:?}",
                        shorten(raw.trim())
                    )),
                );
                match current.as_mut() {
                    Some(m) => m.fail(e),
                    None => {
                        // Not inside any message: report it once and wait for a message.
                        let mut m = Message::new(n);
                        m.fail(e);
                        current = Some(m);
                    }
                }
                continue;
            }
            Token::Pair { key, value } => (key, value),
        };
        if key == "CCSDS_OMM_VERS" {
            if let Some(m) = current.take() {
                m.finish_into(&mut parsed);
            }
            let mut m = Message::new(n);
            if let Some(found) = Key::lookup(key) {
                if let Err(e) = m.record.set(found, value, None, options.units, n) {
                    m.fail(e);
                }
            }
            current = Some(m);
            continue;
        }
        let m = current.get_or_insert_with(|| {
            let mut m = Message::new(n);
            m.fail(FormatError::new(
                n,
                "CCSDS_OMM_VERS",
                FormatErrorKind::BadLine(
                    "an OMM must start with CCSDS_OMM_VERS; lines up to the next one skipped"
                        .into(),
                ),
            ));
            m
        });
        if m.error.is_some() {
            continue;
        }
        let Some(found) = Key::lookup(key) else {
            m.fail(FormatError::new(
                n,
                "keyword",
                FormatErrorKind::UnknownKeyword(key.to_string()),
            ));
            continue;
        };
        let block = found.0.block();
        if block.section() < m.section {
            m.fail(FormatError::new(
                n,
                found.1,
                FormatErrorKind::Syntax(format!(
                    "{} belongs to the {}, which has already ended",
                    found.1,
                    block.section_name()
                )),
            ));
            continue;
        }
        m.section = block.section();
        let (value, unit) = if found.0.is_numeric() {
            split_unit(value)
        } else {
            (value, None)
        };
        if let Err(e) = m.record.set(found, value, unit, options.units, n) {
            m.fail(e);
        }
    }
    if let Some(m) = current.take() {
        m.finish_into(&mut parsed);
    }
    parsed
}

fn shorten(s: &str) -> String {
    s.chars().take(40).collect()
}

pub(crate) fn write(sets: &[ElementSet], options: &WriteOptions) -> String {
    let mut out = String::with_capacity(sets.len() * 900);
    for (i, set) in sets.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        write_one(&mut out, set, options);
    }
    out
}

fn pair(out: &mut String, key: &str, value: &str) {
    if value.is_empty() {
        let _ = writeln!(out, "{key} =");
    } else {
        let _ = writeln!(out, "{key} = {value}");
    }
}

fn write_one(out: &mut String, set: &ElementSet, options: &WriteOptions) {
    let xp = set.ephemeris_type == 4;
    pair(out, "CCSDS_OMM_VERS", "2.0");
    pair(
        out,
        "CREATION_DATE",
        &fmt_epoch(options.creation_date.unwrap_or(set.epoch)),
    );
    pair(out, "ORIGINATOR", &options.originator);
    out.push('\n');
    pair(out, "OBJECT_NAME", &one_line(set.object_name.as_deref()));
    pair(out, "OBJECT_ID", &one_line(set.object_id.as_deref()));
    pair(out, "CENTER_NAME", "EARTH");
    pair(out, "REF_FRAME", "TEME");
    pair(out, "TIME_SYSTEM", "UTC");
    pair(out, "MEAN_ELEMENT_THEORY", theory_name(set));
    out.push('\n');
    pair(out, "EPOCH", &fmt_epoch(set.epoch));
    pair(out, "MEAN_MOTION", &fmt_f64(set.mean_motion_rev_day));
    pair(out, "ECCENTRICITY", &fmt_f64(set.eccentricity));
    pair(out, "INCLINATION", &fmt_f64(set.inclination_deg));
    pair(out, "RA_OF_ASC_NODE", &fmt_f64(set.raan_deg));
    pair(out, "ARG_OF_PERICENTER", &fmt_f64(set.arg_perigee_deg));
    pair(out, "MEAN_ANOMALY", &fmt_f64(set.mean_anomaly_deg));
    out.push('\n');
    pair(out, "EPHEMERIS_TYPE", &set.ephemeris_type.to_string());
    pair(out, "CLASSIFICATION_TYPE", &set.classification.to_string());
    pair(out, "NORAD_CAT_ID", &set.norad_id.to_string());
    pair(out, "ELEMENT_SET_NO", &set.element_set_no.to_string());
    pair(out, "REV_AT_EPOCH", &set.rev_at_epoch.to_string());
    if xp {
        pair(out, "BTERM", &fmt_f64(set.bstar_per_er));
        pair(
            out,
            "MEAN_MOTION_DOT",
            &fmt_f64(set.mean_motion_dot_rev_day2),
        );
        pair(out, "AGOM", &fmt_f64(set.mean_motion_ddot_rev_day3));
    } else {
        pair(out, "BSTAR", &fmt_f64(set.bstar_per_er));
        pair(
            out,
            "MEAN_MOTION_DOT",
            &fmt_f64(set.mean_motion_dot_rev_day2),
        );
        pair(
            out,
            "MEAN_MOTION_DDOT",
            &fmt_f64(set.mean_motion_ddot_rev_day3),
        );
    }
    if let Some(t) = set.object_type {
        out.push('\n');
        pair(out, "USER_DEFINED_OBJECT_TYPE", t.as_str());
    }
}

/// KVN values are one line: line breaks in a name are written as blanks.
fn one_line(s: Option<&str>) -> String {
    s.unwrap_or("").replace(['\n', '\r'], " ")
}
