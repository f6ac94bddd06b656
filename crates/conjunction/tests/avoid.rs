//! Avoidance options: the linearised burn model against a numerical re-propagation of the
//! same burn (our own RK4 integration of two-body + J2), the Kepler propagator against
//! Vallado's worked example, and the search against a brute-force Pc.

use nalgebra::{Matrix3, Matrix6, Vector3, Vector6};
use uitkijk_conjunction::avoid::{
    avoidance_options, kepler_propagate, linear_miss, orbital_period_s, AvoidOptions,
    BurnDirection, BurnMap, MU_KM3_S2,
};
use uitkijk_conjunction::pc::ObjectAtTca;

// EGM-96 / WGS-84 J2 and equatorial radius (Vallado, Fundamentals, 4th ed., Table D-1 / D-3).
const J2: f64 = 1.082_626_68e-3;
const RE_KM: f64 = 6378.1363;

fn accel_j2(r: &Vector3<f64>) -> Vector3<f64> {
    let rn = r.norm();
    let two_body = -MU_KM3_S2 / (rn * rn * rn) * r;
    // Gradient of the J2 zonal potential (Vallado eq. 8-29 / Montenbruck & Gill eq. 3.30).
    let k = -1.5 * J2 * MU_KM3_S2 * RE_KM * RE_KM / rn.powi(5);
    let z2 = 5.0 * r.z * r.z / (rn * rn);
    two_body + k * Vector3::new(r.x * (1.0 - z2), r.y * (1.0 - z2), r.z * (3.0 - z2))
}

/// Classical fixed-step RK4 of two-body + J2 over `dt_s` (either sign).
fn rk4(x: Vector6<f64>, dt_s: f64, steps: usize) -> Vector6<f64> {
    let h = dt_s / steps as f64;
    let f = |s: &Vector6<f64>| {
        let r = Vector3::new(s[0], s[1], s[2]);
        let a = accel_j2(&r);
        Vector6::new(s[3], s[4], s[5], a.x, a.y, a.z)
    };
    let mut s = x;
    for _ in 0..steps {
        let k1 = f(&s);
        let k2 = f(&(s + k1 * (h / 2.0)));
        let k3 = f(&(s + k2 * (h / 2.0)));
        let k4 = f(&(s + k3 * h));
        s += (k1 + k2 * 2.0 + k3 * 2.0 + k4) * (h / 6.0);
    }
    s
}

fn ric_rows(r: &Vector3<f64>, v: &Vector3<f64>) -> Matrix3<f64> {
    let rr = r.normalize();
    let cc = r.cross(v).normalize();
    let ii = cc.cross(&rr);
    Matrix3::from_rows(&[rr.transpose(), ii.transpose(), cc.transpose()])
}

/// Brute-force reference Pc: the 2D Gaussian of the combined position covariance on the
/// encounter plane integrated over the HBR disc by a polar midpoint rule (independent of the
/// crate's Pc methods).
fn brute_pc(p: &ObjectAtTca, s: &ObjectAtTca, hbr_m: f64) -> f64 {
    let d = s.position_km - p.position_km;
    let u = s.velocity_km_s - p.velocity_km_s;
    let y = u.normalize();
    let perp = d - y * d.dot(&y);
    let x = if perp.norm() > 1e-12 {
        perp.normalize()
    } else {
        y.cross(&Vector3::new(0.3, 0.5, 0.8)).normalize()
    };
    let z = x.cross(&y);
    let c: Matrix3<f64> =
        p.covariance.fixed_view::<3, 3>(0, 0) + s.covariance.fixed_view::<3, 3>(0, 0);
    let (sxx, sxz, szz) = (x.dot(&(c * x)), x.dot(&(c * z)), z.dot(&(c * z)));
    let det = sxx * szz - sxz * sxz;
    let (ixx, ixz, izz) = (szz / det, -sxz / det, sxx / det);
    let (mx, mz) = (perp.dot(&x), perp.dot(&z));
    let r_km = hbr_m * 1e-3;
    let (nr, nt) = (60, 96);
    let mut sum = 0.0;
    for i in 0..nr {
        let rho = (i as f64 + 0.5) / nr as f64 * r_km;
        for j in 0..nt {
            let th = (j as f64 + 0.5) / nt as f64 * std::f64::consts::TAU;
            let (ex, ez) = (rho * th.cos() - mx, rho * th.sin() - mz);
            let q = ixx * ex * ex + 2.0 * ixz * ex * ez + izz * ez * ez;
            sum += (-0.5 * q).exp() * rho;
        }
    }
    sum * (r_km / nr as f64) * (std::f64::consts::TAU / nt as f64)
        / (std::f64::consts::TAU * det.sqrt())
}

