//! CDM in XML (the NDM/XML schema of CCSDS 508.0-B-1 annex, as Orekit reads and writes it):
//! `<cdm><header/><body><relativeMetadataData/><segment><metadata/><data/></segment>×2</body>`.
//!
//! `quick-xml` lexes; the document is gathered into a small element tree (a CDM is a few
//! hundred elements) and then read block by block, each value with the line of its element.
//! An element with `nil="true"` or no text has no value: absent when optional, an error when
//! obligatory. Namespace prefixes are ignored. The 508.0-B-2 blocks that have no element of
//! their own in the example files (XYZ and sigma/eigenvector covariances, additional
//! covariance metadata) are further `<covarianceMatrix>` elements, told apart by their
//! keywords, as Orekit writes them.

use super::build::{DataBlock, DataBuilder, Parts, SegmentBuilder};
use super::model::*;
use super::values::{fmt_f64, parse_f64, shorten};
use super::{ReadOptions, UnitPolicy};
use crate::text::entity_char;
use crate::{FormatError, FormatErrorKind};
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

    /// The element's value: none when `nil="true"`.
    fn value(&self) -> &str {
        if self.attr("nil") == Some("true") {
            ""
        } else {
            &self.text
        }
    }
}

/// Elements nested deeper than this are not a CDM; refusing them bounds memory and time.
const MAX_DEPTH: usize = 16;
/// A CDM has a few hundred elements; far more is not a CDM.
const MAX_ELEMENTS: usize = 100_000;

fn syntax(line: usize, why: String) -> FormatError {
    FormatError::new(line, "xml", FormatErrorKind::Syntax(why))
}

fn unknown(node: &Node, parent: &'static str) -> FormatError {
    FormatError::new(
        node.line,
        parent,
        FormatErrorKind::UnknownKeyword(shorten(&node.name)),
    )
}

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
        let key = key.to_string();
        attrs.push((key, value.into_owned()));
    }
    Ok(Node {
        name,
        attrs,
        line,
        ..Node::default()
    })
}

fn line_starts(text: &str) -> Vec<usize> {
    let mut v = vec![0];
    v.extend(
        text.bytes()
            .enumerate()
            .filter(|(_, b)| *b == b'\n')
            .map(|(i, _)| i + 1),
    );
    v
}

fn line_at(starts: &[usize], offset: usize) -> usize {
    starts.partition_point(|&s| s <= offset).max(1)
}

/// The document as a tree: its root element.
fn parse_tree(text: &str) -> Result<Node, FormatError> {
    let starts = line_starts(text);
    let mut reader = Reader::from_str(text);
    let mut stack: Vec<Node> = Vec::new();
    let mut count = 0usize;
    loop {
        let event = reader.read_event();
        let pos = reader.buffer_position() as usize;
        let line = line_at(&starts, pos.saturating_sub(1));
        let closed = match event {
            Err(e) => {
                let at = line_at(&starts, reader.error_position() as usize);
                return Err(syntax(at, e.to_string()));
            }
            Ok(Event::Eof) => {
                return Err(match stack.last() {
                    Some(open) => {
                        syntax(line, format!("<{}> is never closed", shorten(&open.name)))
                    }
                    None => syntax(line, "no <cdm> element".into()),
                });
            }
            Ok(Event::Start(s)) => {
                count += 1;
                if stack.len() >= MAX_DEPTH || count > MAX_ELEMENTS {
                    return Err(syntax(
                        line,
                        "elements nested too deeply or too many".into(),
                    ));
                }
                stack.push(node_from(&s, line)?);
                None
            }
            Ok(Event::Empty(s)) => {
                count += 1;
                Some(node_from(&s, line)?)
            }
            Ok(Event::End(_)) => match stack.pop() {
                Some(node) => Some(node),
                None => return Err(syntax(line, "end tag without start".into())),
            },
            Ok(Event::Text(t)) => {
                let s = t.xml_content(XmlVersion::Implicit1_0);
                match stack.last_mut() {
                    Some(top) => top.text.push_str(&s),
                    None if s.trim().is_empty() => {}
                    None => return Err(syntax(line, "text outside any element".into())),
                }
                None
            }
            Ok(Event::CData(c)) => {
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&c.xml_content(XmlVersion::Implicit1_0));
                }
                None
            }
            Ok(Event::GeneralRef(r)) => {
                let resolved = entity_char(&r);
                match (resolved, stack.last_mut()) {
                    (Some(c), Some(top)) => top.text.push(c),
                    (Some(_), None) => {}
                    (None, _) => {
                        return Err(syntax(line, format!("unknown entity &{};", shorten(&r))))
                    }
                }
                None
            }
            Ok(_) => None,
        };
        if let Some(node) = closed {
            match stack.last_mut() {
                Some(parent) => parent.children.push(node),
                None => return Ok(node),
            }
        }
    }
}

