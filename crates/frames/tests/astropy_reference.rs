//! Uitkijk's transforms against astropy 8 / ERFA on 50 TEME states (LEO, MEO, GEO, HEO;
//! 2000–2027), with the same EOP file. The reference is `reference/astropy_reference.csv`,
//! made by `reference/gen_reference.py` (how to rerun it is in that script's header).
//!
//! * ITRF is compared strictly: astropy's TEME → ITRS is the same model (GMST IAU 1982 with UT1,
//!   polar motion with s′), so only EOP interpolation and rounding can differ. Measured: ≤ 2.2 mm,
//!   ≤ 0.32 mm/s (the velocity difference is astropy differentiating at the GMST rate, which
//!   includes precession in right ascension, where Vallado's ω excludes it: 7e-12 rad/s).
//! * GCRF is compared with a bound: astropy's GCRS comes from IAU 2006/2000A (CIO based), ours
//!   from IAU-76/FK5 with modelled δΔψ, δΔε (see `TemeToGcrf::with_modelled_corrections`). The
//!   models differ by the 1980 nutation series' errors (a few mas, periodic) and the free core
//!   nutation: measured ≤ 0.203 m at LEO, ≤ 1.13 m out to 46 000 km, ≤ 0.42 mm/s. Pure FK5
//!   without corrections would be 1.9 m / 8.9 m off.
//! * With the IERS-observed δΔψ, δΔε (CelesTrak's `DPSI`, `DEPS`, through the same
//!   `teme_to_gcrf` given a CelesTrak table) the GCRF gap shrinks to ≤ 2.6 mas (measured); what
//!   remains is the 1980 theory's equinox, which the corrections do not touch.
//! * Intermediate quantities are checked too: IAU 1980 nutation against ERFA `nut80` (this
//!   checks the 106 typed coefficients), GMST against ERFA `gmst82`, UT1−UTC and polar motion
//!   against astropy's own interpolation of the same file (leap second 2016-12-31 included).

use uitkijk_frames::{
    gcrf_to_itrf, gmst82_rad, itrf_to_gcrf, itrf_to_geodetic, itrf_to_teme, nutation_iau1980,
    teme_to_gcrf, teme_to_itrf, tt_centuries_since_j2000, ut1_days_since_j2000, State, Teme,
};
use uitkijk_time::{parse_utc, EopTable, Epoch};

struct Row {
    kind: String,
    epoch: Epoch,
    teme: [f64; 6],
    gcrf: [f64; 6],
    itrf: [f64; 6],
    geo: [f64; 3],
    ut1_utc_s: f64,
    xp_arcsec: f64,
    yp_arcsec: f64,
    dpsi80_rad: f64,
    deps80_rad: f64,
    gmst82_rad: f64,
}

fn rows() -> Vec<Row> {
    let text = include_str!("reference/astropy_reference.csv");
    let mut lines = text.lines().filter(|l| !l.starts_with('#'));
    let _header = lines.next().unwrap();
    lines
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            let n: Vec<f64> = f[2..].iter().map(|x| x.parse().unwrap()).collect();
            let six = |i: usize| [n[i], n[i + 1], n[i + 2], n[i + 3], n[i + 4], n[i + 5]];
            Row {
                kind: f[0].to_string(),
                epoch: parse_utc(f[1]).unwrap(),
                teme: six(0),
                gcrf: six(6),
                itrf: six(12),
                geo: [n[18], n[19], n[20]],
                ut1_utc_s: n[21],
                xp_arcsec: n[22],
                yp_arcsec: n[23],
                dpsi80_rad: n[24],
                deps80_rad: n[25],
                gmst82_rad: n[26],
            }
        })
        .collect()
}

fn teme(row: &Row) -> State<Teme> {
    let t = row.teme;
    State::new(row.epoch, [t[0], t[1], t[2]], [t[3], t[4], t[5]])
}

fn dist(a: &[f64; 3], b: &[f64]) -> f64 {
    ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2) + (a[2] - b[2]).powi(2)).sqrt()
}

