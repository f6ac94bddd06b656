//! New and lost objects between two real catalogs, scored against the SATCAT.
//!
//! Data (`tests/data/newobjects/`, see SOURCE.md): catalog numbers 39 000–39 999 of the
//! 2013-10-23 Space-Track catalog and of the 2019-12-19 catalog, and the same numbers of
//! CelesTrak's SATCAT as of 2019-07-30. The SATCAT is the independent truth: it is not used to
//! find the new or lost objects (only to label them), so the test checks that what the
//! comparison of the two catalogs finds is what the SATCAT's launch and decay dates say
//! happened between them.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;

use uitkijk_catalog::{load, Catalog};
use uitkijk_formats::satcat::{self, launch_of, Satcat};
use uitkijk_sda::event::EventKind;
use uitkijk_sda::newobjects::{compare, LostStatus, Regime};
use uitkijk_time::parse_utc;

fn data(name: &str) -> String {
    format!(
        "{}/tests/data/newobjects/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}

fn catalog(name: &str) -> Catalog {
    Catalog::from_sets(load(&data(name)).unwrap().parsed.sets)
}

fn satcat() -> Satcat {
    let mut text = String::new();
    flate2::read::GzDecoder::new(
        std::fs::File::open(data("satcat_2019-07-30_39000-39999.csv.gz")).unwrap(),
    )
    .read_to_string(&mut text)
    .unwrap();
    Satcat::new(satcat::read(&text).unwrap().entries)
}

#[test]
fn lost_objects_are_the_satcat_decays_between_the_catalogs() {
    let old = catalog("catalog_2013-10-23_39000-39999.tle.gz");
    let new = catalog("catalog_2019-12-19_39000-39999.tle.gz");
    let sc = satcat();
    let c = compare(&old, &new, Some(&sc));
    let satcat_date = parse_utc("2019-07-30T00:00:00Z").unwrap();

    // Truth: objects of the old catalog that the SATCAT says decayed after their own last
    // element set (less a day: the SATCAT gives days) and on or before the SATCAT's date. The
    // snapshot's epochs span 2013-09-23..10-28, so some decayed before the snapshot was taken.
    let truth: BTreeSet<u32> = old
        .latest_all()
        .filter(|s| {
            sc.get(s.norad_id)
                .and_then(|e| e.decay_date)
                .is_some_and(|d| {
                    d >= s.epoch - uitkijk_time::Duration::from_days(1.0) && d <= satcat_date
                })
        })
        .map(|s| s.norad_id)
        .collect();
    let decayed: BTreeSet<u32> = c
        .lost
        .iter()
        .filter(|l| matches!(l.status, LostStatus::Decayed { .. }))
        .map(|l| l.object.norad_id)
        .collect();
    let lost: BTreeSet<u32> = c.lost.iter().map(|l| l.object.norad_id).collect();
    // Recall 1: every SATCAT decay in the interval is found lost (and labelled decayed).
    assert_eq!(
        truth.difference(&lost).count(),
        0,
        "{:?}",
        truth.difference(&lost)
    );
    assert_eq!(decayed, truth);
    // The rest of the lost objects: what the SATCAT of 2019-07 cannot explain.
    let others: Vec<(u32, &str)> = c
        .lost
        .iter()
        .filter(|l| !truth.contains(&l.object.norad_id))
        .map(|l| (l.object.norad_id, l.status.as_str()))
        .collect();
    eprintln!(
        "lost {}: {} decayed per SATCAT, others {:?}",
        lost.len(),
        decayed.len(),
        others
    );
    for l in &c.lost {
        if let LostStatus::Decayed { date } = l.status {
            assert!(date <= c.new_epoch.unwrap());
        }
    }
    assert!(c.events.iter().any(|e| e.kind == EventKind::ObjectsLost));
}

#[test]
fn new_launch_groups_are_the_satcat_launches() {
    let old = catalog("catalog_2013-10-23_39000-39999.tle.gz");
    let new = catalog("catalog_2019-12-19_39000-39999.tle.gz");
    let sc = satcat();
    let c = compare(&old, &new, Some(&sc));
    let old_epoch = old.newest_epoch().unwrap();
    let new_ids: BTreeSet<u32> = new.latest_all().map(|s| s.norad_id).collect();
    let old_ids: BTreeSet<u32> = old.latest_all().map(|s| s.norad_id).collect();

    // Every group is one SATCAT launch: all its members carry that launch's designator in the
    // SATCAT, and the group's launch date is the SATCAT's.
    for g in &c.launches {
        for o in &g.objects {
            let e = sc.get(o.norad_id).expect("in SATCAT");
            assert_eq!(launch_of(&e.cospar_id), g.launch_id, "{}", o.norad_id);
            assert_eq!(g.launch_date, e.launch_date);
            assert!(!old_ids.contains(&o.norad_id));
        }
        assert_eq!(
            g.objects
                .iter()
                .map(|o| o.norad_id)
                .collect::<BTreeSet<_>>()
                .len(),
            g.objects.len()
        );
    }
    // Truth: SATCAT launches after the old catalog whose objects (in this range) are in the new
    // catalog. Every one is a group, with every such object in it.
    let mut truth: BTreeMap<String, BTreeSet<u32>> = BTreeMap::new();
    for id in &new_ids {
        let Some(e) = sc.get(*id) else { continue };
        if e.launch_date.is_some_and(|d| d > old_epoch) && !old_ids.contains(id) {
            truth
                .entry(e.launch_id().to_string())
                .or_default()
                .insert(*id);
        }
    }
    let found: BTreeMap<String, BTreeSet<u32>> = c
        .launches
        .iter()
        .map(|g| {
            (
                g.launch_id.clone(),
                g.objects.iter().map(|o| o.norad_id).collect(),
            )
        })
        .collect();
    for (launch, ids) in &truth {
        assert_eq!(found.get(launch), Some(ids), "launch {launch}");
    }
    // Groups found that launched before the old catalog: objects catalogued late (debris
    // of older launches found later) — new numbers, old launches.
    let late: Vec<&String> = found.keys().filter(|k| !truth.contains_key(*k)).collect();
    for k in &late {
        let g = c.launches.iter().find(|g| &&g.launch_id == k).unwrap();
        assert!(g.launch_date.unwrap() <= old_epoch, "{k}");
    }
    eprintln!(
        "{} launch groups: {} launched between the catalogs (all SATCAT launches found), {} late-catalogued older launches",
        c.launches.len(),
        truth.len(),
        late.len()
    );
    assert!(truth.len() >= 10);
    assert_eq!(
        c.events
            .iter()
            .filter(|e| e.kind == EventKind::NewObjects)
            .count(),
        c.launches.len()
    );
}

#[test]
fn group_regimes_agree_with_the_satcat_orbits() {
    let old = catalog("catalog_2013-10-23_39000-39999.tle.gz");
    let new = catalog("catalog_2019-12-19_39000-39999.tle.gz");
    let sc = satcat();
    let c = compare(&old, &new, Some(&sc));
    // Each new object's regime from its 2019-12 mean elements is the regime of the SATCAT's
    // perigee and apogee (2019-07): independent numbers for the same orbit.
    let mut checked = 0;
    for g in &c.launches {
        for o in &g.objects {
            let e = sc.get(o.norad_id).unwrap();
            if let (Some(p), Some(a)) = (e.perigee_km, e.apogee_km) {
                assert_eq!(o.regime, Regime::of_altitudes(p, a), "{}", o.norad_id);
                checked += 1;
            }
        }
    }
    assert!(checked > 300, "{checked}");
    let regime = |launch: &str| {
        c.launches
            .iter()
            .find(|g| g.launch_id == launch)
            .unwrap()
            .regime
    };
    // Sentinel-1A (2014-016), 693 km sun-synchronous; Astra 5B (2014-011), 31.5°E.
    assert_eq!(regime("2014-016"), Regime::Leo);
    assert_eq!(regime("2014-011"), Regime::Geo);
}
