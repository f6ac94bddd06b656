//! CCSDS OMM in XML (the NDM/XML schema): a bare `<omm>`, or an `<ndm>` combined
//! instantiation holding several (CelesTrak's and Space-Track's XML).
//!
//! `quick-xml` lexes; each `<omm>` is gathered into a small element tree as it is read and
//! interpreted when it closes, so a long `<ndm>` is read in one pass and a broken `<omm>` costs
//! only itself. Documents written one after another (concatenated `.xml` files) are read one
//! after another. An XML syntax error stops the reading (the rest of the document cannot be
//! trusted), keeping the messages read before it. Namespace prefixes are ignored.

use super::keys::{
    fmt_epoch, fmt_f64, line_at, line_starts, theory_name, Block, Dialect, Key, Record,
};
use super::{ReadOptions, WriteOptions};
use crate::text::entity_char;
use crate::{ElementSet, FormatError, FormatErrorKind, Parsed};
use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};
use std::fmt::Write as _;

/// An element with its text and the line of its start tag.
#[derive(Debug, Default)]
struct Node {
    name: String,
    attrs: Vec<(String, String)>,
    text: String,
    line: usize,
    children: Vec<Node>,
}

impl Node {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Elements nested deeper than this are not an OMM; refusing them bounds memory and time.
const MAX_DEPTH: usize = 32;

fn node_from(start: &BytesStart<'_>, line: usize) -> Result<Node, FormatError> {
    let name = String::from_utf8_lossy(start.local_name().as_ref().as_bytes()).into_owned();
    let mut attrs = Vec::new();
    for a in start.attributes() {
        let a = a.map_err(|e| syntax(line, e.to_string()))?;
        let value = a
            .normalized_value(XmlVersion::Implicit1_0)
            .map_err(|e| syntax(line, e.to_string()))?;
        let local = a.key.local_name();
        let key: &str = local.as_ref();
        attrs.push((key.to_string(), value.into_owned()));
    }
    Ok(Node {
        name,
        attrs,
        line,
        ..Node::default()
    })
}

fn syntax(line: usize, why: String) -> FormatError {
    FormatError::new(line, "xml", FormatErrorKind::Syntax(why))
}

fn unknown(node: &Node, parent: &'static str) -> FormatError {
    FormatError::new(
        node.line,
        parent,
        FormatErrorKind::UnknownKeyword(node.name.clone()),
    )
}

pub(crate) fn read(text: &str, options: &ReadOptions) -> Parsed {
    let mut parsed = Parsed::default();
    if text.trim().is_empty() {
        return parsed;
    }
    let starts = line_starts(text);
    // Text is not trimmed by the reader: `A &amp; B` comes as three events, and trimming
    // each would lose the blanks. Values are trimmed whole by the record.
    let mut reader = Reader::from_str(text);
    let mut stack: Vec<Node> = Vec::new();
    loop {
        let event = reader.read_event();
        let pos = reader.buffer_position() as usize;
        let line = line_at(&starts, pos.saturating_sub(1));
        match event {
            Err(e) => {
                let at = line_at(&starts, reader.error_position() as usize);
                parsed.errors.push(syntax(at, e.to_string()));
                break;
            }
            Ok(Event::Eof) => {
                if let Some(open) = stack.last() {
                    parsed
                        .errors
                        .push(syntax(line, format!("<{}> is never closed", open.name)));
                }
                break;
            }
            Ok(Event::Start(s)) => {
                if stack.len() >= MAX_DEPTH {
                    parsed
                        .errors
                        .push(syntax(line, "elements nested too deeply".into()));
                    break;
                }
                match node_from(&s, line) {
                    Ok(node) => {
                        if stack.is_empty() && !matches!(node.name.as_str(), "omm" | "ndm") {
                            parsed.errors.push(FormatError::new(
                                line,
                                "root",
                                FormatErrorKind::BadValue {
                                    text: node.name,
                                    rule: "an <omm>, or an <ndm> holding OMMs",
                                },
                            ));
                            break;
                        }
                        stack.push(node);
                    }
                    Err(e) => {
                        parsed.errors.push(e);
                        break;
                    }
                }
            }
            Ok(Event::Empty(s)) => match node_from(&s, line) {
                Ok(node) => {
                    if stack.is_empty() {
                        close_root(node, options, &mut parsed);
                    } else {
                        close(node, &mut stack, options, &mut parsed);
                    }
                }
                Err(e) => {
                    parsed.errors.push(e);
                    break;
                }
            },
            Ok(Event::End(_)) => {
                // quick-xml has checked that the end tag matches the open element.
                let Some(node) = stack.pop() else {
                    parsed
                        .errors
                        .push(syntax(line, "end tag without start".into()));
                    break;
                };
                if stack.is_empty() {
                    close_root(node, options, &mut parsed);
                } else {
                    close(node, &mut stack, options, &mut parsed);
                }
            }
            Ok(Event::Text(t)) => match stack.last_mut() {
                Some(top) => top.text.push_str(&t.xml_content(XmlVersion::Implicit1_0)),
                None if t.trim().is_empty() => {}
                None => {
                    parsed.errors.push(syntax(
                        line,
                        "text outside any element: not CCSDS OMM XML".into(),
                    ));
                    break;
                }
            },
            Ok(Event::CData(c)) => {
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&c.xml_content(XmlVersion::Implicit1_0));
                }
            }
            Ok(Event::GeneralRef(r)) => {
                let resolved = entity_char(&r);
                match (resolved, stack.last_mut()) {
                    (Some(c), Some(top)) => top.text.push(c),
                    (Some(_), None) => {}
                    (None, _) => {
                        parsed
                            .errors
                            .push(syntax(line, format!("unknown entity &{};", &*r)));
                        break;
                    }
                }
            }
            Ok(_) => {}
        }
    }
    parsed
}

