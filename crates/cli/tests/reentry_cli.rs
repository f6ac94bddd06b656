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
    // COSMOS 886 DEB (9957) decayed 2014-08-03 (SATCAT); 9889 (COSMOS 862 DEB) 2014-05-29.
    let (code, out, err) = uitkijk(&["reentry", TLES, "--ids", "9957,9889"]);
    assert_eq!(code, 0, "{err}");
    let mut lines = out.lines();
    let header = lines.next().unwrap();
    assert!(header
        .starts_with("norad_id,predicted_utc,window_start_utc,window_end_utc,last_epoch_utc,"));
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0][0], "9889");
    let row = &rows[1];
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
    let (code, out, err) = uitkijk(&["reentry", TLES, "--ids", "9957", "--format", "json"]);
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
