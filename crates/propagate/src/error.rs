//! The one error type of the propagation crate.

use std::fmt;

/// Why SGP4 could not give a state: what went wrong and at which time.
///
/// The codes of the reference implementation (Vallado et al. 2006, `sgp4()` in `SGP4.cpp`)
/// are kept through [`Sgp4Error::code`], and the short names of the command-line contract
/// through [`Sgp4Error::name`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sgp4Error {
    kind: Sgp4ErrorKind,
    tsince_min: f64,
}

/// What went wrong.
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub enum Sgp4ErrorKind {
    /// Reference code 1: the mean eccentricity after drag, `e = e₀ − B* C₄ t − …`, left
    /// `[-0.001, 1)`. Holds the eccentricity found.
    MeanEccentricity(f64),
    /// Reference code 2: the mean motion (after deep-space resonance) is not positive, in rad/min.
    MeanMotion(f64),
    /// Reference code 3: the eccentricity after the lunar-solar periodics left `[0, 1]`.
    PerturbedEccentricity(f64),
    /// Reference code 4: the semi-latus rectum `a (1 − e²)` is negative, in earth radii.
    SemiLatusRectum(f64),
    /// Reference code 6: the osculating radius is below one earth radius (`mrt < 1`): the
    /// object has decayed. Holds the radius in earth radii.
    Decayed(f64),
    /// The element set is of an ephemeris type classic SGP4 must not propagate (type 4 is
    /// SGP4-XP, whose mean elements differ).
    UnsupportedEphemerisType(u8),
    /// An input element, or a computed state, is not a finite number. The reference code would
    /// return NaN or infinity without an error code; we refuse instead.
    NonFinite,
}

impl Sgp4Error {
    pub(crate) fn new(kind: Sgp4ErrorKind, tsince_min: f64) -> Self {
        Sgp4Error { kind, tsince_min }
    }

    /// What went wrong.
    pub fn kind(&self) -> &Sgp4ErrorKind {
        &self.kind
    }

    /// Minutes from the element epoch at which it went wrong (0 for errors of initialisation).
    pub fn tsince_min(&self) -> f64 {
        self.tsince_min
    }

    /// The error code of the reference implementation: 1, 2, 3, 4 or 6; 0 for the errors the
    /// reference does not have (unsupported ephemeris type, non-finite numbers).
    pub fn code(&self) -> u8 {
        match self.kind {
            Sgp4ErrorKind::MeanEccentricity(_) => 1,
            Sgp4ErrorKind::MeanMotion(_) => 2,
            Sgp4ErrorKind::PerturbedEccentricity(_) => 3,
            Sgp4ErrorKind::SemiLatusRectum(_) => 4,
            Sgp4ErrorKind::Decayed(_) => 6,
            Sgp4ErrorKind::UnsupportedEphemerisType(_) | Sgp4ErrorKind::NonFinite => 0,
        }
    }

    /// The short name of the command-line contract (DESIGN.md): `mean-eccentricity`,
    /// `mean-motion`, `perturbed-eccentricity`, `semi-latus-rectum`, `decayed`, and for the
    /// errors outside the reference, `unsupported-ephemeris-type` and `non-finite`.
    pub fn name(&self) -> &'static str {
        match self.kind {
            Sgp4ErrorKind::MeanEccentricity(_) => "mean-eccentricity",
            Sgp4ErrorKind::MeanMotion(_) => "mean-motion",
            Sgp4ErrorKind::PerturbedEccentricity(_) => "perturbed-eccentricity",
            Sgp4ErrorKind::SemiLatusRectum(_) => "semi-latus-rectum",
            Sgp4ErrorKind::Decayed(_) => "decayed",
            Sgp4ErrorKind::UnsupportedEphemerisType(_) => "unsupported-ephemeris-type",
            Sgp4ErrorKind::NonFinite => "non-finite",
        }
    }
}

impl fmt::Display for Sgp4Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let t = self.tsince_min;
        match self.kind {
            Sgp4ErrorKind::MeanEccentricity(e) => write!(
                f,
                "mean eccentricity {e} outside -0.001 <= e < 1 at {t} min from epoch (SGP4 error 1)"
            ),
            Sgp4ErrorKind::MeanMotion(n) => write!(
                f,
                "mean motion {n} rad/min is not positive at {t} min from epoch (SGP4 error 2)"
            ),
            Sgp4ErrorKind::PerturbedEccentricity(e) => write!(
                f,
                "perturbed eccentricity {e} outside 0 <= e <= 1 at {t} min from epoch (SGP4 error 3)"
            ),
            Sgp4ErrorKind::SemiLatusRectum(p) => write!(
                f,
                "semi-latus rectum {p} earth radii is negative at {t} min from epoch (SGP4 error 4)"
            ),
            Sgp4ErrorKind::Decayed(r) => write!(
                f,
                "radius {r} earth radii is below the surface at {t} min from epoch: decayed (SGP4 error 6)"
            ),
            Sgp4ErrorKind::UnsupportedEphemerisType(k) => write!(
                f,
                "ephemeris type {k} is not classic SGP4 (type 4 is SGP4-XP) and is refused"
            ),
            Sgp4ErrorKind::NonFinite => {
                write!(f, "a non-finite number in the elements or the state at {t} min from epoch")
            }
        }
    }
}

impl std::error::Error for Sgp4Error {}
