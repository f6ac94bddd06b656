//! The rows the store keeps and returns, and who is asking.

use uitkijk_formats::ElementSet;
use uitkijk_time::Epoch;

use crate::error::{Result, StoreError};

/// Releasability tier: who may see an object (and everything about it). Ordered: a caller
/// with maximum tier `t` sees objects of tier `≤ t`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Tier {
    /// Releasable to anyone (e.g. the public Space-Track catalog).
    Public = 0,
    /// Releasable to partner centres (e.g. EU SST partners).
    Partner = 1,
    /// National only.
    National = 2,
}

impl Tier {
    /// All tiers, lowest first.
    pub const ALL: [Tier; 3] = [Tier::Public, Tier::Partner, Tier::National];

    /// The stored level (0, 1, 2).
    pub fn level(self) -> i64 {
        self as i64
    }

    /// The tier of a stored level.
    pub fn from_level(level: i64) -> Option<Tier> {
        Tier::ALL.into_iter().find(|t| t.level() == level)
    }

    /// Lower-case name: `public`, `partner`, `national`.
    pub fn as_str(self) -> &'static str {
        match self {
            Tier::Public => "public",
            Tier::Partner => "partner",
            Tier::National => "national",
        }
    }

    /// Read a name (case-insensitive) or a level digit.
    pub fn parse(text: &str) -> Result<Tier> {
        let t = text.trim().to_ascii_lowercase();
        Tier::ALL
            .into_iter()
            .find(|x| x.as_str() == t || x.level().to_string() == t)
            .ok_or_else(|| StoreError::Invalid {
                field: "tier",
                why: format!("{text:?} is not public, partner or national"),
            })
    }
}

/// What a user may do besides reading within their tier.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Manages users, tokens, tiers; reads the audit log; everything an analyst does.
    Admin,
    /// Ingests, screens, changes event status.
    Analyst,
    /// Reads within its partner's tier, nothing else.
    Partner,
}

impl Role {
    /// Stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Analyst => "analyst",
            Role::Partner => "partner",
        }
    }

    /// Read a stored name.
    pub fn parse(text: &str) -> Result<Role> {
        match text {
            "admin" => Ok(Role::Admin),
            "analyst" => Ok(Role::Analyst),
            "partner" => Ok(Role::Partner),
            _ => Err(StoreError::Invalid {
                field: "role",
                why: format!("{text:?} is not admin, analyst or partner"),
            }),
        }
    }
}

/// Who is asking: every read takes one and sees only objects of tier ≤ `max_tier` (and the
/// element sets and events of those objects only); writes check `role`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Access {
    /// Name written to the audit log (`user:NAME`, `cli:LOGIN`).
    pub actor: String,
    /// Highest tier visible.
    pub max_tier: Tier,
    /// What the caller may change.
    pub role: Role,
    /// The user's id when authenticated by token.
    pub user_id: Option<i64>,
}

impl Access {
    /// The local operator at the command line: whoever can open the database file (or holds
    /// the PostgreSQL credentials) already holds everything, so the CLI acts as admin with
    /// the login name as actor.
    pub fn local_cli() -> Access {
        let login = std::env::var("USER")
            .or_else(|_| std::env::var("LOGNAME"))
            .unwrap_or_else(|_| "unknown".into());
        Access {
            actor: format!("cli:{login}"),
            max_tier: Tier::National,
            role: Role::Admin,
            user_id: None,
        }
    }

    /// A read-only caller of tier `max_tier` (for tests and tools).
    pub fn reader(actor: &str, max_tier: Tier) -> Access {
        Access {
            actor: actor.into(),
            max_tier,
            role: Role::Partner,
            user_id: None,
        }
    }

    /// Fails unless the caller may write (ingest, screen, change status).
    pub fn require_writer(&self) -> Result<()> {
        match self.role {
            Role::Admin | Role::Analyst => Ok(()),
            Role::Partner => Err(StoreError::Forbidden(format!(
                "{} may only read",
                self.actor
            ))),
        }
    }

    /// Fails unless the caller is an admin.
    pub fn require_admin(&self) -> Result<()> {
        match self.role {
            Role::Admin => Ok(()),
            _ => Err(StoreError::Forbidden(format!(
                "{} is not an admin",
                self.actor
            ))),
        }
    }
}

