//! The batched SGP4 against the scalar path, on every element set of the bundled 2022-01-22
//! catalog (23,939 objects) at times before, at and after epoch.
//!
//! Given each object initialised by `Sgp4::new`, when the batch propagates all of them on the
//! portable kernel and on the AVX2+FMA and AVX-512 kernels (where the CPU has them), then
//! - every error is the scalar path's, value and time included, and no state is given where
//!   the scalar path fails nor an error where it succeeds;
//! - the two kernels agree within `KERNELS_KM`, `KERNELS_KM_S`;
//! - each agrees with the scalar path within `SCALAR_KM`, `SCALAR_KM_S` on every row of the
//!   catalog (`RELATIVE` to the state where that is below an ulp: states at 10^8 km of
//!   Vallado's decaying test cases);
//! - the rayon-parallel grid equals the sequential one bit for bit.
use std::io::Read;

use uitkijk_propagate::{Kernel, Prediction, Sgp4, Sgp4Batch, Sgp4Error};

const TIMES_MIN: [f64; 6] = [-1440.0, 0.0, 90.0, 720.0, 1440.0, 4320.0];

/// The bound between the SIMD and the portable kernel.
const KERNELS_KM: f64 = 1.0e-9;
const KERNELS_KM_S: f64 = 1.0e-12;
/// Batch against scalar. The model arithmetic is the scalar path's operation for operation;
/// only sin, cos, atan2 (within 2 ulp of the C library) and a^{3/2} differ, by ~1e-16
/// relative. An ulp of an angle moves a 7,000 km position by ~1e-12 km; the largest
/// differences come from angles that grow with time (the resonance angle λ of 12- and 24-hour
/// orbits, tens of radians, whose ulp is ~4e-15 rad: ~1e-10 km at 25,000 km). Measured on
/// this catalog: 5e-11 km below 10,000 km, 2.3e-10 km and 5e-14 km/s over every row.
const SCALAR_KM: f64 = 1.0e-9;
const SCALAR_KM_S: f64 = 1.0e-12;
/// Beyond 10^5 km (stale element sets thrown out to 10^8 km) an ulp of the position itself
/// exceeds 1e-9 km (ulp(1.2e8 km) = 1.5e-8 km): there the bounds are relative, about 50 ulp.
const RELATIVE: f64 = 1.0e-14;
/// Far from epoch the mean anomaly reaches n |t| radians (10^4 rad after 100 days): the last
/// bit of such a sum moves with any ulp-level difference in what is added to it, and that
/// ulp (1e-12 rad at 10^4 rad) moves the position by |r| × 1e-12. Bounds there are this many
/// ulps of the angle, relative to the state.
const ANGLE_ULPS: f64 = 4.0;
/// The fastest mean motion in a catalog, rad/min (16.5 rev/day).
const MAX_MEAN_MOTION_RAD_MIN: f64 = 0.08;
/// Rows below this radius are also summarised apart (low orbits).
const LOW_KM: f64 = 1.0e4;

fn catalog() -> Vec<Sgp4> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../data/catalog/full_catalog_3le_2022-01-22_ODAP.txt.gz"
    );
    let mut text = String::new();
    flate2::read::GzDecoder::new(std::fs::File::open(path).unwrap())
        .read_to_string(&mut text)
        .unwrap();
    let parsed = uitkijk_formats::tle::read(&text);
    assert!(parsed.sets.len() >= 23_939, "{} sets", parsed.sets.len());
    parsed.sets.iter().map(|s| Sgp4::new(s).unwrap()).collect()
}

/// The same error, value and time included (NaN equal to NaN: `Debug` prints every `f64`
/// so that it reads back exactly).
fn assert_same_error(a: &Sgp4Error, b: &Sgp4Error, what: &str) {
    assert_eq!(format!("{a:?}"), format!("{b:?}"), "{what}");
}

/// A prediction as bits, for exact comparisons.
fn bits(p: &Prediction) -> Result<Vec<u64>, String> {
    p.as_ref()
        .map(|(r, v)| r.iter().chain(v).map(|x| x.to_bits()).collect())
        .map_err(|e| format!("{e:?}"))
}

fn norm(x: &[f64; 3]) -> f64 {
    (x[0] * x[0] + x[1] * x[1] + x[2] * x[2]).sqrt()
}

fn diff(a: &[f64; 3], b: &[f64; 3]) -> f64 {
    (0..3).map(|k| (a[k] - b[k]).abs()).fold(0.0, f64::max)
}

/// Largest differences of `got` from `want` (position km, velocity km/s) below `LOW_KM`;
/// panics on a difference over the bounds or any difference in errors.
fn compare(what: &str, got: &[Prediction], want: &[Prediction], km: f64, km_s: f64) -> (f64, f64) {
    compare_growing(what, got, want, km, km_s, None)
}