/// A LEO primary (≈ 700 km, 98°) at TCA.
fn primary() -> ObjectAtTca {
    let r = 6378.137 + 700.0;
    let v = (MU_KM3_S2 / r).sqrt();
    let inc = 98.0_f64.to_radians();
    // Slightly eccentric: a small radial velocity.
    let cov_ric = Matrix6::from_diagonal(&Vector6::new(
        0.05f64.powi(2),
        0.3f64.powi(2),
        0.08f64.powi(2),
        1e-8,
        1e-8,
        1e-8,
    ));
    let pos = Vector3::new(r, 0.0, 0.0);
    let vel = Vector3::new(0.002, v * inc.cos(), v * inc.sin());
    let m = ric_rows(&pos, &vel);
    let mut t = Matrix6::zeros();
    t.fixed_view_mut::<3, 3>(0, 0).copy_from(&m);
    t.fixed_view_mut::<3, 3>(3, 3).copy_from(&m);
    ObjectAtTca {
        position_km: pos,
        velocity_km_s: vel,
        covariance: t.transpose() * cov_ric * t,
    }
}

/// A secondary crossing the primary at TCA, `miss_r_km`/`miss_c_km` away, head-on-ish.
fn secondary(p: &ObjectAtTca, miss_r_km: f64, miss_c_km: f64) -> ObjectAtTca {
    let m = ric_rows(&p.position_km, &p.velocity_km_s);
    let rr: Vector3<f64> = m.row(0).transpose();
    let cc: Vector3<f64> = m.row(2).transpose();
    let ii: Vector3<f64> = m.row(1).transpose();
    let v = p.velocity_km_s.norm();
    // Crossing at 120° in the local horizontal plane.
    let ang = 120.0_f64.to_radians();
    let vel = (ii * ang.cos() + cc * ang.sin()) * v;
    let cov = Matrix6::from_diagonal(&Vector6::new(
        0.2f64.powi(2),
        0.2f64.powi(2),
        0.2f64.powi(2),
        1e-8,
        1e-8,
        1e-8,
    ));
    ObjectAtTca {
        position_km: p.position_km + rr * miss_r_km + cc * miss_c_km,
        velocity_km_s: vel,
        covariance: cov,
    }
}

#[test]
fn kepler_matches_vallado_example_2_4() {
    // Vallado, Fundamentals of Astrodynamics and Applications, Example 2-4 (KEPLER): 40 min.
    let r0 = Vector3::new(1131.340, -2282.343, 6672.423);
    let v0 = Vector3::new(-5.64305, 4.30333, 2.42879);
    let s = kepler_propagate(&r0, &v0, 40.0 * 60.0).unwrap();
    let r_ref = Vector3::new(-4219.7527, 4363.0292, -3958.7666);
    let v_ref = Vector3::new(3.689866, -1.916735, -6.112511);
    let (er, ev) = (
        (s.position_km - r_ref).norm(),
        (s.velocity_km_s - v_ref).norm(),
    );
    eprintln!("Vallado Ex. 2-4: |dr| = {er:.2e} km, |dv| = {ev:.2e} km/s");
    assert!(er < 1e-3 && ev < 1e-6);
    // And back again, and over full revolutions.
    let back = kepler_propagate(&s.position_km, &s.velocity_km_s, -2400.0).unwrap();
    assert!((back.position_km - r0).norm() < 1e-8);
    let period = orbital_period_s(&r0, &v0).unwrap();
    let round = kepler_propagate(&r0, &v0, 7.0 * period).unwrap();
    assert!(
        (round.position_km - r0).norm() < 1e-6,
        "{}",
        (round.position_km - r0).norm()
    );
}

