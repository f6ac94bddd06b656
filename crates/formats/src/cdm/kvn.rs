//! CDM in KVN (keyword = value notation), CCSDS 508.0-B-1 section 6.2.
//!
//! A KVN CDM has no block delimiters: the keyword tells the block. The reader keeps the
//! standard's order of sections (header, relative metadata/data, then per object metadata and
//! data) and of the data blocks (OD parameters, additional parameters, state vector,
//! covariance, ...), and refuses a keyword that comes back to a block already left.
//!
//! Comments: a run of `COMMENT` lines belongs to the block of the keyword that follows it
//! (`COMMENT HBR = 10 [m]` before `OBJECT = OBJECT1` is object 1's metadata comment). At the
//! start of an object's data, the first comment line is the data's own and the rest belong to
//! the first block, as Orekit reads them. Comments after the last keyword join the last block.

use super::build::{DataBlock, DataBuilder, Parts, SegmentBuilder};
use super::model::*;
use super::values::parse_f64;
use super::ReadOptions;
use crate::{FormatError, FormatErrorKind};
use std::fmt::Write as _;

/// One line of KVN.
enum Token<'a> {
    Blank,
    Comment(&'a str),
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
            return Token::Comment(rest.trim());
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

/// `715 [m]` → (`715`, `m`). An empty bracket, even unclosed (`85.4 [`, as some CARA files
/// have), is no unit.
fn split_unit(value: &str) -> (&str, Option<&str>) {
    if let Some(open) = value.rfind('[') {
        let unit = value[open + 1..].trim();
        let unit = unit.strip_suffix(']').unwrap_or(unit).trim();
        if unit.is_empty() {
            return (value[..open].trim_end(), None);
        }
        if value.ends_with(']') {
            return (value[..open].trim_end(), Some(unit));
        }
    }
    (value, None)
}

/// Where the reader is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    Header,
    Relative,
    Metadata,
    Data(DataBlock),
}

fn section_name(s: Section) -> &'static str {
    match s {
        Section::Header => "header",
        Section::Relative => "relative metadata/data",
        Section::Metadata => "object metadata",
        Section::Data(_) => "object data",
    }
}

fn out_of_order(line: usize, key: &str, block: &'static str) -> FormatError {
    FormatError::new(
        line,
        "keyword",
        FormatErrorKind::Syntax(format!(
            "{key} belongs to the {block}, which has already ended"
        )),
    )
}

