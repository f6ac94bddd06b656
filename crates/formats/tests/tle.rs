//! TLE/3LE reader and writer against real files and generated cases.

use proptest::prelude::*;
use uitkijk_formats::{tle, ElementSet, FormatErrorKind};
use uitkijk_time::{epoch_from_tle, format_utc_micros};

const TOUGH: &str = include_str!("data/vallado/tough.tle");

/// Vallado's `tough.tle`: 121 element sets written with every legal oddity (leading `+`,
/// leading zeros, 68-column lines without checksum). All must read, none may warn.
#[test]
fn given_valladas_tough_tle_when_read_then_every_set_reads() {
    let p = tle::read(TOUGH);
    assert!(p.errors.is_empty(), "{:?}", p.errors);
    assert!(p.warnings.is_empty(), "{:?}", p.warnings);
    assert_eq!(p.sets.len(), 121);
    // First record: "1 00552U 61015GM  08064.87325269 +.00000499 +00000-0 +47652-3 0 0413"
    let s = &p.sets[0];
    assert_eq!(s.norad_id, 552);
    assert_eq!(s.object_id.as_deref(), Some("1961-015GM"));
    assert_eq!(s.mean_motion_dot_rev_day2, 0.00000499);
    assert_eq!(s.mean_motion_ddot_rev_day3, 0.0);
    assert_eq!(s.bstar_per_er, 0.47652e-3);
    assert_eq!(s.inclination_deg, 67.7493);
    assert_eq!(s.raan_deg, 253.6703);
    assert_eq!(s.eccentricity, 0.0095155);
    assert_eq!(s.mean_motion_rev_day, 13.85924002);
    assert_eq!(format_utc_micros(s.epoch), "2008-03-04T20:57:29.032416Z");
}

/// The Vallado verification set carries its time ranges after column 69 and three hand-made
/// error cases (33333–33335) whose checksums were not updated: they read, with a warning each.
#[test]
fn given_the_verification_set_when_read_then_extra_columns_are_ignored() {
    let text = include_str!("../../propagate/tests/data/SGP4-VER.TLE");
    let p = tle::read(text);
    assert!(p.errors.is_empty(), "{:?}", p.errors);
    assert_eq!(p.sets.len(), 33);
    let ids: Vec<usize> = p.warnings.iter().map(|w| w.line()).collect();
    // Both lines of 33333 and 33335, line 1 of 33334.
    assert_eq!(ids, [100, 101, 103, 106, 107]);
    for w in &p.warnings {
        assert_eq!(w.field(), "checksum");
        assert!(matches!(w.kind(), FormatErrorKind::Checksum { .. }));
    }
}

#[test]
fn given_malformed_lines_when_read_then_each_error_names_line_and_field() {
    let good1 = "1 25544U 98067A   08264.51782528 -.00002182  00000-0 -11606-4 0  2927";
    let good2 = "2 25544  51.6416 247.4627 0006703 130.5360 325.0288 15.72125391563537";
    let cases: Vec<(String, String, usize, &str)> = vec![
        // inclination beyond 180
        (
            good1.into(),
            fix("2 25544 251.6416 247.4627 0006703 130.5360 325.0288 15.72125391563537"),
            2,
            "inclination",
        ),
        // letter in the mean motion
        (
            good1.into(),
            fix("2 25544  51.6416 247.4627 0006703 130.5360 325.0288 15.7212539x563537"),
            2,
            "mean motion",
        ),
        // bad exponent in B*
        (
            fix("1 25544U 98067A   08264.51782528 -.00002182  00000-0 -11606-x 0  2927"),
            good2.into(),
            1,
            "bstar",
        ),
        // Alpha-5 with a forbidden letter
        (
            fix("1 I5544U 98067A   08264.51782528 -.00002182  00000-0 -11606-4 0  2927"),
            good2.into(),
            1,
            "catalog number",
        ),
        // day of year 0
        (
            fix("1 25544U 98067A   08000.51782528 -.00002182  00000-0 -11606-4 0  2927"),
            good2.into(),
            1,
            "epoch day",
        ),
        // truncated
        (good1[..50].into(), good2.into(), 1, "line"),
    ];
    for (l1, l2, line, field) in cases {
        let text = format!("0 NAME\n{l1}\n{l2}\n");
        let p = tle::read(&text);
        assert!(p.sets.is_empty(), "{l1} / {l2}");
        assert_eq!(p.errors.len(), 1);
        let e = &p.errors[0];
        assert_eq!((e.line(), e.field()), (line + 1, field), "{e}");
    }
}

/// Recompute the checksum of a hand-edited line so that only the intended fault remains.
fn fix(line: &str) -> String {
    let body = &line[..68];
    format!("{body}{}", tle::checksum(body.as_bytes()))
}

