//! Score re-entry predictions on real re-entries (BENCHMARKS.md, "Re-entry prediction").
//!
//! ```sh
//! cargo run --release -p uitkijk-sda --example reentry_score -- starlink DIR
//! cargo run --release -p uitkijk-sda --example reentry_score -- snapshot CATALOG CASES.csv [HORIZON_DAYS]
//! ```
//!
//! `starlink DIR`: one TLE history per file (`*.txt.gz`), each running to the last element set
//! before re-entry. Predictions are made as of 30, 10, 3 and 1 day(s) before that last set
//! from the sets known then. The actual re-entry is taken as the last set's epoch plus the
//! remaining life predicted from that last set (the objects are then at 150–210 km, hours to
//! a few days from the end); a hit is a window holding it.
//!
//! `snapshot CATALOG CASES.csv`: one element set per object from a catalog snapshot, truth the
//! SATCAT decay day (`norad,…,satcat_decay_date,…`); a hit is a window overlapping that UTC
//! day. Only cases decaying within the horizon are scored.
//!
//! `REENTRY_ATMOSPHERE=msis|exponential` scores one atmosphere instead of the default `auto`.

use rayon::prelude::*;
use uitkijk_formats::ElementSet;
use uitkijk_sda::reentry::atmosphere::AtmosphereModel;
use uitkijk_sda::reentry::{predict, ReentryConfig};
use uitkijk_time::{Duration, Epoch};

/// The atmosphere chosen by `REENTRY_ATMOSPHERE` (default `auto`).
fn base_config() -> ReentryConfig {
    let atmosphere = match std::env::var("REENTRY_ATMOSPHERE").as_deref() {
        Ok("msis") => AtmosphereModel::Msis,
        Ok("exponential") => AtmosphereModel::Exponential,
        _ => AtmosphereModel::Auto,
    };
    eprintln!("atmosphere: {}", atmosphere.as_str());
    ReentryConfig {
        atmosphere,
        ..ReentryConfig::default()
    }
}

/// The text of a file, gunzipped when compressed (the catalog crate's reader).
fn read_text(path: &str) -> String {
    uitkijk_catalog::read_input(path).expect("readable input")
}

/// One scored prediction: window, centre, truth interval, prediction time, whether a manoeuvre
/// was seen in the 30 days before it.
type Scored = (
    Option<(Epoch, Epoch)>,
    Option<Epoch>,
    (Epoch, Epoch),
    Epoch,
    bool,
);

/// Per lead time: hits, count, relative half-widths, relative errors of the centre.
#[derive(Default)]
struct Score {
    hits: usize,
    n: usize,
    half_width: Vec<f64>,
    error: Vec<f64>,
    no_prediction: usize,
}

impl Score {
    fn add(
        &mut self,
        window: Option<(Epoch, Epoch)>,
        centre: Option<Epoch>,
        truth: (Epoch, Epoch),
        at: Epoch,
    ) {
        self.n += 1;
        let remaining = ((truth.0 - at).to_seconds() + (truth.1 - at).to_seconds()) / 2.0;
        let (Some((s, e)), Some(c)) = (window, centre) else {
            self.no_prediction += 1;
            return;
        };
        if s <= truth.1 && e >= truth.0 {
            self.hits += 1;
        }
        self.half_width.push((e - s).to_seconds() / 2.0 / remaining);
        let t_mid = truth.0 + (truth.1 - truth.0) * 0.5;
        self.error.push((c - t_mid).to_seconds().abs() / remaining);
    }

    fn row(&self, label: &str) -> String {
        let med = |v: &[f64]| {
            let mut v = v.to_vec();
            v.sort_by(f64::total_cmp);
            if v.is_empty() {
                f64::NAN
            } else {
                v[v.len() / 2]
            }
        };
        format!(
            "| {label} | {} | {:.0} % | ±{:.0} % | {:.0} % | {} |",
            self.n,
            100.0 * self.hits as f64 / self.n.max(1) as f64,
            100.0 * med(&self.half_width),
            100.0 * med(&self.error),
            self.no_prediction
        )
    }
}

