//! `uitkijk newobjects` end to end on excerpts of the 2013-10-23 and 2019-12-19 catalogs and
//! the 2019-07-30 SATCAT (the sda crate's test data; see
//! crates/sda/tests/data/newobjects/SOURCE.md).

#[path = "support/run.rs"]
mod run;
use run::uitkijk;

fn data(name: &str) -> String {
    format!(
        "{}/../sda/tests/data/newobjects/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}

#[test]
fn csv_rows_and_json_document() {
    let (old, new, sc) = (
        data("catalog_2013-10-23_39000-39999.tle.gz"),
        data("catalog_2019-12-19_39000-39999.tle.gz"),
        data("satcat_2019-07-30_39000-39999.csv.gz"),
    );
    let (code, out, err) = uitkijk(&["newobjects", &old, &new, "--satcat", &sc]);
    assert_eq!(code, 0, "{err}");
    let mut lines = out.lines();
    assert_eq!(
        lines.next(),
        Some("kind,norad_id,object_id,name,launch_id,group_size,group_regime,regime,perigee_km,apogee_km,epoch_utc,date_utc,detail")
    );
    let rows: Vec<&str> = lines.collect();
    // Sentinel-1A (39634, 2014-016A) is new, launched 2014-04-03, in LEO.
    let s1a = rows
        .iter()
        .find(|r| r.starts_with("new,39634,"))
        .expect("Sentinel-1A is new");
    assert!(s1a.contains(",2014-016,"), "{s1a}");
    assert!(s1a.contains(",LEO,"), "{s1a}");
    assert!(s1a.contains("2014-04-03T00:00:00.000Z"), "{s1a}");
    assert!(rows.iter().any(|r| r.starts_with("lost-decayed,")));
    assert!(err.contains("new objects in"), "{err}");

    let (code, out, err) = uitkijk(&["newobjects", &old, &new, "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(!doc["launches"].as_array().unwrap().is_empty());
    // Without a SATCAT nothing can be called decayed.
    assert!(doc["lost"]
        .as_array()
        .unwrap()
        .iter()
        .all(|l| l["status"] == "unknown"));
}

#[test]
fn bad_satcat_exits_2() {
    let old = data("catalog_2013-10-23_39000-39999.tle.gz");
    let (code, _, err) = uitkijk(&["newobjects", &old, &old, "--satcat", &old]);
    assert_eq!(code, 2);
    assert!(err.contains("not a SATCAT"), "{err}");
    let (code, _, _) = uitkijk(&["newobjects", &old]);
    assert_eq!(code, 2);
}
