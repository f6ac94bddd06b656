//! Property tests of the CDM reader and writers: any valid CDM written in XML reads back
//! identical, and in KVN too once its comments are placed as KVN can tell them apart; no
//! input whatever, nor any mangling of a real CDM, makes a reader panic.

use proptest::collection::vec;
use proptest::option::of;
use proptest::prelude::*;
use uitkijk_formats::cdm::{self, *};
use uitkijk_time::{parse_utc, Epoch};

/// A UTC epoch, 1957 to 2099, with milli-, micro- or nanoseconds.
fn epoch() -> impl Strategy<Value = Epoch> {
    (
        1957i32..2100,
        1u32..13,
        1u32..29,
        0u32..24,
        0u32..60,
        0u32..60,
        prop_oneof![0u32..1000, 0u32..1_000_000, 0u32..1_000_000_000],
    )
        .prop_map(|(y, mo, d, h, mi, s, frac)| {
            parse_utc(&format!(
                "{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}.{frac:09}"
            ))
            .unwrap()
        })
}

/// Any finite number, tiny and huge ones included.
fn num() -> impl Strategy<Value = f64> {
    prop_oneof![
        -1e7f64..1e7,
        proptest::num::f64::NORMAL,
        Just(0.0),
        Just(-0.0f64).prop_map(|_| 0.0),
        -1e-9f64..1e-9,
    ]
}

/// Free text as CDMs hold it, with the characters XML must escape and KVN must not split on:
/// trimmed and on one line.
fn text() -> impl Strategy<Value = String> {
    "[A-Za-z0-9Ж\u{2212}]([A-Za-z0-9 ()/&<>'\",.+=:_\\[\\]Ж-]{0,20}[A-Za-z0-9)\\]])?"
}

fn maybe_empty_text() -> impl Strategy<Value = String> {
    prop_oneof![text(), Just(String::new())]
}

fn comments() -> impl Strategy<Value = Vec<String>> {
    vec(text(), 0..3)
}

fn onum() -> impl Strategy<Value = Option<f64>> {
    of(num())
}

fn otext() -> impl Strategy<Value = Option<String>> {
    of(text())
}

fn oepoch() -> impl Strategy<Value = Option<Epoch>> {
    of(epoch())
}

fn pick<T: Copy + std::fmt::Debug + 'static>(all: &'static [T]) -> impl Strategy<Value = T> {
    proptest::sample::select(all)
}

fn header() -> BoxedStrategy<Header> {
    (
        comments(),
        epoch(),
        maybe_empty_text(),
        otext(),
        maybe_empty_text(),
        otext(),
    )
        .prop_map(
            |(comments, creation_date, originator, message_for, message_id, classification)| {
                Header {
                    comments,
                    creation_date,
                    originator,
                    message_for,
                    message_id,
                    classification,
                }
            },
        )
        .boxed()
}

fn relative() -> BoxedStrategy<RelativeData> {
    let a = (
        comments(),
        otext(),
        epoch(),
        num(),
        onum(),
        onum(),
        onum(),
        onum(),
        onum(),
        onum(),
        onum(),
        onum(),
    );
    let b = (
        onum(),
        oepoch(),
        oepoch(),
        of(pick(ScreenType::ALL)),
        of(pick(ScreenVolumeFrame::ALL)),
        of(pick(ScreenVolumeShape::ALL)),
        onum(),
        onum(),
        onum(),
        onum(),
        oepoch(),
        oepoch(),
    );
    let c = (
        onum(),
        of(vec(0u32..=100, 1..4)),
        onum(),
        otext(),
        onum(),
        otext(),
        onum(),
        otext(),
        otext(),
        otext(),
        oepoch(),
        oepoch(),
    );
    (a, b, c)
        .prop_map(|(a, b, c)| RelativeData {
            comments: a.0,
            conjunction_id: a.1,
            tca: a.2,
            miss_distance_m: a.3,
            mahalanobis_distance: a.4,
            relative_speed_m_s: a.5,
            approach_angle_deg: a.6,
            relative_position_r_m: a.7,
            relative_position_t_m: a.8,
            relative_position_n_m: a.9,
            relative_velocity_r_m_s: a.10,
            relative_velocity_t_m_s: a.11,
            relative_velocity_n_m_s: b.0,
            start_screen_period: b.1,
            stop_screen_period: b.2,
            screen_type: b.3,
            screen_volume_frame: b.4,
            screen_volume_shape: b.5,
            screen_volume_radius_m: b.6,
            screen_volume_x_m: b.7,
            screen_volume_y_m: b.8,
            screen_volume_z_m: b.9,
            screen_entry_time: b.10,
            screen_exit_time: b.11,
            screen_pc_threshold: c.0,
            collision_percentile: c.1,
            collision_probability: c.2,
            collision_probability_method: c.3,
            collision_max_probability: c.4,
            collision_max_pc_method: c.5,
            sefi_collision_probability: c.6,
            sefi_collision_probability_method: c.7,
            sefi_fragmentation_model: c.8,
            previous_message_id: c.9,
            previous_message_epoch: c.10,
            next_message_epoch: c.11,
        })
        .boxed()
}