pub(crate) fn read(text: &str, options: &ReadOptions) -> Result<Cdm, FormatError> {
    let mut root = parse_tree(text)?;
    if root.name == "ndm" {
        // A combined instantiation holding one CDM.
        let mut cdms: Vec<Node> = root
            .children
            .drain(..)
            .filter(|c| c.name == "cdm")
            .collect();
        if cdms.len() != 1 {
            return Err(FormatError::new(
                root.line,
                "ndm",
                FormatErrorKind::Syntax(format!(
                    "{} <cdm> in the <ndm>; one was expected",
                    cdms.len()
                )),
            ));
        }
        root = cdms.remove(0);
    }
    if root.name != "cdm" {
        return Err(FormatError::new(
            root.line,
            "root",
            FormatErrorKind::BadValue {
                text: shorten(&root.name),
                rule: "a <cdm>",
            },
        ));
    }
    let policy = options.units;
    let mut parts = Parts::new();
    parts.header_line = root.line;
    parts.end_line = root.line;
    match root.attr("version") {
        Some(v) if matches!(parse_f64(v), Some(x) if (1.0..3.0).contains(&x)) => {
            parts.version = Some(v.trim().to_string());
        }
        Some(v) => {
            return Err(FormatError::new(
                root.line,
                "CCSDS_CDM_VERS",
                FormatErrorKind::BadValue {
                    text: shorten(v),
                    rule: "a CDM version 1.x or 2.x",
                },
            ))
        }
        None => {
            return Err(FormatError::new(
                root.line,
                "CCSDS_CDM_VERS",
                FormatErrorKind::Missing,
            ))
        }
    }
    let (mut header, mut body) = (false, false);
    for child in root.children {
        match child.name.as_str() {
            "header" if !header => {
                header = true;
                parts.header_line = child.line;
                for leaf in child.children {
                    if leaf.name == "COMMENT" {
                        parts.header.comments.push(leaf.text.trim().to_string());
                        continue;
                    }
                    if HeaderBuilder::numeric(&leaf.name).is_none() {
                        return Err(unknown(&leaf, "header"));
                    }
                    no_children(&leaf)?;
                    parts.header.set(
                        &leaf.name,
                        leaf.value(),
                        leaf.attr("units"),
                        leaf.line,
                        policy,
                    )?;
                }
            }
            "body" if !body => {
                body = true;
                parts.end_line = child.line;
                read_body(child, &mut parts, policy)?;
            }
            _ => return Err(unknown(&child, "cdm")),
        }
    }
    parts.finish()
}

fn no_children(leaf: &Node) -> Result<(), FormatError> {
    match leaf.children.first() {
        Some(inner) => Err(FormatError::new(
            inner.line,
            "xml",
            FormatErrorKind::Syntax(format!(
                "<{}> holds <{}>; a value was expected",
                shorten(&leaf.name),
                shorten(&inner.name)
            )),
        )),
        None => Ok(()),
    }
}

fn read_body(body: Node, parts: &mut Parts, policy: UnitPolicy) -> Result<(), FormatError> {
    let mut relative = false;
    for child in body.children {
        match child.name.as_str() {
            "relativeMetadataData" if !relative && parts.segments.is_empty() => {
                relative = true;
                parts.relative_line = child.line;
                read_relative(child, parts, policy)?;
            }
            "segment" if parts.segments.len() < 2 => {
                let mut seg = SegmentBuilder::new(child.line);
                read_segment(child, &mut seg, policy)?;
                parts.segments.push(seg);
            }
            _ => return Err(unknown(&child, "body")),
        }
    }
    Ok(())
}

