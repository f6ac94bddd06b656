//! `uitkijk maneuvers` through its command-line contract, on a real Sentinel-3A history with
//! the operator's manoeuvre log (see `crates/sda/tests/data/maneuver/SOURCE.md`).

#[path = "support/run.rs"]
mod run;

use std::io::Read;

use run::uitkijk;

const S3A: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../sda/tests/data/maneuver/Sentinel-3A.tle.gz"
);

fn tmp(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("uitkijk-maneuvers-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

#[test]
fn csv_header_rows_and_a_known_burn() {
    let (code, out, err) = uitkijk(&["maneuvers", S3A]);
    assert_eq!(code, 0, "{err}");
    let mut lines = out.lines();
    assert_eq!(
        lines.next().unwrap(),
        "norad_id,epoch_utc,kind,dv_m_s,epoch_sigma_s,dv_along_m_s,dv_cross_m_s,delta_a_km,delta_i_deg,snr,confirmed,before_epoch_utc,after_epoch_utc"
    );
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    assert!(rows.len() >= 15, "{}", rows.len());
    let mut prev = String::new();
    for r in &rows {
        assert_eq!(r[0], "41335");
        assert!(
            ["in-plane", "out-of-plane", "both"].contains(&r[2]),
            "{r:?}"
        );
        assert!(r[1].ends_with('Z') && r[1].len() == 24, "{r:?}");
        assert!(r[3].parse::<f64>().unwrap() > 0.0);
        assert!(r[1] > prev.as_str(), "sorted by time");
        prev = r[1].to_string();
    }
    // EUMETSAT's inclination burn of 2017 day 249 (6 September) 10:22–10:33 UTC
    // (s3aman.txt): found within an hour, out of plane.
    let burn = rows
        .iter()
        .find(|r| r[1].starts_with("2017-09-06T1"))
        .expect("the 2017-09-06 burn is reported");
    assert_ne!(burn[2], "in-plane");
    assert!(err.contains("uitkijk maneuvers:"), "summary line: {err}");
}

#[test]
fn json_carries_rows_and_events() {
    let (code, out, err) = uitkijk(&["maneuvers", S3A, "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let rows = v["maneuvers"].as_array().unwrap();
    let events = v["events"].as_array().unwrap();
    assert_eq!(rows.len(), events.len());
    assert_eq!(events[0]["kind"], "maneuver");
    assert_eq!(events[0]["norad_ids"][0], 41335);
    assert!(rows[0]["dv_m_s"].as_f64().unwrap() > 0.0);
}

#[test]
fn gzip_input_and_ids() {
    let mut gz = Vec::new();
    std::fs::File::open(S3A)
        .unwrap()
        .read_to_end(&mut gz)
        .unwrap();
    let path = tmp("s3a.tle.gz");
    std::fs::write(&path, &gz).unwrap();
    let (code, out, _) = uitkijk(&["maneuvers", path.to_str().unwrap(), "--ids", "41335"]);
    assert_eq!(code, 0);
    assert!(out.lines().count() > 10);
    let (code, _, err) = uitkijk(&["maneuvers", path.to_str().unwrap(), "--ids", "12345"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("12345"), "{err}");
}

#[test]
fn bad_input_exits_2_with_file_and_line() {
    let path = tmp("bad.tle");
    std::fs::write(
        &path,
        "1 41335U 16011A   17001.50000000  .00000000  00000-0  00000-0 0  9990\n\
         2 41335  98.6X00 100.0000 0001000  90.0000 270.0000 14.26700000    10\n",
    )
    .unwrap();
    let (code, _, err) = uitkijk(&["maneuvers", path.to_str().unwrap()]);
    assert_eq!(code, 2, "{err}");
    let p = path.to_str().unwrap();
    assert!(err.contains(&format!("{p}:2")), "file and line: {err}");
    let (code, _, err) = uitkijk(&["maneuvers", "/nonexistent/history.tle"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("/nonexistent/history.tle"));
}
