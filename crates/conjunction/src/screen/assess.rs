//! Collision probability of a screening event from element-set states: the default covariance
//! model for each object at TCA (`covariance_model`), the default hard-body radii, Foster's
//! 2D Pc, and the maximum Pc over covariance scale.

use uitkijk_formats::ElementSet;

use super::CloseApproach;
use crate::covariance_model::{default_hbr_m, CovarianceModelError, HbrSource, TleCovarianceModel};
use crate::pc::{
    max_pc_on_plane, pc_2d_on_plane, principal_axes, EncounterPlane, HbrShape, Method2d,
    ObjectAtTca, PcError,
};

/// The Pc of one screening event and what it rests on.
#[derive(Debug, Clone)]
pub struct Assessment {
    /// Foster's 2D Pc with the model covariances.
    pub pc: f64,
    /// The method of `pc` (its CLI name).
    pub method: Method2d,
    /// Maximum Pc over a scale factor on the combined covariance at this geometry.
    pub max_pc: f64,
    /// Combined hard-body radius, m (sum of the two objects' radii).
    pub hbr_m: f64,
    pub hbr_sources: [HbrSource; 2],
    /// The two objects at TCA with their model covariances (TEME).
    pub primary: ObjectAtTca,
    pub secondary: ObjectAtTca,
    /// The combined covariance had to be repaired (not positive definite).
    pub remediated: bool,
}

/// Why an event could not be assessed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum AssessError {
    #[error("covariance model: {0}")]
    Covariance(#[from] CovarianceModelError),
    #[error("collision probability: {0}")]
    Pc(#[from] PcError),
}

/// When HBR is below this fraction of the smaller principal sigma at the maximising scale,
/// the Alfriend–Akella closed form of the maximum (small-disc limit; relative error about
/// (HBR/σ)²/8 ≤ 5e-5) stands in for the numerical search, which costs ~50 integrals.
const SMALL_DISC: f64 = 0.02;

/// Assesses `event` between `sets[event.primary]` and `sets[event.secondary]` with the
/// default model (object types from the element sets, or inferred from names).
pub fn assess(
    sets: &[ElementSet],
    event: &CloseApproach,
    model: &TleCovarianceModel,
) -> Result<Assessment, AssessError> {
    let enc = &event.encounter;
    let object = |i: usize,
                  r: [f64; 3],
                  v: [f64; 3]|
     -> Result<(ObjectAtTca, f64, HbrSource), AssessError> {
        let set = &sets[i];
        let kind = set
            .object_type
            .unwrap_or_else(|| uitkijk_catalog::object_type_of(set));
        let dt_s = (event.tca - set.epoch).to_seconds();
        let o = model.object_at_tca(set, Some(kind), r, v, dt_s)?;
        let (hbr_m, source) = default_hbr_m(set.norad_id, kind);
        Ok((o, hbr_m, source))
    };
    let (primary, hbr1, src1) = object(
        event.primary,
        enc.primary_position_km,
        enc.primary_velocity_km_s,
    )?;
    let (secondary, hbr2, src2) = object(
        event.secondary,
        enc.secondary_position_km,
        enc.secondary_velocity_km_s,
    )?;
    let hbr_m = hbr1 + hbr2;
    let hbr_km = hbr_m / 1000.0;
    let plane = EncounterPlane::new(&primary, &secondary)?;
    let value = pc_2d_on_plane(Method2d::Foster, &plane, hbr_km, HbrShape::Circle)?;
    let max_pc = max_pc_fast(&plane, hbr_km)?;
    Ok(Assessment {
        pc: value.pc,
        method: Method2d::Foster,
        max_pc: max_pc.max(value.pc),
        hbr_m,
        hbr_sources: [src1, src2],
        primary,
        secondary,
        remediated: value.remediated,
    })
}

/// Maximum Pc over covariance scale: the closed form where the disc is small against the
/// scaled covariance, the numerical search elsewhere.
fn max_pc_fast(plane: &EncounterPlane, hbr_km: f64) -> Result<f64, PcError> {
    let pp = principal_axes(plane, hbr_km)?;
    let d2 = (pp.miss_major_km / pp.sigma_major_km).powi(2)
        + (pp.miss_minor_km / pp.sigma_minor_km).powi(2);
    let k = (0.5 * d2).sqrt();
    if k > 0.0 && hbr_km < SMALL_DISC * k * pp.sigma_minor_km {
        Ok(pc_2d_on_plane(Method2d::AlfriendMax, plane, hbr_km, HbrShape::Circle)?.pc)
    } else {
        Ok(max_pc_on_plane(plane, hbr_km)?.pc)
    }
}
