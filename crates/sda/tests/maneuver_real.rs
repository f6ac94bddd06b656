//! The manoeuvre detector on real TLE histories against the operators' manoeuvre logs
//! (excerpts of the Shorten et al. benchmark; see `data/maneuver/SOURCE.md`).

use uitkijk_catalog::{load, Catalog};
use uitkijk_formats::ElementSet;
use uitkijk_sda::maneuver::{detect, score, Config, ManeuverKind};
use uitkijk_time::Epoch;

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/maneuver/");

fn history(file: &str) -> Vec<ElementSet> {
    let src = load(&format!("{DATA}{file}")).unwrap();
    assert!(src.parsed.errors.is_empty());
    let cat = Catalog::from_sets(src.parsed.sets);
    assert_eq!(cat.len(), 1);
    let id = cat.latest_all().next().unwrap().norad_id;
    cat.history(id).to_vec()
}

/// Operator manoeuvre times inside the span of the history (a burn outside it cannot be seen).
fn truth(file: &str, hist: &[ElementSet]) -> Vec<Epoch> {
    let text = std::fs::read_to_string(format!("{DATA}{file}")).unwrap();
    let (first, last) = (hist[0].epoch, hist[hist.len() - 1].epoch);
    score::parse_operator_file(&text)
        .unwrap()
        .into_iter()
        .filter(|t| *t > first && *t < last)
        .collect()
}

#[test]
fn sentinel_3a_2017_2018_against_the_operator_log() {
    let hist = history("Sentinel-3A.tle.gz");
    let truth = truth("s3aman_2016-2019.txt", &hist);
    assert_eq!(truth.len(), 16);
    let det = detect(&hist, &Config::default()).unwrap();
    let times: Vec<Epoch> = det.maneuvers.iter().map(|m| m.epoch).collect();
    let s = score::score(&times, &truth, 3.0 * 86_400.0);
    eprintln!("Sentinel-3A {s:?} F1 {:.3}", s.f1());
    // Measured: P 1.00, R 1.00 (16 of 16, 16 detections); floor a little below.
    assert!(s.f1() >= 0.9, "{s:?} F1 {}", s.f1());
    // The burn time from the closest approach of the trajectories before and after: most
    // detections within 3 h of the operator's burn start (measured median 1.3 h).
    let mut dt_h: Vec<f64> = times
        .iter()
        .filter_map(|d| {
            truth
                .iter()
                .map(|t| (*t - *d).abs().to_seconds() / 3600.0)
                .min_by(f64::total_cmp)
        })
        .filter(|h| *h < 72.0)
        .collect();
    dt_h.sort_by(f64::total_cmp);
    eprintln!("Sentinel-3A |dt| h {dt_h:?}");
    assert!(
        dt_h[dt_h.len() / 2] < 3.0,
        "median {} h",
        dt_h[dt_h.len() / 2]
    );
    // Sentinel-3A's inclination campaigns (≈ 0.015°, ≈ 2 m/s) are out-of-plane; its drag
    // make-up burns (Δa of 5–30 m, mm/s) in-plane.
    let plane: Vec<_> = det
        .maneuvers
        .iter()
        .filter(|m| m.kind != ManeuverKind::InPlane)
        .collect();
    assert!(plane.len() >= 6, "{}", plane.len());
    for m in &plane {
        assert!(
            m.delta_i_deg.abs() > 0.01 && m.delta_i_deg.abs() < 0.02,
            "{m:?}"
        );
        assert!(m.dv_cross_m_s > 1.0 && m.dv_cross_m_s < 3.0, "{m:?}");
    }
}

#[test]
fn fengyun_4a_geo_against_the_operator_log() {
    let hist = history("Fengyun-4A.tle.gz");
    let truth = truth("manFY4A.txt.fy", &hist);
    let det = detect(&hist, &Config::default()).unwrap();
    let times: Vec<Epoch> = det.maneuvers.iter().map(|m| m.epoch).collect();
    let s = score::score(&times, &truth, 3.0 * 86_400.0);
    eprintln!("Fengyun-4A {s:?} F1 {:.3}", s.f1());
    assert!(s.f1() >= F1_FLOOR_FY4A, "{s:?} F1 {}", s.f1());
}

