//! Which objects share an origin: pieces of one launch that the catalog calls debris, and, with
//! an earlier catalog, the pieces that are new since then.

use std::collections::{BTreeMap, BTreeSet};

use uitkijk_catalog::object_type_of;
use uitkijk_formats::satcat::{launch_of, Satcat};
use uitkijk_formats::{ElementSet, ObjectType};

/// One candidate cloud: the debris of one launch, and the intact objects of that launch.
#[derive(Debug, Clone)]
pub(crate) struct Group<'a> {
    /// Launch part of the COSPAR designator, e.g. `1982-092`.
    pub launch_id: String,
    /// Debris pieces (latest element set each), sorted by catalog number.
    pub fragments: Vec<&'a ElementSet>,
    /// Payloads, rocket bodies and pieces of unknown type of the same launch in the catalog.
    pub intact: Vec<&'a ElementSet>,
}

pub(crate) fn kind_of(set: &ElementSet, satcat: Option<&Satcat>) -> ObjectType {
    match object_type_of(set) {
        ObjectType::Unknown => satcat
            .and_then(|s| s.get(set.norad_id))
            .map(|e| e.object_type)
            .unwrap_or(ObjectType::Unknown),
        t => t,
    }
}

pub(crate) fn designator_of(set: &ElementSet, satcat: Option<&Satcat>) -> Option<String> {
    set.object_id
        .clone()
        .filter(|d| !d.trim().is_empty() && !d.eq_ignore_ascii_case("UNKNOWN"))
        .or_else(|| {
            satcat
                .and_then(|s| s.get(set.norad_id))
                .map(|e| e.cospar_id.clone())
        })
}

pub(crate) fn name_of(set: &ElementSet, satcat: Option<&Satcat>) -> Option<String> {
    set.object_name
        .clone()
        .filter(|n| !n.trim().is_empty())
        .map(|n| n.trim().to_string())
        .or_else(|| {
            satcat
                .and_then(|s| s.get(set.norad_id))
                .map(|e| e.name.clone())
        })
}

/// Launches with at least `min_fragments` debris pieces (new ones only when `before` is
/// given). Without any type information (bare 2LE and no SATCAT) every piece but the `A` piece
/// counts as debris: a launch with tens of pieces is a cloud whatever its names say.
pub(crate) fn groups<'a>(
    sets: &[&'a ElementSet],
    before: Option<&BTreeSet<u32>>,
    satcat: Option<&Satcat>,
    min_fragments: usize,
) -> Vec<Group<'a>> {
    let mut by_launch: BTreeMap<String, Vec<&'a ElementSet>> = BTreeMap::new();
    for s in sets {
        if let Some(d) = designator_of(s, satcat) {
            let launch = launch_of(&d).to_string();
            if launch.len() >= 8 {
                by_launch.entry(launch).or_default().push(s);
            }
        }
    }
    let mut out = Vec::new();
    for (launch_id, mut members) in by_launch {
        members.sort_by_key(|s| s.norad_id);
        let (mut fragments, mut intact) = (Vec::new(), Vec::new());
        for s in members {
            let debris = match kind_of(s, satcat) {
                ObjectType::Debris => true,
                ObjectType::Unknown => {
                    // Piece "A" is the primary payload by COSPAR convention.
                    let d = designator_of(s, satcat).unwrap_or_default();
                    d.len() > 8 && &d[8..] != "A"
                }
                _ => false,
            };
            let is_new = before.is_none_or(|b| !b.contains(&s.norad_id));
            if debris && is_new {
                fragments.push(s);
            } else if !debris {
                intact.push(s);
            }
        }
        if fragments.len() >= min_fragments {
            out.push(Group {
                launch_id,
                fragments,
                intact,
            });
        }
    }
    out
}

/// The parent the catalog itself names: debris of one source is named after it (`COSMOS 1408
/// DEB` comes from `COSMOS 1408`, Space-Track's naming convention). Returns the most common
/// such stem among the fragments.
pub(crate) fn named_parent_stem(
    fragments: &[&ElementSet],
    satcat: Option<&Satcat>,
) -> Option<String> {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for f in fragments {
        if let Some(name) = name_of(f, satcat) {
            let upper = name.to_ascii_uppercase();
            if let Some(stem) = upper.strip_suffix(" DEB").or_else(|| {
                upper
                    .split(" DEB ")
                    .next()
                    .filter(|s| s.len() < upper.len())
            }) {
                let stem = stem.trim().to_string();
                if !stem.is_empty() {
                    *counts.entry(stem).or_default() += 1;
                }
            }
        }
    }
    counts
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
        .map(|(s, _)| s)
}
