//! Score the manoeuvre detector on the Shorten et al. benchmark (TLE histories with operator
//! manoeuvre times): precision, recall and F1 per satellite and pooled over LEO and GEO.
//!
//! ```text
//! cargo run --release -p uitkijk-sda --example maneuver_benchmark -- DIR [--verbose] [--window-days D]
//! ```
//! `DIR` holds `NAME.tle[.gz]` and `manoeuvres_NAME.yaml` pairs. `--half even|odd` scores
//! only even or odd calendar years (held-out check); `--z`, `--zp`, `--m`, `--dvgeo`,
//! `--onset-frac`, `--onset-back`, `--merge`, `--jc` override the `Config` fields.

use std::path::Path;

use uitkijk_catalog::{load, Catalog};
use uitkijk_sda::maneuver::{detect, score, Config};

/// Operator files of each satellite in `raw_manoeuvres/`.
const RAW: [(&str, &str); 11] = [
    ("CryoSat-2", "cs2man.txt"),
    ("Fengyun-2D", "manFY2D.txt.fy"),
    ("Fengyun-2F", "manFY2F.txt.fy"),
    ("Fengyun-2H", "manFY2H.txt.fy"),
    ("Fengyun-4A", "manFY4A.txt.fy"),
    ("Haiyang-2A", "h2aman.txt"),
    ("Jason-1", "ja1man.txt"),
    ("Jason-3", "ja3man.txt"),
    ("Sentinel-3A", "s3aman.txt"),
    ("Sentinel-6A", "s6aman.txt"),
    ("TOPEX", "topman.txt"),
];

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dir = args
        .first()
        .expect("usage: maneuver_benchmark DIR [--verbose]");
    let use_yaml = args.iter().any(|a| a == "--yaml-truth");
    let verbose = args.iter().any(|a| a == "--verbose");
    let window_days: f64 = args
        .iter()
        .position(|a| a == "--window-days")
        .and_then(|i| args.get(i + 1))
        .map_or(3.0, |s| s.parse().expect("--window-days"));
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("read dir")
        .filter_map(|e| {
            let n = e.ok()?.file_name().into_string().ok()?;
            let stem = n.strip_prefix("manoeuvres_")?.strip_suffix(".yaml")?;
            Some(stem.to_string())
        })
        .collect();
    names.sort();
    let half = args
        .iter()
        .position(|a| a == "--half")
        .and_then(|i| args.get(i + 1))
        .cloned();
    let mut config = Config::default();
    if args.iter().any(|a| a == "--no-refine") {
        config.refine_epoch = false;
    }
    if let Some(z) = args
        .iter()
        .position(|a| a == "--zp")
        .and_then(|i| args.get(i + 1))
    {
        config.plane_threshold_sigma = z.parse().expect("--zp");
    }
    if let Some(z) = args
        .iter()
        .position(|a| a == "--dvgeo")
        .and_then(|i| args.get(i + 1))
    {
        config.min_dv_deep_m_s = z.parse().expect("--dvgeo");
    }
    if let Some(z) = args
        .iter()
        .position(|a| a == "--m")
        .and_then(|i| args.get(i + 1))
    {
        config.level_sets = z.parse().expect("--m");
    }
    if let Some(z) = args
        .iter()
        .position(|a| a == "--z")
        .and_then(|i| args.get(i + 1))
    {
        config.threshold_sigma = z.parse().expect("--z");
    }
    let num = |flag: &str| {
        args.iter()
            .position(|a| a == flag)
            .and_then(|i| args.get(i + 1))
            .map(|z| z.parse::<f64>().expect(flag))
    };
    if let Some(v) = num("--onset-frac") {
        config.onset_fraction = v;
    }
    if let Some(v) = num("--merge") {
        config.merge_cadences = v;
    }
    if let Some(v) = num("--along-confirm") {
        config.along_confirm_sigma = v;
    }
    if let Some(v) = num("--along-fa") {
        config.along_false_alarm = v;
    }
    if let Some(v) = num("--defer") {
        config.along_defer_days = v;
    }
    if let Some(v) = num("--knee-back") {
        config.along_knee_back_days = v;
    }
    if let Some(v) = num("--along-days") {
        config.along_window_days = v;
    }
    if args.iter().any(|a| a == "--no-along") {
        config.along_track = false;
    }
    if let Some(v) = num("--jc") {
        config.jump_confirm_fraction = v;
    }
    if let Some(z) = args
        .iter()
        .position(|a| a == "--onset-back")
        .and_then(|i| args.get(i + 1))
    {
        config.onset_back_levels = z.parse().expect("--onset-back");
    }
    let (mut leo, mut geo) = (score::Score::default(), score::Score::default());
    let (mut leo1, mut geo1) = (score::Score::default(), score::Score::default());
    println!(
        "| satellite | regime | sets | outliers | truth | detected | P | R | F1 | F1 (±1 d) | median |Δt| h |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|---|");
    for name in names {
        let tle = ["tle.gz", "tle"]
            .iter()
            .map(|ext| Path::new(dir).join(format!("{name}.{ext}")))
            .find(|p| p.exists())
            .expect("TLE file");
        let src = load(tle.to_str().unwrap()).expect("load");
        let truth_text =
            std::fs::read_to_string(Path::new(dir).join(format!("manoeuvres_{name}.yaml")))
                .unwrap();
        let (_, yaml_truth) = score::parse_truth_yaml(&truth_text).expect("truth");
        // The operator's own file (raw_manoeuvres/), when given, is the truth; the YAML's
        // times are shifted (see score::parse_operator_file).
        let raw = RAW.iter().find(|(n, _)| *n == name).map(|(_, f)| *f);
        let truth = match (raw, use_yaml) {
            (Some(f), false) => {
                let text = std::fs::read_to_string(Path::new(dir).join("raw_manoeuvres").join(f))
                    .expect("operator file");
                let mut t = score::parse_operator_file(&text).expect("operator file");
                t.sort();
                t
            }
            _ => yaml_truth,
        };
        let cat = Catalog::from_sets(src.parsed.sets);
        let id = cat.latest_all().next().unwrap().norad_id;
        let hist = cat.history(id);
        // Score only the span the history covers: a manoeuvre before the first set or after
        // the last cannot be seen.
        let (first, last) = (hist[0].epoch, hist[hist.len() - 1].epoch);
        let truth: Vec<_> = truth
            .into_iter()
            .filter(|t| *t >= first && *t <= last)
            .collect();
        let det = detect(hist, &config).expect("detect");
        // Held-out check: `--half even|odd` scores only the manoeuvres and detections of
        // even or odd calendar years (tune on one, report the other).
        let keep = |e: &uitkijk_time::Epoch| match half.as_deref() {
            Some(h) => (e.to_gregorian_utc().0 % 2 == 0) == (h == "even"),
            None => true,
        };
        let truth: Vec<_> = truth.into_iter().filter(|t| keep(t)).collect();
        let times: Vec<_> = det
            .maneuvers
            .iter()
            .map(|m| m.epoch)
            .filter(|e| keep(e))
            .collect();
        let s = score::score(&times, &truth, window_days * 86_400.0);
        let s1 = score::score(&times, &truth, 86_400.0);
        let deep = hist[0].mean_motion_rev_day < 6.4;
        // Timing error of matched detections.
        let mut dts: Vec<f64> = times
            .iter()
            .filter_map(|d| {
                truth
                    .iter()
                    .map(|t| (*t - *d).abs().to_seconds() / 3600.0)
                    .min_by(f64::total_cmp)
                    .filter(|h| *h <= window_days * 24.0)
            })
            .collect();
        dts.sort_by(f64::total_cmp);
        let med = dts.get(dts.len() / 2).copied().unwrap_or(f64::NAN);
        println!(
            "| {name} | {} | {} | {} | {} | {} | {:.3} | {:.3} | {:.3} | {:.3} | {:.1} |",
            if deep { "GEO" } else { "LEO" },
            det.sets_used,
            det.outliers,
            truth.len(),
            times.len(),
            s.precision(),
            s.recall(),
            s.f1(),
            s1.f1(),
            med
        );
        if deep {
            geo = geo.add(&s);
            geo1 = geo1.add(&s1);
        } else {
            leo = leo.add(&s);
            leo1 = leo1.add(&s1);
        }
        if verbose {
            for m in &det.maneuvers {
                let near = truth
                    .iter()
                    .map(|t| (*t - m.epoch).to_seconds() / 86_400.0)
                    .min_by(|a, b| a.abs().total_cmp(&b.abs()))
                    .unwrap_or(f64::NAN);
                let tag = if near.abs() <= window_days {
                    "TP"
                } else {
                    "FP"
                };
                eprintln!(
                    "{name} {tag} {} {} dv={:.4} da={:+.4} di={:+.5} snr={:.1} conf={} near={:+.2}d",
                    uitkijk_time::format_utc_millis(m.epoch),
                    m.kind.as_str(),
                    m.dv_m_s,
                    m.delta_a_km,
                    m.delta_i_deg,
                    m.snr,
                    m.confirmed,
                    near
                );
            }
            for t in &truth {
                let hit = times
                    .iter()
                    .any(|d| (*d - *t).abs().to_seconds() <= window_days * 86_400.0);
                if !hit {
                    eprintln!("{name} MISS {}", uitkijk_time::format_utc_millis(*t));
                }
            }
        }
    }
    for (label, s, s1) in [("LEO (pooled)", leo, leo1), ("GEO (pooled)", geo, geo1)] {
        println!(
            "| {label} | | | | {} | {} | {:.3} | {:.3} | {:.3} | {:.3} | |",
            s.matched + s.missed,
            s.detections,
            s.precision(),
            s.recall(),
            s.f1(),
            s1.f1()
        );
    }
}
