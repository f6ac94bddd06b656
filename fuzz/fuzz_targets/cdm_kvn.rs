//! CDM KVN reader: any bytes, never a panic. What reads, written in KVN, reads back; a second
//! cycle is identical to the first (the first may move comments to where KVN can tell them).
#![no_main]
use libfuzzer_sys::fuzz_target;
use uitkijk_formats::cdm;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(c) = cdm::read_kvn(&text) {
        let once = cdm::read_kvn(&cdm::write_kvn(&c)).expect("written KVN reads back");
        let twice = cdm::read_kvn(&cdm::write_kvn(&once)).expect("written KVN reads back");
        assert_eq!(once, twice, "write/read is not stable");
        let xml = cdm::read_xml(&cdm::write_xml(&c)).expect("written XML reads back");
        assert_eq!(xml, c, "KVN read, written as XML, reads back different");
    }
});
