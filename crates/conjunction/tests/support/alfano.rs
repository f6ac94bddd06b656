//! Alfano's 2009 test cases at TCA (tests/data/pc3d/alfano2009_tca_states.csv), shared by
//! the 3D-Nc and Monte Carlo tests.

use nalgebra::{Matrix6, Vector3};
use uitkijk_conjunction::pc3d::ObjectAtTca;

pub const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/pc3d/");

/// Object from metres, m/s and a row-major 6×6 covariance in m and s.
pub fn object_m(r: [f64; 3], v: [f64; 3], cov: &[f64]) -> ObjectAtTca {
    ObjectAtTca {
        position_km: Vector3::from(r) * 1e-3,
        velocity_km_s: Vector3::from(v) * 1e-3,
        covariance: Matrix6::from_row_slice(cov) * 1e-6,
    }
}

/// Both objects of Alfano's case `case` (1–12).
pub fn alfano_case(case: u32) -> (ObjectAtTca, ObjectAtTca) {
    let mut rdr = csv::Reader::from_path(format!("{DATA}alfano2009_tca_states.csv")).unwrap();
    let mut objs = Vec::new();
    for rec in rdr.records() {
        let rec = rec.unwrap();
        if rec[0].parse::<u32>().unwrap() != case {
            continue;
        }
        let x: Vec<f64> = (2..44).map(|i| rec[i].parse().unwrap()).collect();
        objs.push(object_m([x[0], x[1], x[2]], [x[3], x[4], x[5]], &x[6..42]));
    }
    (objs[0].clone(), objs[1].clone())
}
