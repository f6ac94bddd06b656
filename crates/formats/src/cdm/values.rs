//! Values of a CDM: how each kind of value is read from its text (with the unit written beside
//! it) and written back, the unit rules, and number and epoch formatting.

use super::UnitPolicy;
use crate::text::normalise_unit;
use crate::{FormatError, FormatErrorKind};
use uitkijk_time::{format_utc_digits, parse_utc, Epoch};

/// Where a value is read: its keyword, line, the unit written beside it and the policy.
pub(crate) struct At<'a> {
    pub field: &'static str,
    pub line: usize,
    /// The unit the field takes, CCSDS spelling; empty when the field is unitless.
    pub unit: &'static str,
    /// The unit written in the file (KVN `[...]`, XML `units=`), if any.
    pub found: Option<&'a str>,
    pub policy: UnitPolicy,
}

impl At<'_> {
    pub(crate) fn error(&self, kind: FormatErrorKind) -> FormatError {
        FormatError::new(self.line, self.field, kind)
    }

    fn bad_number(&self, text: &str) -> FormatError {
        self.error(FormatErrorKind::BadNumber(shorten(text)))
    }

    fn bad_value(&self, text: &str, rule: &'static str) -> FormatError {
        self.error(FormatErrorKind::BadValue {
            text: shorten(text),
            rule,
        })
    }

    /// The factor that brings a number written in the found unit to the field's unit.
    fn unit_factor(&self) -> Result<f64, FormatError> {
        let Some(found) = self.found.map(str::trim).filter(|u| !u.is_empty()) else {
            return Ok(1.0);
        };
        if self.policy == UnitPolicy::Ignore {
            return Ok(1.0);
        }
        let bad = || {
            self.error(FormatErrorKind::BadUnit {
                found: shorten(found),
                expected: if self.unit.is_empty() {
                    "n/a"
                } else {
                    self.unit
                },
            })
        };
        if self.unit.is_empty() {
            // Unitless: CCSDS writes "n/a" where a unit column is required.
            return if found.eq_ignore_ascii_case("n/a") || found == "1" {
                Ok(1.0)
            } else {
                Err(bad())
            };
        }
        if self.policy == UnitPolicy::Strict {
            return if found.eq_ignore_ascii_case(self.unit) {
                Ok(1.0)
            } else {
                Err(bad())
            };
        }
        let (f, e) = (normalise_unit(found), normalise_unit(self.unit));
        if f == e {
            return Ok(1.0);
        }
        // Units of the same dimension that a CDM writer might use instead of the standard's.
        const CONVERSIONS: &[(&str, &str, f64)] = &[
            ("km", "m", 1e3),
            ("m", "km", 1e-3),
            ("km/s", "m/s", 1e3),
            ("m/s", "km/s", 1e-3),
            ("km**2", "m**2", 1e6),
            ("rad", "deg", 180.0 / std::f64::consts::PI),
            ("s", "d", 1.0 / 86_400.0),
            ("h", "d", 1.0 / 24.0),
        ];
        CONVERSIONS
            .iter()
            .find(|(from, to, _)| *from == f && *to == e)
            .map(|c| c.2)
            .ok_or_else(bad)
    }
}

/// At most 40 characters of `s`, for messages.
pub(crate) fn shorten(s: &str) -> String {
    s.chars().take(40).collect()
}

/// A value of a CDM field.
pub(crate) trait Value: Sized {
    /// Whether the value is a number (or numbers) and so may carry a unit.
    const NUMERIC: bool;
    /// Read the value; `Ok(None)` when the text says "no value" (empty, or CARA's `NaN` for an
    /// unknown optional number).
    fn read(text: &str, at: &At<'_>) -> Result<Option<Self>, FormatError>;
    /// The text written for the value.
    fn write(&self) -> String;
}

/// A decimal number as CCSDS writes it (`.0205751`, `-.147E-5`, `+1.0`).
pub(crate) fn parse_f64(text: &str) -> Option<f64> {
    let t = text.trim();
    if t.is_empty()
        || !t
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'+' | b'-' | b'.' | b'e' | b'E'))
        || !t.bytes().any(|b| b.is_ascii_digit())
    {
        return None;
    }
    t.parse::<f64>().ok().filter(|v| v.is_finite())
}

fn is_nan_text(t: &str) -> bool {
    t.eq_ignore_ascii_case("nan")
}

