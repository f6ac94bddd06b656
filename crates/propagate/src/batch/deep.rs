//! The deep-space SGP4 (SDP4) of [`Sgp4::propagate`](crate::Sgp4::propagate), `LANES`
//! objects at a time: lunar-solar secular rates, the Earth-resonance integrator, the
//! lunar-solar periodics (with Lyddane's modification below 0.2 rad), then the short-period
//! part shared with the near-earth lanes ([`super::kernel::short_period`]).
//!
//! As in the near-earth lanes, the model arithmetic is the scalar code's operation for
//! operation; `sin`, `cos`, `atan2` are ours, and `(kₑ/n)^{2/3}` of the resonant orbits is the
//! C library's `pow`, lane by lane, exactly as the scalar path calls it. A block holds objects
//! of one resonance kind, so the integrator takes the same steps in every lane (their number
//! depends on the time only). Lanes near a branch of the theory — the 0.2 rad switch to
//! Lyddane's variables, the turn kept by the node after `atan2`, a perturbed inclination
//! crossing zero, the `1 + cos i` guard — or near an error condition go to the scalar path.
//!
//! The reference keeps the integrator's state between calls and restarts only when a call
//! goes backwards or crosses epoch; its fixed 720-min steps from epoch are the same either
//! way, so resuming from the state a previous time of the grid reached gives the same numbers
//! bit for bit and spares re-integrating from epoch at every time.

use std::f64::consts::PI;

use super::kernel::{reduce, short_period, LaneStates, Periodic, ECC_MARGIN, X2O3};
use super::lanes::{Arith, LANES, M, V};
use super::math::{atan2, sin_cos, TWO_PI};
use crate::init::{COS_I_GUARD, RPTIM_RAD_MIN};
use crate::model::{Common, LunarSolarPeriodics, Regime, Resonance, Sgp4};
use crate::wgs72::{J3OJ2, XKE_PER_MIN};

/// Margin around the branch points of the deep-space theory (radians, or dimensionless for
/// `1 + cos i`) inside which a lane goes to the scalar path.
const BRANCH_MARGIN: f64 = 1.0e-9;
/// Mean motion (rad/min) below which a lane goes to the scalar path (error 2 at ≤ 0).
const MEAN_MOTION_MARGIN: f64 = 1.0e-9;

/// Which resonance the objects of a block share.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    None,
    OneDay,
    HalfDay,
}

/// The deep-space constants of `LANES` objects, structure of arrays.
#[derive(Debug, Clone)]
pub(crate) struct DeepBlock {
    /// Indices of the objects in the lanes (into the batch's list), `live` of them.
    pub objects: [usize; LANES],
    /// How many lanes hold objects.
    pub live: usize,
    pub kind: Kind,
    no: V,
    ecco: V,
    inclo: V,
    nodeo: V,
    argpo: V,
    mo: V,
    bstar: V,
    mdot: V,
    argpdot: V,
    nodedot: V,
    nodecf: V,
    cc1: V,
    cc4: V,
    t2cof: V,
    /// `(kₑ/n₀″)^{2/3}`, for the orbits whose mean motion stays n₀″ (no resonance).
    am0: V,
    gsto: V,
    /// Lunar-solar periodic coefficients, in the order of [`PERIODICS`].
    p: [V; 26],
    dedt: V,
    didt: V,
    dmdt: V,
    dnodt: V,
    domdt: V,
    /// Resonance amplitudes: δ₁, δ₂, δ₃ (one day) or D₂₂₀₁ … D₅₄₃₃ (half day).
    del: [V; 10],
    xfact: V,
    xlamo: V,
}

