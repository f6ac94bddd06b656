//! `uitkijk ingest`: element sets into the store, idempotently, in bounded transactions.

use std::time::Instant;

use indicatif::{ProgressBar, ProgressStyle};
use uitkijk_catalog::read_input;
use uitkijk_formats::{read_any, satcat};
use uitkijk_store::{Access, IngestCounts, ObjectInfo, Tier};

use crate::args::IngestArgs;
use crate::db;
use crate::failure::{bad, Failure};

pub fn run(a: IngestArgs) -> Result<(), Failure> {
    let started = Instant::now();
    let tier = Tier::parse(&a.tier).map_err(|e| bad(format!("--tier: {e}")))?;
    if a.batch == 0 {
        return Err(bad("--batch must be at least 1"));
    }
    let mut store = db::open(&a.db)?;
    let access = Access::local_cli();
    let mut total = IngestCounts::default();
    let mut unreadable = Vec::new();
    let mut files = 0;
    let mut objects_added = 0;
    for path in &a.inputs {
        // A file that cannot be read is reported and the others still go in: what was
        // stored stays stored, and the exit code says something was wrong.
        let text = match read_input(path) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("uitkijk: {e} (file skipped)");
                unreadable.push(path.clone());
                continue;
            }
        };
        // A satellite catalog (SATCAT CSV) names and owns objects; it has no element sets.
        if satcat::detect(&text) {
            match ingest_satcat(&mut *store, &access, &a, path, &text, tier) {
                Ok(n) => {
                    objects_added += n;
                    files += 1;
                }
                Err(f) => match f {
                    Failure::BadInput(m) => {
                        eprintln!("uitkijk: {m} (file skipped)");
                        unreadable.push(path.clone());
                    }
                    f => return Err(f),
                },
            }
            continue;
        }
        let parsed = match read_any(&text) {
            Ok(p) => p,
            Err(e) => {
                eprintln!("uitkijk: {path}: {e} (file skipped)");
                unreadable.push(path.clone());
                continue;
            }
        };
        let parsed = &parsed;
        for e in &parsed.errors {
            eprintln!(
                "{path}:{}: {}: {} (record rejected)",
                e.line(),
                e.field(),
                e.kind()
            );
        }
        for w in &parsed.warnings {
            eprintln!(
                "{path}:{}: {}: {} (record kept)",
                w.line(),
                w.field(),
                w.kind()
            );
        }
        if a.strict && !(parsed.errors.is_empty() && parsed.warnings.is_empty()) {
            eprintln!("uitkijk: {path}: --strict: file skipped, nothing stored from it");
            unreadable.push(path.clone());
            continue;
        }
        let bar = ProgressBar::new(parsed.sets.len() as u64);
        bar.set_style(
            ProgressStyle::with_template("ingesting {bar:40} {pos}/{len} {eta} left")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        let counts = uitkijk_store::ingest_with_progress(
            &mut *store,
            &access,
            path,
            &parsed.sets,
            parsed.errors.len() as u64,
            tier,
            a.batch,
            &mut |done| bar.set_position(done as u64),
        )
        .map_err(|e| db::failure(&a.db, e))?;
        bar.finish_and_clear();
        total += counts;
        files += 1;
    }
    let satcat_note = if objects_added > 0 {
        format!(", {objects_added} objects added from satellite catalogs")
    } else {
        String::new()
    };
    eprintln!(
        "uitkijk: ingested {files} file(s) into {}: {} element sets added, {} already known, {} records rejected{satcat_note}, in {:.2} s",
        a.db,
        total.added,
        total.known,
        total.rejected,
        started.elapsed().as_secs_f64()
    );
    if unreadable.is_empty() {
        Ok(())
    } else {
        Err(bad(format!("not ingested: {}", unreadable.join(", "))))
    }
}

/// Objects of a SATCAT CSV into the store (names, designators, types, owners): new objects
/// get `tier`, known ones keep theirs. Returns how many objects were new.
fn ingest_satcat(
    store: &mut dyn uitkijk_store::Store,
    access: &Access,
    a: &IngestArgs,
    path: &str,
    text: &str,
    tier: Tier,
) -> Result<u64, Failure> {
    let read = satcat::read(text).map_err(|e| bad(format!("{path}: {e}")))?;
    for e in &read.errors {
        eprintln!(
            "{path}:{}: {}: {} (record rejected)",
            e.line(),
            e.field(),
            e.kind()
        );
    }
    if a.strict && !read.errors.is_empty() {
        return Err(bad(format!("{path}: --strict: nothing stored from it")));
    }
    let info: Vec<ObjectInfo> = read.entries.iter().map(ObjectInfo::from).collect();
    let mut added = 0;
    // Bounded transactions, as for element sets.
    for chunk in info.chunks(a.batch) {
        added += store
            .upsert_objects(access, chunk, tier)
            .map_err(|e| db::failure(&a.db, e))?;
    }
    eprintln!(
        "uitkijk: {path}: satellite catalog: {} objects ({added} new), {} rows rejected",
        info.len(),
        read.errors.len()
    );
    Ok(added)
}
