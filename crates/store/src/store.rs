//! The store over any [`Db`]: every statement is written once here.

use std::collections::HashMap;

use uitkijk_catalog::object_type_of;
use uitkijk_formats::{ElementSet, ObjectType};
use uitkijk_time::format_utc_micros;

use crate::error::{Result, StoreError};
use crate::gate::scoped;
use crate::hash::{content_hash, token_digest};
use crate::model::*;
use crate::sql::{epoch_ns, epoch_of_ns, now_utc, Cells, Db, Dialect, Row, Val};
use crate::{Backend, Store};

/// Two close approaches of one pair are one event when their TCAs are within this many
/// seconds. Successive screenings move an encounter's TCA by the along-track difference of
/// the new element sets over the relative speed: TLE along-track errors of a few km a day
/// (Vallado & Cefola 2012, "Two-line element sets — practice and use", IAC-12.C1.6.12) at
/// crossing speeds of ≥ 1 km/s give seconds, and even 10 km at 0.2 km/s is 50 s. Distinct
/// minima of one pair are at least about half an orbital period apart (≥ 44 min in LEO),
/// so ±60 s cannot merge two encounters of crossing orbits. Co-orbital pairs with a minimum
/// each few minutes are the one case it could blur; each stored event is matched at most
/// once per run, nearest first, so it never merges two minima of one run.
pub const EVENT_TCA_TOLERANCE_S: f64 = 60.0;

/// For each new event (unordered pair, TCA in ns), the id of the stored event it continues:
/// same unordered pair, |ΔTCA| ≤ `tolerance_ns`, nearest first, each stored event used once.
pub fn match_events(
    stored: &[(i64, u32, u32, i64)],
    new: &[(u32, u32, i64)],
    tolerance_ns: i64,
) -> Vec<Option<i64>> {
    let key = |a: u32, b: u32| (a.min(b), a.max(b));
    let mut by_pair: HashMap<(u32, u32), Vec<(i64, i64)>> = HashMap::new();
    for &(id, p, s, t) in stored {
        by_pair.entry(key(p, s)).or_default().push((id, t));
    }
    // All candidate (distance, new index, stored id), closest first: a greedy assignment
    // that never gives one stored event to two new ones.
    let mut cands: Vec<(i64, usize, i64)> = Vec::new();
    for (i, &(p, s, t)) in new.iter().enumerate() {
        if let Some(list) = by_pair.get(&key(p, s)) {
            for &(id, ts) in list {
                let d = (t - ts).abs();
                if d <= tolerance_ns {
                    cands.push((d, i, id));
                }
            }
        }
    }
    cands.sort_unstable();
    let mut out = vec![None; new.len()];
    let mut used = std::collections::HashSet::new();
    for (_, i, id) in cands {
        if out[i].is_none() && !used.contains(&id) {
            out[i] = Some(id);
            used.insert(id);
        }
    }
    out
}

/// An ingest adding at least this many element sets refreshes PostgreSQL's statistics.
const ANALYZE_AFTER_SETS: u64 = 1000;

pub(crate) struct SqlStore<D: Db> {
    db: D,
    version: i64,
}

impl<D: Db> SqlStore<D> {
    pub fn new(mut db: D) -> Result<Self> {
        let version = crate::schema::migrate(&mut db)?;
        Ok(SqlStore { db, version })
    }

    /// Runs `f` in one transaction: committed when it succeeds, rolled back otherwise.
    fn tx<T>(&mut self, f: impl FnOnce(&mut D) -> Result<T>) -> Result<T> {
        self.db.begin()?;
        match f(&mut self.db) {
            Ok(v) => {
                self.db.batch("COMMIT")?;
                Ok(v)
            }
            Err(e) => {
                let _ = self.db.batch("ROLLBACK");
                Err(e)
            }
        }
    }

    fn read(&mut self, access: &Access, body: &str, params: &[Val]) -> Result<Vec<Row>> {
        self.db.query(&scoped(access, body), params)
    }
}

fn append_audit(
    db: &mut dyn Db,
    actor: &str,
    action: &str,
    subject: &str,
    detail: &str,
) -> Result<()> {
    db.execute(
        "INSERT INTO audit_log (at_utc, actor, action, subject, detail) VALUES (?1, ?2, ?3, ?4, ?5)",
        &[now_utc().into(), actor.into(), action.into(), subject.into(), detail.into()],
    )?;
    Ok(())
}

fn first_i64(rows: &[Row], table: &'static str) -> Result<i64> {
    let row = rows.first().ok_or_else(|| StoreError::Corrupt {
        table,
        why: "no row returned".into(),
    })?;
    Cells { row, table }.i64(0)
}

fn limit(n: usize) -> Val {
    Val::Int(if n == 0 {
        i64::MAX
    } else {
        n.min(i64::MAX as usize) as i64
    })
}

/// The columns of an element-set row, in `SET_COLUMNS` order.
fn set_row(set: &ElementSet, hash: String, ingest_id: i64, source: &str, now: &str) -> Row {
    vec![
        set.norad_id.into(),
        Val::Int(epoch_ns(set.epoch)),
        format_utc_micros(set.epoch).into(),
        set.object_name.clone().into(),
        set.object_id.clone().into(),
        set.object_type.map(|t| t.as_str()).into(),
        set.classification.to_string().into(),
        set.mean_motion_rev_day.into(),
        set.eccentricity.into(),
        set.inclination_deg.into(),
        set.raan_deg.into(),
        set.arg_perigee_deg.into(),
        set.mean_anomaly_deg.into(),
        set.mean_motion_dot_rev_day2.into(),
        set.mean_motion_ddot_rev_day3.into(),
        set.bstar_per_er.into(),
        Val::Int(set.ephemeris_type as i64),
        set.element_set_no.into(),
        set.rev_at_epoch.into(),
        hash.into(),
        Val::Int(ingest_id),
        source.into(),
        now.into(),
    ]
}