impl Value for f64 {
    const NUMERIC: bool = true;
    fn read(text: &str, at: &At<'_>) -> Result<Option<Self>, FormatError> {
        let t = text.trim();
        if t.is_empty() || is_nan_text(t) {
            return Ok(None);
        }
        let v = parse_f64(t).ok_or_else(|| at.bad_number(t))?;
        let factor = at.unit_factor()?;
        Ok(Some(if factor == 1.0 { v } else { v * factor }))
    }
    fn write(&self) -> String {
        fmt_f64(*self)
    }
}

impl Value for u32 {
    const NUMERIC: bool = true;
    fn read(text: &str, at: &At<'_>) -> Result<Option<Self>, FormatError> {
        let t = text.trim();
        if t.is_empty() || is_nan_text(t) {
            return Ok(None);
        }
        at.unit_factor()?;
        let digits = t.strip_prefix('+').unwrap_or(t);
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(at.bad_number(t));
        }
        let digits = digits.trim_start_matches('0');
        if digits.is_empty() {
            return Ok(Some(0));
        }
        digits
            .parse::<u32>()
            .map(Some)
            .map_err(|_| at.bad_number(t))
    }
    fn write(&self) -> String {
        self.to_string()
    }
}

impl Value for String {
    const NUMERIC: bool = false;
    fn read(text: &str, _at: &At<'_>) -> Result<Option<Self>, FormatError> {
        let t = text.trim();
        Ok((!t.is_empty()).then(|| t.to_string()))
    }
    fn write(&self) -> String {
        self.clone()
    }
}

impl Value for Epoch {
    const NUMERIC: bool = false;
    fn read(text: &str, at: &At<'_>) -> Result<Option<Self>, FormatError> {
        let t = text.trim();
        if t.is_empty() {
            return Ok(None);
        }
        parse_utc(t)
            .map(Some)
            .map_err(|_| at.bad_value(t, "an ISO-8601 UTC date-time (YYYY-MM-DDThh:mm:ss[.f])"))
    }
    fn write(&self) -> String {
        fmt_epoch(*self)
    }
}

/// Numbers separated by blanks (`COLLISION_PERCENTILE = 50 51 52`).
impl Value for Vec<u32> {
    const NUMERIC: bool = true;
    fn read(text: &str, at: &At<'_>) -> Result<Option<Self>, FormatError> {
        let t = text.trim();
        if t.is_empty() {
            return Ok(None);
        }
        let mut v = Vec::new();
        for word in t.split_whitespace() {
            match u32::read(word, at)? {
                Some(n) => v.push(n),
                None => return Err(at.bad_number(word)),
            }
        }
        Ok(Some(v))
    }
    fn write(&self) -> String {
        let words: Vec<String> = self.iter().map(|n| n.to_string()).collect();
        words.join(" ")
    }
}

impl<const N: usize> Value for [f64; N] {
    const NUMERIC: bool = true;
    fn read(text: &str, at: &At<'_>) -> Result<Option<Self>, FormatError> {
        let t = text.trim();
        if t.is_empty() {
            return Ok(None);
        }
        let factor = at.unit_factor()?;
        let mut out = [0.0; N];
        let mut n = 0;
        for word in t.split_whitespace() {
            let v = parse_f64(word).ok_or_else(|| at.bad_number(word))?;
            if n == N {
                return Err(at.bad_value(t, "one number too many"));
            }
            out[n] = if factor == 1.0 { v } else { v * factor };
            n += 1;
        }
        if n < N {
            return Err(at.bad_value(t, "too few numbers"));
        }
        Ok(Some(out))
    }
    fn write(&self) -> String {
        let words: Vec<String> = self.iter().map(|v| fmt_f64(*v)).collect();
        words.join(" ")
    }
}

/// The shortest decimal that reads back as exactly `v` (`0.0001`, `1e-7`).
pub(crate) fn fmt_f64(v: f64) -> String {
    format!("{v:?}")
}

/// An epoch as CDMs write it: ISO UTC without `Z`, with milliseconds, or microseconds or
/// nanoseconds when the epoch has them (so that nothing is lost on writing).
pub(crate) fn fmt_epoch(e: Epoch) -> String {
    let nanos = format_utc_digits(e, 9);
    let digits = if nanos.ends_with("000000Z") {
        3
    } else if nanos.ends_with("000Z") {
        6
    } else {
        9
    };
    let mut s = format_utc_digits(e, digits);
    s.pop();
    s
}

