//! SATCAT CSV reader: any bytes, never a panic; every entry it returns is valid (catalog number
//! in range, no negative "unknown" numbers leaking through).
#![no_main]
use libfuzzer_sys::fuzz_target;
use uitkijk_formats::satcat;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(read) = satcat::read(&text) {
        for e in &read.entries {
            assert!(e.norad_id >= 1);
            assert!(e.apogee_km.is_none_or(|v| v >= 0.0));
            assert!(e.rcs_m2.is_none_or(|v| v >= 0.0));
        }
    }
});
