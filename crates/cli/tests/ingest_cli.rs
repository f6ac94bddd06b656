//! `uitkijk ingest` and `uitkijk screen --db`: idempotent ingest of the bundled full catalog,
//! a `kill -9` in the middle of it, bad records reported with file:line, and screening runs
//! on overlapping windows updating the same events (checked against the python-sgp4
//! reference close approaches of `data/screen/`).

#[path = "../../store/tests/support/pg.rs"]
mod pg;
#[path = "support/run.rs"]
mod run;

use std::io::Read;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use run::uitkijk;
use uitkijk_store::{Access, EventQuery};

const CATALOG: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../data/catalog/full_catalog_3le_2022-01-22_ODAP.txt.gz"
);
const SCREEN_DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/screen/");

fn temp_dir(name: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("uitkijk-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Element sets in the catalog file, counted from its text: one per TLE line 1.
fn sets_in_catalog() -> i64 {
    let mut text = String::new();
    flate2::read::GzDecoder::new(std::fs::File::open(CATALOG).unwrap())
        .read_to_string(&mut text)
        .unwrap();
    text.lines().filter(|l| l.starts_with("1 ")).count() as i64
}

fn counts(url: &str) -> uitkijk_store::Counts {
    uitkijk_store::open(url)
        .unwrap()
        .counts(&Access::local_cli())
        .unwrap()
}

#[test]
fn ingest_is_idempotent_and_survives_kill_9() {
    let dir = temp_dir("ingest-kill");
    let expected = sets_in_catalog();
    assert!(expected > 23_000);

    // A clean ingest, then the same file again: nothing added.
    let clean = format!("sqlite://{}", dir.join("clean.db").display());
    let (code, _, err) = uitkijk(&["ingest", "--db", &clean, CATALOG]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains(&format!(
            "{expected} element sets added, 0 already known, 0 records rejected"
        )),
        "{err}"
    );
    let (code, _, err) = uitkijk(&["ingest", "--db", &clean, CATALOG]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains(&format!("0 element sets added, {expected} already known")),
        "{err}"
    );
    let c = counts(&clean);
    assert_eq!((c.objects, c.element_sets), (expected, expected));

    let urls: Vec<String> = (0..5)
        .map(|i| format!("sqlite://{}", dir.join(format!("killed{i}.db")).display()))
        .collect();
    kill_mid_ingest(&urls, expected);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Spawns `uitkijk ingest` of the full catalog into each store in turn and kills it (SIGKILL)
/// once a first transaction is committed, until one kill lands before the last
/// transaction; checks the store after each kill and completes it by ingesting again.
fn kill_mid_ingest(urls: &[String], expected: i64) {
    let batch = 200i64;
    let mut killed_midway = false;
    for url in urls {
        let mut child = Command::new(env!("CARGO_BIN_EXE_uitkijk"))
            .args([
                "ingest",
                "--db",
                url,
                "--batch",
                &batch.to_string(),
                CATALOG,
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Read the store as a second process would (SQLite's WAL lets it read while the
        // ingest writes).
        let path = url.strip_prefix("sqlite://").map(std::path::PathBuf::from);
        let t0 = Instant::now();
        let mut seen = 0;
        while t0.elapsed() < Duration::from_secs(60) {
            if !matches!(&path, Some(p) if !p.exists()) {
                if let Ok(mut s) = uitkijk_store::open(url) {
                    if let Ok(c) = s.counts(&Access::local_cli()) {
                        seen = c.element_sets;
                    }
                }
            }
            if seen > 0 || child.try_wait().unwrap().is_some() {
                break;
            }
            std::thread::sleep(Duration::from_millis(2));
        }
        child.kill().ok(); // SIGKILL
        child.wait().unwrap();

        let mut store = uitkijk_store::open(url).unwrap();
        let check = store.check().unwrap();
        assert!(check.problems.is_empty(), "{:?}", check.problems);
        let after = store.counts(&Access::local_cli()).unwrap();
        // Nothing committed is lost, and only whole transactions are there: each adds
        // `batch` new objects with one element set each.
        assert!(after.element_sets >= seen);
        assert_eq!(after.element_sets % batch, 0, "a partial transaction");
        assert_eq!(after.objects, after.element_sets);
        assert_eq!(check.distinct_hashes, after.element_sets);
        drop(store);
        if after.element_sets > 0 && after.element_sets < expected {
            killed_midway = true;
        }
        // Ingest again: completes to exactly the clean result.
        let (code, _, err) = uitkijk(&["ingest", "--db", url, CATALOG]);
        assert_eq!(code, 0, "{err}");
        assert!(
            err.contains(&format!(
                "{} element sets added, {} already known",
                expected - after.element_sets,
                after.element_sets
            )),
            "{err}"
        );
        let c = counts(url);
        assert_eq!((c.objects, c.element_sets), (expected, expected));
        if killed_midway {
            break;
        }
    }
    assert!(killed_midway, "the ingest always finished before the kill");
}

#[test]
fn bad_records_are_reported_with_file_and_line_and_the_rest_stored() {
    let dir = temp_dir("ingest-bad");
    let good = std::fs::read_to_string(format!("{SCREEN_DATA}iss_css_neighbourhood.3le")).unwrap();
    let n = good.lines().filter(|l| l.starts_with("1 ")).count();
    // Line 3 (the first line 2) gets a letter in its inclination.
    let mut lines: Vec<String> = good.lines().map(str::to_string).collect();
    lines[2].replace_range(8..9, "X");
    let bad_file = dir.join("bad.3le");
    std::fs::write(&bad_file, lines.join("\n") + "\n").unwrap();
    let bad = bad_file.to_str().unwrap();
    let url = format!("sqlite://{}", dir.join("s.db").display());

    let (code, _, err) = uitkijk(&["ingest", "--db", &url, "--strict", bad]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains(&format!("{bad}:3:")), "{err}");
    let (code, _, err) = uitkijk(&["ingest", "--db", &url, bad, "/nonexistent/file.tle"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains(&format!("{bad}:3:")), "{err}");
    assert!(err.contains("/nonexistent/file.tle"), "{err}");
    assert!(
        err.contains(&format!(
            "{} element sets added, 0 already known, 1 records rejected",
            n - 1
        )),
        "{err}"
    );
    assert_eq!(counts(&url).element_sets, n as i64 - 1);

    let (code, _, err) = uitkijk(&["ingest", "--db", "mysql://x", bad]);
    assert_eq!(code, 2, "{err}");
    let (code, _, err) = uitkijk(&["ingest", "--db", &url, "--tier", "secret", bad]);
    assert_eq!(code, 2, "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Rows of a screen CSV: (primary, secondary, tca, miss_km, pc).
fn csv_rows(csv: &str) -> Vec<(u32, u32, String, f64, String)> {
    csv.lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            (
                f[0].parse().unwrap(),
                f[1].parse().unwrap(),
                f[2].to_string(),
                f[3].parse().unwrap(),
                f[8].to_string(),
            )
        })
        .collect()
}

fn seconds(iso: &str) -> f64 {
    let t = uitkijk_time::parse_utc(iso).unwrap();
    (t - uitkijk_time::parse_utc("2022-01-23T00:00:00Z").unwrap()).to_seconds()
}

#[test]
fn screen_db_updates_events_of_overlapping_runs_and_keeps_pc_history() {
    let dir = temp_dir("screen-db");
    let url = format!("sqlite://{}", dir.join("s.db").display());
    let cat = format!("{SCREEN_DATA}leo_band_770_795km.3le");
    // Two runs of 36 h, 12 h apart: the middle day is screened twice.
    let mut runs = Vec::new();
    for start in ["2022-01-23T00:00:00Z", "2022-01-23T12:00:00Z"] {
        let (code, csv, err) = uitkijk(&[
            "screen", &cat, "--start", start, "--days", "1.5", "--db", &url,
        ]);
        assert_eq!(code, 0, "{err}");
        assert!(err.contains("stored screening run"), "{err}");
        runs.push(csv_rows(&csv));
    }
    let mut store = uitkijk_store::open(&url).unwrap();
    let admin = Access::local_cli();
    let stored = store.events(&admin, &EventQuery::default()).unwrap();

    // The independent reference: python-sgp4 + scipy close approaches over the 48 h that
    // the two runs cover together. Every one is stored exactly once.
    let reference =
        std::fs::read_to_string(format!("{SCREEN_DATA}leo-band-5km.python_sgp4.csv")).unwrap();
    let reference = csv_rows(&reference);
    assert!(reference.len() > 100);
    assert_eq!(stored.len(), reference.len());
    for (p, s, tca, miss, _) in &reference {
        let m: Vec<_> = stored
            .iter()
            .filter(|e| {
                e.primary_id == *p
                    && e.secondary_id == *s
                    && (seconds(&e.tca_utc) - seconds(tca)).abs() < 0.01
            })
            .collect();
        assert_eq!(m.len(), 1, "{p} {s} {tca}");
        let e = m[0];
        assert!(
            (e.miss_km - miss).abs() < 1e-3,
            "{p} {s} {tca}: {} vs {miss}",
            e.miss_km
        );
        // Inside both windows (away from their edges): assessed by both runs, with each
        // run's Pc as that run printed it.
        let t = seconds(tca);
        let both = t > 12.0 * 3600.0 + 60.0 && t < 36.0 * 3600.0 - 60.0;
        let only_one = !(12.0 * 3600.0 - 60.0..=36.0 * 3600.0 + 60.0).contains(&t);
        let history = store.event_history(&admin, e.id).unwrap();
        if both {
            assert_eq!(history.len(), 2, "{p} {s} {tca}");
        } else if only_one {
            assert_eq!(history.len(), 1, "{p} {s} {tca}");
        }
        for (run, point) in history.iter().enumerate() {
            let run_rows = &runs[if history.len() == 2 {
                run
            } else if t < 12.0 * 3600.0 {
                0
            } else {
                1
            }];
            let row = run_rows
                .iter()
                .find(|r| r.0 == *p && r.1 == *s && (seconds(&r.2) - t).abs() < 0.01)
                .unwrap();
            let printed: Option<f64> = row.4.parse().ok();
            match (point.pc, printed) {
                (Some(a), Some(b)) => assert!((a - b).abs() <= 1e-6 * b.abs(), "{a} vs {b}"),
                (a, b) => assert_eq!(a.is_some(), b.is_some()),
            }
        }
        assert!(store
            .event_cdm(&admin, e.id)
            .unwrap()
            .unwrap()
            .contains("CCSDS_CDM_VERS"));
    }
    let runs_stored = store.runs(&admin, 10).unwrap();
    assert_eq!(runs_stored.len(), 2);
    assert_eq!(runs_stored[0].events as usize, runs[1].len());
    assert_eq!(runs_stored[1].events as usize, runs[0].len());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn ingest_into_postgres() {
    let Some(server) = pg::PgServer::start("ingest-cli") else {
        return;
    };
    let url = server.fresh_database();
    let expected = sets_in_catalog();
    let (code, _, err) = uitkijk(&["ingest", "--db", &url, CATALOG]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains(&format!("{expected} element sets added")),
        "{err}"
    );
    let (code, _, err) = uitkijk(&["ingest", "--db", &url, "--batch", "1000", CATALOG]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains(&format!("0 element sets added, {expected} already known")),
        "{err}"
    );
    let c = counts(&url);
    assert_eq!((c.objects, c.element_sets), (expected, expected));
    // A kill in the middle of an ingest into PostgreSQL: the server rolls back the
    // transaction in flight when the connection drops.
    let urls: Vec<String> = (0..5).map(|_| server.fresh_database()).collect();
    kill_mid_ingest(&urls, expected);
}

#[test]
fn satcat_names_and_owns_objects() {
    let dir = temp_dir("ingest-satcat");
    let url = format!("sqlite://{}", dir.join("s.db").display());
    let satcat = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../formats/tests/data/satcat/satcat_trusat_excerpt.csv"
    );
    let text = std::fs::read_to_string(satcat).unwrap();
    let rows = text
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .count() as i64;
    let (code, _, err) = uitkijk(&["ingest", "--db", &url, satcat]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains(&format!("{rows} objects ({rows} new)")),
        "{err}"
    );
    let (code, _, err) = uitkijk(&["ingest", "--db", &url, satcat]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains(&format!("{rows} objects (0 new)")), "{err}");
    let mut s = uitkijk_store::open(&url).unwrap();
    let q = uitkijk_store::ObjectQuery {
        ids: vec![2],
        ..Default::default()
    };
    // The excerpt's row: 1957-001B,2,…,SPUTNIK 1,CIS,…
    let o = &s.objects(&Access::local_cli(), &q).unwrap()[0];
    assert_eq!(o.name.as_deref(), Some("SPUTNIK 1"));
    assert_eq!(o.cospar.as_deref(), Some("1957-001B"));
    assert_eq!(o.owner.as_deref(), Some("CIS"));
    std::fs::remove_dir_all(&dir).unwrap();
}
