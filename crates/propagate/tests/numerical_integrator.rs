//! DOP853 against closed-form solutions: a harmonic oscillator and the two-body problem.
#![allow(clippy::needless_range_loop)]

use uitkijk_frames::{Gcrf, State};
use uitkijk_propagate::numerical::{
    Dop853, ForceModel, GravityField, NumericalPropagator, Spacecraft, Tolerances,
};
use uitkijk_time::{parse_utc, Duration};

#[test]
fn harmonic_oscillator_matches_cos_sin_over_100_periods() {
    // y'' = −ω² y, y(0) = 1, y'(0) = 0: y = cos ωt, y' = −ω sin ωt.
    let w = 2.0 * std::f64::consts::PI / 10.0;
    let mut f = |_t: f64, y: &[f64; 2]| [y[1], -w * w * y[0]];
    let tol = Tolerances {
        rtol: 1e-12,
        atol: 1e-12,
    };
    let mut integ = Dop853::new(&mut f, 0.0, [1.0, 0.0], 1.0, tol).unwrap();
    let mut worst_dense: f64 = 0.0;
    let t_end = 1000.0;
    integ
        .integrate_to(&mut f, t_end, |d| {
            for k in 1..5 {
                let t = d.t_start() + (d.t_end() - d.t_start()) * k as f64 / 5.0;
                let y = d.eval(t);
                worst_dense = worst_dense.max((y[0] - (w * t).cos()).abs());
                worst_dense = worst_dense.max((y[1] + w * (w * t).sin()).abs() / w);
            }
            true
        })
        .unwrap();
    let y = integ.y();
    let err = (y[0] - (w * t_end).cos())
        .abs()
        .max((y[1] + w * (w * t_end).sin()).abs() / w);
    let stats = integ.stats();
    eprintln!("oscillator: end error {err:.2e}, dense worst {worst_dense:.2e}, {stats:?}");
    assert_eq!(integ.t(), t_end);
    assert!(err < 1e-9, "end error {err}");
    // Dense output is 7th order: looser than the step's 8th-order solution, still tight.
    assert!(worst_dense < 1e-8, "dense error {worst_dense}");
    // An 8th-order method takes big steps on a smooth problem: about 30 per period at 1e-12.
    assert!(stats.accepted < 4_000, "{stats:?}");
}

#[test]
fn backward_integration_retraces_forward() {
    let mut f = |_t: f64, y: &[f64; 2]| [y[1], -y[0]];
    let tol = Tolerances {
        rtol: 1e-13,
        atol: 1e-13,
    };
    let mut fwd = Dop853::new(&mut f, 0.0, [0.3, 0.7], 1.0, tol).unwrap();
    fwd.integrate_to(&mut f, 50.0, |_| true).unwrap();
    let mid = *fwd.y();
    let mut back = Dop853::new(&mut f, 50.0, mid, -1.0, tol).unwrap();
    back.integrate_to(&mut f, 0.0, |_| true).unwrap();
    let y = back.y();
    assert!(
        (y[0] - 0.3).abs() < 1e-10 && (y[1] - 0.7).abs() < 1e-10,
        "{y:?}"
    );
}

/// Position and velocity on a Kepler orbit after `t` s, by the f and g functions in the
/// eccentric-anomaly difference (Vallado 2013, Algorithm 8, elliptic case), solved by Newton.
fn kepler(mu: f64, r0: [f64; 3], v0: [f64; 3], t: f64) -> ([f64; 3], [f64; 3]) {
    let dot = |a: &[f64; 3], b: &[f64; 3]| a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    let r0n = dot(&r0, &r0).sqrt();
    let a = 1.0 / (2.0 / r0n - dot(&v0, &v0) / mu);
    let n = (mu / (a * a * a)).sqrt();
    let sigma0 = dot(&r0, &v0) / mu.sqrt();
    let mut de = n * t;
    for _ in 0..50 {
        let g = de - (1.0 - r0n / a) * de.sin() + sigma0 / a.sqrt() * (1.0 - de.cos()) - n * t;
        let dg = 1.0 - (1.0 - r0n / a) * de.cos() + sigma0 / a.sqrt() * de.sin();
        de -= g / dg;
    }
    let r = a + (r0n - a) * de.cos() + sigma0 * a.sqrt() * de.sin();
    let f = 1.0 - a / r0n * (1.0 - de.cos());
    let g = t + (de.sin() - de) / n;
    let fd = -(mu * a).sqrt() / (r * r0n) * de.sin();
    let gd = 1.0 - a / r * (1.0 - de.cos());
    let mut rr = [0.0; 3];
    let mut vv = [0.0; 3];
    for i in 0..3 {
        rr[i] = f * r0[i] + g * v0[i];
        vv[i] = fd * r0[i] + gd * v0[i];
    }
    (rr, vv)
}

