//! EGM96 accelerations against an independent computation, and the field file parser.
#![allow(clippy::needless_range_loop)]

use proptest::prelude::*;
use uitkijk_propagate::numerical::{GravityField, GravityModel};

/// `data/numerical/egm96_accel_reference.csv`: made by `bench/numerical/gravity_reference.py`
/// (mpmath, 40 digits, spherical Legendre sum and numerical gradient of the potential) with
/// satkit's `gravity()` alongside; see `data/numerical/SOURCE.md`.
const REFERENCE: &str = include_str!("data/numerical/egm96_accel_reference.csv");

#[test]
fn accelerations_match_the_independent_legendre_sum_to_1e_12() {
    let field = GravityField::egm96();
    let mut rows = 0;
    let mut worst: f64 = 0.0;
    let mut worst_satkit: f64 = 0.0;
    for line in REFERENCE.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        let (deg, ord): (usize, usize) = (f[1].parse().unwrap(), f[2].parse().unwrap());
        let num = |k: usize| f[k].parse::<f64>().unwrap();
        let pos = [num(3), num(4), num(5)];
        let want = [num(6), num(7), num(8)];
        let mut model = GravityModel::new(field, deg, ord).unwrap();
        let got = model.acceleration(&pos);
        let scale = (want[0] * want[0] + want[1] * want[1] + want[2] * want[2]).sqrt();
        let err =
            ((got[0] - want[0]).powi(2) + (got[1] - want[1]).powi(2) + (got[2] - want[2]).powi(2))
                .sqrt()
                / scale;
        assert!(err < 1e-12, "{line}: got {got:?}, relative error {err:e}");
        worst = worst.max(err);
        if !f[9].is_empty() {
            let sk = [num(9), num(10), num(11)];
            let e =
                ((got[0] - sk[0]).powi(2) + (got[1] - sk[1]).powi(2) + (got[2] - sk[2]).powi(2))
                    .sqrt()
                    / scale;
            worst_satkit = worst_satkit.max(e);
        }
        rows += 1;
    }
    eprintln!("gravity: {rows} points, worst relative error {worst:.2e} (mpmath), {worst_satkit:.2e} (satkit)");
    assert_eq!(rows, 24);
    assert!(worst_satkit < 1e-12);
}

#[test]
fn perturbation_part_matches_too() {
    // The non-central part is ~1e-3 of the total: check it on its own at 70x70 so that a
    // relative 1e-12 on the total cannot hide an error in the small terms.
    let field = GravityField::egm96();
    let mut full = GravityModel::new(field, 70, 70).unwrap();
    let mut central = GravityModel::new(field, 0, 0).unwrap();
    let rows: Vec<Vec<f64>> = REFERENCE
        .lines()
        .skip(1)
        .map(|l| {
            l.split(',')
                .skip(1)
                .take(8)
                .map(|x| x.parse::<f64>().unwrap())
                .collect()
        })
        .collect();
    for (r70, r0) in rows
        .iter()
        .filter(|r| r[0] == 70.0)
        .zip(rows.iter().filter(|r| r[0] == 0.0))
    {
        let pos = [r70[2], r70[3], r70[4]];
        let (a, c) = (full.acceleration(&pos), central.acceleration(&pos));
        let want: Vec<f64> = (0..3).map(|k| r70[5 + k] - r0[5 + k]).collect();
        let got: Vec<f64> = (0..3).map(|k| a[k] - c[k]).collect();
        let scale = want.iter().map(|x| x * x).sum::<f64>().sqrt();
        let err = (0..3)
            .map(|k| (got[k] - want[k]).powi(2))
            .sum::<f64>()
            .sqrt()
            / scale;
        assert!(err < 1e-9, "{pos:?}: perturbation relative error {err:e}");
    }
}

#[test]
fn bundled_field_is_egm96_to_degree_90() {
    let f = GravityField::egm96();
    assert_eq!(f.max_degree, 90);
    assert_eq!(f.gm_km3_s2, 398_600.441_5);
    assert_eq!(f.radius_km, 6_378.136_3);
    // EGM96 C̄20 (tide-free), NASA/TP-1998-206861 Table 10.2-1.
    assert_eq!(f.c(2, 0), -0.484165371736e-03);
    assert_eq!(f.s(90, 90), 0.235247827592e-08);
    assert!(GravityModel::new(f, 91, 0).is_err());
    assert!(GravityModel::new(f, 10, 11).is_err());
}

#[test]
fn parser_reports_line_and_field() {
    let text = "modelname X\nearth_gravity_constant 3.986e14\nradius 6.378e6\nmax_degree 2\nend_of_head ===\ngfc 2 0 -4.8e-4 0\ngfc 2 x 1 0\n";
    let e = GravityField::parse_gfc(text, "x.gfc")
        .unwrap_err()
        .to_string();
    assert!(e.contains("x.gfc:7") && e.contains('M'), "{e}");
    let no_radius = "earth_gravity_constant 3.986e14\nmax_degree 2\nend_of_head\n";
    assert!(GravityField::parse_gfc(no_radius, "y")
        .unwrap_err()
        .to_string()
        .contains("radius"));
    let ok = GravityField::parse_gfc(
        "earth_gravity_constant 3.986e14\nradius 6.378e6\nmax_degree 2\nend_of_head\ngfc 2 2 1.5D-6 -2.0e-7\n",
        "z",
    )
    .unwrap();
    assert_eq!((ok.c(2, 2), ok.s(2, 2)), (1.5e-6, -2.0e-7));
}

proptest! {
    #[test]
    fn parser_never_panics(text in "(modelname|radius|earth_gravity_constant|max_degree|end_of_head|gfc|norm|[ 0-9.eED+-]|\n){0,200}") {
        let _ = GravityField::parse_gfc(&text, "fuzz");
    }

    #[test]
    fn parser_round_trips_coefficients(c in -1e-3f64..1e-3, s in -1e-3f64..1e-3, n in 2usize..6, m in 0usize..6) {
        let m = m.min(n);
        let text = format!(
            "earth_gravity_constant 0.3986004415E+15\nradius 0.6378136300E+07\nmax_degree 6\nend_of_head\ngfc {n} {m} {c:e} {s:e} 0 0\n"
        );
        let f = GravityField::parse_gfc(&text, "p").unwrap();
        prop_assert_eq!(f.c(n, m), c);
        prop_assert_eq!(f.s(n, m), s);
    }
}
