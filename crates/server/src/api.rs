//! The handlers of `/api/v1`. Each one parses and checks its parameters, then does all its
//! store work in one blocking call as the authenticated caller: every read goes through the
//! store's one tier filter (`gate::scoped`), and every read that returns data above the
//! public tier is written to the audit log (writes are audited by the store itself).

use std::collections::HashMap;

use axum::extract::{OriginalUri, State};
use axum::http::{header, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Json;
use uitkijk_formats::{cdm, omm, write_any, ElementSet, Encoding};
use uitkijk_store::{
    Access, EventOrder, EventQuery, EventStatus, ObjectOrder, ObjectQuery, ObjectRow, Range, Store,
    StoredSet, Tier,
};
use uitkijk_time::{format_utc_millis, Duration, Epoch};

use crate::body::*;
use crate::error::{ApiError, ErrorBody};
use crate::orbit::{output_at, parse_frame, sgp4_of, teme_at};
use crate::params::*;
use crate::state::{AppState, Auth};
use uitkijk_frames::{OutputFrame, OutputState};

/// Error answers every authenticated operation may give.
#[derive(utoipa::IntoResponses)]
#[allow(dead_code)]
pub enum Errors {
    /// A parameter is malformed or out of range.
    #[response(status = 400)]
    BadRequest(#[to_schema] ErrorBody),
    /// No valid token.
    #[response(status = 401)]
    Unauthorized(ErrorBody),
    /// The caller's role may not do this.
    #[response(status = 403)]
    Forbidden(ErrorBody),
    /// Absent, or above the caller's tier (the same answer).
    #[response(status = 404)]
    NotFound(ErrorBody),
    /// The request is well-formed but the data cannot serve it.
    #[response(status = 422)]
    Unprocessable(ErrorBody),
}

/// Most catalog numbers one store statement takes (SQLite and PostgreSQL both cap the
/// parameters of a statement; 32 766 and 65 535).
const ID_CHUNK: usize = 10_000;

/// Writes one audit entry when any of `items` (id, tier) is above the public tier.
fn audit_restricted(
    store: &mut dyn Store,
    access: &Access,
    what: &str,
    items: impl Iterator<Item = (i64, Tier)>,
    uri: &Uri,
) -> Result<(), ApiError> {
    let restricted: Vec<i64> = items
        .filter(|(_, t)| *t > Tier::Public)
        .map(|(i, _)| i)
        .collect();
    if restricted.is_empty() {
        return Ok(());
    }
    let mut subject = format!(
        "{what} {}",
        restricted
            .iter()
            .take(20)
            .map(i64::to_string)
            .collect::<Vec<_>>()
            .join(",")
    );
    if restricted.len() > 20 {
        subject.push_str(&format!(" (+{} more)", restricted.len() - 20));
    }
    store.audit(access, "read", &subject, &uri.to_string())?;
    Ok(())
}

/// Visible objects among `ids` (any number), by catalog number.
fn objects_by_ids(
    store: &mut dyn Store,
    access: &Access,
    ids: &[u32],
) -> Result<Vec<ObjectRow>, ApiError> {
    let mut out = Vec::new();
    for chunk in ids.chunks(ID_CHUNK) {
        let q = ObjectQuery {
            ids: chunk.to_vec(),
            ..ObjectQuery::default()
        };
        out.extend(store.objects(access, &q)?);
    }
    Ok(out)
}

/// The newest visible set of each of `ids` (any number).
fn latest_by_ids(
    store: &mut dyn Store,
    access: &Access,
    ids: &[u32],
) -> Result<Vec<StoredSet>, ApiError> {
    let mut out = Vec::new();
    for chunk in ids.chunks(ID_CHUNK) {
        out.extend(store.latest_sets(access, chunk)?);
    }
    Ok(out)
}

/// One visible object, or 404 (the same for absent and above tier).
fn one_object(store: &mut dyn Store, access: &Access, id: u32) -> Result<ObjectRow, ApiError> {
    objects_by_ids(store, access, &[id])?
        .pop()
        .ok_or_else(|| ApiError::not_found(format!("object {id}")))
}

/// Objects with their newest sets, as the API writes them.
fn object_bodies(
    store: &mut dyn Store,
    access: &Access,
    rows: &[ObjectRow],
) -> Result<Vec<ObjectBody>, ApiError> {
    let ids: Vec<u32> = rows
        .iter()
        .filter(|o| o.element_sets > 0)
        .map(|o| o.norad_id)
        .collect();
    let latest: HashMap<u32, StoredSet> = latest_by_ids(store, access, &ids)?
        .into_iter()
        .map(|s| (s.set.norad_id, s))
        .collect();
    Ok(rows
        .iter()
        .map(|o| ObjectBody::new(o, latest.get(&o.norad_id)))
        .collect())
}

/// Output encodings of element sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SetFormat {
    Json,
    Csv,
    Tle,
    ThreeLe,
    Kvn,
    Xml,
}

fn parse_set_format(text: Option<&str>) -> Result<SetFormat, ApiError> {
    match text.map(|t| t.trim().to_ascii_lowercase()).as_deref() {
        None | Some("json") => Ok(SetFormat::Json),
        Some("csv") => Ok(SetFormat::Csv),
        Some("tle") => Ok(SetFormat::Tle),
        Some("3le") => Ok(SetFormat::ThreeLe),
        Some("kvn") => Ok(SetFormat::Kvn),
        Some("xml") => Ok(SetFormat::Xml),
        Some(t) => Err(ApiError::bad(format!(
            "format: {t:?} is not json, csv, tle, 3le, kvn or xml"
        ))),
    }
}

/// Element sets in `format`: JSON with the derived orbit, or the text the formats crate
/// writes (as `uitkijk convert` does).
fn sets_response(sets: &[StoredSet], format: SetFormat) -> Result<Response, ApiError> {
    let (encoding, names, content_type) = match format {
        SetFormat::Json => {
            let body: Vec<ElementBody> = sets.iter().map(ElementBody::from).collect();
            return Ok(Json(body).into_response());
        }
        SetFormat::Csv => (
            Encoding::Omm(omm::Encoding::Csv),
            true,
            "text/csv; charset=utf-8",
        ),
        SetFormat::Tle => (Encoding::Tle, false, "text/plain; charset=utf-8"),
        SetFormat::ThreeLe => (Encoding::Tle, true, "text/plain; charset=utf-8"),
        SetFormat::Kvn => (
            Encoding::Omm(omm::Encoding::Kvn),
            true,
            "text/plain; charset=utf-8",
        ),
        SetFormat::Xml => (Encoding::Omm(omm::Encoding::Xml), true, "application/xml"),
    };
    let plain: Vec<ElementSet> = sets.iter().map(|s| s.set.clone()).collect();
    let text = write_any(encoding, &plain, names).map_err(|e| {
        ApiError::unprocessable(format!(
            "format: cannot write these sets as {format:?}: {}: {}",
            e.field(),
            e.kind()
        ))
    })?;
    Ok(([(header::CONTENT_TYPE, content_type)], text).into_response())
}

fn now() -> Result<Epoch, ApiError> {
    Epoch::now().map_err(|e| ApiError::internal(format!("system clock: {e}")))
}

fn point(epoch: Epoch, s: OutputState) -> PointBody {
    let mut p = PointBody {
        epoch: format_utc_millis(epoch),
        position_km: None,
        velocity_km_s: None,
        latitude_deg: None,
        longitude_deg: None,
        altitude_km: None,
    };
    match s {
        OutputState::Cartesian { r, v } => {
            p.position_km = Some(r);
            p.velocity_km_s = Some(v);
        }
        OutputState::Geodetic {
            lat_deg,
            lon_deg,
            alt_km,
        } => {
            p.latitude_deg = Some(lat_deg);
            p.longitude_deg = Some(lon_deg);
            p.altitude_km = Some(alt_km);
        }
    }
    p
}

/// The element set SGP4 uses at `at`: the newest with epoch ≤ `at`, else the earliest.
fn set_for(
    store: &mut dyn Store,
    access: &Access,
    id: u32,
    at: Epoch,
) -> Result<StoredSet, ApiError> {
    let before = store.element_history(
        access,
        id,
        Range {
            from: None,
            to: Some(at),
        },
    )?;
    if let Some(s) = before.into_iter().last() {
        return Ok(s);
    }
    store
        .element_history(access, id, Range::default())?
        .into_iter()
        .next()
        .ok_or_else(|| ApiError::unprocessable(format!("object {id} has no element set")))
}

/// Service health and schema version (no token needed).
#[utoipa::path(get, path = "/api/v1/health", tag = "service",
    responses((status = 200, description = "The store answers", body = Health)))]