/// One object (catalog entry).
#[derive(Debug, Clone, PartialEq)]
pub struct ObjectRow {
    /// Catalog number.
    pub norad_id: u32,
    /// Latest name known.
    pub name: Option<String>,
    /// International designator, OMM form (`1998-067A`).
    pub cospar: Option<String>,
    /// Space-Track `OBJECT_TYPE` spelling.
    pub object_type: String,
    /// Owner / country code (SATCAT `OWNER`), when known.
    pub owner: Option<String>,
    /// Releasability tier.
    pub tier: Tier,
    /// Number of element sets held (visible ones only: all of the object's, since an
    /// element set has its object's tier).
    pub element_sets: i64,
    /// Epoch of the newest element set held.
    pub latest_epoch_utc: Option<String>,
}

/// Search for objects. Empty fields do not filter.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ObjectQuery {
    /// Only these catalog numbers.
    pub ids: Vec<u32>,
    /// Name contains this (case-insensitive).
    pub name_contains: Option<String>,
    /// COSPAR designator starts with this (a launch: `1998-067`).
    pub cospar_prefix: Option<String>,
    /// Space-Track object type (`PAYLOAD`, `DEBRIS`, …).
    pub object_type: Option<String>,
    /// Sort key (catalog number when not set).
    pub order: ObjectOrder,
    /// Sort in descending order.
    pub descending: bool,
    /// At most this many (in `order`); 0 = no limit.
    pub limit: usize,
    /// Skip the first rows (paging).
    pub offset: usize,
}

/// Sort keys of an object search (ties broken by catalog number).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ObjectOrder {
    /// Catalog number.
    #[default]
    NoradId,
    /// Name.
    Name,
    /// Epoch of the newest element set (objects without one last).
    Epoch,
}

/// One stored element set with where it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredSet {
    /// Row id.
    pub id: i64,
    /// The elements, exactly as parsed (epoch to the nanosecond).
    pub set: ElementSet,
    /// File (or `-`) it was ingested from.
    pub source: String,
    /// When it was ingested, UTC ISO-8601.
    pub ingested_utc: String,
    /// SHA-256 of its content (see [`crate::content_hash`]), hex.
    pub content_hash: String,
}

/// A time range for history queries (inclusive); `None` leaves a side open.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Range {
    /// From this epoch.
    pub from: Option<Epoch>,
    /// Up to this epoch.
    pub to: Option<Epoch>,
}

/// Counts of what the caller may see.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    /// Objects.
    pub objects: i64,
    /// Element sets.
    pub element_sets: i64,
    /// Conjunction events.
    pub events: i64,
}

/// What one ingest transaction did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct IngestCounts {
    /// Element sets added.
    pub added: u64,
    /// Element sets already held (same content hash).
    pub known: u64,
    /// Records the parser rejected (reported by the caller).
    pub rejected: u64,
}

impl std::ops::AddAssign for IngestCounts {
    fn add_assign(&mut self, o: IngestCounts) {
        self.added += o.added;
        self.known += o.known;
        self.rejected += o.rejected;
    }
}

/// An object taking part in a screening run, so that its events can refer to it even when
/// it was never ingested.
#[derive(Debug, Clone, PartialEq)]
pub struct ObjectRef {
    /// Catalog number.
    pub norad_id: u32,
    /// Name, when known.
    pub name: Option<String>,
    /// COSPAR designator, when known.
    pub cospar: Option<String>,
    /// Space-Track object type.
    pub object_type: String,
}

/// What a catalog of objects (SATCAT) says about one object.
#[derive(Debug, Clone, PartialEq)]
pub struct ObjectInfo {
    /// Catalog number.
    pub norad_id: u32,
    /// Name.
    pub name: Option<String>,
    /// COSPAR designator, OMM form.
    pub cospar: Option<String>,
    /// Space-Track object type (`PAYLOAD`, `ROCKET BODY`, `DEBRIS`, `UNKNOWN`).
    pub object_type: String,
    /// Owner / country code (SATCAT `OWNER`).
    pub owner: Option<String>,
}

impl From<&uitkijk_formats::satcat::SatcatEntry> for ObjectInfo {
    /// The SATCAT row's identity; empty text fields become `None`.
    fn from(e: &uitkijk_formats::satcat::SatcatEntry) -> ObjectInfo {
        let known = |t: &str| Some(t.to_string()).filter(|t| !t.is_empty());
        ObjectInfo {
            norad_id: e.norad_id,
            name: known(&e.name),
            cospar: known(&e.cospar_id),
            object_type: e.object_type.as_str().into(),
            owner: known(&e.owner),
        }
    }
}

