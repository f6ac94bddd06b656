//! What the KVN and XML readers share: the covariance and object-data builders, and the rules
//! that turn the blocks read into a [`Cdm`].

use super::block::{missing, twice};
use super::model::*;
use super::values::{At, Value};
use super::UnitPolicy;
use crate::{FormatError, FormatErrorKind};

/// A covariance block being read.
#[derive(Debug)]
pub(crate) struct CovBuilder {
    pub(crate) comments: Vec<String>,
    keys: &'static [&'static str; 45],
    values: [Option<f64>; 45],
    pub(crate) started: bool,
}

impl CovBuilder {
    pub(crate) fn rtn() -> Self {
        Self::new(&RTN_KEYS)
    }

    pub(crate) fn xyz() -> Self {
        Self::new(&XYZ_KEYS)
    }

    fn new(keys: &'static [&'static str; 45]) -> Self {
        CovBuilder {
            comments: Vec::new(),
            keys,
            values: [None; 45],
            started: false,
        }
    }

    pub(crate) fn index(keys: &[&str; 45], key: &str) -> Option<usize> {
        keys.iter().position(|k| *k == key)
    }

    pub(crate) fn is_empty(&self) -> bool {
        !self.started && self.comments.is_empty()
    }

    /// Read `key`; `Ok(false)` when it is not a keyword of this covariance.
    pub(crate) fn set(
        &mut self,
        key: &str,
        text: &str,
        unit: Option<&str>,
        line: usize,
        policy: UnitPolicy,
    ) -> Result<bool, FormatError> {
        let Some(i) = Self::index(self.keys, key) else {
            return Ok(false);
        };
        let field = self.keys[i];
        if self.values[i].is_some() {
            return Err(twice(line, field));
        }
        let at = At {
            field,
            line,
            unit: COV_UNITS[i],
            found: unit,
            policy,
        };
        match f64::read(text, &at)? {
            Some(v) => self.values[i] = Some(v),
            // The drag, SRP and thrust rows are optional: an empty entry there is absent
            // (`<CTHR_R nil="true"/>`, as CSpOC writes them).
            None if i >= 21 && text.trim().is_empty() => return Ok(true),
            // An entry of the matrix cannot be unknown: NaN is not a number here.
            None if !text.trim().is_empty() => {
                return Err(at.error(FormatErrorKind::BadNumber(text.trim().to_string())))
            }
            None => return Err(missing(line, field)),
        }
        self.started = true;
        Ok(true)
    }

    /// The matrix: the 6×6 part complete, and every row up to the last one given complete.
    pub(crate) fn finish(self, line: usize) -> Result<Covariance, FormatError> {
        let last = self.values.iter().rposition(Option::is_some).unwrap_or(0);
        let len = match last {
            0..=20 => 21,
            21..=27 => 28,
            28..=35 => 36,
            _ => 45,
        };
        let mut lower = Vec::with_capacity(len);
        for i in 0..len {
            lower.push(self.values[i].ok_or_else(|| missing(line, self.keys[i]))?);
        }
        Ok(Covariance {
            comments: self.comments,
            lower,
        })
    }
}

/// The blocks of an object's data, in the order a KVN message must keep.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum DataBlock {
    Od,
    Additional,
    State,
    Rtn,
    Xyz,
    Sigma,
    AddCov,
    User,
}

/// The keywords the RTN and XYZ covariances share (the drag/SRP/thrust cross terms).
fn shared_cov_key(key: &str) -> bool {
    matches!(
        key,
        "CDRG_DRG" | "CSRP_DRG" | "CSRP_SRP" | "CTHR_DRG" | "CTHR_SRP" | "CTHR_THR"
    )
}

/// The data being read for one object.
#[derive(Debug)]
pub(crate) struct DataBuilder {
    pub(crate) comments: Vec<String>,
    pub(crate) od: OdBuilder,
    pub(crate) additional: AdditionalBuilder,
    pub(crate) state: StateBuilder,
    pub(crate) rtn: CovBuilder,
    pub(crate) xyz: CovBuilder,
    pub(crate) sigma: SigmaBuilder,
    pub(crate) add_cov: AddCovBuilder,
    pub(crate) user: Option<UserDefined>,
    /// Lines where the alternate covariances started, for errors.
    xyz_line: usize,
    sigma_line: usize,
}

impl DataBuilder {
    pub(crate) fn new() -> Self {
        DataBuilder {
            comments: Vec::new(),
            od: OdBuilder::default(),
            additional: AdditionalBuilder::default(),
            state: StateBuilder::default(),
            rtn: CovBuilder::rtn(),
            xyz: CovBuilder::xyz(),
            sigma: SigmaBuilder::default(),
            add_cov: AddCovBuilder::default(),
            user: None,
            xyz_line: 0,
            sigma_line: 0,
        }
    }