fn read_relative(node: Node, parts: &mut Parts, policy: UnitPolicy) -> Result<(), FormatError> {
    for leaf in node.children {
        if leaf.name == "COMMENT" {
            parts.relative.comments.push(leaf.text.trim().to_string());
        } else if leaf.name == "relativeStateVector" {
            for inner in leaf.children {
                if !inner.name.starts_with("RELATIVE_") {
                    return Err(unknown(&inner, "relativeStateVector"));
                }
                no_children(&inner)?;
                if RelativeBuilder::numeric(&inner.name).is_none() {
                    return Err(unknown(&inner, "relativeStateVector"));
                }
                parts.relative.set(
                    &inner.name,
                    inner.value(),
                    inner.attr("units"),
                    inner.line,
                    policy,
                )?;
            }
        } else {
            if RelativeBuilder::numeric(&leaf.name).is_none() {
                return Err(unknown(&leaf, "relativeMetadataData"));
            }
            no_children(&leaf)?;
            parts.relative.set(
                &leaf.name,
                leaf.value(),
                leaf.attr("units"),
                leaf.line,
                policy,
            )?;
        }
    }
    Ok(())
}

fn read_segment(
    node: Node,
    seg: &mut SegmentBuilder,
    policy: UnitPolicy,
) -> Result<(), FormatError> {
    let (mut metadata, mut data) = (false, false);
    for child in node.children {
        match child.name.as_str() {
            "metadata" if !metadata && !data => {
                metadata = true;
                for leaf in child.children {
                    if leaf.name == "COMMENT" {
                        seg.metadata.comments.push(leaf.text.trim().to_string());
                        continue;
                    }
                    if MetadataBuilder::numeric(&leaf.name).is_none() {
                        return Err(unknown(&leaf, "metadata"));
                    }
                    no_children(&leaf)?;
                    seg.metadata.set(
                        &leaf.name,
                        leaf.value(),
                        leaf.attr("units"),
                        leaf.line,
                        policy,
                    )?;
                }
            }
            "data" if !data => {
                data = true;
                read_data(child, &mut seg.data, policy)?;
            }
            _ => return Err(unknown(&child, "segment")),
        }
    }
    Ok(())
}

/// The block a `<covarianceMatrix>` (or a 508.0-B-2 block element) holds, from its first
/// keyword.
fn covariance_kind(node: &Node, data: &DataBuilder) -> Option<DataBlock> {
    let first = node.children.iter().find(|c| c.name != "COMMENT");
    let Some(first) = first else {
        return Some(DataBlock::Rtn);
    };
    match data.classify(&first.name) {
        Some((b @ (DataBlock::Rtn | DataBlock::Xyz | DataBlock::Sigma | DataBlock::AddCov), _)) => {
            // A covariance opened by a shared keyword (CDRG_DRG) is the XYZ one only when its
            // other keywords are.
            if b == DataBlock::Rtn && node.children.iter().any(|c| xyz_only(&c.name)) {
                Some(DataBlock::Xyz)
            } else {
                Some(b)
            }
        }
        _ => None,
    }
}

/// A keyword of the XYZ covariance that the RTN one does not share.
fn xyz_only(name: &str) -> bool {
    XYZ_KEYS.contains(&name) && !RTN_KEYS.contains(&name)
}

