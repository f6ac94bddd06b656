//! The near-earth SGP4 of [`Sgp4::propagate`](crate::Sgp4::propagate), `LANES` objects at a
//! time.
//!
//! The model arithmetic is that of `propagate.rs`, line for line and in the same order, so it
//! rounds the same; only `sin`, `cos`, `atan2` (ours, [`super::math`]) and `a^{3/2}` (as
//! `a √a`) differ from the scalar path, each by an ulp or so. Constants the scalar path
//! recomputes from initialisation values on every call — `sin i₀`, `cos i₀`,
//! `(kₑ/n₀″)^{2/3}` — are computed once here with the very same calls, so they are
//! bit-identical.
//!
//! A lane is handed back to the scalar path (the caller recomputes it with
//! [`Sgp4::propagate`](crate::Sgp4::propagate)) whenever the result could depend on those
//! ulps: every error condition of the reference, met or nearly met (eccentricity, semi-latus
//! rectum, radius below one earth radius, each with a margin far above rounding), a Kepler
//! iteration still moving after its 10 steps, and a state that is not finite. So error codes
//! are those of the scalar path by construction.

use super::lanes::{Arith, LANES, M, V};
use super::math::{atan2, sin_cos};
use crate::model::{Common, FullDrag, NearEarthDrag, Regime, Sgp4};
use crate::wgs72::{J2, RADIUS_KM, VKMPERSEC, XKE_PER_MIN};

pub(crate) const X2O3: f64 = 2.0 / 3.0;

/// Margins around the reference's error thresholds inside which a lane is recomputed by the
/// scalar path: many orders of magnitude above the ~1e-16 relative differences of the
/// kernels, far below anything a real orbit sits at.
pub(crate) const ECC_MARGIN: f64 = 1.0e-9;
const SEMI_LATUS_MARGIN_ER: f64 = 1.0e-9;
const RADIUS_MARGIN_ER: f64 = 1.0e-9;

/// The near-earth constants of `LANES` objects, structure of arrays. All objects of a block
/// share the drag model (`full`); unused lanes of the last block repeat a live object.
#[derive(Debug, Clone)]
pub(crate) struct NearBlock {
    /// Indices of the objects in the lanes (into the batch's list), `live` of them.
    pub objects: [usize; LANES],
    /// How many lanes hold objects.
    pub live: usize,
    /// Whether the block uses the full drag expansion (perigee ≥ 220 km).
    pub full: bool,
    no: V,
    ecco: V,
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
    xlcof: V,
    aycof: V,
    con41: V,
    x1mth2: V,
    x7thm1: V,
    /// `sin i₀`, `cos i₀`: near-earth inclinations do not change.
    sinio: V,
    cosio: V,
    /// `(kₑ/n₀″)^{2/3}`, the semi-major axis before drag, earth radii.
    am0: V,
    inclo: V,
    // Full drag (zero where unused).
    eta: V,
    omgcof: V,
    xmcof: V,
    delmo: V,
    sinmao: V,
    cc5: V,
    d2: V,
    d3: V,
    d4: V,
    t3cof: V,
    t4cof: V,
    t5cof: V,
}

/// Whether an object can go into a [`NearBlock`]: near-earth with a positive mean motion
/// (the reference's error 2 at every time otherwise, left to the scalar path).
pub(crate) fn lane_eligible(sgp4: &Sgp4) -> bool {
    matches!(sgp4.regime, Regime::NearEarth(_)) && sgp4.common.no_unkozai_rad_min > 0.0
}

