//! Cost of the drag models: one density evaluation, and one day of LEO propagation
//! (EGM96 20×20, Sun, Moon, SRP, drag) with Harris–Priester and with NRLMSISE-00.
//!
//! `cargo run --release -p uitkijk-propagate --example drag_speed`

use std::time::Instant;

use uitkijk_frames::{Gcrf, State};
use uitkijk_propagate::numerical::{
    atmosphere, msis::Nrlmsise00, Atmosphere, ForceModel, NumericalPropagator, SpaceWeather,
    Spacecraft,
};
use uitkijk_time::{parse_utc, Duration};

fn main() {
    let t0 = parse_utc("2024-05-01T00:00:00Z").unwrap();
    let sw = SpaceWeather::bundled();
    let msis = Nrlmsise00::shared();
    let n = 200_000;
    let start = Instant::now();
    let mut acc = 0.0;
    for k in 0..n {
        let t = t0 + Duration::from_seconds(k as f64);
        acc += msis.density_kg_m3(
            sw,
            t,
            (k % 180) as f64 - 90.0,
            (k % 360) as f64 - 180.0,
            400.0,
        );
    }
    let msis_us = start.elapsed().as_secs_f64() / n as f64 * 1e6;
    let start = Instant::now();
    for k in 0..n {
        let r = [6778.0 + (k % 7) as f64, 100.0, 0.0];
        acc += atmosphere::harris_priester_kg_m3(400.0, &r, &[1.5e8, 0.0, 0.0]);
    }
    let hp_us = start.elapsed().as_secs_f64() / n as f64 * 1e6;
    println!("density evaluation: NRLMSISE-00 {msis_us:.2} µs (incl. SW lookup), Harris–Priester {hp_us:.3} µs ({acc:e})");
    for atm in [Atmosphere::HarrisPriester, Atmosphere::Nrlmsise00] {
        let model = ForceModel {
            gravity_degree: 20,
            gravity_order: 20,
            drag: Some(atm),
            ..ForceModel::default()
        };
        let s0 = State::<Gcrf>::new(t0, [6778.0, 0.0, 0.0], [0.0, 4.9, 5.9]);
        let mut p = NumericalPropagator::new(&model, Spacecraft::default(), s0).unwrap();
        let start = Instant::now();
        let s = p.propagate_to(t0 + Duration::from_days(1.0)).unwrap();
        let r = s.position_km;
        println!(
            "1 day LEO 400 km, 20x20+Sun+Moon+SRP+{atm:?}: {:.3} s, |r| = {:.3} km",
            start.elapsed().as_secs_f64(),
            (r[0] * r[0] + r[1] * r[1] + r[2] * r[2]).sqrt()
        );
    }
}
