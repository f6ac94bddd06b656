//! Unit tests of initialisation and of the per-call contract.

use crate::init::{gstime_rad, sgp4_epoch_days};
use crate::model::{NearEarthDrag, Regime, Resonance};
use crate::{Sgp4, Sgp4Error, Sgp4ErrorKind};
use uitkijk_formats::ElementSet;

const VERIFICATION_TLE: &str = include_str!("../tests/data/SGP4-VER.TLE");

/// The element set of catalog number `norad_id` from Vallado's verification file (the first
/// one, for the number that appears twice).
fn verification_set(norad_id: u32) -> ElementSet {
    let lines: Vec<&str> = VERIFICATION_TLE
        .lines()
        .filter(|l| !l.starts_with('#'))
        .collect();
    lines
        .windows(2)
        .filter(|w| w[0].starts_with('1') && w[1].starts_with('2'))
        .map(|w| {
            uitkijk_formats::tle::parse_lines_lenient(w[0], w[1])
                .unwrap()
                .0
        })
        .find(|s| s.norad_id == norad_id)
        .unwrap()
}

fn sgp4(norad_id: u32) -> Sgp4 {
    Sgp4::new(&verification_set(norad_id)).unwrap()
}

#[test]
fn epoch_and_sidereal_time_are_bit_identical_to_the_reference() {
    // python-sgp4 2.x (Vallado's C++): (jdsatepoch + jdsatepochF) − 2433281.5 and gsto.
    let reference = [
        (5, 18441.78495062003, 3.4691723423794016),
        (11801, 11187.29629787989, 1.265125075734467),
        (20413, 20452.79166666977, 0.40718856380547663),
        (23333, 16376.499999990221, 3.84921956856428),
        (26900, 20560.745032470208, 1.9712765253007092),
        (28872, 20422.020126610063, 1.3132883060725433),
        (88888, 11232.987084649969, 0.1082901416688955),
    ];
    for (id, epoch_days, gsto) in reference {
        let days = sgp4_epoch_days(verification_set(id).epoch);
        assert_eq!(
            days.to_bits(),
            f64::to_bits(epoch_days),
            "{id}: {days} vs {epoch_days}"
        );
        let theta = gstime_rad(days + 2_433_281.5);
        assert_eq!(
            theta.to_bits(),
            f64::to_bits(gsto),
            "{id}: {theta} vs {gsto}"
        );
    }
}

#[test]
fn regimes_follow_period_perigee_and_resonance() {
    let regime = |id| sgp4(id).regime;
    // Vanguard 1: 133 min, perigee 650 km.
    assert!(matches!(
        regime(5),
        Regime::NearEarth(NearEarthDrag::Full(_))
    ));
    // SL-12 DEB: perigee 212 km < 220 km.
    assert!(matches!(
        regime(29238),
        Regime::NearEarth(NearEarthDrag::Simple)
    ));
    // MOLNIYA 2-14: 12-hour resonance, e = 0.69.
    assert!(
        matches!(&regime(8195), Regime::DeepSpace(d) if matches!(d.resonance, Resonance::HalfDay(_)))
    );
    // ITALSAT 2: geosynchronous.
    assert!(
        matches!(&regime(24208), Regime::DeepSpace(d) if matches!(d.resonance, Resonance::OneDay(_)))
    );
    // GPS (NAVSTAR 53): 12-hour period but e < 0.5, no resonance.
    assert!(
        matches!(&regime(28129), Regime::DeepSpace(d) if matches!(d.resonance, Resonance::None))
    );
    assert!(sgp4(28129).is_deep_space());
    assert!(!sgp4(5).is_deep_space());
}