impl NearBlock {
    /// Packs up to `LANES` eligible objects (`indices` into `all`), all with the same drag
    /// model.
    pub(crate) fn new(all: &[Sgp4], indices: &[usize]) -> NearBlock {
        assert!(!indices.is_empty() && indices.len() <= LANES);
        let lane = |i: usize| &all[indices[i.min(indices.len() - 1)]];
        let common = |f: fn(&Common) -> f64| V(std::array::from_fn(|i| f(&lane(i).common)));
        let drag = |i: usize| match &lane(i).regime {
            Regime::NearEarth(NearEarthDrag::Full(d)) => Some(*d),
            _ => None,
        };
        let full = drag(0).is_some();
        let fulls =
            |f: fn(&FullDrag) -> f64| V(std::array::from_fn(|i| drag(i).map_or(0.0, |d| f(&d))));
        NearBlock {
            objects: std::array::from_fn(|i| indices[i.min(indices.len() - 1)]),
            live: indices.len(),
            full,
            no: common(|c| c.no_unkozai_rad_min),
            ecco: common(|c| c.ecco),
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
            xlcof: common(|c| c.xlcof),
            aycof: common(|c| c.aycof),
            con41: common(|c| c.con41),
            x1mth2: common(|c| c.x1mth2),
            x7thm1: common(|c| c.x7thm1),
            sinio: common(|c| c.inclo_rad.sin()),
            cosio: common(|c| c.inclo_rad.cos()),
            am0: common(|c| (XKE_PER_MIN / c.no_unkozai_rad_min).powf(X2O3)),
            inclo: common(|c| c.inclo_rad),
            eta: fulls(|d| d.eta),
            omgcof: fulls(|d| d.omgcof_rad_min),
            xmcof: fulls(|d| d.xmcof),
            delmo: fulls(|d| d.delmo),
            sinmao: fulls(|d| d.sinmao),
            cc5: fulls(|d| d.cc5),
            d2: fulls(|d| d.d2),
            d3: fulls(|d| d.d3),
            d4: fulls(|d| d.d4),
            t3cof: fulls(|d| d.t3cof),
            t4cof: fulls(|d| d.t4cof),
            t5cof: fulls(|d| d.t5cof),
        }
    }
}

/// TEME states of the lanes at one time; `scalar` marks lanes the caller must recompute with
/// the scalar path (errors, near-errors, non-finite states).
#[derive(Clone, Copy)]
pub(crate) struct LaneStates {
    pub r_km: [V; 3],
    pub v_km_s: [V; 3],
    pub scalar: M,
}

/// Propagates the near-earth lanes of `b` to `t` minutes from their epochs (a finite
/// number).
#[inline(always)]
pub(crate) fn propagate_lanes<A: Arith>(b: &NearBlock, t: f64) -> LaneStates {
    // ---- secular gravity and drag (propagate.rs, same order of operations) ----
    let xmdf = b.mo + b.mdot * t;
    let argpdf = b.argpo + b.argpdot * t;
    let nodedf = b.nodeo + b.nodedot * t;
    let t2 = t * t;
    let em = b.ecco;
    let mut argpm = argpdf;
    let mut mm = xmdf;
    let nodem = nodedf + b.nodecf * t2;
    let mut tempa = 1.0 - b.cc1 * t;
    let mut tempe = b.bstar * b.cc4 * t;
    let mut templ = b.t2cof * t2;
    if b.full {
        let delomg = b.omgcof * t;
        let (_, cos_xmdf) = sin_cos::<A>(xmdf);
        let delmtemp = 1.0 + b.eta * cos_xmdf;
        let delm = b.xmcof * (delmtemp * delmtemp * delmtemp - b.delmo);
        let temp = delomg + delm;
        mm = xmdf + temp;
        argpm = argpdf - temp;
        let t3 = t2 * t;
        let t4 = t3 * t;
        tempa = tempa - b.d2 * t2 - b.d3 * t3 - b.d4 * t4;
        let (sin_mm, _) = sin_cos::<A>(mm);
        tempe = tempe + b.bstar * b.cc5 * (sin_mm - b.sinmao);
        templ = templ + b.t3cof * t3 + t4 * (b.t4cof + t * b.t5cof);
    }

    // nm = n₀″ > 0 for every lane (lane_eligible), so (kₑ/nm)^{2/3} is the constant am0.
    let r = reduce::<A>(b.am0, b.no, tempa, tempe, templ, em, argpm, nodem, mm);
    let p = Periodic {
        am: r.am,
        nm: r.nm,
        ep: r.em,
        xincp: b.inclo,
        argpp: r.argpm,
        nodep: r.nodem,
        mp: r.mm,
        sinip: b.sinio,
        cosip: b.cosio,
        aycof: b.aycof,
        xlcof: b.xlcof,
        con41: b.con41,
        x1mth2: b.x1mth2,
        x7thm1: b.x7thm1,
    };
    short_period::<A>(&p, r.scalar)
}