/// Indices into [`DeepBlock::p`].
const E3: usize = 0;
const EE2: usize = 1;
const SE2: usize = 2;
const SE3: usize = 3;
const SGH2: usize = 4;
const SGH3: usize = 5;
const SGH4: usize = 6;
const SH2: usize = 7;
const SH3: usize = 8;
const SI2: usize = 9;
const SI3: usize = 10;
const SL2: usize = 11;
const SL3: usize = 12;
const SL4: usize = 13;
const XGH2: usize = 14;
const XGH3: usize = 15;
const XGH4: usize = 16;
const XH2: usize = 17;
const XH3: usize = 18;
const XI2: usize = 19;
const XI3: usize = 20;
const XL2: usize = 21;
const XL3: usize = 22;
const XL4: usize = 23;
const ZMOL: usize = 24;
const ZMOS: usize = 25;

/// The lunar-solar coefficients in the order of the indices above.
const PERIODICS: [fn(&LunarSolarPeriodics) -> f64; 26] = [
    |p| p.e3,
    |p| p.ee2,
    |p| p.se2,
    |p| p.se3,
    |p| p.sgh2,
    |p| p.sgh3,
    |p| p.sgh4,
    |p| p.sh2,
    |p| p.sh3,
    |p| p.si2,
    |p| p.si3,
    |p| p.sl2,
    |p| p.sl3,
    |p| p.sl4,
    |p| p.xgh2,
    |p| p.xgh3,
    |p| p.xgh4,
    |p| p.xh2,
    |p| p.xh3,
    |p| p.xi2,
    |p| p.xi3,
    |p| p.xl2,
    |p| p.xl3,
    |p| p.xl4,
    |p| p.zmol_rad,
    |p| p.zmos_rad,
];

/// The resonance kind of a deep-space object that can go into a [`DeepBlock`] (positive mean
/// motion), or `None`.
pub(crate) fn deep_kind(sgp4: &Sgp4) -> Option<Kind> {
    match &sgp4.regime {
        Regime::DeepSpace(ds) if sgp4.common.no_unkozai_rad_min > 0.0 => Some(match ds.resonance {
            Resonance::None => Kind::None,
            Resonance::OneDay(_) => Kind::OneDay,
            Resonance::HalfDay(_) => Kind::HalfDay,
        }),
        _ => None,
    }
}

/// Integrator state at the last time propagated: the time reached (a multiple of ±720 min)
/// and λ, n there.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Integrator {
    atime: f64,
    xli: V,
    xni: V,
}

impl DeepBlock {
    /// Packs up to `LANES` objects of one resonance kind (`indices` into `all`).
    pub(crate) fn new(all: &[Sgp4], indices: &[usize]) -> DeepBlock {
        assert!(!indices.is_empty() && indices.len() <= LANES);
        let lane = |i: usize| &all[indices[i.min(indices.len() - 1)]];
        let deep = |i: usize| match &lane(i).regime {
            Regime::DeepSpace(ds) => ds,
            Regime::NearEarth(_) => unreachable!("deep-space block holds a near-earth orbit"),
        };
        let kind = deep_kind(lane(0)).expect("deep-space object");
        let common = |f: fn(&Common) -> f64| V(std::array::from_fn(|i| f(&lane(i).common)));
        let lanes = |f: &dyn Fn(usize) -> f64| V(std::array::from_fn(f));
        let resonance = |i: usize| -> ([f64; 10], f64, f64) {
            match deep(i).resonance {
                Resonance::None => ([0.0; 10], 0.0, 0.0),
                Resonance::OneDay(r) => {
                    let mut d = [0.0; 10];
                    d[..3].copy_from_slice(&[r.del1, r.del2, r.del3]);
                    (d, r.xfact_rad_min, r.xlamo_rad)
                }
                Resonance::HalfDay(r) => (
                    [
                        r.d2201, r.d2211, r.d3210, r.d3222, r.d4410, r.d4422, r.d5220, r.d5232,
                        r.d5421, r.d5433,
                    ],
                    r.xfact_rad_min,
                    r.xlamo_rad,
                ),
            }
        };
        DeepBlock {
            objects: std::array::from_fn(|i| indices[i.min(indices.len() - 1)]),
            live: indices.len(),
            kind,
            no: common(|c| c.no_unkozai_rad_min),
            ecco: common(|c| c.ecco),
            inclo: common(|c| c.inclo_rad),
            nodeo: common(|c| c.nodeo_rad),
            argpo: common(|c| c.argpo_rad),
            mo: common(|c| c.mo_rad),
            bstar: common(|c| c.bstar_per_er),
            mdot: common(|c| c.mdot_rad_min),
            argpdot: common(|c| c.argpdot_rad_min),
            nodedot: common(|c| c.nodedot_rad_min),
            nodecf: common(|c| c.nodecf_rad_min2),
            cc1: common(|c| c.cc1_per_min),
            cc4: common(|c| c.cc4_per_min),
            t2cof: common(|c| c.t2cof_per_min2),
            am0: common(|c| (XKE_PER_MIN / c.no_unkozai_rad_min).powf(X2O3)),
            gsto: lanes(&|i| deep(i).gsto_rad),
            p: std::array::from_fn(|k| lanes(&|i| PERIODICS[k](&deep(i).periodics))),
            dedt: lanes(&|i| deep(i).secular.dedt_per_min),
            didt: lanes(&|i| deep(i).secular.didt_rad_min),
            dmdt: lanes(&|i| deep(i).secular.dmdt_rad_min),
            dnodt: lanes(&|i| deep(i).secular.dnodt_rad_min),
            domdt: lanes(&|i| deep(i).secular.domdt_rad_min),
            del: std::array::from_fn(|k| lanes(&|i| resonance(i).0[k])),
            xfact: lanes(&|i| resonance(i).1),
            xlamo: lanes(&|i| resonance(i).2),
        }
    }
}