/// [`compare`], with bounds that also grow with the angles far from epoch when `times` (the
/// grid of the rows) is given: `ANGLE_ULPS` ulps of `2π + n_max |t|` times |r| (|v|).
fn compare_growing(
    what: &str,
    got: &[Prediction],
    want: &[Prediction],
    km: f64,
    km_s: f64,
    times: Option<&[f64]>,
) -> (f64, f64) {
    let (mut worst_r, mut worst_v) = (0.0f64, 0.0f64);
    let (mut max_r, mut max_v) = (0.0f64, 0.0f64);
    // Over all rows: the largest differences, and the radius where each occurred.
    let (mut all_r, mut all_r_at, mut all_v, mut all_v_at) = (0.0f64, 0.0, 0.0f64, 0.0);
    for (k, (g, w)) in got.iter().zip(want).enumerate() {
        match (g, w) {
            (Ok((gr, gv)), Ok((wr, wv))) => {
                let (dr, dv) = (diff(gr, wr), diff(gv, wv));
                let angle = times.map_or(0.0, |times| {
                    let t = times[k % times.len()];
                    ANGLE_ULPS
                        * f64::EPSILON
                        * (2.0 * std::f64::consts::PI + MAX_MEAN_MOTION_RAD_MIN * t.abs())
                });
                let br = km.max((RELATIVE + angle) * norm(wr));
                let bv = km_s.max((RELATIVE + angle) * norm(wv));
                assert!(
                    dr <= br && dv <= bv,
                    "{what}: row {k}: dr {dr:e} km (bound {br:e}), dv {dv:e} km/s (bound {bv:e}), |r| {} km, |v| {} km/s",
                    norm(wr),
                    norm(wv)
                );
                if dr > all_r {
                    (all_r, all_r_at) = (dr, norm(wr));
                }
                if dv > all_v {
                    (all_v, all_v_at) = (dv, norm(wr));
                }
                worst_r = worst_r.max(dr / br);
                worst_v = worst_v.max(dv / bv);
                if norm(wr) < LOW_KM {
                    max_r = max_r.max(dr);
                    max_v = max_v.max(dv);
                }
            }
            (Err(a), Err(b)) => assert_same_error(a, b, &format!("{what}: row {k}")),
            _ => panic!("{what}: row {k}: {g:?} where the reference gives {w:?}"),
        }
    }
    println!(
        "{what}: below {LOW_KM} km max |dr| {max_r:e} km, |dv| {max_v:e} km/s; \
         worst fraction of bound: r {worst_r:.3}, v {worst_v:.3}; over all rows max |dr| \
         {all_r:e} km at |r| {all_r_at:.0} km, |dv| {all_v:e} km/s at |r| {all_v_at:.0} km"
    );
    (max_r, max_v)
}

#[test]
fn batch_matches_scalar_on_the_full_catalog() {
    let objects = catalog();
    let n = objects.len() * TIMES_MIN.len();
    let scalar: Vec<Prediction> = objects
        .iter()
        .flat_map(|o| TIMES_MIN.iter().map(move |&t| o.propagate(t)))
        .collect();
    let errors = scalar.iter().filter(|p| p.is_err()).count();

    let batch = Sgp4Batch::new(&objects);
    println!(
        "{} objects, {} deep space, {} scalar errors of {n} propagations",
        batch.len(),
        batch.deep_space(),
        errors
    );
    let portable = batch.clone().with_kernel(Kernel::Portable).unwrap();
    let mut out_portable = vec![Ok(([0.0; 3], [0.0; 3])); n];
    portable.propagate_grid(&TIMES_MIN, &mut out_portable);
    compare(
        "portable vs scalar",
        &out_portable,
        &scalar,
        SCALAR_KM,
        SCALAR_KM_S,
    );

    for kernel in [Kernel::Avx2Fma, Kernel::Avx512] {
        let Some(simd) = batch.clone().with_kernel(kernel) else {
            println!("no {kernel:?} on this CPU: not tested");
            continue;
        };
        let mut out_simd = vec![Ok(([0.0; 3], [0.0; 3])); n];
        simd.propagate_grid(&TIMES_MIN, &mut out_simd);
        compare(
            &format!("{kernel:?} vs scalar"),
            &out_simd,
            &scalar,
            SCALAR_KM,
            SCALAR_KM_S,
        );
        compare(
            &format!("{kernel:?} vs portable"),
            &out_simd,
            &out_portable,
            KERNELS_KM,
            KERNELS_KM_S,
        );
    }

    // The two SIMD kernels run the same operations at different widths: identical.
    if let (Some(a), Some(b)) = (
        batch.clone().with_kernel(Kernel::Avx2Fma),
        batch.clone().with_kernel(Kernel::Avx512),
    ) {
        let mut out_a = vec![Ok(([0.0; 3], [0.0; 3])); n];
        let mut out_b = vec![Ok(([0.0; 3], [0.0; 3])); n];
        a.propagate_grid(&TIMES_MIN, &mut out_a);
        b.propagate_grid(&TIMES_MIN, &mut out_b);
        assert!(
            out_a.iter().map(bits).eq(out_b.iter().map(bits)),
            "Avx512 differs from Avx2Fma"
        );
    }

    // Parallel equals sequential, bit for bit, with the default kernel.
    let mut seq = vec![Ok(([0.0; 3], [0.0; 3])); n];
    let mut par = vec![Ok(([0.0; 3], [0.0; 3])); n];
    batch.propagate_grid(&TIMES_MIN, &mut seq);
    batch.par_propagate_grid(&TIMES_MIN, &mut par);
    for (k, (a, b)) in seq.iter().zip(&par).enumerate() {
        assert_eq!(bits(a), bits(b), "row {k}");
    }
}

