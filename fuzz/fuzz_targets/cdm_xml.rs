//! CDM XML reader: any bytes, never a panic. What reads, written in XML, reads back identical.
#![no_main]
use libfuzzer_sys::fuzz_target;
use uitkijk_formats::cdm;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(c) = cdm::read_xml(&text) {
        let back = cdm::read_xml(&cdm::write_xml(&c)).expect("written XML reads back");
        assert_eq!(back, c, "write/read is not identical");
        let kvn = cdm::read_kvn(&cdm::write_kvn(&c)).expect("written KVN reads back");
        assert_eq!(kvn.relative, c.relative);
    }
});