const SET_SELECT: &str = "id, norad_id, epoch_tai_ns, object_name, object_id, object_type, classification, mean_motion_rev_day, eccentricity, inclination_deg, raan_deg, arg_perigee_deg, mean_anomaly_deg, mean_motion_dot_rev_day2, mean_motion_ddot_rev_day3, bstar_per_er, ephemeris_type, element_set_no, rev_at_epoch, source, ingested_utc, content_hash";

fn stored_set(row: &[Val]) -> Result<StoredSet> {
    let c = Cells {
        row,
        table: "element_sets",
    };
    let class = c.text(6)?;
    let bad = |field: &'static str, why: String| StoreError::Corrupt {
        table: "element_sets",
        why: format!("{field}: {why}"),
    };
    Ok(StoredSet {
        id: c.i64(0)?,
        set: ElementSet {
            norad_id: c.u32(1)?,
            epoch: epoch_of_ns(c.i64(2)?),
            object_name: c.opt_text(3)?,
            object_id: c.opt_text(4)?,
            object_type: match c.opt_text(5)? {
                None => None,
                Some(t) => Some(ObjectType::parse(&t).ok_or_else(|| bad("object_type", t))?),
            },
            classification: class
                .chars()
                .next()
                .ok_or_else(|| bad("classification", "empty".into()))?,
            mean_motion_rev_day: c.f64(7)?,
            eccentricity: c.f64(8)?,
            inclination_deg: c.f64(9)?,
            raan_deg: c.f64(10)?,
            arg_perigee_deg: c.f64(11)?,
            mean_anomaly_deg: c.f64(12)?,
            mean_motion_dot_rev_day2: c.f64(13)?,
            mean_motion_ddot_rev_day3: c.f64(14)?,
            bstar_per_er: c.f64(15)?,
            ephemeris_type: u8::try_from(c.i64(16)?)
                .map_err(|_| bad("ephemeris_type", "out of range".into()))?,
            element_set_no: c.u32(17)?,
            rev_at_epoch: c.u32(18)?,
        },
        source: c.text(19)?,
        ingested_utc: c.text(20)?,
        content_hash: c.text(21)?,
    })
}

fn tier_of(c: &Cells, i: usize) -> Result<Tier> {
    let l = c.i64(i)?;
    Tier::from_level(l).ok_or_else(|| StoreError::Corrupt {
        table: c.table,
        why: format!("tier {l}"),
    })
}

/// Number of sets and newest epoch of object `o`, for the object rows.
const OBJECT_SETS: &str =
    "(SELECT COUNT(*) FROM visible_sets s WHERE s.norad_id = o.norad_id) AS n_sets, \
(SELECT MAX(s.epoch_utc) FROM visible_sets s WHERE s.norad_id = o.norad_id) AS latest";

const EVENT_SELECT: &str = "e.id, e.primary_id, e.secondary_id, e.tca_utc, e.miss_km, e.rel_speed_km_s, e.radial_km, e.in_track_km, e.cross_track_km, e.pc, e.pc_method, e.max_pc, e.status, e.first_run_id, e.last_run_id, (SELECT COUNT(*) FROM visible_assessments a WHERE a.event_id = e.id), (SELECT o.name FROM visible_objects o WHERE o.norad_id = e.primary_id), (SELECT o.name FROM visible_objects o WHERE o.norad_id = e.secondary_id), (SELECT MAX(o.tier) FROM visible_objects o WHERE o.norad_id IN (e.primary_id, e.secondary_id))";

fn event_row(row: &[Val]) -> Result<EventRow> {
    let c = Cells {
        row,
        table: "events",
    };
    Ok(EventRow {
        id: c.i64(0)?,
        primary_id: c.u32(1)?,
        secondary_id: c.u32(2)?,
        primary_name: c.opt_text(16)?,
        secondary_name: c.opt_text(17)?,
        tier: tier_of(&c, 18)?,
        tca_utc: c.text(3)?,
        miss_km: c.f64(4)?,
        rel_speed_km_s: c.f64(5)?,
        ric_km: [c.f64(6)?, c.f64(7)?, c.f64(8)?],
        pc: c.opt_f64(9)?,
        pc_method: c.opt_text(10)?,
        max_pc: c.opt_f64(11)?,
        status: EventStatus::parse(&c.text(12)?)?,
        first_run_id: c.i64(13)?,
        last_run_id: c.i64(14)?,
        assessments: c.i64(15)?,
    })
}

/// `LIKE` pattern matching the upper-cased `needle` literally anywhere (escape character
/// `\`).
fn contains_pattern(needle: &str) -> String {
    let mut p = String::from("%");
    for ch in needle.to_uppercase().chars() {
        if matches!(ch, '%' | '_' | '\\') {
            p.push('\\');
        }
        p.push(ch);
    }
    p.push('%');
    p
}

/// The half-open key range `[P, P')` holding exactly the upper-case keys that start with
/// `prefix` (P' is P with its last character incremented; UTF-8 byte order, which both
/// engines' key comparisons use, is code-point order). `None` when no bound is needed.
fn prefix_range(prefix: &str) -> (String, Option<String>) {
    let low = prefix.to_uppercase();
    let mut chars: Vec<char> = low.chars().collect();
    while let Some(last) = chars.pop() {
        // The next code point, skipping the surrogate gap; at U+10FFFF drop it and carry.
        let next = char::from_u32(last as u32 + 1).or(if last as u32 == 0xD7FF {
            char::from_u32(0xE000)
        } else {
            None
        });
        if let Some(n) = next {
            chars.push(n);
            return (low, Some(chars.into_iter().collect()));
        }
    }
    (low, None)
}

/// `?n, ?n+1, …` for a list of ids, appending them to `params`.
fn id_list(ids: &[u32], params: &mut Vec<Val>) -> String {
    let mut s = String::new();
    for id in ids {
        params.push((*id).into());
        if !s.is_empty() {
            s.push_str(", ");
        }
        s.push_str(&format!("?{}", params.len()));
    }
    s
}

impl<D: Db> Store for SqlStore<D> {
    fn backend(&self) -> Backend {
        match self.db.dialect() {
            crate::sql::Dialect::Sqlite => Backend::Sqlite,
            crate::sql::Dialect::Postgres => Backend::Postgres,
        }
    }

