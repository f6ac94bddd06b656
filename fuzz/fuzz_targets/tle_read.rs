//! TLE/3LE reader: any bytes, never a panic; what reads must write back and read again.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let parsed = uitkijk_formats::tle::read(&text);
    for set in &parsed.sets {
        if let Ok([l1, l2]) = uitkijk_formats::tle::write_lines(set) {
            uitkijk_formats::tle::parse_lines(&l1, &l2).expect("a written TLE reads back");
        }
    }
});