/// Propagates the deep-space lanes of `b` to `t` minutes from their epochs (a finite number),
/// resuming the resonance integrator from `cache` where the scalar loop would pass through it.
#[inline(always)]
pub(crate) fn propagate_deep_lanes<A: Arith>(
    b: &DeepBlock,
    t: f64,
    cache: &mut Option<Integrator>,
) -> LaneStates {
    // ---- secular gravity and drag (no higher-order drag in deep space) ----
    let xmdf = b.mo + b.mdot * t;
    let argpdf = b.argpo + b.argpdot * t;
    let nodedf = b.nodeo + b.nodedot * t;
    let t2 = t * t;
    let tempa = 1.0 - b.cc1 * t;
    let tempe = b.bstar * b.cc4 * t;
    let templ = b.t2cof * t2;

    // ---- dspace: lunar-solar secular rates ----
    let em = b.ecco + b.dedt * t;
    let inclm = b.inclo + b.didt * t;
    let argpm = argpdf + b.domdt * t;
    let nodem = nodedf + b.nodecf * t2 + b.dnodt * t;
    let mut mm = xmdf + b.dmdt * t;
    let mut scalar = M([0; LANES]);

    // ---- dspace: resonance ----
    let a_base = if b.kind == Kind::None {
        b.am0
    } else {
        let theta = A::fmod_two_pi(b.gsto + t * RPTIM_RAD_MIN);
        let (nm, xl) = integrate::<A>(b, t, cache);
        mm = if b.kind == Kind::OneDay {
            // λ = M + Ω + ω − θ
            xl - nodem - argpm + theta
        } else {
            // λ = M + 2Ω − 2θ
            xl - 2.0 * nodem + 2.0 * theta
        };
        let dndt = nm - b.no;
        let nm = b.no + dndt;
        scalar = scalar.or(nm.test(|n| !(n > MEAN_MOTION_MARGIN)));
        // The C library's pow, as the scalar path calls it.
        nm.map(|n| (XKE_PER_MIN / n).powf(X2O3))
    };

    let r = reduce::<A>(a_base, b.no, tempa, tempe, templ, em, argpm, nodem, mm);
    scalar = scalar.or(r.scalar);
    let (ep, xincp, nodep, argpp, mp, near_branch) =
        dpper::<A>(b, t, r.em, inclm, r.nodem, r.argpm, r.mm);
    scalar = scalar.or(near_branch);

    // A negative perturbed inclination: the same orbit with i → −i, Ω → Ω + π, ω → ω − π.
    let negative = xincp.test(|i| i < 0.0);
    scalar = scalar.or(xincp.test(|i| !(i.abs() >= BRANCH_MARGIN)));
    let xincp = negative.select(-xincp, xincp);
    let nodep = negative.select(nodep + PI, nodep);
    let argpp = negative.select(argpp - PI, argpp);
    scalar = scalar.or(ep.test(|e| !(ECC_MARGIN..=1.0 - ECC_MARGIN).contains(&e)));

    // The J₃ long-period coefficients follow the perturbed inclination.
    let (sinip, cosip) = sin_cos::<A>(xincp);
    let aycof = -0.5 * J3OJ2 * sinip;
    let guarded = (cosip + 1.0).abs().test(|c| c > COS_I_GUARD);
    scalar = scalar.or((cosip + 1.0).abs().test(|c| !(c >= BRANCH_MARGIN)));
    let xlcof = guarded.select(
        -0.25 * J3OJ2 * sinip * (3.0 + 5.0 * cosip) / (1.0 + cosip),
        -0.25 * J3OJ2 * sinip * (3.0 + 5.0 * cosip) / COS_I_GUARD,
    );
    let cosisq = cosip * cosip;
    let p = Periodic {
        am: r.am,
        nm: r.nm,
        ep,
        xincp,
        argpp,
        nodep,
        mp,
        sinip,
        cosip,
        aycof,
        xlcof,
        con41: 3.0 * cosisq - 1.0,
        x1mth2: 1.0 - cosisq,
        x7thm1: 7.0 * cosisq - 1.0,
    };
    short_period::<A>(&p, scalar)
}