fn metadata(role: ObjectRole) -> BoxedStrategy<ObjectMetadata> {
    let a = (
        comments(),
        maybe_empty_text(),
        maybe_empty_text(),
        maybe_empty_text(),
        maybe_empty_text(),
        of(pick(ObjectType::ALL)),
        otext(),
        otext(),
        otext(),
        otext(),
        maybe_empty_text(),
        pick(CovarianceMethod::ALL),
    );
    let b = (
        otext(),
        otext(),
        otext(),
        of(pick(YesNo::ALL)),
        pick(Maneuverable::ALL),
        otext(),
        pick(RefFrame::ALL),
        of(pick(AltCovType::ALL)),
        of(pick(RefFrame::ALL)),
        otext(),
        otext(),
        otext(),
    );
    let c = (
        of(pick(YesNo::ALL)),
        of(pick(YesNo::ALL)),
        of(pick(YesNo::ALL)),
    );
    (a, b, c)
        .prop_map(move |(a, b, c)| ObjectMetadata {
            comments: a.0,
            object: role,
            object_designator: a.1,
            catalog_name: a.2,
            object_name: a.3,
            international_designator: a.4,
            object_type: a.5,
            operator_contact_position: a.6,
            operator_organization: a.7,
            operator_phone: a.8,
            operator_email: a.9,
            ephemeris_name: a.10,
            covariance_method: a.11,
            covariance_source: b.0,
            odm_msg_link: b.1,
            adm_msg_link: b.2,
            obs_before_next_message: b.3,
            maneuverable: b.4,
            orbit_center: b.5,
            ref_frame: b.6,
            alt_cov_type: b.7,
            alt_cov_ref_frame: b.8,
            gravity_model: b.9,
            atmospheric_model: b.10,
            n_body_perturbations: b.11,
            solar_rad_pressure: c.0,
            earth_tides: c.1,
            intrack_thrust: c.2,
        })
        .boxed()
}

fn od() -> BoxedStrategy<OdParameters> {
    (
        comments(),
        oepoch(),
        oepoch(),
        onum(),
        onum(),
        of(any::<u32>()),
        of(any::<u32>()),
        of(any::<u32>()),
        of(any::<u32>()),
        onum(),
        onum(),
        oepoch(),
    )
        .prop_map(|t| OdParameters {
            comments: t.0,
            time_lastob_start: t.1,
            time_lastob_end: t.2,
            recommended_od_span_d: t.3,
            actual_od_span_d: t.4,
            obs_available: t.5,
            obs_used: t.6,
            tracks_available: t.7,
            tracks_used: t.8,
            residuals_accepted_pct: t.9,
            weighted_rms: t.10,
            od_epoch: t.11,
        })
        .boxed()
}

fn additional() -> BoxedStrategy<AdditionalParameters> {
    let a = (
        comments(),
        onum(),
        onum(),
        onum(),
        onum(),
        onum(),
        otext(),
        oepoch(),
        onum(),
        onum(),
        onum(),
        onum(),
    );
    let b = (
        onum(),
        onum(),
        onum(),
        onum(),
        onum(),
        onum(),
        onum(),
        onum(),
        onum(),
        onum(),
        onum(),
        onum(),
    );
    let c = (
        onum(),
        onum(),
        onum(),
        onum(),
        onum(),
        onum(),
        onum(),
        onum(),
        onum(),
        onum(),
        onum(),
        onum(),
    );
    (a, b, c, otext())
        .prop_map(|(a, b, c, method)| AdditionalParameters {
            comments: a.0,
            area_pc_m2: a.1,
            area_pc_min_m2: a.2,
            area_pc_max_m2: a.3,
            area_drg_m2: a.4,
            area_srp_m2: a.5,
            oeb_parent_frame: a.6,
            oeb_parent_frame_epoch: a.7,
            oeb_q1: a.8,
            oeb_q2: a.9,
            oeb_q3: a.10,
            oeb_qc: a.11,
            oeb_max_m: b.0,
            oeb_int_m: b.1,
            oeb_min_m: b.2,
            area_along_oeb_max_m2: b.3,
            area_along_oeb_int_m2: b.4,
            area_along_oeb_min_m2: b.5,
            rcs_m2: b.6,
            rcs_min_m2: b.7,
            rcs_max_m2: b.8,
            vm_absolute: b.9,
            vm_apparent_min: b.10,
            vm_apparent: b.11,
            vm_apparent_max: c.0,
            reflectance: c.1,
            mass_kg: c.2,
            hbr_m: c.3,
            cd_area_over_mass_m2_kg: c.4,
            cr_area_over_mass_m2_kg: c.5,
            thrust_acceleration_m_s2: c.6,
            sedr_w_kg: c.7,
            apoapsis_altitude_km: c.8,
            periapsis_altitude_km: c.9,
            inclination_deg: c.10,
            cov_confidence: c.11,
            cov_confidence_method: method,
        })
        .boxed()
}

