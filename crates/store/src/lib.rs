//! Persistence for Uitkijk: objects, element-set history, screening runs and conjunction
//! events, users/partners/tokens and the audit log, behind one trait with two backends —
//! SQLite (embedded default: one file, WAL) and PostgreSQL (a centre's shared database).
//!
//! * [`open`] takes `sqlite://FILE` or `postgres://user@host:port/db` and applies the
//!   schema migrations the database lacks.
//! * Every read takes an [`Access`] and sees only what the caller's tier allows; the filter
//!   lives in one function (`gate::scoped`), which every read statement goes through.
//! * The trait is blocking and `Send`: a server keeps a few boxed stores and calls them from
//!   `spawn_blocking` (one store per blocking call; a store is one connection).
//!
//! ```
//! use uitkijk_store::{open, Access, Tier, ObjectQuery};
//! let dir = std::env::temp_dir().join(format!("uitkijk-doc-{}", std::process::id()));
//! std::fs::create_dir_all(&dir).unwrap();
//! let url = format!("sqlite://{}", dir.join("doc.db").display());
//! let mut store = open(&url).unwrap();
//! let text = "0 ISS (ZARYA)\n\
//! 1 25544U 98067A   08264.51782528 -.00002182  00000-0 -11606-4 0  2927\n\
//! 2 25544  51.6416 247.4627 0006703 130.5360 325.0288 15.72125391563537\n";
//! let sets = uitkijk_formats::tle::read(text).sets;
//! let admin = Access::local_cli();
//! let n = uitkijk_store::ingest(&mut *store, &admin, "doc.tle", &sets, 0, Tier::Public, 1000).unwrap();
//! assert_eq!(n.added, 1);
//! let again = uitkijk_store::ingest(&mut *store, &admin, "doc.tle", &sets, 0, Tier::Public, 1000).unwrap();
//! assert_eq!((again.added, again.known), (0, 1));
//! let public = Access::reader("partner:x", Tier::Public);
//! assert_eq!(store.objects(&public, &ObjectQuery::default()).unwrap().len(), 1);
//! # std::fs::remove_dir_all(&dir).unwrap();
//! ```
#![deny(missing_docs)]

mod error;
mod gate;
mod hash;
mod model;
mod pg;
mod schema;
mod sql;
mod sqlite;
mod store;

pub use error::{Result, StoreError};
pub use hash::{catalog_identity, content_hash, token_digest};
pub use model::*;
pub use schema::latest_version;
pub use store::{match_events, EVENT_TCA_TOLERANCE_S};

use uitkijk_formats::ElementSet;

/// Which engine a store runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// Embedded SQLite file.
    Sqlite,
    /// PostgreSQL server.
    Postgres,
}

/// The store: everything Uitkijk keeps. Writes check the caller's role; reads see only what
/// the caller's tier allows. Each method is atomic (one transaction).
pub trait Store: Send {
    /// The engine.
    fn backend(&self) -> Backend;
    /// The schema version in force.
    fn schema_version(&mut self) -> Result<i64>;

    /// Records the start of ingesting one input; returns its id for [`Store::ingest_chunk`].
    fn begin_ingest(&mut self, access: &Access, source: &str) -> Result<i64>;
    /// Ingests element sets in one transaction: creates unknown objects with `new_tier`,
    /// refreshes names/designators of known ones, adds the sets whose content hash is new.
    fn ingest_chunk(
        &mut self,
        access: &Access,
        ingest_id: i64,
        source: &str,
        sets: &[ElementSet],
        new_tier: Tier,
    ) -> Result<IngestCounts>;
    /// Records the end of an ingest and writes its audit entry.
    fn finish_ingest(
        &mut self,
        access: &Access,
        ingest_id: i64,
        counts: IngestCounts,
    ) -> Result<()>;

    /// Creates or refreshes objects from a catalog of objects (SATCAT) in one transaction:
    /// new ones get `new_tier`, known ones keep their tier and take the given name,
    /// designator, type and owner. Returns how many were new.
    fn upsert_objects(
        &mut self,
        access: &Access,
        objects: &[ObjectInfo],
        new_tier: Tier,
    ) -> Result<u64>;

    /// Records a screening run and its events: an event of the same pair within
    /// [`EVENT_TCA_TOLERANCE_S`] of a stored event's TCA updates it (keeping its Pc history);
    /// others are new. `objects` are created (at the top tier) when not yet known.
    fn record_screening(
        &mut self,
        access: &Access,
        run: &NewRun,
        objects: &[ObjectRef],
        events: &[NewEvent],
    ) -> Result<RunOutcome>;
    /// Changes an event's status and records who acknowledged it and why.
    fn set_event_status(
        &mut self,
        access: &Access,
        event_id: i64,
        status: EventStatus,
        note: &str,
    ) -> Result<()>;
    /// Sets an object's releasability tier (admins only).
    fn set_object_tier(&mut self, access: &Access, norad_id: u32, tier: Tier) -> Result<()>;
    /// Sets an object's owner/country (SATCAT `OWNER`).
    fn set_object_owner(&mut self, access: &Access, norad_id: u32, owner: &str) -> Result<()>;

