//! The JSON bodies of the API: OMM/CelesTrak keyword names for objects and element sets,
//! snake_case with units for everything else. Each derives `ToSchema`, so the OpenAPI
//! document describes exactly what is sent.

use serde::{Deserialize, Serialize};
use uitkijk_store::{AuditEntry, EventRow, ObjectRow, PcPoint, RunRow, StoredSet};
use uitkijk_time::{format_utc_micros, format_utc_millis, parse_utc};
use utoipa::ToSchema;

use crate::orbit::period_and_apsides;

/// `GET /health`.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Health {
    /// Always `ok` when the store answers.
    pub status: String,
    /// Schema migration in force.
    pub schema_version: i64,
}

/// `GET /whoami`.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct WhoAmI {
    /// Name written to the audit log.
    pub actor: String,
    /// `admin`, `analyst` or `partner`.
    pub role: String,
    /// Highest releasability tier visible: `public`, `partner` or `national`.
    pub max_tier: String,
}

/// `GET /counts`: what the caller may see.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct CountsBody {
    /// Objects.
    pub objects: i64,
    /// Element sets.
    pub element_sets: i64,
    /// Conjunction events.
    pub events: i64,
}

/// One catalog object with the orbit of its newest element set.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub struct ObjectBody {
    /// Catalog number.
    pub norad_cat_id: u32,
    /// Latest name.
    pub object_name: Option<String>,
    /// International designator (`1998-067A`).
    pub object_id: Option<String>,
    /// `PAYLOAD`, `ROCKET BODY`, `DEBRIS` or `UNKNOWN`.
    pub object_type: String,
    /// Owner / country code (SATCAT `OWNER`).
    pub owner: Option<String>,
    /// Releasability tier: `public`, `partner` or `national`.
    pub tier: String,
    /// Element sets held.
    pub element_sets: i64,
    /// Epoch of the newest element set (UTC, microseconds).
    pub epoch: Option<String>,
    /// Kozai mean motion of the newest set, rev/day.
    pub mean_motion: Option<f64>,
    /// Eccentricity of the newest set.
    pub eccentricity: Option<f64>,
    /// Inclination of the newest set, degrees.
    pub inclination: Option<f64>,
    /// Period from the Brouwer mean semi-major axis, minutes.
    pub period_min: Option<f64>,
    /// Apoapsis altitude above 6378.135 km, km.
    pub apoapsis_km: Option<f64>,
    /// Periapsis altitude above 6378.135 km, km.
    pub periapsis_km: Option<f64>,
}

impl ObjectBody {
    /// An object row with its newest element set, when it has one.
    pub fn new(o: &ObjectRow, latest: Option<&StoredSet>) -> ObjectBody {
        let set = latest.map(|s| &s.set);
        let derived = set.and_then(period_and_apsides);
        ObjectBody {
            norad_cat_id: o.norad_id,
            object_name: o.name.clone(),
            object_id: o.cospar.clone(),
            object_type: o.object_type.clone(),
            owner: o.owner.clone(),
            tier: o.tier.as_str().into(),
            element_sets: o.element_sets,
            epoch: set.map(|s| format_utc_micros(s.epoch)),
            mean_motion: set.map(|s| s.mean_motion_rev_day),
            eccentricity: set.map(|s| s.eccentricity),
            inclination: set.map(|s| s.inclination_deg),
            period_min: derived.map(|d| d.0),
            apoapsis_km: derived.map(|d| d.1),
            periapsis_km: derived.map(|d| d.2),
        }
    }
}

/// One element set (OMM keywords) with its derived orbit and provenance.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub struct ElementBody {
    /// Object name.
    pub object_name: Option<String>,
    /// International designator.
    pub object_id: Option<String>,
    /// Catalog number.
    pub norad_cat_id: u32,
    /// Object type carried by the set, when it carries one.
    pub object_type: Option<String>,
    /// `U`, `C` or `S`.
    pub classification_type: String,
    /// Epoch, UTC (microseconds).
    pub epoch: String,
    /// Kozai mean motion, rev/day.
    pub mean_motion: f64,
    /// Eccentricity.
    pub eccentricity: f64,
    /// Inclination, degrees.
    pub inclination: f64,
    /// Right ascension of the ascending node, degrees.
    pub ra_of_asc_node: f64,
    /// Argument of perigee, degrees.
    pub arg_of_pericenter: f64,
    /// Mean anomaly, degrees.
    pub mean_anomaly: f64,
    /// SGP4 ephemeris type (0).
    pub ephemeris_type: u8,
    /// B*, 1/earth radii.
    pub bstar: f64,
    /// First derivative of mean motion / 2, rev/day².
    pub mean_motion_dot: f64,
    /// Second derivative of mean motion / 6, rev/day³.
    pub mean_motion_ddot: f64,
    /// Element set number.
    pub element_set_no: u32,
    /// Revolution number at epoch.
    pub rev_at_epoch: u32,
    /// Period from the Brouwer mean semi-major axis, minutes.
    pub period_min: Option<f64>,
    /// Apoapsis altitude, km.
    pub apoapsis_km: Option<f64>,
    /// Periapsis altitude, km.
    pub periapsis_km: Option<f64>,
    /// File it was ingested from.
    pub source: String,
    /// When it was ingested, UTC.
    pub ingested: String,
}

