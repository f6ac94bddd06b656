//! Geodetic conversion: exactness by round trip, the poles, far objects, longitude range.

use uitkijk_frames::{geodetic_from_itrf_km, geodetic_to_itrf_km, Geodetic};

/// Closed form in f64: 1e-11 km (10 nm) is rounding at GEO distance.
const ROUND_TRIP_TOL_KM: f64 = 1e-11 * 100.0;

fn round_trip(g: Geodetic) -> Geodetic {
    let r = geodetic_to_itrf_km(&g);
    let back = geodetic_from_itrf_km(&r);
    let r2 = geodetic_to_itrf_km(&back);
    let d = ((r[0] - r2[0]).powi(2) + (r[1] - r2[1]).powi(2) + (r[2] - r2[2]).powi(2)).sqrt();
    assert!(
        d < ROUND_TRIP_TOL_KM * (1.0 + g.alt_km.abs() / 6378.0),
        "{g:?} -> {back:?}: {d}"
    );
    back
}

#[test]
fn round_trips_from_the_surface_to_the_moon() {
    for lat in [
        -90.0, -89.999999, -60.0, -1e-9, 0.0, 30.0, 45.0, 89.9999, 90.0,
    ] {
        for lon in [-179.9, -90.0, 0.0, 45.0, 179.9] {
            for alt in [-5.0, 0.0, 400.0, 20_200.0, 35_786.0, 384_400.0] {
                let back = round_trip(Geodetic {
                    lat_deg: lat,
                    lon_deg: lon,
                    alt_km: alt,
                });
                assert!(
                    (back.lat_deg - lat).abs() < 1e-9,
                    "{lat} {lon} {alt}: {back:?}"
                );
                assert!((back.alt_km - alt).abs() < 1e-8 * (1.0 + alt.abs() / 6378.0));
                if lat.abs() < 90.0 {
                    assert!((back.lon_deg - lon).abs() < 1e-9);
                }
            }
        }
    }
}

#[test]
fn poles_and_equator_are_exact() {
    let b_km = 6378.137 * (1.0 - 1.0 / 298.257_223_563);
    let n = geodetic_from_itrf_km(&[0.0, 0.0, b_km + 500.0]);
    assert_eq!(n.lat_deg, 90.0);
    assert!((n.alt_km - 500.0).abs() < 1e-9);
    let s = geodetic_from_itrf_km(&[0.0, 0.0, -(b_km + 500.0)]);
    assert_eq!(s.lat_deg, -90.0);
    let e = geodetic_from_itrf_km(&[-42_164.0, 0.0, 0.0]);
    assert_eq!(e.lat_deg, 0.0);
    assert_eq!(e.lon_deg, 180.0);
    assert!((e.alt_km - (42_164.0 - 6378.137)).abs() < 1e-9);
}

#[test]
fn near_the_centre_stays_finite_and_consistent() {
    // Inside the evolute (within ~43 km of the centre) the closed form does not apply; the
    // fallback must still give a point that maps back.
    for r in [
        [10.0, 0.0, 20.0],
        [1.0, 2.0, -3.0],
        [30.0, 0.0, 0.0],
        [0.0, 0.0, 5.0],
    ] {
        let g = geodetic_from_itrf_km(&r);
        assert!(
            g.lat_deg.is_finite() && g.alt_km.is_finite(),
            "{r:?}: {g:?}"
        );
        let b = geodetic_to_itrf_km(&g);
        let d = ((b[0] - r[0]).powi(2) + (b[1] - r[1]).powi(2) + (b[2] - r[2]).powi(2)).sqrt();
        assert!(d < 1e-6, "{r:?}: {g:?} maps back {d} km away");
    }
}
