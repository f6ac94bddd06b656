//! Scoring detections against operator ground truth.
//!
//! Matching rule, after the benchmark's own evaluation code (Shorten et al., "Wide-scale
//! Monitoring of Satellite Lifetimes: Pitfalls and a Benchmark Dataset", arXiv:2212.08662;
//! dpshorten/TLE_observation_benchmark_dataset `utilities/testing_mean_propagations_detection.py`,
//! `SIMPLE_MATCHING_MAX_DISTANCE_DAYS = 3`): each detection is matched to the nearest true
//! manoeuvre; it is a true positive when that one is within the window (we use |Δt| ≤ window
//! both ways; the upstream script's one-sided test lets any detection after the nearest
//! manoeuvre match, which we do not copy). Several detections may match one manoeuvre
//! without being false positives; a manoeuvre counts once. Precision = matched manoeuvres /
//! (matched manoeuvres + unmatched detections); recall = matched manoeuvres / manoeuvres.

use uitkijk_time::Epoch;

/// Precision, recall and F1 of one comparison.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Score {
    /// True manoeuvres matched by at least one detection.
    pub matched: usize,
    /// Detections with no true manoeuvre within the window.
    pub false_positives: usize,
    /// True manoeuvres with no detection.
    pub missed: usize,
    /// Detections made.
    pub detections: usize,
}

impl Score {
    /// matched / (matched + false positives); 1 when nothing was detected and nothing missed.
    pub fn precision(&self) -> f64 {
        ratio(self.matched, self.matched + self.false_positives)
    }

    /// matched / (matched + missed).
    pub fn recall(&self) -> f64 {
        ratio(self.matched, self.matched + self.missed)
    }

    /// Harmonic mean of precision and recall.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }

    /// Sum of two scores (pooled counts, for aggregates over satellites).
    pub fn add(&self, other: &Score) -> Score {
        Score {
            matched: self.matched + other.matched,
            false_positives: self.false_positives + other.false_positives,
            missed: self.missed + other.missed,
            detections: self.detections + other.detections,
        }
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        1.0
    } else {
        a as f64 / b as f64
    }
}

/// Score detections against true manoeuvre times with a ± `window_s` match window.
pub fn score(detected: &[Epoch], truth: &[Epoch], window_s: f64) -> Score {
    let mut truth: Vec<Epoch> = truth.to_vec();
    truth.sort();
    let mut matched = vec![false; truth.len()];
    let mut false_positives = 0;
    for &d in detected {
        let i = truth.partition_point(|t| *t < d);
        let nearest = [i.checked_sub(1), (i < truth.len()).then_some(i)]
            .into_iter()
            .flatten()
            .min_by(|&a, &b| {
                let da = (truth[a] - d).abs().to_seconds();
                let db = (truth[b] - d).abs().to_seconds();
                da.total_cmp(&db)
            });
        match nearest {
            Some(j) if (truth[j] - d).abs().to_seconds() <= window_s => matched[j] = true,
            _ => false_positives += 1,
        }
    }
    let m = matched.iter().filter(|x| **x).count();
    Score {
        matched: m,
        false_positives,
        missed: truth.len() - m,
        detections: detected.len(),
    }
}

/// Why a ground-truth file could not be read.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("line {line}: {field}: {why}")]
pub struct TruthError {
    /// 1-based line number.
    pub line: usize,
    /// The field concerned.
    pub field: &'static str,
    /// What is wrong.
    pub why: String,
}

