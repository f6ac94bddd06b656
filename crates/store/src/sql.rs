//! What the two backends have in common: values, a minimal connection interface, and the
//! conversions between Rust values and columns.

use uitkijk_time::{Duration, Epoch};

use crate::error::{Result, StoreError};

/// A value crossing the SQL boundary. Both schemas use only 64-bit integers, doubles and
/// text, so that one set of statements serves both backends.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Val {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
}

impl From<i64> for Val {
    fn from(v: i64) -> Val {
        Val::Int(v)
    }
}
impl From<u32> for Val {
    fn from(v: u32) -> Val {
        Val::Int(v as i64)
    }
}
impl From<f64> for Val {
    fn from(v: f64) -> Val {
        Val::Real(v)
    }
}
impl From<&str> for Val {
    fn from(v: &str) -> Val {
        Val::Text(v.to_string())
    }
}
impl From<String> for Val {
    fn from(v: String) -> Val {
        Val::Text(v)
    }
}
impl<T: Into<Val>> From<Option<T>> for Val {
    fn from(v: Option<T>) -> Val {
        v.map_or(Val::Null, Into::into)
    }
}

/// The SQL dialect of a connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dialect {
    Sqlite,
    Postgres,
}

/// One row of an element-set insert (see `store::set_row`).
pub(crate) type Row = Vec<Val>;

/// The little a backend must provide. Statements are written once with SQLite's numbered
/// placeholders (`?1`); the PostgreSQL backend rewrites them to `$1`.
pub(crate) trait Db: Send {
    fn dialect(&self) -> Dialect;
    /// Rows of a query.
    fn query(&mut self, sql: &str, params: &[Val]) -> Result<Vec<Row>>;
    /// Rows changed by a statement.
    fn execute(&mut self, sql: &str, params: &[Val]) -> Result<u64>;
    /// Statements without parameters (DDL, BEGIN/COMMIT).
    fn batch(&mut self, sql: &str) -> Result<()>;
    /// Starts a transaction that takes the write lock at once (SQLite `BEGIN IMMEDIATE`, so
    /// that two writers queue on `busy_timeout` instead of failing at their first write).
    fn begin(&mut self) -> Result<()>;
    /// Engine-level consistency checks (SQLite `integrity_check`, `foreign_key_check`).
    fn engine_check(&mut self) -> Result<Vec<String>>;
    /// Inserts element-set rows (columns `SET_COLUMNS`), skipping known content hashes,
    /// inside the caller's transaction; returns how many were added. Row by row here; the
    /// PostgreSQL backend sends a chunk in one statement.
    fn insert_sets(&mut self, rows: &[Row]) -> Result<u64> {
        let mut added = 0;
        for r in rows {
            added += self.execute(INSERT_SET, r)?;
        }
        Ok(added)
    }
    /// Upserts object rows (`norad_id, name, cospar, object_type, tier, now`) inside the
    /// caller's transaction.
    fn upsert_objects(&mut self, rows: &[Row]) -> Result<()> {
        for r in rows {
            self.execute(UPSERT_OBJECT, r)?;
        }
        Ok(())
    }
}

/// Element-set columns in insert order.
pub(crate) const SET_COLUMNS: [&str; 23] = [
    "norad_id",
    "epoch_tai_ns",
    "epoch_utc",
    "object_name",
    "object_id",
    "object_type",
    "classification",
    "mean_motion_rev_day",
    "eccentricity",
    "inclination_deg",
    "raan_deg",
    "arg_perigee_deg",
    "mean_anomaly_deg",
    "mean_motion_dot_rev_day2",
    "mean_motion_ddot_rev_day3",
    "bstar_per_er",
    "ephemeris_type",
    "element_set_no",
    "rev_at_epoch",
    "content_hash",
    "ingest_id",
    "source",
    "ingested_utc",
];

pub(crate) const INSERT_SET: &str = "INSERT INTO element_sets (norad_id, epoch_tai_ns, epoch_utc, object_name, object_id, object_type, classification, mean_motion_rev_day, eccentricity, inclination_deg, raan_deg, arg_perigee_deg, mean_anomaly_deg, mean_motion_dot_rev_day2, mean_motion_ddot_rev_day3, bstar_per_er, ephemeris_type, element_set_no, rev_at_epoch, content_hash, ingest_id, source, ingested_utc) \
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23) \
ON CONFLICT (content_hash) DO NOTHING";