/// An enumerated value: its variants and their CCSDS spellings (the first is written).
macro_rules! enumerated {
    (
        $(#[$meta:meta])*
        pub enum $name:ident { $( $(#[$vmeta:meta])* $variant:ident => [$($text:literal),+] ),+ $(,)? }
        rule $rule:literal
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name {
            $( $(#[$vmeta])* $variant ),+
        }

        impl $name {
            /// The CCSDS spelling.
            pub fn as_str(self) -> &'static str {
                match self {
                    $( $name::$variant => enumerated!(@first $($text),+) ),+
                }
            }

            /// Read a CCSDS spelling (case-insensitive).
            pub fn parse(text: &str) -> Option<Self> {
                let t = text.trim();
                $( if [$($text),+].iter().any(|s| s.eq_ignore_ascii_case(t)) {
                    return Some($name::$variant);
                } )+
                None
            }

            /// Every value, in the order of the standard.
            pub const ALL: &'static [$name] = &[$( $name::$variant ),+];
        }

        impl $crate::cdm::values::Value for $name {
            const NUMERIC: bool = false;
            fn read(
                text: &str,
                at: &$crate::cdm::values::At<'_>,
            ) -> Result<Option<Self>, $crate::FormatError> {
                let t = text.trim();
                if t.is_empty() {
                    return Ok(None);
                }
                $name::parse(t).map(Some).ok_or_else(|| {
                    at.error($crate::FormatErrorKind::BadValue {
                        text: $crate::cdm::values::shorten(t),
                        rule: $rule,
                    })
                })
            }
            fn write(&self) -> String {
                self.as_str().to_string()
            }
        }
    };
    (@first $first:literal $(, $rest:literal)*) => { $first };
}
pub(crate) use enumerated;

#[cfg(test)]
mod tests {
    use super::*;

    fn at(unit: &'static str, found: Option<&'static str>, policy: UnitPolicy) -> At<'static> {
        At {
            field: "F",
            line: 7,
            unit,
            found,
            policy,
        }
    }

    #[test]
    fn numbers_and_units() {
        let p = UnitPolicy::ConvertCompatible;
        assert_eq!(f64::read("715", &at("m", Some("m"), p)), Ok(Some(715.0)));
        assert_eq!(f64::read("0.715", &at("m", Some("km"), p)), Ok(Some(715.0)));
        assert_eq!(f64::read("NaN", &at("d", Some("d"), p)), Ok(None));
        assert_eq!(f64::read("1", &at("m**2", Some("m^2"), p)), Ok(Some(1.0)));
        let e = f64::read("1", &at("m/s", Some("m"), p)).unwrap_err();
        assert_eq!((e.line(), e.field()), (7, "F"));
        assert!(f64::read("1", &at("m/s", Some("m"), UnitPolicy::Ignore)).is_ok());
        assert!(f64::read("1", &at("m/s", Some("km/s"), UnitPolicy::Strict)).is_err());
        assert!(f64::read("1x", &at("m", None, p)).is_err());
        assert!(f64::read("1", &at("", Some("n/a"), p)).is_ok());
        assert!(f64::read("1", &at("", Some("m"), p)).is_err());
        assert_eq!(u32::read("0592", &at("", None, p)), Ok(Some(592)));
        assert!(u32::read("-1", &at("", None, p)).is_err());
        assert_eq!(
            <[f64; 3]>::read("1.0 2 3", &at("", None, p)),
            Ok(Some([1.0, 2.0, 3.0]))
        );
        assert!(<[f64; 3]>::read("1.0 2", &at("", None, p)).is_err());
        assert!(<[f64; 3]>::read("1 2 3 4", &at("", None, p)).is_err());
    }

    #[test]
    fn epochs_keep_their_digits() {
        let e = parse_utc("2010-03-13T22:37:52.618").unwrap();
        assert_eq!(fmt_epoch(e), "2010-03-13T22:37:52.618");
        let e = parse_utc("2024-02-25T17:50:59.816001").unwrap();
        assert_eq!(fmt_epoch(e), "2024-02-25T17:50:59.816001");
        let e = parse_utc("2014-021T17:42:47").unwrap();
        assert_eq!(fmt_epoch(e), "2014-01-21T17:42:47.000");
    }
}
