//! One CCSDS CDM (508.0-B-1) per screening event, for `screen --format cdm-kvn|cdm-xml`.

use std::path::Path;

use nalgebra::Vector3;
use uitkijk_conjunction::pc::{inertial_to_rtn_cov, rtn_axes, ObjectAtTca};
use uitkijk_conjunction::screen::assess::Assessment;
use uitkijk_conjunction::screen::{CloseApproach, ScreenConfig};
use uitkijk_formats::cdm::{
    self, Cdm, Covariance, Header, ObjectData, ObjectMetadata, ObjectRole, ObjectSegment, RefFrame,
    RelativeData, ScreenVolumeFrame, ScreenVolumeShape, StateVector,
};
use uitkijk_formats::ElementSet;
use uitkijk_time::{Duration, Epoch};

use crate::failure::Failure;

/// The CDM of one event. Deterministic: CREATION_DATE is the window start (same input, same
/// bytes), states are SGP4's TEME at TCA, covariances the default TLE model's (RTN, m²).
pub fn event_cdm(
    sets: &[ElementSet],
    e: &CloseApproach,
    a: Option<&Assessment>,
    config: &ScreenConfig,
) -> Cdm {
    let (p, s) = (&sets[e.primary], &sets[e.secondary]);
    let id = file_stem(sets, e);
    let mut header = Header::new(config.start, "UITKIJK", &id);
    header.comments.push(
        "Screening of element sets with SGP4 (TEME); covariances from the default TLE model".into(),
    );
    let enc = &e.encounter;
    let mut rel = RelativeData::new(e.tca, enc.miss_km * 1000.0);
    let (rp, vp) = (
        Vector3::from(enc.primary_position_km),
        Vector3::from(enc.primary_velocity_km_s),
    );
    // The columns of `rtn_axes` are R, T, N in the inertial frame: its transpose takes an
    // inertial vector to RTN components.
    let to_rtn = rtn_axes(&rp, &vp).transpose();
    let dr = Vector3::from(enc.secondary_position_km) - rp;
    let dv = Vector3::from(enc.secondary_velocity_km_s) - vp;
    let (dr_rtn, dv_rtn) = (to_rtn * dr, to_rtn * dv);
    rel.relative_speed_m_s = Some(enc.rel_speed_km_s * 1000.0);
    rel.relative_position_r_m = Some(dr_rtn[0] * 1000.0);
    rel.relative_position_t_m = Some(dr_rtn[1] * 1000.0);
    rel.relative_position_n_m = Some(dr_rtn[2] * 1000.0);
    rel.relative_velocity_r_m_s = Some(dv_rtn[0] * 1000.0);
    rel.relative_velocity_t_m_s = Some(dv_rtn[1] * 1000.0);
    rel.relative_velocity_n_m_s = Some(dv_rtn[2] * 1000.0);
    rel.start_screen_period = Some(config.start);
    rel.stop_screen_period = Some(config.start + Duration::from_seconds(config.duration_s));
    rel.screen_volume_frame = Some(ScreenVolumeFrame::Rtn);
    rel.screen_volume_shape = Some(ScreenVolumeShape::Ellipsoid);
    let t_m = config.threshold_km * 1000.0;
    (
        rel.screen_volume_x_m,
        rel.screen_volume_y_m,
        rel.screen_volume_z_m,
    ) = (Some(t_m), Some(t_m), Some(t_m));
    if let Some(a) = a {
        rel.collision_probability = Some(a.pc);
        rel.collision_probability_method = Some("FOSTER-1992".into());
        rel.comments.push(format!("HBR = {} [m]", a.hbr_m));
        rel.comments.push(format!(
            "Maximum Pc over covariance scale = {:.6e}",
            a.max_pc
        ));
    }
    let segment =
        |set: &ElementSet, role: ObjectRole, o: Option<&ObjectAtTca>, r: [f64; 3], v: [f64; 3]| {
            let mut meta = ObjectMetadata::new(
                role,
                &set.norad_id.to_string(),
                set.object_name.as_deref().unwrap_or("UNKNOWN"),
                set.object_id.as_deref().unwrap_or("UNKNOWN"),
                RefFrame::Teme,
            );
            meta.ephemeris_name = "NONE".into();
            let cov = match o {
                Some(o) => {
                    let rtn = inertial_to_rtn_cov(&o.position_km, &o.velocity_km_s, &o.covariance);
                    let mut m = [[0.0; 6]; 6];
                    for (i, row) in m.iter_mut().enumerate() {
                        for (j, x) in row.iter_mut().enumerate() {
                            *x = rtn[(i, j)] * 1e6;
                        }
                    }
                    m
                }
                None => [[0.0; 6]; 6],
            };
            let mut data = ObjectData::new(
                StateVector::new(r, v),
                Covariance::from_position_velocity(&cov),
            );
            data.comments.push(format!(
                "SGP4 state from the element set of epoch {}; default TLE covariance model",
                uitkijk_time::format_utc_millis(set.epoch)
            ));
            ObjectSegment {
                metadata: meta,
                data,
            }
        };
    let o1 = segment(
        p,
        ObjectRole::Object1,
        a.map(|a| &a.primary),
        enc.primary_position_km,
        enc.primary_velocity_km_s,
    );
    let o2 = segment(
        s,
        ObjectRole::Object2,
        a.map(|a| &a.secondary),
        enc.secondary_position_km,
        enc.secondary_velocity_km_s,
    );
    Cdm::new(header, rel, o1, o2)
}

/// `PRIMARY_SECONDARY_TCA` with TCA as `YYYYMMDDTHHMMSSZ` (DESIGN.md).
pub fn file_stem(sets: &[ElementSet], e: &CloseApproach) -> String {
    format!(
        "{}_{}_{}",
        sets[e.primary].norad_id,
        sets[e.secondary].norad_id,
        compact_utc(e.tca)
    )
}

fn compact_utc(t: Epoch) -> String {
    // 2022-01-25T06:00:40.131106Z → 20220125T060040Z
    let iso = uitkijk_time::format_utc_millis(t);
    let digits: String = iso[..19]
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == 'T')
        .collect();
    format!("{digits}Z")
}

/// Writes one CDM per event into `dir` (created when missing).
pub fn write_all(
    dir: &Path,
    sets: &[ElementSet],
    events: &[CloseApproach],
    assessed: &[Option<Assessment>],
    config: &ScreenConfig,
    xml: bool,
) -> Result<usize, Failure> {
    std::fs::create_dir_all(dir)
        .map_err(|e| Failure::Runtime(format!("cannot create {}: {e}", dir.display())))?;
    let mut used = std::collections::HashSet::new();
    for (e, a) in events.iter().zip(assessed) {
        let c = event_cdm(sets, e, a.as_ref(), config);
        let text = if xml {
            cdm::write_xml(&c)
        } else {
            cdm::write_kvn(&c)
        };
        let stem = file_stem(sets, e);
        // Two minima of one pair within a second: number the second.
        let mut name = stem.clone();
        let mut n = 1;
        while !used.insert(name.clone()) {
            n += 1;
            name = format!("{stem}_{n}");
        }
        let path = dir.join(format!("{name}.{}", if xml { "xml" } else { "txt" }));
        std::fs::write(&path, text)
            .map_err(|e| Failure::Runtime(format!("cannot write {}: {e}", path.display())))?;
    }
    Ok(events.len())
}
