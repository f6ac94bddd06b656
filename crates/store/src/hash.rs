//! Content hashes: what makes two element sets "the same" for idempotent ingest.

use sha2::{Digest, Sha256};
use uitkijk_formats::ElementSet;

use crate::sql::epoch_ns;

/// SHA-256 (hex) of an element set's content: catalog number, epoch to the nanosecond, every
/// element bit for bit, drag terms, ephemeris type, classification, element set and
/// revolution numbers. The name and designator are left out: a renamed object's unchanged
/// elements are the same element set. A TLE and an OMM of one set hash alike only when they
/// carry the same digits (an OMM usually carries more).
pub fn content_hash(set: &ElementSet) -> String {
    let mut h = Sha256::new();
    h.update(b"uitkijk-element-set-v1");
    h.update(set.norad_id.to_le_bytes());
    h.update(epoch_ns(set.epoch).to_le_bytes());
    for x in [
        set.mean_motion_rev_day,
        set.eccentricity,
        set.inclination_deg,
        set.raan_deg,
        set.arg_perigee_deg,
        set.mean_anomaly_deg,
        set.mean_motion_dot_rev_day2,
        set.mean_motion_ddot_rev_day3,
        set.bstar_per_er,
    ] {
        // +0.0 and -0.0 (a TLE writes "-00000-0") are one value.
        let x = if x == 0.0 { 0.0 } else { x };
        h.update(x.to_bits().to_le_bytes());
    }
    h.update([set.ephemeris_type]);
    h.update((set.classification as u32).to_le_bytes());
    h.update(set.element_set_no.to_le_bytes());
    h.update(set.rev_at_epoch.to_le_bytes());
    hex(&h.finalize())
}

/// Identity of a screened catalog: SHA-256 (hex) over the sorted content hashes of the element
/// sets screened, so that two runs on the same sets name the same catalog whatever the file.
pub fn catalog_identity(sets: &[ElementSet]) -> String {
    let mut hashes: Vec<String> = sets.iter().map(content_hash).collect();
    hashes.sort_unstable();
    let mut h = Sha256::new();
    for x in &hashes {
        h.update(x.as_bytes());
        h.update(b"\n");
    }
    hex(&h.finalize())
}

/// SHA-256 (hex) of a token secret: tokens are stored only so.
pub fn token_digest(secret: &str) -> String {
    hex(&Sha256::digest(secret.as_bytes()))
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[(b >> 4) as usize] as char);
        s.push(DIGITS[(b & 15) as usize] as char);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_matches_the_fips_180_2_example() {
        // FIPS 180-2, appendix B.1: SHA-256("abc").
        assert_eq!(
            token_digest("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