pub async fn health(State(st): State<AppState>) -> Result<Json<Health>, ApiError> {
    let v = st.with_store(|s| Ok(s.schema_version()?)).await?;
    Ok(Json(Health {
        status: "ok".into(),
        schema_version: v,
    }))
}

/// Who the token belongs to and what it may see.
#[utoipa::path(get, path = "/api/v1/whoami", tag = "service",
    responses((status = 200, description = "The caller", body = WhoAmI), Errors))]
pub async fn whoami(State(st): State<AppState>, auth: Auth) -> Result<Json<WhoAmI>, ApiError> {
    let a = st.as_caller(auth, |_, a| Ok(a.clone())).await?;
    Ok(Json(WhoAmI {
        actor: a.actor,
        role: a.role.as_str().into(),
        max_tier: a.max_tier.as_str().into(),
    }))
}

/// Objects, element sets and events the caller may see, counted.
#[utoipa::path(get, path = "/api/v1/counts", tag = "service",
    responses((status = 200, description = "Counts within the caller's tier", body = CountsBody), Errors))]
pub async fn counts(State(st): State<AppState>, auth: Auth) -> Result<Json<CountsBody>, ApiError> {
    let c = st.as_caller(auth, |s, a| Ok(s.counts(a)?)).await?;
    Ok(Json(CountsBody {
        objects: c.objects,
        element_sets: c.element_sets,
        events: c.events,
    }))
}

