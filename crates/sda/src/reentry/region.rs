//! Regions on the ground: countries of the bundled Natural Earth atlas, the Netherlands, the
//! EU, or a GeoJSON polygon file; and whether a ground track crosses them.
//!
//! The atlas is Natural Earth 1:50m admin-0 countries (public domain) as TopoJSON from the npm
//! package `world-atlas` 2.0.2 (`data/regions/SOURCE.md`). Its "Netherlands" feature holds the
//! European Netherlands and the Caribbean special municipalities (Bonaire, Sint Eustatius,
//! Saba); Aruba, Curaçao and Sint Maarten are separate features. Names:
//!
//! - `NL`: the **European** Netherlands only (the territory the national centre watches; the
//!   Caribbean parts lie 7 500 km away and are a separate question). `Netherlands` (the atlas
//!   name) is the whole feature.
//! - `EU`: the 27 member states (2020-02-01 on) with all their atlas polygons, which include
//!   the outermost regions (French Guiana, Réunion, the Azores…, part of the EU under TFEU
//!   art. 349) but not the Caribbean Netherlands (an overseas country/territory, not EU).
//! - any atlas name (case-insensitive, e.g. `Belgium`), ISO 3166-1 numeric code (`056`), or
//!   the alpha-2 code of an EU member state (`BE`);
//! - a path to a GeoJSON file (`Polygon`, `MultiPolygon`, `Feature` or `FeatureCollection`).
//!
//! Point-in-polygon is the even–odd ray test on longitude/latitude, which is exact for the
//! atlas (its polygons are cut at the antimeridian) and, for user polygons that cross the
//! antimeridian, after unwrapping each ring's longitudes to be continuous and testing the
//! point at λ and λ ± 360°. Edges are straight in lon/lat, not great circles: for the atlas's
//! short 1:50m edges the difference is metres.

use std::io::Read;
use std::sync::OnceLock;

use super::topojson::{self, Feature, Polygon};

/// A named set of polygons in (lon, lat) degrees.
#[derive(Debug, Clone, PartialEq)]
pub struct Region {
    /// Name as shown in tables (`NL`, `EU`, `Belgium`, a file name).
    pub name: String,
    /// Polygons: outer ring, then holes.
    pub polygons: Vec<Polygon>,
    /// Bounding box per polygon: lon min, lon max, lat min, lat max (after unwrapping).
    bbox: Vec<[f64; 4]>,
}

/// Why a region could not be resolved.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum RegionError {
    /// Neither a known name nor a readable file.
    #[error("region {0:?}: not NL, EU, a country of the atlas, an ISO code, or a GeoJSON file")]
    Unknown(String),
    /// The GeoJSON file is not usable.
    #[error("region file {file}: {why}")]
    File {
        /// The file.
        file: String,
        /// What is wrong (with the JSON path).
        why: String,
    },
}

/// EU member states: alpha-2 code and ISO 3166-1 numeric code (Council of the EU, member
/// list after 2020-02-01; ISO 3166-1).
pub const EU27: [(&str, &str); 27] = [
    ("AT", "040"),
    ("BE", "056"),
    ("BG", "100"),
    ("HR", "191"),
    ("CY", "196"),
    ("CZ", "203"),
    ("DK", "208"),
    ("EE", "233"),
    ("FI", "246"),
    ("FR", "250"),
    ("DE", "276"),
    ("GR", "300"),
    ("HU", "348"),
    ("IE", "372"),
    ("IT", "380"),
    ("LV", "428"),
    ("LT", "440"),
    ("LU", "442"),
    ("MT", "470"),
    ("NL", "528"),
    ("PL", "616"),
    ("PT", "620"),
    ("RO", "642"),
    ("SK", "703"),
    ("SI", "705"),
    ("ES", "724"),
    ("SE", "752"),
];

/// Longitude west of which a Netherlands polygon is Caribbean.
const CARIBBEAN_LON_DEG: f64 = -30.0;

