//! Re-entry prediction against real re-entries: 30 objects of the 2013-10-23 catalog, each
//! predicted from its single element set, scored against its SATCAT decay day (SOURCE.md).

use uitkijk_formats::{tle, ElementSet};
use uitkijk_sda::reentry::{predict, BetaSource, ReentryConfig};
use uitkijk_time::{Duration, Epoch};

const TLES: &str = include_str!("data/reentry/snapshot_2013_cases.tle");
const DECAY: &str = include_str!("data/reentry/snapshot_2013_decay.csv");

fn decay_days() -> Vec<(u32, Epoch)> {
    DECAY
        .lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            let d = f[2];
            let day = Epoch::from_gregorian_utc_at_midnight(
                d[0..4].parse().unwrap(),
                d[5..7].parse().unwrap(),
                d[8..10].parse().unwrap(),
            );
            (f[0].parse().unwrap(), day)
        })
        .collect()
}

#[test]
fn windows_hold_the_satcat_decay_days() {
    score(ReentryConfig::default(), 0.8, 0.25);
}

fn score(config: ReentryConfig, min_hits: f64, max_median: f64) {
    let sets: Vec<ElementSet> = tle::read(TLES).sets;
    let (mut hits, mut n, mut sources_ndot) = (0, 0, 0);
    let mut errors = Vec::new();
    for (id, day) in decay_days() {
        let history: Vec<ElementSet> = sets.iter().filter(|s| s.norad_id == id).cloned().collect();
        let p = predict(&history, &config).unwrap();
        sources_ndot += usize::from(p.beta_source == BetaSource::MeanMotionDot);
        n += 1;
        let truth_mid = day + Duration::from_days(0.5);
        let remaining = (truth_mid - p.last_epoch).to_seconds();
        if let (Some(s), Some(e)) = (p.window_start, p.window_end) {
            if s <= day + Duration::from_days(1.0) && e >= day {
                hits += 1;
            }
        }
        if let Some(c) = p.predicted {
            errors.push(((c - truth_mid).to_seconds() / remaining).abs());
        }
    }
    errors.sort_by(f64::total_cmp);
    let median = errors[errors.len() / 2];
    // The catalog's ṅ/2 shows decay for all but a few; those fall back on B*.
    assert!(sources_ndot >= n - 3, "{sources_ndot}/{n} from ṅ");
    eprintln!("{hits}/{n} windows hold the decay day; median centre error {median:.3}");
    assert!(hits as f64 >= min_hits * n as f64, "{hits}/{n}");
    assert!(median < max_median, "median relative error {median}");
}

#[test]
fn predictions_repeat_exactly_and_respect_at() {
    let sets: Vec<ElementSet> = tle::read(TLES).sets;
    let id = sets[0].norad_id;
    let history: Vec<ElementSet> = sets.iter().filter(|s| s.norad_id == id).cloned().collect();
    let a = predict(&history, &ReentryConfig::default()).unwrap();
    let b = predict(&history, &ReentryConfig::default()).unwrap();
    assert_eq!(a, b);
    // As of a moment before the only element set, there is nothing to predict from.
    let before = ReentryConfig {
        at: Some(history[0].epoch - Duration::from_days(1.0)),
        ..ReentryConfig::default()
    };
    assert!(predict(&history, &before).is_err());
}

#[test]
fn a_recent_manoeuvre_is_reported_with_the_prediction() {
    // Sentinel-3A's operator log has a burn on 2017-09-06 (crates/sda/tests/data/maneuver).
    use std::io::Read;
    let mut text = String::new();
    let gz = include_bytes!("data/maneuver/Sentinel-3A.tle.gz");
    flate2::read::GzDecoder::new(&gz[..])
        .read_to_string(&mut text)
        .unwrap();
    let history = tle::read(&text).sets;
    let burn = Epoch::from_gregorian_utc_at_midnight(2017, 9, 6);
    let config = ReentryConfig {
        at: Some(burn + Duration::from_days(8.0)),
        members: 10,
        ..ReentryConfig::default()
    };
    let p = predict(&history, &config).unwrap();
    let seen = p.last_maneuver.expect("the burn is seen");
    assert!(
        (seen - burn).to_seconds().abs() < 2.0 * 86_400.0,
        "{seen} vs {burn}"
    );
    // An 800 km orbit does not come down within the year.
    assert!(p.predicted.is_none(), "{p:?}");
}
