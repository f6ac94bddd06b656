//! The Earth's gravity field as fully normalised spherical harmonics, and its acceleration.
//!
//! Coefficients: EGM96 (Lemoine et al., NASA/TP-1998-206861), tide-free, in the ICGEM `.gfc`
//! format, bundled to degree and order 90 (`data/EGM96_deg90.gfc.gz`, see `data/SOURCE.md`).
//!
//! Acceleration: the V/W recursion of Cunningham (1970) as given by Montenbruck & Gill,
//! *Satellite Orbits* (2000), §3.2.4–3.2.5 (eqs. 3.29–3.33), rewritten for fully normalised
//! V̄ₙₘ = N̄ₙₘ Vₙₘ so that no factorial ratio is ever formed: unnormalised recursions overflow
//! past degree ~85 and lose digits well before. The recursion coefficients follow from
//! N̄ₙₘ = √((2−δₘ₀)(2n+1)(n−m)!/(n+m)!) (Heiskanen & Moritz 1967, eq. 1-73); they are derived
//! in the comments of [`GravityModel::new`].

// The recursions index several arrays in lockstep.
#![allow(clippy::needless_range_loop)]

use std::io::Read;
use std::sync::OnceLock;

use super::NumericalError;

/// A gravity field's normalised coefficients C̄ₙₘ, S̄ₙₘ up to some degree.
#[derive(Debug, Clone, PartialEq)]
pub struct GravityField {
    /// Model name from the file header.
    pub name: String,
    /// GM of the model, km³/s².
    pub gm_km3_s2: f64,
    /// Reference radius of the model, km.
    pub radius_km: f64,
    /// Highest degree held.
    pub max_degree: usize,
    /// C̄ₙₘ at index n(n+1)/2 + m.
    c: Vec<f64>,
    /// S̄ₙₘ at index n(n+1)/2 + m.
    s: Vec<f64>,
}

#[inline]
fn tri(n: usize, m: usize) -> usize {
    n * (n + 1) / 2 + m
}

static EGM96: OnceLock<GravityField> = OnceLock::new();