#[test]
fn errors_and_odd_times_are_the_scalar_paths() {
    // Given a decaying object and odd times, when propagated by the batch, then each result
    // is the scalar path's error or state.
    let objects = catalog();
    let times = [f64::NAN, f64::INFINITY, -1.0e7, 1.0e5, 4.0e5, 2.0e7];
    let batch = Sgp4Batch::new(&objects[..512]);
    let mut out = vec![Ok(([0.0; 3], [0.0; 3])); 512 * times.len()];
    for kernel in Kernel::ALL {
        let Some(b) = batch.clone().with_kernel(kernel) else {
            continue;
        };
        b.propagate_grid(&times, &mut out);
        let want: Vec<Prediction> = objects[..512]
            .iter()
            .flat_map(|o| times.iter().map(move |&t| o.propagate(t)))
            .collect();
        // Far from epoch SGP4 is ill-conditioned; only the error/state split and the errors
        // themselves are compared exactly, states to a relative 1e-9.
        for (k, (g, w)) in out.iter().zip(&want).enumerate() {
            match (g, w) {
                (Ok((gr, _)), Ok((wr, _))) => {
                    assert!(
                        diff(gr, wr) <= 1e-9 * norm(wr).max(1.0),
                        "{kernel:?} row {k}"
                    )
                }
                (Err(a), Err(b)) => assert_same_error(a, b, &format!("{kernel:?} row {k}")),
                _ => panic!("{kernel:?} row {k}: {g:?} vs {w:?}"),
            }
        }
    }
}

#[test]
fn batch_matches_scalar_on_vallados_verification_set() {
    // Given the element sets of Vallado's verification run (deep-space resonances, Lyddane's
    // low inclinations, decaying and hyperbolic-ish orbits, the reference's error cases), when
    // propagated by the batch at times out of order — so the resonance integrator is resumed,
    // restarted and reversed — then every result is the scalar path's.
    let text = include_str!("data/SGP4-VER.TLE");
    let objects: Vec<Sgp4> = uitkijk_formats::tle::read(text)
        .sets
        .iter()
        .filter_map(|s| Sgp4::new(s).ok())
        .collect();
    assert!(objects.len() >= 30, "{} objects", objects.len());
    let times = [
        0.0, 720.0, 1440.0, -720.0, 1439.9, 1440.0, 2880.0, 100.0, -2000.0, 1.0e4, 5.0e3, 4.3e4,
        -1.0e4,
    ];
    let want: Vec<Prediction> = objects
        .iter()
        .flat_map(|o| times.iter().map(move |&t| o.propagate(t)))
        .collect();
    let batch = Sgp4Batch::new(&objects);
    for kernel in Kernel::ALL {
        let Some(b) = batch.clone().with_kernel(kernel) else {
            continue;
        };
        let mut out = vec![Ok(([0.0; 3], [0.0; 3])); want.len()];
        b.propagate_grid(&times, &mut out);
        compare(
            &format!("Vallado set, {kernel:?} vs scalar"),
            &out,
            &want,
            SCALAR_KM,
            SCALAR_KM_S,
        );
    }
}

#[test]
fn batch_matches_scalar_weeks_from_epoch() {
    // Given the full catalog, when propagated weeks and months from each epoch (decayed
    // objects, long resonance integrations, angles of 10^4 rad), then errors are the scalar
    // path's and states agree within the same bounds.
    let objects = catalog();
    let times = [-43_200.0, -10_080.0, 10_080.0, 43_200.0, 100_000.0];
    let want: Vec<Prediction> = objects
        .iter()
        .flat_map(|o| times.iter().map(move |&t| o.propagate(t)))
        .collect();
    let batch = Sgp4Batch::new(&objects);
    for kernel in Kernel::ALL {
        let Some(b) = batch.clone().with_kernel(kernel) else {
            continue;
        };
        let mut out = vec![Ok(([0.0; 3], [0.0; 3])); want.len()];
        b.propagate_grid(&times, &mut out);
        compare_growing(
            &format!("weeks out, {kernel:?} vs scalar"),
            &out,
            &want,
            SCALAR_KM,
            SCALAR_KM_S,
            Some(&times),
        );
    }
}