    fn schema_version(&mut self) -> Result<i64> {
        Ok(self.version)
    }

    fn begin_ingest(&mut self, access: &Access, source: &str) -> Result<i64> {
        access.require_writer()?;
        let rows = self.db.query(
            "INSERT INTO ingests (source, actor, started_utc) VALUES (?1, ?2, ?3) RETURNING id",
            &[source.into(), access.actor.clone().into(), now_utc().into()],
        )?;
        first_i64(&rows, "ingests")
    }

    fn ingest_chunk(
        &mut self,
        access: &Access,
        ingest_id: i64,
        source: &str,
        sets: &[ElementSet],
        new_tier: Tier,
    ) -> Result<IngestCounts> {
        access.require_writer()?;
        let now = now_utc();
        // One object row per catalog number (the last set of the chunk names it), and each
        // content once: PostgreSQL refuses an upsert that touches a row twice.
        let mut objects: HashMap<u32, Row> = HashMap::new();
        let mut seen = std::collections::HashSet::new();
        let mut rows = Vec::with_capacity(sets.len());
        for s in sets {
            let hash = content_hash(s);
            objects.insert(
                s.norad_id,
                vec![
                    s.norad_id.into(),
                    s.object_name.clone().into(),
                    s.object_id.clone().into(),
                    object_type_of(s).as_str().into(),
                    Val::Int(new_tier.level()),
                    now.clone().into(),
                ],
            );
            if seen.insert(hash.clone()) {
                rows.push(set_row(s, hash, ingest_id, source, &now));
            }
        }
        let mut objects: Vec<(u32, Row)> = objects.into_iter().collect();
        objects.sort_unstable_by_key(|o| o.0);
        let objects: Vec<Row> = objects.into_iter().map(|o| o.1).collect();
        let added = self.tx(|db| {
            db.upsert_objects(&objects)?;
            db.insert_sets(&rows)
        })?;
        Ok(IngestCounts {
            added,
            known: sets.len() as u64 - added,
            rejected: 0,
        })
    }

    fn finish_ingest(&mut self, access: &Access, ingest_id: i64, c: IngestCounts) -> Result<()> {
        let actor = access.actor.clone();
        self.tx(|db| {
            let rows = db.query(
                "UPDATE ingests SET finished_utc = ?1, added = ?2, known = ?3, rejected = ?4 WHERE id = ?5 RETURNING source",
                &[
                    now_utc().into(),
                    Val::Int(c.added as i64),
                    Val::Int(c.known as i64),
                    Val::Int(c.rejected as i64),
                    Val::Int(ingest_id),
                ],
            )?;
            let source = rows
                .first()
                .map(|r| Cells { row: r, table: "ingests" }.text(0))
                .transpose()?
                .ok_or_else(|| StoreError::NotFound(format!("ingest {ingest_id}")))?;
            append_audit(
                db,
                &actor,
                "ingest",
                &source,
                &format!(
                    "ingest {ingest_id}: {} added, {} already known, {} rejected",
                    c.added, c.known, c.rejected
                ),
            )
        })?;
        // PostgreSQL plans from table statistics, which a fresh bulk load lacks until
        // autovacuum's next pass (up to a minute, longer under load): meanwhile it takes the
        // 24k-row `element_sets` for a few pages and reads the newest sets of 100 objects by
        // a sequential scan, 13.9 ms instead of 0.36 ms (EXPLAIN ANALYZE, full catalog,
        // issue 5). Refresh them after a large ingest (PostgreSQL 15 manual, 14.2
        // "Statistics Used by the Planner"); SQLite's plans here do not depend on statistics.
        if self.db.dialect() == Dialect::Postgres && c.added >= ANALYZE_AFTER_SETS {
            self.db.batch("ANALYZE objects, element_sets")?;
        }
        Ok(())
    }

    fn upsert_objects(
        &mut self,
        access: &Access,
        objects: &[ObjectInfo],
        new_tier: Tier,
    ) -> Result<u64> {
        access.require_writer()?;
        let actor = access.actor.clone();
        self.tx(|db| {
            let now = now_utc();
            let before = first_i64(&db.query("SELECT COUNT(*) FROM objects", &[])?, "objects")?;
            for o in objects {
                db.execute(
                    "INSERT INTO objects (norad_id, name, cospar, object_type, owner, tier, first_seen_utc, updated_utc) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7) ON CONFLICT (norad_id) DO UPDATE SET \
                     name = COALESCE(excluded.name, objects.name), \
                     cospar = COALESCE(excluded.cospar, objects.cospar), \
                     object_type = CASE WHEN excluded.object_type = 'UNKNOWN' THEN objects.object_type ELSE excluded.object_type END, \
                     owner = COALESCE(excluded.owner, objects.owner), \
                     updated_utc = excluded.updated_utc",
                    &[
                        o.norad_id.into(),
                        o.name.clone().into(),
                        o.cospar.clone().into(),
                        o.object_type.to_ascii_uppercase().into(),
                        o.owner.clone().into(),
                        Val::Int(new_tier.level()),
                        now.clone().into(),
                    ],
                )?;
            }
            let after = first_i64(&db.query("SELECT COUNT(*) FROM objects", &[])?, "objects")?;
            let added = (after - before).max(0) as u64;
            append_audit(
                db,
                &actor,
                "objects",
                "object catalog",
                &format!("{} objects, {added} new", objects.len()),
            )?;
            Ok(added)
        })
    }

