//! `uitkijk reentry` through its command-line contract, on real objects of the 2013-10-23
//! catalog with their SATCAT decay days (see `crates/sda/tests/data/reentry/SOURCE.md`).

#[path = "support/run.rs"]
mod run;

use run::uitkijk;

const TLES: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../sda/tests/data/reentry/snapshot_2013_cases.tle"
);

#[test]
fn csv_contract_and_a_real_decay_inside_the_window() {
    // COSMOS 886 DEB (9957) decayed 2014-08-03 (SATCAT); FALCON 9 DEB (39277) 2013-11-14.
    // (9889, a GTO-like debris whose 100 B* members run the whole horizon, cost ~5 s here.)
    // `--region none`: the ground track behind the default NL,EU columns costs ~2 s an object
    // over these months-long windows in the test build; regions have their own test below.
    let (code, out, err) = uitkijk(&["reentry", TLES, "--ids", "39277,9957", "--region", "none"]);
    assert_eq!(code, 0, "{err}");
    let mut lines = out.lines();
    let header = lines.next().unwrap();
    assert!(header
        .starts_with("norad_id,predicted_utc,window_start_utc,window_end_utc,last_epoch_utc,"));
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[1][0], "39277");
    let row = &rows[0];
    assert_eq!(row[0], "9957");
    // ISO UTC with milliseconds; the SATCAT day lies between window start and end.
    assert!(
        row[2].as_bytes()[4] == b'-' && row[2].ends_with('Z'),
        "{row:?}"
    );
    assert!(row[2] <= "2014-08-04" && row[3] >= "2014-08-03", "{row:?}");
    assert!(row[2] <= row[1] && row[1] <= row[3], "{row:?}");
    assert!(err.contains("reentry: 2 object(s)"), "{err}");
}

#[test]
fn json_carries_the_event_and_at_limits_the_history() {
    let (code, out, err) = uitkijk(&[
        "reentry", TLES, "--ids", "9957", "--region", "none", "--format", "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v[0]["norad_id"], 9957);
    assert_eq!(v[0]["event"]["kind"], "reentry");
    // As of a moment before its only element set there is nothing to predict from.
    let (code, out, _) = uitkijk(&[
        "reentry",
        TLES,
        "--ids",
        "9957",
        "--at",
        "2013-01-01T00:00:00Z",
    ]);
    assert_eq!(code, 0);
    assert!(
        out.lines().nth(1).unwrap().contains("no element set"),
        "{out}"
    );
}

#[test]
fn bad_arguments_exit_2() {
    let (code, _, err) = uitkijk(&["reentry", TLES, "--at", "yesterday"]);
    assert_eq!(code, 2);
    assert!(err.contains("--at"), "{err}");
    let (code, _, _) = uitkijk(&["reentry", TLES, "--horizon-days", "-1"]);
    assert_eq!(code, 2);
    let (code, _, _) = uitkijk(&["reentry", TLES, "--ids", "1"]);
    assert_eq!(code, 2);
}

#[test]
fn regions_columns_map_and_atmosphere() {
    let dir = std::env::temp_dir().join(format!("uitkijk-reentry-map-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let svg = dir.join("map.svg");
    // A GeoJSON box over the whole latitude band the object flies: every window is overflown.
    let band = dir.join("band.geojson");
    std::fs::write(
        &band,
        r#"{"type":"Polygon","coordinates":[[[-179,-60],[179,-60],[179,60],[-179,60],[-179,-60]]]}"#,
    )
    .unwrap();
    // SL-3 R/B 10861 (SATCAT decay 2013-11-15): a window of ~2.5 weeks, tracked at 20 s.
    let (code, out, err) = uitkijk(&[
        "reentry",
        TLES,
        "--ids",
        "10861",
        "--region",
        &format!("NL,EU,{}", band.display()),
        "--svg",
        svg.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let mut lines = out.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    assert!(header.ends_with(&[
        "NL_passes",
        "NL_first_utc",
        "NL_last_utc",
        "EU_passes",
        "EU_first_utc",
        "EU_last_utc",
        "band_passes",
        "band_first_utc",
        "band_last_utc"
    ]));
    let row: Vec<&str> = lines.next().unwrap().split(',').collect();
    assert_eq!(row.len(), header.len(), "{row:?}");
    let band_passes: usize = row[row.len() - 3].parse().unwrap();
    assert!(band_passes >= 1, "{row:?}");
    // The first crossing lies inside the window.
    let first = row[row.len() - 2];
    assert!(first >= row[2] && first <= row[3], "{row:?}");
    let text = std::fs::read_to_string(&svg).unwrap();
    assert!(
        text.starts_with("<svg") && text.contains("Re-entry of 10861"),
        "{}",
        &text[..200]
    );
    assert!(text.trim_end().ends_with("</svg>"));
    // NRLMSISE-00 on request, named in the JSON; its window holds the SATCAT decay day too.
    let (code, out, err) = uitkijk(&[
        "reentry",
        TLES,
        "--ids",
        "10861",
        "--region",
        "none",
        "--atmosphere",
        "msis",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v[0]["atmosphere"], "msis");
    assert!(v[0]["predicted_utc"].is_string(), "{out}");
    let (from, to) = (
        v[0]["window_start_utc"].as_str().unwrap_or(""),
        v[0]["window_end_utc"].as_str().unwrap_or(""),
    );
    assert!(from <= "2013-11-16" && to >= "2013-11-15", "{out}");
    // Unknown regions are bad input.
    let (code, _, err) = uitkijk(&["reentry", TLES, "--ids", "9957", "--region", "Atlantis"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--region"), "{err}");
}
