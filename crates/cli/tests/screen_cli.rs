//! `uitkijk screen` beyond recall (see `screen_bruteforce.rs`): CDM export read back by the
//! CCSDS reader and re-assessed by `uitkijk pc` to the same Pc, assets mode equal to the
//! asset rows of all-vs-all, JSON matching CSV, and bad arguments refused with exit 2.

#[path = "support/run.rs"]
mod run;
use run::uitkijk;

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/screen/");

fn rows(csv: &str) -> Vec<Vec<String>> {
    csv.lines()
        .skip(1)
        .map(|l| l.split(',').map(str::to_string).collect())
        .collect()
}

fn temp_dir(name: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("uitkijk-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    d
}

#[test]
fn cdms_written_by_screen_read_back_and_give_the_same_pc() {
    let cat = format!("{DATA}leo_band_770_795km.3le");
    let (code, csv, err) = uitkijk(&["screen", &cat, "--days", "1"]);
    assert_eq!(code, 0, "{err}");
    let events = rows(&csv);
    assert!(events.len() > 20, "{} events", events.len());
    for (format, ext) in [("cdm-kvn", "txt"), ("cdm-xml", "xml")] {
        let dir = temp_dir(format);
        let (code, _, err) = uitkijk(&[
            "screen",
            &cat,
            "--days",
            "1",
            "--format",
            format,
            "-o",
            dir.to_str().unwrap(),
        ]);
        assert_eq!(code, 0, "{err}");
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        assert_eq!(files.len(), events.len());
        for row in &events {
            // PRIMARY_SECONDARY_TCA with TCA as YYYYMMDDTHHMMSSZ.
            let tca: String = row[2][..19]
                .chars()
                .filter(|c| c.is_ascii_digit() || *c == 'T')
                .collect();
            let path = dir.join(format!("{}_{}_{tca}Z.{ext}", row[0], row[1]));
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|_| panic!("{} missing", path.display()));
            let cdm = uitkijk_formats::cdm::read(&text).unwrap();
            let miss_km: f64 = row[3].parse().unwrap();
            assert!((cdm.relative.miss_distance_m / 1000.0 - miss_km).abs() < 1e-6);
            // RELATIVE_POSITION_R/T/N are the CSV's radial / in-track / cross-track (m vs km).
            let ric: Vec<f64> = row[5..8].iter().map(|x| x.parse().unwrap()).collect();
            let rel = &cdm.relative;
            for (got, want) in [
                (rel.relative_position_r_m, ric[0]),
                (rel.relative_position_t_m, ric[1]),
                (rel.relative_position_n_m, ric[2]),
            ] {
                assert!(
                    (got.unwrap() / 1000.0 - want).abs() < 2e-6,
                    "{got:?} vs {want}"
                );
            }
            assert_eq!(cdm.object1.metadata.object_designator, row[0]);
            assert_eq!(cdm.object2.metadata.object_designator, row[1]);
            let pc: f64 = row[8].parse().unwrap();
            assert_eq!(
                cdm.relative
                    .collision_probability
                    .map(|p| (p / pc - 1.0).abs() < 1e-6),
                Some(true)
            );
        }
        // The Pc a reader of these CDMs computes is the Pc screen printed.
        let mut args = vec!["pc".to_string()];
        args.extend(files.iter().map(|p| p.to_str().unwrap().to_string()));
        let argv: Vec<&str> = args.iter().map(String::as_str).collect();
        let (code, out, err) = uitkijk(&argv);
        assert_eq!(code, 0, "{err}");
        let pcs: Vec<f64> = rows(&out).iter().map(|r| r[6].parse().unwrap()).collect();
        let mut want: Vec<f64> = events.iter().map(|r| r[8].parse().unwrap()).collect();
        let mut got = pcs.clone();
        want.sort_by(f64::total_cmp);
        got.sort_by(f64::total_cmp);
        for (w, g) in want.iter().zip(&got) {
            assert!(
                (g / w - 1.0).abs() < 1e-5 || (w - g).abs() < 1e-300,
                "{w} vs {g}"
            );
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}

#[test]
fn assets_mode_gives_the_asset_rows_of_all_vs_all() {
    let cat = format!("{DATA}leo_band_770_795km.3le");
    let (code, csv, err) = uitkijk(&["screen", &cat, "--days", "1", "--threshold-km", "20"]);
    assert_eq!(code, 0, "{err}");
    let all = rows(&csv);
    let asset = all[0][0].clone();
    let other = all.iter().find(|r| r[0] != asset && r[1] != asset).unwrap()[0].clone();
    let (code, csv, err) = uitkijk(&[
        "screen",
        &cat,
        "--days",
        "1",
        "--threshold-km",
        "20",
        "--assets",
        &format!("{asset},{other}"),
    ]);
    assert_eq!(code, 0, "{err}");
    let got = rows(&csv);
    let ids = [asset.as_str(), other.as_str()];
    let want: Vec<&Vec<String>> = all
        .iter()
        .filter(|r| ids.contains(&r[0].as_str()) || ids.contains(&r[1].as_str()))
        .collect();
    assert_eq!(got.len(), want.len());
    for w in want {
        // With assets the asset is primary: same event, perhaps from the other side.
        let hit = got.iter().find(|g| {
            g[2] == w[2] && ((g[0] == w[0] && g[1] == w[1]) || (g[0] == w[1] && g[1] == w[0]))
        });
        let g = hit.unwrap_or_else(|| panic!("{w:?} missing in assets mode"));
        assert!(ids.contains(&g[0].as_str()));
        assert_eq!(g[3], w[3]);
    }
}

#[test]
fn json_holds_the_csv_rows_and_bad_arguments_exit_2() {
    let cat = format!("{DATA}leo_band_770_795km.3le");
    let (_, csv, _) = uitkijk(&["screen", &cat, "--days", "0.5"]);
    let (code, json, err) = uitkijk(&["screen", &cat, "--days", "0.5", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let v: Vec<serde_json::Value> = serde_json::from_str(&json).unwrap();
    let r = rows(&csv);
    assert_eq!(v.len(), r.len());
    for (j, c) in v.iter().zip(&r) {
        assert_eq!(j["primary_id"].to_string(), c[0]);
        assert_eq!(j["tca_utc"].as_str().unwrap(), c[2]);
        assert_eq!(j["pc_method"].as_str().unwrap(), c[9]);
    }
    for bad in [
        vec!["screen", cat.as_str(), "--days", "-1"],
        vec!["screen", cat.as_str(), "--threshold-km", "0"],
        vec!["screen", cat.as_str(), "--start", "yesterday"],
        vec!["screen", cat.as_str(), "--assets", "999999999"],
        vec!["screen", cat.as_str(), "--format", "cdm-kvn"],
        vec!["screen", "/nonexistent/catalog.tle"],
    ] {
        let (code, _, err) = uitkijk(&bad);
        assert_eq!(code, 2, "{bad:?}: {err}");
        assert!(
            err.starts_with("uitkijk:") || err.contains("error"),
            "{err}"
        );
    }
}

#[test]
fn output_does_not_depend_on_the_thread_count() {
    let cat = format!("{DATA}iss_css_neighbourhood.3le");
    let run = |threads: &str| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_uitkijk"))
            .args(["screen", &cat, "--days", "1", "--threshold-km", "50"])
            .env("RAYON_NUM_THREADS", threads)
            .output()
            .unwrap();
        assert!(out.status.success());
        out.stdout
    };
    let one = run("1");
    assert!(one.len() > 1000);
    assert_eq!(one, run("3"));
}