/// The countries of the bundled atlas.
pub fn atlas() -> &'static [Feature] {
    static ATLAS: OnceLock<Vec<Feature>> = OnceLock::new();
    ATLAS.get_or_init(|| {
        let gz: &[u8] = include_bytes!("../../data/regions/countries-50m.json.gz");
        let mut text = String::new();
        flate2::read::GzDecoder::new(gz)
            .read_to_string(&mut text)
            .expect("bundled atlas is valid gzip");
        topojson::decode(&text, "countries", "countries-50m.json").expect("bundled atlas decodes")
    })
}

fn outer_lon(p: &Polygon) -> f64 {
    p.first().and_then(|r| r.first()).map_or(0.0, |q| q[0])
}

impl Region {
    /// A region from polygons.
    pub fn new(name: impl Into<String>, polygons: Vec<Polygon>) -> Region {
        let mut polygons = polygons;
        for p in &mut polygons {
            for ring in p.iter_mut() {
                unwrap_ring(ring);
            }
        }
        let bbox = polygons
            .iter()
            .map(|p| {
                let mut b = [
                    f64::INFINITY,
                    f64::NEG_INFINITY,
                    f64::INFINITY,
                    f64::NEG_INFINITY,
                ];
                for q in p.first().into_iter().flatten() {
                    b[0] = b[0].min(q[0]);
                    b[1] = b[1].max(q[0]);
                    b[2] = b[2].min(q[1]);
                    b[3] = b[3].max(q[1]);
                }
                b
            })
            .collect();
        Region {
            name: name.into(),
            polygons,
            bbox,
        }
    }

    /// Resolve a name or file (module docs).
    pub fn resolve(spec: &str) -> Result<Region, RegionError> {
        let atlas = atlas();
        let upper = spec.trim().to_ascii_uppercase();
        let by_id = |id: &str| atlas.iter().find(|f| f.id.as_deref() == Some(id));
        match upper.as_str() {
            "NL" => {
                let nl = by_id("528").ok_or_else(|| RegionError::Unknown(spec.into()))?;
                let european = nl
                    .polygons
                    .iter()
                    .filter(|p| outer_lon(p) > CARIBBEAN_LON_DEG)
                    .cloned()
                    .collect();
                return Ok(Region::new("NL", european));
            }
            "EU" => {
                let mut polys = Vec::new();
                for (_, id) in EU27 {
                    let f = by_id(id).ok_or_else(|| RegionError::Unknown(id.into()))?;
                    polys.extend(
                        f.polygons
                            .iter()
                            .filter(|p| id != "528" || outer_lon(p) > CARIBBEAN_LON_DEG)
                            .cloned(),
                    );
                }
                return Ok(Region::new("EU", polys));
            }
            _ => {}
        }
        if let Some((_, id)) = EU27.iter().find(|(a2, _)| *a2 == upper) {
            if let Some(f) = by_id(id) {
                return Ok(Region::new(upper, f.polygons.clone()));
            }
        }
        if let Some(f) = atlas.iter().find(|f| {
            f.id.as_deref() == Some(spec.trim())
                || f.name
                    .as_deref()
                    .is_some_and(|n| n.eq_ignore_ascii_case(spec.trim()))
        }) {
            let name = f.name.clone().unwrap_or_else(|| spec.trim().to_string());
            return Ok(Region::new(name, f.polygons.clone()));
        }
        let path = std::path::Path::new(spec);
        if path.is_file() {
            let text = std::fs::read_to_string(path).map_err(|e| RegionError::File {
                file: spec.into(),
                why: e.to_string(),
            })?;
            let polys = geojson_polygons(&text).map_err(|why| RegionError::File {
                file: spec.into(),
                why,
            })?;
            let name = path
                .file_stem()
                .map_or(spec.to_string(), |s| s.to_string_lossy().into_owned());
            return Ok(Region::new(name, polys));
        }
        Err(RegionError::Unknown(spec.into()))
    }

    /// Whether (lon, lat) degrees lies inside.
    pub fn contains(&self, lon_deg: f64, lat_deg: f64) -> bool {
        let lon = (lon_deg + 180.0).rem_euclid(360.0) - 180.0;
        self.polygons.iter().zip(&self.bbox).any(|(p, b)| {
            if lat_deg < b[2] || lat_deg > b[3] {
                return false;
            }
            [lon, lon + 360.0, lon - 360.0]
                .into_iter()
                .filter(|&x| x >= b[0] && x <= b[1])
                .any(|x| {
                    p.iter()
                        .filter(|ring| crosses_odd(ring, x, lat_deg))
                        .count()
                        % 2
                        == 1
                })
        })
    }
}

