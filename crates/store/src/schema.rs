//! Versioned migrations, applied on open. The tables are written once with type
//! placeholders (`{id}`, `{int}`, `{real}`) filled per dialect; what only one dialect can say
//! (the audit log's append-only guard) is written per backend.

use crate::error::{Result, StoreError};
use crate::sql::{now_utc, Cells, Db, Dialect, Val};

/// Migration 1: the whole schema of issue 5.
const V1_TABLES: &str = "
CREATE TABLE objects (
    norad_id {int} PRIMARY KEY,
    name TEXT,
    cospar TEXT,
    object_type TEXT NOT NULL,
    owner TEXT,
    tier {int} NOT NULL CHECK (tier IN (0, 1, 2)),
    first_seen_utc TEXT NOT NULL,
    updated_utc TEXT NOT NULL
);
CREATE INDEX objects_cospar ON objects (cospar);
CREATE INDEX objects_tier ON objects (tier);

CREATE TABLE ingests (
    id {id},
    source TEXT NOT NULL,
    actor TEXT NOT NULL,
    started_utc TEXT NOT NULL,
    finished_utc TEXT,
    added {int} NOT NULL DEFAULT 0,
    known {int} NOT NULL DEFAULT 0,
    rejected {int} NOT NULL DEFAULT 0
);

CREATE TABLE element_sets (
    id {id},
    norad_id {int} NOT NULL REFERENCES objects (norad_id),
    epoch_tai_ns {int} NOT NULL,
    epoch_utc TEXT NOT NULL,
    object_name TEXT,
    object_id TEXT,
    object_type TEXT,
    classification TEXT NOT NULL,
    mean_motion_rev_day {real} NOT NULL,
    eccentricity {real} NOT NULL,
    inclination_deg {real} NOT NULL,
    raan_deg {real} NOT NULL,
    arg_perigee_deg {real} NOT NULL,
    mean_anomaly_deg {real} NOT NULL,
    mean_motion_dot_rev_day2 {real} NOT NULL,
    mean_motion_ddot_rev_day3 {real} NOT NULL,
    bstar_per_er {real} NOT NULL,
    ephemeris_type {int} NOT NULL,
    element_set_no {int} NOT NULL,
    rev_at_epoch {int} NOT NULL,
    content_hash TEXT NOT NULL UNIQUE,
    ingest_id {int} NOT NULL REFERENCES ingests (id),
    source TEXT NOT NULL,
    ingested_utc TEXT NOT NULL
);
CREATE INDEX element_sets_object_epoch ON element_sets (norad_id, epoch_tai_ns);

CREATE TABLE screening_runs (
    id {id},
    actor TEXT NOT NULL,
    started_utc TEXT NOT NULL,
    finished_utc TEXT NOT NULL,
    window_start_utc TEXT NOT NULL,
    window_end_utc TEXT NOT NULL,
    threshold_km {real} NOT NULL,
    assets TEXT NOT NULL,
    catalog_sha256 TEXT NOT NULL,
    objects_screened {int} NOT NULL,
    events_found {int} NOT NULL DEFAULT 0,
    new_events {int} NOT NULL DEFAULT 0,
    updated_events {int} NOT NULL DEFAULT 0,
    parameters TEXT NOT NULL
);

CREATE TABLE events (
    id {id},
    primary_id {int} NOT NULL REFERENCES objects (norad_id),
    secondary_id {int} NOT NULL REFERENCES objects (norad_id),
    tca_tai_ns {int} NOT NULL,
    tca_utc TEXT NOT NULL,
    miss_km {real} NOT NULL,
    rel_speed_km_s {real} NOT NULL,
    radial_km {real} NOT NULL,
    in_track_km {real} NOT NULL,
    cross_track_km {real} NOT NULL,
    pc {real},
    pc_method TEXT,
    max_pc {real},
    cdm_text TEXT,
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'acknowledged', 'closed')),
    first_run_id {int} NOT NULL REFERENCES screening_runs (id),
    last_run_id {int} NOT NULL REFERENCES screening_runs (id),
    updated_utc TEXT NOT NULL
);
CREATE INDEX events_tca ON events (tca_tai_ns);
CREATE INDEX events_primary ON events (primary_id, tca_tai_ns);
CREATE INDEX events_secondary ON events (secondary_id, tca_tai_ns);

CREATE TABLE event_assessments (
    id {id},
    event_id {int} NOT NULL REFERENCES events (id),
    run_id {int} NOT NULL REFERENCES screening_runs (id),
    tca_tai_ns {int} NOT NULL,
    tca_utc TEXT NOT NULL,
    miss_km {real} NOT NULL,
    pc {real},
    pc_method TEXT,
    max_pc {real},
    UNIQUE (event_id, run_id)
);
CREATE INDEX event_assessments_run ON event_assessments (run_id);

CREATE TABLE event_acks (
    id {id},
    event_id {int} NOT NULL REFERENCES events (id),
    actor TEXT NOT NULL,
    at_utc TEXT NOT NULL,
    status TEXT NOT NULL,
    note TEXT NOT NULL
);
CREATE INDEX event_acks_event ON event_acks (event_id);

CREATE TABLE partners (
    id {id},
    name TEXT NOT NULL UNIQUE,
    max_tier {int} NOT NULL CHECK (max_tier IN (0, 1, 2)),
    created_utc TEXT NOT NULL
);

CREATE TABLE users (
    id {id},
    name TEXT NOT NULL UNIQUE,
    role TEXT NOT NULL CHECK (role IN ('admin', 'analyst', 'partner')),
    partner_id {int} REFERENCES partners (id),
    max_tier {int} NOT NULL CHECK (max_tier IN (0, 1, 2)),
    created_utc TEXT NOT NULL
);