/// An element closed inside the root: an `<omm>` of an `<ndm>` is read now; anything else
/// joins its parent.
fn close(node: Node, stack: &mut [Node], options: &ReadOptions, parsed: &mut Parsed) {
    let depth = stack.len();
    let Some(parent) = stack.last_mut() else {
        return;
    };
    if node.name == "omm" && depth == 1 && parent.name == "ndm" {
        push_result(omm(node, options), parsed);
    } else {
        parent.children.push(node);
    }
}

fn close_root(node: Node, options: &ReadOptions, parsed: &mut Parsed) {
    match node.name.as_str() {
        "omm" => push_result(omm(node, options), parsed),
        "ndm" => {
            // An <ndm>: its OMMs are read; anything else in it is not an OMM.
            for child in &node.children {
                if child.name != "COMMENT" && child.name != "MESSAGE_ID" {
                    parsed.errors.push(unknown(child, "ndm"));
                }
            }
        }
        _ => parsed.errors.push(FormatError::new(
            node.line,
            "root",
            FormatErrorKind::BadValue {
                text: node.name,
                rule: "an <omm>, or an <ndm> holding OMMs",
            },
        )),
    }
}

fn push_result(r: Result<ElementSet, FormatError>, parsed: &mut Parsed) {
    match r {
        Ok(set) => parsed.sets.push(set),
        Err(e) => parsed.errors.push(e),
    }
}

/// Read one `<omm>`.
fn omm(node: Node, options: &ReadOptions) -> Result<ElementSet, FormatError> {
    let mut rec = Record::new(node.line);
    if let (Some(v), Some(found)) = (node.attr("version"), Key::lookup("CCSDS_OMM_VERS")) {
        rec.set(found, v, None, options.units, node.line)?;
    }
    let (mut header, mut body) = (false, false);
    for child in node.children {
        match child.name.as_str() {
            "header" if !header => {
                header = true;
                leaves(&mut rec, child, Block::Header, options)?;
            }
            "body" if !body => {
                body = true;
                let mut segment = false;
                for seg in child.children {
                    if seg.name == "segment" && !segment {
                        segment = true;
                        read_segment(&mut rec, seg, options)?;
                    } else if seg.name == "segment" {
                        return Err(twice(&seg, "segment", "body"));
                    } else {
                        return Err(unknown(&seg, "body"));
                    }
                }
            }
            "header" => return Err(twice(&child, "header", "omm")),
            "body" => return Err(twice(&child, "body", "omm")),
            _ => return Err(unknown(&child, "omm")),
        }
    }
    rec.finish(Dialect::Ccsds)
}