/// Search objects by catalog numbers, name, COSPAR launch and type.
#[utoipa::path(get, path = "/api/v1/objects", tag = "objects", params(ObjectsParams),
    responses((status = 200, description = "Matching objects", body = Vec<ObjectBody>), Errors))]
pub async fn objects(
    State(st): State<AppState>,
    auth: Auth,
    OriginalUri(uri): OriginalUri,
    Q(p): Q<ObjectsParams>,
) -> Result<Json<Vec<ObjectBody>>, ApiError> {
    let ids = match p.ids.as_deref() {
        Some(t) => parse_ids("ids", t, 50_000)?,
        None => Vec::new(),
    };
    let (order, descending) = parse_order(
        p.orderby.as_deref(),
        &[
            ("NORAD_CAT_ID", ObjectOrder::NoradId),
            ("OBJECT_NAME", ObjectOrder::Name),
            ("EPOCH", ObjectOrder::Epoch),
        ],
        (ObjectOrder::NoradId, false),
    )?;
    let limit = check_limit(p.limit, 100, 50_000)?;
    let offset = check_offset(p.offset)?;
    let q = ObjectQuery {
        ids,
        name_contains: p.name.filter(|n| !n.is_empty()),
        cospar_prefix: p.cospar.filter(|c| !c.is_empty()),
        object_type: parse_type(p.object_type.as_deref())?.map(str::to_string),
        order,
        descending,
        limit,
        offset,
    };
    let out = st
        .as_caller(auth, move |s, a| {
            let rows = if q.ids.len() <= ID_CHUNK {
                s.objects(a, &q)?
            } else {
                // More ids than one statement takes: each chunk whole, then order and page.
                let mut all = Vec::new();
                for chunk in q.ids.chunks(ID_CHUNK) {
                    let cq = ObjectQuery {
                        ids: chunk.to_vec(),
                        limit: 0,
                        offset: 0,
                        ..q.clone()
                    };
                    all.extend(s.objects(a, &cq)?);
                }
                sort_objects(&mut all, q.order, q.descending);
                all.into_iter().skip(q.offset).take(q.limit).collect()
            };
            audit_restricted(
                s,
                a,
                "objects",
                rows.iter().map(|o| (i64::from(o.norad_id), o.tier)),
                &uri,
            )?;
            object_bodies(s, a, &rows)
        })
        .await?;
    Ok(Json(out))
}

/// The store's object order, for lists merged from several statements.
fn sort_objects(rows: &mut [ObjectRow], order: ObjectOrder, descending: bool) {
    rows.sort_by(|x, y| {
        let o = match order {
            ObjectOrder::NoradId => x.norad_id.cmp(&y.norad_id),
            ObjectOrder::Name => x.name.cmp(&y.name).then(x.norad_id.cmp(&y.norad_id)),
            ObjectOrder::Epoch => x
                .latest_epoch_utc
                .cmp(&y.latest_epoch_utc)
                .then(x.norad_id.cmp(&y.norad_id)),
        };
        if descending {
            o.reverse()
        } else {
            o
        }
    });
}