/// A screening run to record.
#[derive(Debug, Clone, PartialEq)]
pub struct NewRun {
    /// Wall-clock start and end of the run, UTC.
    pub started: Epoch,
    /// End of the run.
    pub finished: Epoch,
    /// Screening window.
    pub window_start: Epoch,
    /// End of the screening window.
    pub window_end: Epoch,
    /// Miss-distance threshold, km.
    pub threshold_km: f64,
    /// Asset catalog numbers (empty: all-vs-all).
    pub assets: Vec<u32>,
    /// Identity of the catalog screened: SHA-256 of the content hashes of the element sets
    /// screened, sorted (see [`crate::catalog_identity`]).
    pub catalog_sha256: String,
    /// Number of objects screened.
    pub objects: i64,
    /// Anything else worth keeping (JSON text): thread count, covariance model, …
    pub parameters: String,
}

/// One close approach found by a run.
#[derive(Debug, Clone, PartialEq)]
pub struct NewEvent {
    /// Primary (asset, or lower catalog number).
    pub primary_id: u32,
    /// Secondary.
    pub secondary_id: u32,
    /// Time of closest approach.
    pub tca: Epoch,
    /// Miss distance, km.
    pub miss_km: f64,
    /// Relative speed, km/s.
    pub rel_speed_km_s: f64,
    /// Secondary minus primary in the primary's RIC axes, km.
    pub ric_km: [f64; 3],
    /// Collision probability (None when it could not be assessed).
    pub pc: Option<f64>,
    /// Method of `pc`.
    pub pc_method: Option<String>,
    /// Maximum Pc over covariance scale.
    pub max_pc: Option<f64>,
    /// The CDM of the event (KVN), when produced.
    pub cdm_text: Option<String>,
}

/// What recording a run did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RunOutcome {
    /// Id of the run.
    pub run_id: i64,
    /// Events seen for the first time.
    pub new_events: u64,
    /// Events of earlier runs updated (same pair, TCA within the tolerance).
    pub updated_events: u64,
}

/// Status of an event in the watch's workflow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventStatus {
    /// Found, nobody has looked yet.
    Open,
    /// Someone has acknowledged it.
    Acknowledged,
    /// Dealt with (manoeuvred, judged harmless, passed).
    Closed,
}

impl EventStatus {
    /// Stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            EventStatus::Open => "open",
            EventStatus::Acknowledged => "acknowledged",
            EventStatus::Closed => "closed",
        }
    }

    /// Read a stored name.
    pub fn parse(text: &str) -> Result<EventStatus> {
        match text.trim().to_ascii_lowercase().as_str() {
            "open" => Ok(EventStatus::Open),
            "acknowledged" => Ok(EventStatus::Acknowledged),
            "closed" => Ok(EventStatus::Closed),
            _ => Err(StoreError::Invalid {
                field: "status",
                why: format!("{text:?} is not open, acknowledged or closed"),
            }),
        }
    }
}

/// A conjunction event as last assessed.
#[derive(Debug, Clone, PartialEq)]
pub struct EventRow {
    /// Event id.
    pub id: i64,
    /// Primary catalog number.
    pub primary_id: u32,
    /// Secondary catalog number.
    pub secondary_id: u32,
    /// Primary's name, when known.
    pub primary_name: Option<String>,
    /// Secondary's name, when known.
    pub secondary_name: Option<String>,
    /// The higher of the two objects' tiers (what reading the event reveals).
    pub tier: Tier,
    /// TCA of the latest run, UTC with microseconds.
    pub tca_utc: String,
    /// Miss distance, km.
    pub miss_km: f64,
    /// Relative speed, km/s.
    pub rel_speed_km_s: f64,
    /// RIC of the secondary, km.
    pub ric_km: [f64; 3],
    /// Latest Pc.
    pub pc: Option<f64>,
    /// Method of `pc`.
    pub pc_method: Option<String>,
    /// Latest maximum Pc.
    pub max_pc: Option<f64>,
    /// Workflow status.
    pub status: EventStatus,
    /// Run that first found it.
    pub first_run_id: i64,
    /// Latest run that found it.
    pub last_run_id: i64,
    /// Number of runs that assessed it.
    pub assessments: i64,
}