fn twice(node: &Node, field: &'static str, parent: &'static str) -> FormatError {
    FormatError::new(
        node.line,
        field,
        FormatErrorKind::Syntax(format!(
            "a second <{}> in one <{parent}>: an OMM has one",
            node.name
        )),
    )
}

fn read_segment(rec: &mut Record, seg: Node, options: &ReadOptions) -> Result<(), FormatError> {
    let (mut metadata, mut data) = (false, false);
    for child in seg.children {
        match child.name.as_str() {
            "metadata" if !metadata => {
                metadata = true;
                leaves(rec, child, Block::Metadata, options)?;
            }
            "data" if !data => {
                data = true;
                for block in child.children {
                    let kind = match block.name.as_str() {
                        "COMMENT" => continue,
                        "meanElements" => Block::MeanElements,
                        "spacecraftParameters" => Block::Spacecraft,
                        "tleParameters" => Block::Tle,
                        "covarianceMatrix" => Block::Covariance,
                        "userDefinedParameters" => Block::UserDefined,
                        _ => return Err(unknown(&block, "data")),
                    };
                    leaves(rec, block, kind, options)?;
                }
            }
            "metadata" => return Err(twice(&child, "metadata", "segment")),
            "data" => return Err(twice(&child, "data", "segment")),
            _ => return Err(unknown(&child, "segment")),
        }
    }
    Ok(())
}

/// The value elements of one block.
fn leaves(
    rec: &mut Record,
    block: Node,
    kind: Block,
    options: &ReadOptions,
) -> Result<(), FormatError> {
    for leaf in block.children {
        if leaf.name == "COMMENT" {
            continue;
        }
        if let Some(inner) = leaf.children.first() {
            return Err(FormatError::new(
                inner.line,
                "xml",
                FormatErrorKind::Syntax(format!(
                    "<{}> holds <{}>; a value was expected",
                    leaf.name, inner.name
                )),
            ));
        }
        if kind == Block::UserDefined {
            if leaf.name != "USER_DEFINED" {
                return Err(unknown(&leaf, "userDefinedParameters"));
            }
            if leaf.attr("parameter") == Some("OBJECT_TYPE") {
                rec.set(
                    (Key::ObjectType, "USER_DEFINED_OBJECT_TYPE"),
                    &leaf.text,
                    None,
                    options.units,
                    leaf.line,
                )?;
            }
            continue;
        }
        let Some(found) = Key::lookup(&leaf.name).filter(|(k, _)| *k != Key::ObjectType) else {
            return Err(unknown(&leaf, block_tag(kind)));
        };
        if found.0.block() != kind {
            return Err(FormatError::new(
                leaf.line,
                found.1,
                FormatErrorKind::Syntax(format!(
                    "<{}> does not belong in <{}>",
                    found.1,
                    block_tag(kind)
                )),
            ));
        }
        rec.set(
            found,
            &leaf.text,
            leaf.attr("units"),
            options.units,
            leaf.line,
        )?;
    }
    Ok(())
}

fn block_tag(b: Block) -> &'static str {
    match b {
        Block::Header => "header",
        Block::Metadata => "metadata",
        Block::MeanElements => "meanElements",
        Block::Spacecraft => "spacecraftParameters",
        Block::Tle => "tleParameters",
        Block::Covariance => "covarianceMatrix",
        Block::UserDefined => "userDefinedParameters",
    }
}

/// Text with the five XML special characters escaped.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // A carriage return would be read back as a line feed.
            '\r' => out.push_str("&#13;"),
            c => out.push(c),
        }
    }
    out
}