#[test]
fn results_do_not_depend_on_call_order() {
    // Given resonant orbits, whose reference integrator keeps state between calls,
    for id in [8195, 24208, 25954] {
        let a = sgp4(id);
        let b = a.clone();
        // when one propagator walks out and back and another jumps straight there,
        let times = [2880.0, 100.0, -1440.0, 7000.0, 2880.0];
        let walked: Vec<_> = times.iter().map(|&t| a.propagate(t).unwrap()).collect();
        // then every state is the same to the bit.
        for (&t, w) in times.iter().zip(&walked) {
            assert_eq!(&b.propagate(t).unwrap(), w, "{id} at {t}");
        }
        assert_eq!(walked[0], walked[4]);
    }
}

#[test]
fn an_error_at_one_time_does_not_touch_the_next() {
    // MINOTAUR R/B decays at 55 min; times before still propagate afterwards.
    let s = sgp4(28872);
    let e = s.propagate(55.0).unwrap_err();
    assert_eq!((e.code(), e.name()), (6, "decayed"));
    assert_eq!(e.tsince_min(), 55.0);
    assert!(s.propagate(50.0).is_ok());
    // The reference's t = 0 error inside sgp4init does not block other times either: 33334
    // fails at epoch and everywhere, 33333 (e = 0.995) is fine at epoch and fails at 25 min.
    assert_eq!(sgp4(33334).propagate(0.0).unwrap_err().code(), 3);
    assert!(sgp4(33333).propagate(0.0).is_ok());
    assert_eq!(
        sgp4(33333).propagate(25.0).unwrap_err().name(),
        "semi-latus-rectum"
    );
}

#[test]
fn sgp4_xp_is_refused() {
    let mut set = verification_set(5);
    set.ephemeris_type = 4;
    let e = Sgp4::new(&set).unwrap_err();
    assert_eq!(e.kind(), &Sgp4ErrorKind::UnsupportedEphemerisType(4));
    assert!(e.to_string().contains("SGP4-XP"));
    set.ephemeris_type = 2;
    assert!(Sgp4::new(&set).is_ok());
}

#[test]
fn non_finite_numbers_are_refused() {
    let mut set = verification_set(5);
    set.bstar_per_er = f64::NAN;
    assert_eq!(
        Sgp4::new(&set).unwrap_err().kind(),
        &Sgp4ErrorKind::NonFinite
    );
    let s = sgp4(5);
    for t in [f64::NAN, f64::INFINITY] {
        assert_eq!(s.propagate(t).unwrap_err().name(), "non-finite");
    }
    // A zero mean motion makes every constant infinite or NaN: refused per call, not NaN out.
    let mut set = verification_set(5);
    set.mean_motion_rev_day = 0.0;
    let s = Sgp4::new(&set).unwrap();
    assert!(s.propagate(0.0).is_err());
}

#[test]
fn codes_and_names_are_the_contract() {
    let cases = [
        (
            Sgp4ErrorKind::MeanEccentricity(-0.002),
            1,
            "mean-eccentricity",
        ),
        (Sgp4ErrorKind::MeanMotion(-1e-3), 2, "mean-motion"),
        (
            Sgp4ErrorKind::PerturbedEccentricity(1.02),
            3,
            "perturbed-eccentricity",
        ),
        (Sgp4ErrorKind::SemiLatusRectum(-0.1), 4, "semi-latus-rectum"),
        (Sgp4ErrorKind::Decayed(0.99), 6, "decayed"),
    ];
    for (kind, code, name) in cases {
        let e = Sgp4Error::new(kind, 10.0);
        assert_eq!((e.code(), e.name()), (code, name));
        assert!(e.to_string().contains(&format!("error {code}")));
    }
}

#[test]
fn propagator_is_shareable() {
    fn assert_send_sync_clone<T: Send + Sync + Clone>() {}
    assert_send_sync_clone::<Sgp4>();
    assert_send_sync_clone::<Sgp4Error>();
}

#[test]
fn identity_is_kept() {
    let set = verification_set(88888);
    let s = Sgp4::new(&set).unwrap();
    assert_eq!(s.norad_id(), 88888);
    assert_eq!(s.epoch(), set.epoch);
}
