//! RIC components: R = r/|r|, C = (r × v)/|r × v|, I = C × R; secondary minus primary.

use uitkijk_frames::{relative_ric, FrameError, RicAxes, State, Teme};
use uitkijk_time::parse_utc;

#[test]
fn axes_of_an_equatorial_circular_orbit() {
    let e = parse_utc("2022-01-22T00:00:00Z").unwrap();
    let primary = State::<Teme>::new(e, [7000.0, 0.0, 0.0], [0.0, 7.5, 0.0]);
    // 1 km up, 2 km ahead, 3 km north.
    let secondary = State::<Teme>::new(e, [7001.0, 2.0, 3.0], [0.0, 7.5, 0.0]);
    let ric = relative_ric(&primary, &secondary).unwrap();
    assert!((ric.radial_km - 1.0).abs() < 1e-12);
    assert!((ric.in_track_km - 2.0).abs() < 1e-12);
    assert!((ric.cross_track_km - 3.0).abs() < 1e-12);
}

#[test]
fn axes_are_orthonormal_and_right_handed() {
    let e = parse_utc("2022-01-22T00:00:00Z").unwrap();
    let p = State::<Teme>::new(e, [-3000.0, 5000.0, 4000.0], [-5.0, -1.0, 4.0]);
    let a = RicAxes::of(&p).unwrap();
    let dot = |x: [f64; 3], y: [f64; 3]| x[0] * y[0] + x[1] * y[1] + x[2] * y[2];
    for (x, y) in [
        (a.radial, a.in_track),
        (a.in_track, a.cross_track),
        (a.radial, a.cross_track),
    ] {
        assert!(dot(x, y).abs() < 1e-14);
    }
    for x in [a.radial, a.in_track, a.cross_track] {
        assert!((dot(x, x) - 1.0).abs() < 1e-14);
    }
    // R × I = C.
    let r = a.radial;
    let i = a.in_track;
    let c = [
        r[1] * i[2] - r[2] * i[1],
        r[2] * i[0] - r[0] * i[2],
        r[0] * i[1] - r[1] * i[0],
    ];
    assert!((dot(c, a.cross_track) - 1.0).abs() < 1e-14);
    // In-track is along the velocity for this (nearly) circular state's projection.
    assert!(dot(a.in_track, [-5.0, -1.0, 4.0]) > 0.0);
}

#[test]
fn refuses_degenerate_and_mismatched_states() {
    let e = parse_utc("2022-01-22T00:00:00Z").unwrap();
    let radial_only = State::<Teme>::new(e, [7000.0, 0.0, 0.0], [1.0, 0.0, 0.0]);
    assert_eq!(RicAxes::of(&radial_only), Err(FrameError::DegenerateRic));
    let p = State::<Teme>::new(e, [7000.0, 0.0, 0.0], [0.0, 7.5, 0.0]);
    let later = State::<Teme>::new(
        e + uitkijk_time::Unit::Second * 1.0,
        [7000.0, 0.0, 0.0],
        [0.0, 7.5, 0.0],
    );
    assert!(matches!(
        relative_ric(&p, &later),
        Err(FrameError::DifferentEpochs { .. })
    ));
}