/// Event search. Empty fields do not filter.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EventQuery {
    /// Events involving this object (either side).
    pub object: Option<u32>,
    /// TCA on or after.
    pub from: Option<Epoch>,
    /// TCA on or before.
    pub to: Option<Epoch>,
    /// Pc at least.
    pub min_pc: Option<f64>,
    /// Miss at most, km.
    pub max_miss_km: Option<f64>,
    /// Only this status.
    pub status: Option<EventStatus>,
    /// Sort key (TCA when not set).
    pub order: EventOrder,
    /// Sort in descending order.
    pub descending: bool,
    /// At most this many (in `order`, then by id); 0 = no limit.
    pub limit: usize,
    /// Skip the first rows.
    pub offset: usize,
}

/// Sort keys of an event search (ties broken by event id; events without a Pc come last
/// either way).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum EventOrder {
    /// Time of closest approach.
    #[default]
    Tca,
    /// Latest Pc.
    Pc,
    /// Miss distance.
    MissKm,
}

/// One run's assessment of an event (its Pc history, one point per run).
#[derive(Debug, Clone, PartialEq)]
pub struct PcPoint {
    /// Run id.
    pub run_id: i64,
    /// When the run was made (its start), UTC.
    pub run_utc: String,
    /// TCA that run found.
    pub tca_utc: String,
    /// Miss distance, km.
    pub miss_km: f64,
    /// Pc.
    pub pc: Option<f64>,
    /// Maximum Pc.
    pub max_pc: Option<f64>,
}

/// A screening run as recorded.
#[derive(Debug, Clone, PartialEq)]
pub struct RunRow {
    /// Run id.
    pub id: i64,
    /// Who ran it.
    pub actor: String,
    /// Wall-clock start, UTC.
    pub started_utc: String,
    /// Wall-clock end, UTC.
    pub finished_utc: String,
    /// Window start, UTC.
    pub window_start_utc: String,
    /// Window end, UTC.
    pub window_end_utc: String,
    /// Threshold, km.
    pub threshold_km: f64,
    /// Catalog identity.
    pub catalog_sha256: String,
    /// Objects screened.
    pub objects: i64,
    /// Events of this run the caller may see.
    pub events: i64,
}

/// One entry of the audit log.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditEntry {
    /// Entry id (increasing).
    pub id: i64,
    /// When, UTC.
    pub at_utc: String,
    /// Who.
    pub actor: String,
    /// What kind of action (`ingest`, `screen`, `event-status`, `token-issue`, `read`, …).
    pub action: String,
    /// On what (a file, an object, an event id).
    pub subject: String,
    /// Details (counts, old → new).
    pub detail: String,
}

/// A token as issued: the secret is shown once and stored only as its SHA-256.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssuedToken {
    /// Token id (to revoke it).
    pub id: i64,
    /// The bearer secret.
    pub secret: String,
}

/// What an integrity check found.
#[derive(Debug, Clone, PartialEq)]
pub struct Integrity {
    /// Problems found (empty when consistent).
    pub problems: Vec<String>,
    /// All objects.
    pub objects: i64,
    /// All element sets.
    pub element_sets: i64,
    /// Distinct content hashes (must equal `element_sets`).
    pub distinct_hashes: i64,
}

/// A user as stored (admins list them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserRow {
    /// User id.
    pub id: i64,
    /// Unique name.
    pub name: String,
    /// Role.
    pub role: Role,
    /// Partner centre, when the user belongs to one.
    pub partner_id: Option<i64>,
    /// The user's own maximum tier (a partner's tier may lower it).
    pub max_tier: Tier,
}

/// A partner centre as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartnerRow {
    /// Partner id.
    pub id: i64,
    /// Unique name.
    pub name: String,
    /// Highest tier its users may see.
    pub max_tier: Tier,
}

/// An API token as stored: never its secret, only who holds it and whether it is revoked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenRow {
    /// Token id.
    pub id: i64,
    /// Holder's user name.
    pub user: String,
    /// Holder's role.
    pub role: Role,
    /// Holder's partner, if any.
    pub partner: Option<String>,
    /// Effective maximum tier (the lower of the user's and the partner's).
    pub max_tier: Tier,
    /// Label given at issue.
    pub label: String,
    /// When issued, UTC.
    pub created_utc: String,
    /// When revoked, UTC (`None` while valid).
    pub revoked_utc: Option<String>,
}
