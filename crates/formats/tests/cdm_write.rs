//! The CDM writers write what other CCSDS readers expect: the keywords of the standard's
//! examples in the examples' order (KVN), the elements of the blue-book XML example in its
//! structure and order, units as the standard spells them; and a CDM built in code reads back.

use std::path::PathBuf;
use uitkijk_formats::cdm::{self, *};
use uitkijk_time::parse_utc;

fn data(rel: &str) -> String {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/cdm")
        .join(rel);
    std::fs::read_to_string(p).unwrap()
}

/// The keywords of a KVN text, in order, comments left out.
fn kvn_keys(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with("COMMENT"))
        .filter_map(|l| l.split_once('=').map(|(k, _)| k.trim().to_string()))
        .collect()
}

/// Keywords with a value: what a writer keeps (empty values are absent).
fn kvn_keys_with_values(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.starts_with("COMMENT"))
        .filter_map(|l| l.split_once('='))
        .filter(|(_, v)| !v.trim().is_empty())
        .map(|(k, _)| k.trim().to_string())
        .collect()
}

#[test]
fn kvn_keyword_order_is_the_examples_order() {
    let mut files = vec![
        "orekit/CDMExample1.txt".to_string(),
        "orekit/CDMExample2.txt".to_string(),
        "orekit/CDMExample3.txt".to_string(),
        "orekit/CDMExample4.txt".to_string(),
        "orekit/ION_SCV8_vs_STARLINK_1233.txt".to_string(),
    ];
    let cara = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/cdm/cara/PcTestCaseCDMs");
    for e in std::fs::read_dir(cara).unwrap() {
        let name = e.unwrap().file_name().into_string().unwrap();
        if name.ends_with(".cdm") {
            files.push(format!("cara/PcTestCaseCDMs/{name}"));
        }
    }
    for f in &files {
        let text = data(f);
        let c = cdm::read(&text).unwrap();
        let out = cdm::write_kvn(&c);
        assert_eq!(kvn_keys(&out), kvn_keys_with_values(&text), "{f}");
    }
}

#[test]
fn xml_structure_is_the_blue_book_examples() {
    let elements = |text: &str| -> Vec<String> {
        text.split('<')
            .skip(1)
            .filter(|t| !t.starts_with('/') && !t.starts_with('?') && !t.starts_with("COMMENT"))
            .map(|t| {
                t.split(|c: char| c.is_whitespace() || c == '>' || c == '/')
                    .next()
                    .unwrap()
                    .to_string()
            })
            .collect()
    };
    for f in ["orekit/CDMExample1.xml", "orekit/CDMExample_issue_944.xml"] {
        let text = data(f);
        let c = cdm::read(&text).unwrap();
        let out = cdm::write_xml(&c);
        assert_eq!(elements(&out), elements(&text), "{f}");
        assert!(out.contains("<cdm xmlns:xsi="));
        assert!(out.contains("id=\"CCSDS_CDM_VERS\" version=\"1.0\""));
        assert!(out.contains("<MISS_DISTANCE units=\"m\">715.0</MISS_DISTANCE>"));
        assert!(out.contains("<CDRG_RDOT") || !text.contains("<CDRG_RDOT"));
    }
}

#[test]
fn units_are_written_as_the_standard_spells_them() {
    let c = cdm::read(&data("orekit/CDMExample2.txt")).unwrap();
    let out = cdm::write_kvn(&c);
    for line in [
        "MISS_DISTANCE                       = 715.0 [m]",
        "RELATIVE_SPEED                      = 14762.0 [m/s]",
        "RECOMMENDED_OD_SPAN                 = 7.88 [d]",
        "RESIDUALS_ACCEPTED                  = 97.8 [%]",
        "WEIGHTED_RMS                        = 0.864",
        "AREA_PC                             = 5.2 [m**2]",
        "CD_AREA_OVER_MASS                   = 0.045663 [m**2/kg]",
        "SEDR                                = 4.5457e-5 [W/kg]",
        "X                                   = 2570.097065 [km]",
        "X_DOT                               = 4.418769571 [km/s]",
        "CR_R                                = 41.42 [m**2]",
        "CRDOT_R                             = 0.00252 [m**2/s]",
        "CDRG_RDOT                           = -0.0001214 [m**3/(kg*s)]",
        "CSRP_SRP                            = 0.01593 [m**4/kg**2]",
        "TCA                                 = 2010-03-13T22:37:52.618",
        "COMMENT Object1 OD Parameters",
    ] {
        assert!(out.lines().any(|l| l == line), "missing {line:?} in\n{out}");
    }
}

#[test]
fn a_cdm_built_in_code_reads_back() {
    let tca = parse_utc("2024-01-02T03:04:05.678901Z").unwrap();
    let mut m = [[0.0; 6]; 6];
    for (i, row) in m.iter_mut().enumerate() {
        row[i] = 100.0 * (i + 1) as f64;
    }
    m[1][0] = -3.5;
    m[0][1] = -3.5;
    let object = |role, id: &str, x: f64| ObjectSegment {
        metadata: ObjectMetadata::new(role, id, "SAT & <CO>", "2020-001A", RefFrame::Teme),
        data: ObjectData::new(
            StateVector::new([x, -2000.0, 6000.0], [1.0, 7.0, -0.5]),
            Covariance::from_position_velocity(&m),
        ),
    };
    let mut c = Cdm::new(
        Header::new(tca, "UITKIJK", "25544_conj_99999"),
        RelativeData::new(tca, 123.4),
        object(ObjectRole::Object1, "25544", 7000.0),
        object(ObjectRole::Object2, "000099999", 7000.1),
    );
    c.relative.comments.push("HBR = 10 [m]".into());
    c.relative.collision_probability = Some(1.5e-4);
    c.relative.collision_probability_method = Some("FOSTER-1992".into());
    for enc in [Encoding::Kvn, Encoding::Xml] {
        let text = cdm::write(&c, enc);
        let back = cdm::read(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
        assert_eq!(back, c);
        assert_eq!(back.hbr_m(), Some(10.0));
    }
    assert_eq!(c.object1.metadata.catalog_number(), Some(25544));
    assert_eq!(c.object2.metadata.catalog_number(), Some(99999));
    let cov = c.object1.data.rtn_covariance.as_ref().unwrap();
    assert_eq!(cov.position_velocity(), m);
    assert_eq!(
        c.object2.data.state_vector.position_km(),
        [7000.1, -2000.0, 6000.0]
    );
    let kvn = cdm::write_kvn(&c);
    assert!(kvn.contains("TCA                                 = 2024-01-02T03:04:05.678901\n"));
    assert!(kvn.contains("MANEUVERABLE                        = N/A\n"));
}

/// A line break in an XML value stays in XML and becomes a blank in KVN, whose values are one
/// line (found by the `cdm_xml` fuzz target).
#[test]
fn line_breaks_in_values() {
    let xml = data("orekit/CDMExample1.xml").replacen(
        "<EPHEMERIS_NAME>NONE</EPHEMERIS_NAME>",
        "<EPHEMERIS_NAME>NO\nNE\r\nX</EPHEMERIS_NAME>",
        1,
    );
    let c = cdm::read(&xml).unwrap();
    assert_eq!(c.object2.metadata.ephemeris_name, "NO\nNE\nX");
    assert_eq!(cdm::read(&cdm::write_xml(&c)).unwrap(), c);
    let k = cdm::read(&cdm::write_kvn(&c)).unwrap();
    assert_eq!(k.object2.metadata.ephemeris_name, "NO NE X");
}
