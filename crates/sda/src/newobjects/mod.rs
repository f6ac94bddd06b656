//! New and vanished objects between two catalogs: new catalog numbers grouped by launch with
//! their orbit regime, objects that disappeared (decayed or dropped, told apart with a
//! SATCAT), analyst and uncorrelated objects, and changes of identity.
//!
//! # Catalog-number ranges (Space-Track.org documentation, "SATCAT" FAQ; summarised in
//! Wikipedia, "Satellite Catalog Number", table "Ranges reserved for temporary, reused numbers")
//!
//! | range | use |
//! |---|---|
//! | 70 000–79 999 | expected post-launch orbits (temporary) |
//! | 80 000–89 999 | analyst objects: tracked with insufficient fidelity, or not associated with a known launch |
//! | 90 000–99 999 | uncorrelated tracks |
//! | 270 000–339 999 | additional analyst objects (Alpha-5 era; to be released for permanent objects later) |
//! | 700 000 000–899 999 999 | internal use by various systems |
//! | 900 000 000–999 999 999 | uncorrelated tracks |
//!
//! Objects in these ranges are reported as [`Provisional`] rather than as a launch: their
//! numbers are temporary and are reused.

pub mod regime;

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;
use uitkijk_catalog::Catalog;
use uitkijk_formats::satcat::{launch_of, Satcat};
use uitkijk_formats::ElementSet;
use uitkijk_time::{format_utc_millis, Epoch};

use crate::event::{Event, EventKind, Severity};
pub use regime::Regime;

/// What a temporary catalog-number range is used for (see the module notes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum NumberRange {
    /// 70 000–79 999.
    PostLaunch,
    /// 80 000–89 999 and 270 000–339 999.
    Analyst,
    /// 90 000–99 999 and 900 000 000–999 999 999.
    Uncorrelated,
    /// 700 000 000–899 999 999.
    Internal,
}

impl NumberRange {
    /// The temporary range a catalog number falls in, if any.
    pub fn of(norad_id: u32) -> Option<NumberRange> {
        match norad_id {
            70_000..=79_999 => Some(NumberRange::PostLaunch),
            80_000..=89_999 | 270_000..=339_999 => Some(NumberRange::Analyst),
            90_000..=99_999 | 900_000_000..=999_999_999 => Some(NumberRange::Uncorrelated),
            700_000_000..=899_999_999 => Some(NumberRange::Internal),
            _ => None,
        }
    }

    /// `post-launch`, `analyst`, `uncorrelated` or `internal`.
    pub fn as_str(self) -> &'static str {
        match self {
            NumberRange::PostLaunch => "post-launch",
            NumberRange::Analyst => "analyst",
            NumberRange::Uncorrelated => "uncorrelated",
            NumberRange::Internal => "internal",
        }
    }
}

/// One catalogued object as the comparison reports it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ObjectRow {
    pub norad_id: u32,
    /// COSPAR designator from the element set, else from the SATCAT.
    pub object_id: Option<String>,
    pub name: Option<String>,
    pub regime: Regime,
    pub perigee_km: f64,
    pub apogee_km: f64,
    #[serde(serialize_with = "utc")]
    pub epoch: Epoch,
}

/// New catalog numbers of one launch.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LaunchGroup {
    /// `YYYY-NNN`, or `unknown` when neither the element sets nor the SATCAT name it.
    pub launch_id: String,
    /// Launch date from the SATCAT, when known.
    #[serde(serialize_with = "utc_opt")]
    pub launch_date: Option<Epoch>,
    /// The regime most of its objects are in (ties: the lower regime).
    pub regime: Regime,
    /// Objects per regime.
    pub regimes: BTreeMap<Regime, usize>,
    pub objects: Vec<ObjectRow>,
}