    fn record_screening(
        &mut self,
        access: &Access,
        run: &NewRun,
        objects: &[ObjectRef],
        events: &[NewEvent],
    ) -> Result<RunOutcome> {
        access.require_writer()?;
        let actor = access.actor.clone();
        let tol_ns = (EVENT_TCA_TOLERANCE_S * 1e9) as i64;
        self.tx(|db| {
            let now = now_utc();
            // Objects screened from files that were never ingested: unknown provenance, so
            // the most restrictive tier until an admin says otherwise.
            for o in objects {
                db.execute(
                    "INSERT INTO objects (norad_id, name, cospar, object_type, owner, tier, first_seen_utc, updated_utc) \
                     VALUES (?1, ?2, ?3, ?4, NULL, ?5, ?6, ?6) ON CONFLICT (norad_id) DO NOTHING",
                    &[
                        o.norad_id.into(),
                        o.name.clone().into(),
                        o.cospar.clone().into(),
                        o.object_type.clone().into(),
                        Val::Int(Tier::National.level()),
                        now.clone().into(),
                    ],
                )?;
            }
            let assets: Vec<String> = run.assets.iter().map(u32::to_string).collect();
            let rows = db.query(
                "INSERT INTO screening_runs (actor, started_utc, finished_utc, window_start_utc, window_end_utc, threshold_km, assets, catalog_sha256, objects_screened, events_found, parameters) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) RETURNING id",
                &[
                    actor.clone().into(),
                    format_utc_micros(run.started).into(),
                    format_utc_micros(run.finished).into(),
                    format_utc_micros(run.window_start).into(),
                    format_utc_micros(run.window_end).into(),
                    run.threshold_km.into(),
                    assets.join(",").into(),
                    run.catalog_sha256.clone().into(),
                    Val::Int(run.objects),
                    Val::Int(events.len() as i64),
                    run.parameters.clone().into(),
                ],
            )?;
            let run_id = first_i64(&rows, "screening_runs")?;
            // Stored events that new ones may continue: TCA within the window ± tolerance.
            let (lo, hi) = events.iter().fold((i64::MAX, i64::MIN), |(lo, hi), e| {
                let t = epoch_ns(e.tca);
                (lo.min(t), hi.max(t))
            });
            let mut stored = Vec::new();
            if !events.is_empty() {
                for r in db.query(
                    "SELECT id, primary_id, secondary_id, tca_tai_ns FROM events WHERE tca_tai_ns BETWEEN ?1 AND ?2",
                    &[Val::Int(lo.saturating_sub(tol_ns)), Val::Int(hi.saturating_add(tol_ns))],
                )? {
                    let c = Cells { row: &r, table: "events" };
                    stored.push((c.i64(0)?, c.u32(1)?, c.u32(2)?, c.i64(3)?));
                }
            }
            let keys: Vec<(u32, u32, i64)> = events
                .iter()
                .map(|e| (e.primary_id, e.secondary_id, epoch_ns(e.tca)))
                .collect();
            let matched = match_events(&stored, &keys, tol_ns);
            let (mut new_events, mut updated) = (0u64, 0u64);
            for (e, m) in events.iter().zip(matched) {
                let common: Vec<Val> = vec![
                    e.primary_id.into(),
                    e.secondary_id.into(),
                    Val::Int(epoch_ns(e.tca)),
                    format_utc_micros(e.tca).into(),
                    e.miss_km.into(),
                    e.rel_speed_km_s.into(),
                    e.ric_km[0].into(),
                    e.ric_km[1].into(),
                    e.ric_km[2].into(),
                    e.pc.into(),
                    e.pc_method.clone().into(),
                    e.max_pc.into(),
                    e.cdm_text.clone().into(),
                    Val::Int(run_id),
                    now.clone().into(),
                ];
                let event_id = match m {
                    Some(id) => {
                        let mut p = common;
                        p.push(Val::Int(id));
                        db.execute(
                            "UPDATE events SET primary_id = ?1, secondary_id = ?2, tca_tai_ns = ?3, tca_utc = ?4, miss_km = ?5, rel_speed_km_s = ?6, radial_km = ?7, in_track_km = ?8, cross_track_km = ?9, pc = ?10, pc_method = ?11, max_pc = ?12, cdm_text = ?13, last_run_id = ?14, updated_utc = ?15 WHERE id = ?16",
                            &p,
                        )?;
                        updated += 1;
                        id
                    }
                    None => {
                        let rows = db.query(
                            "INSERT INTO events (primary_id, secondary_id, tca_tai_ns, tca_utc, miss_km, rel_speed_km_s, radial_km, in_track_km, cross_track_km, pc, pc_method, max_pc, cdm_text, first_run_id, last_run_id, updated_utc) \
                             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?14, ?15) RETURNING id",
                            &common,
                        )?;
                        new_events += 1;
                        first_i64(&rows, "events")?
                    }
                };
                db.execute(
                    "INSERT INTO event_assessments (event_id, run_id, tca_tai_ns, tca_utc, miss_km, pc, pc_method, max_pc) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                    &[
                        Val::Int(event_id),
                        Val::Int(run_id),
                        Val::Int(epoch_ns(e.tca)),
                        format_utc_micros(e.tca).into(),
                        e.miss_km.into(),
                        e.pc.into(),
                        e.pc_method.clone().into(),
                        e.max_pc.into(),
                    ],
                )?;
            }
            db.execute(
                "UPDATE screening_runs SET new_events = ?1, updated_events = ?2 WHERE id = ?3",
                &[Val::Int(new_events as i64), Val::Int(updated as i64), Val::Int(run_id)],
            )?;
            append_audit(
                db,
                &actor,
                "screen",
                &format!("run {run_id}"),
                &format!(
                    "{} objects, {} events ({new_events} new, {updated} updated), catalog {}",
                    run.objects,
                    events.len(),
                    run.catalog_sha256
                ),
            )?;
            Ok(RunOutcome {
                run_id,
                new_events,
                updated_events: updated,
            })
        })
    }

    fn set_event_status(
        &mut self,
        access: &Access,
        event_id: i64,
        status: EventStatus,
        note: &str,
    ) -> Result<()> {
        access.require_writer()?;
        let visible = scoped(access, "SELECT id FROM visible_events WHERE id = ?1");
        let actor = access.actor.clone();
        self.tx(|db| {
            if db.query(&visible, &[Val::Int(event_id)])?.is_empty() {
                return Err(StoreError::NotFound(format!("event {event_id}")));
            }
            let now = now_utc();
            db.execute(
                "UPDATE events SET status = ?1, updated_utc = ?2 WHERE id = ?3",
                &[status.as_str().into(), now.clone().into(), Val::Int(event_id)],
            )?;
            db.execute(
                "INSERT INTO event_acks (event_id, actor, at_utc, status, note) VALUES (?1, ?2, ?3, ?4, ?5)",
                &[Val::Int(event_id), actor.clone().into(), now.into(), status.as_str().into(), note.into()],
            )?;
            append_audit(db, &actor, "event-status", &format!("event {event_id}"), &format!("{}: {note}", status.as_str()))
        })
    }

    fn set_object_tier(&mut self, access: &Access, norad_id: u32, tier: Tier) -> Result<()> {
        access.require_admin()?;
        let actor = access.actor.clone();
        self.tx(|db| {
            let rows = db.query(
                "SELECT tier FROM objects WHERE norad_id = ?1",
                &[norad_id.into()],
            )?;
            let old = first_i64(&rows, "objects")
                .map_err(|_| StoreError::NotFound(format!("object {norad_id}")))?;
            db.execute(
                "UPDATE objects SET tier = ?1, updated_utc = ?2 WHERE norad_id = ?3",
                &[Val::Int(tier.level()), now_utc().into(), norad_id.into()],
            )?;
            let old = Tier::from_level(old).map_or("?", Tier::as_str);
            append_audit(
                db,
                &actor,
                "object-tier",
                &format!("object {norad_id}"),
                &format!("{old} -> {}", tier.as_str()),
            )
        })
    }

    fn set_object_owner(&mut self, access: &Access, norad_id: u32, owner: &str) -> Result<()> {
        access.require_writer()?;
        let n = self.db.execute(
            "UPDATE objects SET owner = ?1, updated_utc = ?2 WHERE norad_id = ?3",
            &[owner.into(), now_utc().into(), norad_id.into()],
        )?;
        if n == 0 {
            return Err(StoreError::NotFound(format!("object {norad_id}")));
        }
        Ok(())
    }

    fn create_partner(&mut self, access: &Access, name: &str, max_tier: Tier) -> Result<i64> {
        access.require_admin()?;
        if name.trim().is_empty() {
            return Err(StoreError::Invalid {
                field: "name",
                why: "empty".into(),
            });
        }
        let actor = access.actor.clone();
        self.tx(|db| {
            let rows = db.query(
                "INSERT INTO partners (name, max_tier, created_utc) VALUES (?1, ?2, ?3) RETURNING id",
                &[name.into(), Val::Int(max_tier.level()), now_utc().into()],
            )?;
            let id = first_i64(&rows, "partners")?;
            append_audit(db, &actor, "partner-create", name, &format!("id {id}, max tier {}", max_tier.as_str()))?;
            Ok(id)
        })
    }

    fn create_user(
        &mut self,
        access: &Access,
        name: &str,
        role: Role,
        partner_id: Option<i64>,
        max_tier: Tier,
    ) -> Result<i64> {
        access.require_admin()?;
        if name.trim().is_empty() {
            return Err(StoreError::Invalid {
                field: "name",
                why: "empty".into(),
            });
        }
        if role == Role::Partner && partner_id.is_none() {
            return Err(StoreError::Invalid {
                field: "partner",
                why: "a partner user needs its partner".into(),
            });
        }
        let actor = access.actor.clone();
        self.tx(|db| {
            let rows = db.query(
                "INSERT INTO users (name, role, partner_id, max_tier, created_utc) VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id",
                &[name.into(), role.as_str().into(), partner_id.into(), Val::Int(max_tier.level()), now_utc().into()],
            )?;
            let id = first_i64(&rows, "users")?;
            append_audit(db, &actor, "user-create", name, &format!("id {id}, role {}, tier {}", role.as_str(), max_tier.as_str()))?;
            Ok(id)
        })
    }

    fn issue_token(&mut self, access: &Access, user_id: i64, label: &str) -> Result<IssuedToken> {
        access.require_admin()?;
        // 256 random bits from the OS-seeded generator; only the digest is stored.
        let bytes: [u8; 32] = rand::random();
        let secret = format!("uk_{}", crate::hash::hex(&bytes));
        let actor = access.actor.clone();
        let digest = token_digest(&secret);
        let id = self.tx(|db| {
            let rows = db.query(
                "INSERT INTO api_tokens (user_id, token_sha256, label, created_utc) VALUES (?1, ?2, ?3, ?4) RETURNING id",
                &[Val::Int(user_id), digest.into(), label.into(), now_utc().into()],
            )?;
            let id = first_i64(&rows, "api_tokens")?;
            append_audit(db, &actor, "token-issue", &format!("user {user_id}"), &format!("token {id} ({label})"))?;
            Ok(id)
        })?;
        Ok(IssuedToken { id, secret })
    }

    fn users(&mut self, access: &Access) -> Result<Vec<UserRow>> {
        access.require_admin()?;
        let rows = self.db.query(
            "SELECT id, name, role, partner_id, max_tier FROM users ORDER BY id",
            &[],
        )?;
        rows.iter()
            .map(|r| {
                let c = Cells {
                    row: r,
                    table: "users",
                };
                Ok(UserRow {
                    id: c.i64(0)?,
                    name: c.text(1)?,
                    role: Role::parse(&c.text(2)?)?,
                    partner_id: c.opt_i64(3)?,
                    max_tier: tier_of(&c, 4)?,
                })
            })
            .collect()
    }

    fn partners(&mut self, access: &Access) -> Result<Vec<PartnerRow>> {
        access.require_admin()?;
        let rows = self
            .db
            .query("SELECT id, name, max_tier FROM partners ORDER BY id", &[])?;
        rows.iter()
            .map(|r| {
                let c = Cells {
                    row: r,
                    table: "partners",
                };
                Ok(PartnerRow {
                    id: c.i64(0)?,
                    name: c.text(1)?,
                    max_tier: tier_of(&c, 2)?,
                })
            })
            .collect()
    }

    fn tokens(&mut self, access: &Access) -> Result<Vec<TokenRow>> {
        access.require_admin()?;
        let rows = self.db.query(
            "SELECT t.id, u.name, u.role, p.name, u.max_tier, p.max_tier, t.label, t.created_utc, t.revoked_utc \
             FROM api_tokens t JOIN users u ON u.id = t.user_id LEFT JOIN partners p ON p.id = u.partner_id ORDER BY t.id",
            &[],
        )?;
        rows.iter()
            .map(|r| {
                let c = Cells {
                    row: r,
                    table: "api_tokens",
                };
                let mut tier = tier_of(&c, 4)?;
                if !matches!(c.row.get(5), Some(Val::Null)) {
                    tier = tier.min(tier_of(&c, 5)?);
                }
                Ok(TokenRow {
                    id: c.i64(0)?,
                    user: c.text(1)?,
                    role: Role::parse(&c.text(2)?)?,
                    partner: c.opt_text(3)?,
                    max_tier: tier,
                    label: c.text(6)?,
                    created_utc: c.text(7)?,
                    revoked_utc: c.opt_text(8)?,
                })
            })
            .collect()
    }

    fn revoke_token(&mut self, access: &Access, token_id: i64) -> Result<()> {
        access.require_admin()?;
        let actor = access.actor.clone();
        self.tx(|db| {
            let n = db.execute(
                "UPDATE api_tokens SET revoked_utc = ?1 WHERE id = ?2 AND revoked_utc IS NULL",
                &[now_utc().into(), Val::Int(token_id)],
            )?;
            if n == 0 {
                return Err(StoreError::NotFound(format!("active token {token_id}")));
            }
            append_audit(db, &actor, "token-revoke", &format!("token {token_id}"), "")
        })
    }

    fn authenticate(&mut self, secret: &str) -> Result<Option<Access>> {
        let rows = self.db.query(
            "SELECT u.id, u.name, u.role, u.max_tier, p.max_tier FROM api_tokens t \
             JOIN users u ON u.id = t.user_id LEFT JOIN partners p ON p.id = u.partner_id \
             WHERE t.token_sha256 = ?1 AND t.revoked_utc IS NULL",
            &[token_digest(secret).into()],
        )?;
        let Some(row) = rows.first() else {
            return Ok(None);
        };
        let c = Cells {
            row,
            table: "users",
        };
        let mut tier = tier_of(&c, 3)?;
        if !matches!(c.row.get(4), Some(Val::Null)) {
            tier = tier.min(tier_of(&c, 4)?);
        }
        Ok(Some(Access {
            actor: format!("user:{}", c.text(1)?),
            max_tier: tier,
            role: Role::parse(&c.text(2)?)?,
            user_id: Some(c.i64(0)?),
        }))
    }

    fn audit(&mut self, access: &Access, action: &str, subject: &str, detail: &str) -> Result<()> {
        append_audit(&mut self.db, &access.actor, action, subject, detail)
    }

    fn audit_log(&mut self, access: &Access, n: usize) -> Result<Vec<AuditEntry>> {
        access.require_admin()?;
        let rows = self.db.query(
            "SELECT id, at_utc, actor, action, subject, detail FROM audit_log ORDER BY id DESC LIMIT ?1",
            &[limit(n)],
        )?;
        rows.iter()
            .map(|r| {
                let c = Cells {
                    row: r,
                    table: "audit_log",
                };
                Ok(AuditEntry {
                    id: c.i64(0)?,
                    at_utc: c.text(1)?,
                    actor: c.text(2)?,
                    action: c.text(3)?,
                    subject: c.text(4)?,
                    detail: c.text(5)?,
                })
            })
            .collect()
    }

    fn counts(&mut self, access: &Access) -> Result<Counts> {
        let rows = self.read(access, reads::COUNTS, &[])?;
        let row = rows.first().ok_or_else(|| StoreError::Corrupt {
            table: "objects",
            why: "no counts".into(),
        })?;
        let c = Cells {
            row,
            table: "objects",
        };
        Ok(Counts {
            objects: c.i64(0)?,
            element_sets: c.i64(1)?,
            events: c.i64(2)?,
        })
    }

    fn objects(&mut self, access: &Access, q: &ObjectQuery) -> Result<Vec<ObjectRow>> {
        let mut params = Vec::new();
        let mut wh = vec!["1 = 1".to_string()];
        if !q.ids.is_empty() {
            wh.push(format!("norad_id IN ({})", id_list(&q.ids, &mut params)));
        }
        if let Some(n) = &q.name_contains {
            // No B-tree serves a leading wildcard: this scans the objects, so read the
            // cheapest column. SQLite's LIKE already ignores ASCII case (and its UPPER knows
            // only ASCII), so the bare name saves an UPPER per row (5.4 -> 2.4 ms on the full
            // catalog); PostgreSQL's LIKE is case-sensitive and reads the stored key.
            params.push(contains_pattern(n).into());
            let col = match self.db.dialect() {
                Dialect::Sqlite => "name",
                Dialect::Postgres => "name_key",
            };
            wh.push(format!("{col} LIKE ?{} ESCAPE '\\'", params.len()));
        }
        if let Some(p) = &q.cospar_prefix {
            // A key range, which the `objects_cospar_key` B-tree serves (migration 2).
            let (low, high) = prefix_range(p);
            params.push(low.into());
            wh.push(format!("cospar_key >= ?{}", params.len()));
            if let Some(h) = high {
                params.push(h.into());
                wh.push(format!("cospar_key < ?{}", params.len()));
            }
        }
        if let Some(t) = &q.object_type {
            params.push(t.to_ascii_uppercase().into());
            wh.push(format!("object_type = ?{}", params.len()));
        }
        params.push(limit(q.limit));
        params.push(Val::Int(q.offset as i64));
        let dir = if q.descending { "DESC" } else { "ASC" };
        let (lim, off) = (params.len() - 1, params.len());
        let wh = wh.join(" AND ");
        let body = match q.order {
            // Page over the objects first, then count their sets: the join runs on one page.
            ObjectOrder::NoradId | ObjectOrder::Name => {
                let key = if q.order == ObjectOrder::Name {
                    format!("name {dir}, norad_id {dir}")
                } else {
                    format!("norad_id {dir}")
                };
                let okey = key.replace("name", "o.name").replace("norad_id", "o.norad_id");
                // Correlated subqueries, not a LEFT JOIN: SQLite cannot flatten a join on the
                // right of a LEFT JOIN and would copy every visible set first.
                format!(
                    "SELECT o.norad_id, o.name, o.cospar, o.object_type, o.owner, o.tier, {OBJECT_SETS} \
                     FROM (SELECT * FROM visible_objects WHERE {wh} ORDER BY {key} LIMIT ?{lim} OFFSET ?{off}) o \
                     ORDER BY {okey}"
                )
            }
            // The newest epoch is known only after the join: sort and page the grouped rows.
            ObjectOrder::Epoch => format!(
                "SELECT * FROM (SELECT o.norad_id, o.name, o.cospar, o.object_type, o.owner, o.tier, {OBJECT_SETS} \
                 FROM visible_objects o WHERE {wh}) x \
                 ORDER BY CASE WHEN x.latest IS NULL THEN 1 ELSE 0 END, x.latest {dir}, x.norad_id {dir} \
                 LIMIT ?{lim} OFFSET ?{off}"
            ),
        };
        let rows = self.read(access, &body, &params)?;
        rows.iter()
            .map(|r| {
                let c = Cells {
                    row: r,
                    table: "objects",
                };
                Ok(ObjectRow {
                    norad_id: c.u32(0)?,
                    name: c.opt_text(1)?,
                    cospar: c.opt_text(2)?,
                    object_type: c.text(3)?,
                    owner: c.opt_text(4)?,
                    tier: tier_of(&c, 5)?,
                    element_sets: c.i64(6)?,
                    latest_epoch_utc: c.opt_text(7)?,
                })
            })
            .collect()
    }

    fn element_history(
        &mut self,
        access: &Access,
        norad_id: u32,
        range: Range,
    ) -> Result<Vec<StoredSet>> {
        let body = format!(
            "SELECT {SET_SELECT} FROM visible_sets WHERE norad_id = ?1 AND epoch_tai_ns >= ?2 AND epoch_tai_ns <= ?3 ORDER BY epoch_tai_ns, id"
        );
        let rows = self.read(
            access,
            &body,
            &[
                norad_id.into(),
                Val::Int(range.from.map_or(i64::MIN, epoch_ns)),
                Val::Int(range.to.map_or(i64::MAX, epoch_ns)),
            ],
        )?;
        rows.iter().map(|r| stored_set(r)).collect()
    }

    fn latest_sets(&mut self, access: &Access, ids: &[u32]) -> Result<Vec<StoredSet>> {
        let mut params = Vec::new();
        let filter = if ids.is_empty() {
            String::new()
        } else {
            format!("WHERE norad_id IN ({})", id_list(ids, &mut params))
        };
        let body = format!(
            "SELECT {SET_SELECT} FROM (SELECT s.*, ROW_NUMBER() OVER (PARTITION BY norad_id ORDER BY epoch_tai_ns DESC, id DESC) AS rn \
             FROM visible_sets s {filter}) x WHERE rn = 1 ORDER BY norad_id"
        );
        let rows = self.read(access, &body, &params)?;
        rows.iter().map(|r| stored_set(r)).collect()
    }

    fn events(&mut self, access: &Access, q: &EventQuery) -> Result<Vec<EventRow>> {
        let mut params = Vec::new();
        let mut wh = vec!["1 = 1".to_string()];
        if let Some(o) = q.object {
            params.push(o.into());
            wh.push(format!(
                "(e.primary_id = ?{0} OR e.secondary_id = ?{0})",
                params.len()
            ));
        }
        if let Some(t) = q.from {
            params.push(Val::Int(epoch_ns(t)));
            wh.push(format!("e.tca_tai_ns >= ?{}", params.len()));
        }
        if let Some(t) = q.to {
            params.push(Val::Int(epoch_ns(t)));
            wh.push(format!("e.tca_tai_ns <= ?{}", params.len()));
        }
        if let Some(p) = q.min_pc {
            params.push(p.into());
            wh.push(format!("e.pc >= ?{}", params.len()));
        }
        if let Some(m) = q.max_miss_km {
            params.push(m.into());
            wh.push(format!("e.miss_km <= ?{}", params.len()));
        }
        if let Some(s) = q.status {
            params.push(s.as_str().into());
            wh.push(format!("e.status = ?{}", params.len()));
        }
        params.push(limit(q.limit));
        params.push(Val::Int(q.offset as i64));
        let dir = if q.descending { "DESC" } else { "ASC" };
        let key = match q.order {
            EventOrder::Tca => format!("e.tca_tai_ns {dir}"),
            EventOrder::Pc => format!("CASE WHEN e.pc IS NULL THEN 1 ELSE 0 END, e.pc {dir}"),
            EventOrder::MissKm => format!("e.miss_km {dir}"),
        };
        let body = format!(
            "SELECT {EVENT_SELECT} FROM visible_events e WHERE {} ORDER BY {key}, e.id {dir} LIMIT ?{} OFFSET ?{}",
            wh.join(" AND "),
            params.len() - 1,
            params.len()
        );
        let rows = self.read(access, &body, &params)?;
        rows.iter().map(|r| event_row(r)).collect()
    }

    fn event(&mut self, access: &Access, event_id: i64) -> Result<Option<EventRow>> {
        let rows = self.read(access, &reads::event_by_id(), &[Val::Int(event_id)])?;
        rows.first().map(|r| event_row(r)).transpose()
    }

    fn event_history(&mut self, access: &Access, event_id: i64) -> Result<Vec<PcPoint>> {
        let rows = self.read(access, reads::EVENT_HISTORY, &[Val::Int(event_id)])?;
        rows.iter()
            .map(|r| {
                let c = Cells {
                    row: r,
                    table: "event_assessments",
                };
                Ok(PcPoint {
                    run_id: c.i64(0)?,
                    run_utc: c.text(1)?,
                    tca_utc: c.text(2)?,
                    miss_km: c.f64(3)?,
                    pc: c.opt_f64(4)?,
                    max_pc: c.opt_f64(5)?,
                })
            })
            .collect()
    }

    fn event_cdm(&mut self, access: &Access, event_id: i64) -> Result<Option<String>> {
        let rows = self.read(access, reads::EVENT_CDM, &[Val::Int(event_id)])?;
        match rows.first() {
            None => Err(StoreError::NotFound(format!("event {event_id}"))),
            Some(r) => Cells {
                row: r,
                table: "events",
            }
            .opt_text(0),
        }
    }

    fn runs(&mut self, access: &Access, n: usize) -> Result<Vec<RunRow>> {
        let rows = self.read(access, reads::RUNS, &[limit(n)])?;
        rows.iter()
            .map(|r| {
                let c = Cells {
                    row: r,
                    table: "screening_runs",
                };
                Ok(RunRow {
                    id: c.i64(0)?,
                    actor: c.text(1)?,
                    started_utc: c.text(2)?,
                    finished_utc: c.text(3)?,
                    window_start_utc: c.text(4)?,
                    window_end_utc: c.text(5)?,
                    threshold_km: c.f64(6)?,
                    catalog_sha256: c.text(7)?,
                    objects: c.i64(8)?,
                    events: c.i64(9)?,
                })
            })
            .collect()
    }

    fn check(&mut self) -> Result<Integrity> {
        let mut problems = self.db.engine_check()?;
        let rows = self.db.query(
            "SELECT (SELECT COUNT(*) FROM objects), (SELECT COUNT(*) FROM element_sets), \
             (SELECT COUNT(DISTINCT content_hash) FROM element_sets), \
             (SELECT COUNT(*) FROM element_sets s LEFT JOIN objects o ON o.norad_id = s.norad_id WHERE o.norad_id IS NULL), \
             (SELECT COUNT(*) FROM events e LEFT JOIN event_assessments a ON a.event_id = e.id WHERE a.id IS NULL)",
            &[],
        )?;
        let row = rows.first().ok_or_else(|| StoreError::Corrupt {
            table: "objects",
            why: "no counts".into(),
        })?;
        let c = Cells {
            row,
            table: "objects",
        };
        let (objects, element_sets, distinct) = (c.i64(0)?, c.i64(1)?, c.i64(2)?);
        if distinct != element_sets {
            problems.push(format!(
                "{element_sets} element sets but {distinct} distinct content hashes"
            ));
        }
        if c.i64(3)? > 0 {
            problems.push(format!("{} element sets without their object", c.i64(3)?));
        }
        if c.i64(4)? > 0 {
            problems.push(format!("{} events without any assessment", c.i64(4)?));
        }
        Ok(Integrity {
            problems,
            objects,
            element_sets,
            distinct_hashes: distinct,
        })
    }
}