#[test]
fn two_body_leo_10_days_conserves_energy_and_momentum_and_matches_kepler() {
    let mu = GravityField::egm96().gm_km3_s2;
    let t0 = parse_utc("2024-03-01T00:00:00Z").unwrap();
    // e ≈ 0.01, i ≈ 51.6°, a ≈ 6800 km.
    let r0 = [6700.0, 0.0, 0.0];
    let v0 = [0.0, 4.78, 6.04];
    let s0 = State::<Gcrf>::new(t0, r0, v0);
    let mut p =
        NumericalPropagator::new(&ForceModel::gravity_only(0, 0), Spacecraft::default(), s0)
            .unwrap();
    let energy = |r: &[f64; 3], v: &[f64; 3]| {
        0.5 * (v[0] * v[0] + v[1] * v[1] + v[2] * v[2])
            - mu / (r[0] * r[0] + r[1] * r[1] + r[2] * r[2]).sqrt()
    };
    let h = |r: &[f64; 3], v: &[f64; 3]| {
        [
            r[1] * v[2] - r[2] * v[1],
            r[2] * v[0] - r[0] * v[2],
            r[0] * v[1] - r[1] * v[0],
        ]
    };
    let (e0, h0) = (energy(&r0, &v0), h(&r0, &v0));
    let h0n = (h0[0] * h0[0] + h0[1] * h0[1] + h0[2] * h0[2]).sqrt();
    let (mut worst_e, mut worst_h, mut worst_pos) = (0.0f64, 0.0f64, 0.0f64);
    for day in 1..=10 {
        let s = p
            .propagate_to(t0 + Duration::from_seconds(86_400.0 * day as f64))
            .unwrap();
        let (r, v) = (s.position_km, s.velocity_km_s);
        worst_e = worst_e.max(((energy(&r, &v) - e0) / e0).abs());
        let hh = h(&r, &v);
        let dh =
            ((hh[0] - h0[0]).powi(2) + (hh[1] - h0[1]).powi(2) + (hh[2] - h0[2]).powi(2)).sqrt();
        worst_h = worst_h.max(dh / h0n);
        let (rk, _) = kepler(mu, r0, v0, 86_400.0 * day as f64);
        let d = ((r[0] - rk[0]).powi(2) + (r[1] - rk[1]).powi(2) + (r[2] - rk[2]).powi(2)).sqrt();
        worst_pos = worst_pos.max(d);
    }
    let stats = p.stats();
    eprintln!(
        "two-body 10 d: |dE/E| {worst_e:.2e}, |dh|/h {worst_h:.2e}, position vs Kepler {:.3} mm, {stats:?}",
        worst_pos * 1e6
    );
    assert!(worst_e < 1e-11, "energy drift {worst_e}");
    assert!(worst_h < 1e-11, "angular momentum drift {worst_h}");
    assert!(
        worst_pos < 1e-3,
        "position error {worst_pos} km after 10 days"
    );
}

