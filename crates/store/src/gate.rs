//! The one place where reads are filtered by releasability tier.
//!
//! Every read statement of the store is a *body* that may name only the `visible_*` relations
//! defined here, never the base tables `objects`, `element_sets`, `events` or
//! `event_assessments`; [`scoped`] puts the caller's tier in front of it. An element set has
//! its object's tier, and an event (with its Pc history and CDM) is visible only when *both*
//! objects are: a partner must not learn that a restricted object exists, not even from a
//! count or an event that names it. Screening runs are shared metadata, but what would reveal
//! restricted objects (how many were screened, the catalog's hash) is blanked below the top
//! tier. The tests of this module check every read body against the rule.

use crate::model::{Access, Tier};

/// `body` with the caller's visible relations in front (a `WITH` clause). The tier is a
/// small integer from [`Tier`], so writing it into the SQL cannot inject anything. Each
/// relation reads the base tables directly (none refers to another) so that PostgreSQL
/// inlines each one into the body rather than materialising it, and an unused one costs
/// nothing. Each is declared `NOT MATERIALIZED` (SQLite ≥ 3.35, PostgreSQL ≥ 12): both
/// engines otherwise materialise a CTE that a body names more than once (the event rows name
/// `visible_objects` three times), copying every visible row on each call — 20× slower on
/// the full catalog (measured for issue 5's REST API).
pub(crate) fn scoped(access: &Access, body: &str) -> String {
    let t = access.max_tier.level();
    let top = i64::from(access.max_tier == Tier::National);
    format!(
        "WITH visible_objects AS NOT MATERIALIZED (SELECT * FROM objects WHERE tier <= {t}), \
visible_sets AS NOT MATERIALIZED (SELECT s.* FROM element_sets s JOIN objects o ON o.norad_id = s.norad_id WHERE o.tier <= {t}), \
visible_events AS NOT MATERIALIZED (SELECT e.* FROM events e JOIN objects p ON p.norad_id = e.primary_id \
JOIN objects q ON q.norad_id = e.secondary_id WHERE p.tier <= {t} AND q.tier <= {t}), \
visible_assessments AS NOT MATERIALIZED (SELECT a.* FROM event_assessments a JOIN events e ON e.id = a.event_id \
JOIN objects p ON p.norad_id = e.primary_id JOIN objects q ON q.norad_id = e.secondary_id \
WHERE p.tier <= {t} AND q.tier <= {t}), \
visible_runs AS NOT MATERIALIZED (SELECT id, actor, started_utc, finished_utc, window_start_utc, window_end_utc, \
threshold_km, CASE WHEN {top} = 1 THEN catalog_sha256 ELSE '' END AS catalog_sha256, \
CASE WHEN {top} = 1 THEN objects_screened ELSE -1 END AS objects_screened FROM screening_runs) \
{body}"
    )
}

/// Words a read body must not contain: the base tables behind the visible relations.
#[cfg(test)]
pub(crate) fn names_base_table(body: &str) -> Option<&'static str> {
    let words: Vec<String> = body
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .map(str::to_ascii_lowercase)
        .collect();
    [
        "objects",
        "element_sets",
        "events",
        "event_assessments",
        "screening_runs",
    ]
    .into_iter()
    .find(|t| words.iter().any(|w| w == t))
}
