//! One behavioural suite, run against both backends: SQLite (a temp file) and PostgreSQL (a
//! throwaway server, see `support/pg.rs`). Expected values come from the input files read
//! independently (serde_json on the OMM JSON, the 3LE text itself), not from the store.

#[path = "support/pg.rs"]
mod pg;

use uitkijk_store::*;
use uitkijk_time::{format_utc_micros, parse_utc};

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/");

/// What a scenario may use: a fresh database URL, and raw SQL on it (bypassing the store).
trait Backend {
    fn fresh(&self) -> String;
    fn exec(&self, url: &str, sql: &str) -> std::result::Result<(), String>;
    fn count(&self, url: &str, sql: &str) -> i64;
}

struct Lite {
    dir: std::path::PathBuf,
    n: std::sync::atomic::AtomicUsize,
}

impl Backend for Lite {
    fn fresh(&self) -> String {
        let n = self.n.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        format!("sqlite://{}", self.dir.join(format!("t{n}.db")).display())
    }
    fn exec(&self, url: &str, sql: &str) -> std::result::Result<(), String> {
        let c = rusqlite::Connection::open(url.strip_prefix("sqlite://").unwrap()).unwrap();
        c.execute_batch(sql).map_err(|e| e.to_string())
    }
    fn count(&self, url: &str, sql: &str) -> i64 {
        let c = rusqlite::Connection::open(url.strip_prefix("sqlite://").unwrap()).unwrap();
        c.query_row(sql, [], |r| r.get(0)).unwrap()
    }
}

impl Backend for pg::PgServer {
    fn fresh(&self) -> String {
        self.fresh_database()
    }
    fn exec(&self, url: &str, sql: &str) -> std::result::Result<(), String> {
        let mut c = postgres::Client::connect(url, postgres::NoTls).unwrap();
        c.batch_execute(sql).map_err(|e| {
            e.as_db_error()
                .map_or(e.to_string(), |d| d.message().to_string())
        })
    }
    fn count(&self, url: &str, sql: &str) -> i64 {
        let mut c = postgres::Client::connect(url, postgres::NoTls).unwrap();
        c.query_one(sql, &[]).unwrap().get(0)
    }
}

fn read(name: &str) -> Vec<uitkijk_formats::ElementSet> {
    let text = std::fs::read_to_string(format!("{DATA}{name}")).unwrap();
    let parsed = uitkijk_formats::read_any(&text).unwrap();
    assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
    parsed.sets
}

fn admin() -> Access {
    Access::local_cli()
}

fn suite(b: &dyn Backend) {
    migrations_apply_once(b);
    ingest_is_idempotent_and_exact(b);
    searches_find_objects_by_name_designator_and_type(b);
    tiers_hide_everything_above_the_callers(b);
    screening_runs_update_events_and_keep_pc_history(b);
    tokens_are_hashed_revocable_and_capped_by_partner(b);
    audit_log_is_append_only(b);
    object_catalogs_add_owners_and_keep_tiers(b);
}

