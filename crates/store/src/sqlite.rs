//! The SQLite backend: one file, WAL journal, foreign keys on, `busy_timeout` so that a
//! second process (a server beside an ingest) waits for the lock instead of failing.

use std::time::Duration;

use rusqlite::types::{ToSqlOutput, ValueRef};
use rusqlite::{Connection, ToSql};

use crate::error::Result;
use crate::sql::{Db, Dialect, Row, Val};

pub(crate) struct Lite {
    conn: Connection,
}

impl ToSql for Val {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(match self {
            Val::Null => ToSqlOutput::Borrowed(ValueRef::Null),
            Val::Int(v) => ToSqlOutput::Borrowed(ValueRef::Integer(*v)),
            Val::Real(v) => ToSqlOutput::Borrowed(ValueRef::Real(*v)),
            Val::Text(s) => ToSqlOutput::Borrowed(ValueRef::Text(s.as_bytes())),
        })
    }
}

impl Lite {
    pub fn open(path: &str) -> Result<Lite> {
        Lite::setup(Connection::open(path)?)
    }

    pub fn memory() -> Result<Lite> {
        Lite::setup(Connection::open_in_memory()?)
    }

    fn setup(conn: Connection) -> Result<Lite> {
        conn.busy_timeout(Duration::from_secs(30))?;
        // WAL: readers never block the writer and a crashed writer's last transaction is
        // simply absent. synchronous=NORMAL in WAL mode keeps every committed transaction
        // through a process kill (the WAL is in the OS page cache); only an OS crash or
        // power loss can roll back the last commits, never corrupt the file
        // (https://www.sqlite.org/wal.html, https://www.sqlite.org/pragma.html#pragma_synchronous).
        let _: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        Ok(Lite { conn })
    }
}

fn val_of(v: ValueRef<'_>) -> Val {
    match v {
        ValueRef::Null => Val::Null,
        ValueRef::Integer(i) => Val::Int(i),
        ValueRef::Real(f) => Val::Real(f),
        ValueRef::Text(t) | ValueRef::Blob(t) => Val::Text(String::from_utf8_lossy(t).into_owned()),
    }
}

impl Db for Lite {
    fn dialect(&self) -> Dialect {
        Dialect::Sqlite
    }

    fn query(&mut self, sql: &str, params: &[Val]) -> Result<Vec<Row>> {
        let mut stmt = self.conn.prepare_cached(sql)?;
        let n = stmt.column_count();
        let mut rows = stmt.query(rusqlite::params_from_iter(params.iter()))?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let mut row = Vec::with_capacity(n);
            for i in 0..n {
                row.push(val_of(r.get_ref(i)?));
            }
            out.push(row);
        }
        Ok(out)
    }

    fn execute(&mut self, sql: &str, params: &[Val]) -> Result<u64> {
        let mut stmt = self.conn.prepare_cached(sql)?;
        Ok(stmt.execute(rusqlite::params_from_iter(params.iter()))? as u64)
    }

    fn batch(&mut self, sql: &str) -> Result<()> {
        Ok(self.conn.execute_batch(sql)?)
    }

    fn begin(&mut self) -> Result<()> {
        self.batch("BEGIN IMMEDIATE")
    }

    fn engine_check(&mut self) -> Result<Vec<String>> {
        let mut problems = Vec::new();
        for r in self.query("PRAGMA integrity_check", &[])? {
            if let Some(Val::Text(t)) = r.first() {
                if t != "ok" {
                    problems.push(format!("integrity_check: {t}"));
                }
            }
        }
        for r in self.query("PRAGMA foreign_key_check", &[])? {
            problems.push(format!("foreign_key_check: {r:?}"));
        }
        Ok(problems)
    }
}