/// One object.
#[utoipa::path(get, path = "/api/v1/objects/{id}", tag = "objects",
    params(("id" = u32, Path, description = "Catalog number")),
    responses((status = 200, description = "The object", body = ObjectBody), Errors))]
pub async fn object(
    State(st): State<AppState>,
    auth: Auth,
    OriginalUri(uri): OriginalUri,
    id: P,
) -> Result<Json<ObjectBody>, ApiError> {
    let id = id.norad()?;
    let out = st
        .as_caller(auth, move |s, a| {
            let o = one_object(s, a, id)?;
            audit_restricted(
                s,
                a,
                "object",
                std::iter::once((i64::from(id), o.tier)),
                &uri,
            )?;
            object_bodies(s, a, std::slice::from_ref(&o))
        })
        .await?;
    out.into_iter()
        .next()
        .map(Json)
        .ok_or_else(|| ApiError::not_found(format!("object {id}")))
}

/// An object's element-set history, oldest first.
#[utoipa::path(get, path = "/api/v1/objects/{id}/elements", tag = "elements",
    params(("id" = u32, Path, description = "Catalog number"), ElementsParams),
    responses((status = 200, description = "Element sets (JSON, or text in the asked format)",
        content((Vec<ElementBody> = "application/json"), (String = "text/plain"), (String = "text/csv"), (String = "application/xml"))), Errors))]
pub async fn elements(
    State(st): State<AppState>,
    auth: Auth,
    OriginalUri(uri): OriginalUri,
    id: P,
    Q(p): Q<ElementsParams>,
) -> Result<Response, ApiError> {
    let id = id.norad()?;
    let range = Range {
        from: parse_time("from", p.from.as_deref())?,
        to: parse_time("to", p.to.as_deref())?,
    };
    let limit = check_limit(p.limit, 1000, 100_000)?;
    let format = parse_set_format(p.format.as_deref())?;
    let sets = st
        .as_caller(auth, move |s, a| {
            let o = one_object(s, a, id)?;
            let mut sets = s.element_history(a, id, range)?;
            sets.truncate(limit);
            audit_restricted(
                s,
                a,
                "elements of object",
                std::iter::once((i64::from(id), o.tier)),
                &uri,
            )?;
            Ok(sets)
        })
        .await?;
    sets_response(&sets, format)
}

/// The newest element set of each visible object among `ids`.
#[utoipa::path(get, path = "/api/v1/elements/latest", tag = "elements", params(LatestParams),
    responses((status = 200, description = "Newest element sets",
        content((Vec<ElementBody> = "application/json"), (String = "text/plain"), (String = "text/csv"), (String = "application/xml"))), Errors))]
pub async fn elements_latest(
    State(st): State<AppState>,
    auth: Auth,
    OriginalUri(uri): OriginalUri,
    Q(p): Q<LatestParams>,
) -> Result<Response, ApiError> {
    let ids = parse_ids(
        "ids",
        p.ids
            .as_deref()
            .ok_or_else(|| ApiError::bad("ids: required"))?,
        50_000,
    )?;
    let format = parse_set_format(p.format.as_deref())?;
    let sets = st
        .as_caller(auth, move |s, a| {
            let objs = objects_by_ids(s, a, &ids)?;
            audit_restricted(
                s,
                a,
                "latest elements of objects",
                objs.iter().map(|o| (i64::from(o.norad_id), o.tier)),
                &uri,
            )?;
            latest_by_ids(s, a, &ids)
        })
        .await?;
    sets_response(&sets, format)
}

/// An object's SGP4 state at one time.
#[utoipa::path(get, path = "/api/v1/objects/{id}/state", tag = "states",
    params(("id" = u32, Path, description = "Catalog number"), StateParams),
    responses((status = 200, description = "The state", body = StateBody), Errors))]
