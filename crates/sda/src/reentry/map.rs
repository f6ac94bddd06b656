//! An SVG world map of a re-entry: equirectangular (plate carrée) projection, country
//! outlines of the bundled atlas, the regions filled, the ground track across the window, the
//! sub-satellite point at the predicted time, and the window in the title.

use std::fmt::Write as _;

use super::region::{atlas, Region};
use super::track::TrackPoint;
use uitkijk_time::{format_utc_millis, Epoch};

/// Pixels per degree.
const K: f64 = 4.0;
/// Most track points drawn (the track is thinned evenly beyond).
const MAX_TRACK_POINTS: usize = 30_000;

fn xy(lon: f64, lat: f64) -> (f64, f64) {
    ((lon + 180.0) * K, (90.0 - lat) * K + 40.0)
}

fn ring_path(out: &mut String, ring: &[[f64; 2]]) {
    // Rings unwrapped past ±180 (user regions) are drawn where they belong, the path broken
    // where it jumps across the map (then left open); ±180 itself stays on its own side.
    let mut prev: Option<f64> = None;
    let mut broken = false;
    for q in ring {
        let lon = if q[0].abs() > 180.0 {
            (q[0] + 180.0).rem_euclid(360.0) - 180.0
        } else {
            q[0]
        };
        let (x, y) = xy(lon, q[1]);
        let jump = prev.is_some_and(|l| (lon - l).abs() > 180.0);
        broken |= jump;
        let cmd = if prev.is_none() || jump { "M" } else { "L" };
        let _ = write!(out, "{cmd}{x:.1},{y:.1}");
        prev = Some(lon);
    }
    if !broken {
        out.push('Z');
    }
}

/// What the title says.
#[derive(Debug, Clone)]
pub struct MapTitle {
    /// Catalog number.
    pub norad_id: u32,
    /// Predicted (median) time.
    pub predicted: Option<Epoch>,
    /// Window.
    pub window: Option<(Epoch, Epoch)>,
}

/// The SVG text of the map.
pub fn svg(title: &MapTitle, track: &[TrackPoint], regions: &[Region]) -> String {
    let (w, h) = (360.0 * K, 180.0 * K + 70.0);
    let mut s = String::new();
    let _ = writeln!(
        s,
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="sans-serif">"##
    );
    let _ = writeln!(s, r##"<rect width="{w}" height="{h}" fill="#ffffff"/>"##);
    let _ = writeln!(
        s,
        r##"<rect x="0" y="40" width="{w}" height="{}" fill="#dbe9f6"/>"##,
        180.0 * K
    );
    // Graticule every 30°.
    let mut g = String::new();
    for lon in (-180..=180).step_by(30) {
        let (x, y0) = xy(lon as f64, 90.0);
        let (_, y1) = xy(lon as f64, -90.0);
        let _ = write!(g, "M{x:.1},{y0:.1}V{y1:.1}");
    }
    for lat in (-90..=90).step_by(30) {
        let (x0, y) = xy(-180.0, lat as f64);
        let _ = write!(g, "M{x0:.1},{y:.1}H{:.1}", x0 + 360.0 * K);
    }
    let _ = writeln!(
        s,
        r##"<path d="{g}" stroke="#9fb6cc" stroke-width="0.5" fill="none"/>"##
    );
    let mut land = String::new();
    for f in atlas() {
        for p in &f.polygons {
            if let Some(outer) = p.first() {
                ring_path(&mut land, outer);
            }
        }
    }
    let _ = writeln!(
        s,
        r##"<path d="{land}" fill="#f2efe6" stroke="#8c8c8c" stroke-width="0.4"/>"##
    );
    let colours = ["#f4a259", "#5b8e7d", "#bc4b51", "#8cb369", "#6a4c93"];
    // The first region on top (NL over EU).
    for (k, r) in regions.iter().enumerate().rev() {
        let mut d = String::new();
        for p in &r.polygons {
            for ring in p {
                ring_path(&mut d, ring);
            }
        }
        let c = colours[k % colours.len()];
        let _ = writeln!(
            s,
            r##"<path d="{d}" fill="{c}" fill-opacity="0.75" fill-rule="evenodd" stroke="{c}" stroke-width="0.8"/>"##
        );
    }
    // The track, split where it jumps across the antimeridian.
    let stride = track.len().div_ceil(MAX_TRACK_POINTS).max(1);
    let mut d = String::new();
    let mut prev: Option<f64> = None;
    for p in track.iter().step_by(stride) {
        let (x, y) = xy(p.lon_deg, p.lat_deg);
        let jump = prev.is_none_or(|l| (p.lon_deg - l).abs() > 180.0);
        let _ = write!(d, "{}{x:.1},{y:.1}", if jump { "M" } else { "L" });
        prev = Some(p.lon_deg);
    }
    let _ = writeln!(
        s,
        r##"<path d="{d}" fill="none" stroke="#c1121f" stroke-width="1" stroke-opacity="0.55"/>"##
    );
    if let Some(c) = title.predicted.and_then(|t| {
        track
            .iter()
            .min_by(|a, b| {
                (a.epoch - t)
                    .abs()
                    .to_seconds()
                    .total_cmp(&(b.epoch - t).abs().to_seconds())
            })
            .copied()
    }) {
        let (x, y) = xy(c.lon_deg, c.lat_deg);
        let _ = writeln!(
            s,
            r##"<circle cx="{x:.1}" cy="{y:.1}" r="7" fill="#ffd60a" stroke="#000000" stroke-width="1.5"/>"##
        );
    }
    let t = |e: Option<Epoch>| e.map_or("–".to_string(), format_utc_millis);
    let window = title
        .window
        .map_or("no window within the horizon".to_string(), |(a, b)| {
            format!(
                "window {} to {}",
                format_utc_millis(a),
                format_utc_millis(b)
            )
        });
    let _ = writeln!(
        s,
        r##"<text x="10" y="27" font-size="20">Re-entry of {}: predicted {}, {window}</text>"##,
        title.norad_id,
        t(title.predicted)
    );
    let mut legend = String::from("ground track across the window (red); predicted point (yellow)");
    for (k, r) in regions.iter().enumerate() {
        let _ = write!(
            legend,
            "; {} ({})",
            r.name,
            ["orange", "green", "red", "light green", "purple"][k % 5]
        );
    }
    let _ = writeln!(
        s,
        r##"<text x="10" y="{:.0}" font-size="16">{}</text>"##,
        h - 10.0,
        legend.replace('&', "&amp;").replace('<', "&lt;")
    );
    s.push_str("</svg>\n");
    s
}