#[test]
fn kepler_matches_rk4_two_body() {
    // Independent check of the Kepler map (and thus of the STM's base) against plain RK4 with
    // J2 switched off by integrating the two-body part only.
    let p = primary();
    let x0 = Vector6::new(
        p.position_km.x,
        p.position_km.y,
        p.position_km.z,
        p.velocity_km_s.x,
        p.velocity_km_s.y,
        p.velocity_km_s.z,
    );
    let dt = -4000.0;
    let steps = 4000;
    let h = dt / steps as f64;
    let f = |s: &Vector6<f64>| {
        let r = Vector3::new(s[0], s[1], s[2]);
        let a = -MU_KM3_S2 / r.norm().powi(3) * r;
        Vector6::new(s[3], s[4], s[5], a.x, a.y, a.z)
    };
    let mut s = x0;
    for _ in 0..steps {
        let k1 = f(&s);
        let k2 = f(&(s + k1 * (h / 2.0)));
        let k3 = f(&(s + k2 * (h / 2.0)));
        let k4 = f(&(s + k3 * h));
        s += (k1 + k2 * 2.0 + k3 * 2.0 + k4) * (h / 6.0);
    }
    let k = kepler_propagate(&p.position_km, &p.velocity_km_s, dt).unwrap();
    let err = (k.position_km - Vector3::new(s[0], s[1], s[2])).norm();
    assert!(err < 1e-6, "Kepler vs RK4 {err} km");
}

/// Burn the primary `revs` periods before TCA with `dv_ric_m_s`, predict the TCA change with the
/// linear two-body map and measure it with RK4 two-body + J2; return (predicted, measured)
/// TCA position changes, km.
fn linear_vs_numerical(revs: f64, dv_ric_m_s: Vector3<f64>) -> (Vector3<f64>, Vector3<f64>) {
    let p = primary();
    let period = orbital_period_s(&p.position_km, &p.velocity_km_s).unwrap();
    let dt = revs * period;
    let steps = (dt / 2.0).ceil() as usize;
    let x_tca = Vector6::new(
        p.position_km.x,
        p.position_km.y,
        p.position_km.z,
        p.velocity_km_s.x,
        p.velocity_km_s.y,
        p.velocity_km_s.z,
    );
    // Numerical truth: back to the burn time on the J2 orbit, burn in that state's RIC axes,
    // forward again; the unburnt forward run removes the integrator's own round-trip error.
    let x_b = rk4(x_tca, -dt, steps);
    let rb = Vector3::new(x_b[0], x_b[1], x_b[2]);
    let vb = Vector3::new(x_b[3], x_b[4], x_b[5]);
    let dv = ric_rows(&rb, &vb).transpose() * (dv_ric_m_s * 1e-3);
    let burnt = rk4(
        x_b + Vector6::new(0.0, 0.0, 0.0, dv.x, dv.y, dv.z),
        dt,
        steps,
    );
    let unburnt = rk4(x_b, dt, steps);
    let measured = Vector3::new(
        burnt[0] - unburnt[0],
        burnt[1] - unburnt[1],
        burnt[2] - unburnt[2],
    );
    let map = BurnMap::new(&p, dt).unwrap();
    let (predicted, _) = map.tca_change(&(dv_ric_m_s * 1e-3));
    (predicted, measured)
}

