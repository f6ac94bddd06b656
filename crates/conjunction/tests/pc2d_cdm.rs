//! Pc from real CDMs, with inputs transcribed from the messages (no CDM parser needed):
//! * ION SCV-008 vs STARLINK-1233 (Orekit test resource, Apache-2.0): Orekit's Patera2005
//!   0.003496517644384083 and Laas2015 0.0034965176443840897 (combined radius 10 m);
//! * CARA's 53 operational CDMs (CARA_Analysis_Tools, NOSA): `Pc2D_NoAdj` (PcCircle on the
//!   CDM states as given) from `cara_pc_method_test_conjunctions.csv`, inputs in
//!   `cara_cdm_states.csv` (transcribed by `transcribe_cara_cdms.py`).

use nalgebra::{Matrix6, Vector3};
use uitkijk_conjunction::pc::{
    cov_m2_to_km2, pc_2d, rtn_to_inertial_cov, HbrShape, Method2d, ObjectAtTca,
};

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/pc2d/");

/// Lower triangle (CDM order: CR_R, CT_R, CT_T, CN_R, ...) to a symmetric 6×6.
fn lower_to_matrix(l: &[f64]) -> Matrix6<f64> {
    let mut m = Matrix6::zeros();
    let mut k = 0;
    for i in 0..6 {
        for j in 0..=i {
            m[(i, j)] = l[k];
            m[(j, i)] = l[k];
            k += 1;
        }
    }
    m
}

fn object(pos_km: [f64; 3], vel_km_s: [f64; 3], cov_rtn_m2: &[f64]) -> ObjectAtTca {
    let r = Vector3::from(pos_km);
    let v = Vector3::from(vel_km_s);
    let c = cov_m2_to_km2(&lower_to_matrix(cov_rtn_m2));
    ObjectAtTca {
        position_km: r,
        velocity_km_s: v,
        covariance: rtn_to_inertial_cov(&r, &v, &c),
    }
}

/// ITRF state at one instant to an inertial frame aligned with ITRF at that instant:
/// v_inertial = v + ω⊕ × r (IERS Conventions 2010, ω⊕ = 7.292115e-5 rad/s). Pc is invariant
/// to the remaining rigid rotation to GCRF; polar motion and LOD change ω⊕ by < 1e-6
/// relative, far below the tolerance.
fn itrf_to_inertial(r: [f64; 3], v: [f64; 3]) -> ([f64; 3], [f64; 3]) {
    const OMEGA: f64 = 7.292_115e-5;
    (r, [v[0] - OMEGA * r[1], v[1] + OMEGA * r[0], v[2]])
}

#[test]
fn ion_scv8_vs_starlink_1233() {
    let (r1, v1) = itrf_to_inertial(
        [-5719.153201, -2486.155271, -3021.252701],
        [2.333174842, 2.825732323, -6.727808538],
    );
    let c1 = [
        127.5401258877026,
        -216.5469301895778,
        9738.762752029239,
        23.41184551274494,
        -5.346171445289681,
        24.60870138594973,
        0.2482739312599897,
        -10.55496325674788,
        0.005950144116086071,
        0.01147849769311488,
        -0.1375882369099475,
        0.1222189661319367,
        -0.02576925085939057,
        -0.0001458466399925159,
        0.0001499094267380701,
        0.008141795305978281,
        -0.05578838789977865,
        -0.0003344474012710994,
        0.00005801069817622688,
        -0.000008757429553163563,
        0.00009287778622823746,
    ];
    let (r2, v2) = itrf_to_inertial(
        [-5719.163147, -2486.1092, -3021.22287],
        [-0.41596327, -5.20688041, 5.081948896],
    );
    let c2 = [
        964.6447977021088,
        -29096.52093664356,
        1555885.738355947,
        -610.4622634358643,
        7105.637820746857,
        1325.505208766663,
        31.55505053547703,
        -1687.047343882137,
        -7.503566951636299,
        1.829454352163062,
        -0.7822616662183071,
        16.88006830847172,
        0.627700053500938,
        -0.01829894383644205,
        0.000706074549697974,
        0.004835998593925756,
        -0.1102870161755583,
        -0.2277988353274012,
        0.00005700360443949522,
        -0.00001234324761245689,
        0.0003799085974184537,
    ];
    let p = object(r1, v1, &c1);
    let s = object(r2, v2, &c2);
    let hbr_km = 0.010;
    let patera_ref = 0.003_496_517_644_384_083;
    let laas_ref = 0.003_496_517_644_384_089_7;
    let mut report = String::new();
    for (m, want) in [
        (Method2d::Patera, patera_ref),
        (Method2d::Laas, laas_ref),
        (Method2d::Foster, laas_ref),
        (Method2d::Alfano, laas_ref),
    ] {
        let v = pc_2d(m, &p, &s, hbr_km, HbrShape::Circle).unwrap().pc;
        let rel = (v / want - 1.0).abs();
        report += &format!("{m}: {v:.16e} rel {rel:.2e}\n");
    }
    // Orekit converts ITRF to GCRF with full EOP; we add ω⊕ × r without polar motion
    // (~0.3″), which tilts each object's RTN frame by ~1e-7 rad: 2e-8 relative here.
    // Alfano's Simpson rule carries its own ~6e-6 here.
    for line in report.lines() {
        let rel: f64 = line.rsplit(' ').next().unwrap().parse().unwrap();
        let tol = if line.starts_with("alfano") {
            1e-5
        } else {
            5e-8
        };
        assert!(rel < tol, "{report}");
    }
    // CSpOC's reported 0.004450713 is for a square of half-width HBR (see Orekit's note).
    let sq = pc_2d(Method2d::Foster, &p, &s, hbr_km, HbrShape::Square)
        .unwrap()
        .pc;
    report += &format!("square: {sq:.6e} vs CSpOC 4.450713e-3\n");
    assert!((sq / 4.450_713e-3 - 1.0).abs() < 2e-4, "{report}");
    eprintln!("{report}");
}