impl From<&StoredSet> for ElementBody {
    fn from(s: &StoredSet) -> ElementBody {
        let e = &s.set;
        let derived = period_and_apsides(e);
        ElementBody {
            object_name: e.object_name.clone(),
            object_id: e.object_id.clone(),
            norad_cat_id: e.norad_id,
            object_type: e.object_type.map(|t| t.as_str().to_string()),
            classification_type: e.classification.to_string(),
            epoch: format_utc_micros(e.epoch),
            mean_motion: e.mean_motion_rev_day,
            eccentricity: e.eccentricity,
            inclination: e.inclination_deg,
            ra_of_asc_node: e.raan_deg,
            arg_of_pericenter: e.arg_perigee_deg,
            mean_anomaly: e.mean_anomaly_deg,
            ephemeris_type: e.ephemeris_type,
            bstar: e.bstar_per_er,
            mean_motion_dot: e.mean_motion_dot_rev_day2,
            mean_motion_ddot: e.mean_motion_ddot_rev_day3,
            element_set_no: e.element_set_no,
            rev_at_epoch: e.rev_at_epoch,
            period_min: derived.map(|d| d.0),
            apoapsis_km: derived.map(|d| d.1),
            periapsis_km: derived.map(|d| d.2),
            source: s.source.clone(),
            ingested: millis(&s.ingested_utc),
        }
    }
}

/// One state (or one trajectory point): Cartesian keys in teme/gcrf/itrf, geodetic keys in
/// `geodetic`.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct PointBody {
    /// UTC.
    pub epoch: String,
    /// Position, km (Cartesian frames).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position_km: Option<[f64; 3]>,
    /// Velocity, km/s (Cartesian frames).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub velocity_km_s: Option<[f64; 3]>,
    /// Geodetic latitude, degrees (geodetic).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latitude_deg: Option<f64>,
    /// Longitude, degrees east (geodetic).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub longitude_deg: Option<f64>,
    /// Height above WGS-84, km (geodetic).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub altitude_km: Option<f64>,
}

/// `GET /objects/{id}/state`.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct StateBody {
    /// Catalog number.
    #[serde(rename = "NORAD_CAT_ID")]
    pub norad_cat_id: u32,
    /// `teme`, `gcrf`, `itrf` or `geodetic`.
    pub frame: String,
    /// The state.
    #[serde(flatten)]
    pub point: PointBody,
}

/// `GET /objects/{id}/trajectory`.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct TrajectoryBody {
    /// Catalog number.
    #[serde(rename = "NORAD_CAT_ID")]
    pub norad_cat_id: u32,
    /// Frame of the points.
    pub frame: String,
    /// Points in time order (times SGP4 refused are left out).
    pub points: Vec<PointBody>,
}

/// One object's position in `GET /states`.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct StatesObject {
    /// Catalog number.
    #[serde(rename = "NORAD_CAT_ID")]
    pub norad_cat_id: u32,
    /// Object type.
    #[serde(rename = "OBJECT_TYPE")]
    pub object_type: String,
    /// Position, km (Cartesian frames).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position_km: Option<[f64; 3]>,
    /// Latitude, degrees (geodetic).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latitude_deg: Option<f64>,
    /// Longitude, degrees east (geodetic).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub longitude_deg: Option<f64>,
    /// Height, km (geodetic).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub altitude_km: Option<f64>,
}

/// `GET /states`: every visible object at one time.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct StatesBody {
    /// UTC.
    pub epoch: String,
    /// Frame of the positions.
    pub frame: String,
    /// Positions.
    pub objects: Vec<StatesObject>,
    /// Catalog numbers SGP4 could not propagate to `epoch` (decayed, bad elements).
    pub failed: Vec<u32>,
}

/// A conjunction event as last assessed.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct EventBody {
    /// Event id.
    pub id: i64,
    /// Primary catalog number.
    pub primary_id: u32,
    /// Primary name.
    pub primary_name: Option<String>,
    /// Secondary catalog number.
    pub secondary_id: u32,
    /// Secondary name.
    pub secondary_name: Option<String>,
    /// Time of closest approach, UTC.
    pub tca: String,
    /// Miss distance, km.
    pub miss_km: f64,
    /// Relative speed, km/s.
    pub rel_speed_km_s: f64,
    /// Secondary relative to primary, radial, km.
    pub radial_km: f64,
    /// In-track, km.
    pub intrack_km: f64,
    /// Cross-track, km.
    pub crosstrack_km: f64,
    /// Latest collision probability.
    pub pc: Option<f64>,
    /// Method of `pc`.
    pub pc_method: Option<String>,
    /// Latest maximum Pc over covariance scale.
    pub max_pc: Option<f64>,
    /// `open`, `acknowledged` or `closed`.
    pub status: String,
    /// Run that first found it.
    pub first_run_id: i64,
    /// Latest run that found it.
    pub last_run_id: i64,
}

