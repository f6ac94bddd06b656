//! Real GEO neighbourhoods of the 2022-01-22 catalog: co-located operational clusters must be
//! found, and the ellipsoid passes' closest approaches must agree with an independent
//! brute-force search on the `sgp4` crate.
//!
//! Cluster membership (public operator information, status of January 2022):
//! - SES Astra 19.2°E: Astra 1KR (29055), 1L (31306), 1M (33436), 1N (37775);
//! - SES Astra 28.2°E: Astra 2F (38778), 2G (40364) — Astra 2E (39285) of the same
//!   neighbourhood sits 0.3° away at 28.5°E, in its own slot;
//! - Eutelsat Hot Bird 13°E: Hot Bird 13B (29270), 13C (33459), 13E (28946).

#[path = "../../propagate/tests/support/sgp4_crate.rs"]
mod sgp4_crate;

use std::collections::BTreeSet;

use uitkijk_catalog::{load, Catalog};
use uitkijk_formats::{tle, ElementSet};
use uitkijk_sda::event::Severity;
use uitkijk_sda::proximity::geo::SlotKind;
use uitkijk_sda::proximity::{watch, ProximityConfig, ProximityOutcome};
use uitkijk_time::parse_utc;

fn geo_sets() -> Vec<ElementSet> {
    let path = format!(
        "{}/tests/data/proximity/geo_2022-01-22.tle.gz",
        env!("CARGO_MANIFEST_DIR")
    );
    let catalog = Catalog::from_sets(load(&path).unwrap().parsed.sets);
    catalog.latest_all().cloned().collect()
}

fn index(sets: &[ElementSet], id: u32) -> usize {
    sets.iter().position(|s| s.norad_id == id).unwrap()
}

const DAYS: f64 = 1.0;

/// One watch of the three assets over a day, shared by the tests (it takes a few seconds).
fn shared() -> &'static (Vec<ElementSet>, ProximityOutcome) {
    static RUN: std::sync::OnceLock<(Vec<ElementSet>, ProximityOutcome)> =
        std::sync::OnceLock::new();
    RUN.get_or_init(|| {
        let sets = geo_sets();
        let idx: Vec<usize> = [37775, 38778, 33459]
            .iter()
            .map(|&a| index(&sets, a))
            .collect();
        let start = parse_utc("2022-01-22T00:00:00Z").unwrap();
        let out = watch(&sets, &idx, &ProximityConfig::new(start, DAYS * 86_400.0)).unwrap();
        (sets, out)
    })
}

fn colocated(sets: &[ElementSet], out: &ProximityOutcome, asset: u32) -> BTreeSet<u32> {
    out.slots
        .iter()
        .filter(|s| sets[s.asset].norad_id == asset && s.kind == SlotKind::CoLocated)
        .map(|s| sets[s.object].norad_id)
        .collect()
}

#[test]
fn operational_clusters_are_co_located() {
    let (sets, out) = shared();
    let (sets, out) = (sets.as_slice(), out);
    let clusters: [(u32, &[u32]); 3] = [
        (37775, &[29055, 31306, 33436]),
        (38778, &[40364]),
        (33459, &[29270, 28946]),
    ];
    for (asset, members) in clusters {
        let found = colocated(sets, out, asset);
        let want: BTreeSet<u32> = members.iter().copied().collect();
        eprintln!("{asset}: co-located {found:?}");
        assert_eq!(found, want, "asset {asset}");
        let slot = out
            .slots
            .iter()
            .find(|s| sets[s.asset].norad_id == asset)
            .unwrap()
            .asset_slot;
        eprintln!(
            "{asset}: slot {:.3}°E drift {:.5}°/day",
            slot.lon_deg, slot.drift_deg_day
        );
    }
    // Published slots.
    let lon = |asset: u32| {
        out.slots
            .iter()
            .find(|s| sets[s.asset].norad_id == asset)
            .unwrap()
            .asset_slot
            .lon_deg
    };
    assert!((lon(37775) - 19.2).abs() < 0.1);
    assert!((lon(38778) - 28.2).abs() < 0.1);
    assert!((lon(33459) - 13.0).abs() < 0.1);
    // Co-location is routine: info events.
    for e in &out.events {
        if e.summary.contains("co-located") {
            assert_eq!(e.severity, Severity::Info);
        }
    }
}

/// The least range of a pair over `[t0, t1]` minutes from `start`, by brute force on the
/// `sgp4` crate: 10 s samples, then golden-section on the best bracket.
fn brute_least_range(
    a: &ElementSet,
    b: &ElementSet,
    t0_s: f64,
    t1_s: f64,
    start: uitkijk_time::Epoch,
) -> f64 {
    let c = |s: &ElementSet| {
        let [l1, l2] = tle::write_lines(s).unwrap();
        let e = sgp4::Elements::from_tle(None, l1.as_bytes(), l2.as_bytes()).unwrap();
        (
            sgp4_crate::wgs72_constants(&e).unwrap(),
            (start - s.epoch).to_seconds(),
        )
    };
    let ((ca, oa), (cb, ob)) = (c(a), c(b));
    let range = |t: f64| {
        let pa = ca
            .propagate(sgp4::MinutesSinceEpoch((t + oa) / 60.0))
            .unwrap()
            .position;
        let pb = cb
            .propagate(sgp4::MinutesSinceEpoch((t + ob) / 60.0))
            .unwrap()
            .position;
        ((pa[0] - pb[0]).powi(2) + (pa[1] - pb[1]).powi(2) + (pa[2] - pb[2]).powi(2)).sqrt()
    };
    let n = ((t1_s - t0_s) / 10.0).ceil() as usize;
    let h = (t1_s - t0_s) / n as f64;
    let (mut best_t, mut best) = (t0_s, range(t0_s));
    for k in 1..=n {
        let t = t0_s + k as f64 * h;
        let r = range(t);
        if r < best {
            (best_t, best) = (t, r);
        }
    }
    let (mut lo, mut hi) = ((best_t - h).max(t0_s), (best_t + h).min(t1_s));
    while hi - lo > 1e-3 {
        let (m1, m2) = (lo + (hi - lo) / 3.0, hi - (hi - lo) / 3.0);
        if range(m1) < range(m2) {
            hi = m2;
        } else {
            lo = m1;
        }
    }
    best.min(range(0.5 * (lo + hi)))
}

#[test]
fn pass_closest_approaches_match_brute_force() {
    let (sets, out) = shared();
    let (sets, out) = (sets.as_slice(), out);
    assert!(!out.passes.is_empty());
    let start = parse_utc("2022-01-22T00:00:00Z").unwrap();
    for p in &out.passes {
        let t0 = p.entry.map_or(0.0, |t| (t - start).to_seconds());
        let t1 = p.exit.map_or(DAYS * 86_400.0, |t| (t - start).to_seconds());
        let reference = brute_least_range(&sets[p.asset], &sets[p.object], t0, t1, start);
        eprintln!(
            "{} {}: {:.4} km vs brute force {:.4} km",
            sets[p.asset].norad_id, sets[p.object].norad_id, p.min_range_km, reference
        );
        assert!((p.min_range_km - reference).abs() < 1e-3, "{p:?}");
    }
}
