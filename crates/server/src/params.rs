//! Query parameters and their checks. Every parameter arrives as text (or a number axum
//! parses and names when it fails) and is checked here, so that each error names it.

use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use uitkijk_formats::ObjectType;
use uitkijk_time::{parse_utc, Epoch};
use utoipa::IntoParams;

use crate::error::ApiError;

/// `Query<T>` whose rejection is our JSON error.
pub struct Q<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for Q<T> {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        let q = axum::extract::Query::<T>::from_request_parts(parts, state).await?;
        Ok(Q(q.0))
    }
}

/// `Json<T>` whose rejection is our JSON error.
pub struct J<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for J<T> {
    type Rejection = ApiError;
    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        let j = axum::Json::<T>::from_request(req, state).await?;
        Ok(J(j.0))
    }
}

/// The request body as bytes, our JSON error when it is too large or unreadable.
pub struct Body(pub axum::body::Bytes);

impl<S: Send + Sync> FromRequest<S> for Body {
    type Rejection = ApiError;
    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        Ok(Body(axum::body::Bytes::from_request(req, state).await?))
    }
}

/// A path segment as text, parsed by the handler so that the error names it.
pub struct P(pub String);

impl<S: Send + Sync> FromRequestParts<S> for P {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        let p = axum::extract::Path::<String>::from_request_parts(parts, state).await?;
        Ok(P(p.0))
    }
}

impl P {
    /// A catalog number.
    pub fn norad(&self) -> Result<u32, ApiError> {
        parse_norad("id", &self.0)
    }

    /// An event id.
    pub fn event(&self) -> Result<i64, ApiError> {
        self.0
            .trim()
            .parse::<i64>()
            .ok()
            .filter(|n| *n > 0)
            .ok_or_else(|| ApiError::bad(format!("id: {:?} is not an event id", self.0)))
    }
}

/// A catalog number (1 to 999 999 999, the OMM range).
pub fn parse_norad(name: &str, text: &str) -> Result<u32, ApiError> {
    text.trim()
        .parse::<u32>()
        .ok()
        .filter(|n| (1..=999_999_999).contains(n))
        .ok_or_else(|| ApiError::bad(format!("{name}: {text:?} is not a catalog number")))
}

/// A comma-separated list of catalog numbers, at most `max` of them.
pub fn parse_ids(name: &str, text: &str, max: usize) -> Result<Vec<u32>, ApiError> {
    let n = text.split(',').count();
    if n > max {
        return Err(ApiError::bad(format!(
            "{name}: {n} catalog numbers, at most {max} allowed"
        )));
    }
    let mut ids = text
        .split(',')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(|t| parse_norad(name, t))
        .collect::<Result<Vec<_>, _>>()?;
    if ids.is_empty() {
        return Err(ApiError::bad(format!("{name}: no catalog number given")));
    }
    ids.sort_unstable();
    ids.dedup();
    Ok(ids)
}

/// An ISO-8601 UTC time parameter.
pub fn parse_time(name: &str, text: Option<&str>) -> Result<Option<Epoch>, ApiError> {
    text.map(|t| {
        parse_utc(t).map_err(|e| ApiError::bad(format!("{name}: not an ISO-8601 UTC time: {e}")))
    })
    .transpose()
}

/// `limit`: 1 ..= `max`, `default` when absent.
pub fn check_limit(limit: Option<u64>, default: usize, max: usize) -> Result<usize, ApiError> {
    match limit {
        None => Ok(default),
        Some(n) if n >= 1 && n <= max as u64 => Ok(n as usize),
        Some(n) => Err(ApiError::bad(format!("limit: {n} is outside 1..={max}"))),
    }
}

/// `offset`: below 2⁶² so the databases take it.
pub fn check_offset(offset: Option<u64>) -> Result<usize, ApiError> {
    match offset {
        None => Ok(0),
        Some(n) if n < (1 << 40) => Ok(n as usize),
        Some(n) => Err(ApiError::bad(format!("offset: {n} is too large"))),
    }
}

/// A finite number parameter.
pub fn check_finite(name: &str, v: Option<f64>) -> Result<Option<f64>, ApiError> {
    match v {
        Some(x) if !x.is_finite() => Err(ApiError::bad(format!("{name}: must be a finite number"))),
        v => Ok(v),
    }
}