#[test]
fn linear_burn_model_agrees_with_numerical_repropagation() {
    // Relative error of the predicted TCA position change. Radial burns a whole number of
    // revolutions before TCA move the two-body TCA position by nothing to first order (the
    // radial oscillation closes); what remains (metres) is J2's, which a two-body map cannot
    // see, so those cases are bounded in absolute terms instead.
    let mut worst_le_1rev: f64 = 0.0;
    let mut worst_all: f64 = 0.0;
    let mut worst_abs_km_per_m_s: f64 = 0.0;
    for &revs in &[0.25, 0.5, 1.0, 2.0, 3.0] {
        for dv in [
            Vector3::new(0.0, 0.1, 0.0),
            Vector3::new(0.0, -0.5, 0.0),
            Vector3::new(0.3, 0.0, 0.0),
            Vector3::new(-1.0, 0.0, 0.0),
        ] {
            let (pred, meas) = linear_vs_numerical(revs, dv);
            let err = (pred - meas).norm();
            let rel = err / meas.norm();
            eprintln!(
                "revs {revs:4} dv_RIC {:?} m/s: |δr| measured {:.4} km, linear-two-body error {:.4} km = {:.3}%",
                dv.as_slice(),
                meas.norm(),
                err,
                rel * 100.0
            );
            let cancels = dv.x != 0.0 && revs.fract() == 0.0;
            if cancels {
                worst_abs_km_per_m_s = worst_abs_km_per_m_s.max(err / dv.norm());
                continue;
            }
            if revs <= 1.0 {
                worst_le_1rev = worst_le_1rev.max(rel);
            }
            worst_all = worst_all.max(rel);
        }
    }
    eprintln!(
        "worst relative error: {:.3}% (≤ 1 rev), {:.3}% (≤ 3 rev); radial burns at whole revs: {:.1} m per m/s",
        worst_le_1rev * 100.0,
        worst_all * 100.0,
        worst_abs_km_per_m_s * 1e3
    );
    assert!(worst_le_1rev < 0.01, "{worst_le_1rev}");
    assert!(worst_all < 0.01, "{worst_all}");
    assert!(worst_abs_km_per_m_s < 0.03, "{worst_abs_km_per_m_s}");
}

#[test]
fn predicted_miss_change_agrees_with_numerical_repropagation() {
    // The quantity the operator sees: the new miss on the encounter plane.
    let p = primary();
    let s = secondary(&p, 0.02, 0.01);
    let (miss0, _) = linear_miss(&p, &s).unwrap();
    for &revs in &[0.5, 1.0] {
        let dv = Vector3::new(0.0, 0.2, 0.0);
        let period = orbital_period_s(&p.position_km, &p.velocity_km_s).unwrap();
        let map = BurnMap::new(&p, revs * period).unwrap();
        let moved = map.primary_after(&p, &(dv * 1e-3));
        let (miss_lin, _) = linear_miss(&moved, &s).unwrap();
        let (_, meas) = linear_vs_numerical(revs, dv);
        let mut truth = p.clone();
        truth.position_km += meas;
        truth.velocity_km_s = moved.velocity_km_s;
        let (miss_num, _) = linear_miss(&truth, &s).unwrap();
        let change_lin = (miss_lin - miss0).norm();
        let change_num = (miss_num - miss0).norm();
        let rel = (miss_lin - miss_num).norm() / change_num;
        eprintln!("revs {revs}: miss change linear {change_lin:.4} km, numerical {change_num:.4} km, rel. diff {:.3}%", rel * 100.0);
        assert!(rel < 0.01);
    }
}

