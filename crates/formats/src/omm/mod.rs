//! CCSDS OMM in KVN, XML, JSON and CSV (being written).
