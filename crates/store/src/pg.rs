//! The PostgreSQL backend: the synchronous `postgres` client on one connection, prepared
//! statements cached per connection, element sets sent a chunk per statement (`unnest`).

use std::collections::HashMap;

use postgres::types::{ToSql, Type};
use postgres::{Client, NoTls, Statement};

use crate::error::{Result, StoreError};
use crate::sql::{to_dollar, Db, Dialect, Row, Val, SET_COLUMNS, UPSERT_OBJECT};

pub(crate) struct Pg {
    client: Client,
    statements: HashMap<String, Statement>,
}

impl Pg {
    pub fn connect(url: &str) -> Result<Pg> {
        let client = Client::connect(url, NoTls)?;
        Ok(Pg {
            client,
            statements: HashMap::new(),
        })
    }

    fn prepare(&mut self, sql: &str) -> Result<Statement> {
        if let Some(s) = self.statements.get(sql) {
            return Ok(s.clone());
        }
        let s = self.client.prepare(&to_dollar(sql))?;
        // Dynamic statements (id lists) vary: keep the cache bounded.
        if self.statements.len() > 512 {
            self.statements.clear();
        }
        self.statements.insert(sql.to_string(), s.clone());
        Ok(s)
    }
}

type Param = Box<dyn ToSql + Sync>;

/// A value as the Rust type PostgreSQL inferred for its parameter.
fn param(v: &Val, ty: &Type) -> Result<Param> {
    let mismatch = || StoreError::Invalid {
        field: "parameter",
        why: format!("{v:?} where PostgreSQL expects {ty}"),
    };
    Ok(if *ty == Type::INT8 {
        match v {
            Val::Int(i) => Box::new(*i),
            Val::Null => Box::new(None::<i64>),
            _ => return Err(mismatch()),
        }
    } else if *ty == Type::INT4 {
        match v {
            Val::Int(i) => Box::new(i32::try_from(*i).map_err(|_| mismatch())?),
            Val::Null => Box::new(None::<i32>),
            _ => return Err(mismatch()),
        }
    } else if *ty == Type::FLOAT8 {
        match v {
            Val::Real(f) => Box::new(*f),
            Val::Int(i) => Box::new(*i as f64),
            Val::Null => Box::new(None::<f64>),
            _ => return Err(mismatch()),
        }
    } else if *ty == Type::TEXT || *ty == Type::VARCHAR {
        match v {
            Val::Text(s) => Box::new(s.clone()),
            Val::Null => Box::new(None::<String>),
            _ => return Err(mismatch()),
        }
    } else {
        return Err(mismatch());
    })
}

fn params_for(stmt: &Statement, vals: &[Val]) -> Result<Vec<Param>> {
    stmt.params()
        .iter()
        .zip(vals)
        .map(|(ty, v)| param(v, ty))
        .collect()
}

fn row_vals(r: &postgres::Row) -> Result<Row> {
    let mut out = Vec::with_capacity(r.len());
    for (i, col) in r.columns().iter().enumerate() {
        let ty = col.type_();
        let v = if *ty == Type::INT8 {
            r.try_get::<_, Option<i64>>(i)?.map_or(Val::Null, Val::Int)
        } else if *ty == Type::INT4 {
            r.try_get::<_, Option<i32>>(i)?
                .map_or(Val::Null, |x| Val::Int(x as i64))
        } else if *ty == Type::INT2 {
            r.try_get::<_, Option<i16>>(i)?
                .map_or(Val::Null, |x| Val::Int(x as i64))
        } else if *ty == Type::FLOAT8 {
            r.try_get::<_, Option<f64>>(i)?.map_or(Val::Null, Val::Real)
        } else if *ty == Type::TEXT || *ty == Type::VARCHAR || *ty == Type::NAME {
            r.try_get::<_, Option<String>>(i)?
                .map_or(Val::Null, Val::Text)
        } else {
            // VOID (pg_advisory_xact_lock) and anything this crate never selects.
            Val::Null
        };
        out.push(v);
    }
    Ok(out)
}

/// The array type of each element-set column, for `unnest`.
fn set_column_kind(i: usize) -> &'static str {
    match SET_COLUMNS[i] {
        "norad_id" | "epoch_tai_ns" | "ephemeris_type" | "element_set_no" | "rev_at_epoch"
        | "ingest_id" => "bigint",
        "mean_motion_rev_day"
        | "eccentricity"
        | "inclination_deg"
        | "raan_deg"
        | "arg_perigee_deg"
        | "mean_anomaly_deg"
        | "mean_motion_dot_rev_day2"
        | "mean_motion_ddot_rev_day3"
        | "bstar_per_er" => "float8",
        _ => "text",
    }
}

