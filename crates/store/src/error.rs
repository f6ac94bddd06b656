//! The one error type of the store.

/// Why a store operation failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// The database URL is not `sqlite://FILE` or `postgres://…`.
    #[error("bad database URL {url:?}: {why}")]
    BadUrl {
        /// The URL as given.
        url: String,
        /// What is wrong with it.
        why: &'static str,
    },
    /// The SQLite engine failed.
    #[error("sqlite: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// The PostgreSQL server or client failed.
    #[error("postgres: {}", pg_message(.0))]
    Postgres(#[from] postgres::Error),
    /// The database holds a schema newer than this program knows.
    #[error("database schema version {found} is newer than this program's {known}")]
    SchemaTooNew {
        /// Highest migration applied in the database.
        found: i64,
        /// Highest migration this program carries.
        known: i64,
    },
    /// The caller may not do this (role or tier).
    #[error("forbidden: {0}")]
    Forbidden(String),
    /// A row that the operation needs does not exist (or is not visible to the caller).
    #[error("not found: {0}")]
    NotFound(String),
    /// An argument is out of its domain (a tier, a status, a name).
    #[error("invalid {field}: {why}")]
    Invalid {
        /// The argument.
        field: &'static str,
        /// What it must be.
        why: String,
    },
    /// A value read back from the database is not what the schema promises.
    #[error("corrupt row in {table}: {why}")]
    Corrupt {
        /// The table read.
        table: &'static str,
        /// What was wrong.
        why: String,
    },
}

/// Shorthand for results of the store.
pub type Result<T> = std::result::Result<T, StoreError>;

/// The server's own message when there is one (the client's `Display` says only "db error").
fn pg_message(e: &postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => format!("{}: {}", db.severity(), db.message()),
        None => e.to_string(),
    }
}