/// Read bodies that are fixed text (the dynamic ones are built above from the same rule:
/// only `visible_*` relations). Listed here so that the gate's test can check them.
pub(crate) mod reads {
    pub const COUNTS: &str = "SELECT (SELECT COUNT(*) FROM visible_objects), (SELECT COUNT(*) FROM visible_sets), (SELECT COUNT(*) FROM visible_events)";
    pub const EVENT_HISTORY: &str = "SELECT a.run_id, r.started_utc, a.tca_utc, a.miss_km, a.pc, a.max_pc FROM visible_assessments a JOIN visible_runs r ON r.id = a.run_id WHERE a.event_id = ?1 ORDER BY a.run_id";
    pub const EVENT_CDM: &str = "SELECT cdm_text FROM visible_events WHERE id = ?1";
    /// One event by id.
    pub fn event_by_id() -> String {
        format!(
            "SELECT {} FROM visible_events e WHERE e.id = ?1",
            super::EVENT_SELECT
        )
    }
    pub const RUNS: &str = "SELECT r.id, r.actor, r.started_utc, r.finished_utc, r.window_start_utc, r.window_end_utc, r.threshold_km, r.catalog_sha256, r.objects_screened, (SELECT COUNT(*) FROM visible_assessments a WHERE a.run_id = r.id) FROM visible_runs r ORDER BY r.id DESC LIMIT ?1";
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gate::names_base_table;

