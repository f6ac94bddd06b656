//! Property tests of what the store parses (database URLs, tier/status/role names) and of
//! the event matching rule.

use proptest::prelude::*;
use uitkijk_store::*;

proptest! {
    /// Anything that is not a SQLite or PostgreSQL URL is refused as a bad URL, never a panic.
    #[test]
    fn foreign_urls_are_refused(url in ".{0,40}") {
        prop_assume!(!url.starts_with("sqlite:") && !url.starts_with("postgres"));
        let refused = matches!(open(&url), Err(StoreError::BadUrl { .. }));
        prop_assert!(refused, "{:?} not refused", url);
    }

    /// Tier names read back whatever their case and padding; other text is an error.
    #[test]
    fn tier_names_round_trip(i in 0usize..3, upper in any::<bool>(), pad in " {0,3}", junk in "[a-z0-9]{0,12}") {
        let t = Tier::ALL[i];
        let name = if upper { t.as_str().to_ascii_uppercase() } else { t.as_str().to_string() };
        prop_assert_eq!(Tier::parse(&format!("{pad}{name}{pad}")).unwrap(), t);
        prop_assert_eq!(Tier::parse(&t.level().to_string()).unwrap(), t);
        let ok = Tier::ALL.iter().any(|x| x.as_str() == junk || x.level().to_string() == junk);
        prop_assert_eq!(Tier::parse(&junk).is_ok(), ok);
        prop_assert_eq!(EventStatus::parse(&junk).is_ok(), ["open", "acknowledged", "closed"].contains(&junk.as_str()));
        prop_assert_eq!(Role::parse(&junk).is_ok(), ["admin", "analyst", "partner"].contains(&junk.as_str()));
    }

    /// Matching never gives one stored event to two new ones, matches only the same
    /// unordered pair within the tolerance, and leaves a new event unmatched only when no
    /// stored event of its pair within the tolerance is still free.
    #[test]
    fn event_matching_is_a_tolerant_one_to_one_pairing(
        stored in prop::collection::vec((1u32..4, 1u32..4, -200i64..200), 0..12),
        new in prop::collection::vec((1u32..4, 1u32..4, -200i64..200), 0..12),
    ) {
        let stored: Vec<(i64, u32, u32, i64)> = stored
            .iter()
            .enumerate()
            .map(|(i, &(p, s, t))| (i as i64, p, s, t * 1_000_000_000))
            .collect();
        let new: Vec<(u32, u32, i64)> = new.iter().map(|&(p, s, t)| (p, s, t * 1_000_000_000)).collect();
        let tol = 60_000_000_000i64;
        let m = match_events(&stored, &new, tol);
        prop_assert_eq!(m.len(), new.len());
        let mut used = std::collections::HashSet::new();
        let key = |a: u32, b: u32| (a.min(b), a.max(b));
        for (i, id) in m.iter().enumerate() {
            let (p, s, t) = new[i];
            if let Some(id) = id {
                prop_assert!(used.insert(*id));
                let st = stored[*id as usize];
                prop_assert_eq!(key(st.1, st.2), key(p, s));
                prop_assert!((st.3 - t).abs() <= tol);
            }
        }
        for (i, id) in m.iter().enumerate() {
            if id.is_none() {
                let (p, s, t) = new[i];
                for st in &stored {
                    if key(st.1, st.2) == key(p, s) && (st.3 - t).abs() <= tol {
                        prop_assert!(used.contains(&st.0), "a free candidate was left unused");
                    }
                }
            }
        }
    }

    /// The content hash changes with any element and ignores the name.
    #[test]
    fn content_hash_tracks_elements_not_names(dn in 1e-8f64..1e-3, name in "[A-Z ]{0,10}") {
        let text = "1 25544U 98067A   08264.51782528 -.00002182  00000-0 -11606-4 0  2927\n\
                    2 25544  51.6416 247.4627 0006703 130.5360 325.0288 15.72125391563537\n";
        let set = uitkijk_formats::tle::read(text).sets.remove(0);
        let mut renamed = set.clone();
        renamed.object_name = Some(name);
        prop_assert_eq!(content_hash(&set), content_hash(&renamed));
        let mut moved = set.clone();
        moved.mean_motion_rev_day += dn;
        prop_assert_ne!(content_hash(&set), content_hash(&moved));
    }
}