#[test]
fn sqlite_backend() {
    let dir = std::env::temp_dir().join(format!("uitkijk-store-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    suite(&Lite {
        dir: dir.clone(),
        n: 0.into(),
    });
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn postgres_backend() {
    if let Some(server) = pg::PgServer::start("backends") {
        suite(&server);
    }
}

fn migrations_apply_once(b: &dyn Backend) {
    let url = b.fresh();
    for _ in 0..2 {
        let mut s = open(&url).unwrap();
        assert_eq!(s.schema_version().unwrap(), latest_version());
    }
    assert_eq!(
        b.count(&url, "SELECT COUNT(*) FROM schema_migrations"),
        latest_version()
    );
}

fn ingest_is_idempotent_and_exact(b: &dyn Backend) {
    let url = b.fresh();
    let mut s = open(&url).unwrap();
    let iss = read("iss_omm_2024-09.json");
    assert_eq!(iss.len(), 24);
    let first = ingest(&mut *s, &admin(), "iss.json", &iss, 0, Tier::Public, 5).unwrap();
    assert_eq!((first.added, first.known), (24, 0));
    let again = ingest(&mut *s, &admin(), "iss.json", &iss, 0, Tier::Public, 7).unwrap();
    assert_eq!((again.added, again.known), (0, 24));

    // Every field back as the CelesTrak JSON states it (read here with serde_json).
    let json: Vec<serde_json::Value> = serde_json::from_str(
        &std::fs::read_to_string(format!("{DATA}iss_omm_2024-09.json")).unwrap(),
    )
    .unwrap();
    let history = s
        .element_history(&admin(), 25544, Range::default())
        .unwrap();
    assert_eq!(history.len(), 24);
    for (h, j) in history.iter().zip(&json) {
        let f = |k: &str| j[k].as_f64().unwrap();
        assert_eq!(
            format_utc_micros(h.set.epoch),
            format!("{}Z", j["EPOCH"].as_str().unwrap())
        );
        assert_eq!(h.set.mean_motion_rev_day, f("MEAN_MOTION"));
        assert_eq!(h.set.eccentricity, f("ECCENTRICITY"));
        assert_eq!(h.set.inclination_deg, f("INCLINATION"));
        assert_eq!(h.set.raan_deg, f("RA_OF_ASC_NODE"));
        assert_eq!(h.set.arg_perigee_deg, f("ARG_OF_PERICENTER"));
        assert_eq!(h.set.mean_anomaly_deg, f("MEAN_ANOMALY"));
        assert_eq!(h.set.bstar_per_er, f("BSTAR"));
        assert_eq!(h.set.mean_motion_dot_rev_day2, f("MEAN_MOTION_DOT"));
        assert_eq!(h.set.rev_at_epoch as f64, f("REV_AT_EPOCH"));
        assert_eq!(h.set.object_id.as_deref(), j["OBJECT_ID"].as_str());
        assert_eq!(h.source, "iss.json");
        assert_eq!(h.content_hash, content_hash(&h.set));
    }
    // The exact parsed sets come back (epochs to the nanosecond).
    let mut sorted = iss.clone();
    sorted.sort_by_key(|a| a.epoch);
    let back: Vec<_> = history.into_iter().map(|h| h.set).collect();
    assert_eq!(back, sorted);

    // A window of the history, and the latest set.
    let range = Range {
        from: Some(parse_utc("2024-09-20T00:00:00Z").unwrap()),
        to: Some(parse_utc("2024-09-22T00:00:00Z").unwrap()),
    };
    let window = s.element_history(&admin(), 25544, range).unwrap();
    let expected = json
        .iter()
        .filter(|j| {
            let e = j["EPOCH"].as_str().unwrap();
            ("2024-09-20".."2024-09-22").contains(&e)
        })
        .count();
    assert!(expected > 0);
    assert_eq!(window.len(), expected);
    let latest = s.latest_sets(&admin(), &[25544]).unwrap();
    assert_eq!(
        format_utc_micros(latest[0].set.epoch),
        "2024-09-26T19:54:02.801376Z"
    );

    // A 3LE catalog beside it: 60 objects, one set each.
    let cat = read("catalog_2022-01-22_first60.3le");
    let c = ingest(&mut *s, &admin(), "cat.3le", &cat, 0, Tier::Public, 1000).unwrap();
    assert_eq!(c.added, 60);
    let counts = s.counts(&admin()).unwrap();
    assert_eq!((counts.objects, counts.element_sets), (61, 84));
    assert_eq!(s.latest_sets(&admin(), &[]).unwrap().len(), 61);
    let integrity = s.check().unwrap();
    assert!(integrity.problems.is_empty(), "{:?}", integrity.problems);
    assert_eq!(integrity.element_sets, 84);
}

fn searches_find_objects_by_name_designator_and_type(b: &dyn Backend) {
    let url = b.fresh();
    let mut s = open(&url).unwrap();
    let cat = read("catalog_2022-01-22_first60.3le");
    ingest(&mut *s, &admin(), "cat.3le", &cat, 0, Tier::Public, 1000).unwrap();
    let text = std::fs::read_to_string(format!("{DATA}catalog_2022-01-22_first60.3le")).unwrap();
    let names: Vec<&str> = text.lines().filter_map(|l| l.strip_prefix("0 ")).collect();
    // Case-insensitive substring, as a reader of the file counts it.
    let want = names.iter().filter(|n| n.contains("R/B")).count();
    let q = ObjectQuery {
        name_contains: Some("r/b".into()),
        ..ObjectQuery::default()
    };
    assert_eq!(s.objects(&admin(), &q).unwrap().len(), want);
    let q = ObjectQuery {
        object_type: Some("rocket body".into()),
        ..ObjectQuery::default()
    };
    assert_eq!(s.objects(&admin(), &q).unwrap().len(), want);
    // VANGUARD 1 is 58002B in its TLE: 1958-002B.
    let q = ObjectQuery {
        cospar_prefix: Some("1958-002".into()),
        ..ObjectQuery::default()
    };
    let v = s.objects(&admin(), &q).unwrap();
    assert!(v
        .iter()
        .any(|o| o.norad_id == 5 && o.name.as_deref() == Some("VANGUARD 1")));
    // COSPAR prefixes (any case) served by the key range of migration 2 find exactly the
    // objects whose designator in the file's line 1 (columns 10-17, e.g. `58002B`) starts so.
    let cospars: Vec<String> = text
        .lines()
        .filter(|l| l.starts_with("1 "))
        .map(|l| {
            let d = l[9..17].trim();
            let yy: u32 = d[..2].parse().unwrap();
            let year = if yy >= 57 { 1900 + yy } else { 2000 + yy };
            format!("{year}-{}", &d[2..])
        })
        .collect();
    for prefix in [
        "1958-002",
        "1958-00",
        "1959",
        "1959-001a",
        "1960-",
        "2",
        "19",
    ] {
        let want = cospars
            .iter()
            .filter(|c| c.starts_with(&prefix.to_uppercase()))
            .count();
        let q = ObjectQuery {
            cospar_prefix: Some(prefix.into()),
            limit: 1000,
            ..ObjectQuery::default()
        };
        assert_eq!(s.objects(&admin(), &q).unwrap().len(), want, "{prefix}");
    }
    // A pattern character is a literal, not a wildcard.
    let q = ObjectQuery {
        name_contains: Some("%".into()),
        ..ObjectQuery::default()
    };
    assert!(s.objects(&admin(), &q).unwrap().is_empty());
    // Paging by catalog number.
    let all = s.objects(&admin(), &ObjectQuery::default()).unwrap();
    assert_eq!(all.len(), 60);
    let page = s
        .objects(
            &admin(),
            &ObjectQuery {
                limit: 10,
                offset: 20,
                ..ObjectQuery::default()
            },
        )
        .unwrap();
    assert_eq!(page, all[20..30].to_vec());
    assert!(all.iter().all(|o| o.element_sets == 1));
}

fn event(p: u32, s: u32, tca: &str, pc: f64) -> NewEvent {
    NewEvent {
        primary_id: p,
        secondary_id: s,
        tca: parse_utc(tca).unwrap(),
        miss_km: 1.0 + pc,
        rel_speed_km_s: 10.0,
        ric_km: [0.1, 0.9, 0.3],
        pc: Some(pc),
        pc_method: Some("foster".into()),
        max_pc: Some(pc * 2.0),
        cdm_text: Some(format!("CCSDS_CDM_VERS = 1.0\nCOMMENT {p} {s}\n")),
    }
}

fn run(start: &str) -> NewRun {
    let t = parse_utc(start).unwrap();
    NewRun {
        started: t,
        finished: t,
        window_start: t,
        window_end: t + uitkijk_time::Duration::from_seconds(86_400.0),
        threshold_km: 5.0,
        assets: vec![],
        catalog_sha256: "ab".repeat(32),
        objects: 60,
        parameters: "{}".into(),
    }
}

fn tiers_hide_everything_above_the_callers(b: &dyn Backend) {
    let url = b.fresh();
    let mut s = open(&url).unwrap();
    let cat = read("catalog_2022-01-22_first60.3le");
    ingest(&mut *s, &admin(), "cat.3le", &cat, 0, Tier::Public, 1000).unwrap();
    // 5 VANGUARD 1 national, 11 VANGUARD 2 partner; the rest public.
    s.set_object_tier(&admin(), 5, Tier::National).unwrap();
    s.set_object_tier(&admin(), 11, Tier::Partner).unwrap();
    let evs = [
        event(5, 16, "2022-01-23T01:00:00Z", 1e-4),
        event(11, 16, "2022-01-23T02:00:00Z", 1e-5),
        event(16, 20, "2022-01-23T03:00:00Z", 1e-6),
    ];
    let out = s
        .record_screening(&admin(), &run("2022-01-23T00:00:00Z"), &[], &evs)
        .unwrap();
    assert_eq!(out.new_events, 3);
    let all = s.events(&admin(), &EventQuery::default()).unwrap();
    let id_of = |p: u32| all.iter().find(|e| e.primary_id == p).unwrap().id;

    let public = Access::reader("partner:public", Tier::Public);
    let partner = Access::reader("partner:eu", Tier::Partner);
    for (who, hidden, events) in [
        (&public, vec![5, 11], 1),
        (&partner, vec![5], 2),
        (&admin(), vec![], 3),
    ] {
        let c = s.counts(who).unwrap();
        assert_eq!(c.objects, 60 - hidden.len() as i64, "{}", who.actor);
        assert_eq!(c.element_sets, 60 - hidden.len() as i64);
        assert_eq!(c.events, events);
        let objs = s.objects(who, &ObjectQuery::default()).unwrap();
        let evs = s.events(who, &EventQuery::default()).unwrap();
        assert_eq!(evs.len() as i64, events);
        for id in [5u32, 11] {
            let visible = !hidden.contains(&id);
            assert_eq!(objs.iter().any(|o| o.norad_id == id), visible);
            let by_id = ObjectQuery {
                ids: vec![id],
                ..ObjectQuery::default()
            };
            assert_eq!(s.objects(who, &by_id).unwrap().len(), usize::from(visible));
            let by_name = ObjectQuery {
                name_contains: Some("vanguard".into()),
                ..ObjectQuery::default()
            };
            assert_eq!(
                s.objects(who, &by_name)
                    .unwrap()
                    .iter()
                    .any(|o| o.norad_id == id),
                visible
            );
            assert_eq!(
                s.element_history(who, id, Range::default())
                    .unwrap()
                    .is_empty(),
                !visible
            );
            assert_eq!(
                s.latest_sets(who, &[id]).unwrap().len(),
                usize::from(visible)
            );
            let ev = id_of(id);
            assert_eq!(s.event_history(who, ev).unwrap().is_empty(), !visible);
            assert_eq!(s.event_cdm(who, ev).is_ok(), visible);
            let q = EventQuery {
                object: Some(id),
                ..EventQuery::default()
            };
            assert_eq!(s.events(who, &q).unwrap().is_empty(), !visible);
            assert!(evs
                .iter()
                .all(|e| visible || (e.primary_id != id && e.secondary_id != id)));
        }
        let runs = s.runs(who, 10).unwrap();
        assert_eq!(runs.len(), 1);
        assert_eq!(runs[0].events, events);
        let top = who.max_tier == Tier::National;
        assert_eq!(runs[0].objects, if top { 60 } else { -1 });
        assert_eq!(runs[0].catalog_sha256.is_empty(), !top);
    }
    // Only the caller's own tier rules: a partner cannot change what it may see.
    assert!(matches!(
        s.set_event_status(&partner, id_of(16), EventStatus::Closed, "x"),
        Err(StoreError::Forbidden(_))
    ));
    let mut analyst = Access::reader("user:analyst", Tier::Partner);
    analyst.role = Role::Analyst;
    assert!(matches!(
        s.set_event_status(&analyst, id_of(5), EventStatus::Closed, "x"),
        Err(StoreError::NotFound(_))
    ));
}

fn screening_runs_update_events_and_keep_pc_history(b: &dyn Backend) {
    let url = b.fresh();
    let mut s = open(&url).unwrap();
    let cat = read("catalog_2022-01-22_first60.3le");
    ingest(&mut *s, &admin(), "cat.3le", &cat, 0, Tier::Public, 1000).unwrap();
    let r1 = s
        .record_screening(
            &admin(),
            &run("2022-01-23T00:00:00Z"),
            &[],
            &[
                event(5, 11, "2022-01-23T06:00:00Z", 1e-4),
                event(5, 16, "2022-01-23T07:00:00Z", 2e-5),
            ],
        )
        .unwrap();
    assert_eq!((r1.new_events, r1.updated_events), (2, 0));
    // The next day's run: the 5/11 encounter moved 20 s (and is written the other way
    // round), 5/16 left the window, 5/20 is new, and an object never ingested appears.
    let stranger = ObjectRef {
        norad_id: 99_999,
        name: Some("NEW".into()),
        cospar: None,
        object_type: "UNKNOWN".into(),
    };
    let r2 = s
        .record_screening(
            &admin(),
            &run("2022-01-23T12:00:00Z"),
            &[stranger],
            &[
                event(11, 5, "2022-01-23T06:00:20Z", 3e-4),
                event(5, 20, "2022-01-23T20:00:00Z", 1e-6),
                event(20, 99_999, "2022-01-23T21:00:00Z", 1e-7),
            ],
        )
        .unwrap();
    assert_eq!((r2.new_events, r2.updated_events), (2, 1));
    let all = s.events(&admin(), &EventQuery::default()).unwrap();
    assert_eq!(all.len(), 4);
    let e = all
        .iter()
        .find(|e| e.primary_id == 11 && e.secondary_id == 5)
        .unwrap();
    assert_eq!(e.tca_utc, "2022-01-23T06:00:20.000000Z");
    assert_eq!(e.pc, Some(3e-4));
    assert_eq!((e.first_run_id, e.last_run_id), (r1.run_id, r2.run_id));
    assert_eq!(e.assessments, 2);
    let h = s.event_history(&admin(), e.id).unwrap();
    let pcs: Vec<_> = h.iter().map(|p| p.pc).collect();
    assert_eq!(pcs, vec![Some(1e-4), Some(3e-4)]);
    assert_eq!(
        s.event_cdm(&admin(), e.id).unwrap().unwrap(),
        "CCSDS_CDM_VERS = 1.0\nCOMMENT 11 5\n"
    );
    // An object first met in a screening is restricted until an admin releases it.
    let public = Access::reader("p", Tier::Public);
    assert!(s
        .events(
            &public,
            &EventQuery {
                object: Some(99_999),
                ..EventQuery::default()
            }
        )
        .unwrap()
        .is_empty());
    // Filters.
    let q = EventQuery {
        min_pc: Some(5e-5),
        ..EventQuery::default()
    };
    assert_eq!(s.events(&admin(), &q).unwrap().len(), 1);
    let q = EventQuery {
        from: Some(parse_utc("2022-01-23T06:30:00Z").unwrap()),
        to: Some(parse_utc("2022-01-23T20:30:00Z").unwrap()),
        ..EventQuery::default()
    };
    assert_eq!(s.events(&admin(), &q).unwrap().len(), 2);
    // Acknowledge.
    s.set_event_status(
        &admin(),
        e.id,
        EventStatus::Acknowledged,
        "operator informed",
    )
    .unwrap();
    let q = EventQuery {
        status: Some(EventStatus::Acknowledged),
        ..EventQuery::default()
    };
    assert_eq!(s.events(&admin(), &q).unwrap()[0].id, e.id);
    assert_eq!(b.count(&url, "SELECT COUNT(*) FROM event_acks"), 1);
    assert!(s.check().unwrap().problems.is_empty());
}

fn tokens_are_hashed_revocable_and_capped_by_partner(b: &dyn Backend) {
    let url = b.fresh();
    let mut s = open(&url).unwrap();
    let eu = s.create_partner(&admin(), "EU-SST", Tier::Partner).unwrap();
    // Asked for national, capped by the partner's tier.
    let alice = s
        .create_user(&admin(), "alice", Role::Partner, Some(eu), Tier::National)
        .unwrap();
    let t = s.issue_token(&admin(), alice, "alice's laptop").unwrap();
    let who = s.authenticate(&t.secret).unwrap().unwrap();
    assert_eq!(who.max_tier, Tier::Partner);
    assert_eq!(who.role, Role::Partner);
    assert_eq!(who.actor, "user:alice");
    // Stored only hashed.
    assert_eq!(
        b.count(
            &url,
            &format!(
                "SELECT COUNT(*) FROM api_tokens WHERE token_sha256 = '{}'",
                t.secret
            )
        ),
        0
    );
    assert_eq!(
        b.count(
            &url,
            &format!(
                "SELECT COUNT(*) FROM api_tokens WHERE token_sha256 = '{}'",
                token_digest(&t.secret)
            )
        ),
        1
    );
    assert_eq!(s.authenticate("uk_not-a-token").unwrap(), None);
    // A partner may only read.
    let sets = read("catalog_2022-01-22_first60.3le");
    assert!(matches!(
        ingest(&mut *s, &who, "x", &sets, 0, Tier::Public, 100),
        Err(StoreError::Forbidden(_))
    ));
    assert!(matches!(
        s.audit_log(&who, 10),
        Err(StoreError::Forbidden(_))
    ));
    assert!(matches!(
        s.create_user(&who, "mallory", Role::Admin, None, Tier::National),
        Err(StoreError::Forbidden(_))
    ));
    s.revoke_token(&admin(), t.id).unwrap();
    assert_eq!(s.authenticate(&t.secret).unwrap(), None);
    assert!(matches!(
        s.revoke_token(&admin(), t.id),
        Err(StoreError::NotFound(_))
    ));
}

fn audit_log_is_append_only(b: &dyn Backend) {
    let url = b.fresh();
    let mut s = open(&url).unwrap();
    let sets = read("catalog_2022-01-22_first60.3le");
    ingest(&mut *s, &admin(), "cat.3le", &sets, 0, Tier::Public, 100).unwrap();
    s.set_object_tier(&admin(), 5, Tier::National).unwrap();
    s.audit(&admin(), "read", "object 5", "national data read")
        .unwrap();
    let log = s.audit_log(&admin(), 10).unwrap();
    let actions: Vec<&str> = log.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, vec!["read", "object-tier", "ingest"]);
    assert_eq!(log[2].subject, "cat.3le");
    assert!(log[2].detail.contains("60 added"), "{}", log[2].detail);
    assert!(log.iter().all(|e| e.actor == admin().actor));
    let before = b.count(&url, "SELECT COUNT(*) FROM audit_log");
    for sql in [
        "UPDATE audit_log SET actor = 'nobody'",
        "DELETE FROM audit_log",
    ] {
        let e = b.exec(&url, sql).unwrap_err();
        assert!(e.contains("append-only"), "{sql}: {e}");
    }
    if url.starts_with("postgres") {
        assert!(b
            .exec(&url, "TRUNCATE audit_log")
            .unwrap_err()
            .contains("append-only"));
    }
    assert_eq!(b.count(&url, "SELECT COUNT(*) FROM audit_log"), before);
}