/// Column `i` of `rows` as one array parameter of `kind`.
fn column_array(rows: &[Row], i: usize, kind: &str) -> Result<Param> {
    let bad = |v: &Val| StoreError::Invalid {
        field: "parameter",
        why: format!("{v:?} in a {kind} column"),
    };
    Ok(match kind {
        "bigint" => Box::new(
            rows.iter()
                .map(|r| match &r[i] {
                    Val::Int(x) => Ok(Some(*x)),
                    Val::Null => Ok(None),
                    v => Err(bad(v)),
                })
                .collect::<Result<Vec<Option<i64>>>>()?,
        ),
        "float8" => Box::new(
            rows.iter()
                .map(|r| match &r[i] {
                    Val::Real(x) => Ok(Some(*x)),
                    Val::Int(x) => Ok(Some(*x as f64)),
                    Val::Null => Ok(None),
                    v => Err(bad(v)),
                })
                .collect::<Result<Vec<Option<f64>>>>()?,
        ),
        _ => Box::new(
            rows.iter()
                .map(|r| match &r[i] {
                    Val::Text(x) => Ok(Some(x.clone())),
                    Val::Null => Ok(None),
                    v => Err(bad(v)),
                })
                .collect::<Result<Vec<Option<String>>>>()?,
        ),
    })
}

impl Db for Pg {
    fn dialect(&self) -> Dialect {
        Dialect::Postgres
    }

    fn query(&mut self, sql: &str, params: &[Val]) -> Result<Vec<Row>> {
        let stmt = self.prepare(sql)?;
        let p = params_for(&stmt, params)?;
        let refs: Vec<&(dyn ToSql + Sync)> = p.iter().map(|b| b.as_ref()).collect();
        self.client
            .query(&stmt, &refs)?
            .iter()
            .map(row_vals)
            .collect()
    }

    fn execute(&mut self, sql: &str, params: &[Val]) -> Result<u64> {
        let stmt = self.prepare(sql)?;
        let p = params_for(&stmt, params)?;
        let refs: Vec<&(dyn ToSql + Sync)> = p.iter().map(|b| b.as_ref()).collect();
        Ok(self.client.execute(&stmt, &refs)?)
    }

    fn batch(&mut self, sql: &str) -> Result<()> {
        Ok(self.client.batch_execute(sql)?)
    }

    fn begin(&mut self) -> Result<()> {
        self.batch("BEGIN")
    }

    fn engine_check(&mut self) -> Result<Vec<String>> {
        // PostgreSQL enforces foreign keys and constraints at every statement and recovers
        // from a crash by WAL replay; nothing to check beyond the generic counts.
        Ok(Vec::new())
    }

    fn insert_sets(&mut self, rows: &[Row]) -> Result<u64> {
        if rows.is_empty() {
            return Ok(0);
        }
        let arrays: Vec<String> = (0..SET_COLUMNS.len())
            .map(|i| format!("?{}::{}[]", i + 1, set_column_kind(i)))
            .collect();
        let sql = format!(
            "INSERT INTO element_sets ({}) SELECT * FROM unnest({}) ON CONFLICT (content_hash) DO NOTHING",
            SET_COLUMNS.join(", "),
            arrays.join(", ")
        );
        let params: Vec<Param> = (0..SET_COLUMNS.len())
            .map(|i| column_array(rows, i, set_column_kind(i)))
            .collect::<Result<_>>()?;
        let stmt = self.prepare(&sql)?;
        let refs: Vec<&(dyn ToSql + Sync)> = params.iter().map(|b| b.as_ref()).collect();
        Ok(self.client.execute(&stmt, &refs)?)
    }

    fn upsert_objects(&mut self, rows: &[Row]) -> Result<()> {
        if rows.is_empty() {
            return Ok(());
        }
        // The same upsert as the row-by-row one, fed from arrays.
        let (_, set_clause) = UPSERT_OBJECT
            .split_once("ON CONFLICT")
            .expect("the upsert has an ON CONFLICT clause");
        let sql = format!(
            "INSERT INTO objects (norad_id, name, cospar, object_type, owner, tier, first_seen_utc, updated_utc) \
             SELECT n, nm, c, t, NULL, tr, ts, ts FROM unnest(?1::bigint[], ?2::text[], ?3::text[], ?4::text[], ?5::bigint[], ?6::text[]) AS x(n, nm, c, t, tr, ts) \
             ON CONFLICT{set_clause}"
        );
        let kinds = ["bigint", "text", "text", "text", "bigint", "text"];
        let params: Vec<Param> = kinds
            .iter()
            .enumerate()
            .map(|(i, k)| column_array(rows, i, k))
            .collect::<Result<_>>()?;
        let stmt = self.prepare(&sql)?;
        let refs: Vec<&(dyn ToSql + Sync)> = params.iter().map(|b| b.as_ref()).collect();
        self.client.execute(&stmt, &refs)?;
        Ok(())
    }
}