impl GravityField {
    /// EGM96 to degree and order 90, bundled.
    pub fn egm96() -> &'static GravityField {
        EGM96.get_or_init(|| {
            let gz: &[u8] = include_bytes!("../../data/EGM96_deg90.gfc.gz");
            let mut text = String::new();
            // The bundled file is checked by the tests; failure here is a build defect.
            flate2::read::GzDecoder::new(gz)
                .read_to_string(&mut text)
                .expect("bundled EGM96 file is valid gzip");
            GravityField::parse_gfc(&text, "EGM96_deg90.gfc").expect("bundled EGM96 file parses")
        })
    }

    /// Normalised C̄ₙₘ (0 beyond the held degree).
    pub fn c(&self, n: usize, m: usize) -> f64 {
        if m > n || n > self.max_degree {
            0.0
        } else {
            self.c[tri(n, m)]
        }
    }

    /// Normalised S̄ₙₘ (0 beyond the held degree).
    pub fn s(&self, n: usize, m: usize) -> f64 {
        if m > n || n > self.max_degree {
            0.0
        } else {
            self.s[tri(n, m)]
        }
    }

    /// Parse an ICGEM gravity-field file (`.gfc`, International Centre for Global Earth
    /// Models format, Barthelmes & Förste 2011): header keywords `modelname`,
    /// `earth_gravity_constant` (m³/s²), `radius` (m), `max_degree`, `norm` (only
    /// `fully_normalized`, the default, is accepted), then `end_of_head`, then
    /// `gfc L M C S [sigmas]` lines. `file` names the source in errors.
    pub fn parse_gfc(text: &str, file: &str) -> Result<GravityField, NumericalError> {
        let bad = |line: usize, field: &str, why: String| NumericalError::Data {
            file: file.to_string(),
            line,
            field: field.to_string(),
            why,
        };
        let mut name = String::from("unnamed");
        let (mut gm, mut radius, mut max_degree) = (None, None, None);
        let mut lines = text.lines().enumerate();
        let mut ended = false;
        for (i, line) in lines.by_ref() {
            let mut it = line.split_whitespace();
            let key = it.next().unwrap_or("");
            let value = it.next();
            let num = |v: Option<&str>| -> Result<f64, NumericalError> {
                v.and_then(|s| s.replace(['D', 'd'], "e").parse::<f64>().ok())
                    .filter(|x| x.is_finite())
                    .ok_or_else(|| bad(i + 1, key, format!("{v:?} is not a number")))
            };
            match key {
                "end_of_head" => {
                    ended = true;
                    break;
                }
                "modelname" => name = value.unwrap_or("unnamed").to_string(),
                "earth_gravity_constant" => gm = Some(num(value)? * 1e-9),
                "radius" => radius = Some(num(value)? * 1e-3),
                "max_degree" => {
                    let d = num(value)?;
                    if !(0.0..=2190.0).contains(&d) || d.fract() != 0.0 {
                        return Err(bad(i + 1, key, format!("{d} is not a degree")));
                    }
                    max_degree = Some(d as usize)
                }
                "norm" if value != Some("fully_normalized") => {
                    return Err(bad(
                        i + 1,
                        key,
                        format!("{value:?}: only fully_normalized coefficients are supported"),
                    ))
                }
                _ => {}
            }
        }
        if !ended {
            return Err(bad(0, "end_of_head", "the header never ends".into()));
        }
        let missing = |f: &str| bad(0, f, "missing from the header".into());
        let gm = gm.ok_or_else(|| missing("earth_gravity_constant"))?;
        let radius = radius.ok_or_else(|| missing("radius"))?;
        let max_degree = max_degree.ok_or_else(|| missing("max_degree"))?;
        if gm <= 0.0 || radius <= 0.0 {
            return Err(bad(0, "radius", "GM and radius must be positive".into()));
        }
        let size = tri(max_degree, max_degree) + 1;
        let mut c = vec![0.0; size];
        let mut s = vec![0.0; size];
        for (i, line) in lines {
            let f: Vec<&str> = line.split_whitespace().collect();
            match f.first() {
                None => continue,
                Some(&"gfc") | Some(&"gfct") => {}
                Some(_) => continue,
            }
            if f.len() < 5 {
                return Err(bad(i + 1, "gfc", "needs L M C S".into()));
            }
            let int = |k: usize, field: &str| -> Result<usize, NumericalError> {
                f[k].parse::<usize>()
                    .map_err(|_| bad(i + 1, field, format!("{:?} is not a degree/order", f[k])))
            };
            let real = |k: usize, field: &str| -> Result<f64, NumericalError> {
                f[k].replace(['D', 'd'], "e")
                    .parse::<f64>()
                    .ok()
                    .filter(|x| x.is_finite())
                    .ok_or_else(|| bad(i + 1, field, format!("{:?} is not a number", f[k])))
            };
            let (n, m) = (int(1, "L")?, int(2, "M")?);
            if m > n {
                return Err(bad(i + 1, "M", format!("order {m} above degree {n}")));
            }
            if n > max_degree {
                continue;
            }
            c[tri(n, m)] = real(3, "C")?;
            s[tri(n, m)] = real(4, "S")?;
        }
        Ok(GravityField {
            name,
            gm_km3_s2: gm,
            radius_km: radius,
            max_degree,
            c,
            s,
        })
    }
}

/// A field truncated to a degree and order, with the recursion's constants precomputed and
/// its working arrays, ready to give accelerations.
///
/// Storage is by columns of order m (n = m, m+1, …), so that the sums over degree run over
/// contiguous memory and vectorise.
#[derive(Debug, Clone)]
pub struct GravityModel {
    degree: usize,
    order: usize,
    gm_km3_s2: f64,
    radius_km: f64,
    /// Start of column m in the V̄/W̄ and recursion arrays (rows n = m..=degree+1).
    col: Vec<usize>,
    /// Start of column m in the coefficient arrays (rows n = m..=degree).
    ccol: Vec<usize>,
    /// C̄, S̄ by column.
    c: Vec<f64>,
    s: Vec<f64>,
    /// Recursion: aₙₘ, bₙₘ by column, and dₘ of the diagonal.
    a: Vec<f64>,
    b: Vec<f64>,
    d: Vec<f64>,
    /// Acceleration factors by coefficient column: for V̄ₙ₊₁,ₘ₊₁, V̄ₙ₊₁,ₘ₋₁ and V̄ₙ₊₁,ₘ.
    fp: Vec<f64>,
    fm: Vec<f64>,
    fz: Vec<f64>,
    /// V̄, W̄ by column.
    v: Vec<f64>,
    w: Vec<f64>,
}

