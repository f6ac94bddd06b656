//! SATCAT CSV reader: the real CelesTrak catalog (2019 import), CelesTrak's current column
//! layout, bad rows with line and field, and a property test that no input panics.

use proptest::prelude::*;
use uitkijk_formats::satcat::{self, launch_of, Satcat};
use uitkijk_formats::{FormatErrorKind, ObjectType};
use uitkijk_time::{format_utc_millis, Epoch};

const TRUSAT: &str = include_str!("data/satcat/satcat_trusat_excerpt.csv");

fn day(y: i32, m: u8, d: u8) -> Option<Epoch> {
    Some(Epoch::from_gregorian_utc_at_midnight(y, m, d))
}

#[test]
fn reads_the_real_catalog_excerpt() {
    assert!(satcat::detect(TRUSAT));
    let read = satcat::read(TRUSAT).unwrap();
    assert!(read.errors.is_empty(), "{:?}", read.errors);
    assert_eq!(read.entries.len(), 59);
    let cat = Satcat::new(read.entries);

    // Facts of the public record (SATCAT; launch and decay dates of Sputnik 1).
    let sputnik = cat.get(2).unwrap();
    assert_eq!(sputnik.name, "SPUTNIK 1");
    assert_eq!(sputnik.cospar_id, "1957-001B");
    assert_eq!(sputnik.launch_id(), "1957-001");
    assert_eq!(sputnik.object_type, ObjectType::Payload);
    assert_eq!(sputnik.owner, "CIS");
    assert_eq!(sputnik.launch_date, day(1957, 10, 4));
    assert_eq!(sputnik.decay_date, day(1958, 1, 3));
    assert_eq!(sputnik.rcs_m2, None, "-1 means not known");

    let rb = cat.get(1).unwrap();
    assert_eq!(rb.object_type, ObjectType::RocketBody);

    // Cosmos 1408: in orbit in 2019, destroyed by the 2021-11-15 ASAT test.
    let c1408 = cat.get(13552).unwrap();
    assert_eq!(c1408.name, "COSMOS 1408");
    assert_eq!(c1408.decay_date, None);
    assert_eq!(c1408.inclination_deg, Some(82.6));
    assert_eq!(c1408.apogee_km, Some(496.0));
    assert_eq!(c1408.perigee_km, Some(472.0));

    // USA 193: intercepted 2008-02-21, catalogued as decayed 2008-02-29; the dump has -1 for
    // its unknown orbit.
    let usa193 = cat.get(29651).unwrap();
    assert_eq!(usa193.owner, "US");
    assert_eq!(usa193.decay_date, day(2008, 2, 29));
    assert_eq!(usa193.period_min, None);
    assert_eq!(usa193.perigee_km, None);

    let fy = cat.get(25730).unwrap();
    assert_eq!(fy.owner, "PRC");
    let fy_debris = cat
        .entries()
        .filter(|e| e.launch_id() == "1999-025" && e.object_type == ObjectType::Debris)
        .count();
    assert_eq!(fy_debris, 35);
}

#[test]
fn reads_celestraks_current_layout() {
    // CelesTrak's SATCAT CSV columns (celestrak.org/satcat/satcat-format.php); the ISS row
    // with the public facts of Zarya (launch 1998-11-20 from Baikonur, TTMTR).
    let text = "OBJECT_NAME,OBJECT_ID,NORAD_CAT_ID,OBJECT_TYPE,OPS_STATUS_CODE,OWNER,LAUNCH_DATE,\
LAUNCH_SITE,DECAY_DATE,PERIOD,INCLINATION,APOGEE,PERIGEE,RCS,DATA_STATUS_CODE,ORBIT_CENTER,ORBIT_TYPE\n\
ISS (ZARYA),1998-067A,25544,PAY,+,ISS,1998-11-20,TTMTR,,92.9,51.64,422,417,,,EA,ORB\n\
SL-14 R/B,1982-092B,13553,R/B,D,CIS,1982-09-16,PKMTR,1982-10-07,,,,,,,EA,IMP\n";
    assert!(satcat::detect(text));
    let read = satcat::read(text).unwrap();
    assert!(read.errors.is_empty(), "{:?}", read.errors);
    let iss = &read.entries[0];
    assert_eq!(iss.norad_id, 25544);
    assert_eq!(iss.object_type, ObjectType::Payload);
    assert_eq!(iss.launch_site.as_deref(), Some("TTMTR"));
    assert_eq!(iss.decay_date, None);
    assert_eq!(iss.period_min, Some(92.9));
    assert_eq!(
        format_utc_millis(iss.launch_date.unwrap()),
        "1998-11-20T00:00:00.000Z"
    );
    assert_eq!(read.entries[1].object_type, ObjectType::RocketBody);
    assert_eq!(read.entries[1].decay_date, day(1982, 10, 7));
}

