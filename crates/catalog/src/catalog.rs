//! Latest element set per object, plus history.

use std::collections::BTreeMap;
use uitkijk_formats::{ElementSet, ObjectType};

use crate::Filter;

/// Element sets by catalog number: each object's history sorted by epoch, duplicates removed.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    history: BTreeMap<u32, Vec<ElementSet>>,
    duplicates_dropped: usize,
}

impl Catalog {
    /// An empty catalog.
    pub fn new() -> Self {
        Self::default()
    }

    /// A catalog of these element sets (see [`Catalog::insert`]).
    pub fn from_sets(sets: impl IntoIterator<Item = ElementSet>) -> Self {
        let mut c = Catalog::new();
        for s in sets {
            c.insert(s);
        }
        c
    }

    /// Add an element set. A set with the same catalog number and epoch as one already held
    /// is a duplicate: when the elements are identical it is dropped; when they differ (a
    /// re-issued set), the newer arrival replaces the older. Returns whether the catalog
    /// changed.
    pub fn insert(&mut self, set: ElementSet) -> bool {
        let list = self.history.entry(set.norad_id).or_default();
        match list.binary_search_by(|s| s.epoch.cmp(&set.epoch)) {
            Ok(i) => {
                if same_elements(&list[i], &set) {
                    // Keep a name or designator the first copy lacked.
                    if list[i].object_name.is_none() {
                        list[i].object_name = set.object_name;
                    }
                    if list[i].object_id.is_none() {
                        list[i].object_id = set.object_id;
                    }
                    self.duplicates_dropped += 1;
                    false
                } else {
                    list[i] = set;
                    true
                }
            }
            Err(i) => {
                list.insert(i, set);
                true
            }
        }
    }

    /// Number of objects.
    pub fn len(&self) -> usize {
        self.history.len()
    }

    /// Whether the catalog holds nothing.
    pub fn is_empty(&self) -> bool {
        self.history.is_empty()
    }

    /// Number of element sets held, all histories together.
    pub fn element_set_count(&self) -> usize {
        self.history.values().map(Vec::len).sum()
    }

    /// How many identical duplicates were dropped on insertion.
    pub fn duplicates_dropped(&self) -> usize {
        self.duplicates_dropped
    }

    /// The newest element set of one object.
    pub fn latest(&self, norad_id: u32) -> Option<&ElementSet> {
        self.history.get(&norad_id).and_then(|h| h.last())
    }

    /// An object's history, oldest first.
    pub fn history(&self, norad_id: u32) -> &[ElementSet] {
        self.history.get(&norad_id).map_or(&[], Vec::as_slice)
    }

    /// The newest element set of every object, by catalog number.
    pub fn latest_all(&self) -> impl Iterator<Item = &ElementSet> {
        self.history.values().filter_map(|h| h.last())
    }

    /// The newest element set of every object that passes `filter`, by catalog number.
    pub fn select(&self, filter: &Filter) -> Vec<&ElementSet> {
        self.latest_all().filter(|s| filter.matches(s)).collect()
    }

    /// The newest epoch of any element set.
    pub fn newest_epoch(&self) -> Option<uitkijk_time::Epoch> {
        self.latest_all().map(|s| s.epoch).max()
    }
}

fn same_elements(a: &ElementSet, b: &ElementSet) -> bool {
    a.mean_motion_rev_day == b.mean_motion_rev_day
        && a.eccentricity == b.eccentricity
        && a.inclination_deg == b.inclination_deg
        && a.raan_deg == b.raan_deg
        && a.arg_perigee_deg == b.arg_perigee_deg
        && a.mean_anomaly_deg == b.mean_anomaly_deg
        && a.bstar_per_er == b.bstar_per_er
        && a.mean_motion_dot_rev_day2 == b.mean_motion_dot_rev_day2
        && a.mean_motion_ddot_rev_day3 == b.mean_motion_ddot_rev_day3
        && a.ephemeris_type == b.ephemeris_type
}

/// The object type of an element set: as stated by its source (OMM/GP `OBJECT_TYPE`), else
/// inferred from the Space-Track naming convention of 3LE names (` DEB` for debris, ` R/B` for
/// rocket bodies, `TBA`/`OBJECT x` for not yet identified), else payload; unknown without name.
pub fn object_type_of(set: &ElementSet) -> ObjectType {
    if let Some(t) = set.object_type {
        return t;
    }
    let Some(name) = set.object_name.as_deref() else {
        return ObjectType::Unknown;
    };
    let upper = name.to_ascii_uppercase();
    let words: Vec<&str> = upper.split(|c: char| c.is_whitespace()).collect();
    if words.contains(&"DEB") || upper.contains(" DEB ") || upper.ends_with(" DEB") {
        ObjectType::Debris
    } else if words.contains(&"R/B") || upper.contains(" R/B") {
        ObjectType::RocketBody
    } else if upper.starts_with("TBA") || upper.starts_with("OBJECT ") || upper == "UNKNOWN" {
        ObjectType::Unknown
    } else {
        ObjectType::Payload
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use uitkijk_formats::tle;

    fn iss(day: &str, ecc: &str) -> ElementSet {
        let l1 = format!("1 25544U 98067A   08{day} -.00002182  00000-0 -11606-4 0  292");
        let l2 = format!("2 25544  51.6416 247.4627 {ecc} 130.5360 325.0288 15.7212539156353");
        tle::parse_lines_lenient(&l1, &l2).unwrap().0
    }

    #[test]
    fn keeps_history_sorted_and_latest_last() {
        let c = Catalog::from_sets([
            iss("264.51782528", "0006703"),
            iss("263.51782528", "0006703"),
        ]);
        assert_eq!(c.len(), 1);
        assert_eq!(c.history(25544).len(), 2);
        assert!(c.history(25544)[0].epoch < c.history(25544)[1].epoch);
        assert_eq!(c.latest(25544).unwrap().epoch, c.history(25544)[1].epoch);
    }

    #[test]
    fn drops_identical_duplicates_and_replaces_reissued_sets() {
        let mut c = Catalog::new();
        assert!(c.insert(iss("264.51782528", "0006703")));
        assert!(!c.insert(iss("264.51782528", "0006703")));
        assert_eq!(c.duplicates_dropped(), 1);
        assert!(c.insert(iss("264.51782528", "0006704")));
        assert_eq!(c.element_set_count(), 1);
        assert_eq!(c.latest(25544).unwrap().eccentricity, 0.0006704);
    }

    #[test]
    fn infers_object_type_from_names() {
        let mut s = iss("264.51782528", "0006703");
        for (name, t) in [
            ("COSMOS 1408 DEB", ObjectType::Debris),
            ("FENGYUN 1C DEB", ObjectType::Debris),
            ("SL-16 R/B", ObjectType::RocketBody),
            ("CZ-2C R/B(2)", ObjectType::RocketBody),
            ("ISS (ZARYA)", ObjectType::Payload),
            ("TBA - TO BE ASSIGNED", ObjectType::Unknown),
            ("OBJECT A", ObjectType::Unknown),
        ] {
            s.object_name = Some(name.into());
            assert_eq!(object_type_of(&s), t, "{name}");
        }
        s.object_name = None;
        assert_eq!(object_type_of(&s), ObjectType::Unknown);
        s.object_type = Some(ObjectType::Debris);
        assert_eq!(object_type_of(&s), ObjectType::Debris);
    }
}