/// The mean elements after drag, reduced modulo 2π, with the semi-major axis and mean motion.
pub(crate) struct Reduced {
    pub am: V,
    pub nm: V,
    pub em: V,
    pub argpm: V,
    pub nodem: V,
    pub mm: V,
    /// Lanes at or near the reference's error 1 (mean eccentricity).
    pub scalar: M,
}

/// From the secular elements to the reduced mean elements (propagate.rs, after the secular
/// terms): `a = (kₑ/n)^{2/3} tempa²` with `a_base = (kₑ/n)^{2/3}` given, `n = kₑ/a^{3/2}`,
/// `e −= tempe`, `M += n₀″ templ`, angles reduced as C's `fmod` does.
#[inline(always)]
#[allow(clippy::too_many_arguments)]
pub(crate) fn reduce<A: Arith>(
    a_base: V,
    no: V,
    tempa: V,
    tempe: V,
    templ: V,
    em: V,
    argpm: V,
    nodem: V,
    mm: V,
) -> Reduced {
    let am = a_base * tempa * tempa;
    // n = kₑ / a^{3/2}
    let nm = XKE_PER_MIN / (am * am.sqrt());
    let em = em - tempe;
    let scalar = em.test(|e| !(-0.001 + ECC_MARGIN..1.0 - ECC_MARGIN).contains(&e));
    let em = em.test(|e| e < 1.0e-6).select(V::splat(1.0e-6), em);
    let mm = mm + no * templ;
    let xlm = mm + argpm + nodem;
    let nodem = A::fmod_two_pi(nodem);
    let argpm = A::fmod_two_pi(argpm);
    let xlm = A::fmod_two_pi(xlm);
    let mm = A::fmod_two_pi(xlm - argpm - nodem);
    Reduced {
        am,
        nm,
        em,
        argpm,
        nodem,
        mm,
        scalar,
    }
}

/// The elements the short-period part starts from: after the lunar-solar periodics in deep
/// space, with the inclination functions that go with them.
#[derive(Clone, Copy)]
pub(crate) struct Periodic {
    pub am: V,
    pub nm: V,
    pub ep: V,
    pub xincp: V,
    pub argpp: V,
    pub nodep: V,
    pub mp: V,
    pub sinip: V,
    pub cosip: V,
    pub aycof: V,
    pub xlcof: V,
    pub con41: V,
    pub x1mth2: V,
    pub x7thm1: V,
}