    /// Creates a partner centre with its maximum tier (admins only).
    fn create_partner(&mut self, access: &Access, name: &str, max_tier: Tier) -> Result<i64>;
    /// Creates a user; a partner's user never sees above the partner's tier (admins only).
    fn create_user(
        &mut self,
        access: &Access,
        name: &str,
        role: Role,
        partner_id: Option<i64>,
        max_tier: Tier,
    ) -> Result<i64>;
    /// Issues an API token for a user; the secret is returned once, stored hashed.
    fn issue_token(&mut self, access: &Access, user_id: i64, label: &str) -> Result<IssuedToken>;
    /// Every user (admins only).
    fn users(&mut self, access: &Access) -> Result<Vec<UserRow>>;
    /// Every partner centre (admins only).
    fn partners(&mut self, access: &Access) -> Result<Vec<PartnerRow>>;
    /// Every token issued, oldest first, without secrets (admins only).
    fn tokens(&mut self, access: &Access) -> Result<Vec<TokenRow>>;
    /// Revokes a token: it no longer authenticates.
    fn revoke_token(&mut self, access: &Access, token_id: i64) -> Result<()>;
    /// Who holds this token, if it is valid; the tier is the lower of the user's and the
    /// partner's, read at each call (lowering a partner's tier takes effect at once).
    fn authenticate(&mut self, secret: &str) -> Result<Option<Access>>;
    /// Appends to the audit log (there is no way to change or remove an entry).
    fn audit(&mut self, access: &Access, action: &str, subject: &str, detail: &str) -> Result<()>;
    /// The newest audit entries, newest first (admins only).
    fn audit_log(&mut self, access: &Access, limit: usize) -> Result<Vec<AuditEntry>>;

    /// What the caller can see, counted.
    fn counts(&mut self, access: &Access) -> Result<Counts>;
    /// Objects matching the query, by catalog number.
    fn objects(&mut self, access: &Access, q: &ObjectQuery) -> Result<Vec<ObjectRow>>;
    /// One object's element sets, oldest first.
    fn element_history(
        &mut self,
        access: &Access,
        norad_id: u32,
        range: Range,
    ) -> Result<Vec<StoredSet>>;
    /// The newest element set of each of these objects (all visible objects when empty).
    fn latest_sets(&mut self, access: &Access, ids: &[u32]) -> Result<Vec<StoredSet>>;
    /// Events matching the query, by TCA.
    fn events(&mut self, access: &Access, q: &EventQuery) -> Result<Vec<EventRow>>;
    /// One event by id (`None` when absent or not visible to the caller).
    fn event(&mut self, access: &Access, event_id: i64) -> Result<Option<EventRow>>;
    /// One event's Pc history, one point per run, oldest first.
    fn event_history(&mut self, access: &Access, event_id: i64) -> Result<Vec<PcPoint>>;
    /// One event's latest CDM (KVN).
    fn event_cdm(&mut self, access: &Access, event_id: i64) -> Result<Option<String>>;
    /// The newest screening runs, newest first.
    fn runs(&mut self, access: &Access, limit: usize) -> Result<Vec<RunRow>>;

    /// Consistency of the whole database (engine checks, foreign keys, counts).
    fn check(&mut self) -> Result<Integrity>;
}

/// Opens (creating when needed) the store at `url` — `sqlite://FILE` (relative or absolute
/// path; `sqlite::memory:` for a private in-memory store) or `postgres://…` /
/// `postgresql://…` — and applies the migrations it lacks.
pub fn open(url: &str) -> Result<Box<dyn Store>> {
    if let Some(rest) = url
        .strip_prefix("postgres://")
        .or_else(|| url.strip_prefix("postgresql://"))
    {
        if rest.is_empty() {
            return Err(StoreError::BadUrl {
                url: url.into(),
                why: "no host",
            });
        }
        Ok(Box::new(store::SqlStore::new(pg::Pg::connect(url)?)?))
    } else if url == "sqlite::memory:" {
        Ok(Box::new(store::SqlStore::new(sqlite::Lite::memory()?)?))
    } else if let Some(path) = url.strip_prefix("sqlite://") {
        if path.is_empty() {
            return Err(StoreError::BadUrl {
                url: url.into(),
                why: "no file name after sqlite://",
            });
        }
        Ok(Box::new(store::SqlStore::new(sqlite::Lite::open(path)?)?))
    } else {
        Err(StoreError::BadUrl {
            url: url.into(),
            why: "expected sqlite://FILE or postgres://USER@HOST:PORT/DB",
        })
    }
}

/// Ingests `sets` from one input in transactions of at most `batch` sets, so that an
/// interruption loses at most the transaction in flight and a re-run completes the rest.
/// `rejected` (records the parser refused) is recorded with the ingest.
pub fn ingest(
    store: &mut dyn Store,
    access: &Access,
    source: &str,
    sets: &[ElementSet],
    rejected: u64,
    new_tier: Tier,
    batch: usize,
) -> Result<IngestCounts> {
    ingest_with_progress(
        store,
        access,
        source,
        sets,
        rejected,
        new_tier,
        batch,
        &mut |_| {},
    )
}

/// [`ingest`], calling `progress` with the number of sets done after each transaction.
#[allow(clippy::too_many_arguments)]
pub fn ingest_with_progress(
    store: &mut dyn Store,
    access: &Access,
    source: &str,
    sets: &[ElementSet],
    rejected: u64,
    new_tier: Tier,
    batch: usize,
    progress: &mut dyn FnMut(usize),
) -> Result<IngestCounts> {
    access.require_writer()?;
    let id = store.begin_ingest(access, source)?;
    let mut total = IngestCounts {
        rejected,
        ..IngestCounts::default()
    };
    let mut done = 0;
    for chunk in sets.chunks(batch.max(1)) {
        total += store.ingest_chunk(access, id, source, chunk, new_tier)?;
        done += chunk.len();
        progress(done);
    }
    store.finish_ingest(access, id, total)?;
    Ok(total)
}