/// ITRF: 1 m / 1 mm/s is the brief's bar; we meet it with three orders to spare, so hold a
/// tighter 1 cm / 0.5 mm/s to catch regressions.
const ITRF_POS_TOL_KM: f64 = 1e-5;
const ITRF_VEL_TOL_KM_S: f64 = 0.5e-6;
/// GCRF: FK5-with-modelled-corrections vs IAU 2006/2000A, as an angle so one bound serves LEO
/// and GEO: 8 mas (measured worst 6.4 mas); velocity 0.5 mm/s (measured 0.42).
const GCRF_ANGLE_TOL_RAD: f64 = 8e-3 / 206_264.806_247_096_36;
const GCRF_VEL_TOL_KM_S: f64 = 0.5e-6;
/// Nutation and GMST: same formulas as ERFA, so rounding only.
const ANGLE_ROUNDING_RAD: f64 = 1e-11;
/// Geodetic: Vermeille's closed form vs ERFA gc2gd on the same ITRF position. Measured worst
/// 1.5e-9 deg at 26 000 km (0.7 mm); our round trip (tests/geodetic.rs) closes to 1e-11 km, so
/// the bound is ERFA's own far-from-surface precision with margin.
const LAT_LON_TOL_DEG: f64 = 1e-8;
const ALT_TOL_KM: f64 = 1e-5;

#[test]
fn teme_to_itrf_matches_astropy() {
    let eop = EopTable::bundled();
    let (mut worst_r, mut worst_v) = (0.0f64, 0.0f64);
    for row in rows() {
        let itrf = teme_to_itrf(&teme(&row), eop);
        let dr = dist(&itrf.position_km, &row.itrf[..3]);
        let dv = dist(&itrf.velocity_km_s, &row.itrf[3..]);
        assert!(dr < ITRF_POS_TOL_KM, "{:?}: |dr| {dr} km", row.epoch);
        assert!(dv < ITRF_VEL_TOL_KM_S, "{:?}: |dv| {dv} km/s", row.epoch);
        worst_r = worst_r.max(dr);
        worst_v = worst_v.max(dv);
        // Inverse returns the TEME state.
        let back = itrf_to_teme(&itrf, eop);
        assert!(dist(&back.position_km, &row.teme[..3]) < 1e-9);
        assert!(dist(&back.velocity_km_s, &row.teme[3..]) < 1e-12);
    }
    println!(
        "ITRF vs astropy: worst {:.2} mm, {:.3} mm/s",
        worst_r * 1e6,
        worst_v * 1e6
    );
}

#[test]
fn teme_to_gcrf_within_the_fk5_bound_of_astropy() {
    let eop = EopTable::bundled();
    let (mut worst_leo, mut worst_other, mut worst_v) = (0.0f64, 0.0f64, 0.0f64);
    for row in rows() {
        let gcrf = teme_to_gcrf(&teme(&row), eop);
        let dr = dist(&gcrf.position_km, &row.gcrf[..3]);
        let dv = dist(&gcrf.velocity_km_s, &row.gcrf[3..]);
        let r = dist(&gcrf.position_km, &[0.0; 3]);
        assert!(
            dr < GCRF_ANGLE_TOL_RAD * r,
            "{:?}: |dr| {dr} km at r {r}",
            row.epoch
        );
        assert!(dv < GCRF_VEL_TOL_KM_S, "{:?}: |dv| {dv} km/s", row.epoch);
        if row.kind == "LEO" {
            worst_leo = worst_leo.max(dr);
        } else {
            worst_other = worst_other.max(dr);
        }
        worst_v = worst_v.max(dv);
        // GCRF -> ITRF agrees with TEME -> ITRF, and ITRF -> GCRF inverts it.
        let itrf = gcrf_to_itrf(&gcrf, eop);
        assert!(dist(&itrf.position_km, &row.itrf[..3]) < ITRF_POS_TOL_KM);
        let back = itrf_to_gcrf(&itrf, eop);
        assert!(dist(&back.position_km, &gcrf.position_km) < 1e-9);
    }
    println!(
        "GCRF vs astropy: worst LEO {:.3} m, MEO/GEO/HEO {:.3} m, {:.3} mm/s",
        worst_leo * 1e3,
        worst_other * 1e3,
        worst_v * 1e6
    );
}

