//! NASA CARA's CDMs (nasa/CARA_Analysis_Tools @ a80d0163): the 53 real operational CDMs of
//! `PcTestCaseCDMs/` read as they are; `SampleCDMs/` and the `misc/` CDMs (test cases that write
//! velocities in `[m]`) read with [`ReadOptions::lenient`]. HBR,
//! miss distance and TCA are checked against CARA's own table
//! (`CARA_PcMethod_Test_Conjunctions.csv`, HBR_m and MissDist_m) and the file names, which
//! carry the TCA to the second.
// Values are written as the CDM text writes them, digit for digit.
#![allow(clippy::excessive_precision)]

use std::path::{Path, PathBuf};
use uitkijk_formats::cdm::{self, Cdm, ReadOptions};
use uitkijk_formats::FormatErrorKind;
use uitkijk_time::{format_utc_digits, parse_utc};

fn dir(sub: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/cdm/cara")
        .join(sub)
}

fn files(sub: &str, pred: impl Fn(&str) -> bool) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir(sub))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| pred(p.file_name().unwrap().to_str().unwrap()))
        .collect();
    v.sort();
    v
}

fn read(path: &Path, options: &ReadOptions) -> Cdm {
    let text = std::fs::read_to_string(path).unwrap();
    cdm::read_with(&text, options).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// |r2 - r1| from the two state vectors, m.
fn state_miss_m(c: &Cdm) -> f64 {
    let a = &c.object1.data.state_vector;
    let b = &c.object2.data.state_vector;
    let d = [b.x_km - a.x_km, b.y_km - a.y_km, b.z_km - a.z_km];
    (d[0] * d[0] + d[1] * d[1] + d[2] * d[2]).sqrt() * 1e3
}

fn round_trips(c: &Cdm, name: &str) {
    assert_eq!(&cdm::read_kvn(&cdm::write_kvn(c)).unwrap(), c, "{name} KVN");
    assert_eq!(&cdm::read_xml(&cdm::write_xml(c)).unwrap(), c, "{name} XML");
}

#[test]
fn all_53_pc_test_case_cdms_match_caras_table() {
    let csv_path = dir("PcTestCaseCDMs").join("CARA_PcMethod_Test_Conjunctions.csv");
    let mut table = csv::Reader::from_path(csv_path).unwrap();
    let headers = table.headers().unwrap().clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (id_col, hbr_col, miss_col) = (col("Conjunction_ID"), col("HBR_m"), col("MissDist_m"));
    let rows: Vec<csv::StringRecord> = table.records().map(Result::unwrap).collect();
    let cdms = files("PcTestCaseCDMs", |n| n.ends_with(".cdm"));
    assert_eq!(cdms.len(), 53);
    let (mut checked, mut worst_state_vs_table, mut worst_cdm_vs_table) = (0, 0.0f64, 0.0f64);
    for path in &cdms {
        let stem = path.file_stem().unwrap().to_str().unwrap();
        // Real CDMs: read under the standard's rules, units checked.
        let c = read(path, &ReadOptions::default());
        round_trips(&c, stem);
        // 000020580_conj_000002017_20230613_001923_20230608_063715: primary, secondary, TCA
        // (to the second), creation date.
        let f: Vec<&str> = stem.split('_').collect();
        assert_eq!(
            c.object1.metadata.object_designator.trim_start_matches('0'),
            f[0].trim_start_matches('0'),
            "{stem}"
        );
        assert_eq!(
            c.object2.metadata.object_designator.trim_start_matches('0'),
            f[2].trim_start_matches('0'),
            "{stem}"
        );
        let tca_s = format_utc_digits(c.relative.tca, 3);
        let from_name = format!(
            "{}-{}-{}T{}:{}:{}",
            &f[3][..4],
            &f[3][4..6],
            &f[3][6..],
            &f[4][..2],
            &f[4][2..4],
            &f[4][4..]
        );
        assert_eq!(&tca_s[..19], from_name, "{stem}");
        let Some(row) = rows.iter().find(|r| &r[id_col] == stem) else {
            continue;
        };
        checked += 1;
        let hbr: f64 = row[hbr_col].parse().unwrap();
        let miss: f64 = row[miss_col].parse().unwrap();
        assert_eq!(c.hbr_m(), Some(hbr), "{stem}");
        // CARA's MissDist_m is |r2 - r1| of the CDM states; MISS_DISTANCE is in whole metres.
        worst_state_vs_table = worst_state_vs_table.max((state_miss_m(&c) - miss).abs() / miss);
        worst_cdm_vs_table = worst_cdm_vs_table.max((c.relative.miss_distance_m - miss).abs());
    }
    assert_eq!(checked, rows.len(), "every row of CARA's table has its CDM");
    assert!(checked >= 50, "{checked}");
    eprintln!(
        "{checked} CDMs vs CARA's table: worst |states| miss rel. error {worst_state_vs_table:.2e}, \
         worst MISS_DISTANCE - MissDist_m {worst_cdm_vs_table:.3} m"
    );
    assert!(worst_state_vs_table < 1e-9, "{worst_state_vs_table}");
    assert!(worst_cdm_vs_table <= 1.0, "{worst_cdm_vs_table}");
}

/// One CDM read field by field against its text.
#[test]
fn hst_vs_2017_values() {
    let path =
        dir("PcTestCaseCDMs").join("000020580_conj_000002017_20230613_001923_20230608_063715.cdm");
    let c = read(&path, &ReadOptions::default());
    assert_eq!(c.header.originator, "CARA");
    assert_eq!(c.header.message_for.as_deref(), Some("HST"));
    assert_eq!(
        c.relative.tca,
        parse_utc("2023-06-13T00:19:23.766").unwrap()
    );
    assert_eq!(c.relative.miss_distance_m, 12303.0);
    assert_eq!(c.relative.relative_speed_m_s, Some(2224.0));
    assert_eq!(c.relative.relative_position_t_m, Some(12297.9));
    assert_eq!(c.relative.collision_probability, Some(1.862e-05));
    assert_eq!(c.relative.comments, ["SCREENING_OPTION = Covariance"]);
    assert_eq!(c.object1.metadata.comments, ["HBR = 10 [m]"]);
    assert_eq!(c.hbr_m(), Some(10.0));
    assert_eq!(c.object1.metadata.object_name, "HST");
    assert_eq!(c.object1.data.comments, ["COVARIANCE_SCALE_FACTOR = 1.000"]);
    let s = &c.object1.data.state_vector;
    assert_eq!(s.x_km, -5.087477994865218534e+03);
    assert_eq!(s.z_dot_km_s, 4.314950980948282777e-01);
    let cov = c.object1.data.rtn_covariance.as_ref().unwrap();
    assert_eq!(cov.get(0, 0), Some(8.852074177874744692e+02));
    assert_eq!(cov.get(1, 0), Some(-2.654354388641188852e+05));
    assert_eq!(cov.get(1, 1), Some(8.493829353826458752e+07));
    assert_eq!(cov.get(3, 3), Some(1.031141465078663089e+02));
}

#[test]
fn sample_and_misc_cdms_read_leniently() {
    let mut n = 0;
    let sample = files("SampleCDMs", |n| n.ends_with(".cdm"));
    assert_eq!(sample.len(), 34);
    let misc = files("misc", |n| n.contains("CDM") && n.ends_with(".txt"));
    assert_eq!(misc.len(), 4);
    for path in sample.iter().chain(&misc) {
        let name = path.file_name().unwrap().to_str().unwrap();
        let c = read(path, &ReadOptions::lenient());
        round_trips(&c, name);
        // The states agree with the relative position the file gives, where it gives one.
        if let (Some(r), Some(t), Some(nn)) = (
            c.relative.relative_position_r_m,
            c.relative.relative_position_t_m,
            c.relative.relative_position_n_m,
        ) {
            let rel = (r * r + t * t + nn * nn).sqrt();
            assert!(
                // Components to 0.1 m; some test files' states are a little off their own
                // relative position (SingleCovTestCase1-1: 0.11 m in 26 km).
                (state_miss_m(&c) - rel).abs() <= 0.1 + 1e-5 * rel,
                "{name}: {} vs {rel}",
                state_miss_m(&c)
            );
        }
        n += 1;
    }
    assert_eq!(n, 38);
}

/// What the lenient options forgive, the default ones refuse, naming line and field.
#[test]
fn caras_test_files_bend_the_standard() {
    let text = std::fs::read_to_string(dir("SampleCDMs").join("AlfanoTestCase01.cdm")).unwrap();
    let e = cdm::read(&text).unwrap_err();
    assert_eq!((e.line(), e.field()), (11, "RELATIVE_VELOCITY_R"));
    assert!(matches!(e.kind(), FormatErrorKind::BadUnit { .. }));
    let c = cdm::read_with(&text, &ReadOptions::lenient()).unwrap();
    // `COMMENT HBR = 15.0` with no unit, metres; NaN OD values are absent.
    assert_eq!(c.hbr_m(), Some(15.0));
    assert_eq!(c.relative.miss_distance_m, 5.049717);
    let od = c.object1.data.od_parameters.as_ref().unwrap();
    assert_eq!((od.obs_used, od.recommended_od_span_d), (None, None));
    let odqa = std::fs::read_to_string(dir("misc").join("ODQATestCaseCDM.txt")).unwrap();
    let e = cdm::read(&odqa).unwrap_err();
    assert_eq!((e.line(), e.field()), (11, "RELATIVE_VELOCITY_R"));
    let strict = cdm::read_with(&odqa, &ReadOptions::with_units(cdm::UnitPolicy::Strict));
    assert!(strict.is_err());
}

/// HBR from CARA's comments in its sample files, against the values its Pc unit tests use
/// (`PcCircle_UnitTest.m`: Omitron case 1 HBR 20 m; Alfano 2009 case 1 HBR 15 m).
#[test]
fn hbr_of_sample_files() {
    let hbr = |sub: &str, name: &str| read(&dir(sub).join(name), &ReadOptions::lenient()).hbr_m();
    assert_eq!(
        hbr("SampleCDMs", "OmitronTestCase_Test01_HighPc.cdm"),
        Some(20.0)
    );
    assert_eq!(hbr("SampleCDMs", "AlfanoTestCase01.cdm"), Some(15.0));
    assert_eq!(
        hbr("SampleCDMs", "OmitronTestCase_Test07_NonPDCovariance.cdm"),
        Some(52.8)
    );
    assert_eq!(hbr("SampleCDMs", "SingleCovTestCase1-1.cdm"), None);
    assert_eq!(
        hbr("misc", "DensityDecorrelationTestCaseCDM02.txt"),
        Some(6.0)
    );
}