prop_compose! {
    /// Element sets at exactly the precision a TLE carries, so writing and reading them back
    /// must give the same numbers bit for bit.
    fn tle_exact_set()(
        norad_id in 0u32..=339_999,
        class in prop::sample::select(vec!['U', 'C', 'S']),
        yy in 0u32..100, launch in 1u32..1000, piece in "[A-Z]{1,3}",
        year in 0u32..100, day_e8 in 100_000_000u64..36_500_000_000,
        ndot_e8 in -99_999_999i64..99_999_999,
        nddot in (any::<bool>(), 10_000u32..100_000, -9i32..=9),
        bstar in (any::<bool>(), 10_000u32..100_000, -9i32..=9),
        eph in 0u8..10, set_no in 0u32..10_000,
        angles in (0u32..=1_800_000, 0u32..3_600_000, 0u32..3_600_000, 0u32..3_600_000),
        ecc in 0u32..10_000_000, n_e8 in 1u64..9_999_999_999, rev in 0u32..100_000,
    ) -> ElementSet {
        let dec4 = |k: u32| format!("{}.{:04}", k / 10_000, k % 10_000).parse::<f64>().unwrap();
        let implied = |(neg, m, e): (bool, u32, i32)| {
            let v: f64 = format!("0.{m:05}e{e}").parse().unwrap();
            if m == 0 { 0.0 } else if neg { -v } else { v }
        };
        let day = format!("{}.{:08}", day_e8 / 100_000_000, day_e8 % 100_000_000).parse().unwrap();
        let ndot: f64 = format!("0.{:08}", ndot_e8.unsigned_abs()).parse().unwrap();
        ElementSet {
            object_name: None,
            object_id: Some(format!("{}-{launch:03}{piece}", if yy < 57 { 2000 + yy } else { 1900 + yy })),
            norad_id,
            object_type: None,
            classification: class,
            epoch: epoch_from_tle(year, day).unwrap(),
            mean_motion_rev_day: format!("{}.{:08}", n_e8 / 100_000_000, n_e8 % 100_000_000).parse().unwrap(),
            eccentricity: format!("0.{ecc:07}").parse().unwrap(),
            inclination_deg: dec4(angles.0),
            raan_deg: dec4(angles.1),
            arg_perigee_deg: dec4(angles.2),
            mean_anomaly_deg: dec4(angles.3),
            mean_motion_dot_rev_day2: if ndot_e8 < 0 { -ndot } else { ndot },
            mean_motion_ddot_rev_day3: implied(nddot),
            bstar_per_er: implied(bstar),
            ephemeris_type: eph,
            element_set_no: set_no,
            rev_at_epoch: rev,
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn tle_round_trips(set in tle_exact_set(), name in proptest::option::of("[A-Z0-9 ()/-]{1,24}")) {
        let mut set = set;
        set.object_name = name.map(|n| n.trim().to_string()).filter(|n| !n.is_empty() && !n.starts_with("1 ") && !n.starts_with("2 "));
        let text = tle::write(std::slice::from_ref(&set), true).map_err(|e| TestCaseError::fail(format!("{e} {set:?}")))?;
        let p = tle::read(&text);
        prop_assert!(p.errors.is_empty() && p.warnings.is_empty(), "{:?} {:?}\n{}", p.errors, p.warnings, text);
        prop_assert_eq!(&p.sets[0], &set, "{}", text);
    }

    #[test]
    fn arbitrary_text_never_panics(text in ".{0,400}") {
        let _ = tle::read(&text);
    }

    #[test]
    fn arbitrary_bytes_in_tle_columns_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..140)) {
        let s = String::from_utf8_lossy(&bytes);
        let _ = tle::read(&s);
        let (a, b) = s.split_at(s.char_indices().nth(s.chars().count() / 2).map(|(i, _)| i).unwrap_or(0));
        let _ = tle::parse_lines(a, b);
        let _ = tle::parse_lines(&format!("1 {a}"), &format!("2 {b}"));
    }

    /// Mutate one byte of a real TLE: the reader either reads something or names a field; it
    /// never panics.
    #[test]
    fn one_byte_mutations_never_panic(pos in 0usize..139, byte in any::<u8>()) {
        let mut text = b"1 25544U 98067A   08264.51782528 -.00002182  00000-0 -11606-4 0  2927\n2 25544  51.6416 247.4627 0006703 130.5360 325.0288 15.72125391563537".to_vec();
        text[pos] = byte;
        let s = String::from_utf8_lossy(&text);
        let _ = tle::read(&s);
    }
}

proptest! {
    /// Format detection plus every reader behind it: arbitrary bytes never panic, whichever
    /// encoding the first characters suggest.
    #[test]
    fn read_any_never_panics(
        prefix in prop::sample::select(vec!["", "<", "[", "{", "CCSDS_OMM_VERS = 2.0\n", "NORAD_CAT_ID,MEAN_MOTION\n", "1 ", "0 NAME\n1 "]),
        bytes in prop::collection::vec(any::<u8>(), 0..600),
    ) {
        let text = format!("{prefix}{}", String::from_utf8_lossy(&bytes));
        let _ = uitkijk_formats::read_any(&text);
    }
}