/// Ground truth in the benchmark's YAML layout: optional `SATCAT number: N` and `name: X`
/// lines, and a `manoeuvre_timestamps:` list of `- YYYY-MM-DD HH:MM:SS` items (UTC).
/// Returns the catalog number (if given) and the times in file order. Only this flat layout
/// is read; anything else is an error naming its line.
pub fn parse_truth_yaml(text: &str) -> Result<(Option<u32>, Vec<Epoch>), TruthError> {
    let mut norad = None;
    let mut times = Vec::new();
    let mut in_list = false;
    for (n, raw) in text.lines().enumerate() {
        let line_no = n + 1;
        let line = raw.trim_end();
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        if let Some(item) = line.trim_start().strip_prefix("- ") {
            if !in_list {
                return Err(TruthError {
                    line: line_no,
                    field: "manoeuvre_timestamps",
                    why: "list item outside manoeuvre_timestamps".into(),
                });
            }
            let item = item.trim().trim_matches(|c| c == '\'' || c == '"');
            let t = uitkijk_time::parse_utc(item).map_err(|e| TruthError {
                line: line_no,
                field: "manoeuvre_timestamps",
                why: e.to_string(),
            })?;
            times.push(t);
            continue;
        }
        let Some((key, value)) = line.split_once(':') else {
            return Err(TruthError {
                line: line_no,
                field: "key",
                why: format!("expected `key: value`, found {line:?}"),
            });
        };
        in_list = false;
        match key.trim() {
            "SATCAT number" => {
                norad = Some(value.trim().parse::<u32>().map_err(|e| TruthError {
                    line: line_no,
                    field: "SATCAT number",
                    why: e.to_string(),
                })?)
            }
            "manoeuvre_timestamps" => in_list = true,
            _ => {}
        }
    }
    Ok((norad, times))
}

