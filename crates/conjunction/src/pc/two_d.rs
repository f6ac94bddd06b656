//! The front door of the 2D methods: one enum of methods with their CLI names, one call
//! from two objects at TCA to a Pc with its diagnostics.

use std::fmt;
use std::str::FromStr;

use nalgebra::Matrix2;

use super::alfano::pc_alfano2005;
use super::alfriend::{pc_alfriend1999, pc_alfriend1999_max};
use super::cara::{cara_eig2x2, pc_circle_cara};
use super::chan::pc_chan;
use super::encounter::EncounterPlane;
use super::foster::{pc_circle_principal, pc_square};
use super::laas::{pc_laas2015_with, LAAS_ABS_ACCURACY, LAAS_MAX_TERMS};
use super::patera::pc_patera2005;
use super::ObjectAtTca;

/// Why a Pc could not be computed. Bad input is reported, never a panic or a NaN.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PcError {
    #[error("hard-body radius must be a non-negative number, got {0} km")]
    InvalidHbr(f64),
    #[error("non-finite value in the {0} input")]
    NonFinite(&'static str),
    #[error("zero relative velocity: the short-term encounter plane is undefined")]
    ZeroRelativeVelocity,
    #[error(
        "combined covariance on the encounter plane has no positive eigenvalue ({0:e}, {1:e} km²)"
    )]
    CovarianceNotPositive(f64, f64),
    #[error("method {0} supports only a circular hard-body region")]
    ShapeNotSupported(Method2d),
    #[error("unknown 2D Pc method '{0}' (expected one of: {names})", names = Method2d::ALL.iter().map(|m| m.name()).collect::<Vec<_>>().join(", "))]
    UnknownMethod(String),
}

/// The 2D (short-term encounter) Pc methods, by their CLI names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method2d {
    /// `foster`: exact integral over the disc centred at the projected miss.
    Foster,
    /// `cara`: NASA CARA PcCircle convention (full miss, 64-point Gauss–Chebyshev).
    CaraPcCircle,
    /// `chan`: Chan 1997/2008 equal-area series.
    Chan,
    /// `alfano`: Alfano 2005 Simpson integration.
    Alfano,
    /// `patera`: Patera 2005 contour integral.
    Patera,
    /// `laas`: Serra et al. 2015/2016 series.
    Laas,
    /// `alfriend`: Alfriend et al. 1999 eq. 18 (constant density over the disc).
    Alfriend,
    /// `alfriend-max`: Alfriend et al. 1999 eq. 21 (maximum over covariance scale).
    AlfriendMax,
}

impl Method2d {
    pub const ALL: [Method2d; 8] = [
        Method2d::Foster,
        Method2d::CaraPcCircle,
        Method2d::Chan,
        Method2d::Alfano,
        Method2d::Patera,
        Method2d::Laas,
        Method2d::Alfriend,
        Method2d::AlfriendMax,
    ];

    /// The CLI name.
    pub fn name(self) -> &'static str {
        match self {
            Method2d::Foster => "foster",
            Method2d::CaraPcCircle => "cara",
            Method2d::Chan => "chan",
            Method2d::Alfano => "alfano",
            Method2d::Patera => "patera",
            Method2d::Laas => "laas",
            Method2d::Alfriend => "alfriend",
            Method2d::AlfriendMax => "alfriend-max",
        }
    }
}

impl fmt::Display for Method2d {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Method2d {
    type Err = PcError;
    fn from_str(s: &str) -> Result<Self, PcError> {
        let l = s.to_ascii_lowercase();
        let alias = match l.as_str() {
            "pccircle" | "cara-pccircle" => "cara",
            "alfriend1999" => "alfriend",
            "alfriend-max" | "alfriend1999max" => "alfriend-max",
            other => other,
        };
        Method2d::ALL
            .into_iter()
            .find(|m| m.name() == alias)
            .ok_or_else(|| PcError::UnknownMethod(s.to_string()))
    }
}

/// Shape of the hard-body region on the encounter plane.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HbrShape {
    /// Disc of radius HBR.
    Circle,
    /// Square of half-width HBR aligned with the encounter-plane axes (CSpOC's convention;
    /// CARA `Pc2D_Foster` 'square').
    Square,
    /// Square with the disc's area (half-width HBR·√π/2; CARA 'squareEquArea').
    SquareEqualArea,
}

