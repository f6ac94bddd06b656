//! The macro that declares a keyword block of a CDM once — its keywords, value types, units and
//! which are obligatory — and derives from that one list the public struct, the builder the
//! readers fill, and the ordered entries the writers write. KVN and XML share all three.

/// Declares `pub struct $name` (with `comments` and one field per keyword) and
/// `pub(crate) struct $builder`.
///
/// Field kinds: `req` obligatory (an empty value is an error), `reqe` obligatory but may be
/// empty (free text), `opt` optional (an empty value, or CARA's `NaN`, is absent).
macro_rules! block {
    (
        $(#[$meta:meta])*
        pub struct $name:ident / $builder:ident {
            $(
                $(#[$fmeta:meta])*
                $kind:ident $field:ident : $ty:ty = $key:literal, $unit:literal;
            )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq)]
        pub struct $name {
            /// Comments of the block, in order.
            pub comments: Vec<String>,
            $(
                $(#[$fmeta])*
                pub $field: block!(@ty $kind $ty),
            )*
        }

        /// The block being read.
        #[derive(Debug, Default)]
        pub(crate) struct $builder {
            pub(crate) comments: Vec<String>,
            /// Keywords given so far (a keyword may be given once).
            pub(crate) seen: Vec<&'static str>,
            $( $field: Option<$ty>, )*
        }

        #[allow(dead_code)]
        impl $builder {
            /// Whether `key` belongs to this block, and if so whether its value is numeric
            /// (and so may carry a unit).
            pub(crate) fn numeric(key: &str) -> Option<bool> {
                match key {
                    $( $key => Some(<$ty as $crate::cdm::values::Value>::NUMERIC), )*
                    _ => None,
                }
            }

            /// Read `key`'s value; `Ok(false)` when the key is not of this block.
            pub(crate) fn set(
                &mut self,
                key: &str,
                text: &str,
                unit: Option<&str>,
                line: usize,
                policy: $crate::cdm::UnitPolicy,
            ) -> Result<bool, $crate::FormatError> {
                match key {
                    $( $key => {
                        if self.seen.contains(&$key) {
                            return Err($crate::cdm::block::twice(line, $key));
                        }
                        self.seen.push($key);
                        let at = $crate::cdm::values::At {
                            field: $key,
                            line,
                            unit: $unit,
                            found: unit,
                            policy,
                        };
                        let value = <$ty as $crate::cdm::values::Value>::read(text, &at)?;
                        self.$field = block!(@read $kind value, line, $key);
                    } )*
                    _ => return Ok(false),
                }
                Ok(true)
            }

            /// Whether a value was given.
            pub(crate) fn has_values(&self) -> bool {
                $( self.$field.is_some() || )* false
            }

            /// Whether nothing was given: no value (a keyword with an empty value gives none)
            /// and no comment.
            pub(crate) fn is_empty(&self) -> bool {
                $( self.$field.is_none() && )* self.comments.is_empty()
            }

            /// The block, or the first obligatory keyword missing (reported at `line`).
            #[allow(unused_variables)]
            pub(crate) fn finish(self, line: usize) -> Result<$name, $crate::FormatError> {
                Ok($name {
                    comments: self.comments,
                    $( $field: block!(@finish $kind self.$field, line, $key), )*
                })
            }
        }

        impl $name {
            /// The keywords of the block, in the order of the standard.
            #[allow(dead_code)]
            pub(crate) const KEYS: &'static [&'static str] = &[$($key),*];

            /// (keyword, value text, unit) of every value given, in the standard's order.
            pub(crate) fn entries(&self) -> Vec<(&'static str, String, &'static str)> {
                #[allow(unused_mut)]
                let mut v = Vec::new();
                $(
                    if let Some(x) = block!(@get $kind &self.$field) {
                        v.push(($key, $crate::cdm::values::Value::write(x), $unit));
                    }
                )*
                v
            }
        }
    };

    (@ty req $ty:ty) => { $ty };
    (@ty reqe $ty:ty) => { $ty };
    (@ty opt $ty:ty) => { Option<$ty> };

    (@read req $v:ident, $line:ident, $key:literal) => {
        Some($v.ok_or_else(|| $crate::cdm::block::missing($line, $key))?)
    };
    (@read reqe $v:ident, $line:ident, $key:literal) => { Some($v.unwrap_or_default()) };
    (@read opt $v:ident, $line:ident, $key:literal) => { $v };

    (@finish req $v:expr, $line:ident, $key:literal) => {
        $v.ok_or_else(|| $crate::cdm::block::missing($line, $key))?
    };
    (@finish reqe $v:expr, $line:ident, $key:literal) => {
        $v.ok_or_else(|| $crate::cdm::block::missing($line, $key))?
    };
    (@finish opt $v:expr, $line:ident, $key:literal) => { $v };

    (@get req $v:expr) => { Some($v) };
    (@get reqe $v:expr) => { Some($v) };
    (@get opt $v:expr) => { ($v).as_ref() };
}
pub(crate) use block;

use crate::{FormatError, FormatErrorKind};

/// An obligatory keyword that is missing (or has no value), reported at `line`.
pub(crate) fn missing(line: usize, key: &'static str) -> FormatError {
    FormatError::new(line, key, FormatErrorKind::Missing)
}

/// A keyword given twice in one block.
pub(crate) fn twice(line: usize, key: &'static str) -> FormatError {
    FormatError::new(
        line,
        key,
        FormatErrorKind::Syntax(format!("{key} given twice in one block")),
    )
}
