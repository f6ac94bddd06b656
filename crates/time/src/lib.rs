//! Time for Uitkijk: [`Epoch`] (from `hifitime`), UTC text in and out, the TLE epoch convention,
//! and Earth-orientation parameters.
//!
//! Every instant in Uitkijk is a `hifitime::Epoch`, which counts TAI nanoseconds internally, so
//! arithmetic across a leap second is exact. UTC is what users read and write: ISO-8601 with a
//! trailing `Z`.
//!
//! ```
//! use uitkijk_time::{epoch_from_tle, format_utc_micros};
//! let epoch = epoch_from_tle(0, 179.78495062).unwrap();
//! assert_eq!(format_utc_micros(epoch), "2000-06-27T18:50:19.733568Z");
//! ```
#![deny(missing_docs)]

mod eop;
mod utc;

pub use eop::{EopError, EopRow, EopStatus, EopTable, EopValues};
pub use hifitime::{Duration, Epoch, TimeScale, Unit};
pub use utc::{
    epoch_from_tle, format_utc_digits, format_utc_micros, format_utc_millis, in_tai, parse_utc,
    tle_epoch_fields, TimeError,
};