fn object_catalogs_add_owners_and_keep_tiers(b: &dyn Backend) {
    let url = b.fresh();
    let mut s = open(&url).unwrap();
    let sets = read("catalog_2022-01-22_first60.3le");
    ingest(&mut *s, &admin(), "cat.3le", &sets, 0, Tier::Public, 100).unwrap();
    s.set_object_tier(&admin(), 5, Tier::Partner).unwrap();
    // As CelesTrak's SATCAT has them (VANGUARD 1: US, 1958-002B; 25544: ISS, ISS consortium).
    let info = [
        ObjectInfo {
            norad_id: 5,
            name: Some("VANGUARD 1".into()),
            cospar: Some("1958-002B".into()),
            object_type: "payload".into(),
            owner: Some("US".into()),
        },
        ObjectInfo {
            norad_id: 25544,
            name: Some("ISS (ZARYA)".into()),
            cospar: Some("1998-067A".into()),
            object_type: "PAYLOAD".into(),
            owner: Some("ISS".into()),
        },
    ];
    assert_eq!(
        s.upsert_objects(&admin(), &info, Tier::National).unwrap(),
        1
    );
    let q = ObjectQuery {
        ids: vec![5, 25544],
        ..ObjectQuery::default()
    };
    let o = s.objects(&admin(), &q).unwrap();
    assert_eq!(o[0].owner.as_deref(), Some("US"));
    assert_eq!(o[0].tier, Tier::Partner);
    assert_eq!(o[0].element_sets, 1);
    assert_eq!((o[1].tier, o[1].element_sets), (Tier::National, 0));
    assert_eq!(o[1].object_type, "PAYLOAD");
    let public = Access::reader("p", Tier::Public);
    assert!(s.objects(&public, &q).unwrap().is_empty());
}