/// The resonance integrator (`dspace`): λ and n from epoch in fixed 720-min steps, then a
/// Taylor step to `t`. Returns n and λ at `t`.
#[inline(always)]
fn integrate<A: Arith>(b: &DeepBlock, t: f64, cache: &mut Option<Integrator>) -> (V, V) {
    const STEPP: f64 = 720.0;
    const STEPN: f64 = -720.0;
    const STEP2: f64 = 259_200.0;
    let delt = if t > 0.0 { STEPP } else { STEPN };
    // Resume where the scalar loop, started at epoch, would pass: same direction, and every
    // earlier step taken (t lies beyond each earlier point by 720 min or more; fp subtraction
    // is monotonic, so the last of them decides).
    let resumable = |c: &Integrator| {
        // Signed: the loop passes c.atime − delt with |t − that| ≥ 720 only if t lies beyond.
        let beyond = t - (c.atime - delt);
        c.atime * delt > 0.0
            && if delt > 0.0 {
                beyond >= STEPP
            } else {
                -beyond >= STEPP
            }
    };
    let start = match *cache {
        Some(c) if resumable(&c) => c,
        _ => Integrator {
            atime: 0.0,
            xli: b.xlamo,
            xni: b.no,
        },
    };
    let Integrator {
        mut atime,
        mut xli,
        mut xni,
    } = start;
    let (xndt, xldot, xnddt, ft) = loop {
        let (xndt, xldot, xnddt) = if b.kind == Kind::OneDay {
            one_day_rates::<A>(b, xli, xni)
        } else {
            half_day_rates::<A>(b, xli, xni, atime)
        };
        if (t - atime).abs() >= STEPP {
            xli = xli + xldot * delt + xndt * STEP2;
            xni = xni + xndt * delt + xnddt * STEP2;
            atime += delt;
        } else {
            break (xndt, xldot, xnddt, t - atime);
        }
    };
    *cache = Some(Integrator { atime, xli, xni });
    let nm = xni + xndt * ft + xnddt * ft * ft * 0.5;
    let xl = xli + xldot * ft + xndt * ft * ft * 0.5;
    (nm, xl)
}

