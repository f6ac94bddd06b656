//! TLE and 3LE (being written).
