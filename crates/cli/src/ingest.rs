//! `uitkijk ingest`: element sets into the store, idempotently, in bounded transactions.

use std::time::Instant;

use indicatif::{ProgressBar, ProgressStyle};
use uitkijk_catalog::load;
use uitkijk_store::{Access, IngestCounts, Tier};

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
    for path in &a.inputs {
        // A file that cannot be read is reported and the others still go in: what was
        // stored stays stored, and the exit code says something was wrong.
        let source = match load(path) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("uitkijk: {e} (file skipped)");
                unreadable.push(path.clone());
                continue;
            }
        };
        let parsed = &source.parsed;
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
    eprintln!(
        "uitkijk: ingested {files} file(s) into {}: {} element sets added, {} already known, {} records rejected, in {:.2} s",
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
