//! A constructed approach must raise an alert at the right time.
//!
//! The asset is Sentinel-2A (40697) on its element set of the 2022-01-22 catalog. The chaser's
//! elements are generated from the asset's: 1 km lower (mean motion raised by
//! (1 + Δa/a)^(-3/2)) and 100 km behind in mean anomaly, so it closes along-track at
//! (3/2)·n·|Δa| ≈ 1.56 m/s (Clohessy–Wiltshire drift, Vallado 2013 §6.8) and enters the
//! 2 × 25 × 25 km ellipsoid from behind about 14 h later, 1 km below.
//!
//! Reference: the entry and exit times and least range found by brute force on the
//! independent `sgp4` crate (MIT; improved mode, WGS-72) sampled every second and bisected,
//! with the RIC axes computed here from first principles — nothing shared with our SGP4,
//! screener or frames.

#[path = "../../propagate/tests/support/sgp4_crate.rs"]
mod sgp4_crate;

use uitkijk_formats::{tle, ElementSet};
use uitkijk_sda::proximity::{watch, Ellipsoid, ProximityConfig};
use uitkijk_time::Duration;

const L1: &str = "1 40697U 15028A   22022.73897903 -.00000048  00000-0 -15857-5 0  9991";
const L2: &str = "2 40697  98.5674  99.5814 0001126  88.1027 272.0274 14.30819729344019";
const MU: f64 = 398_600.8;

fn chaser(asset: &ElementSet, behind_km: f64, lower_km: f64) -> ElementSet {
    let n = asset.mean_motion_rev_day * 2.0 * std::f64::consts::PI / 86_400.0;
    let a = (MU / (n * n)).cbrt();
    let mut c = asset.clone();
    c.norad_id = 99_901;
    c.object_name = Some("CHASER".into());
    c.object_id = Some("2022-999A".into());
    c.mean_motion_rev_day = asset.mean_motion_rev_day * (1.0 - lower_km / a).powf(-1.5);
    c.mean_anomaly_deg = (asset.mean_anomaly_deg - (behind_km / a).to_degrees()).rem_euclid(360.0);
    // Through the TLE text, so that both propagators read the same digits.
    let [l1, l2] = tle::write_lines(&c).expect("writable");
    tle::parse_lines(&l1, &l2).expect("parses")
}

struct Reference {
    asset: sgp4::Constants,
    chaser: sgp4::Constants,
}

impl Reference {
    fn new(chaser: &ElementSet) -> Reference {
        let [c1, c2] = tle::write_lines(chaser).unwrap();
        let e = |l1: &str, l2: &str| {
            let el = sgp4::Elements::from_tle(None, l1.as_bytes(), l2.as_bytes()).unwrap();
            sgp4_crate::wgs72_constants(&el).unwrap()
        };
        Reference {
            asset: e(L1, L2),
            chaser: e(&c1, &c2),
        }
    }

    /// (RIC of the chaser relative to the asset, range) at `t_s` after the common epoch.
    fn ric(&self, t_s: f64) -> ([f64; 3], f64) {
        let m = sgp4::MinutesSinceEpoch(t_s / 60.0);
        let pa = self.asset.propagate(m).unwrap();
        let pc = self.chaser.propagate(m).unwrap();
        let (r, v) = (pa.position, pa.velocity);
        let nr = (r[0] * r[0] + r[1] * r[1] + r[2] * r[2]).sqrt();
        let h = [
            r[1] * v[2] - r[2] * v[1],
            r[2] * v[0] - r[0] * v[2],
            r[0] * v[1] - r[1] * v[0],
        ];
        let nh = (h[0] * h[0] + h[1] * h[1] + h[2] * h[2]).sqrt();
        let u_r = [r[0] / nr, r[1] / nr, r[2] / nr];
        let u_c = [h[0] / nh, h[1] / nh, h[2] / nh];
        let u_i = [
            u_c[1] * u_r[2] - u_c[2] * u_r[1],
            u_c[2] * u_r[0] - u_c[0] * u_r[2],
            u_c[0] * u_r[1] - u_c[1] * u_r[0],
        ];
        let d = [
            pc.position[0] - r[0],
            pc.position[1] - r[1],
            pc.position[2] - r[2],
        ];
        let dot = |u: [f64; 3]| u[0] * d[0] + u[1] * d[1] + u[2] * d[2];
        (
            [dot(u_r), dot(u_i), dot(u_c)],
            (d[0] * d[0] + d[1] * d[1] + d[2] * d[2]).sqrt(),
        )
    }