pub(crate) fn read(text: &str, options: &ReadOptions) -> Result<Cdm, FormatError> {
    let policy = options.units;
    let mut parts = Parts::new();
    let mut pending: Vec<String> = Vec::new();
    let mut section = Section::Header;
    for (i, raw) in text.split('\n').enumerate() {
        let n = i + 1;
        let raw = if i == 0 {
            raw.trim_start_matches('\u{feff}')
        } else {
            raw
        };
        let (key, value) = match lex(raw) {
            Token::Blank => continue,
            Token::Comment(c) => {
                pending.push(c.to_string());
                parts.end_line = n;
                continue;
            }
            Token::Bad => {
                return Err(FormatError::new(
                    n,
                    "line",
                    FormatErrorKind::Syntax(format!(
                        "expected KEYWORD = value or COMMENT, found {:?}",
                        super::values::shorten(raw.trim())
                    )),
                ))
            }
            Token::Pair { key, value } => (key, value),
        };
        parts.end_line = n;
        if key == "CCSDS_CDM_VERS" {
            if parts.version.is_some() {
                return Err(FormatError::new(
                    n,
                    "CCSDS_CDM_VERS",
                    FormatErrorKind::Syntax("one CDM per file: a second message starts".into()),
                ));
            }
            check_version(value, n)?;
            parts.version = Some(value.to_string());
            parts.header_line = n;
            continue;
        }
        if parts.version.is_none() {
            return Err(FormatError::new(
                n,
                "CCSDS_CDM_VERS",
                FormatErrorKind::BadLine("a CDM must start with CCSDS_CDM_VERS".into()),
            ));
        }
        if let Some(numeric) = HeaderBuilder::numeric(key) {
            if section != Section::Header {
                return Err(out_of_order(n, key, "header"));
            }
            parts.header.comments.append(&mut pending);
            let (v, unit) = value_unit(value, numeric);
            parts.header.set(key, v, unit, n, policy)?;
        } else if let Some(numeric) = RelativeBuilder::numeric(key) {
            if !matches!(section, Section::Header | Section::Relative) {
                return Err(out_of_order(n, key, section_name(Section::Relative)));
            }
            if section == Section::Header {
                parts.relative_line = n;
            }
            section = Section::Relative;
            parts.relative.comments.append(&mut pending);
            let (v, unit) = value_unit(value, numeric);
            parts.relative.set(key, v, unit, n, policy)?;
        } else if key == "OBJECT" {
            if parts.segments.len() == 2 {
                return Err(FormatError::new(
                    n,
                    "OBJECT",
                    FormatErrorKind::Syntax("a CDM describes two objects, not three".into()),
                ));
            }
            let mut seg = SegmentBuilder::new(n);
            seg.metadata.comments.append(&mut pending);
            seg.metadata.set(key, value, None, n, policy)?;
            parts.segments.push(seg);
            section = Section::Metadata;
        } else if let Some(numeric) = MetadataBuilder::numeric(key) {
            let Some(seg) = parts.segments.last_mut() else {
                return Err(before_object(n, key));
            };
            if section != Section::Metadata {
                return Err(out_of_order(n, key, "object metadata"));
            }
            seg.metadata.comments.append(&mut pending);
            let (v, unit) = value_unit(value, numeric);
            seg.metadata.set(key, v, unit, n, policy)?;
        } else {
            let Some(seg) = parts.segments.last_mut() else {
                return Err(if DataBuilder::new().classify(key).is_some() {
                    before_object(n, key)
                } else {
                    unknown(n, key)
                });
            };
            let Some((block, numeric)) = seg.data.classify(key) else {
                return Err(unknown(n, key));
            };
            match section {
                Section::Data(current) if block < current => {
                    return Err(out_of_order(n, key, block_name(block)));
                }
                Section::Data(_) => {}
                _ => {
                    // The first comment line of the data is the data's own (see the module
                    // documentation); the rest are the first block's.
                    if !pending.is_empty() {
                        seg.data.comments.push(pending.remove(0));
                    }
                }
            }
            section = Section::Data(block);
            seg.data.comments_of(block).append(&mut pending);
            let (v, unit) = value_unit(value, numeric);
            seg.data.set(block, key, v, unit, n, policy)?;
        }
    }
    for seg in &mut parts.segments {
        seg.data.drop_valueless_leading_blocks();
    }
    if !pending.is_empty() {
        // Comments after the last keyword join the last block.
        let target = match (section, parts.segments.last_mut()) {
            (Section::Data(b), Some(seg)) => seg.data.comments_of(b),
            (Section::Metadata, Some(seg)) => &mut seg.metadata.comments,
            (Section::Relative, _) => &mut parts.relative.comments,
            _ => &mut parts.header.comments,
        };
        target.append(&mut pending);
    }
    parts.finish()
}

fn value_unit(value: &str, numeric: bool) -> (&str, Option<&str>) {
    if numeric {
        split_unit(value)
    } else {
        (value, None)
    }
}

fn check_version(value: &str, line: usize) -> Result<(), FormatError> {
    match parse_f64(value) {
        Some(v) if (1.0..3.0).contains(&v) => Ok(()),
        _ => Err(FormatError::new(
            line,
            "CCSDS_CDM_VERS",
            FormatErrorKind::BadValue {
                text: super::values::shorten(value),
                rule: "a CDM version 1.x or 2.x",
            },
        )),
    }
}

fn before_object(line: usize, key: &str) -> FormatError {
    FormatError::new(
        line,
        "keyword",
        FormatErrorKind::Syntax(format!(
            "{key} belongs to an object, but no OBJECT = OBJECT1 came before it"
        )),
    )
}

fn unknown(line: usize, key: &str) -> FormatError {
    FormatError::new(
        line,
        "keyword",
        FormatErrorKind::UnknownKeyword(super::values::shorten(key)),
    )
}

