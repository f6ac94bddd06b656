//! Every CCSDS OMM example of Orekit's test resources (`tests/data/orekit_omm/`, see
//! SOURCE.md there), good and deliberately broken, one test per file.
//!
//! Expected values are the file's own text. What this reader does differs from Orekit where
//! Orekit reads a message Uitkijk cannot use (other theories, other time systems): Uitkijk
//! reads OMMs to get SGP4 element sets, so those are refused with the field that makes them
//! unusable.

use std::path::PathBuf;
use uitkijk_formats::omm::{self, ReadOptions, UnitPolicy};
use uitkijk_formats::{ElementSet, FormatError, FormatErrorKind, Parsed};
use uitkijk_time::{format_utc_micros, parse_utc};

fn load(name: &str) -> String {
    let path: PathBuf = [
        env!("CARGO_MANIFEST_DIR"),
        "tests",
        "data",
        "orekit_omm",
        name,
    ]
    .iter()
    .collect();
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Read with the reader the file's extension names, and check that the content-sniffing
/// `omm::read` agrees.
fn read(name: &str) -> Parsed {
    let text = load(name);
    let parsed = if name.ends_with(".xml") {
        omm::read_xml(&text)
    } else {
        omm::read_kvn(&text)
    };
    assert_eq!(
        omm::read(&text),
        parsed,
        "{name}: detection changes the result"
    );
    parsed
}

fn one_set(name: &str) -> ElementSet {
    let p = read(name);
    assert!(p.errors.is_empty(), "{name}: {:?}", p.errors);
    assert_eq!(p.sets.len(), 1, "{name}");
    p.sets.into_iter().next().unwrap()
}

fn one_error(name: &str) -> FormatError {
    let p = read(name);
    assert!(p.sets.is_empty(), "{name}: {:?}", p.sets);
    assert_eq!(p.errors.len(), 1, "{name}: {:?}", p.errors);
    let e = p.errors.into_iter().next().unwrap();
    // The message an analyst sees names the line and the field.
    let msg = e.to_string();
    assert!(
        msg.starts_with(&format!("line {}: {}", e.line(), e.field())),
        "{msg}"
    );
    e
}

fn epoch(s: &str) -> uitkijk_time::Epoch {
    parse_utc(s).unwrap()
}

/// GOES 9 of the CCSDS blue book (OMMExample1/2 and their XML forms).
fn check_goes9(s: &ElementSet, name: &str, ephemeris_and_class_given: bool) {
    assert_eq!(s.object_name.as_deref(), Some(name));
    assert_eq!(s.object_id.as_deref(), Some("1995-025A"));
    assert_eq!(s.norad_id, 23581);
    // EPOCH = 2007-064T10:34:41.4264 (day 64 of 2007 is March 5).
    assert_eq!(s.epoch, epoch("2007-03-05T10:34:41.4264"));
    assert_eq!(format_utc_micros(s.epoch), "2007-03-05T10:34:41.426400Z");
    assert_eq!(s.mean_motion_rev_day, 1.00273272);
    assert_eq!(s.eccentricity, 0.0005013);
    assert_eq!(s.inclination_deg, 3.0539);
    assert_eq!(s.raan_deg, 81.7939);
    assert_eq!(s.arg_perigee_deg, 249.2363);
    assert_eq!(s.mean_anomaly_deg, 150.1602);
    assert_eq!(s.element_set_no, 925);
    assert_eq!(s.rev_at_epoch, 4316);
    assert_eq!(s.bstar_per_er, 0.0001);
    assert_eq!(s.mean_motion_dot_rev_day2, -0.00000113);
    assert_eq!(s.mean_motion_ddot_rev_day3, 0.0);
    // Absent in the XML forms: the standard's defaults.
    let _ = ephemeris_and_class_given;
    assert_eq!(s.ephemeris_type, 0);
    assert_eq!(s.classification, 'U');
    assert_eq!(s.object_type, None);
}

fn check_starlette(s: &ElementSet) {
    assert_eq!(s.object_name.as_deref(), Some("STARLETTE"));
    assert_eq!(s.object_id.as_deref(), Some("1975-010A"));
    assert_eq!(s.norad_id, 7646);
    assert_eq!(s.epoch, epoch("2021-03-22T13:21:09.224928"));
    assert_eq!(s.mean_motion_rev_day, 13.82309053);
    assert_eq!(s.eccentricity, 0.0205751);
    assert_eq!(s.inclination_deg, 49.8237);
    assert_eq!(s.raan_deg, 93.8140);
    assert_eq!(s.arg_perigee_deg, 224.8348);
    assert_eq!(s.mean_anomaly_deg, 133.5761);
    assert_eq!(s.ephemeris_type, 0);
    assert_eq!(s.classification, 'U');
    assert_eq!(s.element_set_no, 999);
    assert_eq!(s.rev_at_epoch, 32997);
    assert_eq!(s.bstar_per_er, -0.47102e-5);
    assert_eq!(s.mean_motion_dot_rev_day2, -0.147e-5);
    assert_eq!(s.mean_motion_ddot_rev_day3, 0.0);
}

#[test]
fn omm_example1_kvn_goes9() {
    // Given the blue book's OMM example, when read, then every value is the file's.
    check_goes9(&one_set("OMMExample1.txt"), "GOES 9", true);
}

#[test]
fn omm_example2_kvn_covariance_is_skipped() {
    check_goes9(&one_set("OMMExample2.txt"), "GOES 9", true);
}

#[test]
fn omm_example2_xml_goes9() {
    // No EPHEMERIS_TYPE / CLASSIFICATION_TYPE here: the standard's defaults 0 and U.
    check_goes9(&one_set("OMMExample2.xml"), "GOES-9", false);
}

#[test]
fn omm_with_units_xml_units_accepted() {
    // units="rev/day", "deg", "1/ER", "rev/day**2", "rev/day**3": all the fields' own units.
    let s = one_set("OMM-with-units.xml");
    check_goes9(&s, "GOES-9", false);
    let strict = ReadOptions {
        units: UnitPolicy::Strict,
    };
    let p = omm::read_xml_with(&load("OMM-with-units.xml"), &strict);
    assert_eq!(p.sets, vec![s]);
}

#[test]
fn omm_with_units_xml_wrong_unit_refused() {
    // Given the same file with the inclination in km, then the unit is refused naming the
    // field and its line.
    let text = load("OMM-with-units.xml")
        .replace("<INCLINATION units=\"deg\">", "<INCLINATION units=\"km\">");
    let p = omm::read_xml(&text);
    assert!(p.sets.is_empty());
    let e = &p.errors[0];
    assert_eq!((e.line(), e.field()), (29, "INCLINATION"));
    assert!(matches!(
        e.kind(),
        FormatErrorKind::BadUnit {
            expected: "deg",
            ..
        }
    ));
}

#[test]
fn omm_example3_kvn_other_theory_refused() {
    // "SOME THEORY", SEMI_MAJOR_AXIS, REF_FRAME TOD, TIME_SYSTEM MRT: a valid OMM (Orekit
    // reads it) but no SGP4 element set. The theory is the first reason given: it decides what
    // every number means.
    let e = one_error("OMMExample3.txt");
    assert_eq!((e.line(), e.field()), (14, "MEAN_ELEMENT_THEORY"));
    assert!(e.to_string().contains("SOME THEORY"), "{e}");
}

#[test]
fn omm_example3_utc_kvn_other_theory_refused() {
    // The same message in UTC: still not SGP4 elements.
    let e = one_error("OMMExample3_utc.txt");
    assert_eq!((e.line(), e.field()), (14, "MEAN_ELEMENT_THEORY"));
}

#[test]
fn omm_example3_sgp4_with_semi_major_axis_refused() {
    // Given example 3 claiming SGP4 in UTC/TEME but still giving SEMI_MAJOR_AXIS, then the
    // semi-major axis is named: SGP4 elements give MEAN_MOTION.
    let text = load("OMMExample3_utc.txt")
        .replace(
            "MEAN_ELEMENT_THEORY = SOME THEORY",
            "MEAN_ELEMENT_THEORY = SGP4",
        )
        .replace("REF_FRAME = TOD", "REF_FRAME = TEME");
    let p = omm::read_kvn(&text);
    assert_eq!(p.errors.len(), 1, "{:?}", p.errors);
    assert_eq!(
        (p.errors[0].line(), p.errors[0].field()),
        (18, "SEMI_MAJOR_AXIS")
    );
}

#[test]
fn omm_example3_sgp4_in_mrt_refused() {
    // Given example 3 made SGP4 but left in time system MRT, then TIME_SYSTEM is named.
    let text = load("OMMExample3.txt")
        .replace(
            "MEAN_ELEMENT_THEORY = SOME THEORY",
            "MEAN_ELEMENT_THEORY = SGP4",
        )
        .replace("SEMI_MAJOR_AXIS = 6800", "MEAN_MOTION = 15.0");
    let p = omm::read_kvn(&text);
    assert_eq!(
        (p.errors[0].line(), p.errors[0].field()),
        (13, "TIME_SYSTEM")
    );
    // ... and once in UTC, REF_FRAME TOD is named.
    let text = text.replace("TIME_SYSTEM = MRT", "TIME_SYSTEM = UTC");
    let p = omm::read_kvn(&text);
    assert_eq!((p.errors[0].line(), p.errors[0].field()), (11, "REF_FRAME"));
}

#[test]
fn omm_example4_kvn_starlette() {
    check_starlette(&one_set("OMMExample4.txt"));
}

#[test]
fn omm_example4_xml_starlette() {
    check_starlette(&one_set("OMMExample4.xml"));
}

#[test]
fn omm_example5_kvn_sgp4_xp_kept_as_type_4() {
    // SGP4-XP: kept with ephemeris type 4 for the propagator to refuse; BTERM and AGOM go
    // where a TLE puts them (B* and the second derivative fields).
    let s = one_set("OMMExample5.txt");
    assert_eq!(s.ephemeris_type, 4);
    assert_eq!(s.norad_id, 23581);
    assert_eq!(s.bstar_per_er, 0.0015);
    assert_eq!(s.mean_motion_ddot_rev_day3, 0.001);
    assert_eq!(s.mean_motion_dot_rev_day2, -0.00000113);
    // Written back as SGP4-XP with BTERM/AGOM, and read back equal.
    let kvn = omm::write_kvn(std::slice::from_ref(&s));
    assert!(kvn.contains("MEAN_ELEMENT_THEORY = SGP4-XP\n"), "{kvn}");
    assert!(kvn.contains("BTERM = 0.0015\n") && kvn.contains("AGOM = 0.001\n"));
    assert_eq!(omm::read_kvn(&kvn).sets, vec![s]);
}

#[test]
fn omm_example5_kvn_theory_and_type_must_agree() {
    // Given example 5 with EPHEMERIS_TYPE 0 under SGP4-XP, then the type is refused on its
    // line: the two keywords would say different things.
    let text = load("OMMExample5.txt");
    let p = omm::read_kvn(&text.replace("EPHEMERIS_TYPE    = 4", "EPHEMERIS_TYPE    = 0"));
    assert_eq!(
        (p.errors[0].line(), p.errors[0].field()),
        (21, "EPHEMERIS_TYPE")
    );
    // Given it relabelled SGP4 (type 4 removed), then BTERM is named: SGP4 uses BSTAR.
    let p = omm::read_kvn(
        &text
            .replace(
                "MEAN_ELEMENT_THEORY = SGP4-XP",
                "MEAN_ELEMENT_THEORY = SGP4",
            )
            .replace("EPHEMERIS_TYPE    = 4", "EPHEMERIS_TYPE    = 0"),
    );
    assert_eq!((p.errors[0].line(), p.errors[0].field()), (26, "BTERM"));
}

#[test]
fn omm_empty_object_id_kvn_accepted() {
    // Orekit refuses this file (OBJECT_ID is mandatory in the standard). Uitkijk accepts it
    // with no designator: CelesTrak serves exactly this for analyst objects, the designator
    // is informative only, and the TLE reader likewise reads a blank designator as None.
    // Refusing would drop real catalog objects.
    let s = one_set("OMM-empty-object-id.txt");
    assert_eq!(s.object_id, None);
    assert_eq!(s.object_name.as_deref(), Some("GOES 9"));
    assert_eq!(s.norad_id, 23581);
}

#[test]
fn omm_empty_object_id_xml_accepted() {
    // As the KVN case: `<OBJECT_ID></OBJECT_ID>` is CelesTrak's XML for analyst objects.
    let s = one_set("OMM-empty-object-id.xml");
    assert_eq!(s.object_id, None);
    assert_eq!(s.norad_id, 7646);
}

#[test]
fn omm_number_format_error_kvn() {
    // ARG_OF_PERICENTER = this-is-not-a-number on line 15 (Orekit: same field, same line).
    let e = one_error("OMM-number-format-error.txt");
    assert_eq!((e.line(), e.field()), (15, "ARG_OF_PERICENTER"));
    assert_eq!(
        e.kind(),
        &FormatErrorKind::BadNumber("this-is-not-a-number".into())
    );
}

#[test]
fn omm_wrong_keyword_kvn() {
    // WRONG_KEYWORD = 123 on line 9 (Orekit: same line). A keyword the standard does not
    // have could change the meaning of the message; it is refused, not skipped.
    let e = one_error("OMM-wrong-keyword.txt");
    assert_eq!((e.line(), e.field()), (9, "keyword"));
    assert_eq!(
        e.kind(),
        &FormatErrorKind::UnknownKeyword("WRONG_KEYWORD".into())
    );
}

#[test]
fn spurious_metadata_xml() {
    // A second <metadata> on line 17 (Orekit: same line, "metadata"): an OMM segment has one.
    let e = one_error("spurious-metadata.xml");
    assert_eq!((e.line(), e.field()), (17, "metadata"));
}

#[test]
fn every_example_round_trips_through_all_encodings() {
    // Given every example that reads, when written in each encoding and read again, then the
    // element sets are equal (epochs here have at most microseconds).
    let dir: PathBuf = [env!("CARGO_MANIFEST_DIR"), "tests", "data", "orekit_omm"]
        .iter()
        .collect();
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".txt") || n.ends_with(".xml"))
        .collect();
    files.sort();
    assert_eq!(files.len(), 14, "{files:?}");
    let mut good = 0;
    for name in files {
        let sets = read(&name).sets;
        good += sets.len();
        for enc in [
            omm::Encoding::Kvn,
            omm::Encoding::Xml,
            omm::Encoding::Json,
            omm::Encoding::Csv,
        ] {
            let text = omm::write(&sets, enc);
            let back = omm::read(&text);
            assert!(
                back.errors.is_empty(),
                "{name} {enc:?}: {:?}\n{text}",
                back.errors
            );
            assert_eq!(back.sets, sets, "{name} {enc:?}");
        }
    }
    assert_eq!(good, 9);
}