#[test]
fn nutation_gmst_and_eop_match_erfa_and_astropy() {
    let eop = EopTable::bundled();
    for row in rows() {
        let t = tt_centuries_since_j2000(row.epoch);
        let (dpsi, deps) = nutation_iau1980(t);
        assert!(
            (dpsi - row.dpsi80_rad).abs() < ANGLE_ROUNDING_RAD,
            "{:?}",
            row.epoch
        );
        assert!(
            (deps - row.deps80_rad).abs() < ANGLE_ROUNDING_RAD,
            "{:?}",
            row.epoch
        );
        let v = eop.at(row.epoch);
        assert!(
            (v.ut1_minus_utc_s - row.ut1_utc_s).abs() < 1e-9,
            "{:?}",
            row.epoch
        );
        assert!((v.xp_arcsec - row.xp_arcsec).abs() < 1e-9);
        assert!((v.yp_arcsec - row.yp_arcsec).abs() < 1e-9);
        let gmst = gmst82_rad(ut1_days_since_j2000(row.epoch, v.ut1_minus_tai_s));
        let d = (gmst - row.gmst82_rad + std::f64::consts::PI).rem_euclid(std::f64::consts::TAU)
            - std::f64::consts::PI;
        assert!(d.abs() < ANGLE_ROUNDING_RAD, "{:?}: gmst {d}", row.epoch);
    }
}

#[test]
fn geodetic_matches_erfa() {
    use uitkijk_frames::geodetic_from_itrf_km;
    for row in rows() {
        // Same ITRF position as ERFA's gc2gd got, so this isolates the geodetic algorithm.
        let g = geodetic_from_itrf_km(&[row.itrf[0], row.itrf[1], row.itrf[2]]);
        let dlon = (g.lon_deg - row.geo[1] + 540.0).rem_euclid(360.0) - 180.0;
        assert!(
            (g.lat_deg - row.geo[0]).abs() < LAT_LON_TOL_DEG,
            "{:?}",
            row.epoch
        );
        assert!(dlon.abs() < LAT_LON_TOL_DEG, "{:?}", row.epoch);
        assert!(
            (g.alt_km - row.geo[2]).abs() < ALT_TOL_KM,
            "{:?}",
            row.epoch
        );
        assert!((-180.0..=180.0).contains(&g.lon_deg));
    }
}

#[test]
fn teme_to_geodetic_chain_matches_astropy() {
    let eop = EopTable::bundled();
    for row in rows() {
        let g = itrf_to_geodetic(&teme_to_itrf(&teme(&row), eop));
        // 2.2 mm of ITRF difference at 7000 km is 2e-8 deg.
        let dlon = (g.lon_deg - row.geo[1] + 540.0).rem_euclid(360.0) - 180.0;
        assert!((g.lat_deg - row.geo[0]).abs() < 1e-6, "{:?}", row.epoch);
        assert!(dlon.abs() < 1e-6, "{:?}", row.epoch);
        assert!(
            (g.alt_km - row.geo[2]).abs() < ITRF_POS_TOL_KM,
            "{:?}",
            row.epoch
        );
    }
}

#[test]
fn teme_to_gcrf_with_observed_celestrak_corrections() {
    // CelesTrak rows around each reference epoch (reference/SOURCE.md); epochs outside them
    // (2027) are skipped rather than extrapolated.
    let table = EopTable::parse_celestrak_csv(include_str!(
        "reference/EOP-All_celestrak_at_reference_epochs.csv"
    ))
    .unwrap();
    // Measured worst 2.6 mas; bound 3.5 mas.
    let tol_rad = 3.5e-3 / 206_264.806_247_096_36;
    let mut worst_mas = 0.0f64;
    let mut n = 0;
    for row in rows() {
        let v = table.at(row.epoch);
        if v.ut1_status > uitkijk_time::EopStatus::Predicted {
            continue;
        }
        let gcrf = teme_to_gcrf(&teme(&row), &table);
        let dr = dist(&gcrf.position_km, &row.gcrf[..3]);
        let r = dist(&gcrf.position_km, &[0.0; 3]);
        assert!(
            dr < tol_rad * r,
            "{:?}: {} mas",
            row.epoch,
            dr / r * 206_264_806.0
        );
        worst_mas = worst_mas.max(dr / r * 206_264_806.0);
        n += 1;
    }
    assert!(n >= 45);
    println!("GCRF with CelesTrak dPsi/dEps vs astropy: worst {worst_mas:.2} mas over {n} states");
}
