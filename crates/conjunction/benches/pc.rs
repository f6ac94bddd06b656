//! Per-event cost of each 2D Pc method (goal ≤ 5 µs per event on one core), on CARA's 53
//! operational CDMs (states transcribed in tests/data/pc2d/cara_cdm_states.csv). Each
//! benchmark iteration computes all 53 events, so divide the time by 53.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use nalgebra::{Matrix6, Vector3};
use uitkijk_conjunction::pc::{
    cov_m2_to_km2, max_pc, pc_2d, rtn_to_inertial_cov, HbrShape, Method2d, ObjectAtTca,
};

fn events() -> Vec<(ObjectAtTca, ObjectAtTca, f64)> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/pc2d/cara_cdm_states.csv"
    );
    let mut rdr = csv::Reader::from_path(path).unwrap();
    let mut objs: Vec<(String, f64, ObjectAtTca)> = Vec::new();
    for r in rdr.records() {
        let r = r.unwrap();
        let f: Vec<f64> = r.iter().skip(4).map(|x| x.parse().unwrap()).collect();
        let mut c = Matrix6::zeros();
        let mut k = 6;
        for i in 0..6 {
            for j in 0..=i {
                c[(i, j)] = f[k];
                c[(j, i)] = f[k];
                k += 1;
            }
        }
        let pos = Vector3::new(f[0], f[1], f[2]);
        let vel = Vector3::new(f[3], f[4], f[5]);
        let cov = rtn_to_inertial_cov(&pos, &vel, &cov_m2_to_km2(&c));
        let o = ObjectAtTca {
            position_km: pos,
            velocity_km_s: vel,
            covariance: cov,
        };
        objs.push((r[0].to_string(), r[1].parse::<f64>().unwrap() * 1e-3, o));
    }
    objs.chunks(2)
        .map(|p| (p[0].2.clone(), p[1].2.clone(), p[0].1))
        .collect()
}

fn bench(c: &mut Criterion) {
    let ev = events();
    let mut g = c.benchmark_group("pc2d_53_cdms");
    g.throughput(Throughput::Elements(ev.len() as u64));
    for m in Method2d::ALL {
        g.bench_function(m.name(), |b| {
            b.iter(|| {
                let mut s = 0.0;
                for (p, q, h) in &ev {
                    s += pc_2d(black_box(m), p, q, *h, HbrShape::Circle).unwrap().pc;
                }
                s
            })
        });
    }
    g.bench_function("foster-square", |b| {
        b.iter(|| {
            let mut s = 0.0;
            for (p, q, h) in &ev {
                s += pc_2d(Method2d::Foster, p, q, *h, black_box(HbrShape::Square))
                    .unwrap()
                    .pc;
            }
            s
        })
    });
    g.bench_function("max-pc", |b| {
        b.iter(|| {
            let mut s = 0.0;
            for (p, q, h) in &ev {
                s += max_pc(p, q, black_box(*h)).unwrap().pc;
            }
            s
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