/// Why an object is no longer in the newer catalog.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "status", rename_all = "kebab-case")]
pub enum LostStatus {
    /// The SATCAT gives a decay date.
    Decayed {
        #[serde(serialize_with = "utc")]
        date: Epoch,
    },
    /// The SATCAT knows it and gives no decay date: dropped from the public catalog (lost,
    /// classified, or no longer maintained), or decayed after the SATCAT was written.
    Dropped,
    /// No SATCAT given, or the SATCAT does not know it.
    Unknown,
}

impl LostStatus {
    /// `decayed`, `dropped` or `unknown`.
    pub fn as_str(&self) -> &'static str {
        match self {
            LostStatus::Decayed { .. } => "decayed",
            LostStatus::Dropped => "dropped",
            LostStatus::Unknown => "unknown",
        }
    }
}

/// An object of the older catalog missing from the newer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Lost {
    /// The object as last seen.
    pub object: ObjectRow,
    #[serde(flatten)]
    pub status: LostStatus,
}

/// An object numbered in a temporary range (present in the newer catalog).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Provisional {
    pub object: ObjectRow,
    pub range: NumberRange,
    /// Whether it is new since the older catalog.
    pub is_new: bool,
}

/// What changed about an object's identity.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "change", rename_all = "kebab-case")]
pub enum IdentityChange {
    /// Same catalog number, different COSPAR designator.
    Designator {
        norad_id: u32,
        old: String,
        new: String,
    },
    /// Same catalog number, different name.
    Name {
        norad_id: u32,
        old: String,
        new: String,
    },
    /// Same COSPAR designator, different catalog number.
    Number {
        object_id: String,
        old: u32,
        new: u32,
    },
}

/// Everything [`compare`] found.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Comparison {
    /// Newest element-set epoch of each catalog.
    #[serde(serialize_with = "utc_opt")]
    pub old_epoch: Option<Epoch>,
    #[serde(serialize_with = "utc_opt")]
    pub new_epoch: Option<Epoch>,
    /// New catalog numbers (outside the temporary ranges), one group per launch, in launch
    /// order (`unknown` last).
    pub launches: Vec<LaunchGroup>,
    /// Objects gone, by catalog number.
    pub lost: Vec<Lost>,
    /// Objects in temporary ranges, by catalog number.
    pub provisional: Vec<Provisional>,
    /// Identity changes, numbers first, then designators, then names.
    pub identity_changes: Vec<IdentityChange>,
    /// One `NewObjects` event per launch group, one `ObjectsLost` per launch of lost objects.
    pub events: Vec<Event>,
}

fn utc<S: serde::Serializer>(e: &Epoch, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&format_utc_millis(*e))
}

fn utc_opt<S: serde::Serializer>(e: &Option<Epoch>, s: S) -> Result<S::Ok, S::Error> {
    match e {
        Some(e) => s.serialize_str(&format_utc_millis(*e)),
        None => s.serialize_none(),
    }
}

/// A designator that names one piece of one launch: `YYYY-NNNP…`.
fn is_piece_designator(id: &str) -> bool {
    let b = id.as_bytes();
    b.len() >= 9
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5..8].iter().all(u8::is_ascii_digit)
        && b[8..].iter().all(u8::is_ascii_alphabetic)
}

fn row(set: &ElementSet, satcat: Option<&Satcat>) -> ObjectRow {
    let (perigee_km, apogee_km) = regime::perigee_apogee_km(set);
    let from_satcat = satcat.and_then(|s| s.get(set.norad_id));
    let object_id = set
        .object_id
        .clone()
        .filter(|s| !s.trim().is_empty())
        .or_else(|| from_satcat.map(|e| e.cospar_id.clone()));
    let name = set
        .object_name
        .clone()
        .or_else(|| from_satcat.map(|e| e.name.clone()));
    ObjectRow {
        norad_id: set.norad_id,
        object_id,
        name,
        regime: Regime::of_altitudes(perigee_km, apogee_km),
        perigee_km,
        apogee_km,
        epoch: set.epoch,
    }
}

