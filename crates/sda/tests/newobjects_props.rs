//! Properties of the classifications the comparison rests on: every input gets exactly one
//! class, the classes follow their stated boundaries, and the RIC ellipsoid test is the
//! ellipsoid's inequality.

use proptest::prelude::*;
use uitkijk_sda::newobjects::{NumberRange, Regime};
use uitkijk_sda::proximity::Ellipsoid;

proptest! {
    #[test]
    fn regime_follows_its_boundaries(p in 100.0f64..400_000.0, extra in 0.0f64..400_000.0) {
        let a = p + extra;
        let r = Regime::of_altitudes(p, a);
        prop_assert_eq!(r == Regime::Leo, a < 2000.0);
        if r == Regime::Meo {
            prop_assert!(p >= 2000.0);
        }
    }

    #[test]
    fn temporary_ranges_are_the_documented_ones(id in any::<u32>()) {
        let in_doc = (70_000..=99_999).contains(&id)
            || (270_000..=339_999).contains(&id)
            || (700_000_000..=999_999_999).contains(&id);
        prop_assert_eq!(NumberRange::of(id).is_some(), in_doc);
    }

    #[test]
    fn ellipsoid_contains_is_the_inequality(
        r in 0.1f64..100.0, i in 0.1f64..100.0, c in 0.1f64..100.0,
        x in -200.0f64..200.0, y in -200.0f64..200.0, z in -200.0f64..200.0,
    ) {
        let e = Ellipsoid { radial_km: r, in_track_km: i, cross_track_km: c };
        let inside = (x / r).powi(2) + (y / i).powi(2) + (z / c).powi(2) <= 1.0;
        prop_assert_eq!(e.contains(&[x, y, z]), inside);
        // Inside the ellipsoid means inside the sphere of its largest semi-axis (the screening
        // threshold): the candidate stage cannot miss it.
        if inside {
            prop_assert!((x * x + y * y + z * z).sqrt() <= e.largest_km() * (1.0 + 1e-12));
        }
    }
}
