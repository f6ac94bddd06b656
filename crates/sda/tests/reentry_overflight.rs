//! Overflight of the Netherlands by a real ISS ground track, against an independent
//! computation (python-sgp4 + shapely on the same Natural Earth polygons,
//! `bench/reentry/overflight_reference.py`, values below), and the decay-model ground track
//! against SGP4 over the first orbits.

use uitkijk_formats::tle;
use uitkijk_frames::{geodetic_from_itrf_km, gmst82_rad};
use uitkijk_propagate::Sgp4;
use uitkijk_sda::reentry::atmosphere::ExponentialAtmosphere;
use uitkijk_sda::reentry::decay::MeanOrbit;
use uitkijk_sda::reentry::region::Region;
use uitkijk_sda::reentry::track::{ground_track, overflight, TrackPoint, TrackStart};
use uitkijk_time::Duration;

const ISS: &str = "ISS (ZARYA)
1 25544U 98067A   24061.50000000  .00016717  00000-0  30178-3 0  9992
2 25544  51.6416 247.4627 0006703 130.5360 325.0288 15.49815308441002
";

/// SGP4 sub-satellite points every `step_s` for `span_s` (TEME rotated by GMST, as the
/// reference does).
fn sgp4_track(span_s: f64, step_s: f64) -> Vec<TrackPoint> {
    let set = &tle::read(ISS).sets[0];
    let sgp4 = Sgp4::new(set).unwrap();
    let mut out = Vec::new();
    let mut t = 0.0;
    while t <= span_s {
        let (r, _) = sgp4.propagate(t / 60.0).unwrap();
        let epoch = set.epoch + Duration::from_seconds(t);
        let th = gmst82_rad(epoch.to_mjd_utc_days() - 51_544.5);
        let (s, c) = th.sin_cos();
        let g = geodetic_from_itrf_km(&[c * r[0] + s * r[1], -s * r[0] + c * r[1], r[2]]);
        out.push(TrackPoint {
            epoch,
            lat_deg: g.lat_deg,
            lon_deg: g.lon_deg,
            alt_km: g.alt_km,
        });
        t += step_s;
    }
    out
}

#[test]
fn iss_crosses_the_south_of_the_netherlands_as_the_reference_says() {
    let track = sgp4_track(3.0 * 86_400.0, 10.0);
    let nl = Region::resolve("NL").unwrap();
    let o = overflight(&track, &nl);
    let epoch = track[0].epoch;
    // Reference: 2 passes, inside samples 83490–83490 s and 166990–167000 s after epoch.
    assert_eq!(o.passes, 2, "{o:?}");
    let first = (o.first.unwrap() - epoch).to_seconds();
    let last = (o.last.unwrap() - epoch).to_seconds();
    assert!((first - 83_490.0).abs() <= 10.0, "{first}");
    assert!((last - 167_000.0).abs() <= 10.0, "{last}");
    // The ISS (51.6° inclination) passes over Belgium and over the EU many times a day.
    let eu = overflight(&track, &Region::resolve("EU").unwrap());
    assert!(eu.passes >= 3 * 4, "{eu:?}");
    let be = overflight(&track, &Region::resolve("BE").unwrap());
    assert!(be.passes >= 1, "{be:?}");
}

#[test]
fn decay_model_track_follows_sgp4_over_the_first_orbits() {
    let set = &tle::read(ISS).sets[0];
    let sgp4 = Sgp4::new(set).unwrap();
    let orbit = MeanOrbit {
        a_km: sgp4.mean_semi_major_axis_km(),
        e: sgp4.mean_eccentricity(),
    };
    // ISS-like β (C_D A/m ≈ 2.2 × 0.0055 m²/kg); over 3 h drag moves it by metres.
    let start = TrackStart::new(set, orbit, 0.012);
    let to = set.epoch + Duration::from_seconds(3.0 * 3600.0);
    let ours = ground_track(&start, &ExponentialAtmosphere, 80.0, set.epoch, to, 60.0);
    let reference = sgp4_track(3.0 * 3600.0, 60.0);
    assert_eq!(ours.len(), reference.len());
    let mut worst_km: f64 = 0.0;
    for (a, b) in ours.iter().zip(&reference) {
        let (la, lb) = (a.lat_deg.to_radians(), b.lat_deg.to_radians());
        let dl = (a.lon_deg - b.lon_deg).to_radians();
        let c = (la.sin() * lb.sin() + la.cos() * lb.cos() * dl.cos()).clamp(-1.0, 1.0);
        worst_km = worst_km.max(6371.0 * c.acos());
    }
    // Mean elements without SGP4's short-period terms: tens of km, against the hundreds to
    // thousands of km of along-track uncertainty a re-entry window carries.
    assert!(worst_km < 60.0, "{worst_km} km");
    eprintln!("decay-model track vs SGP4 over 3 h: worst {worst_km:.1} km");
}
