//! A small TopoJSON decoder: the polygons of one object of a topology.
//!
//! Format: M. Bostock, *The TopoJSON Format Specification* 1.0 (github.com/topojson/
//! topojson-specification): `arcs` is a list of point sequences shared between geometries;
//! with a `transform` the positions are quantized integers, delta-encoded along each arc
//! (`x = (Σ dx)·scale_x + translate_x`); a geometry's ring lists arc indices, where a
//! negative index `i` means arc `!i` (= −i − 1) reversed; consecutive arcs of a ring share
//! their end point, which is written once. Only `Polygon` and `MultiPolygon` geometries are
//! kept (boundaries); others are skipped.

use serde_json::Value;

/// A ring of (lon, lat) degrees; the first point is not repeated at the end.
pub type Ring = Vec<[f64; 2]>;
/// One polygon: the outer ring, then holes.
pub type Polygon = Vec<Ring>;

/// One decoded geometry.
#[derive(Debug, Clone, PartialEq)]
pub struct Feature {
    /// The geometry's `id` (a string or number in the file), if any.
    pub id: Option<String>,
    /// `properties.name`, if any.
    pub name: Option<String>,
    /// Its polygons.
    pub polygons: Vec<Polygon>,
}

/// Why a TopoJSON text could not be decoded.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{file}: TopoJSON {path}: {why}")]
pub struct TopoJsonError {
    /// The file (or a label).
    pub file: String,
    /// The JSON path of the offending value, e.g. `arcs[3][2]`.
    pub path: String,
    /// What is wrong.
    pub why: String,
}

