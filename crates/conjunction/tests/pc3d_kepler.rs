//! Two-body propagation, STM and equinoctial elements of the pc3d module.

use nalgebra::{Matrix6, Vector6};
use uitkijk_conjunction::pc3d::kepler::{
    cartesian_to_equinoctial, equinoctial_state_and_jacobian, propagate_universal,
    propagate_with_stm, GM_EARTH_KM3_S2 as MU,
};

/// Vallado, Fundamentals of Astrodynamics and Applications, 4th ed. (2013), Example 2-4
/// (Kepler problem, universal variables): 40 min from r0, v0.
#[test]
fn vallado_example_2_4() {
    let x0 = [1131.340, -2282.343, 6672.423, -5.64305, 4.30333, 2.42879];
    let x = propagate_universal(&x0, 40.0 * 60.0, MU).unwrap();
    let want = [
        -4219.7527, 4363.0292, -3958.7666, 3.689866, -1.916735, -6.112511,
    ];
    for i in 0..3 {
        assert!(
            (x[i] - want[i]).abs() < 2e-4,
            "r[{i}] {} vs {}",
            x[i],
            want[i]
        );
        assert!(
            (x[3 + i] - want[3 + i]).abs() < 2e-6,
            "v[{i}] {} vs {}",
            x[3 + i],
            want[3 + i]
        );
    }
    // And back again.
    let back = propagate_universal(&x, -40.0 * 60.0, MU).unwrap();
    for i in 0..6 {
        assert!((back[i] - x0[i]).abs() < 1e-8 * (1.0 + x0[i].abs()));
    }
}

fn leo() -> Vector6<f64> {
    Vector6::new(
        -6711.923276,
        2115.987639,
        596.903033,
        -3.633024,
        -8.343876,
        1.529269,
    )
}

/// The STM equals central finite differences, is symplectic (det = 1, Φᵀ J Φ = J for
/// Hamiltonian flow) and composes: Φ(t2,0) = Φ(t2,t1) Φ(t1,0).
#[test]
fn stm_is_exact_symplectic_and_composes() {
    let x0 = leo();
    for dt in [-3000.0, -10.0, 60.0, 5400.0, 20000.0] {
        let (x, phi) = propagate_with_stm(&x0, dt, MU).unwrap();
        let mut worst: f64 = 0.0;
        for k in 0..6 {
            let h = if k < 3 { 1e-3 } else { 1e-6 };
            let mut xp = x0;
            let mut xm = x0;
            xp[k] += h;
            xm[k] -= h;
            let fp = propagate_with_stm(&xp, dt, MU).unwrap().0;
            let fm = propagate_with_stm(&xm, dt, MU).unwrap().0;
            for i in 0..6 {
                let fd = (fp[i] - fm[i]) / (2.0 * h);
                worst = worst.max((fd - phi[(i, k)]).abs() / (1.0 + phi[(i, k)].abs()));
            }
        }
        assert!(worst < 1e-5, "dt {dt}: STM vs finite differences {worst}");
        assert!(
            (phi.determinant() - 1.0).abs() < 1e-8,
            "det {}",
            phi.determinant()
        );
        let mut j = Matrix6::zeros();
        for i in 0..3 {
            j[(i, 3 + i)] = 1.0;
            j[(3 + i, i)] = -1.0;
        }
        let s = phi.transpose() * j * phi - j;
        assert!(
            s.abs().max() < 1e-8 * phi.abs().max().powi(2),
            "symplectic defect {}",
            s.abs().max()
        );
        let (x1, phi1) = propagate_with_stm(&x0, 0.4 * dt, MU).unwrap();
        let (x2, phi2) = propagate_with_stm(&x1, 0.6 * dt, MU).unwrap();
        assert!((x2 - x).abs().max() < 1e-7);
        assert!((phi2 * phi1 - phi).abs().max() < 1e-7 * phi.abs().max());
    }
}

/// Hyperbolic states propagate too (the universal variable covers all conics): energy and
/// angular momentum are conserved.
#[test]
fn hyperbolic_conserves_integrals() {
    let x0 = [7000.0, 0.0, 0.0, 0.0, 12.0, 1.0];
    let x = propagate_universal(&x0, 3600.0, MU).unwrap();
    let energy = |x: &[f64; 6]| {
        let r = (x[0] * x[0] + x[1] * x[1] + x[2] * x[2]).sqrt();
        0.5 * (x[3] * x[3] + x[4] * x[4] + x[5] * x[5]) - MU / r
    };
    let h = |x: &[f64; 6]| {
        [
            x[1] * x[5] - x[2] * x[4],
            x[2] * x[3] - x[0] * x[5],
            x[0] * x[4] - x[1] * x[3],
        ]
    };
    assert!((energy(&x) - energy(&x0)).abs() < 1e-9);
    let (a, b) = (h(&x), h(&x0));
    for i in 0..3 {
        assert!((a[i] - b[i]).abs() < 1e-6);
    }
}

/// Equinoctial round trip, and equinoctial propagation (Kepler's equation in the eccentric
/// longitude) agrees with the independent universal-variable propagation; its Jacobian at
/// dt equals the Cartesian STM times the Jacobian at epoch.
#[test]
fn equinoctial_agrees_with_universal_variables() {
    let states = [
        leo(),
        // equatorial GEO (Alfano 2009 case 1 primary with velocity reversed: that one is
        // retrograde, which prograde equinoctial elements cannot represent)
        Vector6::new(
            153.44676456028,
            41874.155869566,
            0.0,
            -3.0668747609105,
            0.011373614956472,
            0.0,
        ),
        // eccentric, inclined
        Vector6::new(7000.0, 1000.0, 2000.0, -1.0, 8.5, 3.0),
    ];
    for x0 in states {
        let e = cartesian_to_equinoctial(&x0, MU).unwrap();
        let (x_back, j0) = equinoctial_state_and_jacobian(&e, 0.0, MU).unwrap();
        assert!((x_back - x0).abs().max() < 1e-8, "{x_back} vs {x0}");
        for dt in [-7000.0, 123.4, 86400.0] {
            let (x, j) = equinoctial_state_and_jacobian(&e, dt, MU).unwrap();
            let (xu, phi) = propagate_with_stm(&x0, dt, MU).unwrap();
            let scale = x0.abs().max();
            assert!(
                (x - xu).abs().max() < 1e-9 * scale * (1.0 + dt.abs() / 1000.0),
                "dt {dt}: {x} vs {xu}"
            );
            let jj = phi * j0;
            assert!(
                (jj - j).abs().max() < 1e-6 * j.abs().max(),
                "Jacobian mismatch at dt {dt}"
            );
        }
    }
}
