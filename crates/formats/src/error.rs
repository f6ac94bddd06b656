//! The one error type of the formats crate.

use std::fmt;

/// Why a record could not be read, and where.
///
/// The location is what an analyst needs to fix the input: the line (1-based, within the
/// stream given to the parser) and the field. The binary adds the file name.
#[derive(Debug, Clone, PartialEq)]
pub struct FormatError {
    line: usize,
    field: &'static str,
    kind: FormatErrorKind,
}

/// What was wrong.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum FormatErrorKind {
    /// A number field that does not read as a number; holds the text.
    BadNumber(String),
    /// A field whose value is outside its legal range or set; holds the text and the rule.
    BadValue {
        /// The text found.
        text: String,
        /// What the field must be.
        rule: &'static str,
    },
    /// TLE checksum mismatch.
    Checksum {
        /// The digit written on the line.
        written: u8,
        /// The digit computed from the line.
        computed: u8,
    },
    /// A line that is too short, has the wrong line number, or is not part of any record.
    BadLine(String),
    /// A required keyword or element is missing.
    Missing,
    /// A keyword or element that the format does not know.
    UnknownKeyword(String),
    /// The two lines of a TLE name different catalog numbers.
    NoradMismatch {
        /// Line 1's number.
        line1: u32,
        /// Line 2's number.
        line2: u32,
    },
    /// Syntax of the container (XML, JSON, CSV) is broken; holds the reader's message.
    Syntax(String),
    /// The content could not be identified as any supported format.
    UnknownFormat,
    /// A value given in a unit that is not the field's (CCSDS KVN `[unit]`, XML `units=`).
    BadUnit {
        /// The unit written.
        found: String,
        /// The unit the field takes.
        expected: &'static str,
    },
}

impl FormatError {
    /// An error at `line` (1-based; 0 when unknown) in `field`.
    pub fn new(line: usize, field: &'static str, kind: FormatErrorKind) -> Self {
        FormatError { line, field, kind }
    }

    /// The 1-based line number in the input (0 when unknown).
    pub fn line(&self) -> usize {
        self.line
    }

    /// The field (TLE field name or CCSDS keyword) at fault.
    pub fn field(&self) -> &'static str {
        self.field
    }

    /// What went wrong.
    pub fn kind(&self) -> &FormatErrorKind {
        &self.kind
    }

    /// The same error placed at `line` of the whole input.
    pub fn at_line(mut self, line: usize) -> Self {
        self.line = line;
        self
    }

    /// The same error moved by `offset` lines (for parsers that read a record from the middle
    /// of a stream).
    pub fn shifted(mut self, offset: usize) -> Self {
        if self.line > 0 {
            self.line += offset;
        }
        self
    }
}

impl fmt::Display for FormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}: {}", self.line, self.field, self.kind)
    }
}

impl fmt::Display for FormatErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FormatErrorKind::BadNumber(t) => write!(f, "not a number: {t:?}"),
            FormatErrorKind::BadValue { text, rule } => write!(f, "{text:?}: {rule}"),
            FormatErrorKind::Checksum { written, computed } => {
                write!(f, "checksum {written} written, {computed} computed")
            }
            FormatErrorKind::BadLine(why) => write!(f, "{why}"),
            FormatErrorKind::Missing => write!(f, "missing"),
            FormatErrorKind::UnknownKeyword(k) => write!(f, "unknown keyword {k:?}"),
            FormatErrorKind::NoradMismatch { line1, line2 } => {
                write!(f, "line 1 has catalog number {line1}, line 2 has {line2}")
            }
            FormatErrorKind::Syntax(m) => write!(f, "{m}"),
            FormatErrorKind::UnknownFormat => {
                write!(f, "not TLE/3LE, OMM KVN/XML, or GP JSON/CSV")
            }
            FormatErrorKind::BadUnit { found, expected } => {
                write!(f, "unit [{found}] where the field takes [{expected}]")
            }
        }
    }
}

impl std::error::Error for FormatError {}