impl GravityModel {
    /// The field truncated to `degree` and `order` (order ≤ degree; both ≤ the field's).
    /// Degree 0 is a point mass; order 0 keeps the zonal terms only.
    pub fn new(field: &GravityField, degree: usize, order: usize) -> Result<Self, NumericalError> {
        if degree > field.max_degree || order > degree {
            return Err(NumericalError::Config(format!(
                "gravity {degree}x{order}: the {} field holds degree {} and the order cannot exceed the degree",
                field.name, field.max_degree
            )));
        }
        let top = degree + 1;
        // V̄/W̄ columns m = 0..=order+1 (capped at top), rows n = m..=top.
        let mcols = (order + 1).min(top) + 1;
        let mut col = Vec::with_capacity(mcols + 1);
        let mut size = 0;
        for m in 0..mcols {
            col.push(size);
            size += top + 1 - m;
        }
        col.push(size);
        let (mut a, mut b, mut d) = (vec![0.0; size], vec![0.0; size], vec![0.0; mcols]);
        for m in 0..mcols {
            for n in (m + 1)..=top {
                let (nf, mf) = (n as f64, m as f64);
                let i = col[m] + n - m;
                // V̄ₙₘ = aₙₘ z̃ V̄ₙ₋₁,ₘ − bₙₘ ρ̃² V̄ₙ₋₂,ₘ from M&G (3.30) with
                // N̄ₙₘ/N̄ₙ₋₁,ₘ = √((2n+1)(n−m)/((2n−1)(n+m))) and
                // N̄ₙₘ/N̄ₙ₋₂,ₘ = √((2n+1)(n−m)(n−m−1)/((2n−3)(n+m)(n+m−1))).
                a[i] = ((2.0 * nf - 1.0) * (2.0 * nf + 1.0) / ((nf - mf) * (nf + mf))).sqrt();
                if n >= m + 2 {
                    b[i] = ((2.0 * nf + 1.0) * (nf + mf - 1.0) * (nf - mf - 1.0)
                        / ((2.0 * nf - 3.0) * (nf + mf) * (nf - mf)))
                        .sqrt();
                }
            }
        }
        for (m, dm) in d.iter_mut().enumerate().skip(1) {
            // (2m−1)·N̄ₘₘ/N̄ₘ₋₁,ₘ₋₁: √3 for m = 1 (the δₘ₀ of N̄₀₀), √((2m+1)/(2m)) after.
            let mf = m as f64;
            *dm = if m == 1 {
                3f64.sqrt()
            } else {
                ((2.0 * mf + 1.0) / (2.0 * mf)).sqrt()
            };
        }
        let mut ccol = Vec::with_capacity(order + 2);
        let mut csize = 0;
        for m in 0..=order {
            ccol.push(csize);
            csize += degree + 1 - m;
        }
        ccol.push(csize);
        let (mut fp, mut fm, mut fz) = (vec![0.0; csize], vec![0.0; csize], vec![0.0; csize]);
        let (mut c, mut s) = (vec![0.0; csize], vec![0.0; csize]);
        for m in 0..=order {
            for n in m..=degree {
                let (nf, mf) = (n as f64, m as f64);
                let q = (2.0 * nf + 1.0) / (2.0 * nf + 3.0);
                let i = ccol[m] + n - m;
                c[i] = field.c(n, m);
                s[i] = field.s(n, m);
                // M&G (3.33) with Cₙₘ V_{n+1,k} = C̄ₙₘ V̄_{n+1,k} N̄ₙₘ/N̄ₙ₊₁,ₖ:
                // N̄ₙₘ/N̄ₙ₊₁,ₘ₊₁ = √((2−δₘ₀)/2 · q · (n+m+1)(n+m+2)),
                // (n−m+2)(n−m+1) N̄ₙₘ/N̄ₙ₊₁,ₘ₋₁ = √(2/(2−δₘ₁) · q · (n−m+1)(n−m+2)),
                // (n−m+1) N̄ₙₘ/N̄ₙ₊₁,ₘ = √(q (n+m+1)(n−m+1)), q = (2n+1)/(2n+3).
                let k0 = if m == 0 { 0.5 } else { 1.0 };
                fp[i] = (k0 * q * (nf + mf + 1.0) * (nf + mf + 2.0)).sqrt();
                if m >= 1 {
                    let k1 = if m == 1 { 2.0 } else { 1.0 };
                    fm[i] = (k1 * q * (nf - mf + 1.0) * (nf - mf + 2.0)).sqrt();
                }
                fz[i] = (q * (nf + mf + 1.0) * (nf - mf + 1.0)).sqrt();
            }
        }
        Ok(GravityModel {
            degree,
            order,
            gm_km3_s2: field.gm_km3_s2,
            radius_km: field.radius_km,
            col,
            ccol,
            c,
            s,
            a,
            b,
            d,
            fp,
            fm,
            fz,
            v: vec![0.0; size],
            w: vec![0.0; size],
        })
    }

