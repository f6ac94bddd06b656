//! Property tests of the OMM readers and writers: any valid element set written in any
//! encoding reads back identical, and no input whatever makes a reader panic.

use proptest::prelude::*;
use uitkijk_formats::omm::{self, Encoding};
use uitkijk_formats::{ElementSet, ObjectType};
use uitkijk_time::parse_utc;

const ENCODINGS: [Encoding; 4] = [Encoding::Kvn, Encoding::Xml, Encoding::Json, Encoding::Csv];

/// A UTC epoch with whole microseconds (what the writers keep), 1957 to 2099.
fn epoch() -> impl Strategy<Value = uitkijk_time::Epoch> {
    (
        1957i32..2100,
        1u32..13,
        1u32..29,
        0u32..24,
        0u32..60,
        0u32..60,
        0u32..1_000_000,
    )
        .prop_map(|(y, mo, d, h, mi, s, us)| {
            parse_utc(&format!(
                "{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}.{us:06}"
            ))
            .unwrap()
        })
}

/// Any finite value in `range`, with small magnitudes (drag terms) well represented.
fn small_or(range: std::ops::Range<f64>) -> impl Strategy<Value = f64> {
    prop_oneof![range, -1e-9..1e-9, Just(0.0)]
}

/// Names as catalogs hold them, with the characters each encoding must escape or quote
/// (`&<>"',`), but trimmed and on one line, as every encoding stores a name.
fn name() -> impl Strategy<Value = Option<String>> {
    proptest::option::of("[A-Z0-9Ж][A-Za-z0-9 ()/&<>'\",.+\\[\\]=Ж-]{0,22}[A-Z0-9)\\]]")
}

fn object_type() -> impl Strategy<Value = Option<ObjectType>> {
    proptest::option::of(prop_oneof![
        Just(ObjectType::Payload),
        Just(ObjectType::RocketBody),
        Just(ObjectType::Debris),
        Just(ObjectType::Unknown),
    ])
}

prop_compose! {
    fn element_set()(
        object_name in name(),
        object_id in proptest::option::of("[12][0-9]{3}-[0-9]{3}[A-Z]{1,3}"),
        norad_id in 0u32..=999_999_999,
        object_type in object_type(),
        classification in prop_oneof![Just('U'), Just('C'), Just('S')],
        epoch in epoch(),
        mean_motion_rev_day in 0.001f64..20.0,
        eccentricity in prop_oneof![0.0f64..1.0, Just(0.0)],
        inclination_deg in prop_oneof![0.0f64..=180.0, Just(180.0)],
        raan_deg in 0.0f64..360.0,
        arg_perigee_deg in 0.0f64..360.0,
        mean_anomaly_deg in 0.0f64..360.0,
        mean_motion_dot_rev_day2 in small_or(-1.0..1.0),
        mean_motion_ddot_rev_day3 in small_or(-1.0..1.0),
        bstar_per_er in small_or(-10.0..10.0),
        ephemeris_type in 0u8..=9,
        element_set_no in any::<u32>(),
        rev_at_epoch in any::<u32>(),
    ) -> ElementSet {
        ElementSet {
            object_name, object_id, norad_id, object_type, classification, epoch,
            mean_motion_rev_day, eccentricity, inclination_deg, raan_deg, arg_perigee_deg,
            mean_anomaly_deg, mean_motion_dot_rev_day2, mean_motion_ddot_rev_day3, bstar_per_er,
            ephemeris_type, element_set_no, rev_at_epoch,
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn write_then_read_is_identity(sets in proptest::collection::vec(element_set(), 0..4)) {
        for enc in ENCODINGS {
            let text = omm::write(&sets, enc);
            let back = omm::read(&text);
            prop_assert!(back.errors.is_empty(), "{:?}: {:?}\n{}", enc, back.errors, text);
            prop_assert_eq!(&back.sets, &sets, "{:?}\n{}", enc, text);
        }
    }

    #[test]
    fn kvn_never_panics(s in "\\PC*") {
        let _ = omm::read_kvn(&s);
    }

    #[test]
    fn xml_never_panics(s in "\\PC*") {
        let _ = omm::read_xml(&s);
    }

    #[test]
    fn json_never_panics(s in "\\PC*") {
        let _ = omm::read_json(&s);
    }

    #[test]
    fn csv_never_panics(s in "\\PC*") {
        let _ = omm::read_csv(&s);
    }

    #[test]
    fn any_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        let s = String::from_utf8_lossy(&bytes);
        let _ = omm::read(&s);
        let _ = omm::read_kvn(&s);
        let _ = omm::read_xml(&s);
        let _ = omm::read_json(&s);
        let _ = omm::read_csv(&s);
    }

    /// Valid files cut short or with one byte changed: the structured near-misses that
    /// random strings seldom reach.
    #[test]
    fn damaged_files_never_panic(
        set in element_set(),
        cut in any::<prop::sample::Index>(),
        at in any::<prop::sample::Index>(),
        byte in prop_oneof![Just(b'<'), Just(b'"'), Just(b'='), Just(b','), Just(b'{'),
                            Just(b'&'), Just(b'\n'), Just(b'9'), Just(b'-'), Just(b'.')],
    ) {
        for enc in ENCODINGS {
            let text = omm::write(&[set.clone(), set.clone()], enc);
            let mut bytes = text.into_bytes();
            let i = at.index(bytes.len());
            bytes[i] = byte;
            let n = cut.index(bytes.len() + 1);
            let s = String::from_utf8_lossy(&bytes[..n]);
            let p = omm::read(&s);
            // Whatever happens, nothing is both read and refused more often than there are
            // records, and every error has a line.
            prop_assert!(p.sets.len() <= 2);
            for e in &p.errors {
                prop_assert!(e.line() >= 1, "{:?}: {}", enc, e);
            }
        }
    }
}