fn read_data(node: Node, data: &mut DataBuilder, policy: UnitPolicy) -> Result<(), FormatError> {
    let mut last: Option<DataBlock> = None;
    for child in node.children {
        if child.name == "COMMENT" {
            if last.is_some() {
                return Err(FormatError::new(
                    child.line,
                    "COMMENT",
                    FormatErrorKind::Syntax("a <data> comment comes before its blocks".into()),
                ));
            }
            data.comments.push(child.text.trim().to_string());
            continue;
        }
        let block = match child.name.as_str() {
            "odParameters" => DataBlock::Od,
            "additionalParameters" => DataBlock::Additional,
            "stateVector" => DataBlock::State,
            "covarianceMatrix" => {
                covariance_kind(&child, data).ok_or_else(|| unknown(&child, "data"))?
            }
            "xyzCovarianceMatrix" => DataBlock::Xyz,
            "sig3EigVec3CovarianceMatrix" => DataBlock::Sigma,
            "additionalCovMetadata" => DataBlock::AddCov,
            "userDefinedParameters" => DataBlock::User,
            _ => return Err(unknown(&child, "data")),
        };
        if last.is_some_and(|l| l >= block) {
            return Err(FormatError::new(
                child.line,
                "data",
                FormatErrorKind::Syntax(format!(
                    "<{}> is out of order or given twice",
                    shorten(&child.name)
                )),
            ));
        }
        last = Some(block);
        let tag: &'static str = match block {
            DataBlock::Od => "odParameters",
            DataBlock::Additional => "additionalParameters",
            DataBlock::State => "stateVector",
            DataBlock::User => "userDefinedParameters",
            _ => "covarianceMatrix",
        };
        for leaf in child.children {
            if leaf.name == "COMMENT" {
                data.comments_of(block).push(leaf.text.trim().to_string());
                continue;
            }
            no_children(&leaf)?;
            if block == DataBlock::User {
                // The schema's form, `<USER_DEFINED parameter="NAME">`, or the
                // `<USER_DEFINED_NAME>` Orekit's example uses.
                let key = if leaf.name == "USER_DEFINED" {
                    match leaf.attr("parameter") {
                        Some(p) if !p.trim().is_empty() => format!("USER_DEFINED_{}", p.trim()),
                        _ => {
                            return Err(FormatError::new(
                                leaf.line,
                                "USER_DEFINED",
                                FormatErrorKind::Missing,
                            ))
                        }
                    }
                } else {
                    leaf.name.clone()
                };
                data.set(block, &key, leaf.value(), None, leaf.line, policy)?;
                continue;
            }
            // Shared covariance keywords belong to the block they sit in.
            let fits = match data.classify(&leaf.name) {
                Some((b, _)) => {
                    b == block
                        || (matches!(block, DataBlock::Rtn | DataBlock::Xyz)
                            && matches!(b, DataBlock::Rtn | DataBlock::Xyz)
                            && RTN_KEYS.contains(&leaf.name.as_str())
                            && XYZ_KEYS.contains(&leaf.name.as_str()))
                }
                None => false,
            };
            if !fits {
                return Err(unknown(&leaf, tag));
            }
            data.set(
                block,
                &leaf.name,
                leaf.value(),
                leaf.attr("units"),
                leaf.line,
                policy,
            )?;
        }
    }
    Ok(())
}

/// Text with the XML special characters escaped.
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

fn leaf(out: &mut String, indent: usize, tag: &str, value: &str, unit: &str) {
    let _ = write!(out, "{:indent$}<{tag}", "");
    if !unit.is_empty() {
        let _ = write!(out, " units=\"{}\"", escape(unit));
    }
    let _ = writeln!(out, ">{}</{tag}>", escape(value));
}

fn comments(out: &mut String, indent: usize, comments: &[String]) {
    for c in comments {
        leaf(out, indent, "COMMENT", c, "");
    }
}

fn entries(out: &mut String, indent: usize, list: Vec<(&'static str, String, &'static str)>) {
    for (key, value, unit) in list {
        leaf(out, indent, key, &value, unit);
    }
}

fn open(out: &mut String, indent: usize, tag: &str) {
    let _ = writeln!(out, "{:indent$}<{tag}>", "");
}

fn close(out: &mut String, indent: usize, tag: &str) {
    let _ = writeln!(out, "{:indent$}</{tag}>", "");
}

fn covariance(out: &mut String, cov: &Covariance, keys: &[&str; 45]) {
    open(out, 8, "covarianceMatrix");
    comments(out, 10, &cov.comments);
    for (i, v) in cov.lower.iter().enumerate().take(45) {
        leaf(out, 10, keys[i], &fmt_f64(*v), COV_UNITS[i]);
    }
    close(out, 8, "covarianceMatrix");
}

