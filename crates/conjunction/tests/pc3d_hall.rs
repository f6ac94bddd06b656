//! Hall 3D-Nc against NASA CARA's published values (see tests/data/pc3d/SOURCE.md).
// Reference values are kept digit for digit as CARA prints them.
#![allow(clippy::excessive_precision)]

use nalgebra::{Matrix6, Vector3};
use uitkijk_conjunction::pc3d::{nc3d_hall, Hall3dOptions, ObjectAtTca, Pc3dError};

#[path = "support/alfano.rs"]
mod alfano;
use alfano::{alfano_case, object_m, DATA};

/// (case, HBR m, CARA Pc3D) from A09TestCases_01_12_Distributed.csv, and the ±window of
/// CARA's AlfanoTestCases_Pc3D.m (A09 FinalTime_s).
fn alfano_expected() -> Vec<(u32, f64, f64, f64)> {
    let mut rdr =
        csv::Reader::from_path(format!("{DATA}A09TestCases_01_12_Distributed.csv")).unwrap();
    let mut sup =
        csv::Reader::from_path(format!("{DATA}Alfano_2009_Supplementary_Data.csv")).unwrap();
    let windows: Vec<f64> = sup
        .records()
        .map(|r| r.unwrap()[1].parse().unwrap())
        .collect();
    rdr.records()
        .map(|r| {
            let r = r.unwrap();
            let case: u32 = r[0].parse().unwrap();
            (
                case,
                r[1].parse().unwrap(),
                r[6].parse().unwrap(),
                windows[case as usize - 1],
            )
        })
        .collect()
}

#[test]
fn alfano_2009_cases_match_cara_pc3d() {
    let mut worst: f64 = 0.0;
    let only: Option<u32> = std::env::var("CASE").ok().map(|s| s.parse().unwrap());
    for (case, hbr_m, want, window) in alfano_expected() {
        if only.is_some_and(|c| c != case) {
            continue;
        }
        let (p, s) = alfano_case(case);
        let opts = Hall3dOptions {
            window_s: Some((-window, window)),
            initial_points: 1000,
            ..Default::default()
        };
        let t = std::time::Instant::now();
        let r = match nc3d_hall(&p, &s, hbr_m, &opts) {
            Ok(r) => r,
            Err(e) => panic!("case {case}: {e}"),
        };
        let rel = (r.nc - want) / want;
        eprintln!(
            "case {case:2}: Nc3D {:.9e} CARA {want:.9e} rel {rel:+.2e} evals {} conv {} reor {} {:?}",
            r.nc, r.evaluations, r.converged, r.reoriented, t.elapsed()
        );
        worst = worst.max(rel.abs());
    }
    eprintln!("worst relative difference {worst:.2e}");
    assert!(worst < 1e-3);
}

/// CARA Pc3D_Hall_UnitTest.m `testSimilarTo2D`: 6×6 ECI case, HBR 20 m, Pc3D_Hall
/// 1.0289973e-02 (RelTol 1e-3 there). Our value, 1.028192e-2, is converged to 1e-8 in
/// sphere rule, window and time tolerance; it sits 7.8e-4 below CARA's and 2.6e-5 above
/// CARA's 2D PcElrod (1.0281653e-2) for this 0.7 s linear encounter — CARA's coarser
/// trapezoid time integration is the likely source of the difference.
#[test]
fn cara_six_by_six_case() {
    let r1 = [
        -9.841950433215101e5,
        3.932342044549424e5,
        6.991223682230414e6,
    ];
    let v1 = [4.883696742e3, 5.689086045e3, 3.66536159e2];
    let c1 = [
        4.976545641899520e4,
        5.787130862568278e4,
        3.370410320935015e3,
        1.137272273949272e1,
        -4.325472616114674,
        -8.009705480233521e1,
        5.787130862568278e4,
        6.730377643610841e4,
        3.926542932121541e3,
        1.321992688238858e1,
        -5.035560720747812,
        -9.314985106902773e1,
        3.370410320935015e3,
        3.926542932121541e3,
        2.461403197221289e2,
        7.586865834476763e-1,
        -3.077848629905763e-1,
        -5.434034460756914,
        1.137272273949272e1,
        1.321992688238858e1,
        7.586865834476763e-1,
        2.608186227148725e-3,
        -9.804181796720670e-4,
        -1.829751672999786e-2,
        -4.325472616114674,
        -5.035560720747812,
        -3.077848629905763e-1,
        -9.804181796720670e-4,
        3.895883508545853e-4,
        6.968892326415779e-3,
        -8.009705480233521e1,
        -9.314985106902773e1,
        -5.434034460756914,
        -1.829751672999786e-2,
        6.968892326415779e-3,
        1.289253320300791e-1,
    ];
    let r2 = [
        -9.839696058965517e5,
        3.936845951174244e5,
        6.991219291625473e6,
    ];
    let v2 = [1.509562687e3, 7.372938617e3, -1.49250943e2];
    let c2 = [
        4.246862551076427e4,
        2.066374367781032e5,
        -5.011108933888592e3,
        3.104606531932427e1,
        -1.201093683199582e1,
        -2.207975848324051e2,
        2.066374367781032e5,
        1.005854717283451e6,
        -2.434876491048039e4,
        1.510022508670080e2,
        -5.850063541467530e1,
        -1.074752763805685e3,
        -5.011108933888592e3,
        -2.434876491048039e4,
        6.131274993037449e2,
        -3.667147183233717,
        1.391769957262238,
        2.601457791444154e1,
        3.104606531932427e1,
        1.510022508670080e2,
        -3.667147183233717,
        2.272826228568773e-2,
        -8.778253314778023e-3,
        -1.613538091053610e-1,
        -1.201093683199582e1,
        -5.850063541467530e1,
        1.391769957262238,
        -8.778253314778023e-3,
        3.428801115804722e-3,
        6.251148178133809e-2,
        -2.207975848324051e2,
        -1.074752763805685e3,
        2.601457791444154e1,
        -1.613538091053610e-1,
        6.251148178133809e-2,
        1.148404222181769,
    ];
    let p = object_m(r1, v1, &c1);
    let s = object_m(r2, v2, &c2);
    let r = nc3d_hall(&p, &s, 20.0, &Hall3dOptions::default()).unwrap();
    let want = 1.0289973e-2;
    eprintln!(
        "6x6 case: Nc3D {:.8e} CARA {want:.8e} rel {:+.2e} window [{:.3}, {:.3}] s",
        r.nc,
        r.nc / want - 1.0,
        r.start_s,
        r.end_s
    );
    assert!(r.converged);
    assert!((r.nc / want - 1.0).abs() < 1e-3);
}

