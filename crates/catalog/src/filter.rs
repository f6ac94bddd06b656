//! Which objects to keep.

use uitkijk_formats::{ElementSet, ObjectType};

use crate::object_type_of;

/// A conjunction of conditions on element sets; the default keeps everything.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    ids: Option<Vec<u32>>,
    designator_prefixes: Vec<String>,
    name_parts: Vec<String>,
    types: Vec<ObjectType>,
}

impl Filter {
    /// Keep only these catalog numbers.
    pub fn ids(mut self, ids: impl IntoIterator<Item = u32>) -> Self {
        let mut v: Vec<u32> = ids.into_iter().collect();
        v.sort_unstable();
        v.dedup();
        self.ids = Some(v);
        self
    }

    /// Keep objects whose COSPAR designator starts with `prefix` (`1982-092` keeps every piece
    /// of that launch; `1998-067A` one object). TLE form (`82092`) is accepted too.
    pub fn designator(mut self, prefix: &str) -> Self {
        let p = prefix.trim().to_ascii_uppercase();
        let p =
            if p.len() >= 5 && !p.contains('-') && p.as_bytes()[..5].iter().all(u8::is_ascii_digit)
            {
                let yy: u32 = p[..2].parse().unwrap_or(0);
                format!(
                    "{}-{}",
                    if yy < 57 { 2000 + yy } else { 1900 + yy },
                    &p[2..]
                )
            } else {
                p
            };
        self.designator_prefixes.push(p);
        self
    }

    /// Keep objects whose name contains `part` (case-insensitive).
    pub fn name(mut self, part: &str) -> Self {
        self.name_parts.push(part.to_ascii_uppercase());
        self
    }

    /// Keep objects of this type (several calls keep any of the types given).
    pub fn object_type(mut self, t: ObjectType) -> Self {
        self.types.push(t);
        self
    }

    /// Whether an element set passes.
    pub fn matches(&self, set: &ElementSet) -> bool {
        if let Some(ids) = &self.ids {
            if ids.binary_search(&set.norad_id).is_err() {
                return false;
            }
        }
        if !self.designator_prefixes.is_empty() {
            let id = set.object_id.as_deref().unwrap_or("").to_ascii_uppercase();
            if !self
                .designator_prefixes
                .iter()
                .any(|p| id.starts_with(p.as_str()))
            {
                return false;
            }
        }
        if !self.name_parts.is_empty() {
            let name = set
                .object_name
                .as_deref()
                .unwrap_or("")
                .to_ascii_uppercase();
            if !self.name_parts.iter().all(|p| name.contains(p.as_str())) {
                return false;
            }
        }
        if !self.types.is_empty() && !self.types.contains(&object_type_of(set)) {
            return false;
        }
        true
    }
}
