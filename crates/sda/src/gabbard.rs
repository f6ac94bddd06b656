//! Gabbard diagrams as SVG: apogee and perigee height against orbital period, one pair of
//! marks per object — the picture in which a fresh debris cloud shows as an "X" centred on its
//! parent (Gabbard's plot, as used throughout NASA's *History of On-Orbit Satellite
//! Fragmentations*, JSC-62530).

use serde::Serialize;

/// One object of a Gabbard diagram.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct GabbardPoint {
    /// Catalog number.
    pub norad_id: u32,
    /// Orbital period, minutes.
    pub period_min: f64,
    /// Apogee height, km.
    pub apogee_km: f64,
    /// Perigee height, km.
    pub perigee_km: f64,
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A standalone SVG document: apogees as red dots, perigees as blue dots, the parent (if
/// given) as a black cross for each; axes with ticks. Non-finite points are left out. The
/// output depends only on the input (fixed formatting), so it is reproducible byte for byte.
pub fn svg(title: &str, points: &[GabbardPoint], parent: Option<&GabbardPoint>) -> String {
    const W: f64 = 800.0;
    const H: f64 = 560.0;
    const L: f64 = 70.0;
    const R: f64 = 20.0;
    const T: f64 = 40.0;
    const B: f64 = 50.0;
    let ok = |p: &&GabbardPoint| {
        p.period_min.is_finite() && p.apogee_km.is_finite() && p.perigee_km.is_finite()
    };
    let all: Vec<&GabbardPoint> = points.iter().chain(parent).filter(ok).collect();
    let (mut x0, mut x1, mut y0, mut y1) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
    for p in &all {
        x0 = x0.min(p.period_min);
        x1 = x1.max(p.period_min);
        y0 = y0.min(p.perigee_km.min(p.apogee_km));
        y1 = y1.max(p.apogee_km.max(p.perigee_km));
    }
    if all.is_empty() {
        (x0, x1, y0, y1) = (90.0, 100.0, 0.0, 1000.0);
    }
    let pad = |a: f64, b: f64| {
        let d = ((b - a) * 0.05).max(1e-3);
        (a - d, b + d)
    };
    let (x0, x1) = pad(x0, x1);
    let (y0, y1) = pad(y0, y1);
    let sx = |x: f64| L + (x - x0) / (x1 - x0) * (W - L - R);
    let sy = |y: f64| H - B - (y - y0) / (y1 - y0) * (H - T - B);
    let mut s = String::new();
    s.push_str(&format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{W}\" height=\"{H}\" viewBox=\"0 0 {W} {H}\">\n"
    ));
    s.push_str(&format!("<title>{}</title>\n", esc(title)));
    s.push_str("<rect x=\"0\" y=\"0\" width=\"800\" height=\"560\" fill=\"white\"/>\n");
    s.push_str(&format!(
        "<text x=\"{}\" y=\"24\" font-family=\"sans-serif\" font-size=\"16\" text-anchor=\"middle\">{}</text>\n",
        W / 2.0,
        esc(title)
    ));
    s.push_str(&format!(
        "<g stroke=\"black\" fill=\"none\"><line x1=\"{L}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"/><line x1=\"{L}\" y1=\"{T}\" x2=\"{L}\" y2=\"{}\"/></g>\n",
        H - B, W - R, H - B, H - B
    ));
    for k in 0..=5 {
        let xv = x0 + (x1 - x0) * k as f64 / 5.0;
        let yv = y0 + (y1 - y0) * k as f64 / 5.0;
        s.push_str(&format!(
            "<text x=\"{:.1}\" y=\"{:.1}\" font-family=\"sans-serif\" font-size=\"11\" text-anchor=\"middle\">{:.1}</text>\n",
            sx(xv), H - B + 16.0, xv
        ));
        s.push_str(&format!(
            "<text x=\"{:.1}\" y=\"{:.1}\" font-family=\"sans-serif\" font-size=\"11\" text-anchor=\"end\">{:.0}</text>\n",
            L - 6.0, sy(yv) + 4.0, yv
        ));
    }
    s.push_str(&format!(
        "<text x=\"{}\" y=\"{}\" font-family=\"sans-serif\" font-size=\"13\" text-anchor=\"middle\">period (min)</text>\n",
        (L + W - R) / 2.0, H - 12.0
    ));
    s.push_str(&format!(
        "<text x=\"16\" y=\"{}\" font-family=\"sans-serif\" font-size=\"13\" text-anchor=\"middle\" transform=\"rotate(-90 16 {})\">height (km): apogee red, perigee blue</text>\n",
        (T + H - B) / 2.0, (T + H - B) / 2.0
    ));
    s.push_str("<g stroke=\"none\">\n");
    for p in points.iter().filter(|p| ok(p)) {
        s.push_str(&format!(
            "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"2\" fill=\"#c0392b\"><title>{} apogee</title></circle>\n<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"2\" fill=\"#2c6fbb\"><title>{} perigee</title></circle>\n",
            sx(p.period_min), sy(p.apogee_km), p.norad_id, sx(p.period_min), sy(p.perigee_km), p.norad_id
        ));
    }
    s.push_str("</g>\n");
    if let Some(p) = parent.filter(|p| ok(p)) {
        for y in [p.apogee_km, p.perigee_km] {
            let (cx, cy) = (sx(p.period_min), sy(y));
            s.push_str(&format!(
                "<path d=\"M{:.1} {:.1}L{:.1} {:.1}M{:.1} {:.1}L{:.1} {:.1}\" stroke=\"black\" stroke-width=\"2\"><title>{} parent</title></path>\n",
                cx - 6.0, cy - 6.0, cx + 6.0, cy + 6.0, cx - 6.0, cy + 6.0, cx + 6.0, cy - 6.0, p.norad_id
            ));
        }
    }
    s.push_str("</svg>\n");
    s
}