pub(crate) fn write(cdm: &Cdm) -> String {
    let mut out = String::with_capacity(16 * 1024);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    // The 508.0-B-1 schema for version 1 messages; version 2 has no schema of its own in the
    // SANA registry that this writer follows exactly, so none is named.
    if cdm.version.trim().starts_with('1') {
        out.push_str(
            "<cdm xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
             xsi:noNamespaceSchemaLocation=\"http://sanaregistry.org/r/ndmxml/ndmxml-1.0-master.xsd\" ",
        );
    } else {
        out.push_str("<cdm ");
    }
    let _ = writeln!(
        out,
        "id=\"CCSDS_CDM_VERS\" version=\"{}\">",
        escape(&cdm.version)
    );
    open(&mut out, 2, "header");
    comments(&mut out, 4, &cdm.header.comments);
    entries(&mut out, 4, cdm.header.entries());
    close(&mut out, 2, "header");
    open(&mut out, 2, "body");
    open(&mut out, 4, "relativeMetadataData");
    comments(&mut out, 6, &cdm.relative.comments);
    // The six relative state components sit in their own element, where the first would be.
    let list = cdm.relative.entries();
    let (state, rest): (Vec<_>, Vec<_>) = list.into_iter().partition(|(k, _, _)| {
        k.starts_with("RELATIVE_POSITION") || k.starts_with("RELATIVE_VELOCITY")
    });
    let state_at = rest
        .iter()
        .position(|(k, _, _)| {
            !matches!(
                *k,
                "CONJUNCTION_ID"
                    | "TCA"
                    | "MISS_DISTANCE"
                    | "MAHALANOBIS_DISTANCE"
                    | "RELATIVE_SPEED"
                    | "APPROACH_ANGLE"
            )
        })
        .unwrap_or(rest.len());
    for (i, (key, value, unit)) in rest.iter().enumerate() {
        if i == state_at && !state.is_empty() {
            relative_state(&mut out, &state);
        }
        leaf(&mut out, 6, key, value, unit);
    }
    if state_at == rest.len() && !state.is_empty() {
        relative_state(&mut out, &state);
    }
    close(&mut out, 4, "relativeMetadataData");
    for seg in [&cdm.object1, &cdm.object2] {
        open(&mut out, 4, "segment");
        open(&mut out, 6, "metadata");
        comments(&mut out, 8, &seg.metadata.comments);
        entries(&mut out, 8, seg.metadata.entries());
        close(&mut out, 6, "metadata");
        open(&mut out, 6, "data");
        let d = &seg.data;
        comments(&mut out, 8, &d.comments);
        if let Some(b) = &d.od_parameters {
            open(&mut out, 8, "odParameters");
            comments(&mut out, 10, &b.comments);
            entries(&mut out, 10, b.entries());
            close(&mut out, 8, "odParameters");
        }
        if let Some(b) = &d.additional_parameters {
            open(&mut out, 8, "additionalParameters");
            comments(&mut out, 10, &b.comments);
            entries(&mut out, 10, b.entries());
            close(&mut out, 8, "additionalParameters");
        }
        open(&mut out, 8, "stateVector");
        comments(&mut out, 10, &d.state_vector.comments);
        entries(&mut out, 10, d.state_vector.entries());
        close(&mut out, 8, "stateVector");
        if let Some(c) = &d.rtn_covariance {
            covariance(&mut out, c, &RTN_KEYS);
        }
        if let Some(c) = &d.xyz_covariance {
            covariance(&mut out, c, &XYZ_KEYS);
        }
        if let Some(b) = &d.sigma_eigenvectors {
            open(&mut out, 8, "covarianceMatrix");
            comments(&mut out, 10, &b.comments);
            entries(&mut out, 10, b.entries());
            close(&mut out, 8, "covarianceMatrix");
        }
        if let Some(b) = &d.additional_covariance_metadata {
            open(&mut out, 8, "covarianceMatrix");
            comments(&mut out, 10, &b.comments);
            let list = b.entries();
            if list.is_empty() {
                // A keyword, empty (so absent), tells this <covarianceMatrix> from the RTN one.
                leaf(&mut out, 10, AdditionalCovarianceMetadata::KEYS[0], "", "");
            }
            entries(&mut out, 10, list);
            close(&mut out, 8, "covarianceMatrix");
        }
        if let Some(u) = &d.user_defined {
            open(&mut out, 8, "userDefinedParameters");
            comments(&mut out, 10, &u.comments);
            for (name, value) in &u.parameters {
                let _ = writeln!(
                    out,
                    "{:10}<USER_DEFINED parameter=\"{}\">{}</USER_DEFINED>",
                    "",
                    escape(name),
                    escape(value)
                );
            }
            close(&mut out, 8, "userDefinedParameters");
        }
        close(&mut out, 6, "data");
        close(&mut out, 4, "segment");
    }
    close(&mut out, 2, "body");
    out.push_str("</cdm>\n");
    out
}

fn relative_state(out: &mut String, state: &[(&'static str, String, &'static str)]) {
    open(out, 6, "relativeStateVector");
    for (key, value, unit) in state {
        leaf(out, 8, key, value, unit);
    }
    close(out, 6, "relativeStateVector");
}
