//! EOP tables: values at dates checked against the file rows, leap seconds, the table's ends,
//! both input formats and their errors.

use uitkijk_time::{parse_utc, EopError, EopStatus, EopTable};

/// Interpolation is linear arithmetic on the file's 7-decimal values: rounding only.
const TOL_S: f64 = 1e-12;
const TOL_ARCSEC: f64 = 1e-12;

fn at(table: &EopTable, iso: &str) -> uitkijk_time::EopValues {
    table.at(parse_utc(iso).unwrap())
}

#[test]
fn bundled_row_2004_04_06_uses_bulletin_b() {
    // finals2000A.all, line " 4 4 6 53101.00 I -0.140722 ... I-0.4399498 ... 1.5244 ...
    // -0.140720  0.333270 -0.4399620    -0.218    -0.195": Bulletin B where present.
    let v = at(EopTable::bundled(), "2004-04-06T00:00:00Z");
    assert!((v.ut1_minus_utc_s - -0.4399620).abs() < TOL_S);
    assert!((v.ut1_minus_tai_s - (-0.4399620 - 32.0)).abs() < TOL_S);
    assert!((v.xp_arcsec - -0.140720).abs() < TOL_ARCSEC);
    assert!((v.yp_arcsec - 0.333270).abs() < TOL_ARCSEC);
    assert!((v.lod_s - 1.5244e-3).abs() < TOL_S);
    assert!((v.dx_arcsec.unwrap() - -0.218e-3).abs() < TOL_ARCSEC);
    assert!((v.dy_arcsec.unwrap() - -0.195e-3).abs() < TOL_ARCSEC);
    assert_eq!(v.dpsi_arcsec, None);
    assert_eq!(v.ut1_status, EopStatus::Observed);
    assert_eq!(v.polar_motion_status, EopStatus::Observed);
}

#[test]
fn bundled_interpolates_linearly_between_days() {
    // Midway between the 2004-04-06 and 2004-04-07 rows (B: -0.4399620, -0.4414210 s;
    // x -0.140720, -0.140070″).
    let v = at(EopTable::bundled(), "2004-04-06T12:00:00Z");
    assert!((v.ut1_minus_utc_s - (-0.4399620 + -0.4414210) / 2.0).abs() < TOL_S);
    assert!((v.xp_arcsec - (-0.140720 + -0.140070) / 2.0).abs() < TOL_ARCSEC);
}

#[test]
fn leap_second_2016_is_not_smeared() {
    // Rows: 2016-12-31 UT1-UTC -0.4077600 (B), 2017-01-01 +0.5912975 (B), a 1 s leap between.
    let t = EopTable::bundled();
    let noon = at(t, "2016-12-31T12:00:00Z");
    let expected = -0.4077600 + 0.5 * ((0.5912975 - 1.0) - -0.4077600);
    assert!(
        (noon.ut1_minus_utc_s - expected).abs() < 1e-9,
        "{}",
        noon.ut1_minus_utc_s
    );
    // Just before the leap second UT1-UTC is still near -0.41 (not half-way to +0.59)...
    let before = at(t, "2016-12-31T23:59:59.5Z");
    assert!((before.ut1_minus_utc_s - (0.5912975 - 1.0)).abs() < 1e-5);
    // ...just after it is near +0.59, and UT1 itself is continuous: UT1-TAI changes by the
    // daily drift only.
    let after = at(t, "2017-01-01T00:00:00.5Z");
    assert!((after.ut1_minus_utc_s - 0.5912975).abs() < 1e-5);
    assert!((after.ut1_minus_tai_s - before.ut1_minus_tai_s).abs() < 1e-6);
}

#[test]
fn predicted_and_past_the_end() {
    let t = EopTable::bundled();
    assert_eq!(t.mjd_range().1, 61707); // 2027-10-29, the last row with values.
    let p = at(t, "2027-06-01T00:00:00Z");
    assert_eq!(p.ut1_status, EopStatus::Predicted);
    assert_eq!(p.polar_motion_status, EopStatus::Predicted);
    // Last row: "271029 61707.00 P  0.179319 ... P-0.2081431".
    let last = at(t, "2027-10-29T00:00:00Z");
    assert_eq!(last.ut1_status, EopStatus::Predicted);
    let beyond = at(t, "2030-01-01T00:00:00Z");
    assert_eq!(beyond.ut1_status, EopStatus::Extrapolated);
    assert_eq!(beyond.polar_motion_status, EopStatus::Extrapolated);
    assert!((beyond.ut1_minus_utc_s - -0.2081431).abs() < TOL_S);
    assert!((beyond.xp_arcsec - 0.179319).abs() < TOL_ARCSEC);
    assert!((beyond.yp_arcsec - 0.276208).abs() < TOL_ARCSEC);
}

