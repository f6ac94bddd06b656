//! `uitkijk propagate --model numerical`: the same rows as SGP4, from the SGP4 state at epoch.

#[path = "support/run.rs"]
mod run;
use run::uitkijk;

const ISS: &str = "ISS (ZARYA)
1 25544U 98067A   24061.50000000  .00016717  00000-0  30178-3 0  9992
2 25544  51.6416 247.4627 0006703 130.5360 325.0288 15.49815308441002
";

fn rows(csv: &str) -> Vec<Vec<String>> {
    csv.lines()
        .skip(1)
        .map(|l| l.split(',').map(str::to_string).collect())
        .collect()
}

#[test]
fn numerical_rows_start_at_the_sgp4_state_and_stay_near_it_for_a_day() {
    let dir = std::env::temp_dir().join(format!("uitkijk-num-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let tle = dir.join("iss.tle");
    std::fs::write(&tle, ISS).unwrap();
    let tle = tle.to_str().unwrap();
    let (code, num, err) = uitkijk(&[
        "propagate",
        tle,
        "--tsince=-720:1440:360",
        "--model",
        "numerical",
        "--force-model",
        "gravity:20x20,sun,moon,drag",
    ]);
    assert_eq!(code, 0, "{err}");
    let (code, sgp4, _) = uitkijk(&["propagate", tle, "--tsince=-720:1440:360"]);
    assert_eq!(code, 0);
    assert_eq!(num.lines().next(), sgp4.lines().next(), "same header");
    let (n, s) = (rows(&num), rows(&sgp4));
    assert_eq!(n.len(), 7);
    for (a, b) in n.iter().zip(&s) {
        assert_eq!(a[..3], b[..3], "same norad_id, epoch_utc, tsince_min");
        assert_eq!(a[9], "", "no error");
        let d: f64 = (3..6)
            .map(|k| (a[k].parse::<f64>().unwrap() - b[k].parse::<f64>().unwrap()).powi(2))
            .sum::<f64>()
            .sqrt();
        if a[2] == "0" {
            // TEME → GCRF → TEME of the SGP4 state: the same numbers.
            assert!(d < 1e-6, "{d} km at epoch");
        } else {
            // Two different models of the same orbit (SGP4 mean elements vs Cowell with
            // Harris–Priester): within tens of km over a day of ISS.
            assert!(d < 40.0, "{d} km at {} min", a[2]);
        }
    }
}

#[test]
fn bad_force_model_is_bad_input() {
    let dir = std::env::temp_dir().join(format!("uitkijk-numbad-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let tle = dir.join("iss.tle");
    std::fs::write(&tle, ISS).unwrap();
    let tle = tle.to_str().unwrap();
    let (code, _, err) = uitkijk(&[
        "propagate",
        tle,
        "--tsince",
        "0",
        "--model",
        "numerical",
        "--force-model",
        "warp",
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("force-model"), "{err}");
    let (code, _, err) = uitkijk(&["propagate", tle, "--tsince", "0", "--force-model", "sun"]);
    assert_eq!(code, 2, "{err}");
}