pub async fn state(
    State(st): State<AppState>,
    auth: Auth,
    OriginalUri(uri): OriginalUri,
    id: P,
    Q(p): Q<StateParams>,
) -> Result<Json<StateBody>, ApiError> {
    let id = id.norad()?;
    let at = match parse_time("at", p.at.as_deref())? {
        Some(t) => t,
        None => now()?,
    };
    let frame = parse_frame(p.frame.as_deref(), OutputFrame::Gcrf)?;
    let set = st
        .as_caller(auth, move |s, a| {
            let o = one_object(s, a, id)?;
            audit_restricted(
                s,
                a,
                "state of object",
                std::iter::once((i64::from(id), o.tier)),
                &uri,
            )?;
            set_for(s, a, id, at)
        })
        .await?;
    let sgp4 = sgp4_of(&set.set)?;
    let (r, v) = teme_at(&sgp4, &set.set, at)?;
    let out = output_at(frame, at).apply(r, v);
    Ok(Json(StateBody {
        norad_cat_id: id,
        frame: frame.name().into(),
        point: point(at, out),
    }))
}

/// An object's SGP4 trajectory on a time grid.
#[utoipa::path(get, path = "/api/v1/objects/{id}/trajectory", tag = "states",
    params(("id" = u32, Path, description = "Catalog number"), TrajectoryParams),
    responses((status = 200, description = "The trajectory", body = TrajectoryBody), Errors))]
pub async fn trajectory(
    State(st): State<AppState>,
    auth: Auth,
    OriginalUri(uri): OriginalUri,
    id: P,
    Q(p): Q<TrajectoryParams>,
) -> Result<Json<TrajectoryBody>, ApiError> {
    let id = id.norad()?;
    let start = match parse_time("start", p.start.as_deref())? {
        Some(t) => t,
        None => now()?,
    };
    let end = parse_time("end", p.end.as_deref())?.unwrap_or(start + Duration::from_days(1.0));
    let span_s = (end - start).to_seconds();
    if !(0.0..=10.0 * 86_400.0).contains(&span_s) {
        return Err(ApiError::bad(
            "end: must be at or after start and at most 10 days after it",
        ));
    }
    let step_s = check_finite("step_s", p.step_s)?.unwrap_or(60.0);
    if step_s < 1.0 {
        return Err(ApiError::bad("step_s: must be at least 1"));
    }
    let n = (span_s / step_s).floor() as usize + 1;
    if n > 20_000 {
        return Err(ApiError::bad(format!(
            "step_s: {n} points, at most 20000 (use a larger step or a shorter span)"
        )));
    }
    let frame = parse_frame(p.frame.as_deref(), OutputFrame::Gcrf)?;
    let set = st
        .as_caller(auth, move |s, a| {
            let o = one_object(s, a, id)?;
            audit_restricted(
                s,
                a,
                "trajectory of object",
                std::iter::once((i64::from(id), o.tier)),
                &uri,
            )?;
            set_for(s, a, id, start)
        })
        .await?;
    let points = tokio::task::spawn_blocking(move || -> Result<Vec<PointBody>, ApiError> {
        let sgp4 = sgp4_of(&set.set)?;
        let mut points = Vec::with_capacity(n);
        let mut last_err = None;
        for k in 0..n {
            let t = start + Duration::from_seconds(k as f64 * step_s);
            match teme_at(&sgp4, &set.set, t) {
                Ok((r, v)) => points.push(point(t, output_at(frame, t).apply(r, v))),
                Err(e) => last_err = Some(e),
            }
        }
        match (points.is_empty(), last_err) {
            (true, Some(e)) => Err(e),
            _ => Ok(points),
        }
    })
    .await
    .map_err(|e| ApiError::internal(format!("trajectory task failed: {e}")))??;
    Ok(Json(TrajectoryBody {
        norad_cat_id: id,
        frame: frame.name().into(),
        points,
    }))
}

/// Positions of every visible object at one time (for the globe).
#[utoipa::path(get, path = "/api/v1/states", tag = "states", params(StatesParams),
    responses((status = 200, description = "Positions", body = StatesBody), Errors))]