    fn inside(&self, e: &Ellipsoid, t_s: f64) -> bool {
        e.contains(&self.ric(t_s).0)
    }

    /// Crossings of the ellipsoid surface, sampled every second, bisected to 0.1 ms.
    fn crossings(&self, e: &Ellipsoid, end_s: f64) -> Vec<(f64, bool)> {
        let mut out = Vec::new();
        let mut prev = self.inside(e, 0.0);
        let mut t = 0.0;
        while t < end_s {
            let tn = (t + 1.0).min(end_s);
            let cur = self.inside(e, tn);
            if cur != prev {
                let (mut a, mut b) = (t, tn);
                while b - a > 1e-4 {
                    let m = 0.5 * (a + b);
                    if self.inside(e, m) == prev {
                        a = m;
                    } else {
                        b = m;
                    }
                }
                out.push((0.5 * (a + b), cur));
            }
            prev = cur;
            t = tn;
        }
        out
    }
}

#[test]
fn constructed_approach_raises_an_alert_at_the_reference_entry_time() {
    let asset = tle::parse_lines(L1, L2).unwrap();
    let chaser = chaser(&asset, 100.0, 1.0);
    let sets = vec![asset.clone(), chaser.clone()];
    let start = asset.epoch;
    let days = 2.0;
    let config = ProximityConfig::new(start, days * 86_400.0);
    let out = watch(&sets, &[0], &config).unwrap();

    let e = Ellipsoid::NEAR_EARTH;
    let reference = Reference::new(&chaser);
    let crossings = reference.crossings(&e, days * 86_400.0);
    assert_eq!(
        crossings.len(),
        2,
        "reference: one entry and one exit: {crossings:?}"
    );
    assert!(crossings[0].1 && !crossings[1].1);
    let (entry_ref_s, exit_ref_s) = (crossings[0].0, crossings[1].0);

    // Clohessy–Wiltshire: closing 100 − 25·√(1 − (1/2)²) km at 3/2·n·Δa.
    let n = asset.mean_motion_rev_day * 2.0 * std::f64::consts::PI / 86_400.0;
    let cw_entry_s = (100.0 - 25.0 * 0.75f64.sqrt()) / (1.5 * n * 1.0);
    assert!(
        (entry_ref_s - cw_entry_s).abs() < 0.05 * cw_entry_s,
        "reference entry {entry_ref_s} s vs CW estimate {cw_entry_s} s"
    );

    assert_eq!(out.passes.len(), 1, "{:#?}", out.passes);
    let p = &out.passes[0];
    assert_eq!(sets[p.object].norad_id, 99_901);
    let entry_s = (p.entry.expect("entered inside the window") - start).to_seconds();
    let exit_s = (p.exit.expect("left inside the window") - start).to_seconds();
    assert!(
        (entry_s - entry_ref_s).abs() < 0.01,
        "entry {entry_s} s vs reference {entry_ref_s} s"
    );
    assert!(
        (exit_s - exit_ref_s).abs() < 0.01,
        "exit {exit_s} s vs reference {exit_ref_s} s"
    );
    assert!((p.duration_s - (exit_ref_s - entry_ref_s)).abs() < 0.02);

    // Least range: the reference's least sampled range bounds ours from above, within what
    // 1 s of relative motion (~ m/s here) can hide.
    let tca_s = (p.tca - start).to_seconds();
    let (ric_ref, range_ref) = reference.ric(tca_s);
    assert!(
        (p.min_range_km - range_ref).abs() < 1e-6,
        "{p:?} vs {range_ref}"
    );
    for (ours, theirs) in p.ric_km.iter().zip(ric_ref) {
        assert!((ours - theirs).abs() < 1e-6);
    }
    let sampled_min = (entry_ref_s.ceil() as i64..=exit_ref_s.floor() as i64)
        .map(|t| reference.ric(t as f64).1)
        .fold(f64::INFINITY, f64::min);
    assert!(p.min_range_km <= sampled_min + 1e-9);
    assert!(p.min_range_km > sampled_min - 1e-3);
    // It passes about 1 km below the asset.
    assert!((p.ric_km[0] + 1.0).abs() < 0.3, "{:?}", p.ric_km);

    // One warning event naming asset and chaser, at the closest approach.
    let ev: Vec<_> = out
        .events
        .iter()
        .filter(|e| e.kind == uitkijk_sda::event::EventKind::Proximity)
        .collect();
    assert_eq!(ev.len(), 1);
    assert_eq!(ev[0].norad_ids, vec![40697, 99_901]);
    assert_eq!(ev[0].severity, uitkijk_sda::event::Severity::Warning);
    assert_eq!(ev[0].epoch, p.tca);
    assert!(p.tca > start + Duration::from_seconds(entry_ref_s));
}