/// New objects get the ingest's tier; a known object keeps its tier (only an admin changes
/// it) and takes the newest name, designator and a stated type.
pub(crate) const UPSERT_OBJECT: &str = "INSERT INTO objects (norad_id, name, cospar, object_type, owner, tier, first_seen_utc, updated_utc) \
VALUES (?1, ?2, ?3, ?4, NULL, ?5, ?6, ?6) \
ON CONFLICT (norad_id) DO UPDATE SET \
name = COALESCE(excluded.name, objects.name), \
cospar = COALESCE(excluded.cospar, objects.cospar), \
object_type = CASE WHEN excluded.object_type = 'UNKNOWN' THEN objects.object_type ELSE excluded.object_type END, \
updated_utc = excluded.updated_utc";

/// `?N` → `$N` for PostgreSQL. Statements of this crate hold no `?` elsewhere.
pub(crate) fn to_dollar(sql: &str) -> String {
    sql.replace('?', "$")
}

/// An epoch as integer nanoseconds since J1900 TAI: exact (the formats keep epochs to the
/// nanosecond), sortable, and within i64 until 2192.
pub(crate) fn epoch_ns(e: Epoch) -> i64 {
    e.to_tai_duration().total_nanoseconds() as i64
}

/// The epoch of [`epoch_ns`].
pub(crate) fn epoch_of_ns(ns: i64) -> Epoch {
    Epoch::from_tai_duration(Duration::from_total_nanoseconds(ns as i128))
}

/// Now, UTC with microseconds.
pub(crate) fn now_utc() -> String {
    uitkijk_time::format_utc_micros(Epoch::now().unwrap_or_else(|_| epoch_of_ns(0)))
}

/// Typed access to a fetched row, with the table named in errors.
pub(crate) struct Cells<'a> {
    pub row: &'a [Val],
    pub table: &'static str,
}

impl Cells<'_> {
    fn bad(&self, i: usize, want: &str) -> StoreError {
        StoreError::Corrupt {
            table: self.table,
            why: format!("column {i}: expected {want}, found {:?}", self.row.get(i)),
        }
    }
    pub fn i64(&self, i: usize) -> Result<i64> {
        match self.row.get(i) {
            Some(Val::Int(v)) => Ok(*v),
            _ => Err(self.bad(i, "integer")),
        }
    }
    pub fn opt_i64(&self, i: usize) -> Result<Option<i64>> {
        match self.row.get(i) {
            Some(Val::Null) => Ok(None),
            _ => self.i64(i).map(Some),
        }
    }
    pub fn u32(&self, i: usize) -> Result<u32> {
        u32::try_from(self.i64(i)?).map_err(|_| self.bad(i, "u32"))
    }
    pub fn f64(&self, i: usize) -> Result<f64> {
        match self.row.get(i) {
            Some(Val::Real(v)) => Ok(*v),
            // SQLite stores a REAL that is integral as written: read it back as a double.
            Some(Val::Int(v)) => Ok(*v as f64),
            _ => Err(self.bad(i, "real")),
        }
    }
    pub fn opt_f64(&self, i: usize) -> Result<Option<f64>> {
        match self.row.get(i) {
            Some(Val::Null) => Ok(None),
            _ => self.f64(i).map(Some),
        }
    }
    pub fn text(&self, i: usize) -> Result<String> {
        match self.row.get(i) {
            Some(Val::Text(v)) => Ok(v.clone()),
            _ => Err(self.bad(i, "text")),
        }
    }
    pub fn opt_text(&self, i: usize) -> Result<Option<String>> {
        match self.row.get(i) {
            Some(Val::Null) => Ok(None),
            _ => self.text(i).map(Some),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epochs_round_trip_to_the_nanosecond() {
        let e = uitkijk_time::parse_utc("2022-01-22T12:34:56.123456789Z").unwrap();
        assert_eq!(epoch_of_ns(epoch_ns(e)), e);
    }
}