pub async fn states(
    State(st): State<AppState>,
    auth: Auth,
    OriginalUri(uri): OriginalUri,
    Q(p): Q<StatesParams>,
) -> Result<Json<StatesBody>, ApiError> {
    let at = match parse_time("at", p.at.as_deref())? {
        Some(t) => t,
        None => now()?,
    };
    let frame = parse_frame(p.frame.as_deref(), OutputFrame::Itrf)?;
    let wanted = parse_type(p.object_type.as_deref())?;
    let limit = check_limit(p.limit, 50_000, 50_000)?;
    let (objs, sets) = st
        .as_caller(auth, move |s, a| {
            let q = ObjectQuery {
                object_type: wanted.map(str::to_string),
                ..ObjectQuery::default()
            };
            let mut objs = s.objects(a, &q)?;
            objs.retain(|o| o.element_sets > 0);
            objs.truncate(limit);
            let sets = if objs.len() * 2 > ID_CHUNK {
                s.latest_sets(a, &[])?
            } else {
                let ids: Vec<u32> = objs.iter().map(|o| o.norad_id).collect();
                latest_by_ids(s, a, &ids)?
            };
            audit_restricted(
                s,
                a,
                "states of objects",
                objs.iter().map(|o| (i64::from(o.norad_id), o.tier)),
                &uri,
            )?;
            Ok((objs, sets))
        })
        .await?;
    let body = tokio::task::spawn_blocking(move || {
        let by_id: HashMap<u32, &StoredSet> = sets.iter().map(|s| (s.set.norad_id, s)).collect();
        let rot = output_at(frame, at);
        let mut objects = Vec::with_capacity(objs.len());
        let mut failed = Vec::new();
        for o in &objs {
            let Some(set) = by_id.get(&o.norad_id) else {
                continue;
            };
            let state = sgp4_of(&set.set).and_then(|g| teme_at(&g, &set.set, at));
            match state {
                Ok((r, v)) => {
                    let p = point(at, rot.apply(r, v));
                    objects.push(StatesObject {
                        norad_cat_id: o.norad_id,
                        object_type: o.object_type.clone(),
                        position_km: p.position_km,
                        latitude_deg: p.latitude_deg,
                        longitude_deg: p.longitude_deg,
                        altitude_km: p.altitude_km,
                    });
                }
                Err(_) => failed.push(o.norad_id),
            }
        }
        StatesBody {
            epoch: format_utc_millis(at),
            frame: frame.name().into(),
            objects,
            failed,
        }
    })
    .await
    .map_err(|e| ApiError::internal(format!("states task failed: {e}")))?;
    Ok(Json(body))
}

/// Conjunction events (both objects visible), filtered and ordered.
#[utoipa::path(get, path = "/api/v1/events", tag = "events", params(EventsParams),
    responses((status = 200, description = "Events", body = Vec<EventBody>), Errors))]
pub async fn events(
    State(st): State<AppState>,
    auth: Auth,
    OriginalUri(uri): OriginalUri,
    Q(p): Q<EventsParams>,
) -> Result<Json<Vec<EventBody>>, ApiError> {
    let (order, descending) = parse_order(
        p.orderby.as_deref(),
        &[
            ("tca", EventOrder::Tca),
            ("pc", EventOrder::Pc),
            ("miss_km", EventOrder::MissKm),
        ],
        (EventOrder::Pc, true),
    )?;
    let q = EventQuery {
        object: p
            .asset
            .as_deref()
            .map(|t| parse_norad("asset", t))
            .transpose()?,
        from: parse_time("from", p.from.as_deref())?,
        to: parse_time("to", p.to.as_deref())?,
        min_pc: check_finite("min_pc", p.min_pc)?,
        max_miss_km: check_finite("max_miss_km", p.max_miss_km)?,
        status: p
            .status
            .as_deref()
            .map(EventStatus::parse)
            .transpose()
            .map_err(|e| ApiError::bad(e.to_string().replace("invalid ", "")))?,
        order,
        descending,
        limit: check_limit(p.limit, 100, 10_000)?,
        offset: check_offset(p.offset)?,
    };
    let rows = st
        .as_caller(auth, move |s, a| {
            let rows = s.events(a, &q)?;
            audit_restricted(s, a, "events", rows.iter().map(|e| (e.id, e.tier)), &uri)?;
            Ok(rows)
        })
        .await?;
    Ok(Json(rows.iter().map(EventBody::from).collect()))
}

/// One event with its Pc history.
#[utoipa::path(get, path = "/api/v1/events/{id}", tag = "events",
    params(("id" = i64, Path, description = "Event id")),
    responses((status = 200, description = "The event", body = EventDetailBody), Errors))]
