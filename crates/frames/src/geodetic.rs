//! ITRF ↔ geodetic coordinates on the WGS-84 ellipsoid.

use crate::state::{Itrf, State};

/// WGS-84 semi-major axis, km.
pub const WGS84_A_KM: f64 = 6378.137;
/// WGS-84 flattening.
pub const WGS84_F: f64 = 1.0 / 298.257_223_563;

/// Geodetic coordinates on WGS-84.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Geodetic {
    /// Geodetic latitude, degrees, −90 ..= 90.
    pub lat_deg: f64,
    /// Longitude, degrees east, −180 ..= 180.
    pub lon_deg: f64,
    /// Height above the ellipsoid, km.
    pub alt_km: f64,
}

/// Geodetic coordinates of an ITRF state's position.
pub fn itrf_to_geodetic(state: &State<Itrf>) -> Geodetic {
    geodetic_from_itrf_km(&state.position_km)
}

/// Geodetic coordinates of an ITRF position, km.
///
/// Closed form of Vermeille, "Direct transformation from geocentric coordinates to geodetic
/// coordinates", J. Geodesy 76 (2002) 451–454: exact (no iteration), valid at the poles and at
/// any distance (GEO, the Moon). Inside the evolute of the ellipse (within ~43 km of the centre,
/// where the formula's cube root is not defined) it falls back to a fixed-point iteration, which
/// no orbit reaches but keeps the function total.
pub fn geodetic_from_itrf_km(r: &[f64; 3]) -> Geodetic {
    let (x, y, z) = (r[0], r[1], r[2]);
    let a = WGS84_A_KM;
    let e2 = WGS84_F * (2.0 - WGS84_F);
    let e4 = e2 * e2;
    let rho2 = x * x + y * y;
    let rho = rho2.sqrt();
    let lon = y.atan2(x);
    let p = rho2 / (a * a);
    let q = (1.0 - e2) * z * z / (a * a);
    let rr = (p + q - e4) / 6.0;
    // rr ≤ 0 only within a·e² ≈ 43 km of the centre.
    let (lat, h) = if rr > 0.0 {
        let s = e4 * p * q / (4.0 * rr * rr * rr);
        let t = (1.0 + s + (s * (2.0 + s)).max(0.0).sqrt()).cbrt();
        let u = rr * (1.0 + t + 1.0 / t);
        let v = (u * u + e4 * q).sqrt();
        let w = e2 * (u + v - q) / (2.0 * v);
        let k = (u + v + w * w).sqrt() - w;
        let d = k * rho / (k + e2);
        let dz = (d * d + z * z).sqrt();
        let lat = 2.0 * z.atan2(d + dz);
        let h = (k + e2 - 1.0) / k * dz;
        (lat, h)
    } else {
        near_centre(rho, z, a, e2)
    };
    Geodetic {
        lat_deg: lat.to_degrees(),
        lon_deg: lon.to_degrees(),
        alt_km: h,
    }
}

/// Deep inside the Earth (within a·e² of the centre) several ellipse normals pass through the
/// point; take the nearest foot point. The foot point (a cos β, b sin β) makes
/// f(β) = (a² − b²) sin β cos β − a ρ sin β + b |z| cos β vanish; sample β, bisect each sign
/// change, keep the closest.
fn near_centre(rho: f64, z: f64, a: f64, e2: f64) -> (f64, f64) {
    let b = a * (1.0 - e2).sqrt();
    let za = z.abs();
    let f = |beta: f64| {
        let (s, c) = beta.sin_cos();
        (a * a - b * b) * s * c - a * rho * s + b * za * c
    };
    let half_pi = std::f64::consts::FRAC_PI_2;
    let dist = |beta: f64| {
        let (s, c) = beta.sin_cos();
        ((rho - a * c).powi(2) + (za - b * s).powi(2)).sqrt()
    };
    // The vertices (β = 0, π/2) are always stationary points of the distance on the axes.
    let mut best = (dist(0.0), 0.0);
    if dist(half_pi) < best.0 {
        best = (dist(half_pi), half_pi);
    }
    let n = 64;
    for k in 0..n {
        let (mut lo, mut hi) = (
            half_pi * k as f64 / n as f64,
            half_pi * (k + 1) as f64 / n as f64,
        );
        if f(lo) * f(hi) > 0.0 {
            continue;
        }
        for _ in 0..80 {
            let mid = 0.5 * (lo + hi);
            if f(lo) * f(mid) <= 0.0 {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        let beta = 0.5 * (lo + hi);
        let d = dist(beta);
        if d < best.0 {
            best = (d, beta);
        }
    }
    let (s, c) = best.1.sin_cos();
    let lat = (a * s).atan2(b * c);
    // Inside the ellipsoid: height is minus the distance to the foot point.
    (lat.copysign(if z == 0.0 { 1.0 } else { z }), -best.0)
}

/// The ITRF position, km, of geodetic coordinates.
pub fn geodetic_to_itrf_km(g: &Geodetic) -> [f64; 3] {
    let e2 = WGS84_F * (2.0 - WGS84_F);
    let (sl, cl) = g.lat_deg.to_radians().sin_cos();
    let (so, co) = g.lon_deg.to_radians().sin_cos();
    let n = WGS84_A_KM / (1.0 - e2 * sl * sl).sqrt();
    [
        (n + g.alt_km) * cl * co,
        (n + g.alt_km) * cl * so,
        (n * (1.0 - e2) + g.alt_km) * sl,
    ]
}
