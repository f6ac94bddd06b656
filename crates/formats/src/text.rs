//! Text details the OMM and CDM readers share: unit spellings and XML entities.

use quick_xml::events::BytesRef;

/// A unit reduced to one spelling: lower case, no blanks, `^` as `**`, `degree(s)` as `deg`,
/// `day(s)` as `d`, `sec` as `s`, `percent` as `%` (the forms real OMMs and CDMs use).
pub(crate) fn normalise_unit(unit: &str) -> String {
    let mut u: String = unit
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase()
        .replace('^', "**");
    for (from, to) in [
        ("degrees", "deg"),
        ("degree", "deg"),
        ("days", "d"),
        ("day", "d"),
        ("sec", "s"),
        ("percent", "%"),
    ] {
        u = u.replace(from, to);
    }
    u
}

/// The character an XML entity reference stands for: a character reference or one of the
/// five predefined entities; `None` for anything else (an error for the caller).
pub(crate) fn entity_char(r: &BytesRef<'_>) -> Option<char> {
    match r.resolve_char_ref() {
        Ok(Some(c)) => Some(c),
        Ok(None) => match &**r {
            "lt" => Some('<'),
            "gt" => Some('>'),
            "amp" => Some('&'),
            "apos" => Some('\''),
            "quot" => Some('"'),
            _ => None,
        },
        Err(_) => None,
    }
}