/// ṅ, λ̇ and n̈ of the 24-hour resonance (propagate.rs, `one_day_rates`).
#[inline(always)]
fn one_day_rates<A: Arith>(b: &DeepBlock, xli: V, xni: V) -> (V, V, V) {
    const FASX2: f64 = 0.13130908;
    const FASX4: f64 = 2.8843198;
    const FASX6: f64 = 0.37448087;
    let [del1, del2, del3, ..] = b.del;
    let (s1, c1) = sin_cos::<A>(xli - FASX2);
    let (s2, c2) = sin_cos::<A>(2.0 * (xli - FASX4));
    let (s3, c3) = sin_cos::<A>(3.0 * (xli - FASX6));
    let xndt = del1 * s1 + del2 * s2 + del3 * s3;
    let xldot = xni + b.xfact;
    let xnddt = del1 * c1 + 2.0 * del2 * c2 + 3.0 * del3 * c3;
    (xndt, xldot, xnddt * xldot)
}

/// ṅ, λ̇ and n̈ of the 12-hour resonance (propagate.rs, `half_day_rates`).
#[inline(always)]
fn half_day_rates<A: Arith>(b: &DeepBlock, xli: V, xni: V, atime: f64) -> (V, V, V) {
    const G22: f64 = 5.7686396;
    const G32: f64 = 0.95240898;
    const G44: f64 = 1.8014998;
    const G52: f64 = 1.0508330;
    const G54: f64 = 4.4108898;
    let [d2201, d2211, d3210, d3222, d4410, d4422, d5220, d5232, d5421, d5433] = b.del;
    let xomi = b.argpo + b.argpdot * atime;
    let x2omi = xomi + xomi;
    let x2li = xli + xli;
    let (s1, c1) = sin_cos::<A>(x2omi + xli - G22);
    let (s2, c2) = sin_cos::<A>(xli - G22);
    let (s3, c3) = sin_cos::<A>(xomi + xli - G32);
    let (s4, c4) = sin_cos::<A>(-xomi + xli - G32);
    let (s5, c5) = sin_cos::<A>(x2omi + x2li - G44);
    let (s6, c6) = sin_cos::<A>(x2li - G44);
    let (s7, c7) = sin_cos::<A>(xomi + xli - G52);
    let (s8, c8) = sin_cos::<A>(-xomi + xli - G52);
    let (s9, c9) = sin_cos::<A>(xomi + x2li - G54);
    let (s10, c10) = sin_cos::<A>(-xomi + x2li - G54);
    let xndt = d2201 * s1
        + d2211 * s2
        + d3210 * s3
        + d3222 * s4
        + d4410 * s5
        + d4422 * s6
        + d5220 * s7
        + d5232 * s8
        + d5421 * s9
        + d5433 * s10;
    let xldot = xni + b.xfact;
    let xnddt = d2201 * c1
        + d2211 * c2
        + d3210 * c3
        + d3222 * c4
        + d5220 * c7
        + d5232 * c8
        + 2.0 * (d4410 * c5 + d4422 * c6 + d5421 * c9 + d5433 * c10);
    (xndt, xldot, xnddt * xldot)
}