/// Compares the latest element set of each object in `old` and `new`; `satcat` (optional)
/// supplies launch dates and decay dates and fills missing designators and names.
pub fn compare(old: &Catalog, new: &Catalog, satcat: Option<&Satcat>) -> Comparison {
    let old_by: HashMap<u32, &ElementSet> = old.latest_all().map(|s| (s.norad_id, s)).collect();
    let new_by: HashMap<u32, &ElementSet> = new.latest_all().map(|s| (s.norad_id, s)).collect();
    let mut out = Comparison {
        old_epoch: old.newest_epoch(),
        new_epoch: new.newest_epoch(),
        ..Comparison::default()
    };

    // New numbers, and provisional ones.
    let mut by_launch: BTreeMap<String, Vec<ObjectRow>> = BTreeMap::new();
    let mut new_ids: Vec<u32> = new_by.keys().copied().collect();
    new_ids.sort_unstable();
    for id in &new_ids {
        let set = new_by[id];
        let r = row(set, satcat);
        let is_new = !old_by.contains_key(id);
        if let Some(range) = NumberRange::of(*id) {
            out.provisional.push(Provisional {
                object: r,
                range,
                is_new,
            });
            continue;
        }
        if !is_new {
            continue;
        }
        let launch = r
            .object_id
            .as_deref()
            .filter(|d| d.len() >= 8 && d.as_bytes()[4] == b'-')
            .map(|d| launch_of(d).to_string())
            .unwrap_or_else(|| "unknown".to_string());
        by_launch.entry(launch).or_default().push(r);
    }
    for (launch_id, objects) in by_launch {
        let mut regimes: BTreeMap<Regime, usize> = BTreeMap::new();
        for o in &objects {
            *regimes.entry(o.regime).or_default() += 1;
        }
        let regime = regimes
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
            .map(|(r, _)| *r)
            .unwrap_or(Regime::Leo);
        let launch_date = satcat.and_then(|s| {
            objects
                .iter()
                .find_map(|o| s.get(o.norad_id).and_then(|e| e.launch_date))
        });
        out.launches.push(LaunchGroup {
            launch_id,
            launch_date,
            regime,
            regimes,
            objects,
        });
    }
    // BTreeMap order puts "unknown" after the years already.

    // Lost numbers.
    let mut old_ids: Vec<u32> = old_by.keys().copied().collect();
    old_ids.sort_unstable();
    for id in &old_ids {
        if new_by.contains_key(id) {
            continue;
        }
        let status = match satcat.and_then(|s| s.get(*id)) {
            Some(e) => match e.decay_date {
                Some(date) => LostStatus::Decayed { date },
                None => LostStatus::Dropped,
            },
            None => LostStatus::Unknown,
        };
        out.lost.push(Lost {
            object: row(old_by[id], satcat),
            status,
        });
    }

    // Identity: same number, other designator or name.
    let mut numbers = Vec::new();
    let mut designators = Vec::new();
    let mut names = Vec::new();
    for id in &old_ids {
        let (Some(o), Some(n)) = (old_by.get(id), new_by.get(id)) else {
            continue;
        };
        if let (Some(a), Some(b)) = (&o.object_id, &n.object_id) {
            if a.trim() != b.trim() && !a.trim().is_empty() && !b.trim().is_empty() {
                designators.push(IdentityChange::Designator {
                    norad_id: *id,
                    old: a.clone(),
                    new: b.clone(),
                });
            }
        }
        if let (Some(a), Some(b)) = (&o.object_name, &n.object_name) {
            if a.trim() != b.trim() {
                names.push(IdentityChange::Name {
                    norad_id: *id,
                    old: a.clone(),
                    new: b.clone(),
                });
            }
        }
    }
    // Same designator, other number (only designators naming one piece, once per catalog).
    let index = |by: &HashMap<u32, &ElementSet>| {
        let mut m: HashMap<String, Vec<u32>> = HashMap::new();
        for (id, s) in by {
            if let Some(d) = s.object_id.as_deref().filter(|d| is_piece_designator(d)) {
                m.entry(d.to_string()).or_default().push(*id);
            }
        }
        m
    };
    let (old_des, new_des) = (index(&old_by), index(&new_by));
    let mut des: Vec<&String> = old_des.keys().collect();
    des.sort();
    for d in des {
        if let (Some(o), Some(n)) = (old_des.get(d), new_des.get(d)) {
            if o.len() == 1 && n.len() == 1 && o[0] != n[0] {
                numbers.push(IdentityChange::Number {
                    object_id: d.clone(),
                    old: o[0],
                    new: n[0],
                });
            }
        }
    }
    out.identity_changes.extend(numbers);
    out.identity_changes.extend(designators);
    out.identity_changes.extend(names);

    out.events = events(&out);
    out
}