fn starlink(dir: &str) {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("dir")
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".txt.gz"))
        .collect();
    files.sort();
    let base = base_config();
    let leads = [30.0, 10.0, 3.0, 1.0];
    let rows: Vec<Vec<Scored>> = files
        .par_iter()
        .map(|path| {
            let sets: Vec<ElementSet> =
                uitkijk_formats::tle::read(&read_text(&path.to_string_lossy())).sets;
            let last = sets.iter().map(|s| s.epoch).max().unwrap();
            let end = predict(&sets, &base).unwrap();
            let life = end
                .predicted
                .map_or(0.0, |p| (p - last).to_seconds())
                .min(5.0 * 86_400.0);
            let truth = last + Duration::from_seconds(life);
            leads
                .iter()
                .map(|&lead| {
                    let at = last - Duration::from_days(lead);
                    let config = ReentryConfig {
                        at: Some(at),
                        ..base.clone()
                    };
                    match predict(&sets, &config) {
                        Ok(p) => (
                            p.window_start.zip(p.window_end),
                            p.predicted,
                            (truth, truth),
                            at,
                            p.last_maneuver.is_some(),
                        ),
                        Err(_) => (None, None, (truth, truth), at, false),
                    }
                })
                .collect()
        })
        .collect();
    println!("| lead time | objects | window holds re-entry | median window half-width / remaining life | median centre error / remaining life | no prediction |");
    println!("|---|---|---|---|---|---|");
    for (k, lead) in leads.iter().enumerate() {
        let (mut all, mut flagged, mut quiet) =
            (Score::default(), Score::default(), Score::default());
        for r in &rows {
            let (w, c, t, at, manoeuvred) = r[k];
            all.add(w, c, t, at);
            if manoeuvred {
                flagged.add(w, c, t, at);
            } else {
                quiet.add(w, c, t, at);
            }
        }
        println!("{}", all.row(&format!("{lead} d, all")));
        println!("{}", flagged.row(&format!("{lead} d, manoeuvre flagged")));
        println!("{}", quiet.row(&format!("{lead} d, no manoeuvre seen")));
    }
}

fn snapshot(catalog: &str, cases: &str, horizon_days: f64) {
    let sets = uitkijk_formats::read_any(&read_text(catalog))
        .expect("catalog")
        .sets;
    let text = read_text(cases);
    let mut rdr = csv::Reader::from_reader(text.as_bytes());
    let header = rdr.headers().unwrap().clone();
    let col = |name: &str| header.iter().position(|h| h == name).expect(name);
    let (c_id, c_decay) = (col("norad"), col("satcat_decay_date"));
    let mut cases: Vec<(u32, Epoch)> = Vec::new();
    for r in rdr.records() {
        let r = r.unwrap();
        let id: u32 = r[c_id].parse().unwrap();
        let d = &r[c_decay];
        let (y, m, dd) = (
            d[0..4].parse().unwrap(),
            d[5..7].parse().unwrap(),
            d[8..10].parse().unwrap(),
        );
        cases.push((id, Epoch::from_gregorian_utc_at_midnight(y, m, dd)));
    }
    // Predict past the scored horizon, so a window that reaches beyond it is still scored.
    let config = ReentryConfig {
        horizon_days: 2.0 * horizon_days,
        members: std::env::var("REENTRY_MEMBERS").map_or(100, |m| m.parse().unwrap()),
        ..base_config()
    };
    let results: Vec<_> = cases
        .par_iter()
        .filter_map(|&(id, day)| {
            let history: Vec<ElementSet> =
                sets.iter().filter(|s| s.norad_id == id).cloned().collect();
            let last = history.iter().map(|s| s.epoch).max()?;
            if (day - last).to_seconds() > horizon_days * 86_400.0 {
                return None;
            }
            let p = predict(&history, &config).ok()?;
            let truth = (day, day + Duration::from_days(1.0));
            if std::env::var_os("REENTRY_DETAIL").is_some() {
                let nominal = p
                    .nominal
                    .map_or(f64::NAN, |t| (t - last).to_seconds() / 86_400.0);
                eprintln!(
                    "{id} {:.3} {nominal:.3} {} {:.3e}",
                    (day - last).to_seconds() / 86_400.0 + 0.5,
                    p.beta_source.as_str(),
                    p.beta_m2_kg
                );
            }
            Some((
                p.window_start.zip(p.window_end),
                p.predicted,
                truth,
                last,
                (day - last).to_seconds() / 86_400.0,
                id,
            ))
        })
        .collect();
    println!("| remaining life | objects | window holds re-entry | median window half-width / remaining life | median centre error / remaining life | no prediction |");
    println!("|---|---|---|---|---|---|");
    let bands = [
        (0.0, 10.0),
        (10.0, 30.0),
        (30.0, 100.0),
        (100.0, horizon_days + 1.0),
        (0.0, horizon_days + 1.0),
    ];
    for (lo, hi) in bands {
        let mut s = Score::default();
        for &(w, c, t, at, life, _) in &results {
            if life >= lo && life < hi {
                s.add(w, c, t, at);
            }
        }
        println!("{}", s.row(&format!("{lo:.0}–{hi:.0} d")));
    }
    // The halves: even-numbered objects calibrate the single-set σ, odd ones check it.
    for (name, parity) in [("even", 0), ("odd", 1)] {
        let mut s = Score::default();
        for &(w, c, t, at, _, id) in &results {
            if id % 2 == parity {
                s.add(w, c, t, at);
            }
        }
        println!(
            "{}",
            s.row(&format!("0–{horizon_days:.0} d, {name} NORAD ids"))
        );
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    match args.get(1).map(String::as_str) {
        Some("starlink") => starlink(&args[2]),
        Some("snapshot") => snapshot(
            &args[2],
            &args[3],
            args.get(4).map_or(365.0, |h| h.parse().unwrap()),
        ),
        _ => eprintln!(
            "usage: reentry_score starlink DIR | snapshot CATALOG CASES.csv [HORIZON_DAYS]"
        ),
    }
}