/// Lunar-solar long-period periodics (propagate.rs, `dpper`), both branches computed and the
/// one each lane's inclination picks kept. Returns the perturbed e, i, Ω, ω, M and the lanes
/// too near a branch point to trust.
#[inline(always)]
#[allow(clippy::type_complexity)]
fn dpper<A: Arith>(
    b: &DeepBlock,
    t: f64,
    ep: V,
    inclp: V,
    nodep: V,
    argpp: V,
    mp: V,
) -> (V, V, V, V, V, M) {
    const ZNS: f64 = 1.19459e-5;
    const ZES: f64 = 0.01675;
    const ZNL: f64 = 1.5835218e-4;
    const ZEL: f64 = 0.05490;
    const LYDDANE_INCLINATION_RAD: f64 = 0.2;
    let p = &b.p;

    // Solar terms.
    let zm = p[ZMOS] + ZNS * t;
    let (sin_zm, _) = sin_cos::<A>(zm);
    let zf = zm + 2.0 * ZES * sin_zm;
    let (sinzf, coszf) = sin_cos::<A>(zf);
    let f2 = 0.5 * sinzf * sinzf - 0.25;
    let f3 = -0.5 * sinzf * coszf;
    let ses = p[SE2] * f2 + p[SE3] * f3;
    let sis = p[SI2] * f2 + p[SI3] * f3;
    let sls = p[SL2] * f2 + p[SL3] * f3 + p[SL4] * sinzf;
    let sghs = p[SGH2] * f2 + p[SGH3] * f3 + p[SGH4] * sinzf;
    let shs = p[SH2] * f2 + p[SH3] * f3;
    // Lunar terms.
    let zm = p[ZMOL] + ZNL * t;
    let (sin_zm, _) = sin_cos::<A>(zm);
    let zf = zm + 2.0 * ZEL * sin_zm;
    let (sinzf, coszf) = sin_cos::<A>(zf);
    let f2 = 0.5 * sinzf * sinzf - 0.25;
    let f3 = -0.5 * sinzf * coszf;
    let sel = p[EE2] * f2 + p[E3] * f3;
    let sil = p[XI2] * f2 + p[XI3] * f3;
    let sll = p[XL2] * f2 + p[XL3] * f3 + p[XL4] * sinzf;
    let sghl = p[XGH2] * f2 + p[XGH3] * f3 + p[XGH4] * sinzf;
    let shll = p[XH2] * f2 + p[XH3] * f3;

    let pe = ses + sel;
    let pinc = sis + sil;
    let pl = sls + sll;
    let pgh = sghs + sghl;
    let ph = shs + shll;

    let inclp = inclp + pinc;
    let ep = ep + pe;
    let (sinip, cosip) = sin_cos::<A>(inclp);
    let direct = inclp.test(|i| i >= LYDDANE_INCLINATION_RAD);
    let mut doubtful = (inclp - LYDDANE_INCLINATION_RAD)
        .abs()
        .test(|d| !(d >= BRANCH_MARGIN));

    // i ≥ 0.2: divide by sin i.
    let ph_d = ph / sinip;
    let pgh_d = pgh - cosip * ph_d;
    let mut argp_out = argpp + pgh_d;
    let mut node_out = nodep + ph_d;
    let mp_out = mp + pl;

    if !direct.all() {
        // Lyddane (1963): perturb α = sin i sin Ω, β = sin i cos Ω and the longitude
        // ω + Ω cos i + M, then recover Ω = atan2(α, β) on the same turn as before.
        let (sinop, cosop) = sin_cos::<A>(nodep);
        let alfdp = sinip * sinop;
        let betdp = sinip * cosop;
        let dalf = ph * cosop + pinc * cosip * sinop;
        let dbet = -ph * sinop + pinc * cosip * cosop;
        let alfdp = alfdp + dalf;
        let betdp = betdp + dbet;
        let nodep_l = A::fmod_two_pi(nodep);
        let xls = mp + argpp + cosip * nodep_l;
        let dls = pl + pgh - pinc * nodep_l * sinip;
        let xls = xls + dls;
        let xnoh = nodep_l;
        let node_l = atan2::<A>(alfdp, betdp);
        let gap = (xnoh - node_l).abs();
        let wrap = gap.test(|g| g > PI);
        let lyddane = direct.not();
        doubtful = doubtful.or(lyddane.and((gap - PI).abs().test(|d| !(d >= BRANCH_MARGIN))));
        let shifted = node_l
            .test2(xnoh, |n, x| n < x)
            .select(node_l + TWO_PI, node_l - TWO_PI);
        let node_l = wrap.select(shifted, node_l);
        let mp_l = mp + pl;
        let argp_l = xls - mp_l - cosip * node_l;
        node_out = direct.select(node_out, node_l);
        argp_out = direct.select(argp_out, argp_l);
    }
    (ep, inclp, node_out, argp_out, mp_out, doubtful)
}