#[test]
fn before_the_start_is_zero_and_marked() {
    let v = at(EopTable::bundled(), "1970-06-01T00:00:00Z");
    assert_eq!(v.ut1_status, EopStatus::BeforeTable);
    assert_eq!(v.polar_motion_status, EopStatus::BeforeTable);
    assert_eq!(
        (v.ut1_minus_utc_s, v.xp_arcsec, v.yp_arcsec),
        (0.0, 0.0, 0.0)
    );
}

#[test]
fn celestrak_csv_excerpt() {
    let text = include_str!("data/EOP-All_celestrak_excerpt.csv");
    let t = EopTable::from_bytes(text.as_bytes()).unwrap();
    assert_eq!(t.rows().len(), 11);
    // Row "2016-12-31,57753,0.081440,0.263099,-0.4077697,0.0008920,-0.098958,-0.009327,
    // 0.000106,-0.000192,36,O".
    let v = at(&t, "2016-12-31T00:00:00Z");
    assert!((v.ut1_minus_utc_s - -0.4077697).abs() < TOL_S);
    assert!((v.xp_arcsec - 0.081440).abs() < TOL_ARCSEC);
    assert!((v.lod_s - 0.0008920).abs() < TOL_S);
    assert!((v.dpsi_arcsec.unwrap() - -0.098958).abs() < TOL_ARCSEC);
    assert!((v.deps_arcsec.unwrap() - -0.009327).abs() < TOL_ARCSEC);
    assert!((v.dx_arcsec.unwrap() - 0.000106).abs() < TOL_ARCSEC);
    // Leap second handled as for finals.
    let noon = at(&t, "2016-12-31T12:00:00Z");
    let expected = -0.4077697 + 0.5 * ((0.5912870 - 1.0) - -0.4077697);
    assert!((noon.ut1_minus_utc_s - expected).abs() < 1e-9);
    // Observed -> predicted: a value between an O and a P row is predicted.
    assert_eq!(
        at(&t, "2026-02-23T00:00:00Z").ut1_status,
        EopStatus::Observed
    );
    assert_eq!(
        at(&t, "2026-02-23T12:00:00Z").ut1_status,
        EopStatus::Predicted
    );
    // Past the last row (2026-08-23).
    let end = at(&t, "2026-09-01T00:00:00Z");
    assert_eq!(end.ut1_status, EopStatus::Extrapolated);
    assert!((end.ut1_minus_utc_s - 0.0863102).abs() < TOL_S);
}

#[test]
fn gzip_input_is_read() {
    use std::io::Write;
    let text = include_str!("data/EOP-All_celestrak_excerpt.csv");
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(text.as_bytes()).unwrap();
    let t = EopTable::from_bytes(&gz.finish().unwrap()).unwrap();
    assert_eq!(t.rows().len(), 11);
}

#[test]
fn errors_name_line_and_field() {
    let good = " 4 4 6 53101.00 I -0.140722 0.000071  0.333536 0.000057  I-0.4399498 0.0000028  1.5244 0.0019  I    -0.104    0.151    -0.042    0.166 -0.140720  0.333270 -0.4399620    -0.218    -0.195  ";
    let bad = good.replace("I-0.4399498", "I-0.43x9498");
    let text = format!("{good}\n{bad}\n");
    match EopTable::parse_finals2000a(&text) {
        Err(EopError::BadField { line, field, .. }) => assert_eq!((line, field), (2, "UT1-UTC")),
        other => panic!("{other:?}"),
    }
    let twice = format!("{good}\n{good}\n");
    assert!(matches!(
        EopTable::parse_finals2000a(&twice),
        Err(EopError::NotIncreasing { line: 2, .. })
    ));
    let csv = "DATE,MJD,X,Y,UT1-UTC,LOD,DPSI,DEPS,DX,DY,DAT,DATA_TYPE\n\
               2016-12-29,57751,0.084681,0.264185,-0.4060901,0.0008063,-0.099760,-0.009032,-0.000041,-0.000092,36,Q\n";
    match EopTable::parse_celestrak_csv(csv) {
        Err(EopError::BadField { line, field, .. }) => assert_eq!((line, field), (2, "DATA_TYPE")),
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        EopTable::parse_celestrak_csv("DATE,MJD,X\n"),
        Err(EopError::MissingColumn { column: "Y" })
    ));
    assert!(matches!(
        EopTable::parse_finals2000a(""),
        Err(EopError::Empty)
    ));
}