fn state() -> BoxedStrategy<StateVector> {
    (comments(), [num(), num(), num(), num(), num(), num()])
        .prop_map(|(comments, v)| StateVector {
            comments,
            x_km: v[0],
            y_km: v[1],
            z_km: v[2],
            x_dot_km_s: v[3],
            y_dot_km_s: v[4],
            z_dot_km_s: v[5],
        })
        .boxed()
}

fn covariance() -> BoxedStrategy<Covariance> {
    (
        comments(),
        prop_oneof![Just(21usize), Just(28), Just(36), Just(45)],
    )
        .prop_flat_map(|(comments, n)| {
            vec(num(), n).prop_map(move |lower| Covariance {
                comments: comments.clone(),
                lower,
            })
        })
        .boxed()
}

fn add_cov() -> BoxedStrategy<AdditionalCovarianceMetadata> {
    (
        comments(),
        onum(),
        onum(),
        onum(),
        onum(),
        otext(),
        of([num(), num(), num()]),
        of([num(), num(), num()]),
    )
        .prop_map(|t| AdditionalCovarianceMetadata {
            comments: t.0,
            density_forecast_uncertainty: t.1,
            cscale_factor_min: t.2,
            cscale_factor: t.3,
            cscale_factor_max: t.4,
            screening_data_source: t.5,
            dcp_sensitivity_vector_position_m: t.6,
            dcp_sensitivity_vector_velocity_m_s: t.7,
        })
        .boxed()
}

fn user() -> BoxedStrategy<UserDefined> {
    (
        comments(),
        proptest::collection::btree_map("[A-Z][A-Z0-9_]{0,10}", maybe_empty_text(), 1..3),
    )
        .prop_map(|(comments, m)| UserDefined {
            comments,
            parameters: m.into_iter().collect(),
        })
        .boxed()
}

/// An optional block is present when it holds a value or a comment.
fn keep<T>(block: Option<T>, has_content: impl Fn(&T) -> bool) -> Option<T> {
    block.filter(|b| has_content(b))
}

fn segment(role: ObjectRole) -> BoxedStrategy<ObjectSegment> {
    (
        metadata(role),
        comments(),
        of(od()),
        of(additional()),
        state(),
        covariance(),
        covariance(),
        proptest::array::uniform12(num()),
        of(add_cov()),
        of(user()),
        comments(),
        any::<bool>(),
    )
        .prop_map(
            |(
                metadata,
                data_comments,
                od,
                add,
                state_vector,
                rtn,
                xyz,
                sig,
                add_cov,
                user,
                sig_comments,
                keep_rtn,
            )| {
                let alt = metadata.alt_cov_type;
                let od = keep(od, |b| !b.comments.is_empty() || has_od(b));
                let data = ObjectData {
                    comments: data_comments,
                    od_parameters: od,
                    additional_parameters: keep(add, |b| {
                        !b.comments.is_empty() || cdm_has_values(&format!("{b:?}"))
                    }),
                    state_vector,
                    rtn_covariance: (alt.is_none() || keep_rtn).then_some(rtn),
                    xyz_covariance: (alt == Some(AltCovType::Xyz)).then_some(xyz),
                    sigma_eigenvectors: (alt == Some(AltCovType::Csig3Eigvec3)).then_some(
                        SigmaEigenvectors {
                            comments: sig_comments,
                            csig3eigvec3: sig,
                        },
                    ),
                    additional_covariance_metadata: keep(add_cov, |b| {
                        !b.comments.is_empty() || cdm_has_values(&format!("{b:?}"))
                    }),
                    user_defined: user,
                };
                ObjectSegment { metadata, data }
            },
        )
        .boxed()
}

fn has_od(b: &OdParameters) -> bool {
    cdm_has_values(&format!("{b:?}"))
}

/// Whether a block's debug text shows a value (`Some(`) — a block with no value and no
/// comment is absent, in any encoding.
fn cdm_has_values(debug: &str) -> bool {
    debug.contains("Some(")
}

fn any_cdm() -> BoxedStrategy<Cdm> {
    (
        prop_oneof![Just("1.0".to_string()), Just("2.0".to_string())],
        header(),
        relative(),
        segment(ObjectRole::Object1),
        segment(ObjectRole::Object2),
    )
        .prop_map(|(version, header, relative, object1, object2)| Cdm {
            version,
            header,
            relative,
            object1,
            object2,
        })
        .boxed()
}