    /// Degree in use.
    pub fn degree(&self) -> usize {
        self.degree
    }
    /// Order in use.
    pub fn order(&self) -> usize {
        self.order
    }
    /// GM of the field, km³/s².
    pub fn gm_km3_s2(&self) -> f64 {
        self.gm_km3_s2
    }
    /// Reference radius of the field, km.
    pub fn radius_km(&self) -> f64 {
        self.radius_km
    }

    /// Gravitational acceleration (km/s²) at an Earth-fixed position (km), all terms
    /// including the central one.
    pub fn acceleration(&mut self, r_km: &[f64; 3]) -> [f64; 3] {
        let [x, y, z] = *r_km;
        let r2 = x * x + y * y + z * z;
        let re = self.radius_km;
        let rho = re / r2;
        let (x0, y0, z0, rho2) = (x * rho, y * rho, z * rho, re * rho);
        let mcols = self.col.len() - 1;
        let (mut vd, mut wd) = (re / r2.sqrt(), 0.0);
        for m in 0..mcols {
            let (lo, hi) = (self.col[m], self.col[m + 1]);
            if m > 0 {
                let dm = self.d[m];
                (vd, wd) = (dm * (x0 * vd - y0 * wd), dm * (x0 * wd + y0 * vd));
            }
            let (v, w) = (&mut self.v[lo..hi], &mut self.w[lo..hi]);
            let (a, b) = (&self.a[lo..hi], &self.b[lo..hi]);
            v[0] = vd;
            w[0] = wd;
            if v.len() > 1 {
                v[1] = a[1] * z0 * vd;
                w[1] = a[1] * z0 * wd;
            }
            for j in 2..v.len() {
                v[j] = a[j] * z0 * v[j - 1] - b[j] * rho2 * v[j - 2];
                w[j] = a[j] * z0 * w[j - 1] - b[j] * rho2 * w[j - 2];
            }
        }
        let (mut ax, mut ay, mut az) = (0.0, 0.0, 0.0);
        for m in 0..=self.order {
            let (lo, hi) = (self.ccol[m], self.ccol[m + 1]);
            let len = hi - lo;
            let (c, s) = (&self.c[lo..hi], &self.s[lo..hi]);
            let (fp, fz) = (&self.fp[lo..hi], &self.fz[lo..hi]);
            // Row n+1 of column k starts at index n+1−k of that column; n runs m..=degree.
            let up = self.col[m + 1];
            let (vu, wu) = (&self.v[up..up + len], &self.w[up..up + len]);
            let zc = self.col[m] + 1;
            let (vz, wz) = (&self.v[zc..zc + len], &self.w[zc..zc + len]);
            let (mut sx, mut sy, mut sz) = (0.0, 0.0, 0.0);
            if m == 0 {
                for j in 0..len {
                    sx -= c[j] * fp[j] * vu[j];
                    sy -= c[j] * fp[j] * wu[j];
                    sz -= fz[j] * c[j] * vz[j];
                }
            } else {
                let fm = &self.fm[lo..hi];
                let dn = self.col[m - 1] + 2;
                let (vm, wm) = (&self.v[dn..dn + len], &self.w[dn..dn + len]);
                for j in 0..len {
                    let (cj, sj) = (c[j], s[j]);
                    sx += 0.5
                        * (fp[j] * (-cj * vu[j] - sj * wu[j]) + fm[j] * (cj * vm[j] + sj * wm[j]));
                    sy += 0.5
                        * (fp[j] * (-cj * wu[j] + sj * vu[j]) + fm[j] * (-cj * wm[j] + sj * vm[j]));
                    sz += fz[j] * (-cj * vz[j] - sj * wz[j]);
                }
            }
            ax += sx;
            ay += sy;
            az += sz;
        }
        let k = self.gm_km3_s2 / (re * re);
        [k * ax, k * ay, k * az]
    }
}