/// A Pc with the diagnostics the analyst needs to trust it.
#[derive(Debug, Clone, PartialEq)]
pub struct PcValue {
    pub pc: f64,
    pub method: Method2d,
    /// The projected 2×2 covariance had an eigenvalue ≤ 0 (not positive definite).
    pub npd: bool,
    /// An eigenvalue was clipped to (1e-4·HBR)² (CARA's remediation; also true for a
    /// positive but tiny eigenvalue below the clip level).
    pub remediated: bool,
    /// Analytic bounds where the method gives them (Laas: l₀, u₀).
    pub bounds: Option<(f64, f64)>,
    /// The principal-axis geometry the value was computed on (after remediation).
    pub plane: PrincipalPlane,
}

/// Encounter-plane quantities on the principal axes of the combined covariance.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PrincipalPlane {
    /// Miss component along the minor axis, km (sign dropped: Pc is even in it).
    pub miss_minor_km: f64,
    /// Miss component along the major axis, km (≥ 0).
    pub miss_major_km: f64,
    pub sigma_minor_km: f64,
    pub sigma_major_km: f64,
    /// Unit major eigenvector in the encounter-plane (x, z) axes.
    pub major_axis: (f64, f64),
    pub npd: bool,
    pub remediated: bool,
}

/// Eigen-decomposition of the plane covariance, with CARA's eigenvalue clipping: eigenvalues
/// below (1e-4·HBR)² are raised to it (CARA `PcCircle.m`, `CovRemEigValClip.m`; Hall et al.
/// 2017, "Remediating non-positive-definite state covariances for collision probability
/// estimation", AAS 17-567). Both eigenvalues ≤ 0 is an error, as in CARA.
pub fn principal_axes(plane: &EncounterPlane, hbr_km: f64) -> Result<PrincipalPlane, PcError> {
    principal_of(
        &plane.covariance_km2,
        plane.miss_km.x,
        plane.miss_km.y,
        hbr_km,
    )
}

fn eig2(c: &Matrix2<f64>) -> (f64, f64, (f64, f64)) {
    let (a, b, d) = (c[(0, 0)], 0.5 * (c[(0, 1)] + c[(1, 0)]), c[(1, 1)]);
    let mean = 0.5 * (a + d);
    let rad = (0.5 * (a - d)).hypot(b);
    let l1 = mean + rad;
    let l2 = mean - rad;
    let ang = 0.5 * (2.0 * b).atan2(a - d);
    (l1, l2, (ang.cos(), ang.sin()))
}

fn principal_of(
    cov: &Matrix2<f64>,
    mx: f64,
    mz: f64,
    hbr_km: f64,
) -> Result<PrincipalPlane, PcError> {
    let (l1, l2, v1) = eig2(cov);
    if l1.is_nan() || l1 <= 0.0 {
        return Err(PcError::CovarianceNotPositive(l1, l2));
    }
    let npd = l2 <= 0.0;
    let clip = if hbr_km.is_finite() {
        (1e-4 * hbr_km).powi(2)
    } else {
        0.0
    };
    let (l1c, l2c) = (l1.max(clip), l2.max(clip));
    let remediated = l1c != l1 || l2c != l2;
    let along_major = mx * v1.0 + mz * v1.1;
    let along_minor = -mx * v1.1 + mz * v1.0;
    Ok(PrincipalPlane {
        miss_minor_km: along_minor.abs(),
        miss_major_km: along_major.abs(),
        sigma_minor_km: l2c.max(0.0).sqrt(),
        sigma_major_km: l1c.sqrt(),
        major_axis: v1,
        npd,
        remediated,
    })
}

fn check_hbr(hbr_km: f64) -> Result<(), PcError> {
    if hbr_km.is_nan() || hbr_km < 0.0 {
        Err(PcError::InvalidHbr(hbr_km))
    } else {
        Ok(())
    }
}