pub async fn event(
    State(st): State<AppState>,
    auth: Auth,
    OriginalUri(uri): OriginalUri,
    id: P,
) -> Result<Json<EventDetailBody>, ApiError> {
    let id = id.event()?;
    let out = st
        .as_caller(auth, move |s, a| {
            let e = s
                .event(a, id)?
                .ok_or_else(|| ApiError::not_found(format!("event {id}")))?;
            let history = s.event_history(a, id)?;
            let has_cdm = s.event_cdm(a, id)?.is_some();
            audit_restricted(s, a, "event", std::iter::once((id, e.tier)), &uri)?;
            Ok(EventDetailBody {
                event: EventBody::from(&e),
                pc_history: history.iter().map(PcPointBody::from).collect(),
                has_cdm,
            })
        })
        .await?;
    Ok(Json(out))
}

/// The latest CDM of an event (KVN or XML).
#[utoipa::path(get, path = "/api/v1/events/{id}/cdm", tag = "events",
    params(("id" = i64, Path, description = "Event id"), CdmParams),
    responses((status = 200, description = "The CDM", content((String = "text/plain"), (String = "application/xml"))), Errors))]
pub async fn event_cdm(
    State(st): State<AppState>,
    auth: Auth,
    OriginalUri(uri): OriginalUri,
    id: P,
    Q(p): Q<CdmParams>,
) -> Result<Response, ApiError> {
    let id = id.event()?;
    let xml = match p
        .format
        .as_deref()
        .map(|f| f.trim().to_ascii_lowercase())
        .as_deref()
    {
        None | Some("kvn") => false,
        Some("xml") => true,
        Some(f) => return Err(ApiError::bad(format!("format: {f:?} is not kvn or xml"))),
    };
    let text = st
        .as_caller(auth, move |s, a| {
            let e = s
                .event(a, id)?
                .ok_or_else(|| ApiError::not_found(format!("event {id}")))?;
            let text = s
                .event_cdm(a, id)?
                .ok_or_else(|| ApiError::not_found(format!("event {id} has no CDM")))?;
            audit_restricted(s, a, "CDM of event", std::iter::once((id, e.tier)), &uri)?;
            Ok(text)
        })
        .await?;
    if xml {
        let parsed = cdm::read_kvn(&text).map_err(|e| {
            ApiError::internal(format!("stored CDM of event {id} does not parse: {e}"))
        })?;
        Ok((
            [(header::CONTENT_TYPE, "application/xml")],
            cdm::write_xml(&parsed),
        )
            .into_response())
    } else {
        Ok(([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], text).into_response())
    }
}

/// Changes an event's status (analysts and admins).
#[utoipa::path(post, path = "/api/v1/events/{id}/status", tag = "events",
    params(("id" = i64, Path, description = "Event id")),
    request_body = StatusRequest,
    responses((status = 200, description = "The updated event", body = EventBody),
        (status = 415, description = "The body is not `application/json`", body = ErrorBody), Errors))]
pub async fn event_status(
    State(st): State<AppState>,
    auth: Auth,
    id: P,
    J(body): J<StatusRequest>,
) -> Result<Json<EventBody>, ApiError> {
    let id = id.event()?;
    let status = EventStatus::parse(&body.status)
        .map_err(|e| ApiError::bad(e.to_string().replace("invalid ", "")))?;
    let note = body.note.unwrap_or_default();
    let e = st
        .as_caller(auth, move |s, a| {
            a.require_writer()?;
            s.set_event_status(a, id, status, &note)?;
            s.event(a, id)?
                .ok_or_else(|| ApiError::not_found(format!("event {id}")))
        })
        .await?;
    Ok(Json(EventBody::from(&e)))
}

/// Ingests element sets (TLE/3LE, OMM KVN/XML/JSON/CSV) or a satellite catalog (analysts
/// and admins); idempotent.
#[utoipa::path(post, path = "/api/v1/ingest", tag = "elements", params(IngestParams),
    request_body(content = String, content_type = "text/plain"),
    responses((status = 200, description = "What was stored", body = IngestBody),
        (status = 413, description = "Body above 64 MiB", body = ErrorBody), Errors))]
