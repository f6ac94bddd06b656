//! `uitkijk proximity` end to end on the GEO objects of the 2022-01-22 catalog (the sda
//! crate's test data; see crates/sda/tests/data/proximity/SOURCE.md).

#[path = "support/run.rs"]
mod run;
use run::uitkijk;

fn geo() -> String {
    format!(
        "{}/../sda/tests/data/proximity/geo_2022-01-22.tle.gz",
        env!("CARGO_MANIFEST_DIR")
    )
}

const HEADER: &str = "asset_id,neighbour_id,kind,start_utc,end_utc,duration_s,tca_utc,min_range_km,radial_km,in_track_km,cross_track_km,rel_speed_km_s,lon_separation_deg,rel_drift_deg_day,trend,trend_change_km,trend_ranges_km";

#[test]
fn astra_19_2_east_cluster_in_csv_and_json() {
    let g = geo();
    let args = [
        "proximity",
        g.as_str(),
        "--assets",
        "37775",
        "--start",
        "2022-01-22T00:00:00Z",
        "--days",
        "1",
    ];
    let (code, out, err) = uitkijk(&args);
    assert_eq!(code, 0, "{err}");
    let mut lines = out.lines();
    assert_eq!(lines.next(), Some(HEADER));
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    assert!(rows.iter().all(|r| r.len() == 17 && r[0] == "37775"));
    let mut colocated: Vec<&str> = rows
        .iter()
        .filter(|r| r[2] == "geo-colocated")
        .map(|r| r[1])
        .collect();
    colocated.sort();
    // Astra 1KR, 1L, 1M share 19.2°E with Astra 1N.
    assert_eq!(colocated, ["29055", "31306", "33436"]);
    assert!(rows.iter().any(|r| r[2] == "pass" && r[1] == "33436"));
    assert!(err.contains("uitkijk: watched 1 asset(s)"), "{err}");

    let mut json_args = args.to_vec();
    json_args.extend(["--format", "json"]);
    let (code, out, err) = uitkijk(&json_args);
    assert_eq!(code, 0, "{err}");
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["rows"].as_array().unwrap().len(), rows.len());
    let events = doc["events"].as_array().unwrap();
    assert!(!events.is_empty());
    assert!(events.iter().all(|e| e["kind"] == "proximity"));
}

#[test]
fn bad_input_exits_2() {
    let g = geo();
    for (extra, why) in [
        (
            vec!["--assets", "37775", "--ellipsoid-km", "1,2"],
            "ellipsoid",
        ),
        (vec!["--assets", "1"], "not in the catalog"),
        (vec!["--assets", "37775", "--days", "0"], "--days"),
        (vec!["--assets", "37775", "--start", "yesterday"], "--start"),
    ] {
        let mut args = vec!["proximity", g.as_str()];
        args.extend(extra);
        let (code, _, err) = uitkijk(&args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(err.contains(why), "{err}");
    }
    let (code, _, err) = uitkijk(&["proximity", "/nonexistent.tle", "--assets", "1"]);
    assert_eq!(code, 2);
    assert!(err.contains("/nonexistent.tle"));
}
