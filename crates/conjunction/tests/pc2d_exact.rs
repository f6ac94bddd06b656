//! The exact integral (Foster) and the convergent methods (Patera, Laas) against an
//! independent high-precision evaluation (mpmath, 40 digits; `mpmath_exact_pc.py`), plus
//! max-Pc, the encounter plane and the RTN rotation on cases with known answers.

use nalgebra::{Matrix3, Matrix6, Vector3};
use uitkijk_conjunction::pc::foster::pc_circle_principal;
use uitkijk_conjunction::pc::patera::pc_patera2005;
use uitkijk_conjunction::pc::{
    inertial_to_rtn_cov, max_pc, max_pc_on_plane, pc_2d, rtn_axes, rtn_to_inertial_cov,
    EncounterPlane, HbrShape, Method2d, ObjectAtTca,
};

fn mpmath_rows() -> Vec<[f64; 6]> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/pc2d/mpmath_exact_pc.csv"
    );
    let mut rdr = csv::Reader::from_path(path).unwrap();
    rdr.records()
        .map(|r| {
            let r = r.unwrap();
            let v: Vec<f64> = r.iter().map(|x| x.parse().unwrap()).collect();
            [v[0], v[1], v[2], v[3], v[4], v[5]]
        })
        .collect()
}

#[test]
fn foster_and_patera_match_mpmath_to_1e12() {
    let (mut wf, mut wp) = (0.0_f64, 0.0_f64);
    for [xm, ym, sx, sy, r, want] in mpmath_rows() {
        // Both integration axes (major and minor) must give the same value.
        let f1 = pc_circle_principal(xm, ym, sx, sy, r);
        let f2 = pc_circle_principal(ym, xm, sy, sx, r);
        let p = pc_patera2005(xm, ym, sx.min(sy), sx.max(sy), r);
        let pswap = if sx <= sy {
            p
        } else {
            pc_patera2005(ym, xm, sy, sx, r)
        };
        for (name, v) in [("foster", f1), ("foster-swapped", f2)] {
            let rel = (v / want - 1.0).abs();
            wf = wf.max(rel);
            assert!(
                rel < 1e-12,
                "{name} ({xm},{ym},{sx},{sy},{r}): {v:e} vs {want:e} ({rel:e})"
            );
        }
        let rel = (pswap / want - 1.0).abs();
        wp = wp.max(rel);
        assert!(
            rel < 1e-10,
            "patera ({xm},{ym},{sx},{sy},{r}): {pswap:e} vs {want:e} ({rel:e})"
        );
    }
    eprintln!("worst rel vs mpmath: foster {wf:.2e}, patera {wp:.2e}");
}

fn object(r: [f64; 3], v: [f64; 3], sigma_km: f64) -> ObjectAtTca {
    ObjectAtTca {
        position_km: Vector3::from(r),
        velocity_km_s: Vector3::from(v),
        covariance: Matrix6::identity() * sigma_km * sigma_km,
    }
}

#[test]
fn encounter_plane_of_a_crossing() {
    // Primary along +y, secondary along +z, 1 km apart along x at TCA: the plane normal is
    // v₂ − v₁ ∝ (0, −1, 1), the miss (1 km) lies along x̂ = +x, isotropic covariances stay
    // isotropic (2·σ²) on the plane.
    let p = object([7000.0, 0.0, 0.0], [0.0, 7.5, 0.0], 0.1);
    let s = object([7001.0, 0.0, 0.0], [0.0, 0.0, 7.5], 0.2);
    let pl = EncounterPlane::new(&p, &s).unwrap();
    assert!((pl.miss_km.x - 1.0).abs() < 1e-12 && pl.miss_km.y.abs() < 1e-12);
    assert!((pl.miss_3d_km - 1.0).abs() < 1e-12);
    assert!((pl.rel_speed_km_s - 7.5 * 2f64.sqrt()).abs() < 1e-12);
    let c = pl.covariance_km2;
    assert!((c[(0, 0)] - 0.05).abs() < 1e-15 && (c[(1, 1)] - 0.05).abs() < 1e-15);
    assert!(c[(0, 1)].abs() < 1e-15);
    // Isotropic: Pc = 1 − Marcum-Q; for R ≪ σ it is R²/(2σ²)·exp(−d²/2σ²) (Chan 2008 eq. 2.24)
    let hbr = 1e-3;
    let v = pc_2d(Method2d::Foster, &p, &s, hbr, HbrShape::Circle)
        .unwrap()
        .pc;
    let approx = hbr * hbr / (2.0 * 0.05) * (-1.0_f64 / (2.0 * 0.05)).exp();
    assert!((v / approx - 1.0).abs() < 1e-4, "{v:e} vs {approx:e}");
}