/// Measured F1 0.812 (41 of 49 burns, 57 detections, 12 false) with the defaults; floor a
/// little below.
const F1_FLOOR_FY4A: f64 = 0.8;

#[test]
fn a_single_outlier_set_is_not_a_manoeuvre() {
    let mut hist = history("Sentinel-3A.tle.gz");
    let base = detect(&hist, &Config::default()).unwrap().maneuvers;
    // Corrupt one set in a quiet stretch, as a mis-tagged or badly fitted set would be: its
    // mean motion by 0.01 rev/day (Δa ≈ 4 km), inclination by 0.05°.
    let quiet = hist
        .iter()
        .position(|s| {
            base.iter()
                .all(|m| (m.epoch - s.epoch).abs().to_seconds() > 10.0 * 86_400.0)
        })
        .map(|i| i + 5)
        .unwrap();
    let when = hist[quiet].epoch;
    hist[quiet].mean_motion_rev_day += 0.01;
    hist[quiet].inclination_deg += 0.05;
    let det = detect(&hist, &Config::default()).unwrap();
    assert!(det.outliers >= 1);
    assert!(
        det.maneuvers
            .iter()
            .all(|m| (m.epoch - when).abs().to_seconds() > 3.0 * 86_400.0),
        "outlier reported as a manoeuvre"
    );
    assert_eq!(det.maneuvers.len(), base.len());
}

#[test]
fn a_raised_orbit_is_a_manoeuvre_with_gauss_dv() {
    // From a quiet stretch of real sets onward, every set's mean motion is lowered as a
    // +100 m change of semi-major axis would (Δn/n = −3/2 Δa/a): one in-plane manoeuvre whose
    // along-track Δv is n Δa / 2 (Gauss), ≈ 0.052 m/s at Sentinel-3A's a ≈ 7177 km.
    let mut hist = history("Sentinel-3A.tle.gz");
    let base = detect(&hist, &Config::default()).unwrap().maneuvers;
    let k = hist
        .iter()
        .position(|s| {
            s.epoch > hist[20].epoch
                && base
                    .iter()
                    .all(|m| (m.epoch - s.epoch).abs().to_seconds() > 12.0 * 86_400.0)
        })
        .unwrap();
    let burn = hist[k - 1].epoch;
    for s in &mut hist[k..] {
        let a_km = 7177.0;
        s.mean_motion_rev_day *= 1.0 - 1.5 * 0.1 / a_km;
    }
    let det = detect(&hist, &Config::default()).unwrap();
    let m = det
        .maneuvers
        .iter()
        .find(|m| (m.epoch - burn).abs().to_seconds() < 2.0 * 86_400.0)
        .expect("the raise is detected");
    assert_eq!(m.kind, ManeuverKind::InPlane);
    assert!((m.delta_a_km - 0.1).abs() < 0.01, "{m:?}");
    // n = √(μ/a³) = 1.0396e-3 rad/s; n Δa / 2 = 0.0520 m/s.
    assert!((m.dv_along_m_s - 0.052).abs() < 0.006, "{m:?}");
    assert!(m.confirmed);
}

#[test]
fn one_row_per_burn() {
    // Detections closer than the history's median set spacing cannot be two burns the sets
    // resolve; on Fengyun-4A the first pass reported some burns twice.
    let hist = history("Fengyun-4A.tle.gz");
    let mut gaps: Vec<f64> = hist
        .windows(2)
        .map(|w| (w[1].epoch - w[0].epoch).to_seconds())
        .filter(|g| *g >= 60.0)
        .collect();
    gaps.sort_by(f64::total_cmp);
    let spacing_s = gaps[gaps.len() / 2];
    let det = detect(&hist, &Config::default()).unwrap();
    for w in det.maneuvers.windows(2) {
        let dt = (w[1].epoch - w[0].epoch).to_seconds();
        assert!(dt >= spacing_s, "{dt} s < {spacing_s} s: {w:?}");
    }
    let split = Config {
        merge_cadences: 0.0,
        ..Config::default()
    };
    assert!(detect(&hist, &split).unwrap().maneuvers.len() > det.maneuvers.len());
}