/// Decode the polygons of object `object` (e.g. `countries`) of a TopoJSON text.
pub fn decode(text: &str, object: &str, file: &str) -> Result<Vec<Feature>, TopoJsonError> {
    let err = |path: &str, why: &str| TopoJsonError {
        file: file.to_string(),
        path: path.to_string(),
        why: why.to_string(),
    };
    let root: Value = serde_json::from_str(text).map_err(|e| {
        err(
            &format!("line {} column {}", e.line(), e.column()),
            &e.to_string(),
        )
    })?;
    if root.get("type").and_then(Value::as_str) != Some("Topology") {
        return Err(err("type", "not \"Topology\""));
    }
    let num = |v: &Value, path: &str| -> Result<f64, TopoJsonError> {
        v.as_f64()
            .filter(|x| x.is_finite())
            .ok_or_else(|| err(path, "not a finite number"))
    };
    let pair = |v: Option<&Value>, path: &str| -> Result<[f64; 2], TopoJsonError> {
        match v.and_then(Value::as_array).map(Vec::as_slice) {
            Some([a, b, ..]) => Ok([
                num(a, &format!("{path}[0]"))?,
                num(b, &format!("{path}[1]"))?,
            ]),
            _ => Err(err(path, "not a pair of numbers")),
        }
    };
    let transform = match root.get("transform") {
        None | Some(Value::Null) => None,
        Some(t) => Some((
            pair(t.get("scale"), "transform.scale")?,
            pair(t.get("translate"), "transform.translate")?,
        )),
    };
    let raw_arcs = root
        .get("arcs")
        .and_then(Value::as_array)
        .ok_or_else(|| err("arcs", "missing or not an array"))?;
    let mut arcs: Vec<Vec<[f64; 2]>> = Vec::with_capacity(raw_arcs.len());
    for (i, a) in raw_arcs.iter().enumerate() {
        let pts = a
            .as_array()
            .ok_or_else(|| err(&format!("arcs[{i}]"), "not an array"))?;
        let mut out = Vec::with_capacity(pts.len());
        let (mut x, mut y) = (0.0, 0.0);
        for (j, p) in pts.iter().enumerate() {
            let [px, py] = pair(Some(p), &format!("arcs[{i}][{j}]"))?;
            out.push(match transform {
                Some((scale, translate)) => {
                    x += px;
                    y += py;
                    [x * scale[0] + translate[0], y * scale[1] + translate[1]]
                }
                None => [px, py],
            });
        }
        arcs.push(out);
    }
    let geometries = root
        .get("objects")
        .and_then(|o| o.get(object))
        .ok_or_else(|| err(&format!("objects.{object}"), "missing"))?;
    let list: Vec<&Value> = match geometries.get("geometries").and_then(Value::as_array) {
        Some(g) => g.iter().collect(),
        None => vec![geometries],
    };
    let ring = |v: &Value, path: &str| -> Result<Ring, TopoJsonError> {
        let idx = v
            .as_array()
            .ok_or_else(|| err(path, "ring is not an array of arc indices"))?;
        let mut out: Ring = Vec::new();
        for (k, i) in idx.iter().enumerate() {
            let i = i
                .as_i64()
                .ok_or_else(|| err(&format!("{path}[{k}]"), "arc index is not an integer"))?;
            let (n, reversed) = if i < 0 { (!i, true) } else { (i, false) };
            let arc = usize::try_from(n)
                .ok()
                .and_then(|n| arcs.get(n))
                .ok_or_else(|| err(&format!("{path}[{k}]"), "arc index out of range"))?;
            let pts: Box<dyn Iterator<Item = &[f64; 2]>> = if reversed {
                Box::new(arc.iter().rev())
            } else {
                Box::new(arc.iter())
            };
            // Arcs of a ring meet end to start: skip the shared point.
            out.extend(pts.skip(usize::from(!out.is_empty())).copied());
        }
        if out.len() > 1 && out.first() == out.last() {
            out.pop();
        }
        Ok(out)
    };
    let polygon = |v: &Value, path: &str| -> Result<Polygon, TopoJsonError> {
        v.as_array()
            .ok_or_else(|| err(path, "polygon is not an array of rings"))?
            .iter()
            .enumerate()
            .map(|(k, r)| ring(r, &format!("{path}[{k}]")))
            .collect()
    };
    let mut features = Vec::new();
    for (g, geom) in list.iter().enumerate() {
        let path = format!("objects.{object}.geometries[{g}].arcs");
        let polygons = match geom.get("type").and_then(Value::as_str) {
            Some("Polygon") => vec![polygon(geom.get("arcs").unwrap_or(&Value::Null), &path)?],
            Some("MultiPolygon") => geom
                .get("arcs")
                .and_then(Value::as_array)
                .ok_or_else(|| err(&path, "not an array of polygons"))?
                .iter()
                .enumerate()
                .map(|(k, p)| polygon(p, &format!("{path}[{k}]")))
                .collect::<Result<_, _>>()?,
            _ => continue,
        };
        let id = match geom.get("id") {
            Some(Value::String(s)) => Some(s.clone()),
            Some(Value::Number(n)) => Some(n.to_string()),
            _ => None,
        };
        let name = geom
            .get("properties")
            .and_then(|p| p.get("name"))
            .and_then(Value::as_str)
            .map(str::to_string);
        features.push(Feature { id, name, polygons });
    }
    Ok(features)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The specification's own example (§2.1.2, quantized arcs with a transform; the polygon
    /// of arcs 0 and 1): a unit-ish square built from two shared arcs.
    #[test]
    fn quantized_arcs_and_reversal() {
        let text = r#"{"type":"Topology",
          "transform":{"scale":[0.5,0.25],"translate":[10,20]},
          "objects":{"shapes":{"type":"GeometryCollection","geometries":[
            {"type":"Polygon","id":7,"properties":{"name":"A"},"arcs":[[0,1]]},
            {"type":"MultiPolygon","id":"b","arcs":[[[-2,-1]]]},
            {"type":"LineString","arcs":[0]}]}},
          "arcs":[[[0,0],[2,0],[0,4]],[[2,4],[-2,0],[0,-4]]]}"#;
        let f = decode(text, "shapes", "t").unwrap();
        assert_eq!(f.len(), 2);
        assert_eq!(f[0].id.as_deref(), Some("7"));
        assert_eq!(f[0].name.as_deref(), Some("A"));
        let want = vec![[10.0, 20.0], [11.0, 20.0], [11.0, 21.0], [10.0, 21.0]];
        assert_eq!(f[0].polygons, vec![vec![want.clone()]]);
        // The same ring walked backwards.
        let back: Vec<[f64; 2]> = vec![[10.0, 20.0], [10.0, 21.0], [11.0, 21.0], [11.0, 20.0]];
        assert_eq!(f[1].polygons, vec![vec![back]]);
        assert!(decode(text, "nothing", "t").is_err());
    }

    #[test]
    fn errors_name_the_path() {
        let e = decode(
            r#"{"type":"Topology","arcs":[[[0,"x"]]],"objects":{}}"#,
            "o",
            "f",
        )
        .unwrap_err();
        assert_eq!(e.path, "arcs[0][0][1]");
        let e = decode(
            r#"{"type":"Topology","arcs":[],"objects":{"o":{"type":"Polygon","arcs":[[5]]}}}"#,
            "o",
            "f",
        )
        .unwrap_err();
        assert!(e.why.contains("out of range"), "{e}");
        assert!(decode("[1,2", "o", "f").is_err());
    }

    proptest! {
        /// Any polygon written as quantized, delta-encoded TopoJSON (split into arcs at random
        /// points) decodes back to its vertices.
        #[test]
        fn round_trip(pts in proptest::collection::vec((0i64..3600, 0i64..1800), 3..40),
                      cut in 1usize..38) {
            let cut = cut.min(pts.len() - 1);
            let mut closed = pts.clone();
            closed.push(pts[0]);
            let enc = |s: &[(i64, i64)]| {
                let mut last = (0, 0);
                let v: Vec<String> = s.iter().map(|&(x, y)| {
                    let d = format!("[{},{}]", x - last.0, y - last.1);
                    last = (x, y);
                    d
                }).collect();
                format!("[{}]", v.join(","))
            };
            let text = format!(
                r#"{{"type":"Topology","transform":{{"scale":[0.1,0.1],"translate":[-180,-90]}},"objects":{{"o":{{"type":"Polygon","arcs":[[0,1]]}}}},"arcs":[{},{}]}}"#,
                enc(&closed[..=cut]), enc(&closed[cut..]));
            let f = decode(&text, "o", "p").unwrap();
            let ring = &f[0].polygons[0][0];
            let want: Vec<[f64; 2]> = pts.iter()
                .map(|&(x, y)| [x as f64 * 0.1 - 180.0, y as f64 * 0.1 - 90.0]).collect();
            prop_assert_eq!(ring.len(), want.len());
            for (a, b) in ring.iter().zip(&want) {
                prop_assert!((a[0] - b[0]).abs() < 1e-9 && (a[1] - b[1]).abs() < 1e-9);
            }
        }

        /// Arbitrary text never panics.
        #[test]
        fn never_panics(s in ".{0,200}") {
            let _ = decode(&s, "countries", "p");
        }
    }
}