#[test]
fn an_object_already_inside_at_the_start_has_no_entry_time() {
    // 10 km behind and 1 km lower: inside from the start, closing; it passes the asset and
    // leaves ahead of it within two days.
    let asset = tle::parse_lines(L1, L2).unwrap();
    let chaser = chaser(&asset, 10.0, 1.0);
    let sets = vec![asset.clone(), chaser.clone()];
    let config = ProximityConfig::new(asset.epoch, 2.0 * 86_400.0);
    let out = watch(&sets, &[0], &config).unwrap();
    let reference = Reference::new(&chaser);
    let e = Ellipsoid::NEAR_EARTH;
    assert!(reference.inside(&e, 0.0));
    let crossings = reference.crossings(&e, 2.0 * 86_400.0);
    assert_eq!(crossings.len(), 1);
    assert_eq!(out.passes.len(), 1);
    let p = &out.passes[0];
    assert!(p.entry.is_none());
    let exit_s = (p.exit.unwrap() - asset.epoch).to_seconds();
    assert!((exit_s - crossings[0].0).abs() < 0.01);
}

/// Histories of the asset and a neighbour on the asset's own orbit `behind_km[k]` behind it, one
/// catalog a day: the least range per catalog is that chord, and the trend follows it.
fn trend_of(behind_km: &[f64]) -> uitkijk_sda::proximity::trend::Trend {
    let base = tle::parse_lines(L1, L2).unwrap();
    let mut assets = Vec::new();
    let mut objects = Vec::new();
    for (k, b) in behind_km.iter().enumerate() {
        let mut a = base.clone();
        a.epoch = base.epoch + Duration::from_days(k as f64);
        objects.push(chaser(&a, *b, 0.0));
        assets.push(a);
    }
    uitkijk_sda::proximity::trend::pair_trend(&assets, &objects, 86_400.0).unwrap()
}

#[test]
fn trend_over_successive_catalogs() {
    use uitkijk_sda::proximity::trend::TrendKind;
    let t = trend_of(&[80.0, 60.0, 40.0, 20.0]);
    assert_eq!(t.kind, TrendKind::Approaching);
    for (p, want) in t.points.iter().zip([80.0, 60.0, 40.0, 20.0]) {
        // Same orbit: the least range is the chord, a hair under the arc, plus SGP4's small
        // periodic differences at the other mean anomaly.
        assert!((p.min_range_km - want).abs() < 0.5, "{p:?} vs {want}");
    }
    assert!((t.change_km + 60.0).abs() < 1.0, "{}", t.change_km);
    assert_eq!(
        trend_of(&[30.0, 31.0, 29.5, 30.5]).kind,
        TrendKind::StationKeeping
    );
    assert_eq!(trend_of(&[10.0, 25.0, 40.0]).kind, TrendKind::Departing);
}