CREATE TABLE api_tokens (
    id {id},
    user_id {int} NOT NULL REFERENCES users (id),
    token_sha256 TEXT NOT NULL UNIQUE,
    label TEXT NOT NULL,
    created_utc TEXT NOT NULL,
    revoked_utc TEXT
);

CREATE TABLE audit_log (
    id {id},
    at_utc TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    subject TEXT NOT NULL,
    detail TEXT NOT NULL
);
";

/// SQLite: triggers that abort any UPDATE or DELETE on the audit log.
const V1_SQLITE_AUDIT_GUARD: &str = "
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
";

/// PostgreSQL: a trigger function raising on UPDATE, DELETE and TRUNCATE of the audit log.
/// (A superuser can still drop the triggers; the application role should not own the table
/// in a hardened deployment.)
const V1_POSTGRES_AUDIT_GUARD: &str = "
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only';
END
$$;
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
";

/// Migration 2: an upper-case copy of the COSPAR designator kept by the database itself (a
/// generated column: no write path can forget it) and a plain B-tree index on it, for the
/// REST API's object search. A COSPAR prefix becomes the range `cospar_key >= P AND
/// cospar_key < P'` (P' = P with its last character incremented), which the B-tree serves;
/// `LOWER(cospar) LIKE 'p%'` could not use the old index (a function of the column; SQLite's
/// LIKE optimisation needs the bare column and a matching collation) and scanned every object
/// (4.8 -> 0.43 ms in SQLite on the full catalog). PostgreSQL compares the key with the
/// byte-wise "C" collation so that the range is a true prefix range whatever the database's
/// locale (a linguistic collation ignores `-` at its first level); it also stores an
/// upper-case name for the substring search, which no B-tree can serve (leading wildcard)
/// but which then needs no `upper()` per scanned row. SQLite can add only VIRTUAL generated
/// columns (https://www.sqlite.org/gencol.html), PostgreSQL only STORED ones (PostgreSQL 15
/// manual, 5.3 "Generated Columns").
const V2_SQLITE_SEARCH: &str = "
ALTER TABLE objects ADD COLUMN cospar_key TEXT GENERATED ALWAYS AS (UPPER(cospar)) VIRTUAL;
CREATE INDEX objects_cospar_key ON objects (cospar_key, object_type);
";
const V2_POSTGRES_SEARCH: &str = "
ALTER TABLE objects ADD COLUMN cospar_key TEXT COLLATE \"C\" GENERATED ALWAYS AS (UPPER(cospar)) STORED;
ALTER TABLE objects ADD COLUMN name_key TEXT COLLATE \"C\" GENERATED ALWAYS AS (UPPER(name)) STORED;
CREATE INDEX objects_cospar_key ON objects (cospar_key, object_type);
";

/// The migrations of a dialect: (version, name, SQL).
fn migrations(d: Dialect) -> Vec<(i64, &'static str, String)> {
    let (id, int, real, guard, search) = match d {
        Dialect::Sqlite => (
            "INTEGER PRIMARY KEY AUTOINCREMENT",
            "INTEGER",
            "REAL",
            V1_SQLITE_AUDIT_GUARD,
            V2_SQLITE_SEARCH,
        ),
        Dialect::Postgres => (
            "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY",
            "BIGINT",
            "DOUBLE PRECISION",
            V1_POSTGRES_AUDIT_GUARD,
            V2_POSTGRES_SEARCH,
        ),
    };
    let tables = V1_TABLES
        .replace("{id}", id)
        .replace("{int}", int)
        .replace("{real}", real);
    vec![
        (1, "initial schema", format!("{tables}{guard}")),
        (2, "object search keys", search.to_string()),
    ]
}

/// The newest migration this program knows.
pub fn latest_version() -> i64 {
    migrations(Dialect::Sqlite).last().map_or(0, |m| m.0)
}

/// Applies the migrations the database lacks, all in one transaction (PostgreSQL serialises
/// concurrent openers with an advisory lock; SQLite's `BEGIN IMMEDIATE` does the same).
pub(crate) fn migrate(db: &mut dyn Db) -> Result<i64> {
    db.begin()?;
    let r = apply(db);
    match r {
        Ok(v) => {
            db.batch("COMMIT")?;
            Ok(v)
        }
        Err(e) => {
            let _ = db.batch("ROLLBACK");
            Err(e)
        }
    }
}

fn apply(db: &mut dyn Db) -> Result<i64> {
    let d = db.dialect();
    if d == Dialect::Postgres {
        // Any constant shared by all Uitkijk processes: "UK" in ASCII.
        db.query("SELECT pg_advisory_xact_lock(21835)", &[])?;
    }
    db.batch(
        "CREATE TABLE IF NOT EXISTS schema_migrations (\
         version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_utc TEXT NOT NULL)",
    )?;
    let rows = db.query(
        "SELECT COALESCE(MAX(version), 0) FROM schema_migrations",
        &[],
    )?;
    let mut have = Cells {
        row: rows.first().map_or(&[][..], |r| r.as_slice()),
        table: "schema_migrations",
    }
    .i64(0)?;
    let known = latest_version();
    if have > known {
        return Err(StoreError::SchemaTooNew { found: have, known });
    }
    for (version, name, sql) in migrations(d) {
        if version <= have {
            continue;
        }
        db.batch(&sql)?;
        db.execute(
            "INSERT INTO schema_migrations (version, name, applied_utc) VALUES (?1, ?2, ?3)",
            &[Val::Int(version), name.into(), now_utc().into()],
        )?;
        have = version;
    }
    Ok(have)
}