/// An object type parameter, as the store spells it.
pub fn parse_type(text: Option<&str>) -> Result<Option<&'static str>, ApiError> {
    text.map(|t| {
        ObjectType::parse(&t.trim().to_ascii_uppercase())
            .map(ObjectType::as_str)
            .ok_or_else(|| {
                ApiError::bad(format!(
                    "type: {t:?} is not PAYLOAD, ROCKET BODY, DEBRIS or UNKNOWN"
                ))
            })
    })
    .transpose()
}

/// `orderby`: a key from `keys` with an optional `-` for descending.
pub fn parse_order<T: Copy>(
    text: Option<&str>,
    keys: &[(&str, T)],
    default: (T, bool),
) -> Result<(T, bool), ApiError> {
    let Some(t) = text else {
        return Ok(default);
    };
    let t = t.trim();
    let (desc, key) = match t.strip_prefix('-') {
        Some(k) => (true, k),
        None => (false, t),
    };
    keys.iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(key))
        .map(|(_, v)| (*v, desc))
        .ok_or_else(|| {
            let names: Vec<&str> = keys.iter().map(|(k, _)| *k).collect();
            ApiError::bad(format!(
                "orderby: {t:?} is not one of {} (prefix `-` for descending)",
                names.join(", ")
            ))
        })
}

/// `GET /objects`.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ObjectsParams {
    /// Catalog numbers, comma-separated (at most 50000).
    pub ids: Option<String>,
    /// Name contains (case-insensitive).
    pub name: Option<String>,
    /// COSPAR designator prefix (`1982-092`).
    pub cospar: Option<String>,
    /// `PAYLOAD`, `ROCKET BODY`, `DEBRIS` or `UNKNOWN`.
    #[serde(rename = "type")]
    #[param(rename = "type")]
    pub object_type: Option<String>,
    /// `NORAD_CAT_ID`, `OBJECT_NAME` or `EPOCH`, `-` prefix for descending.
    pub orderby: Option<String>,
    /// At most this many (default 100, at most 50000).
    pub limit: Option<u64>,
    /// Skip this many.
    pub offset: Option<u64>,
}

/// `GET /objects/{id}/elements`.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ElementsParams {
    /// Epochs from (ISO-8601 UTC).
    pub from: Option<String>,
    /// Epochs up to (ISO-8601 UTC).
    pub to: Option<String>,
    /// At most this many, oldest first (default 1000, at most 100000).
    pub limit: Option<u64>,
    /// `json` (default), `csv`, `tle`, `3le`, `kvn` or `xml`.
    pub format: Option<String>,
}

/// `GET /elements/latest`.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LatestParams {
    /// Catalog numbers, comma-separated (required, at most 50000).
    pub ids: Option<String>,
    /// `json` (default), `csv`, `tle`, `3le`, `kvn` or `xml`.
    pub format: Option<String>,
}

/// `GET /objects/{id}/state`.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StateParams {
    /// Time (ISO-8601 UTC; default now).
    pub at: Option<String>,
    /// `teme`, `gcrf` (default), `itrf` or `geodetic`.
    pub frame: Option<String>,
}

/// `GET /objects/{id}/trajectory`.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TrajectoryParams {
    /// Start (ISO-8601 UTC; default now).
    pub start: Option<String>,
    /// End (ISO-8601 UTC; default start + 1 day; at most 10 days after start).
    pub end: Option<String>,
    /// Step, s (default 60; at least 1; at most 20000 points).
    pub step_s: Option<f64>,
    /// `teme`, `gcrf` (default), `itrf` or `geodetic`.
    pub frame: Option<String>,
}

/// `GET /states`.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StatesParams {
    /// Time (ISO-8601 UTC; default now).
    pub at: Option<String>,
    /// `teme`, `gcrf`, `itrf` (default) or `geodetic`.
    pub frame: Option<String>,
    /// Only this object type.
    #[serde(rename = "type")]
    #[param(rename = "type")]
    pub object_type: Option<String>,
    /// At most this many objects (default and maximum 50000).
    pub limit: Option<u64>,
}

