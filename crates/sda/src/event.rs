//! One event type for every detector: what happened, when (with its uncertainty), to which
//! objects, where, how much it matters, and the evidence an analyst needs to check it.

use serde::Serialize;
use uitkijk_time::Epoch;

/// What a detector saw.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum EventKind {
    /// A change of orbit not explained by natural forces.
    Maneuver,
    /// A break-up: collision, explosion or intercept producing a debris cloud.
    Fragmentation,
    /// An object inside the keep-out volume of a protected asset.
    Proximity,
    /// Newly catalogued objects (usually one launch).
    NewObjects,
    /// Objects no longer in the catalog (decayed or dropped).
    ObjectsLost,
    /// A predicted re-entry.
    Reentry,
}

/// How urgently a watch officer should look.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Routine: logged, nobody paged.
    Info,
    /// Worth an analyst's look this shift.
    Notice,
    /// Needs action or notification of another agency.
    Warning,
    /// Immediate: a protected asset or the national territory is concerned.
    Critical,
}

/// Where an event happened, when that is known.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Location {
    /// Geodetic latitude (WGS-84), degrees.
    pub lat_deg: f64,
    /// Longitude, degrees east.
    pub lon_deg: f64,
    /// Height above the WGS-84 ellipsoid, km.
    pub alt_km: f64,
}

/// One detected event, of any kind.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Event {
    /// What was detected.
    pub kind: EventKind,
    /// Best estimate of when it happened (UTC).
    #[serde(serialize_with = "utc_millis")]
    pub epoch: Epoch,
    /// One-sigma uncertainty of `epoch`, seconds.
    pub epoch_sigma_s: f64,
    /// Catalog numbers involved; the principal object (parent, asset, manoeuvring
    /// satellite) first.
    pub norad_ids: Vec<u32>,
    /// Where, if the detector can say.
    pub location: Option<Location>,
    /// How much it matters.
    pub severity: Severity,
    /// One line a watch officer can read aloud.
    pub summary: String,
    /// Named numbers that support the detection (e.g. `dv_m_s`, `n_fragments`,
    /// `min_range_km`), in a stable order.
    pub evidence: Vec<(String, f64)>,
}

/// Events serialise their epoch as the CLI prints times: UTC ISO-8601 with milliseconds.
fn utc_millis<S: serde::Serializer>(epoch: &Epoch, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&uitkijk_time::format_utc_millis(*epoch))
}