struct Expected {
    id: String,
    pc2d_noadj: f64,
    pc2d: f64,
}

fn expected() -> Vec<Expected> {
    let mut rdr =
        csv::Reader::from_path(format!("{DATA}cara_pc_method_test_conjunctions.csv")).unwrap();
    let h = rdr.headers().unwrap().clone();
    let col = |name: &str| h.iter().position(|x| x == name).unwrap();
    let (ci, cn, cp) = (col("Conjunction_ID"), col("Pc2D_NoAdj"), col("Pc2D"));
    rdr.records()
        .map(|r| {
            let r = r.unwrap();
            Expected {
                id: r[ci].to_string(),
                pc2d_noadj: r[cn].parse().unwrap(),
                pc2d: r[cp].parse().unwrap(),
            }
        })
        .collect()
}

/// (hbr_km, primary, secondary) per conjunction id, from the transcribed CDM states.
fn cdm_inputs() -> std::collections::BTreeMap<String, (f64, Vec<ObjectAtTca>)> {
    let mut rdr = csv::Reader::from_path(format!("{DATA}cara_cdm_states.csv")).unwrap();
    let mut map = std::collections::BTreeMap::<String, (f64, Vec<ObjectAtTca>)>::new();
    for r in rdr.records() {
        let r = r.unwrap();
        assert_eq!(&r[3], "EME2000");
        let f: Vec<f64> = r.iter().skip(4).map(|x| x.parse().unwrap()).collect();
        let o = object([f[0], f[1], f[2]], [f[3], f[4], f[5]], &f[6..27]);
        let e = map
            .entry(r[0].to_string())
            .or_insert((r[1].parse::<f64>().unwrap() * 1e-3, vec![]));
        e.1.push(o);
    }
    map
}

#[test]
fn cara_53_operational_cdms_pc2d_noadj() {
    let inputs = cdm_inputs();
    let exp = expected();
    assert_eq!(exp.len(), 53);
    let (mut worst_cara, mut worst_foster, mut worst_adj) = (0.0_f64, 0.0_f64, 0.0_f64);
    let mut lines = String::new();
    for e in &exp {
        let (hbr, objs) = &inputs[&e.id];
        let cara = pc_2d(
            Method2d::CaraPcCircle,
            &objs[0],
            &objs[1],
            *hbr,
            HbrShape::Circle,
        )
        .unwrap()
        .pc;
        let foster = pc_2d(Method2d::Foster, &objs[0], &objs[1], *hbr, HbrShape::Circle)
            .unwrap()
            .pc;
        let rc = (cara / e.pc2d_noadj - 1.0).abs();
        let rf = (foster / e.pc2d_noadj - 1.0).abs();
        let ra = (foster / e.pc2d - 1.0).abs();
        worst_cara = worst_cara.max(rc);
        worst_foster = worst_foster.max(rf);
        worst_adj = worst_adj.max(ra);
        lines += &format!(
            "{}: cara {cara:.6e} foster {foster:.6e} NoAdj {:.6e} (rel {rc:.1e} / {rf:.1e}) Pc2D {:.6e} ({ra:.1e})\n",
            e.id, e.pc2d_noadj, e.pc2d
        );
    }
    eprintln!("{lines}worst rel: cara {worst_cara:e}, foster {worst_foster:e}, foster vs TCA-adjusted {worst_adj:e}");
    // CARA's convention reproduced: ≤ 1e-10 relative on ordinary Pc; the far-tail cases
    // (Pc 1e-8 … 1e-168, Mahalanobis² up to ~770) amplify last-bit differences in the frame
    // and eigenvector (Matlab/MKL vs ours) to ≤ 2e-8, as CARA's README warns.
    assert!(worst_cara < 5e-8, "{lines}");
    // The exact integral at the projected miss differs from PcCircle by the convention
    // (DESIGN.md `pc`): ≤ 3e-3 relative.
    assert!(worst_foster < 3e-3, "{lines}");
    // ...and equals CARA's TCA-adjusted Pc2D column: projecting the miss normal to the
    // relative velocity is the linear-motion TCA adjustment.
    assert!(worst_adj < 5e-8, "{lines}");
}