    /// Which block a KVN data keyword belongs to (`USER_DEFINED_*` included), and whether its
    /// value is numeric. The keywords both covariances share go to the XYZ covariance once it
    /// has started, as they follow its own keywords.
    pub(crate) fn classify(&self, key: &str) -> Option<(DataBlock, bool)> {
        if let Some(n) = OdBuilder::numeric(key) {
            return Some((DataBlock::Od, n));
        }
        if let Some(n) = AdditionalBuilder::numeric(key) {
            return Some((DataBlock::Additional, n));
        }
        if let Some(n) = StateBuilder::numeric(key) {
            return Some((DataBlock::State, n));
        }
        if shared_cov_key(key) {
            let b = if self.xyz.started {
                DataBlock::Xyz
            } else {
                DataBlock::Rtn
            };
            return Some((b, true));
        }
        if CovBuilder::index(&RTN_KEYS, key).is_some() {
            return Some((DataBlock::Rtn, true));
        }
        if CovBuilder::index(&XYZ_KEYS, key).is_some() {
            return Some((DataBlock::Xyz, true));
        }
        if let Some(n) = SigmaBuilder::numeric(key) {
            return Some((DataBlock::Sigma, n));
        }
        if let Some(n) = AddCovBuilder::numeric(key) {
            return Some((DataBlock::AddCov, n));
        }
        if user_name(key).is_some() {
            return Some((DataBlock::User, false));
        }
        None
    }

    /// The comments of `block`.
    pub(crate) fn comments_of(&mut self, block: DataBlock) -> &mut Vec<String> {
        match block {
            DataBlock::Od => &mut self.od.comments,
            DataBlock::Additional => &mut self.additional.comments,
            DataBlock::State => &mut self.state.comments,
            DataBlock::Rtn => &mut self.rtn.comments,
            DataBlock::Xyz => &mut self.xyz.comments,
            DataBlock::Sigma => &mut self.sigma.comments,
            DataBlock::AddCov => &mut self.add_cov.comments,
            DataBlock::User => &mut self.user.get_or_insert_with(UserDefined::default).comments,
        }
    }

    /// Read `key` into `block`.
    pub(crate) fn set(
        &mut self,
        block: DataBlock,
        key: &str,
        text: &str,
        unit: Option<&str>,
        line: usize,
        policy: UnitPolicy,
    ) -> Result<(), FormatError> {
        let known = match block {
            DataBlock::Od => self.od.set(key, text, unit, line, policy)?,
            DataBlock::Additional => self.additional.set(key, text, unit, line, policy)?,
            DataBlock::State => self.state.set(key, text, unit, line, policy)?,
            DataBlock::Rtn => self.rtn.set(key, text, unit, line, policy)?,
            DataBlock::Xyz => {
                if !self.xyz.started {
                    self.xyz_line = line;
                }
                self.xyz.set(key, text, unit, line, policy)?
            }
            DataBlock::Sigma => {
                self.sigma_line = line;
                self.sigma.set(key, text, unit, line, policy)?
            }
            DataBlock::AddCov => self.add_cov.set(key, text, unit, line, policy)?,
            DataBlock::User => match user_name(key) {
                Some(name) => {
                    let user = self.user.get_or_insert_with(UserDefined::default);
                    if user.parameters.iter().any(|(n, _)| n == name) {
                        return Err(twice(line, "USER_DEFINED"));
                    }
                    user.parameters
                        .push((name.to_string(), text.trim().to_string()));
                    true
                }
                None => false,
            },
        };
        if known {
            Ok(())
        } else {
            Err(FormatError::new(
                line,
                "keyword",
                FormatErrorKind::UnknownKeyword(key.to_string()),
            ))
        }
    }

    /// KVN has no block delimiters: an OD or additional-parameters block whose keywords all
    /// have empty (or `NaN`) values is no block, and its comments read with the next block.
    /// (Written back, those comments stand before that block's first keyword; no keyword
    /// without a value need be written, which other readers refuse.)
    pub(crate) fn drop_valueless_leading_blocks(&mut self) {
        let mut carry = Vec::new();
        if !self.od.has_values() {
            carry.append(&mut self.od.comments);
            self.od = OdBuilder::default();
        }
        if self.additional.has_values() {
            carry.append(&mut self.additional.comments);
            self.additional.comments = std::mem::take(&mut carry);
        } else {
            carry.append(&mut self.additional.comments);
            self.additional = AdditionalBuilder::default();
        }
        carry.append(&mut self.state.comments);
        self.state.comments = carry;
    }