pub async fn ingest(
    State(st): State<AppState>,
    auth: Auth,
    Q(p): Q<IngestParams>,
    Body(bytes): Body,
) -> Result<Json<IngestBody>, ApiError> {
    let source = p
        .source
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| "api".into());
    if source.len() > 200 {
        return Err(ApiError::bad("source: longer than 200 characters"));
    }
    let counts = st
        .as_caller(auth, move |s, a| {
            a.require_writer()?;
            // Counts of `known` sets would tell a lower-tier writer that objects above its
            // tier exist: ingesting is for writers who see the whole catalog.
            if a.max_tier < Tier::National {
                return Err(ApiError::with(
                    StatusCode::FORBIDDEN,
                    format!(
                        "{} may not ingest: ingest needs a national-tier token",
                        a.actor
                    ),
                ));
            }
            let text = std::str::from_utf8(&bytes)
                .map_err(|e| ApiError::bad(format!("body: not UTF-8 text: {e}")))?;
            if uitkijk_formats::satcat::detect(text) {
                let read = uitkijk_formats::satcat::read(text).map_err(|e| {
                    ApiError::bad(format!(
                        "body: line {}: {}: {}",
                        e.line(),
                        e.field(),
                        e.kind()
                    ))
                })?;
                let info: Vec<uitkijk_store::ObjectInfo> = read
                    .entries
                    .iter()
                    .map(uitkijk_store::ObjectInfo::from)
                    .collect();
                let mut added = 0;
                for chunk in info.chunks(5000) {
                    added += s.upsert_objects(a, chunk, Tier::Public)?;
                }
                s.audit(
                    a,
                    "ingest-satcat",
                    &source,
                    &format!("{} objects, {added} new", info.len()),
                )?;
                return Ok(IngestBody {
                    added,
                    known: info.len() as u64 - added,
                    rejected: read.errors.len() as u64,
                });
            }
            let parsed = uitkijk_formats::read_any(text).map_err(|e| {
                ApiError::bad(format!(
                    "body: line {}: {}: {}",
                    e.line(),
                    e.field(),
                    e.kind()
                ))
            })?;
            if parsed.sets.is_empty() && !parsed.errors.is_empty() {
                let e = &parsed.errors[0];
                return Err(ApiError::unprocessable(format!(
                    "body: no element set could be read ({} bad records; first: line {}: {}: {})",
                    parsed.errors.len(),
                    e.line(),
                    e.field(),
                    e.kind()
                )));
            }
            let c = uitkijk_store::ingest(
                s,
                a,
                &source,
                &parsed.sets,
                parsed.errors.len() as u64,
                Tier::Public,
                5000,
            )?;
            Ok(IngestBody {
                added: c.added,
                known: c.known,
                rejected: c.rejected,
            })
        })
        .await?;
    Ok(Json(counts))
}

/// The newest screening runs.
#[utoipa::path(get, path = "/api/v1/runs", tag = "events", params(LimitParams),
    responses((status = 200, description = "Runs, newest first", body = Vec<RunBody>), Errors))]
pub async fn runs(
    State(st): State<AppState>,
    auth: Auth,
    Q(p): Q<LimitParams>,
) -> Result<Json<Vec<RunBody>>, ApiError> {
    let limit = check_limit(p.limit, 100, 10_000)?;
    let rows = st
        .as_caller(auth, move |s, a| Ok(s.runs(a, limit)?))
        .await?;
    Ok(Json(rows.iter().map(RunBody::from).collect()))
}

/// The newest audit-log entries (admins only).
#[utoipa::path(get, path = "/api/v1/audit", tag = "service", params(LimitParams),
    responses((status = 200, description = "Entries, newest first", body = Vec<AuditBody>), Errors))]
pub async fn audit(
    State(st): State<AppState>,
    auth: Auth,
    Q(p): Q<LimitParams>,
) -> Result<Json<Vec<AuditBody>>, ApiError> {
    let limit = check_limit(p.limit, 100, 10_000)?;
    let rows = st
        .as_caller(auth, move |s, a| Ok(s.audit_log(a, limit)?))
        .await?;
    Ok(Json(rows.iter().map(AuditBody::from).collect()))
}

/// Any other path under `/api/v1`.
pub async fn no_route(OriginalUri(uri): OriginalUri) -> ApiError {
    ApiError::not_found(format!("no API path {}", uri.path()))
}

/// A known path with another method.
pub async fn wrong_method(method: axum::http::Method, OriginalUri(uri): OriginalUri) -> ApiError {
    ApiError::with(
        StatusCode::METHOD_NOT_ALLOWED,
        format!("method: {method} is not allowed on {}", uri.path()),
    )
}