/// `GET /events`.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EventsParams {
    /// Events involving this catalog number (either side).
    pub asset: Option<String>,
    /// TCA from (ISO-8601 UTC).
    pub from: Option<String>,
    /// TCA up to (ISO-8601 UTC).
    pub to: Option<String>,
    /// Pc at least.
    pub min_pc: Option<f64>,
    /// Miss distance at most, km.
    pub max_miss_km: Option<f64>,
    /// `open`, `acknowledged` or `closed`.
    pub status: Option<String>,
    /// `tca`, `pc` or `miss_km`, `-` prefix for descending (default `-pc`).
    pub orderby: Option<String>,
    /// At most this many (default 100, at most 10000).
    pub limit: Option<u64>,
    /// Skip this many.
    pub offset: Option<u64>,
}

/// `GET /events/{id}/cdm`.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CdmParams {
    /// `kvn` (default) or `xml`.
    pub format: Option<String>,
}

/// `POST /ingest`.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct IngestParams {
    /// Name recorded as the element sets' source (default `api`).
    pub source: Option<String>,
}

/// `GET /runs`, `GET /audit`.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LimitParams {
    /// At most this many, newest first (default 100, at most 10000).
    pub limit: Option<u64>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Any text: a list of valid catalog numbers, sorted and unique, or a 400 naming `ids`.
        #[test]
        fn ids_parse_or_name_the_parameter(text in "\\PC{0,80}") {
            match parse_ids("ids", &text, 50) {
                Ok(ids) => {
                    prop_assert!(!ids.is_empty());
                    prop_assert!(ids.windows(2).all(|w| w[0] < w[1]));
                    prop_assert!(ids.iter().all(|i| (1..=999_999_999).contains(i)));
                }
                Err(e) => {
                    prop_assert_eq!(e.status, axum::http::StatusCode::BAD_REQUEST);
                    prop_assert!(e.detail.starts_with("ids: "));
                }
            }
        }

        /// A written list reads back as the same set; more than `max` entries is refused.
        #[test]
        fn id_lists_round_trip(ids in proptest::collection::vec(1u32..=999_999_999, 1..60)) {
            let text = ids.iter().map(u32::to_string).collect::<Vec<_>>().join(",");
            let mut want = ids.clone();
            want.sort_unstable();
            want.dedup();
            match parse_ids("ids", &text, 40) {
                Ok(got) => {
                    prop_assert!(ids.len() <= 40);
                    prop_assert_eq!(got, want);
                }
                Err(e) => {
                    prop_assert!(ids.len() > 40);
                    prop_assert!(e.detail.contains("at most 40"));
                }
            }
        }

        /// Times, orders, types, limits: any text is a value or a 400 naming the parameter.
        #[test]
        fn other_parameters_never_panic(text in "\\PC{0,40}", n in any::<u64>()) {
            if let Err(e) = parse_time("at", Some(&text)) {
                prop_assert!(e.detail.starts_with("at: "));
            }
            let keys = [("tca", 0u8), ("pc", 1), ("miss_km", 2)];
            match parse_order(Some(&text), &keys, (1, true)) {
                Ok((k, desc)) => {
                    let t = text.trim();
                    prop_assert_eq!(desc, t.starts_with('-'));
                    prop_assert!(keys.iter().any(|(name, v)| *v == k && name.eq_ignore_ascii_case(t.trim_start_matches('-'))));
                }
                Err(e) => prop_assert!(e.detail.starts_with("orderby: ")),
            }
            if let Err(e) = parse_type(Some(&text)) {
                prop_assert!(e.detail.starts_with("type: "));
            }
            match check_limit(Some(n), 100, 50_000) {
                Ok(l) => prop_assert!((1..=50_000).contains(&(l as u64)) && l as u64 == n),
                Err(e) => prop_assert!(e.detail.starts_with("limit: ") && (n == 0 || n > 50_000)),
            }
        }
    }

    #[test]
    fn known_values() {
        assert_eq!(parse_ids("ids", "25544, 5,5", 10).unwrap(), vec![5, 25544]);
        assert!(parse_ids("ids", ",,,", 10).is_err());
        assert!(parse_ids("ids", "0", 10).is_err());
        assert_eq!(
            parse_order(Some("-EPOCH"), &[("EPOCH", 7)], (0, false)).unwrap(),
            (7, true)
        );
        assert_eq!(
            parse_type(Some("rocket body")).unwrap(),
            Some("ROCKET BODY")
        );
        let t = parse_time("at", Some("2022-01-22T12:00:00Z"))
            .unwrap()
            .unwrap();
        assert_eq!(
            uitkijk_time::format_utc_millis(t),
            "2022-01-22T12:00:00.000Z"
        );
    }
}