#[test]
fn cheapest_burn_reaches_threshold_and_nothing_cheaper_does() {
    let p = primary();
    let s = secondary(&p, 0.015, 0.005);
    let hbr_m = 20.0;
    let opts = AvoidOptions {
        burn_revs_before_tca: vec![0.5, 1.0, 2.0],
        ..AvoidOptions::default()
    };
    let table = avoidance_options(&p, &s, hbr_m, &brute_pc, &opts).unwrap();
    eprintln!(
        "Pc before {:.3e}, miss {:.4} km",
        table.pc_before, table.miss_before_km
    );
    assert!(
        table.pc_before > 1e-4,
        "scenario must need a burn: {}",
        table.pc_before
    );
    assert_eq!(table.options.len(), 12);
    for row in &table.options {
        eprintln!(
            "{:4} rev {:13} reached {} dv {:.5} m/s miss {:.4} km (R {:.4} I {:.4} C {:.4}) pc {:.3e}{}",
            row.burn_revs_before_tca,
            row.direction.as_str(),
            row.reached,
            row.dv_m_s,
            row.miss_km,
            row.radial_km,
            row.in_track_km,
            row.cross_track_km,
            row.pc,
            if row.cheapest_at_burn_time { "  <- cheapest" } else { "" }
        );
        if !row.reached {
            continue;
        }
        assert!(row.pc <= 1e-4);
        // Recompute Pc at the reported Δv and at Δv below it, independently of the search.
        let period = table.primary_period_s;
        let map = BurnMap::new(&p, row.burn_revs_before_tca * period).unwrap();
        let unit = row.direction.ric_unit();
        let pc_at =
            |dv_m_s: f64| brute_pc(&map.primary_after(&p, &(unit * dv_m_s * 1e-3)), &s, hbr_m);
        assert!(pc_at(row.dv_m_s) <= 1e-4);
        for k in 1..40 {
            let dv = row.dv_m_s * (k as f64 / 40.0) * 0.999;
            assert!(
                pc_at(dv) > 1e-4,
                "cheaper Δv {dv} m/s already reaches the threshold"
            );
        }
    }
    // Along-track burns are cheaper than radial ones a half revolution or more before TCA
    // (the in-track drift builds up; radial burns only give a bounded oscillation).
    for revs in [1.0, 2.0] {
        let at = |d: BurnDirection| {
            table
                .options
                .iter()
                .find(|r| r.burn_revs_before_tca == revs && r.direction == d)
                .unwrap()
                .dv_m_s
        };
        assert!(at(BurnDirection::AlongTrackPlus) < at(BurnDirection::RadialPlus));
    }
    // One cheapest row per burn time.
    for revs in [0.5, 1.0, 2.0] {
        let n = table
            .options
            .iter()
            .filter(|r| r.burn_revs_before_tca == revs && r.cheapest_at_burn_time)
            .count();
        assert_eq!(n, 1);
    }
    // Serialisable as the CLI will print it.
    let json = serde_json::to_string(&table).unwrap();
    assert!(json.contains("\"direction\":\"along-track+\""));
    let mut w = csv::Writer::from_writer(Vec::new());
    for row in &table.options {
        w.serialize(row).unwrap();
    }
    let text = String::from_utf8(w.into_inner().unwrap()).unwrap();
    assert!(text.starts_with(
        "burn_revs_before_tca,burn_before_tca_s,direction,reached,dv_m_s,miss_km,radial_km,\
         in_track_km,cross_track_km,pc,cheapest_at_burn_time\n0.5,"
    ));
    assert_eq!(text.lines().count(), 13);
}

#[test]
fn no_burn_needed_below_threshold_and_bad_input_is_an_error() {
    let p = primary();
    let s = secondary(&p, 5.0, 3.0);
    let table = avoidance_options(&p, &s, 10.0, &brute_pc, &AvoidOptions::default()).unwrap();
    assert!(table.pc_before < 1e-4);
    assert!(table.options.iter().all(|r| r.reached && r.dv_m_s == 0.0));
    assert!(avoidance_options(&p, &s, -1.0, &brute_pc, &AvoidOptions::default()).is_err());
    let mut bad = p.clone();
    bad.velocity_km_s = Vector3::new(0.0, 0.0, 20.0); // unbound
    assert!(avoidance_options(&bad, &s, 10.0, &brute_pc, &AvoidOptions::default()).is_err());
    let opts = AvoidOptions {
        burn_revs_before_tca: vec![f64::NAN],
        ..AvoidOptions::default()
    };
    assert!(avoidance_options(&p, &s, 10.0, &brute_pc, &opts).is_err());
}