/// Burn start times from an operator manoeuvre history as the benchmark ships them in
/// `raw_data/`: the International DORIS Service format (`CRYO2 2010 105 17 47 2010 105 17 48 …`:
/// satellite, start year, day of year, hour, minute, end year, …; IDS "manoeuvre files"
/// description, <https://ids-doris.org>), or the CMA Fengyun format
/// (`GEO-EW-STATION-KEEPING 2018-050A "2022-01-18T09:00:00 CST" "…"`, China Standard Time,
/// UTC+8).
///
/// The benchmark's processed YAML files were made from these, but shifted: IDS days of year
/// are one day late there (day 105 of 2010 is 15 April, the YAML says 16 April) and Fengyun's
/// CST times are written as UTC (8 h late). Scoring against the operator files avoids both.
pub fn parse_operator_file(text: &str) -> Result<Vec<Epoch>, TruthError> {
    let mut out = Vec::new();
    for (n, raw) in text.lines().enumerate() {
        let line_no = n + 1;
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let err = |field: &'static str, why: String| TruthError {
            line: line_no,
            field,
            why,
        };
        if let Some(q) = line.find('"') {
            // Fengyun: the first quoted field is the start time with its zone.
            let rest = &line[q + 1..];
            let end = rest
                .find('"')
                .ok_or_else(|| err("start", "unterminated quote".into()))?;
            let field = &rest[..end];
            let (iso, zone) = field.split_once(' ').unwrap_or((field, "UTC"));
            let offset_h = match zone.trim() {
                "CST" => 8.0,
                "UTC" | "Z" | "GMT" => 0.0,
                other => return Err(err("zone", format!("unknown time zone {other:?}"))),
            };
            let t = uitkijk_time::parse_utc(iso).map_err(|e| err("start", e.to_string()))?;
            out.push(t - uitkijk_time::Duration::from_seconds(offset_h * 3600.0));
        } else {
            // IDS: name, then start YYYY DDD HH MM.
            let f: Vec<&str> = line.split_whitespace().collect();
            if f.len() < 5 {
                return Err(err(
                    "start",
                    format!("expected `NAME YYYY DDD HH MM …`, found {line:?}"),
                ));
            }
            let num = |i: usize, what: &'static str, max: u32| -> Result<u32, TruthError> {
                let v: u32 = f[i]
                    .parse()
                    .map_err(|_| err(what, format!("not a number: {:?}", f[i])))?;
                if v > max {
                    return Err(err(what, format!("{v} out of range")));
                }
                Ok(v)
            };
            let (y, d, h, m) = (
                num(1, "year", 9999)?,
                num(2, "day", 366)?,
                num(3, "hour", 23)?,
                num(4, "minute", 59)?,
            );
            let iso = format!("{y:04}-{d:03}T{h:02}:{m:02}:00");
            out.push(uitkijk_time::parse_utc(&iso).map_err(|e| err("day", e.to_string()))?);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn t(s: &str) -> Epoch {
        uitkijk_time::parse_utc(s).unwrap()
    }

    #[test]
    fn matching_rule() {
        let truth = [t("2020-01-10T00:00:00"), t("2020-02-10T00:00:00")];
        let det = [
            t("2020-01-11T00:00:00"), // match
            t("2020-01-12T12:00:00"), // same manoeuvre again: not a false positive
            t("2020-01-20T00:00:00"), // false positive
        ];
        let s = score(&det, &truth, 3.0 * 86_400.0);
        assert_eq!((s.matched, s.false_positives, s.missed), (1, 1, 1));
        assert!((s.precision() - 0.5).abs() < 1e-12);
        assert!((s.recall() - 0.5).abs() < 1e-12);
    }

    #[test]
    fn reads_the_benchmark_layout() {
        let text = "SATCAT number: 43491\nmanoeuvre_timestamps:\n- 2019-01-18 09:00:00\n- 2019-04-18 16:30:00\nname: Fengyun-2H\n";
        let (id, times) = parse_truth_yaml(text).unwrap();
        assert_eq!(id, Some(43491));
        assert_eq!(
            times,
            vec![t("2019-01-18T09:00:00"), t("2019-04-18T16:30:00")]
        );
        let e = parse_truth_yaml("manoeuvre_timestamps:\n- 2019-13-18 09:00:00\n").unwrap_err();
        assert_eq!(e.line, 2);
    }

    #[test]
    fn reads_operator_files_and_their_zones() {
        let ids = "CRYO2 2010 105 17 47 2010 105 17 48     006 1 2010 105 17 47 00.000\n";
        assert_eq!(
            parse_operator_file(ids).unwrap(),
            vec![t("2010-04-15T17:47:00")]
        );
        let fy = "GEO-EW-STATION-KEEPING 2018-050A \"2022-01-18T09:00:00 CST\" \"2022-01-18T10:00:00 CST\"\n";
        assert_eq!(
            parse_operator_file(fy).unwrap(),
            vec![t("2022-01-18T01:00:00")]
        );
        assert_eq!(
            parse_operator_file("X 2010 400 1 1\n").unwrap_err().field,
            "day"
        );
        assert_eq!(
            parse_operator_file("A \"2022-01-18T09:00:00 PST\"\n")
                .unwrap_err()
                .field,
            "zone"
        );
    }

    proptest! {
        #[test]
        fn operator_ids_lines_round_trip(
            lines in proptest::collection::vec((2017u32..2036, 1u32..=365, 0u32..24, 0u32..60), 0..20)
        ) {
            // From 2017 on there is no leap second, so day and minute arithmetic on the
            // (TAI) epoch of New Year is exact.
            let mut text = String::new();
            let mut want = Vec::new();
            for (year, doy, h, m) in &lines {
                text.push_str(&format!("SAT {year} {doy:03} {h:02} {m:02} {year} {doy:03} 00 00 006 1\n"));
                let new_year = t(&format!("{year}-01-01T00:00:00"));
                let secs = ((*doy as f64 - 1.0) * 24.0 + *h as f64) * 3600.0 + *m as f64 * 60.0;
                want.push(new_year + uitkijk_time::Duration::from_seconds(secs));
            }
            prop_assert_eq!(parse_operator_file(&text).unwrap(), want);
        }

        #[test]
        fn operator_parser_never_panics(text in "\\PC{0,200}") {
            let _ = parse_operator_file(&text);
        }

        #[test]
        fn truth_round_trips(secs in proptest::collection::vec(0i64..2_000_000_000, 0..20), id in 1u32..999_999_999) {
            let epochs: Vec<Epoch> = secs.iter().map(|s| {
                t("1970-01-01T00:00:00") + uitkijk_time::Duration::from_seconds(*s as f64)
            }).collect();
            let mut text = format!("SATCAT number: {id}\nmanoeuvre_timestamps:\n");
            for e in &epochs {
                let iso = uitkijk_time::format_utc_millis(*e);
                // The benchmark writes seconds without a fraction and a space for the T.
                text.push_str(&format!("- {}\n", &iso[..19].replace('T', " ")));
            }
            let (got_id, got) = parse_truth_yaml(&text).unwrap();
            prop_assert_eq!(got_id, Some(id));
            prop_assert_eq!(got, epochs);
        }

        #[test]
        fn truth_parser_never_panics(text in "\\PC{0,200}") {
            let _ = parse_truth_yaml(&text);
        }
    }
}
