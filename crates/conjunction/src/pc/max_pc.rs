//! Maximum Pc over a scale factor on the combined covariance, at fixed geometry: the
//! "dilution" analysis of Alfano, "Relating position uncertainty to maximum conjunction
//! probability", J. Astronaut. Sci. 53(2) 2005, and Alfriend et al. 1999 (whose eq. 21 is
//! the small-disc limit). We maximise the exact Foster integral over k in C → k²·C.

use super::encounter::EncounterPlane;
use super::foster::pc_circle_principal;
use super::two_d::{principal_axes, PcError};
use super::ObjectAtTca;

/// Maximum Pc over covariance scale, and the covariance scale factor k² reaching it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MaxPc {
    pub pc: f64,
    /// Factor on the combined covariance (k²; sigmas scale by k). 0 when the miss lies
    /// inside the disc: Pc → 1 as the covariance shrinks to nothing.
    pub cov_scale: f64,
}

/// Maximum Pc over covariance scale for a circular hard body of radius `hbr_km`.
pub fn max_pc(
    primary: &ObjectAtTca,
    secondary: &ObjectAtTca,
    hbr_km: f64,
) -> Result<MaxPc, PcError> {
    if hbr_km.is_nan() || hbr_km < 0.0 {
        return Err(PcError::InvalidHbr(hbr_km));
    }
    let plane = EncounterPlane::new(primary, secondary)?;
    max_pc_on_plane(&plane, hbr_km)
}

/// [`max_pc`] on an already projected encounter.
pub fn max_pc_on_plane(plane: &EncounterPlane, hbr_km: f64) -> Result<MaxPc, PcError> {
    if hbr_km.is_nan() || hbr_km < 0.0 {
        return Err(PcError::InvalidHbr(hbr_km));
    }
    let pp = principal_axes(plane, hbr_km)?;
    let (xm, zm, sx, sz) = (
        pp.miss_major_km,
        pp.miss_minor_km,
        pp.sigma_major_km,
        pp.sigma_minor_km,
    );
    let r = hbr_km;
    if r == 0.0 {
        return Ok(MaxPc {
            pc: 0.0,
            cov_scale: 1.0,
        });
    }
    if r.is_infinite() || xm.hypot(zm) < r {
        return Ok(MaxPc {
            pc: 1.0,
            cov_scale: 0.0,
        });
    }
    let pc_at = |u: f64| {
        let k = u.exp();
        pc_circle_principal(xm, zm, k * sx, k * sz, r)
    };
    // Start from Alfriend's k² = d²/2 (eq. 19–20), then golden-section search in ln k.
    let d2 = (xm / sx).powi(2) + (zm / sz).powi(2);
    let u0 = 0.5 * (0.5 * d2).ln();
    let (mut a, mut b) = (u0 - 3.0, u0 + 3.0);
    // Widen until the maximum is bracketed (Pc is unimodal in ln k for a disc outside).
    for _ in 0..20 {
        let (fa, fm, fb) = (pc_at(a), pc_at(0.5 * (a + b)), pc_at(b));
        if fa > fm {
            a -= 3.0;
        } else if fb > fm {
            b += 3.0;
        } else {
            break;
        }
    }
    let g = 0.5 * (5f64.sqrt() - 1.0);
    let (mut c, mut d) = (b - g * (b - a), a + g * (b - a));
    let (mut fc, mut fd) = (pc_at(c), pc_at(d));
    while b - a > 1e-7 {
        if fc > fd {
            b = d;
            d = c;
            fd = fc;
            c = b - g * (b - a);
            fc = pc_at(c);
        } else {
            a = c;
            c = d;
            fc = fd;
            d = a + g * (b - a);
            fd = pc_at(d);
        }
    }
    let u = 0.5 * (a + b);
    Ok(MaxPc {
        pc: pc_at(u),
        cov_scale: (2.0 * u).exp(),
    })
}