    #[test]
    fn every_read_body_names_only_visible_relations() {
        let fixed = [
            reads::COUNTS,
            reads::EVENT_HISTORY,
            reads::EVENT_CDM,
            reads::RUNS,
            &reads::event_by_id(),
            OBJECT_SETS,
            SET_SELECT,
            EVENT_SELECT,
        ];
        for body in fixed {
            assert_eq!(names_base_table(body), None, "{body}");
        }
        assert_eq!(names_base_table("SELECT * FROM events"), Some("events"));
    }

    #[test]
    fn cospar_prefix_range_bounds_exactly_the_prefix() {
        assert_eq!(
            prefix_range("1982-092"),
            ("1982-092".to_string(), Some("1982-093".to_string()))
        );
        assert_eq!(prefix_range("1998-067a").1.as_deref(), Some("1998-067B"));
        // The last character at the top of Unicode carries into the one before.
        assert_eq!(prefix_range("A\u{10FFFF}").1.as_deref(), Some("B"));
        assert_eq!(prefix_range("\u{D7FF}").1.as_deref(), Some("\u{E000}"));
        assert_eq!(prefix_range("\u{10FFFF}").1, None);
        let (lo, hi) = prefix_range("1982-092");
        let hi = hi.unwrap();
        for (key, inside) in [
            ("1982-092", true),
            ("1982-092A", true),
            ("1982-092ZZZ", true),
            ("1982-091Z", false),
            ("1982-093", false),
            ("1982-09", false),
        ] {
            assert_eq!(key >= lo.as_str() && key < hi.as_str(), inside, "{key}");
        }
    }

    #[test]
    fn events_match_by_unordered_pair_and_nearest_tca() {
        let s = 1_000_000_000i64;
        let stored = [
            (1, 10, 20, 100 * s),
            (2, 10, 20, 3000 * s),
            (3, 10, 30, 100 * s),
        ];
        let new = [
            (20, 10, 130 * s),  // pair reversed, 30 s off: event 1
            (10, 20, 3100 * s), // 100 s off event 2: new
            (10, 30, 95 * s),   // event 3
            (10, 30, 99 * s),   // closer to event 3: takes it, the 95 s one becomes new
        ];
        let m = match_events(&stored, &new, 60 * s);
        assert_eq!(m, vec![Some(1), None, None, Some(3)]);
    }
}
