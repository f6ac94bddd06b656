//! TopoJSON decoder of the re-entry regions: any bytes, never a panic; every ring it returns
//! holds finite coordinates.
#![no_main]
use libfuzzer_sys::fuzz_target;
use uitkijk_sda::reentry::topojson;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(features) = topojson::decode(&text, "countries", "fuzz") {
        for f in &features {
            for ring in f.polygons.iter().flatten() {
                assert!(ring.iter().all(|p| p[0].is_finite() && p[1].is_finite()));
            }
        }
    }
});