impl From<&EventRow> for EventBody {
    fn from(e: &EventRow) -> EventBody {
        EventBody {
            id: e.id,
            primary_id: e.primary_id,
            primary_name: e.primary_name.clone(),
            secondary_id: e.secondary_id,
            secondary_name: e.secondary_name.clone(),
            tca: millis(&e.tca_utc),
            miss_km: e.miss_km,
            rel_speed_km_s: e.rel_speed_km_s,
            radial_km: e.ric_km[0],
            intrack_km: e.ric_km[1],
            crosstrack_km: e.ric_km[2],
            pc: e.pc,
            pc_method: e.pc_method.clone(),
            max_pc: e.max_pc,
            status: e.status.as_str().into(),
            first_run_id: e.first_run_id,
            last_run_id: e.last_run_id,
        }
    }
}

/// One run's assessment of an event.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct PcPointBody {
    /// Run id.
    pub run_id: i64,
    /// When the run was made, UTC.
    pub computed: String,
    /// TCA that run found, UTC.
    pub tca: String,
    /// Miss distance, km.
    pub miss_km: f64,
    /// Pc.
    pub pc: Option<f64>,
}

impl From<&PcPoint> for PcPointBody {
    fn from(p: &PcPoint) -> PcPointBody {
        PcPointBody {
            run_id: p.run_id,
            computed: millis(&p.run_utc),
            tca: millis(&p.tca_utc),
            miss_km: p.miss_km,
            pc: p.pc,
        }
    }
}

/// `GET /events/{id}`: the event with its Pc history.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct EventDetailBody {
    /// The event.
    #[serde(flatten)]
    pub event: EventBody,
    /// One point per run that assessed it, oldest first.
    pub pc_history: Vec<PcPointBody>,
    /// Whether `GET /events/{id}/cdm` has a CDM.
    pub has_cdm: bool,
}

/// `POST /events/{id}/status`.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct StatusRequest {
    /// `open`, `acknowledged` or `closed`.
    pub status: String,
    /// Why (kept with the acknowledgement and in the audit log).
    #[serde(default)]
    pub note: Option<String>,
}

/// `POST /ingest`.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct IngestBody {
    /// Element sets added (objects added, for a satellite catalog).
    pub added: u64,
    /// Already held.
    pub known: u64,
    /// Records the parser rejected.
    pub rejected: u64,
}

/// A screening run.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct RunBody {
    /// Run id.
    pub id: i64,
    /// Who ran it.
    pub actor: String,
    /// Wall-clock start, UTC.
    pub started: String,
    /// Wall-clock end, UTC.
    pub finished: String,
    /// Window start, UTC.
    pub window_start: String,
    /// Window end, UTC.
    pub window_end: String,
    /// Miss-distance threshold, km.
    pub threshold_km: f64,
    /// Objects screened (national callers only; `null` otherwise, since it would reveal how
    /// many restricted objects exist).
    pub objects: Option<i64>,
    /// Events of this run the caller may see.
    pub events: i64,
}

impl From<&RunRow> for RunBody {
    fn from(r: &RunRow) -> RunBody {
        RunBody {
            id: r.id,
            actor: r.actor.clone(),
            started: millis(&r.started_utc),
            finished: millis(&r.finished_utc),
            window_start: millis(&r.window_start_utc),
            window_end: millis(&r.window_end_utc),
            threshold_km: r.threshold_km,
            objects: (r.objects >= 0).then_some(r.objects),
            events: r.events,
        }
    }
}

/// An audit-log entry.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct AuditBody {
    /// Entry id (increasing).
    pub id: i64,
    /// When, UTC.
    pub at: String,
    /// Who.
    pub actor: String,
    /// What (`read`, `ingest`, `event-status`, `token-issue`, …).
    pub action: String,
    /// On what.
    pub subject: String,
    /// Details.
    pub detail: String,
}

impl From<&AuditEntry> for AuditBody {
    fn from(a: &AuditEntry) -> AuditBody {
        AuditBody {
            id: a.id,
            at: millis(&a.at_utc),
            actor: a.actor.clone(),
            action: a.action.clone(),
            subject: a.subject.clone(),
            detail: a.detail.clone(),
        }
    }
}

/// A stored UTC time rewritten with milliseconds and `Z` (as stored when it does not parse).
pub fn millis(stored: &str) -> String {
    parse_utc(stored).map_or_else(|_| stored.to_string(), format_utc_millis)
}