#[test]
fn jason_1_small_burns_2003_2006_against_the_operator_log() {
    // Jason-1's drag make-up burns are a few mm/s (Δa of 5–20 m) that the TLEs show as a
    // ramp over days; the along-track prediction test finds what the level steps miss.
    let hist = history("Jason-1.tle.gz");
    let truth = truth("ja1man_2002-2007.txt", &hist);
    assert_eq!(truth.len(), 23);
    let score_with = |config: &Config| {
        let det = detect(&hist, config).unwrap();
        let times: Vec<Epoch> = det.maneuvers.iter().map(|m| m.epoch).collect();
        score::score(&times, &truth, 3.0 * 86_400.0)
    };
    let with = score_with(&Config::default());
    let without = score_with(&Config {
        along_track: false,
        ..Config::default()
    });
    eprintln!(
        "Jason-1 2003-2006 with along-track {with:?} F1 {:.3}; without {without:?} F1 {:.3}",
        with.f1(),
        without.f1()
    );
    assert!(with.f1() >= F1_FLOOR_JASON1, "{with:?} F1 {}", with.f1());
    assert!(
        with.recall() > without.recall() + 0.1,
        "{with:?} {without:?}"
    );
}

/// Measured F1 0.784 (20 of 23 burns, 33 detections, 8 false); with the level steps alone
/// 0.550 (11 of 23). Floor a little below.
const F1_FLOOR_JASON1: f64 = 0.75;

#[test]
fn a_small_raise_is_found_by_its_along_track_drift() {
    // An impulsive +12 m change of a (≈ 5.4 mm/s, the size of most of Jason-1's maintenance burns, at Jason-1's a ≈ 7714 km) injected into a
    // quiet stretch of real sets the way a burn acts on them: after the burn each set's mean
    // motion is lower by Δn = −(3/2) n Δa/a and its mean anomaly lags by Δn (t − t_b), so the
    // position is continuous at the burn and drifts behind after it.
    let mut hist = history("Jason-1.tle.gz");
    let truth = truth("ja1man_2002-2007.txt", &hist);
    let base = detect(&hist, &Config::default()).unwrap().maneuvers;
    let quiet = |e: Epoch| {
        base.iter()
            .map(|m| m.epoch)
            .chain(truth.iter().copied())
            .all(|t| (t - e).abs().to_seconds() > 15.0 * 86_400.0)
    };
    let k = (60..hist.len()).find(|&k| quiet(hist[k].epoch)).unwrap();
    let burn = hist[k - 1].epoch
        + uitkijk_time::Duration::from_seconds(
            0.5 * (hist[k].epoch - hist[k - 1].epoch).to_seconds(),
        );
    let (a_km, da_km) = (7714.0, 0.012);
    for s in &mut hist[k..] {
        let dn_rev_day = -1.5 * s.mean_motion_rev_day * da_km / a_km;
        let dt_day = (s.epoch - burn).to_seconds() / 86_400.0;
        s.mean_motion_rev_day += dn_rev_day;
        s.mean_anomaly_deg = (s.mean_anomaly_deg + 360.0 * dn_rev_day * dt_day).rem_euclid(360.0);
    }
    let found = |config: &Config| {
        detect(&hist, config)
            .unwrap()
            .maneuvers
            .into_iter()
            .find(|m| (m.epoch - burn).abs().to_seconds() < 3.0 * 86_400.0)
    };
    // The along-track test alone (level detections switched off): its own Δa, from the
    // change of drift, and its own burn time, from the knee.
    let along_only = Config {
        threshold_sigma: f64::INFINITY,
        single_gap_sigma: f64::INFINITY,
        plane_threshold_sigma: f64::INFINITY,
        ..Config::default()
    };
    let m = found(&along_only).expect("the raise is detected");
    eprintln!("injected at {burn}: {m:?}");
    // Measured: Δa 8.7 m, 2.2 h from the injected time. The residual slope of the real sets
    // wanders by ≈ 0.4 km/day here (+0.43 km/day across this gap before the injection),
    // which biases Δa low and hides a 4–8 m raise at this spot (statistic 14 < 18.4).
    assert_eq!(m.kind, ManeuverKind::InPlane);
    assert!(
        (m.epoch - burn).abs().to_seconds() < 1.5 * 86_400.0,
        "{m:?}"
    );
    assert!(
        m.delta_a_km > 0.5 * da_km && m.delta_a_km < 1.5 * da_km,
        "{m:?}"
    );
}