/// The events of a comparison: one per new launch group and one per launch of lost objects.
fn events(c: &Comparison) -> Vec<Event> {
    let fallback = c.new_epoch.unwrap_or_else(|| Epoch::from_unix_seconds(0.0));
    let mut ev = Vec::new();
    for g in &c.launches {
        let first_seen = g.objects.iter().map(|o| o.epoch).min().unwrap_or(fallback);
        let ids: Vec<u32> = g.objects.iter().map(|o| o.norad_id).collect();
        let payload = g
            .objects
            .iter()
            .find_map(|o| o.name.clone())
            .unwrap_or_default();
        ev.push(Event {
            kind: EventKind::NewObjects,
            epoch: g.launch_date.unwrap_or(first_seen),
            // Launch day only from the SATCAT; else somewhere before the first element set.
            epoch_sigma_s: if g.launch_date.is_some() {
                43_200.0
            } else {
                0.0
            },
            norad_ids: ids,
            location: None,
            severity: if g.launch_id == "unknown" {
                Severity::Warning
            } else {
                Severity::Notice
            },
            summary: format!(
                "{} new object(s) of launch {} ({}) in {}",
                g.objects.len(),
                g.launch_id,
                payload,
                g.regime
            ),
            evidence: vec![
                ("n_objects".into(), g.objects.len() as f64),
                (
                    "min_perigee_km".into(),
                    g.objects
                        .iter()
                        .map(|o| o.perigee_km)
                        .fold(f64::INFINITY, f64::min),
                ),
                (
                    "max_apogee_km".into(),
                    g.objects
                        .iter()
                        .map(|o| o.apogee_km)
                        .fold(f64::NEG_INFINITY, f64::max),
                ),
            ],
        });
    }
    let mut lost_by: BTreeMap<String, Vec<&Lost>> = BTreeMap::new();
    for l in &c.lost {
        let launch = l
            .object
            .object_id
            .as_deref()
            .map(|d| launch_of(d).to_string())
            .unwrap_or_else(|| "unknown".into());
        lost_by.entry(launch).or_default().push(l);
    }
    for (launch, group) in lost_by {
        let decayed = group
            .iter()
            .filter(|l| matches!(l.status, LostStatus::Decayed { .. }))
            .count();
        let latest_decay = group
            .iter()
            .filter_map(|l| match l.status {
                LostStatus::Decayed { date } => Some(date),
                _ => None,
            })
            .max();
        ev.push(Event {
            kind: EventKind::ObjectsLost,
            epoch: latest_decay.unwrap_or(fallback),
            epoch_sigma_s: 0.0,
            norad_ids: group.iter().map(|l| l.object.norad_id).collect(),
            location: None,
            severity: if decayed == group.len() {
                Severity::Info
            } else {
                Severity::Notice
            },
            summary: format!(
                "{} object(s) of launch {launch} gone from the catalog: {decayed} decayed, {} dropped or unexplained",
                group.len(),
                group.len() - decayed
            ),
            evidence: vec![
                ("n_objects".into(), group.len() as f64),
                ("n_decayed".into(), decayed as f64),
            ],
        });
    }
    ev.sort_by(|x, y| {
        x.epoch
            .cmp(&y.epoch)
            .then((x.kind as u8).cmp(&(y.kind as u8)))
            .then(x.norad_ids.cmp(&y.norad_ids))
    });
    ev
}