#[test]
fn bad_input_is_a_typed_error() {
    let (p, s) = alfano_case(5);
    let o = Hall3dOptions::default();
    assert!(matches!(
        nc3d_hall(&p, &s, 0.0, &o),
        Err(Pc3dError::BadHbr(_))
    ));
    assert!(matches!(
        nc3d_hall(&p, &s, f64::NAN, &o),
        Err(Pc3dError::BadHbr(_))
    ));
    let mut bad = p.clone();
    bad.position_km[1] = f64::NAN;
    assert!(matches!(
        nc3d_hall(&bad, &s, 10.0, &o),
        Err(Pc3dError::NonFinite { .. })
    ));
    let mut bad = p.clone();
    bad.covariance[(0, 1)] *= 3.0;
    assert!(matches!(
        nc3d_hall(&bad, &s, 10.0, &o),
        Err(Pc3dError::Asymmetric { .. })
    ));
    let mut hyper = p.clone();
    hyper.velocity_km_s *= 2.0;
    assert!(matches!(
        nc3d_hall(&hyper, &s, 10.0, &o),
        Err(Pc3dError::Orbit { .. })
    ));
    let w = Hall3dOptions {
        window_s: Some((5.0, -5.0)),
        ..Default::default()
    };
    assert!(matches!(
        nc3d_hall(&p, &s, 10.0, &w),
        Err(Pc3dError::BadWindow { .. })
    ));
}

/// A covariance that is not positive definite (a negative eigenvalue in the position block)
/// still gives a finite, non-negative answer: eigenvalues are clipped as in CARA.
#[test]
fn non_positive_definite_covariance_is_handled() {
    let (p, mut s) = alfano_case(5);
    let mut c = s.covariance;
    // Make the 3x3 position block indefinite while keeping it symmetric.
    c[(0, 1)] = 2.0 * (c[(0, 0)] * c[(1, 1)]).sqrt();
    c[(1, 0)] = c[(0, 1)];
    s.covariance = c;
    let r = nc3d_hall(
        &p,
        &s,
        10.0,
        &Hall3dOptions {
            window_s: Some((-1419.0, 1419.0)),
            ..Default::default()
        },
    )
    .unwrap();
    assert!(r.nc.is_finite() && (0.0..=1.0).contains(&r.nc));
}

/// CARA Pc3D_Hall_UnitTest.m `test2D3DDisagreementCase`: OmitronTestCase_Test08_3DNc.cdm
/// (EME2000 states, RTN covariances; HBR 20 m), a slow (67 m/s) encounter where the 2D Pc
/// is 2.27e-20 and CARA's 3D-Nc is 1.9271201e-05 (RelTol 1e-3 there). The covariance is
/// rotated RTN → EME2000 block-diagonally, as CARA's test set-up does.
#[test]
fn omitron_test08_curvilinear_case() {
    let mut rdr = csv::Reader::from_path(format!("{DATA}omitron_test08_3dnc.csv")).unwrap();
    let objs: Vec<ObjectAtTca> = rdr
        .records()
        .map(|r| {
            let r = r.unwrap();
            let x: Vec<f64> = (1..28).map(|i| r[i].parse().unwrap()).collect();
            let pos = Vector3::new(x[0], x[1], x[2]);
            let vel = Vector3::new(x[3], x[4], x[5]);
            // lower triangle, row-major, in m and s
            let mut c = Matrix6::zeros();
            let mut k = 6;
            for i in 0..6 {
                for j in 0..=i {
                    c[(i, j)] = x[k] * 1e-6;
                    c[(j, i)] = x[k] * 1e-6;
                    k += 1;
                }
            }
            let rh = pos.normalize();
            let nh = pos.cross(&vel).normalize();
            let th = nh.cross(&rh);
            let m3 = nalgebra::Matrix3::from_columns(&[rh, th, nh]); // RTN -> ECI
            let mut m6 = Matrix6::zeros();
            m6.fixed_view_mut::<3, 3>(0, 0).copy_from(&m3);
            m6.fixed_view_mut::<3, 3>(3, 3).copy_from(&m3);
            ObjectAtTca {
                position_km: pos,
                velocity_km_s: vel,
                covariance: m6 * c * m6.transpose(),
            }
        })
        .collect();
    let r = nc3d_hall(&objs[0], &objs[1], 20.0, &Hall3dOptions::default()).unwrap();
    let want = 1.9271201e-05;
    eprintln!(
        "Omitron Test08: Nc3D {:.8e} CARA {want:.8e} rel {:+.2e} window [{:.1}, {:.1}] s peak {:.1} s",
        r.nc,
        r.nc / want - 1.0,
        r.start_s,
        r.end_s,
        r.peak_time_s
    );
    assert!(r.converged);
    assert!((r.nc / want - 1.0).abs() < 1e-3);
}