pub(crate) fn write(sets: &[ElementSet], options: &WriteOptions) -> String {
    let mut out = String::with_capacity(200 + sets.len() * 1500);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(
        "<ndm xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
         xsi:noNamespaceSchemaLocation=\"https://sanaregistry.org/r/ndmxml_unqualified/ndmxml-2.0.0-master-2.0.xsd\">\n",
    );
    for set in sets {
        write_one(&mut out, set, options);
    }
    out.push_str("</ndm>\n");
    out
}

fn leaf(out: &mut String, indent: usize, tag: &str, value: &str) {
    let _ = writeln!(
        out,
        "{:indent$}<{tag}>{}</{tag}>",
        "",
        escape(value),
        indent = indent
    );
}

fn write_one(out: &mut String, set: &ElementSet, options: &WriteOptions) {
    let xp = set.ephemeris_type == 4;
    out.push_str("  <omm id=\"CCSDS_OMM_VERS\" version=\"2.0\">\n    <header>\n");
    leaf(
        out,
        6,
        "CREATION_DATE",
        &fmt_epoch(options.creation_date.unwrap_or(set.epoch)),
    );
    leaf(out, 6, "ORIGINATOR", &options.originator);
    out.push_str("    </header>\n    <body>\n      <segment>\n        <metadata>\n");
    leaf(
        out,
        10,
        "OBJECT_NAME",
        set.object_name.as_deref().unwrap_or(""),
    );
    leaf(out, 10, "OBJECT_ID", set.object_id.as_deref().unwrap_or(""));
    leaf(out, 10, "CENTER_NAME", "EARTH");
    leaf(out, 10, "REF_FRAME", "TEME");
    leaf(out, 10, "TIME_SYSTEM", "UTC");
    leaf(out, 10, "MEAN_ELEMENT_THEORY", theory_name(set));
    out.push_str("        </metadata>\n        <data>\n          <meanElements>\n");
    leaf(out, 12, "EPOCH", &fmt_epoch(set.epoch));
    leaf(out, 12, "MEAN_MOTION", &fmt_f64(set.mean_motion_rev_day));
    leaf(out, 12, "ECCENTRICITY", &fmt_f64(set.eccentricity));
    leaf(out, 12, "INCLINATION", &fmt_f64(set.inclination_deg));
    leaf(out, 12, "RA_OF_ASC_NODE", &fmt_f64(set.raan_deg));
    leaf(out, 12, "ARG_OF_PERICENTER", &fmt_f64(set.arg_perigee_deg));
    leaf(out, 12, "MEAN_ANOMALY", &fmt_f64(set.mean_anomaly_deg));
    out.push_str("          </meanElements>\n          <tleParameters>\n");
    leaf(out, 12, "EPHEMERIS_TYPE", &set.ephemeris_type.to_string());
    leaf(
        out,
        12,
        "CLASSIFICATION_TYPE",
        &set.classification.to_string(),
    );
    leaf(out, 12, "NORAD_CAT_ID", &set.norad_id.to_string());
    leaf(out, 12, "ELEMENT_SET_NO", &set.element_set_no.to_string());
    leaf(out, 12, "REV_AT_EPOCH", &set.rev_at_epoch.to_string());
    let (drag, second) = if xp {
        ("BTERM", "AGOM")
    } else {
        ("BSTAR", "MEAN_MOTION_DDOT")
    };
    leaf(out, 12, drag, &fmt_f64(set.bstar_per_er));
    leaf(
        out,
        12,
        "MEAN_MOTION_DOT",
        &fmt_f64(set.mean_motion_dot_rev_day2),
    );
    leaf(out, 12, second, &fmt_f64(set.mean_motion_ddot_rev_day3));
    out.push_str("          </tleParameters>\n");
    if let Some(t) = set.object_type {
        out.push_str("          <userDefinedParameters>\n");
        let _ = writeln!(
            out,
            "            <USER_DEFINED parameter=\"OBJECT_TYPE\">{}</USER_DEFINED>",
            t.as_str()
        );
        out.push_str("          </userDefinedParameters>\n");
    }
    out.push_str("        </data>\n      </segment>\n    </body>\n  </omm>\n");
}