/// Make a ring's longitudes continuous (no jump over 180° between neighbours).
fn unwrap_ring(ring: &mut [[f64; 2]]) {
    for i in 1..ring.len() {
        let d = ring[i][0] - ring[i - 1][0];
        if d > 180.0 {
            ring[i][0] -= 360.0 * ((d + 180.0) / 360.0).floor();
        } else if d < -180.0 {
            ring[i][0] += 360.0 * ((-d + 180.0) / 360.0).floor();
        }
    }
}

/// Even–odd ray test (ray towards +lon) of one ring.
fn crosses_odd(ring: &[[f64; 2]], x: f64, y: f64) -> bool {
    let mut inside = false;
    let n = ring.len();
    if n < 3 {
        return false;
    }
    let mut j = n - 1;
    for i in 0..n {
        let (xi, yi) = (ring[i][0], ring[i][1]);
        let (xj, yj) = (ring[j][0], ring[j][1]);
        if (yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi {
            inside = !inside;
        }
        j = i;
    }
    inside
}

/// Polygons of a GeoJSON text (RFC 7946): Polygon, MultiPolygon, Feature, FeatureCollection,
/// GeometryCollection. Errors name the JSON path.
pub fn geojson_polygons(text: &str) -> Result<Vec<Polygon>, String> {
    use serde_json::Value;
    let root: Value = serde_json::from_str(text)
        .map_err(|e| format!("line {} column {}: {e}", e.line(), e.column()))?;
    fn ring(v: &Value, path: &str) -> Result<Vec<[f64; 2]>, String> {
        let pts = v.as_array().ok_or(format!("{path}: not an array"))?;
        let mut out = Vec::with_capacity(pts.len());
        for (k, p) in pts.iter().enumerate() {
            match p.as_array().map(Vec::as_slice) {
                Some([a, b, ..]) => match (a.as_f64(), b.as_f64()) {
                    (Some(x), Some(y)) if x.is_finite() && (-90.0..=90.0).contains(&y) => {
                        out.push([x, y])
                    }
                    _ => return Err(format!("{path}[{k}]: not a lon, lat pair in degrees")),
                },
                _ => return Err(format!("{path}[{k}]: not a position")),
            }
        }
        if out.len() > 1 && out.first() == out.last() {
            out.pop();
        }
        if out.len() < 3 {
            return Err(format!("{path}: a ring needs 3 distinct positions"));
        }
        Ok(out)
    }
    fn polygon(v: &Value, path: &str) -> Result<Polygon, String> {
        v.as_array()
            .ok_or(format!("{path}: not an array of rings"))?
            .iter()
            .enumerate()
            .map(|(k, r)| ring(r, &format!("{path}[{k}]")))
            .collect()
    }
    fn walk(v: &Value, path: &str, out: &mut Vec<Polygon>) -> Result<(), String> {
        let coords = || v.get("coordinates").unwrap_or(&Value::Null);
        match v.get("type").and_then(Value::as_str) {
            Some("Polygon") => out.push(polygon(coords(), &format!("{path}.coordinates"))?),
            Some("MultiPolygon") => {
                for (k, p) in coords()
                    .as_array()
                    .ok_or(format!("{path}.coordinates: not an array"))?
                    .iter()
                    .enumerate()
                {
                    out.push(polygon(p, &format!("{path}.coordinates[{k}]"))?);
                }
            }
            Some("Feature") => walk(
                v.get("geometry").unwrap_or(&Value::Null),
                &format!("{path}.geometry"),
                out,
            )?,
            Some("FeatureCollection") | Some("GeometryCollection") => {
                let key = if v.get("features").is_some() {
                    "features"
                } else {
                    "geometries"
                };
                for (k, f) in v
                    .get(key)
                    .and_then(Value::as_array)
                    .ok_or(format!("{path}.{key}: not an array"))?
                    .iter()
                    .enumerate()
                {
                    walk(f, &format!("{path}.{key}[{k}]"), out)?;
                }
            }
            _ => {}
        }
        Ok(())
    }
    let mut out = Vec::new();
    walk(&root, "$", &mut out)?;
    if out.is_empty() {
        return Err("no Polygon or MultiPolygon".into());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_points() {
        let nl = Region::resolve("NL").unwrap();
        let eu = Region::resolve("EU").unwrap();
        // Amsterdam (52.37 N, 4.90 E), Brussels (50.85 N, 4.35 E), Oslo (59.91 N, 10.75 E),
        // Bonaire (12.15 N, 68.27 W), Cayenne (4.92 N, 52.31 W), Paris (48.86 N, 2.35 E).
        assert!(nl.contains(4.90, 52.37));
        assert!(eu.contains(4.90, 52.37));
        assert!(!nl.contains(4.35, 50.85));
        assert!(eu.contains(4.35, 50.85));
        assert!(!eu.contains(10.75, 59.91));
        assert!(!nl.contains(-68.27, 12.15));
        assert!(!eu.contains(-68.27, 12.15));
        assert!(Region::resolve("Netherlands")
            .unwrap()
            .contains(-68.27, 12.15));
        assert!(eu.contains(-52.31, 4.92));
        assert!(Region::resolve("fr").unwrap().contains(2.35, 48.86));
        assert!(Region::resolve("Norway").unwrap().contains(10.75, 59.91));
        // The North Sea off the Dutch coast is not land.
        assert!(!nl.contains(3.5, 53.0));
        // Fiji straddles the antimeridian; Taveuni lies at 179.9 W … 179.8 E, Vanua Levu's
        // east tip near 179.5 E (16.5 S): and the same place written as −180.5 (lon wraps).
        let fiji = Region::resolve("Fiji").unwrap();
        assert!(fiji.contains(179.0, -16.6));
        assert!(fiji.contains(-181.0, -16.6));
        assert!(!fiji.contains(175.0, -16.6));
        assert!(Region::resolve("Atlantis").is_err());
    }

    #[test]
    fn geojson_across_the_antimeridian() {
        // A box from 170 E to 170 W (20° wide across ±180), 10 S to 10 N.
        let text = r#"{"type":"Feature","geometry":{"type":"Polygon","coordinates":
            [[[170,-10],[-170,-10],[-170,10],[170,10],[170,-10]]]}}"#;
        let r = Region::new("box", geojson_polygons(text).unwrap());
        assert!(r.contains(180.0, 0.0));
        assert!(r.contains(-180.0, 0.0));
        assert!(r.contains(175.0, 5.0));
        assert!(r.contains(-175.0, -5.0));
        assert!(!r.contains(0.0, 0.0));
        assert!(!r.contains(165.0, 0.0));
        assert!(!r.contains(180.0, 11.0));
        assert!(
            geojson_polygons(r#"{"type":"Polygon","coordinates":[[[0,0],[1,1]]]}"#)
                .unwrap_err()
                .contains("coordinates[0]")
        );
    }

    proptest::proptest! {
        /// The parser never panics, and a rectangle always contains its centre.
        #[test]
        fn geojson_rectangles(lon in -180.0f64..180.0, lat in -80.0f64..80.0,
                              w in 0.1f64..60.0, h in 0.1f64..9.0, junk in ".{0,64}") {
            let _ = geojson_polygons(&junk);
            let (e, n) = (lon + w, lat + h);
            let wrap = |x: f64| (x + 180.0).rem_euclid(360.0) - 180.0;
            let text = format!(r#"{{"type":"Polygon","coordinates":[[[{},{lat}],[{},{lat}],[{},{n}],[{},{n}]]]}}"#,
                wrap(lon), wrap(e), wrap(e), wrap(lon));
            let r = Region::new("r", geojson_polygons(&text).unwrap());
            proptest::prop_assert!(r.contains(wrap(lon + w / 2.0), lat + h / 2.0));
            proptest::prop_assert!(!r.contains(wrap(lon + w + 1.0 + (300.0 - w) / 2.0), lat + h / 2.0));
        }
    }
}
