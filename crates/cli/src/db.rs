//! The store from the command line: opening it, and what `screen --db` records.

use uitkijk_conjunction::screen::assess::Assessment;
use uitkijk_conjunction::screen::ScreenOutcome;
use uitkijk_formats::{cdm, ElementSet};
use uitkijk_store::{Access, NewEvent, NewRun, ObjectRef, Store, StoreError};
use uitkijk_time::{Duration, Epoch};

use crate::failure::{bad, Failure};
use crate::screen::Job;

/// Where the store is when `--db` is not given: a SQLite file in the working directory.
pub const DEFAULT_DB: &str = "sqlite://uitkijk.db";

/// A store error as a CLI failure: a bad URL or argument is bad input (2), anything the
/// database does is a runtime failure (1).
pub fn failure(url: &str, e: StoreError) -> Failure {
    match e {
        StoreError::BadUrl { .. } | StoreError::Invalid { .. } => bad(e.to_string()),
        e => Failure::Runtime(format!("{url}: {e}")),
    }
}

/// Opens the store at `url`, applying migrations.
pub fn open(url: &str) -> Result<Box<dyn Store>, Failure> {
    uitkijk_store::open(url).map_err(|e| failure(url, e))
}

/// Records a screening run and its events (with their CDMs) in the store at `url`.
pub fn record_screening(
    url: &str,
    job: &Job,
    outcome: &ScreenOutcome,
    assessed: &[Option<Assessment>],
    started: Epoch,
) -> Result<(), Failure> {
    let sets: &[ElementSet] = &job.sets;
    let mut store = open(url)?;
    let mut involved: Vec<usize> = outcome
        .events
        .iter()
        .flat_map(|e| [e.primary, e.secondary])
        .collect();
    involved.sort_unstable();
    involved.dedup();
    let objects: Vec<ObjectRef> = involved
        .iter()
        .map(|&i| ObjectRef {
            norad_id: sets[i].norad_id,
            name: sets[i].object_name.clone(),
            cospar: sets[i].object_id.clone(),
            object_type: uitkijk_catalog::object_type_of(&sets[i]).as_str().into(),
        })
        .collect();
    let events: Vec<NewEvent> = outcome
        .events
        .iter()
        .zip(assessed)
        .map(|(e, a)| NewEvent {
            primary_id: sets[e.primary].norad_id,
            secondary_id: sets[e.secondary].norad_id,
            tca: e.tca,
            miss_km: e.encounter.miss_km,
            rel_speed_km_s: e.encounter.rel_speed_km_s,
            ric_km: e.encounter.ric_km,
            pc: a.as_ref().map(|a| a.pc),
            pc_method: a.as_ref().map(|a| a.method.to_string()),
            max_pc: a.as_ref().map(|a| a.max_pc),
            cdm_text: Some(cdm::write_kvn(&crate::cdm_out::event_cdm(
                sets,
                e,
                a.as_ref(),
                &job.config,
            ))),
        })
        .collect();
    let config = &job.config;
    let run = NewRun {
        started,
        finished: Epoch::now().unwrap_or(started),
        window_start: config.start,
        window_end: config.start + Duration::from_seconds(config.duration_s),
        threshold_km: config.threshold_km,
        assets: config
            .assets
            .as_ref()
            .map(|a| a.iter().map(|&i| sets[i].norad_id).collect())
            .unwrap_or_default(),
        catalog_sha256: uitkijk_store::catalog_identity(sets),
        objects: sets.len() as i64,
        parameters: format!(
            "{{\"grid_step_s\":{},\"covariance_model\":\"default TLE\",\"colocated_groups\":{},\"objects_failed\":{}}}",
            config.grid_step_s,
            outcome.colocated.len(),
            outcome.failures.len()
        ),
    };
    let out = store
        .record_screening(&Access::local_cli(), &run, &objects, &events)
        .map_err(|e| failure(url, e))?;
    eprintln!(
        "uitkijk: stored screening run {} in {url}: {} new events, {} updated",
        out.run_id, out.new_events, out.updated_events
    );
    Ok(())
}