    /// The object's data; `line` is where errors about missing blocks are reported.
    pub(crate) fn finish(
        self,
        metadata: &ObjectMetadata,
        line: usize,
    ) -> Result<ObjectData, FormatError> {
        let alt = metadata.alt_cov_type;
        if self.xyz.started && alt != Some(AltCovType::Xyz) {
            return Err(FormatError::new(
                self.xyz_line,
                "ALT_COV_TYPE",
                FormatErrorKind::Syntax(
                    "an XYZ covariance is given but ALT_COV_TYPE is not XYZ".into(),
                ),
            ));
        }
        if !self.sigma.is_empty() && alt != Some(AltCovType::Csig3Eigvec3) {
            return Err(FormatError::new(
                self.sigma_line.max(line),
                "ALT_COV_TYPE",
                FormatErrorKind::Syntax(
                    "CSIG3EIGVEC3 is given but ALT_COV_TYPE is not CSIG3EIGVEC3".into(),
                ),
            ));
        }
        let rtn_covariance = if self.rtn.is_empty() && alt.is_some() {
            None
        } else {
            Some(self.rtn.finish(line)?)
        };
        let xyz_covariance = match alt {
            Some(AltCovType::Xyz) => Some(self.xyz.finish(line)?),
            _ => None,
        };
        let sigma_eigenvectors = match alt {
            Some(AltCovType::Csig3Eigvec3) => Some(self.sigma.finish(line)?),
            _ => None,
        };
        Ok(ObjectData {
            comments: self.comments,
            od_parameters: opt_block(self.od.is_empty(), || self.od.finish(line))?,
            additional_parameters: opt_block(self.additional.is_empty(), || {
                self.additional.finish(line)
            })?,
            state_vector: self.state.finish(line)?,
            rtn_covariance,
            xyz_covariance,
            sigma_eigenvectors,
            additional_covariance_metadata: opt_block(self.add_cov.is_empty(), || {
                self.add_cov.finish(line)
            })?,
            user_defined: self.user,
        })
    }
}

fn opt_block<T>(
    empty: bool,
    finish: impl FnOnce() -> Result<T, FormatError>,
) -> Result<Option<T>, FormatError> {
    if empty {
        Ok(None)
    } else {
        finish().map(Some)
    }
}

/// `USER_DEFINED_NAME` → `NAME`.
pub(crate) fn user_name(key: &str) -> Option<&str> {
    key.strip_prefix("USER_DEFINED_").filter(|n| !n.is_empty())
}

/// One object's segment being read.
#[derive(Debug)]
pub(crate) struct SegmentBuilder {
    pub(crate) metadata: MetadataBuilder,
    pub(crate) data: DataBuilder,
    /// The line of its `OBJECT` keyword (KVN) or `<segment>` (XML).
    pub(crate) line: usize,
}

impl SegmentBuilder {
    pub(crate) fn new(line: usize) -> Self {
        SegmentBuilder {
            metadata: MetadataBuilder::default(),
            data: DataBuilder::new(),
            line,
        }
    }

    fn finish(self, role: ObjectRole) -> Result<ObjectSegment, FormatError> {
        let metadata = self.metadata.finish(self.line)?;
        if metadata.object != role {
            return Err(FormatError::new(
                self.line,
                "OBJECT",
                FormatErrorKind::BadValue {
                    text: metadata.object.as_str().to_string(),
                    rule: "the first segment is OBJECT1, the second OBJECT2",
                },
            ));
        }
        let data = self.data.finish(&metadata, self.line)?;
        Ok(ObjectSegment { metadata, data })
    }
}

/// Everything read from one message, in pieces.
pub(crate) struct Parts {
    pub(crate) version: Option<String>,
    pub(crate) header: HeaderBuilder,
    pub(crate) header_line: usize,
    pub(crate) relative: RelativeBuilder,
    pub(crate) relative_line: usize,
    pub(crate) segments: Vec<SegmentBuilder>,
    /// The last line read, where whatever never came is reported missing.
    pub(crate) end_line: usize,
}

impl Parts {
    pub(crate) fn new() -> Self {
        Parts {
            version: None,
            header: HeaderBuilder::default(),
            header_line: 1,
            relative: RelativeBuilder::default(),
            relative_line: 0,
            segments: Vec::new(),
            end_line: 1,
        }
    }

    pub(crate) fn finish(self) -> Result<Cdm, FormatError> {
        let version = self.version.ok_or_else(|| missing(1, "CCSDS_CDM_VERS"))?;
        let header = self.header.finish(self.header_line)?;
        let relative_line = if self.relative_line > 0 {
            self.relative_line
        } else {
            self.segments.first().map_or(self.end_line, |s| s.line)
        };
        let relative = self.relative.finish(relative_line)?;
        let mut segments = self.segments.into_iter();
        let end = self.end_line;
        let object1 = segments
            .next()
            .ok_or_else(|| missing(end, "OBJECT"))?
            .finish(ObjectRole::Object1)?;
        let object2 = segments
            .next()
            .ok_or_else(|| missing(end, "OBJECT"))?
            .finish(ObjectRole::Object2)?;
        Ok(Cdm {
            version,
            header,
            relative,
            object1,
            object2,
        })
    }
}
