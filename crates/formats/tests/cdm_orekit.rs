//! The 39 example CDMs of Orekit (`src/test/resources/ccsds/cdm/`, CS-SI/Orekit @ fe4aee84):
//! the good ones read, with the values Orekit's own `CdmParserTest.java` asserts; the
//! malformed ones are refused with the line and keyword of their fault; every one that reads
//! is written in its own encoding and reads back identical.
// Values are written as the CDM text writes them, digit for digit.
#![allow(clippy::excessive_precision)]

use std::path::PathBuf;
use uitkijk_formats::cdm::{self, *};
use uitkijk_formats::FormatErrorKind;
use uitkijk_time::parse_utc;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/cdm/orekit")
}

fn text(name: &str) -> String {
    std::fs::read_to_string(dir().join(name)).unwrap()
}

fn load(name: &str) -> Cdm {
    cdm::read(&text(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn utc(s: &str) -> uitkijk_time::Epoch {
    parse_utc(s).unwrap()
}

#[track_caller]
fn close(a: f64, b: f64, tol: f64) {
    assert!((a - b).abs() <= tol, "{a} vs {b} (tolerance {tol})");
}

/// The files Orekit refuses, with the keyword (and line) of the fault. Orekit's
/// `CdmParserTest` asserts the keyword for the first four (`UNINITIALIZED_VALUE_FOR_KEY` TCA,
/// X, CR_R; `UNABLE_TO_PARSE_ELEMENT_IN_FILE` CRDOT_T at line 65); the others are refused for
/// what their names say (an unknown keyword, 31 April, an obligatory X given `nil`).
const MALFORMED: &[(&str, usize, &str)] = &[
    ("CDM-missing-TCA.txt", 5, "TCA"),
    ("CDM-missing-object2-state-vector.txt", 43, "X"),
    ("CDM-missing-object1-covariance-block.xml", 38, "CR_R"),
    ("CDM-covariance-wrong-entry-format.txt", 65, "CRDOT_T"),
    ("CDM-wrong-key-word.txt", 6, "keyword"),
    ("CDMExample1InvalidTca.txt", 5, "TCA"),
    ("CDMExample_issue1319_mandatory_empty_value.xml", 88, "X"),
];

#[test]
fn every_example_reads_or_is_refused_where_it_is_wrong() {
    let mut names: Vec<String> = std::fs::read_dir(dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(names.len(), 39);
    let mut good = 0;
    for name in &names {
        let result = cdm::read(&text(name));
        match MALFORMED.iter().find(|m| m.0 == name) {
            Some(&(_, line, field)) => {
                let e = result.expect_err(name);
                assert_eq!((e.line(), e.field()), (line, field), "{name}: {e}");
            }
            None => {
                result.unwrap_or_else(|e| panic!("{name}: {e}"));
                good += 1;
            }
        }
    }
    assert_eq!(good, 39 - MALFORMED.len());
}

#[test]
fn malformed_files_give_the_right_kind_of_error() {
    let kind = |name: &str| cdm::read(&text(name)).unwrap_err().kind().clone();
    assert_eq!(kind("CDM-missing-TCA.txt"), FormatErrorKind::Missing);
    assert_eq!(
        kind("CDM-missing-object2-state-vector.txt"),
        FormatErrorKind::Missing
    );
    assert!(matches!(
        kind("CDM-covariance-wrong-entry-format.txt"),
        FormatErrorKind::BadNumber(_)
    ));
    assert_eq!(
        kind("CDM-wrong-key-word.txt"),
        FormatErrorKind::UnknownKeyword("WRONG_KEYWORD".into())
    );
    assert!(matches!(
        kind("CDMExample1InvalidTca.txt"),
        FormatErrorKind::BadValue { .. }
    ));
}

#[test]
fn every_good_example_round_trips_in_its_encoding() {
    for entry in std::fs::read_dir(dir()).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        let Ok(c) = cdm::read(&text(&name)) else {
            continue;
        };
        let xml = name.ends_with(".xml");
        let written = if xml {
            cdm::write_xml(&c)
        } else {
            cdm::write_kvn(&c)
        };
        let back = if xml {
            cdm::read_xml(&written)
        } else {
            cdm::read_kvn(&written)
        }
        .unwrap_or_else(|e| panic!("{name} written reads back with {e}\n{written}"));
        assert_eq!(back, c, "{name}");
        // The other encoding keeps every value (comments may move between blocks in KVN).
        let other = if xml {
            cdm::read_kvn(&cdm::write_kvn(&c))
        } else {
            cdm::read_xml(&cdm::write_xml(&c))
        }
        .unwrap();
        assert_eq!(other.relative, c.relative, "{name}");
        assert_eq!(
            other.object2.data.state_vector.x_km,
            c.object2.data.state_vector.x_km
        );
        assert_eq!(
            other.object1.data.rtn_covariance,
            c.object1.data.rtn_covariance
        );
    }
}

/// `CdmParserTest.testParseCDM1`.
#[test]
fn example1_as_orekit_reads_it() {
    let c = load("CDMExample1.txt");
    assert_eq!(c.version, "1.0");
    assert_eq!(c.header.creation_date, utc("2010-03-12T22:31:12"));
    assert_eq!(c.header.originator, "JSPOC");
    assert_eq!(c.header.message_id, "201113719185");
    assert_eq!(c.relative.tca, utc("2010-03-13T22:37:52.618"));
    close(c.relative.miss_distance_m, 715.0, 1e-8);
    let m1 = &c.object1.metadata;
    assert_eq!(m1.object, ObjectRole::Object1);
    assert_eq!(m1.object_designator, "12345");
    assert_eq!(m1.catalog_name, "SATCAT");
    assert_eq!(m1.object_name, "SATELLITE A");
    // The file writes a Unicode minus, which Orekit keeps.
    assert_eq!(m1.international_designator, "1997\u{2212}030E");
    assert_eq!(m1.ephemeris_name, "EPHEMERIS SATELLITE A");
    assert_eq!(m1.covariance_method, CovarianceMethod::Calculated);
    assert_eq!(m1.maneuverable, Maneuverable::Yes);
    assert_eq!(m1.ref_frame, RefFrame::Eme2000);
    let s = &c.object1.data.state_vector;
    // Orekit asserts metres to 1e-8 m and m/s to 1e-12 m/s.
    close(s.x_km * 1e3, 2570.097065e3, 1e-8);
    close(s.y_km * 1e3, 2244.654904e3, 1e-8);
    close(s.z_km * 1e3, 6281.497978e3, 1e-8);
    close(s.x_dot_km_s * 1e3, 4.418769571e3, 1e-12);
    close(s.y_dot_km_s * 1e3, 4.833547743e3, 1e-12);
    close(s.z_dot_km_s * 1e3, -3.526774282e3, 1e-12);
    let cov = c.object1.data.rtn_covariance.as_ref().unwrap();
    assert_eq!(cov.dim(), 6);
    let expected = [
        (0, 0, 4.142e1),
        (1, 0, -8.579),
        (1, 1, 2.533e3),
        (2, 0, -2.313e1),
        (2, 1, 1.336e1),
        (2, 2, 7.098e1),
        (3, 0, 2.520e-3),
        (3, 1, -5.476),
        (3, 2, 8.626e-4),
        (3, 3, 5.744e-3),
        (4, 0, -1.006e-2),
        (4, 1, 4.041e-3),
        (4, 2, -1.359e-3),
        (4, 3, -1.502e-5),
        (4, 4, 1.049e-5),
        (5, 0, 1.053e-3),
        (5, 1, -3.412e-3),
        (5, 2, 1.213e-2),
        (5, 3, -3.004e-6),
        (5, 4, -1.091e-6),
        (5, 5, 5.529e-5),
    ];
    for (i, j, v) in expected {
        close(cov.get(i, j).unwrap(), v, 1e-10);
        close(cov.get(j, i).unwrap(), v, 1e-10);
    }
    // Orekit gives NaN for entry (7, 6) of a 6×6 covariance.
    assert_eq!(cov.get(7, 6), None);
    let m2 = &c.object2.metadata;
    assert_eq!(m2.object_designator, "30337");
    assert_eq!(m2.object_name, "FENGYUN 1C DEB");
    assert_eq!(m2.international_designator, "1999-025AA");
    assert_eq!(m2.ephemeris_name, "NONE");
    assert_eq!(m2.maneuverable, Maneuverable::No);
    let s2 = &c.object2.data.state_vector;
    close(s2.x_km * 1e3, 2569.540800e3, 1e-8);
    close(s2.z_dot_km_s * 1e3, 3.328770172e3, 1e-12);
    let cov2 = c.object2.data.rtn_covariance.as_ref().unwrap();
    close(cov2.get(1, 1).unwrap(), 2.492e6, 1e-10);
    close(cov2.get(2, 1).unwrap(), -7.5888e2, 1e-10);
    close(cov2.get(5, 5).unwrap(), 5.178e-5, 1e-10);
    let pv = cov2.position_velocity();
    close(pv[0][3], 2.591e-3, 1e-12);
    let p = cov2.position();
    close(p[1][0], -4.806e4, 1e-9);
}

/// `CdmParserTest.testParseCDM2`: relative data, screening volume, OD and additional
/// parameters, the drag and SRP rows of the covariance, and where the comments go.
#[test]
fn example2_as_orekit_reads_it() {
    let c = load("CDMExample2.txt");
    let r = &c.relative;
    close(r.relative_speed_m_s.unwrap(), 14762.0, 1e-12);
    close(r.relative_position_r_m.unwrap(), 27.4, 1e-8);
    close(r.relative_position_t_m.unwrap(), -70.2, 1e-8);
    close(r.relative_position_n_m.unwrap(), 711.8, 1e-8);
    close(r.relative_velocity_r_m_s.unwrap(), -7.2, 1e-12);
    close(r.relative_velocity_t_m_s.unwrap(), -14692.0, 1e-12);
    close(r.relative_velocity_n_m_s.unwrap(), -1437.2, 1e-12);
    assert_eq!(r.start_screen_period, Some(utc("2010-03-12T18:29:32.212")));
    assert_eq!(r.stop_screen_period, Some(utc("2010-03-15T18:29:32.212")));
    assert_eq!(r.screen_volume_frame, Some(ScreenVolumeFrame::Rtn));
    assert_eq!(r.screen_volume_shape, Some(ScreenVolumeShape::Ellipsoid));
    assert_eq!(r.screen_volume_x_m, Some(200.0));
    assert_eq!(r.screen_volume_y_m, Some(1000.0));
    assert_eq!(r.screen_volume_z_m, Some(1000.0));
    assert_eq!(r.screen_entry_time, Some(utc("2010-03-13T22:37:52.222")));
    assert_eq!(r.screen_exit_time, Some(utc("2010-03-13T22:37:52.824")));
    assert_eq!(r.collision_probability, Some(4.835e-5));
    assert_eq!(
        r.collision_probability_method.as_deref(),
        Some("FOSTER-1992")
    );
    let m = &c.object1.metadata;
    assert_eq!(m.object_type, Some(ObjectType::Payload));
    assert_eq!(m.operator_contact_position.as_deref(), Some("OSA"));
    assert_eq!(m.operator_organization.as_deref(), Some("EUMETSAT"));
    assert_eq!(m.operator_phone.as_deref(), Some("+49615130312"));
    assert_eq!(m.operator_email.as_deref(), Some("JOHN.DOE@SOMEWHERE.NET"));
    assert_eq!(m.atmospheric_model.as_deref(), Some("JACCHIA 70 DCA"));
    assert_eq!(m.gravity_model.as_deref(), Some("EGM-96: 36D 36O"));
    assert_eq!(m.n_body_perturbations.as_deref(), Some("MOON, SUN"));
    assert_eq!(m.solar_rad_pressure, Some(YesNo::No));
    assert_eq!(m.earth_tides, Some(YesNo::No));
    assert_eq!(m.intrack_thrust, Some(YesNo::No));
    assert_eq!(m.orbit_center.as_deref(), Some("EARTH"));
    let od = c.object1.data.od_parameters.as_ref().unwrap();
    assert_eq!(od.time_lastob_start, Some(utc("2010-03-12T02:14:12.746")));
    assert_eq!(od.time_lastob_end, Some(utc("2010-03-12T02:14:12.746")));
    // Orekit gives seconds (7.88 d) and a fraction (97.8 %).
    close(
        od.recommended_od_span_d.unwrap() * 86400.0,
        7.88 * 86400.0,
        1e-8,
    );
    close(od.actual_od_span_d.unwrap() * 86400.0, 5.50 * 86400.0, 1e-8);
    assert_eq!(od.obs_available, Some(592));
    assert_eq!(od.obs_used, Some(579));
    assert_eq!(od.tracks_available, Some(123));
    assert_eq!(od.tracks_used, Some(119));
    close(od.residuals_accepted_pct.unwrap() / 100.0, 0.978, 1e-8);
    close(od.weighted_rms.unwrap(), 0.864, 1e-8);
    let ap = c.object1.data.additional_parameters.as_ref().unwrap();
    assert_eq!(ap.area_pc_m2, Some(5.2));
    assert_eq!(ap.mass_kg, Some(251.6));
    assert_eq!(ap.cd_area_over_mass_m2_kg, Some(0.045663));
    assert_eq!(ap.cr_area_over_mass_m2_kg, Some(0.0));
    assert_eq!(ap.thrust_acceleration_m_s2, Some(0.0));
    assert_eq!(ap.sedr_w_kg, Some(4.5457e-5));
    let cov = c.object1.data.rtn_covariance.as_ref().unwrap();
    assert_eq!(cov.dim(), 8);
    let drag_srp = [
        (6, 0, -1.862),
        (6, 1, 3.530),
        (6, 2, -3.100e-1),
        (6, 3, -1.214e-4),
        (6, 4, 2.580e-4),
        (6, 5, -6.467e-5),
        (6, 6, 3.483e-6),
        (7, 0, -1.492e2),
        (7, 1, 2.044e2),
        (7, 2, -2.331e1),
        (7, 3, -1.254e-3),
        (7, 4, 2.013e-2),
        (7, 5, -4.700e-3),
        (7, 6, 2.210e-4),
        (7, 7, 1.593e-2),
    ];
    for (i, j, v) in drag_srp {
        close(cov.get(i, j).unwrap(), v, 1e-10);
    }
    let cov2 = c.object2.data.rtn_covariance.as_ref().unwrap();
    close(cov2.get(6, 0).unwrap(), -5.117e-1, 1e-8);
    close(cov2.get(6, 1).unwrap(), 1.319, 1e-8);
    close(cov2.get(6, 5).unwrap(), -1.903e-5, 1e-8);
    close(cov2.get(6, 4).unwrap(), 7.402e-5, 1e-8);
    close(cov2.get(7, 0).unwrap(), -3.297e1, 1e-8);
    close(cov2.get(7, 1).unwrap(), 8.164e1, 1e-8);
    // Comments where Orekit puts them.
    assert_eq!(c.relative.comments, ["Relative Metadata/Data"]);
    assert_eq!(c.object1.metadata.comments, ["Object1 Metadata"]);
    assert_eq!(c.object2.metadata.comments, ["Object2 Metadata"]);
    assert_eq!(c.object1.data.comments, ["Object1 Data"]);
    assert_eq!(od.comments, ["Object1 OD Parameters"]);
    assert_eq!(
        c.object2.data.od_parameters.as_ref().unwrap().comments,
        ["Object2 OD Parameters"]
    );
    assert_eq!(
        ap.comments,
        [
            "Object1 Additional Parameters",
            "Apogee Altitude=779 km",
            "Perigee Altitude=765 km",
            "Inclination=86.4 deg"
        ]
    );
    assert_eq!(
        c.object2
            .data
            .additional_parameters
            .as_ref()
            .unwrap()
            .comments,
        [
            "Object2 Additional Parameters",
            "Apogee Altitude=786 km",
            "Perigee Altitude=414 km",
            "Inclination=98.9 deg"
        ]
    );
}

/// `CdmParserTest.testParseCDM3`: a GEO conjunction with few optional blocks.
#[test]
fn example3_as_orekit_reads_it() {
    let c = load("CDMExample3.txt");
    assert_eq!(c.header.creation_date, utc("2012-09-12T22:31:12"));
    assert_eq!(c.header.originator, "SDC");
    assert_eq!(c.header.message_for.as_deref(), Some("GALAXY 15"));
    assert_eq!(c.header.message_id, "20120912223112");
    assert_eq!(c.relative.tca, utc("2012-09-13T22:37:52.618"));
    close(c.relative.miss_distance_m, 104.92, 1e-8);
    close(c.relative.relative_speed_m_s.unwrap(), 12093.52, 1e-12);
    close(c.relative.relative_velocity_n_m_s.unwrap(), -1500.9, 1e-12);
    assert_eq!(c.relative.screen_volume_x_m, Some(500.0));
    assert_eq!(
        c.relative.screen_entry_time,
        Some(utc("2012-09-13T20:25:43.222"))
    );
    assert_eq!(
        c.relative.screen_exit_time,
        Some(utc("2012-09-13T23:44:29.324"))
    );
    assert_eq!(c.relative.collision_probability, Some(2.355e-3));
    assert_eq!(
        c.relative.collision_probability_method.as_deref(),
        Some("ALFANO-2005")
    );
    let m = &c.object1.metadata;
    assert_eq!(m.object_designator, "28884");
    assert_eq!(m.international_designator, "2005-041A");
    assert_eq!(m.operator_contact_position, None);
    assert_eq!(m.operator_organization.as_deref(), Some("INTELSAT"));
    assert_eq!(m.ephemeris_name, "GALAXY-15A-2012JAN-WMANEUVER23A");
    let s = &c.object1.data.state_vector;
    close(s.x_km * 1e3, -41600.46272465e3, 1e-8);
    close(s.y_km * 1e3, 3626.912120064e3, 1e-8);
    close(s.z_km * 1e3, 6039.06350924e3, 1e-8);
    close(s.x_dot_km_s * 1e3, -0.306132852503e3, 1e-12);
    close(s.y_dot_km_s * 1e3, -3.044998353334e3, 1e-12);
    close(s.z_dot_km_s * 1e3, -0.287674310725e3, 1e-12);
    let od = c.object1.data.od_parameters.as_ref().unwrap();
    assert_eq!(od.time_lastob_start, Some(utc("2012-09-06T20:25:43.222")));
    assert_eq!(c.object1.data.additional_parameters, None);
    assert_eq!(c.object2.metadata.object_name, "ASTRA 1B");
    assert_eq!(c.object2.metadata.maneuverable, Maneuverable::Yes);
    close(
        c.object2.data.state_vector.x_km * 1e3,
        -2956.02034826e3,
        1e-8,
    );
    close(
        c.object2.data.state_vector.x_dot_km_s * 1e3,
        -3.047096589536e3,
        1e-12,
    );
    assert!(c.object1.data.state_vector.comments.is_empty());
    assert_eq!(
        c.object1.data.rtn_covariance.as_ref().unwrap().comments,
        ["Object1 Covariance in the RTN Coordinate Frame"]
    );
    assert_eq!(c.object2.data.comments, ["Object2 Data"]);
}

/// `CdmParserTest.testParseCDM4`: the thrust row of the covariance.
#[test]
fn example4_thrust_row() {
    let c = load("CDMExample4.txt");
    let cov = c.object1.data.rtn_covariance.as_ref().unwrap();
    assert_eq!(cov.dim(), 9);
    let thrust = [
        (8, 0, -1.803e-6),
        (8, 1, 3.803e-3),
        (8, 2, 3.303e2),
        (8, 3, 7.203e1),
        (8, 4, -1.654e1),
        (8, 5, 9.203e-1),
        (8, 6, -3.876),
        (8, 7, 6.876e3),
        (8, 8, -2.986e-2),
    ];
    for (i, j, v) in thrust {
        close(cov.get(i, j).unwrap(), v, 1e-8);
    }
    assert_eq!(c.object2.data.rtn_covariance.as_ref().unwrap().dim(), 8);
}

/// `CdmParserTest.testParseXML_CDM1`: the XML example, and its comments block by block.
#[test]
fn xml_example1_as_orekit_reads_it() {
    let c = load("CDMExample1.xml");
    assert_eq!(c.header.message_for.as_deref(), Some("SATELLITE A"));
    assert_eq!(c.header.message_id, "20111371985");
    assert_eq!(c.header.comments, ["Sample CDM - XML version"]);
    assert_eq!(c.relative.tca, utc("2010-03-13T22:37:52.618"));
    close(c.relative.relative_position_n_m.unwrap(), 711.8, 1e-8);
    close(c.relative.relative_velocity_t_m_s.unwrap(), -14692.0, 1e-12);
    assert_eq!(
        c.relative.screen_entry_time,
        Some(utc("2010-03-13T20:25:43.222"))
    );
    assert_eq!(c.object1.metadata.international_designator, "1997-030E");
    // XML text may hold a '>' (the example's e-mail address).
    assert_eq!(
        c.object1.metadata.operator_email.as_deref(),
        Some("JOHN.DOE@SOMEWHERE>NET")
    );
    close(c.object1.data.state_vector.x_km * 1e3, 2570.097065e3, 1e-8);
    close(
        c.object2
            .data
            .rtn_covariance
            .as_ref()
            .unwrap()
            .get(5, 4)
            .unwrap(),
        -4.594e-6,
        1e-8,
    );
    assert_eq!(c.relative.comments, ["Relative Metadata/Data"]);
    assert_eq!(c.object1.metadata.comments, ["Object1 Metadata"]);
    assert_eq!(c.object1.data.comments, ["Object1 Data"]);
    assert_eq!(
        c.object1
            .data
            .additional_parameters
            .as_ref()
            .unwrap()
            .comments,
        ["Object 1 Additional Parameters"]
    );
    assert_eq!(
        c.object1.data.state_vector.comments,
        ["Object1 State Vector"]
    );
    // Orekit trims the comment's trailing blank.
    assert_eq!(
        c.object1.data.rtn_covariance.as_ref().unwrap().comments,
        ["Object1 Covariance in the RTN Coordinate Frame"]
    );
    assert_eq!(
        c.object2
            .data
            .additional_parameters
            .as_ref()
            .unwrap()
            .comments,
        [
            "Object2 Additional Parameters",
            "Apogee Altitude=768 km",
            "Perigee Altitude=414 km",
            "Inclination=98.8 deg"
        ]
    );
    assert_eq!(
        c.object1
            .data
            .additional_parameters
            .as_ref()
            .unwrap()
            .mass_kg,
        Some(2516.0)
    );
}

/// `CdmParserTest.test_issue_940`: the 508.0-B-2 keywords, in KVN and XML alike.
#[test]
fn issue_940_version_2_keywords() {
    for name in ["CDMExample_issue_940.txt", "CDMExample_issue_940.xml"] {
        let c = load(name);
        assert_eq!(c.version, "2.0", "{name}");
        assert_eq!(
            c.header.classification.as_deref(),
            Some("\"Free text - for examples see CDM pink book (CCSDS 508.0-P-1.0.2)\"")
        );
        assert_eq!(c.header.message_id, "201113719185-1");
        let r = &c.relative;
        assert_eq!(
            r.conjunction_id.as_deref(),
            Some("20220708T10hz SATELLITEA SATELLITEB")
        );
        assert_eq!(r.approach_angle_deg, Some(180.0));
        assert_eq!(r.screen_type, Some(ScreenType::Shape));
        assert_eq!(r.screen_volume_shape, Some(ScreenVolumeShape::Ellipsoid));
        assert_eq!(r.screen_volume_x_m, Some(200.0));
        assert_eq!(r.screen_entry_time, Some(utc("2010-03-13T20:25:43.222")));
        assert_eq!(r.screen_exit_time, Some(utc("2010-03-13T23:44:29.324")));
        assert_eq!(r.screen_pc_threshold, Some(1.0e-3));
        assert_eq!(r.collision_percentile.as_deref(), Some(&[50, 51, 52][..]));
        assert_eq!(r.collision_probability, Some(4.835e-5));
        assert_eq!(r.collision_max_probability, Some(1.234e-5));
        assert_eq!(
            r.collision_max_pc_method.as_deref(),
            Some("SCALE_COMBINED_COVAR")
        );
        assert_eq!(r.sefi_collision_probability, Some(1.234e-5));
        assert_eq!(
            r.sefi_collision_probability_method.as_deref(),
            Some("SEFI_PC_METHOD")
        );
        assert_eq!(
            r.sefi_fragmentation_model.as_deref(),
            Some("NASA STD BREAKUP MODEL")
        );
        assert_eq!(r.previous_message_id.as_deref(), Some("201113719185-0"));
        assert_eq!(r.previous_message_epoch, Some(utc("2010-03-12T10:31:12")));
        assert_eq!(r.next_message_epoch, Some(utc("2010-03-13T10:31:12")));
        let m = &c.object1.metadata;
        assert_eq!(m.odm_msg_link.as_deref(), Some("ODM_MSG_35132.txt"));
        assert_eq!(m.adm_msg_link.as_deref(), Some("ATT_MSG_35132.txt"));
        assert_eq!(m.obs_before_next_message, Some(YesNo::Yes));
        assert_eq!(m.covariance_source.as_deref(), Some("HAC Covariance"));
        assert_eq!(m.alt_cov_type, Some(AltCovType::Xyz));
        assert_eq!(m.alt_cov_ref_frame, Some(RefFrame::Eme2000));
        let d = &c.object1.data;
        assert_eq!(
            d.od_parameters.as_ref().unwrap().od_epoch,
            Some(utc("2010-03-12T22:31:12"))
        );
        let a = d.additional_parameters.as_ref().unwrap();
        assert_eq!(a.area_pc_min_m2, Some(5.0));
        assert_eq!(a.area_pc_max_m2, Some(5.4));
        assert_eq!(a.oeb_parent_frame.as_deref(), Some("OEB_YAW"));
        assert_eq!(a.oeb_parent_frame_epoch, Some(utc("2010-03-12T22:31:12")));
        assert_eq!(
            (a.oeb_q1, a.oeb_q2, a.oeb_q3, a.oeb_qc),
            (Some(0.03123), Some(0.78543), Some(0.39158), Some(0.47832))
        );
        assert_eq!(
            (a.oeb_max_m, a.oeb_int_m, a.oeb_min_m),
            (Some(2.0), Some(1.0), Some(0.5))
        );
        assert_eq!(
            (
                a.area_along_oeb_max_m2,
                a.area_along_oeb_int_m2,
                a.area_along_oeb_min_m2
            ),
            (Some(0.15), Some(0.3), Some(0.5))
        );
        assert_eq!(
            (a.rcs_m2, a.rcs_min_m2, a.rcs_max_m2),
            (Some(2.4), Some(1.4), Some(3.4))
        );
        assert_eq!(
            (
                a.vm_absolute,
                a.vm_apparent_min,
                a.vm_apparent,
                a.vm_apparent_max
            ),
            (Some(15.0), Some(19.0), Some(15.4), Some(14.0))
        );
        assert_eq!(a.reflectance, Some(0.7));
        assert_eq!(a.hbr_m, Some(2.5));
        // Orekit gives metres and radians.
        assert_eq!(a.apoapsis_altitude_km.map(|v| v * 1e3), Some(800_000.0));
        assert_eq!(a.periapsis_altitude_km.map(|v| v * 1e3), Some(750_000.0));
        assert_eq!(a.inclination_deg, Some(89.0));
        assert_eq!(a.cov_confidence, Some(1.0));
        assert_eq!(a.cov_confidence_method.as_deref(), Some("Wald test"));
        let xyz = d.xyz_covariance.as_ref().unwrap();
        assert_eq!(xyz.dim(), 9);
        let expected = [
            0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.01, 0.02, 0.03, 0.04, 0.05, 0.06, 0.07,
            0.08, 0.09, 0.001, 0.002, 0.003, 0.07, 0.08, 0.09, 0.001, 0.002, 0.003, 0.004, 0.07,
            0.08, 0.09, 0.001, 0.002, 0.003, 0.004, 0.005, 0.07, 0.08, 0.09, 0.001, 0.002, 0.003,
            0.004, 0.005, 0.006,
        ];
        assert_eq!(xyz.lower, expected, "{name}");
        // The RTN covariance of object 1 has no drag row, although the XYZ one does.
        assert_eq!(d.rtn_covariance.as_ref().unwrap().dim(), 6);
        let acm = d.additional_covariance_metadata.as_ref().unwrap();
        assert_eq!(acm.density_forecast_uncertainty, Some(2.5));
        assert_eq!(acm.cscale_factor_min, Some(0.5));
        assert_eq!(acm.cscale_factor, Some(1.0));
        assert_eq!(acm.cscale_factor_max, Some(1.5));
        assert_eq!(
            acm.screening_data_source.as_deref(),
            Some("Data source of additional covariance metadata")
        );
        assert_eq!(acm.dcp_sensitivity_vector_position_m, Some([1.0, 2.0, 3.0]));
        assert_eq!(
            acm.dcp_sensitivity_vector_velocity_m_s,
            Some([0.1, 0.2, 0.3])
        );
        let d2 = &c.object2.data;
        assert_eq!(
            c.object2.metadata.alt_cov_type,
            Some(AltCovType::Csig3Eigvec3)
        );
        let sig = d2.sigma_eigenvectors.as_ref().unwrap();
        assert_eq!(
            sig.comments,
            ["Object2 Covariance in the Sigma / eigenvector format"]
        );
        let twelve: Vec<f64> = (1..=12).map(f64::from).collect();
        assert_eq!(sig.csig3eigvec3.to_vec(), twelve);
        let user = d2.user_defined.as_ref().unwrap();
        assert_eq!(user.comments, ["User Parameters"]);
        assert_eq!(
            user.parameters,
            [(
                "OBJ1_TIME_LASTOB_START".to_string(),
                "2020-01-29T13:30:00".to_string()
            )]
        );
    }
}

/// `test_issue_942`, `test_issue_944`, `testWrite_issue_988*`: MANEUVERABLE = N/A, the
/// drag and SRP areas, the yes/no model flags.
#[test]
fn issues_942_944_988() {
    for name in ["CDMExample_issue942.txt", "CDMExample_issue942.xml"] {
        let c = load(name);
        assert_eq!(c.object1.metadata.maneuverable, Maneuverable::NotApplicable);
        assert_eq!(c.object2.metadata.maneuverable, Maneuverable::No);
    }
    let c = load("CDMExample_issue_944.xml");
    let a = c.object1.data.additional_parameters.as_ref().unwrap();
    assert_eq!((a.area_drg_m2, a.area_srp_m2), (Some(3.0), Some(10.0)));
    for (name, flag) in [
        ("CDMExample_issue988.txt", Some(YesNo::Yes)),
        ("CDMExample_issue988_2.txt", Some(YesNo::No)),
        ("CDMExample_issue988_3.txt", None),
        ("CDMExample_issue988.xml", Some(YesNo::Yes)),
        ("CDMExample_issue988_3.xml", None),
    ] {
        let m = load(name).object1.metadata;
        assert_eq!(
            (m.solar_rad_pressure, m.earth_tides, m.intrack_thrust),
            (flag, flag, flag),
            "{name}"
        );
    }
}

/// The CSpOC XML files of Orekit issues 1319 and 1458: `nil` and empty optional values are
/// absent, the operator's HBR is in a comment.
#[test]
fn cspoc_xml_with_empty_values() {
    let c = load("CDMExample_issue1319.xml");
    assert_eq!(c.relative.start_screen_period, None);
    assert_eq!(c.relative.collision_probability, None);
    assert_eq!(c.object1.metadata.orbit_center, None);
    assert_eq!(c.object1.metadata.ref_frame, RefFrame::Itrf);
    assert_eq!(c.relative.tca, utc("2024-02-25T17:50:59.816"));
    close(c.relative.miss_distance_m, 14280.0, 0.0);
    assert_eq!(c.hbr_m(), Some(10.0));
    let c = load("CDMExample_issue1458.xml");
    assert_eq!(c.relative.collision_probability, None);
    assert_eq!(c.relative.tca, utc("2021-09-09T21:05:08.167"));
    assert_eq!(c.object1.metadata.object_designator, "48268");
}

/// The real CSpOC CDM of ION SCV-008 and STARLINK-1233 (2023-07-05), values read against
/// the file's text.
#[test]
fn ion_scv8_vs_starlink_1233() {
    let c = load("ION_SCV8_vs_STARLINK_1233.txt");
    assert_eq!(c.header.originator, "CSpOC");
    assert_eq!(c.header.message_for.as_deref(), Some("ION SCV-008"));
    assert_eq!(
        c.header.comments,
        ["=CDM_ID:519959713", "MEETS EMERGENCY CRITERIA"]
    );
    assert_eq!(c.relative.tca, utc("2023-07-05T20:31:15.893"));
    assert_eq!(c.relative.miss_distance_m, 55.0);
    assert_eq!(c.relative.relative_speed_m_s, Some(14544.0));
    assert_eq!(c.relative.collision_probability, Some(0.004450713));
    assert_eq!(
        c.object1.metadata.comments,
        ["Screening Option = Covariance"]
    );
    assert_eq!(c.object1.metadata.object_name, "ION SCV-008");
    assert_eq!(c.object1.metadata.maneuverable, Maneuverable::NotApplicable);
    assert_eq!(c.object2.metadata.object_name, "STARLINK-1233");
    assert_eq!(
        c.object2.metadata.operator_organization.as_deref(),
        Some("SpaceX")
    );
    let s = &c.object1.data.state_vector;
    assert_eq!(
        [s.x_km, s.y_km, s.z_km],
        [-5719.153201, -2486.155271, -3021.252701]
    );
    let cov = c.object1.data.rtn_covariance.as_ref().unwrap();
    assert_eq!(cov.get(0, 0), Some(127.5401258877026));
    assert_eq!(cov.get(1, 1), Some(9738.762752029239));
    assert_eq!(cov.get(5, 5), Some(0.00009287778622823746));
    assert_eq!(cov.dim(), 8);
    // The states give the relative position the file states (to its 0.1 m); CSpOC writes the
    // miss distance in whole metres, cut.
    let s2 = &c.object2.data.state_vector;
    let d = [s2.x_km - s.x_km, s2.y_km - s.y_km, s2.z_km - s.z_km];
    let miss_m = (d[0] * d[0] + d[1] * d[1] + d[2] * d[2]).sqrt() * 1e3;
    let r = &c.relative;
    let rel = [
        r.relative_position_r_m.unwrap(),
        r.relative_position_t_m.unwrap(),
        r.relative_position_n_m.unwrap(),
    ];
    close(
        miss_m,
        (rel[0] * rel[0] + rel[1] * rel[1] + rel[2] * rel[2]).sqrt(),
        0.1,
    );
    assert_eq!(miss_m.floor(), r.miss_distance_m);
    // No HBR anywhere in it: the Pc tool must be given one.
    assert_eq!(c.hbr_m(), None);
}

/// A KVN unit that is not the field's is refused, naming line and field; a compatible one is
/// converted.
#[test]
fn wrong_and_compatible_units() {
    let t = text("CDMExample1.txt");
    let wrong = t.replacen("715                                  [m]", "715 [m/s]", 1);
    let e = cdm::read(&wrong).unwrap_err();
    assert_eq!((e.line(), e.field()), (6, "MISS_DISTANCE"));
    assert!(matches!(e.kind(), FormatErrorKind::BadUnit { .. }));
    let km = t.replacen("715                                  [m]", "0.715 [km]", 1);
    close(
        cdm::read(&km).unwrap().relative.miss_distance_m,
        715.0,
        1e-9,
    );
    let strict = ReadOptions::with_units(UnitPolicy::Strict);
    assert!(cdm::read_with(&km, &strict).is_err());
    let ignored = cdm::read_with(&wrong, &ReadOptions::lenient()).unwrap();
    assert_eq!(ignored.relative.miss_distance_m, 715.0);
    let xml = text("CDMExample1.xml").replacen("units=\"km\"", "units=\"deg\"", 1);
    let e = cdm::read(&xml).unwrap_err();
    assert_eq!((e.line(), e.field()), (88, "X"));
}

/// Keywords out of their block, a third object, a second message, text that is no CDM.
#[test]
fn structure_errors() {
    let t = text("CDMExample1.txt");
    let lines: Vec<&str> = t.lines().collect();
    // TCA after the first object's metadata began.
    let mut moved = lines.clone();
    let tca = moved.remove(4);
    moved.insert(8, tca);
    let e = cdm::read(&moved.join("\n")).unwrap_err();
    assert_eq!((e.line(), e.field()), (9, "keyword"), "{e}");
    // The state vector before the OD parameters' keywords is fine; OD after the state is not.
    let mut od_late = lines.clone();
    od_late.insert(21, "TIME_LASTOB_START = 2010-03-12T02:14:12.746");
    let e = cdm::read(&od_late.join("\n")).unwrap_err();
    assert_eq!(e.line(), 22, "{e}");
    let twice = format!("{t}\nCCSDS_CDM_VERS = 1.0\n");
    assert_eq!(cdm::read(&twice).unwrap_err().field(), "CCSDS_CDM_VERS");
    let dup = t.replacen(
        "ORIGINATOR",
        "MESSAGE_ID                    = 1\nORIGINATOR",
        1,
    );
    let e = cdm::read(&dup).unwrap_err();
    assert_eq!((e.line(), e.field()), (5, "MESSAGE_ID"), "{e}");
    assert!(cdm::read("CCSDS_CDM_VERS = 9.0").is_err());
    assert!(cdm::read("").is_err());
    assert!(cdm::read("<omm/>").is_err());
}

/// XML faults are reported at the line of their element.
#[test]
fn xml_errors_name_the_element_and_its_line() {
    let t = text("CDMExample1.xml");
    let at = |s: String| {
        let e = cdm::read(&s).unwrap_err();
        (e.line(), e.field().to_string(), e.kind().clone())
    };
    let (line, field, kind) = at(t.replacen("<OBS_USED>59<", "<OBS_USED>5x9<", 1));
    assert_eq!((line, field.as_str()), (71, "OBS_USED"));
    assert!(matches!(kind, FormatErrorKind::BadNumber(_)));
    let (line, field, _) =
        at(t.replacen(">2010-03-13T22:37:52.618<", ">2010-13-13T22:37:52.618<", 1));
    assert_eq!((line, field.as_str()), (15, "TCA"));
    let (line, field, kind) = at(t.replacen(
        "</relativeMetadataData>",
        "<WRONG_KEYWORD>1</WRONG_KEYWORD>\n</relativeMetadataData>",
        1,
    ));
    assert_eq!((line, field.as_str()), (37, "relativeMetadataData"));
    assert_eq!(
        kind,
        FormatErrorKind::UnknownKeyword("WRONG_KEYWORD".into())
    );
    let (line, field, _) = at(t.replacen("<TCA>2010-03-13T22:37:52.618</TCA>\n", "", 1));
    assert_eq!(field, "TCA");
    assert_eq!(line, 13, "the line of <relativeMetadataData>");
    let (_, field, kind) = at(t.replacen("id=\"CCSDS_CDM_VERS\" version=\"1.0\"", "", 1));
    assert_eq!(
        (field.as_str(), kind),
        ("CCSDS_CDM_VERS", FormatErrorKind::Missing)
    );
    let (line, field, _) = at(t.replacen("</MISS_DISTANCE>", "</MISS>", 1));
    assert_eq!((line, field.as_str()), (16, "xml"));
}

/// CRLF line ends, a byte-order mark, an `<ndm>` around the `<cdm>`: the same message.
#[test]
fn line_ends_bom_and_ndm() {
    let kvn = text("CDMExample1.txt");
    let c = cdm::read(&kvn).unwrap();
    let crlf = format!("\u{feff}{}", kvn.replace('\n', "\r\n"));
    assert_eq!(cdm::read(&crlf).unwrap(), c);
    let xml = text("CDMExample1.xml");
    let x = cdm::read(&xml).unwrap();
    let body = xml.split_once("?>").unwrap().1;
    let ndm = format!("<?xml version=\"1.0\"?>\n<ndm>\n<MESSAGE_ID>x</MESSAGE_ID>{body}</ndm>\n");
    assert_eq!(cdm::read(&ndm).unwrap(), x);
    assert_eq!(cdm::read(&xml.replace('\n', "\r\n")).unwrap(), x);
}
