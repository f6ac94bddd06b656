//! OMM csv reader: any bytes, never a panic. Writing what was read and reading it back is
//! stable after one cycle (the first cycle may normalise: control characters in names, say).
#![no_main]
use libfuzzer_sys::fuzz_target;
use uitkijk_formats::omm;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let parsed = omm::read_csv(&text);
    if !parsed.sets.is_empty() {
        let once = omm::read_csv(&omm::write_csv(&parsed.sets));
        let twice = omm::read_csv(&omm::write_csv(&once.sets));
        assert_eq!(once.sets, twice.sets, "write/read is not stable");
    }
});