#[test]
fn ephemeris_from_dense_output_matches_kepler_both_directions() {
    let mu = GravityField::egm96().gm_km3_s2;
    let t0 = parse_utc("2024-03-01T00:00:00Z").unwrap();
    let r0 = [7000.0, 1000.0, -500.0];
    let v0 = [-1.0, 6.5, 3.5];
    let mut p = NumericalPropagator::new(
        &ForceModel::gravity_only(0, 0),
        Spacecraft::default(),
        State::<Gcrf>::new(t0, r0, v0),
    )
    .unwrap();
    let offsets: Vec<f64> = (-40..=40).map(|k| k as f64 * 137.5).collect();
    let epochs: Vec<_> = offsets
        .iter()
        .map(|s| t0 + Duration::from_seconds(*s))
        .collect();
    let states = p.ephemeris(&epochs).unwrap();
    let mut worst: f64 = 0.0;
    for (s, dt) in states.iter().zip(&offsets) {
        let (rk, vk) = kepler(mu, r0, v0, *dt);
        let r = s.position_km;
        let d = ((r[0] - rk[0]).powi(2) + (r[1] - rk[1]).powi(2) + (r[2] - rk[2]).powi(2)).sqrt();
        let dv =
            ((s.velocity_km_s[0] - vk[0]).powi(2) + (s.velocity_km_s[1] - vk[1]).powi(2)).sqrt();
        worst = worst.max(d).max(dv * 1e3);
        assert_eq!(s.epoch, t0 + Duration::from_seconds(*dt));
    }
    eprintln!("ephemeris worst {:.3} mm", worst * 1e6);
    assert!(worst < 1e-5, "worst {worst} km");
}

#[test]
fn altitude_event_is_found_on_the_dense_output() {
    use uitkijk_propagate::numerical::AltitudeEvent;
    let mu = GravityField::egm96().gm_km3_s2;
    let t0 = parse_utc("2024-03-01T00:00:00Z").unwrap();
    // Apogee ~1000 km over the equator, perigee ~200 km: falls through 300 km within an orbit.
    let (ra, rp) = (6378.137 + 1000.0, 6378.137 + 200.0);
    let a = 0.5 * (ra + rp);
    let va = (mu * (2.0 / ra - 1.0 / a)).sqrt();
    let r0 = [ra, 0.0, 0.0];
    let v0 = [0.0, va, 0.0];
    let mut p = NumericalPropagator::new(
        &ForceModel::gravity_only(0, 0),
        Spacecraft::default(),
        State::<Gcrf>::new(t0, r0, v0),
    )
    .unwrap();
    let until = t0 + Duration::from_seconds(86_400.0);
    let AltitudeEvent::Reached(s) = p.propagate_to_altitude(300.0, until).unwrap() else {
        panic!("300 km not reached");
    };
    let dt = (s.epoch - t0).to_seconds();
    let alt = p.forces().altitude_km(dt, &s.position_km);
    // On the equator the geodetic height is the radius less the equatorial radius; Kepler
    // gives where the orbit is at that time.
    let (rk, _) = kepler(mu, r0, v0, dt);
    let d = ((s.position_km[0] - rk[0]).powi(2) + (s.position_km[1] - rk[1]).powi(2)).sqrt();
    eprintln!(
        "300 km reached after {dt:.3} s at {alt:.6} km, {:.3} mm from Kepler",
        d * 1e6
    );
    assert!((alt - 300.0).abs() < 1e-2, "{alt}");
    assert!(d < 1e-5, "{d} km");
    // Half an orbit minus the time from 300 km to perigee: the first crossing, not a later one.
    let period = 2.0 * std::f64::consts::PI * (a * a * a / mu).sqrt();
    assert!(dt > 0.3 * period && dt < 0.5 * period, "{dt} of {period}");
    // Asking again from there: already at the threshold.
    assert!(matches!(
        p.propagate_to_altitude(300.0, until).unwrap(),
        AltitudeEvent::Reached(_)
    ));
    // A threshold never reached gives the end state.
    let mut q = NumericalPropagator::new(
        &ForceModel::gravity_only(0, 0),
        Spacecraft::default(),
        State::<Gcrf>::new(t0, r0, v0),
    )
    .unwrap();
    let end = t0 + Duration::from_seconds(3_000.0);
    let AltitudeEvent::NotReached(s) = q.propagate_to_altitude(100.0, end).unwrap() else {
        panic!("100 km is below perigee");
    };
    assert_eq!(s.epoch, end);
}