fn block_name(b: DataBlock) -> &'static str {
    match b {
        DataBlock::Od => "OD parameters",
        DataBlock::Additional => "additional parameters",
        DataBlock::State => "state vector",
        DataBlock::Rtn => "RTN covariance",
        DataBlock::Xyz => "XYZ covariance",
        DataBlock::Sigma => "sigma/eigenvector covariance",
        DataBlock::AddCov => "additional covariance metadata",
        DataBlock::User => "user-defined parameters",
    }
}

/// Keywords are padded to this width so that values line up, as the examples of the standard
/// are written.
const KEY_WIDTH: usize = 36;

fn pair(out: &mut String, key: &str, value: &str, unit: &str) {
    let _ = write!(out, "{key:<KEY_WIDTH$}=");
    if !value.is_empty() {
        // KVN values are one line: line breaks (possible in XML text) become blanks.
        let _ = write!(out, " {}", value.replace(['\n', '\r'], " "));
    }
    if !unit.is_empty() {
        let _ = write!(out, " [{unit}]");
    }
    out.push('\n');
}

fn comments(out: &mut String, comments: &[String]) {
    for c in comments {
        let c = c.replace(['\n', '\r'], " ");
        if c.is_empty() {
            out.push_str("COMMENT\n");
        } else {
            let _ = writeln!(out, "COMMENT {c}");
        }
    }
}

fn entries(out: &mut String, list: Vec<(&'static str, String, &'static str)>) {
    for (key, value, unit) in list {
        pair(out, key, &value, unit);
    }
}

/// An optional block after the covariance: its comments and values. One with comments but no
/// value gets its first keyword with an empty value (which reads as absent), so that the
/// comments stay its own rather than joining the next object's metadata. (Only the 508.0-B-2
/// additional covariance metadata can be such a block.)
fn optional_block(
    out: &mut String,
    comment_lines: &[String],
    list: Vec<(&'static str, String, &'static str)>,
    first_key: &str,
) {
    comments(out, comment_lines);
    if list.is_empty() {
        pair(out, first_key, "", "");
    } else {
        entries(out, list);
    }
}

fn covariance(out: &mut String, cov: &Covariance, keys: &[&str; 45]) {
    comments(out, &cov.comments);
    for (i, v) in cov.lower.iter().enumerate().take(45) {
        pair(out, keys[i], &super::values::fmt_f64(*v), COV_UNITS[i]);
    }
}

pub(crate) fn write(cdm: &Cdm) -> String {
    let mut out = String::with_capacity(8 * 1024);
    pair(&mut out, "CCSDS_CDM_VERS", &cdm.version, "");
    comments(&mut out, &cdm.header.comments);
    entries(&mut out, cdm.header.entries());
    comments(&mut out, &cdm.relative.comments);
    entries(&mut out, cdm.relative.entries());
    for seg in [&cdm.object1, &cdm.object2] {
        comments(&mut out, &seg.metadata.comments);
        entries(&mut out, seg.metadata.entries());
        let d = &seg.data;
        comments(&mut out, &d.comments);
        // A block without values has its comments written, and they read back with the next
        // block (see `DataBuilder::drop_valueless_leading_blocks`).
        if let Some(b) = &d.od_parameters {
            comments(&mut out, &b.comments);
            entries(&mut out, b.entries());
        }
        if let Some(b) = &d.additional_parameters {
            comments(&mut out, &b.comments);
            entries(&mut out, b.entries());
        }
        comments(&mut out, &d.state_vector.comments);
        entries(&mut out, d.state_vector.entries());
        if let Some(c) = &d.rtn_covariance {
            covariance(&mut out, c, &RTN_KEYS);
        }
        if let Some(c) = &d.xyz_covariance {
            covariance(&mut out, c, &XYZ_KEYS);
        }
        if let Some(b) = &d.sigma_eigenvectors {
            comments(&mut out, &b.comments);
            entries(&mut out, b.entries());
        }
        if let Some(b) = &d.additional_covariance_metadata {
            optional_block(
                &mut out,
                &b.comments,
                b.entries(),
                AdditionalCovarianceMetadata::KEYS[0],
            );
        }
        if let Some(u) = &d.user_defined {
            comments(&mut out, &u.comments);
            for (name, value) in &u.parameters {
                pair(&mut out, &format!("USER_DEFINED_{name}"), value, "");
            }
        }
    }
    out
}