#[test]
fn max_pc_matches_alfriend_eq21_in_the_small_disc_limit() {
    let p = object([7000.0, 0.0, 0.0], [0.0, 7.5, 0.0], 0.1);
    let s = object([7001.0, 0.0, 0.0], [0.0, 0.0, 7.5], 0.2);
    for hbr in [1e-4, 1e-3, 1e-2] {
        let m = max_pc(&p, &s, hbr).unwrap();
        let eq21 = pc_2d(Method2d::AlfriendMax, &p, &s, hbr, HbrShape::Circle)
            .unwrap()
            .pc;
        let nominal = pc_2d(Method2d::Foster, &p, &s, hbr, HbrShape::Circle)
            .unwrap()
            .pc;
        // Eq. 21 is the R → 0 limit: R²/(e d² √det C) with k² = d²/2.
        let rel = (m.pc / eq21 - 1.0).abs();
        eprintln!(
            "hbr {hbr}: max {:.6e} (k² {:.4}) eq21 {eq21:.6e} rel {rel:.1e}",
            m.pc, m.cov_scale
        );
        assert!(rel < 2.0 * (hbr / 0.2).powi(2) + 1e-6, "{rel:e}");
        assert!(m.pc >= nominal);
        // k² = d²/2 with d² = (1 km)²/0.05 km² = 20.
        assert!((m.cov_scale / 10.0 - 1.0).abs() < 1e-3, "{}", m.cov_scale);
    }
    // Miss inside the disc: the sup is 1, reached as the covariance shrinks.
    let pl = EncounterPlane::new(&p, &s).unwrap();
    let m = max_pc_on_plane(&pl, 2.0).unwrap();
    assert_eq!((m.pc, m.cov_scale), (1.0, 0.0));
}

#[test]
fn rtn_rotation_round_trip_and_axes() {
    let r = Vector3::new(-5719.153201, -2486.155271, -3021.252701);
    let v = Vector3::new(2.333174842, 2.825732323, -6.727808538);
    let q = rtn_axes(&r, &v);
    // Orthonormal, R along r, N along r × v.
    assert!((q.transpose() * q - Matrix3::identity()).norm() < 1e-14);
    assert!((q.column(0) - r.normalize()).norm() < 1e-15);
    assert!((q.column(2) - r.cross(&v).normalize()).norm() < 1e-15);
    let c = Matrix6::from_fn(|i, j| {
        if i == j {
            1.0 + i as f64
        } else {
            0.1 / (1.0 + (i + j) as f64)
        }
    });
    let back = inertial_to_rtn_cov(&r, &v, &rtn_to_inertial_cov(&r, &v, &c));
    assert!((back - c).norm() < 1e-13);
    // A pure radial variance maps onto r̂ r̂ᵀ.
    let mut radial = Matrix6::zeros();
    radial[(0, 0)] = 4.0;
    let ci = rtn_to_inertial_cov(&r, &v, &radial);
    let rr = r.normalize() * r.normalize().transpose() * 4.0;
    assert!((ci.fixed_view::<3, 3>(0, 0) - rr).norm() < 1e-14);
}

mod never_panics {
    use super::*;
    use proptest::prelude::*;

    fn arb_object() -> impl Strategy<Value = ObjectAtTca> {
        (
            prop::array::uniform3(-8000.0..8000.0f64),
            prop::array::uniform3(-8.0..8.0f64),
            prop::array::uniform3(prop::array::uniform3(-1.0..1.0f64)),
            -3.0..1.0f64,
            -1e-3..1e-3f64,
        )
            .prop_map(|(r, v, a, scale_exp, neg)| {
                let a = Matrix3::from_fn(|i, j| a[i][j]);
                // PSD 3×3 scaled to 1e-3 … 10 km, with a small indefinite part at times.
                let mut p = a * a.transpose() * 10f64.powf(scale_exp);
                p[(0, 0)] += neg;
                let mut c = Matrix6::identity() * 1e-9;
                c.fixed_view_mut::<3, 3>(0, 0).copy_from(&p);
                ObjectAtTca {
                    position_km: Vector3::from(r),
                    velocity_km_s: Vector3::from(v),
                    covariance: c,
                }
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]
        #[test]
        fn every_method_returns_a_probability_or_a_typed_error(
            p in arb_object(),
            s in arb_object(),
            hbr in 0.0..0.5f64,
        ) {
            // Put the secondary near the primary so the probabilities are not all zero.
            let mut s = s;
            s.position_km = p.position_km + s.position_km * 1e-4;
            for m in Method2d::ALL {
                if let Ok(v) = pc_2d(m, &p, &s, hbr, HbrShape::Circle) {
                    prop_assert!(v.pc.is_finite() && v.pc >= 0.0 && v.pc <= 1.0 + 1e-12,
                        "{m}: {}", v.pc);
                }
            }
            if let (Ok(m), Ok(f)) = (max_pc(&p, &s, hbr), pc_2d(Method2d::Foster, &p, &s, hbr, HbrShape::Circle)) {
                prop_assert!(m.pc.is_finite() && m.pc <= 1.0 && m.pc >= f.pc * (1.0 - 1e-9),
                    "max {} vs nominal {}", m.pc, f.pc);
            }
            if let Ok(v) = pc_2d(Method2d::Foster, &p, &s, hbr, HbrShape::Square) {
                prop_assert!(v.pc.is_finite() && (0.0..=1.0).contains(&v.pc));
            }
        }
    }
}
