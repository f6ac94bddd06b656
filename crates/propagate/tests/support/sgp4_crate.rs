//! The `sgp4` crate (MIT) set up as our reference: WGS-72 and IAU sidereal time, i.e. the
//! improved mode of Vallado's code. Its `Constants::from_elements` silently uses WGS-84,
//! which would be off by kilometres, so the constants are built by hand here. Shared by the
//! cross-check test, the criterion bench and the `sgp4_crate_bench` example (included with
//! `#[path]`).

/// The `sgp4` crate's propagator for `e`, in improved mode with WGS-72.
pub fn wgs72_constants(e: &sgp4::Elements) -> Result<sgp4::Constants, sgp4::ElementsError> {
    let deg = std::f64::consts::PI / 180.0;
    Ok(sgp4::Constants::new(
        sgp4::WGS72,
        sgp4::iau_epoch_to_sidereal_time,
        e.epoch(),
        e.drag_term,
        sgp4::Orbit::from_kozai_elements(
            &sgp4::WGS72,
            e.inclination * deg,
            e.right_ascension * deg,
            e.eccentricity,
            e.argument_of_perigee * deg,
            e.mean_anomaly * deg,
            e.mean_motion * (std::f64::consts::PI / 720.0),
        )?,
    )?)
}
