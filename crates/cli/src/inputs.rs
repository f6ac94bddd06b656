//! Loading element sets from the inputs of a command, reporting what could not be read.

use uitkijk_catalog::load;
use uitkijk_formats::ElementSet;

use crate::failure::{bad, Failure};

/// Element sets from all inputs, in input order, with how many records were bad.
pub struct Loaded {
    /// Every element set read, in the order of the inputs and within each input.
    pub sets: Vec<ElementSet>,
    /// Number of records skipped.
    pub errors: usize,
    /// Number of records kept with a warning.
    pub warnings: usize,
}

/// Read every input (`-` = stdin, `.gz` by content), print each bad record on stderr as
/// `file:line: field: why`, and fail with exit 2 when `strict` and anything was wrong, or
/// when nothing at all could be read.
pub fn load_all(paths: &[String], strict: bool) -> Result<Loaded, Failure> {
    let mut loaded = Loaded {
        sets: Vec::new(),
        errors: 0,
        warnings: 0,
    };
    for path in paths {
        let source = load(path).map_err(|e| bad(e.to_string()))?;
        for e in &source.parsed.errors {
            eprintln!(
                "{path}:{}: {}: {} (record skipped)",
                e.line(),
                e.field(),
                e.kind()
            );
        }
        for w in &source.parsed.warnings {
            eprintln!(
                "{path}:{}: {}: {} (record kept)",
                w.line(),
                w.field(),
                w.kind()
            );
        }
        loaded.errors += source.parsed.errors.len();
        loaded.warnings += source.parsed.warnings.len();
        loaded.sets.extend(source.parsed.sets);
    }
    if strict && loaded.errors + loaded.warnings > 0 {
        return Err(bad(format!(
            "--strict: {} bad record(s) and {} warning(s) in the input",
            loaded.errors, loaded.warnings
        )));
    }
    if loaded.sets.is_empty() {
        return Err(bad(format!(
            "no element sets could be read from {}",
            paths.join(", ")
        )));
    }
    Ok(loaded)
}

/// The start of a screening-like window: `--start` when given, else the catalog's newest
/// element epoch; then checks that `--days` is in (0, 366].
pub fn window_start(
    start: Option<&str>,
    days: f64,
    catalog: &uitkijk_catalog::Catalog,
) -> Result<uitkijk_time::Epoch, Failure> {
    let epoch = match start {
        Some(s) => uitkijk_time::parse_utc(s).map_err(|e| bad(format!("--start: {e}")))?,
        None => catalog
            .newest_epoch()
            .ok_or_else(|| bad("the catalog holds no element set"))?,
    };
    if !(days > 0.0 && days.is_finite() && days <= 366.0) {
        return Err(bad(format!("--days must be in (0, 366], got {days}")));
    }
    Ok(epoch)
}