/// The same 53 CARA CDMs read by the project's CDM parser (`uitkijk_formats::cdm`, written
/// in parallel on another branch). Compiled out until that parser is merged: the lead
/// removes the `cfg(any())` (and adjusts field names if the parser's API changed). It must
/// give the same figures as `cara_53_operational_cdms_pc2d_noadj`.
#[test]
fn cara_53_cdms_through_the_cdm_parser() {
    use std::io::Read;
    let exp = expected();
    let mut worst = 0.0_f64;
    for e in &exp {
        let path = format!("{DATA}cara_cdms/{}.cdm.gz", e.id);
        let mut text = String::new();
        flate2::read::GzDecoder::new(std::fs::File::open(&path).unwrap())
            .read_to_string(&mut text)
            .unwrap();
        let cdm = uitkijk_formats::cdm::read(&text).unwrap();
        let hbr_km = cdm.hbr_m().unwrap() * 1e-3;
        let enc = uitkijk_conjunction::cdm_input::encounter_from_cdm(&cdm).unwrap();
        let cara = pc_2d(
            Method2d::CaraPcCircle,
            &enc.primary,
            &enc.secondary,
            hbr_km,
            HbrShape::Circle,
        )
        .unwrap()
        .pc;
        worst = worst.max((cara / e.pc2d_noadj - 1.0).abs());
    }
    assert!(worst < 5e-8, "worst {worst:e}");
}

/// (id → hbr_km, [primary, secondary]) from a transcribed-states CSV.
fn sample_inputs() -> std::collections::BTreeMap<String, (Option<f64>, Vec<ObjectAtTca>)> {
    let mut rdr = csv::Reader::from_path(format!("{DATA}cara_sample_cdm_states.csv")).unwrap();
    let mut map = std::collections::BTreeMap::<String, (Option<f64>, Vec<ObjectAtTca>)>::new();
    for r in rdr.records() {
        let r = r.unwrap();
        assert_eq!(&r[3], "EME2000");
        let f: Vec<f64> = r.iter().skip(4).map(|x| x.parse().unwrap()).collect();
        let o = object([f[0], f[1], f[2]], [f[3], f[4], f[5]], &f[6..27]);
        let hbr = r[1].parse::<f64>().ok().map(|h| h * 1e-3);
        map.entry(r[0].to_string())
            .or_insert((hbr, vec![]))
            .1
            .push(o);
    }
    map
}

#[test]
fn cara_sample_cdms_alfano_2009_and_omitron() {
    // CARA's SampleCDMs (same repository): Alfano 2009 cases 1–11 with Alfano's linear 2D
    // Pc ('PcLinear100', CARA RelTol 1e-3), Omitron Test08 (Pc2D_Foster 2.2660816e-20,
    // HBR 20 m, RelTol 1e-3) and Test07 (non-positive-definite covariance → 0).
    let j: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(format!("{DATA}cara_unit_tests_expected.json")).unwrap(),
    )
    .unwrap();
    let lin = j["alfano2009"]["expected_Pc2D_linear"].as_array().unwrap();
    let inputs = sample_inputs();
    let mut report = String::new();
    let mut worst: f64 = 0.0;
    for (i, want) in lin.iter().enumerate().take(11) {
        let want = want.as_f64().unwrap();
        let (hbr, o) = &inputs[&format!("AlfanoTestCase{:02}", i + 1)];
        let hbr = hbr.unwrap();
        let cara = pc_2d(Method2d::CaraPcCircle, &o[0], &o[1], hbr, HbrShape::Circle)
            .unwrap()
            .pc;
        let foster = pc_2d(Method2d::Foster, &o[0], &o[1], hbr, HbrShape::Circle)
            .unwrap()
            .pc;
        let rel = (foster / want - 1.0).abs();
        worst = worst.max(rel);
        report += &format!(
            "Alfano {:02}: foster {foster:.9} cara {cara:.9} Alfano linear {want:.9} (rel {rel:.1e})\n",
            i + 1
        );
    }
    let (_, o8) = &inputs["OmitronTestCase_Test08_3DNc"];
    let t8 = pc_2d(Method2d::Foster, &o8[0], &o8[1], 0.020, HbrShape::Circle).unwrap();
    let t8c = pc_2d(
        Method2d::CaraPcCircle,
        &o8[0],
        &o8[1],
        0.020,
        HbrShape::Circle,
    )
    .unwrap();
    report += &format!(
        "Omitron 08: foster {:e} cara {:e} (CARA 2.2660816e-20)\n",
        t8.pc, t8c.pc
    );
    let (h7, o7) = &inputs["OmitronTestCase_Test07_NonPDCovariance"];
    let t7 = pc_2d(
        Method2d::CaraPcCircle,
        &o7[0],
        &o7[1],
        h7.unwrap(),
        HbrShape::Circle,
    )
    .unwrap();
    report += &format!("Omitron 07: {t7:?}\n");
    eprintln!("{report}");
    assert!(worst < 1e-3, "{report}");
    assert!((t8c.pc / 2.266_081_6e-20 - 1.0).abs() < 1e-3, "{report}");
    assert!(t7.pc < 1e-300 && t7.npd && t7.remediated, "{report}");
}