/// Where KVN puts comments (see `cdm::read_kvn`): an OD or additional-parameters block with
/// no value is no block, its comments read with the next block; of the comments before an
/// object's first data keyword, the first line is the data's and the rest the block's.
fn kvn_comment_places(mut c: Cdm) -> Cdm {
    for seg in [&mut c.object1, &mut c.object2] {
        let d = &mut seg.data;
        let mut pending: Vec<String> = std::mem::take(&mut d.comments);
        let mut data_line: Option<String> = None;
        let mut first = true;
        let mut place = |block_comments: &mut Vec<String>, pending: &mut Vec<String>| {
            let mut all: Vec<String> = std::mem::take(pending);
            all.append(block_comments);
            if first && !all.is_empty() {
                data_line = Some(all.remove(0));
            }
            first = false;
            *block_comments = all;
        };
        if let Some(mut b) = d.od_parameters.take() {
            if has_values(&OdParameters {
                comments: vec![],
                ..b.clone()
            }) {
                place(&mut b.comments, &mut pending);
                d.od_parameters = Some(b);
            } else {
                pending.append(&mut b.comments);
            }
        }
        if let Some(mut b) = d.additional_parameters.take() {
            if has_values(&AdditionalParameters {
                comments: vec![],
                ..b.clone()
            }) {
                place(&mut b.comments, &mut pending);
                d.additional_parameters = Some(b);
            } else {
                pending.append(&mut b.comments);
            }
        }
        place(&mut d.state_vector.comments, &mut pending);
        d.comments = data_line.into_iter().collect();
    }
    c
}

/// Whether a block (its comments cleared) holds a value.
fn has_values(block: &impl std::fmt::Debug) -> bool {
    cdm_has_values(&format!("{block:?}"))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn any_cdm_round_trips_in_xml(c in any_cdm()) {
        let xml = cdm::write_xml(&c);
        let back = cdm::read(&xml);
        prop_assert_eq!(back.as_ref(), Ok(&c), "{}", xml);
    }

    #[test]
    fn any_cdm_round_trips_in_kvn(c in any_cdm()) {
        let kvn = cdm::write_kvn(&c);
        let back = cdm::read(&kvn);
        let expected = kvn_comment_places(c);
        prop_assert_eq!(back.as_ref(), Ok(&expected), "{}", kvn);
        // Once placed, it is stable.
        let again = cdm::read(&cdm::write_kvn(&expected));
        prop_assert_eq!(again.as_ref(), Ok(&expected));
    }

    #[test]
    fn arbitrary_text_never_panics(s in "\\PC{0,400}") {
        let _ = cdm::read(&s);
        let _ = cdm::read_kvn(&s);
        let _ = cdm::read_xml(&s);
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in vec(any::<u8>(), 0..600)) {
        let s = String::from_utf8_lossy(&bytes);
        let _ = cdm::read_kvn(&s);
        let _ = cdm::read_xml(&s);
    }

    /// A real CDM with a line dropped, doubled or cut, or a character changed, is read or
    /// refused, never a panic; what reads, writes and reads back the same.
    #[test]
    fn mangled_real_cdms_never_panic(
        which in 0usize..4,
        line in any::<prop::sample::Index>(),
        op in 0u8..4,
        ch in any::<char>(),
    ) {
        const FILES: [&str; 4] = [
            include_str!("data/cdm/orekit/CDMExample2.txt"),
            include_str!("data/cdm/orekit/CDMExample_issue_940.txt"),
            include_str!("data/cdm/orekit/CDMExample_issue_940.xml"),
            include_str!("data/cdm/orekit/CDMExample_issue1319.xml"),
        ];
        let mut lines: Vec<String> = FILES[which].lines().map(str::to_string).collect();
        let i = line.index(lines.len());
        match op {
            0 => { lines.remove(i); }
            1 => { let l = lines[i].clone(); lines.insert(i, l); }
            2 => { let l = &mut lines[i]; let cut = l.chars().count() / 2; *l = l.chars().take(cut).collect(); }
            _ => { let l = &mut lines[i]; let n = l.chars().count(); if n > 0 { let k = n / 3; *l = l.chars().enumerate().map(|(j, c)| if j == k { ch } else { c }).collect(); } }
        }
        let text = lines.join("\n");
        if let Ok(c) = cdm::read(&text) {
            let enc = cdm::detect(&text).unwrap();
            let again = cdm::read(&cdm::write(&c, enc));
            if enc == cdm::Encoding::Xml {
                prop_assert_eq!(again.as_ref(), Ok(&c));
            } else {
                prop_assert_eq!(again.as_ref(), Ok(&kvn_comment_places(c.clone())));
            }
        }
    }
}