#[test]
fn bad_rows_are_reported_with_line_and_field_and_skipped() {
    let text = "intl_desg,norad_num,payload_flag,name,source,launch_date,decay_date,apogee\n\
1957-001A,1,0,SL-1 R/B,CIS,1957-10-04,1957-12-01,938\n\
1957-001B,x2,1,SPUTNIK 1,CIS,1957-10-04,1958-01-03,945\n\
1957-002A,3,1,SPUTNIK 2,CIS,1957-13-03,1958-04-14,1659\n\
1958-001A,4,1,EXPLORER 1,US,1958-02-01,1970-03-31,2.1.5\n";
    let read = satcat::read(text).unwrap();
    assert_eq!(read.entries.len(), 1);
    let where_: Vec<(usize, &str)> = read.errors.iter().map(|e| (e.line(), e.field())).collect();
    assert_eq!(
        where_,
        vec![(3, "NORAD_CAT_ID"), (4, "LAUNCH_DATE"), (5, "APOGEE")]
    );
    assert!(matches!(
        read.errors[0].kind(),
        FormatErrorKind::BadNumber(t) if t == "x2"
    ));
}

#[test]
fn a_header_without_catalog_numbers_is_refused() {
    let err = satcat::read("OBJECT_NAME,OBJECT_ID\nISS,1998-067A\n").unwrap_err();
    assert_eq!(err.field(), "NORAD_CAT_ID");
    assert!(!satcat::detect("1 25544U 98067A\n"));
}

#[test]
fn launch_of_short_designators() {
    assert_eq!(launch_of("2022-001A"), "2022-001");
    assert_eq!(launch_of("2022-001ABC"), "2022-001");
    assert_eq!(launch_of("22-1"), "22-1");
}

proptest! {
    #[test]
    fn arbitrary_text_never_panics(body in "\\PC{0,400}") {
        let text = format!("intl_desg,norad_num,payload_flag,name,launch_date,decay_date\n{body}");
        let _ = satcat::read(&text);
        let _ = satcat::read(&body);
    }

    #[test]
    fn written_rows_read_back(
        norad in 1u32..999_999_999,
        year in 1957i32..2100,
        month in 1u8..=12,
        dom in 1u8..=28,
        apogee in 0.0f64..400_000.0,
        name in "[A-Z0-9 /()-]{1,24}",
    ) {
        let launch = format!("{year:04}-{month:02}-{dom:02}");
        let text = format!(
            "OBJECT_NAME,OBJECT_ID,NORAD_CAT_ID,OBJECT_TYPE,LAUNCH_DATE,APOGEE\n\
             \"{name}\",{year:04}-001A,{norad},DEB,{launch},{apogee:?}\n"
        );
        let read = satcat::read(&text).unwrap();
        prop_assert!(read.errors.is_empty(), "{:?}", read.errors);
        let e = &read.entries[0];
        prop_assert_eq!(e.norad_id, norad);
        prop_assert_eq!(&e.name, name.trim());
        prop_assert_eq!(e.apogee_km, Some(apogee));
        prop_assert_eq!(e.launch_date, day(year, month, dom));
        prop_assert_eq!(e.object_type, ObjectType::Debris);
    }
}
