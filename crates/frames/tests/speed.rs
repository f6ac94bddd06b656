//! Cost of the TEME → ITRF transform: per state with a shared precomputed rotation, and with
//! the rotation (EOP lookup, GMST, polar motion) rebuilt for every state. Printed, and held to a
//! loose bound so a slow CI machine does not fail it (the brief's target is ~1–2 µs).

use std::time::Instant;
use uitkijk_frames::{teme_to_itrf, State, Teme, TemeToItrf};
use uitkijk_time::{parse_utc, EopTable, Unit};

#[test]
fn teme_to_itrf_is_cheap() {
    let eop = EopTable::bundled();
    let e0 = parse_utc("2024-05-01T00:00:00Z").unwrap();
    let n = 200_000;
    let states: Vec<State<Teme>> = (0..n)
        .map(|k| {
            let a = k as f64 * 1e-3;
            State::new(
                e0,
                [7000.0 * a.cos(), 7000.0 * a.sin(), 10.0],
                [-7.5 * a.sin(), 7.5 * a.cos(), 0.1],
            )
        })
        .collect();
    let rot = TemeToItrf::at(e0, eop);
    let t = Instant::now();
    let mut acc = 0.0;
    for s in &states {
        acc += rot.apply(s).unwrap().position_km[0];
    }
    let shared_ns = t.elapsed().as_nanos() as f64 / n as f64;
    let t = Instant::now();
    for (k, s) in states.iter().enumerate() {
        let mut s = *s;
        s.epoch = e0 + Unit::Second * (k as f64);
        acc += teme_to_itrf(&s, eop).position_km[0];
    }
    let fresh_ns = t.elapsed().as_nanos() as f64 / n as f64;
    println!("TEME->ITRF: {shared_ns:.1} ns/state with a shared rotation, {fresh_ns:.1} ns/state rebuilding it ({acc:.1})");
    assert!(shared_ns < 2_000.0 && fresh_ns < 20_000.0);
}