/// Long-period J₃ terms, Kepler's equation, short-period J₂ terms and the TEME state
/// (propagate.rs, from `axnl` on).
#[inline(always)]
pub(crate) fn short_period<A: Arith>(p: &Periodic, mut scalar: M) -> LaneStates {
    let Periodic {
        am,
        nm,
        ep,
        xincp,
        argpp,
        nodep,
        mp,
        sinip,
        cosip,
        aycof,
        xlcof,
        con41,
        x1mth2,
        x7thm1,
    } = *p;
    let (sin_argpp, cos_argpp) = sin_cos::<A>(argpp);
    let axnl = ep * cos_argpp;
    let temp = 1.0 / (am * (1.0 - ep * ep));
    let aynl = ep * sin_argpp + temp * aycof;
    let xl = mp + argpp + nodep + temp * xlcof * axnl;

    // ---- Kepler's equation, lane by lane: a lane stops when its own step is below 1e-12,
    // exactly when the scalar loop would ----
    let u = A::fmod_two_pi(xl - nodep);
    let mut eo1 = u;
    let mut tem5 = V::splat(9999.9);
    let mut sineo1 = V::splat(0.0);
    let mut coseo1 = V::splat(0.0);
    let mut active = M::ALL;
    for _ktr in 1..=10 {
        active = active.and(tem5.test(|d| d.abs() >= 1.0e-12));
        if !active.any() {
            break;
        }
        let (s, c) = sin_cos::<A>(eo1);
        let den = 1.0 - c * axnl - s * aynl;
        let step = (u - aynl * c + axnl * s - eo1) / den;
        let clamped = step
            .test(|d| d > 0.0)
            .select(V::splat(0.95), V::splat(-0.95));
        let step = step.abs().test(|d| d >= 0.95).select(clamped, step);
        sineo1 = active.select(s, sineo1);
        coseo1 = active.select(c, coseo1);
        tem5 = active.select(step, tem5);
        eo1 = active.select(eo1 + step, eo1);
    }
    // Still moving after 10 steps: the result depends on every rounding; leave it to the
    // scalar path.
    scalar = scalar.or(active.and(tem5.test(|d| d.abs() >= 1.0e-12)));

    // ---- short-period preliminaries ----
    let ecose = axnl * coseo1 + aynl * sineo1;
    let esine = axnl * sineo1 - aynl * coseo1;
    let el2 = axnl * axnl + aynl * aynl;
    let pl = am * (1.0 - el2);
    scalar = scalar.or(pl.test(|p| !(p >= SEMI_LATUS_MARGIN_ER)));
    let rl = am * (1.0 - ecose);
    let rdotl = am.sqrt() * esine / rl;
    let rvdotl = pl.sqrt() / rl;
    let betal = (1.0 - el2).sqrt();
    let temp = esine / (1.0 + betal);
    let sinu = am / rl * (sineo1 - aynl - axnl * temp);
    let cosu = am / rl * (coseo1 - axnl + aynl * temp);
    let su = atan2::<A>(sinu, cosu);
    let sin2u = (cosu + cosu) * sinu;
    let cos2u = 1.0 - 2.0 * sinu * sinu;
    let temp = 1.0 / pl;
    let temp1 = 0.5 * J2 * temp;
    let temp2 = temp1 * temp;

    // ---- short-period periodics (J₂) ----
    let mrt = rl * (1.0 - 1.5 * temp2 * betal * con41) + 0.5 * temp1 * x1mth2 * cos2u;
    let su = su - 0.25 * temp2 * x7thm1 * sin2u;
    let xnode = nodep + 1.5 * temp2 * cosip * sin2u;
    let xinc = xincp + 1.5 * temp2 * cosip * sinip * cos2u;
    let mvt = rdotl - nm * temp1 * x1mth2 * sin2u / XKE_PER_MIN;
    let rvdot = rvdotl + nm * temp1 * (x1mth2 * cos2u + 1.5 * con41) / XKE_PER_MIN;

    // ---- orientation ----
    let (sinsu, cossu) = sin_cos::<A>(su);
    let (snod, cnod) = sin_cos::<A>(xnode);
    let (sini, cosi) = sin_cos::<A>(xinc);
    let xmx = -snod * cosi;
    let xmy = cnod * cosi;
    let ux = xmx * sinsu + cnod * cossu;
    let uy = xmy * sinsu + snod * cossu;
    let uz = sini * sinsu;
    let vx = xmx * cossu - cnod * sinsu;
    let vy = xmy * cossu - snod * sinsu;
    let vz = sini * cossu;

    let r_km = [
        (mrt * ux) * RADIUS_KM,
        (mrt * uy) * RADIUS_KM,
        (mrt * uz) * RADIUS_KM,
    ];
    let v_km_s = [
        (mvt * ux + rvdot * vx) * VKMPERSEC,
        (mvt * uy + rvdot * vy) * VKMPERSEC,
        (mvt * uz + rvdot * vz) * VKMPERSEC,
    ];
    scalar = scalar.or(mrt.test(|r| !(r >= 1.0 + RADIUS_MARGIN_ER)));
    let finite = |x: V| x.test(|x| !x.is_finite());
    for k in 0..3 {
        scalar = scalar.or(finite(r_km[k])).or(finite(v_km_s[k]));
    }
    LaneStates {
        r_km,
        v_km_s,
        scalar,
    }
}