/// Pc of one encounter by one 2D method. `hbr_km` is the combined hard-body radius (or the
/// square's half-width); +∞ gives 1 and 0 gives 0, as in CARA.
pub fn pc_2d(
    method: Method2d,
    primary: &ObjectAtTca,
    secondary: &ObjectAtTca,
    hbr_km: f64,
    shape: HbrShape,
) -> Result<PcValue, PcError> {
    check_hbr(hbr_km)?;
    let plane = EncounterPlane::new(primary, secondary)?;
    pc_2d_on_plane(method, &plane, hbr_km, shape)
}

/// [`pc_2d`] on an already projected encounter.
pub fn pc_2d_on_plane(
    method: Method2d,
    plane: &EncounterPlane,
    hbr_km: f64,
    shape: HbrShape,
) -> Result<PcValue, PcError> {
    check_hbr(hbr_km)?;
    if !plane
        .miss_km
        .iter()
        .chain(plane.covariance_km2.iter())
        .all(|v| v.is_finite())
        || !plane.miss_3d_km.is_finite()
    {
        return Err(PcError::NonFinite("encounter plane"));
    }
    let pp = principal_axes(plane, hbr_km)?;
    let (xm, ym, sx, sy) = (
        pp.miss_minor_km,
        pp.miss_major_km,
        pp.sigma_minor_km,
        pp.sigma_major_km,
    );
    let r = hbr_km;
    let mut bounds = None;
    if shape != HbrShape::Circle && method != Method2d::Foster {
        return Err(PcError::ShapeNotSupported(method));
    }
    let pc = if r == 0.0 {
        0.0
    } else if r.is_infinite() {
        1.0
    } else {
        match method {
            Method2d::Foster => match shape {
                HbrShape::Circle => pc_circle_principal(ym, xm, sy, sx, r),
                HbrShape::Square | HbrShape::SquareEqualArea => {
                    let half = if shape == HbrShape::Square {
                        r
                    } else {
                        r * std::f64::consts::PI.sqrt() / 2.0
                    };
                    // Remediated covariance rebuilt in the plane's (x, z) axes.
                    let (c, s) = pp.major_axis;
                    let (l1, l2) = (sy * sy, sx * sx);
                    let cov = Matrix2::new(
                        l1 * c * c + l2 * s * s,
                        (l1 - l2) * c * s,
                        (l1 - l2) * c * s,
                        l1 * s * s + l2 * c * c,
                    );
                    pc_square(plane.miss_km.x, plane.miss_km.y, &cov, half)
                }
            },
            Method2d::CaraPcCircle => {
                // CARA's own eigen formula and clipping, for bit-level agreement.
                let c = &plane.covariance_km2;
                let (l1, l2, v1) = cara_eig2x2(c[(0, 0)], c[(0, 1)], c[(1, 1)]);
                let clip = (1e-4 * r).powi(2);
                pc_circle_cara(
                    plane.miss_3d_km,
                    v1,
                    l1.max(clip).sqrt(),
                    l2.max(clip).sqrt(),
                    r,
                )
            }
            Method2d::Chan => pc_chan(xm, ym, sx, sy, r),
            Method2d::Alfano => pc_alfano2005(xm, ym, sx, sy, r),
            Method2d::Patera => pc_patera2005(xm, ym, sx, sy, r),
            Method2d::Laas => {
                // Orekit's absolute accuracy (1e-30) returns the bounds' midpoint for tinier
                // Pc; asking 1e-13 of the lower bound keeps far tails relative-accurate.
                let l0 = pc_laas2015_with(xm, ym, sx, sy, r, f64::INFINITY, LAAS_MAX_TERMS);
                let acc = if l0.lower > 0.0 {
                    (1e-13 * l0.lower).min(LAAS_ABS_ACCURACY)
                } else {
                    LAAS_ABS_ACCURACY
                };
                let l = pc_laas2015_with(xm, ym, sx, sy, r, acc, LAAS_MAX_TERMS);
                bounds = Some((l.lower, l.upper));
                l.pc
            }
            Method2d::Alfriend => pc_alfriend1999(xm, ym, sx, sy, r),
            Method2d::AlfriendMax => pc_alfriend1999_max(xm, ym, sx, sy, r),
        }
    };
    // Every method is a probability; series and quadrature rounding stay inside [0, 1].
    let pc = pc.clamp(0.0, 1.0);
    Ok(PcValue {
        pc,
        method,
        npd: pp.npd,
        remediated: pp.remediated,
        bounds,
        plane: pp,
    })
}
