//! The encounter a CDM describes, as the Pc methods take it: both objects at TCA in one
//! inertial frame with their 6×6 covariances (km-based).

use nalgebra::{Matrix6, Vector3};
use uitkijk_formats::cdm::{Cdm, ObjectSegment, RefFrame};
use uitkijk_frames::TemeToItrf;
use uitkijk_time::{EopTable, Epoch};

use crate::pc::{cov_m2_to_km2, rtn_to_inertial_cov, ObjectAtTca};

/// Both objects of a CDM at TCA.
#[derive(Debug, Clone)]
pub struct CdmEncounter {
    pub tca: Epoch,
    pub primary: ObjectAtTca,
    pub secondary: ObjectAtTca,
    /// The inertial frame both states are in (`TEME` when the CDM gave ITRF).
    pub frame: RefFrame,
}

/// Why a CDM cannot be turned into an encounter.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CdmInputError {
    #[error("{object}: no RTN covariance block")]
    NoCovariance { object: &'static str },
    #[error("the objects' states are in different frames ({0} and {1}); give both in one frame")]
    MixedFrames(String, String),
}

/// The encounter of `cdm`. States in EME2000, GCRF, ICRF or TEME are used as they are (the
/// Pc depends only on relative geometry, which a rotation between inertial frames keeps);
/// states in ITRF are rotated to TEME at TCA with the bundled Earth orientation data (the
/// velocity gains ω⊕ × r). The RTN covariance of each object is rotated to the frame of its
/// state with the RTN axes of the inertial state.
pub fn encounter_from_cdm(cdm: &Cdm) -> Result<CdmEncounter, CdmInputError> {
    let (f1, f2) = (
        cdm.object1.metadata.ref_frame,
        cdm.object2.metadata.ref_frame,
    );
    let itrf = |f: RefFrame| matches!(f, RefFrame::Itrf);
    if f1 != f2 && (itrf(f1) || itrf(f2)) {
        return Err(CdmInputError::MixedFrames(
            f1.as_str().to_string(),
            f2.as_str().to_string(),
        ));
    }
    let tca = cdm.relative.tca;
    let to_teme = itrf(f1).then(|| TemeToItrf::at(tca, EopTable::bundled()));
    let object = |seg: &ObjectSegment, name: &'static str| -> Result<ObjectAtTca, CdmInputError> {
        let sv = &seg.data.state_vector;
        let (mut r, mut v) = (
            [sv.x_km, sv.y_km, sv.z_km],
            [sv.x_dot_km_s, sv.y_dot_km_s, sv.z_dot_km_s],
        );
        if let Some(t) = &to_teme {
            (r, v) = t.rotate_inverse(&r, &v);
        }
        let cov = seg
            .data
            .rtn_covariance
            .as_ref()
            .ok_or(CdmInputError::NoCovariance { object: name })?
            .position_velocity();
        let (r, v) = (Vector3::from(r), Vector3::from(v));
        let c = cov_m2_to_km2(&Matrix6::from_fn(|i, j| cov[i][j]));
        Ok(ObjectAtTca {
            position_km: r,
            velocity_km_s: v,
            covariance: rtn_to_inertial_cov(&r, &v, &c),
        })
    };
    Ok(CdmEncounter {
        tca,
        primary: object(&cdm.object1, "OBJECT1")?,
        secondary: object(&cdm.object2, "OBJECT2")?,
        frame: if itrf(f1) { RefFrame::Teme } else { f1 },
    })
}
