//! Reading the conjunction of one CDM for `pc` and `avoid`: the message, the encounter at TCA
//! and the hard-body radius, with `file:line: field: why` on bad input.

use uitkijk_catalog::read_input;
use uitkijk_conjunction::cdm_input::{encounter_from_cdm, CdmEncounter};
use uitkijk_formats::cdm::{self, Cdm, ReadOptions};

use crate::failure::{bad, Failure};

/// One CDM, ready for the Pc methods.
pub struct CdmInput {
    pub cdm: Cdm,
    pub encounter: CdmEncounter,
    /// Combined hard-body radius, m: the override when given, else the CDM's.
    pub hbr_m: f64,
}

/// Reads `path` (KVN or XML, `.gz`, `-`). A CDM whose units break the standard is read a
/// second time ignoring units (CARA's sample CDMs write velocities in `[m]`), and stderr says so.
pub fn read(path: &str, hbr_override_m: Option<f64>) -> Result<CdmInput, Failure> {
    let text = read_input(path).map_err(|e| bad(e.to_string()))?;
    let cdm = match cdm::read(&text) {
        Ok(c) => c,
        Err(strict) => {
            let where_ = format!(
                "{path}:{}: {}: {}",
                strict.line(),
                strict.field(),
                strict.kind()
            );
            match cdm::read_with(&text, &ReadOptions::lenient()) {
                Ok(c) => {
                    eprintln!("{where_} (units ignored, read as the standard's)");
                    c
                }
                Err(_) => return Err(bad(where_)),
            }
        }
    };
    let hbr_m = hbr_override_m.or_else(|| cdm.hbr_m()).ok_or_else(|| {
        bad(format!(
            "{path}: no hard-body radius: the CDM has no HBR keyword or comment; give --hbr-m"
        ))
    })?;
    let encounter = encounter_from_cdm(&cdm).map_err(|e| bad(format!("{path}: {e}")))?;
    Ok(CdmInput {
        cdm,
        encounter,
        hbr_m,
    })
}
