//! OMM kvn reader: any bytes, never a panic. Writing what was read and reading it back is
//! stable after one cycle (the first cycle may normalise: control characters in names, say).
#![no_main]
use libfuzzer_sys::fuzz_target;
use uitkijk_formats::omm;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let parsed = omm::read_kvn(&text);
    if !parsed.sets.is_empty() {
        let once = omm::read_kvn(&omm::write_kvn(&parsed.sets));
        let twice = omm::read_kvn(&omm::write_kvn(&once.sets));
        assert_eq!(once.sets, twice.sets, "write/read is not stable");
    }
});
